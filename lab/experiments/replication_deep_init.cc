// REP-02: He, Zhang, Ren and Sun (2015), "Delving Deep into Rectifiers", section 2.2 and its
// Figure 3: a 30-layer ReLU network initialised with Xavier's variance (1 / fan-in) stalls, with
// theirs (2 / fan-in) it converges. EXP-09 measures the same on spirals; this is the paper's
// depth on real images (Fashion-MNIST), with an MLP where the paper has a convolutional net.
#include <cmath>

#include "lab/experiments/experiment.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {

Result RunRep02(const Context& ctx) {
  Result r;
  r.claim = "ReLU must not be used with Xavier initialisation; use He initialisation (a deep ReLU net with Xavier's "
            "variance does not train).";
  r.seeds = "001 (cs231n)";
  const int layers = 30, width = 64, seeds = ctx.Seeds(3);
  const ImageData data = FashionSubset(ctx.quick ? 30 : 200, ctx.quick ? 20 : 100, ctx.seed + 5000);
  ImageMlpConfig config{.hidden = std::vector<int>(layers, width), .epochs = ctx.quick ? 2 : 4, .lr = 0.01,
                          .adam = false, .momentum = 0.9};
  r.setup = data.Describe() + ". MLP 784-" + std::to_string(layers) + "x" + std::to_string(width) + "-10, ReLU, zero "
            "biases, Xavier-normal (std sqrt(2 / (fan-in + fan-out)), 1 / fan-in for square layers) against "
            "He-normal (std sqrt(2 / fan-in)), softmax cross-entropy, SGD with momentum 0.9, lr 0.01, batch 64, " +
            std::to_string(config.epochs) + " epochs, " + std::to_string(seeds) + " seeds (the same seeds for both). "
            "A run counts as stalled when its last epoch's mean training loss is still within 5% of ln 10 = 2.303 "
            "(chance for ten classes), as converging when it is below 0.8 ln 10.";
  r.replication = Replication{
      "He, Zhang, Ren and Sun (2015), \"Delving Deep into Rectifiers: Surpassing Human-Level Performance on "
      "ImageNet Classification\" (ICCV 2015), section 2.2, Figure 3",
      "A 30-layer convolutional ReLU network on ImageNet, initialised with Xavier's variance against theirs, trained "
      "by SGD; Figure 3 plots its error against epochs.",
      "An MLP of 30 hidden layers of 64 units instead of a convolutional net, on " +
          std::to_string(data.train.x.rows()) + " Fashion-MNIST images instead of ImageNet, " +
          std::to_string(config.epochs) + " epochs.",
      "In words (Figure 3; no number quoted): with their initialisation the 30-layer model converges, with Xavier's "
      "it completely stalls, its gradients diminishing.",
      ""};

  const double chance = std::log(10.0);
  Table t{"30-layer ReLU MLP on Fashion-MNIST: mean training loss per epoch (mean over seeds) and test accuracy",
          {"initialisation", "training loss per epoch", "final loss per seed", "test accuracy per seed", "test accuracy"},
          {}};
  Figure f{"rep02_loss", "30 ReLU layers on Fashion-MNIST: training loss per epoch, mean over seeds (ln 10 = chance)",
           "epoch", "mean cross-entropy", {}};
  f.style = "linespoints";
  std::vector<double> final_mean, test_mean;
  int stalled_xavier = 0, converged_he = 0;
  for (const auto& [name, init] : {std::pair{"xavier", Init::kXavierNormal}, std::pair{"he", Init::kHeNormal}}) {
    config.init = init;
    std::vector<std::vector<double>> losses;
    std::vector<double> finals, tests;
    for (int k = 0; k < seeds; ++k) {
      const ImageRun run = TrainImageMlp("relu", data, config, ctx.seed + 5100 + std::uint64_t(k));
      const double last = run.log.diverged || run.log.loss.empty() ? NAN : run.log.loss.back();
      losses.push_back(run.log.loss);
      finals.push_back(last);
      tests.push_back(run.test_accuracy);
      if (init == Init::kXavierNormal) stalled_xavier += std::fabs(last - chance) <= 0.05 * chance;
      else converged_he += last < 0.8 * chance;
    }
    const std::vector<double> mean = MeanCurve(losses);
    final_mean.push_back(mean.empty() ? NAN : mean.back());
    test_mean.push_back(Summarise(tests).mean);
    t.rows.push_back({name, Join(mean, 3), Join(finals, 3), Join(tests, 3), Format(Summarise(tests))});
    f.series.push_back({name, Count(mean.size()), mean});
    r.numbers[name] = {{"mean_loss_per_epoch", mean}, {"final_loss", finals}, {"test_accuracy", tests}};
  }
  f.series.push_back({"ln 10", {1, double(config.epochs)}, {chance, chance}});
  r.tables = {t};
  r.figures = {f};
  r.numbers["stalled_xavier"] = stalled_xavier;
  r.numbers["converged_he"] = converged_he;
  r.numbers["seeds"] = seeds;
  r.replication->ours = "Final training loss Xavier " + Format(final_mean[0], 3) + " (stalled in " +
                        std::to_string(stalled_xavier) + "/" + std::to_string(seeds) + " seeds), He " +
                        Format(final_mean[1], 3) + " (converging in " + std::to_string(converged_he) + "/" +
                        std::to_string(seeds) + "); test accuracy Xavier " + Format(test_mean[0], 3) + ", He " +
                        Format(test_mean[1], 3) + ".";
  const bool all = stalled_xavier == seeds && converged_he == seeds;
  r.verdict = all ? Verdict::kConfirmed
              : stalled_xavier > 0 || converged_he > 0 ? Verdict::kMixed
                                                        : Verdict::kNotConfirmed;
  r.conclusion = "Xavier's initialisation left the 30-layer ReLU net at chance (loss within 5% of ln 10) in " +
                 std::to_string(stalled_xavier) + " of " + std::to_string(seeds) + " seeds; He's brought it below 0.8 "
                 "ln 10 in " + std::to_string(converged_he) + " of " + std::to_string(seeds) + " (table, figure "
                 "rep02_loss)" +
                 (all ? ": Figure 3 of He et al. reproduced on Fashion-MNIST."
                      : ": He et al.'s Figure 3 is not fully reproduced here.");
  return r;
}

}  // namespace actlab::lab
