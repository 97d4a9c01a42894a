// EXP-04 (seeds 001, 002, 003): "ReLU converges much faster than sigmoid/tanh". The EXP-04 net
// (spirals_study.h) on two spirals, each activation at its best learning rate of the grid; the
// measure is epochs to 95% training accuracy.
#include <algorithm>
#include <cmath>
#include <limits>

#include "lab/data/datasets.h"
#include "lab/engine/training_loop.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/spirals_study.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {

using namespace spirals;

Result RunExp04(const Context& ctx) {
  Result r;
  r.claim = "ReLU makes training converge much faster than sigmoid or tanh (cs231n: \"converges much faster than "
            "sigmoid/tanh in practice\", the AlexNet figure of 6x; ai-edu: \"many experiments show the network "
            "converges faster with ReLU\"; interview notes: \"faster derivative, faster convergence\").";
  r.seeds = "001 (cs231n), 002 (ai-edu), 003 (interview notes)";
  const std::vector<std::string> acts = {"relu", "tanh", "sigmoid"};
  const std::vector<double> grid = StudyGrid(ctx.quick);
  const int cap = StudyMaxEpochs(ctx.quick), seeds = ctx.Seeds(5);
  r.setup = "Two spirals (" + std::to_string(Points(ctx.quick)) + " points, " + Format(kTurns) +
            " turn, noise " + Format(kNoise) + "), MLP 2-64-64-64-1, He init (Xavier for tanh and sigmoid), "
            "zero biases, BCE on the logit, plain SGD, batch 32. Learning rate chosen per activation from {" + Join(grid) +
            "} on seed " + std::to_string(ctx.seed) + " (fewest epochs to 95%, then lowest final loss), then " +
            std::to_string(seeds) + " seeds (data, weights and shuffles) at that rate. A run stops at the first epoch "
            "with 95% training accuracy, or at " + std::to_string(cap) + " epochs (SPEC allows 500: the cap keeps "
            "the run within its time budget; a run that does not reach 95% counts as '> cap', which is enough to "
            "order the activations).";

  Table choice{"Learning-rate choice on seed " + std::to_string(ctx.seed) + ": epochs to 95% training accuracy",
               {"activation"}, {}};
  for (double lr : grid) choice.header.push_back("lr " + Format(lr));
  Table main{"At each activation's best rate: epochs to 95% training accuracy over " + std::to_string(seeds) +
                 " seeds (one epoch = " + std::to_string((Points(ctx.quick) + 31) / 32) + " SGD steps)",
             {"activation", "best lr", "epochs per seed", "median", "reached 95%", "final training accuracy"}, {}};
  Figure curves{"exp04_loss_curves", "F13: training loss at the best rate, seed " + std::to_string(ctx.seed) +
                                         " (a curve ends at 95% accuracy)", "epoch", "mean BCE", {}};
  curves.logy = true;
  std::vector<double> medians;
  std::vector<std::string> at_edge;  // activations whose best rate is the largest of the grid
  r.numbers["cap_epochs"] = cap;
  r.numbers["grid"] = grid;
  for (const std::string& act : acts) {
    const Study& s = BestLrStudy(act, ctx);
    if (s.best_lr == grid.back()) at_edge.push_back(act);
    std::vector<std::string> row = {act};
    std::vector<int> chosen;
    for (const Run* run : s.selection) {
      std::string cell = FormatEpochs(run->epochs_to_target, cap);
      if (run->nonfinite) cell += " (diverged)";
      if (run->constant) cell += " (dead)";
      row.push_back(cell);
      chosen.push_back(run->epochs_to_target);
    }
    choice.rows.push_back(row);
    std::vector<int> epochs;
    std::vector<double> accuracy;
    std::vector<std::string> per_seed;
    for (const Run* run : s.runs) {
      epochs.push_back(run->epochs_to_target);
      accuracy.push_back(run->final_accuracy);
      per_seed.push_back(FormatEpochs(run->epochs_to_target, cap));
    }
    const double median = MedianEpochs(epochs);
    medians.push_back(median > 0 ? median : std::numeric_limits<double>::infinity());
    const int reached = int(std::count_if(epochs.begin(), epochs.end(), [](int e) { return e > 0; }));
    main.rows.push_back({act, Format(s.best_lr), Join(per_seed), FormatEpochs(median, cap),
                         std::to_string(reached) + "/" + std::to_string(seeds), Format(Summarise(accuracy))});
    r.numbers[act] = {{"selection_epochs_to_target", chosen}, {"best_lr", s.best_lr}, {"epochs_to_target", epochs},
                      {"median_epochs", median}, {"reached", reached}, {"final_accuracy", accuracy},
                      {"loss_curve_seed0", s.runs[0]->loss}};
    curves.series.push_back({act + " (lr " + Format(s.best_lr) + ")", Count(s.runs[0]->loss.size()), s.runs[0]->loss});
  }
  r.tables = {choice, main};
  r.figures.push_back(curves);
  r.figures.push_back(DecisionBoundary(*BestLrStudy("relu", ctx).runs[0], "exp04_boundary_relu",
                                       "F11: decision boundary of the ReLU net (seed " + std::to_string(ctx.seed) +
                                           ", trained to 95%)"));
  r.figures.push_back(DecisionBoundary(*BestLrStudy("sigmoid", ctx).runs[0], "exp04_boundary_sigmoid",
                                       "F11: decision boundary of the sigmoid net (seed " + std::to_string(ctx.seed) +
                                           ", same training rule)"));

  // (b) The same claim on real data: scikit-learn's digits (Debian's python3-sklearn), a
  // 64-64-10 softmax classifier, each activation at the same rate.
  const Dataset digits = Digits();
  const int digit_cap = ctx.quick ? 8 : 40, digit_seeds = ctx.Seeds(5);
  Table real{"Scikit-learn digits (1797 x 64), MLP 64-64-10, softmax cross-entropy, SGD lr 0.1, batch 32: epochs to "
                 "95% training accuracy (cap " + std::to_string(digit_cap) + ")",
             {"activation", "epochs per seed", "median"}, {}};
  std::vector<double> digit_medians;
  for (const std::string& act : acts) {
    std::vector<int> epochs;
    std::vector<std::string> per_seed;
    for (int k = 0; k < digit_seeds; ++k) {
      Rng rng(ctx.seed + 1000 + std::uint64_t(k));
      Sequential net = Mlp({64, 64, 10}, act);
      Initialise(net, act == "relu" ? Init::kHeNormal : Init::kXavierNormal, rng);
      const TrainLog log = TrainMulticlass(net, digits, {.lr = 0.1, .batch = 32, .max_epochs = digit_cap, .stop_at_target = true}, rng);
      epochs.push_back(log.epochs_to_target);
      per_seed.push_back(FormatEpochs(log.epochs_to_target, digit_cap));
    }
    const double median = MedianEpochs(epochs);
    digit_medians.push_back(median > 0 ? median : std::numeric_limits<double>::infinity());
    real.rows.push_back({act, Join(per_seed), FormatEpochs(median, digit_cap)});
    r.numbers["digits"][act] = {{"epochs_to_target", epochs}, {"median_epochs", median}};
  }
  r.tables.push_back(real);
  r.setup += " (b) The same measure on scikit-learn's digits: MLP 64-64-10, softmax cross-entropy, SGD lr 0.1, batch "
             "32, " + std::to_string(digit_seeds) + " seeds, cap " + std::to_string(digit_cap) + " epochs.";
  const bool digits_order = std::isfinite(digit_medians[0]) && digit_medians[0] <= digit_medians[1] &&
                            digit_medians[0] <= digit_medians[2];
  r.numbers["digits_relu_fastest"] = digits_order;

  // (c) Real images: Fashion-MNIST, the one-hidden-layer baseline 784-100-10 with Adam, ReLU
  // against tanh (sigmoid is left out: (a) and (b) settle it). The measure is the training loss
  // after each epoch (the same steps for both) and the test accuracy at the end.
  const FashionBaseline& relu_baseline = Baseline("relu", ctx);
  const ImageData& fashion = relu_baseline.data;
  const ImageMlpConfig& fashion_config = relu_baseline.config;
  const int fashion_seeds = int(relu_baseline.runs.size());
  Table images{"Fashion-MNIST, MLP 784-100-10, Adam lr 0.001, batch 64, " + std::to_string(fashion_config.epochs) +
                   " epochs, " + std::to_string(fashion_seeds) + " seeds: training loss after each epoch (mean over seeds) "
                   "and test accuracy",
               {"activation", "training loss per epoch", "final training accuracy", "test accuracy per seed", "test accuracy"},
               {}};
  Figure fashion_curves{"exp04_fashion_loss", "Fashion-MNIST 784-100-10: training loss per epoch, mean over seeds",
                        "epoch", "mean cross-entropy", {}};
  std::vector<std::vector<double>> fashion_loss;
  std::vector<double> fashion_test;
  for (const std::string& act : {std::string("relu"), std::string("tanh")}) {
    std::vector<std::vector<double>> losses;
    std::vector<double> test, train_accuracy;
    for (const ImageRun& run : Baseline(act, ctx).runs) {
      losses.push_back(run.log.loss);
      test.push_back(run.test_accuracy);
      train_accuracy.push_back(run.log.accuracy.empty() ? 0 : run.log.accuracy.back());
    }
    const std::vector<double> mean_loss = MeanCurve(losses);
    fashion_loss.push_back(mean_loss);
    fashion_test.push_back(Summarise(test).mean);
    images.rows.push_back({act, Join(mean_loss, 3), Format(Summarise(train_accuracy)), Join(test, 3), Format(Summarise(test))});
    fashion_curves.series.push_back({act, Count(mean_loss.size()), mean_loss});
    r.numbers["fashion"][act] = {{"mean_loss_per_epoch", mean_loss}, {"test_accuracy", test},
                                 {"final_training_accuracy", train_accuracy}};
  }
  r.tables.push_back(images);
  r.figures.push_back(fashion_curves);
  bool fashion_relu_lower = !fashion_loss[0].empty() && fashion_loss[0].size() == fashion_loss[1].size();
  for (std::size_t e = 0; fashion_relu_lower && e < fashion_loss[0].size(); ++e) {
    fashion_relu_lower = fashion_loss[0][e] < fashion_loss[1][e];
  }
  r.numbers["fashion"]["setup"] = fashion.Describe();
  r.numbers["fashion_relu_loss_lower_every_epoch"] = fashion_relu_lower;
  r.setup += " (c) " + fashion.Describe() + "; MLP 784-100-10 (He init for ReLU, Xavier for tanh), softmax "
             "cross-entropy, Adam lr 0.001, batch 64, " + std::to_string(fashion_config.epochs) + " epochs, " +
             std::to_string(fashion_seeds) + " seeds; ReLU counts as faster when its mean training loss is below "
             "tanh's after every epoch.";

  // Infinite medians (not reached) compare as slower than any count.
  const double relu = medians[0], tanh = medians[1], sigmoid = medians[2];
  const bool vs_tanh = std::isfinite(relu) && relu <= tanh, vs_sigmoid = std::isfinite(relu) && 2 * relu <= sigmoid;
  r.numbers["relu_not_slower_than_tanh"] = vs_tanh;
  r.numbers["sigmoid_at_least_2x_relu"] = vs_sigmoid;
  r.verdict = vs_tanh && vs_sigmoid ? Verdict::kConfirmed : (vs_tanh || vs_sigmoid ? Verdict::kMixed : Verdict::kNotConfirmed);
  const auto med = [&](double m) { return std::isinf(m) ? "more than " + std::to_string(cap) : Format(m, 4); };
  r.conclusion = "Median epochs to 95% training accuracy at each activation's best rate: ReLU " + med(relu) + ", tanh " +
                 med(tanh) + ", sigmoid " + med(sigmoid) + " (table 2, figure exp04_loss_curves). " +
                 (vs_tanh ? "ReLU is not slower than tanh" : "ReLU is not faster than tanh") + " and " +
                 (vs_sigmoid ? "at least 2x faster than sigmoid" : "not 2x faster than sigmoid") + "." +
                 (vs_tanh && vs_sigmoid ? " The ordering is the seeds'; the factor depends on the task (cs231n's 6x is "
                                          "an AlexNet figure)."
                                        : "") +
                 (at_edge.empty() ? "" : " The best rate is the grid's largest for " + Join(at_edge) +
                                             ": larger rates might be faster still (EXP-13 goes up to 3).") +
                 " On the digits: median epochs ReLU " + FormatEpochs(digit_medians[0], digit_cap) + ", tanh " +
                 FormatEpochs(digit_medians[1], digit_cap) + ", sigmoid " + FormatEpochs(digit_medians[2], digit_cap) +
                 (digits_order ? " (ReLU fastest here too)." : " (ReLU is not the fastest on real data).");
  r.conclusion += " On Fashion-MNIST (784-100-10, Adam): mean training loss after the last epoch ReLU " +
                  Format(fashion_loss[0].empty() ? NAN : fashion_loss[0].back(), 3) + ", tanh " +
                  Format(fashion_loss[1].empty() ? NAN : fashion_loss[1].back(), 3) +
                  (fashion_relu_lower ? ", ReLU below tanh after every epoch" : ", ReLU not below tanh after every epoch") +
                  "; test accuracy ReLU " + Format(fashion_test[0], 3) + ", tanh " + Format(fashion_test[1], 3) +
                  " (figure exp04_fashion_loss).";
  if (r.verdict == Verdict::kConfirmed && (!digits_order || !fashion_relu_lower)) r.verdict = Verdict::kMixed;
  return r;
}

}  // namespace actlab::lab
