// REP-06: Misra (2019), "Mish: A Self Regularized Non-Monotonic Activation Function": test
// accuracy against depth for fully connected nets, ReLU, Swish and Mish; the paper's claim is that
// ReLU and Swish fall off as the net deepens where Mish holds. Seed 003 ranks "Mish > Swish > ReLU".
#include <cmath>

#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {

Result RunRep06(const Context& ctx) {
  Result r;
  r.claim = "Mish is smooth and non-monotonic and trains better than Swish and ReLU: Mish > Swish > ReLU.";
  r.seeds = "003";
  const std::vector<int> depths = ctx.quick ? std::vector<int>{2, 12} : std::vector<int>{2, 6, 12, 18, 24};
  const int width = 64, seeds = ctx.Seeds(2), epochs = ctx.quick ? 1 : 3;
  const ImageData data = FashionSubset(ctx.quick ? 30 : 100, ctx.quick ? 10 : 50, ctx.seed + 11000);
  r.setup = data.Describe() + ". MLPs 784-Dx" + std::to_string(width) + "-10 for D in {" +
            Join(std::vector<double>(depths.begin(), depths.end())) + "}, ReLU, Swish (silu) or Mish, He-normal init "
            "for all, zero biases, softmax cross-entropy, Adam lr 0.001, batch 64, " + std::to_string(epochs) +
            " epochs, " + std::to_string(seeds) + " seeds (the same for every activation). 'Holds' means the deepest "
            "net's test accuracy is within 0.05 of the shallowest's; one activation beats another at the deepest net "
            "by more than 0.02.";
  r.replication = Replication{
      "Misra (2019), \"Mish: A Self Regularized Non-Monotonic Activation Function\" (arXiv:1908.08681, BMVC 2020), "
      "its experiment on the number of layers (MNIST)",
      "Fully connected networks of growing depth on MNIST, Mish against Swish and ReLU, test accuracy against the "
      "number of layers.",
      "Fashion-MNIST instead of MNIST, " + std::to_string(data.train.x.rows()) + " training images, width " +
          std::to_string(width) + ", depths up to " + std::to_string(depths.back()) + ", " + std::to_string(epochs) +
          " epochs.",
      "In words (no number quoted): past some depth the accuracy of ReLU and Swish nets drops sharply while Mish's "
      "stays high.",
      ""};

  const std::vector<std::string> acts = {"relu", "silu", "mish"};
  Table t{"Test accuracy (mean over seeds) against the number of hidden layers", {"activation"}, {}};
  for (int d : depths) t.header.push_back(std::to_string(d) + " layers");
  Figure f{"rep06_depth", "Test accuracy against depth, width " + std::to_string(width) + " (mean over seeds)",
           "hidden layers", "test accuracy", {}};
  f.style = "linespoints";
  std::vector<double> shallow, deep;
  for (const std::string& act : acts) {
    std::vector<std::string> row = {act};
    Series s{act, {}, {}};
    for (int d : depths) {
      ImageMlpConfig config{.hidden = std::vector<int>(std::size_t(d), width), .epochs = epochs, .init = Init::kHeNormal};
      std::vector<double> acc;
      for (int k = 0; k < seeds; ++k) acc.push_back(TrainImageMlp(act, data, config, ctx.seed + 11100 + std::uint64_t(k)).test_accuracy);
      const double mean = Summarise(acc).mean;
      row.push_back(Format(mean, 3));
      s.x.push_back(d), s.y.push_back(mean);
      r.numbers[act].push_back({{"depth", d}, {"test_accuracy", acc}});
    }
    shallow.push_back(s.y.front());
    deep.push_back(s.y.back());
    t.rows.push_back(row);
    f.series.push_back(s);
  }
  r.tables = {t};
  r.figures = {f};
  const auto holds = [&](std::size_t a) { return shallow[a] - deep[a] <= 0.05; };
  const bool mish_holds = holds(2), others_fall = !holds(0) && !holds(1);
  const bool mish_best_deep = deep[2] > deep[0] + 0.02 && deep[2] > deep[1] + 0.02;
  r.numbers["mish_holds"] = mish_holds;
  r.numbers["relu_and_swish_fall"] = others_fall;
  r.numbers["mish_best_at_depth"] = mish_best_deep;
  const auto drop = [&](std::size_t a) { return Format(shallow[a] - deep[a], 3); };
  r.replication->ours = "Accuracy drop from " + std::to_string(depths.front()) + " to " + std::to_string(depths.back()) +
                        " layers: ReLU " + drop(0) + ", Swish " + drop(1) + ", Mish " + drop(2) + "; at " +
                        std::to_string(depths.back()) + " layers ReLU " + Format(deep[0], 3) + ", Swish " +
                        Format(deep[1], 3) + ", Mish " + Format(deep[2], 3) + ".";
  r.verdict = mish_holds && others_fall && mish_best_deep ? Verdict::kConfirmed
              : mish_best_deep || (mish_holds && others_fall) ? Verdict::kMixed
                                                              : Verdict::kNotConfirmed;
  r.conclusion = "From " + std::to_string(depths.front()) + " to " + std::to_string(depths.back()) +
                 " hidden layers the test accuracy drops by " + drop(0) + " (ReLU), " + drop(1) + " (Swish) and " +
                 drop(2) + " (Mish) (table, figure rep06_depth): Mish " + (mish_holds ? "holds" : "does not hold") +
                 ", ReLU and Swish " + (others_fall ? "both fall" : "do not both fall") + ", and Mish is " +
                 (mish_best_deep ? "" : "not ") + "ahead of both by more than 0.02 at the deepest net" +
                 (r.verdict == Verdict::kConfirmed ? ": Misra's depth result reproduced here."
                  : r.verdict == Verdict::kMixed   ? ": Misra's depth result only partly reproduced at this scale."
                                                   : ": Misra's depth result is not reproduced at this scale.");
  return r;
}

}  // namespace actlab::lab
