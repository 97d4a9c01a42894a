// EXP-15 (seed 000): "when f(x) ≈ x near 0, training from small random initial weights is
// efficient; otherwise the initial values need care". tanh (f(x) ≈ x) against sigmoid (f(0) = 1/2,
// slope 1/4) on the EXP-04 net with every weight ~ N(0, 0.01^2).
#include <algorithm>
#include <cmath>
#include <limits>

#include "lab/experiments/spirals_study.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {

using namespace spirals;

Result RunExp15(const Context& ctx) {
  Result r;
  r.claim = "If the activation satisfies f(x) ≈ x (near 0), training is efficient when the parameters are "
            "initialised with small random values; if it does not, the initial values must be chosen with care.";
  r.seeds = "000 (properties of activation functions)";
  const std::vector<std::string> acts = {"tanh", "sigmoid"};
  const std::vector<double> grid = {1, 3};
  const int cap = ctx.quick ? 15 : 50, seeds = ctx.Seeds(5);
  r.setup = "The EXP-04 net and data (two spirals, " + std::to_string(Points(ctx.quick)) + " points, 2-64-64-64-1, "
            "SGD batch 32, BCE) with every weight drawn from N(0, 0.01^2) and zero biases. From there the net sits "
            "on the plateau BCE = ln 2 = 0.693 (a constant output); the measure is the first epoch whose mean "
            "training loss is below " + Format(kEscapeLoss) + " (the run stops there, or after " + std::to_string(cap) +
            " epochs). Learning rates {" + Join(grid) + "}: from small weights the gradients are tiny, so the grid sits "
            "above EXP-04's (0.01 to 0.3); " + std::to_string(seeds) + " seeds each.";

  Table t{"Epochs until the training loss leaves the ln 2 plateau (mean BCE < " + Format(kEscapeLoss) +
              "), weights ~ N(0, 0.01^2)",
          {"activation", "lr", "epochs per seed", "median", "left the plateau", "final training accuracy"}, {}};
  Figure f{"exp15_loss_curves", "Training loss from N(0, 0.01^2) weights, seed " + std::to_string(ctx.seed) +
                                    " (a curve ends when the loss falls below " + Format(kEscapeLoss) + ")",
           "epoch", "mean BCE", {}};
  f.logy = true;  // the plateau at 0.693 next to blown-up losses
  std::vector<std::vector<double>> medians(acts.size());  // per activation, per rate; infinity: not left
  for (std::size_t a = 0; a < acts.size(); ++a) {
    for (double lr : grid) {
      std::vector<int> epochs;
      std::vector<double> accuracy;
      std::vector<std::string> per_seed;
      for (int k = 0; k < seeds; ++k) {
        const Run& run = Train({acts[a], lr, ctx.seed + std::uint64_t(k), cap, Stop::kEscape, true, ctx.quick});
        epochs.push_back(run.epochs_to_escape);
        accuracy.push_back(run.final_accuracy);
        per_seed.push_back(FormatEpochs(run.epochs_to_escape, cap));
        if (k == 0) {
          f.series.push_back({acts[a] + ", lr " + Format(lr), Count(run.loss.size()), run.loss});
        }
      }
      const double median = MedianEpochs(epochs);
      const int left = int(std::count_if(epochs.begin(), epochs.end(), [](int e) { return e > 0; }));
      medians[a].push_back(median > 0 ? median : std::numeric_limits<double>::infinity());
      t.rows.push_back({acts[a], Format(lr), Join(per_seed), FormatEpochs(median, cap),
                        std::to_string(left) + "/" + std::to_string(seeds), Format(Summarise(accuracy))});
      r.numbers[acts[a]].push_back({{"lr", lr}, {"epochs_to_escape", epochs}, {"median_epochs", median},
                                    {"escaped", left}, {"final_accuracy", accuracy}});
    }
  }
  r.tables = {t};
  r.figures = {f};

  // At a shared rate: where does tanh leave the plateau first? At each one's best rate: is
  // sigmoid at least 2x slower (the seed's "much more care needed")?
  int tanh_first = 0, sigmoid_first = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    tanh_first += medians[0][i] < medians[1][i];
    sigmoid_first += medians[1][i] < medians[0][i];
  }
  const double best_tanh = *std::min_element(medians[0].begin(), medians[0].end());
  const double best_sigmoid = *std::min_element(medians[1].begin(), medians[1].end());
  const bool much_slower = std::isfinite(best_tanh) && 2 * best_tanh <= best_sigmoid;
  r.numbers["rates_where_tanh_leaves_first"] = tanh_first;
  r.numbers["rates_where_sigmoid_leaves_first"] = sigmoid_first;
  r.numbers["best_median_epochs"] = {{"tanh", std::isinf(best_tanh) ? -1.0 : best_tanh},
                                     {"sigmoid", std::isinf(best_sigmoid) ? -1.0 : best_sigmoid}};
  r.verdict = much_slower && sigmoid_first == 0 ? Verdict::kConfirmed
              : tanh_first > 0                  ? Verdict::kMixed
                                                : Verdict::kNotConfirmed;
  const auto med = [&](double m) { return std::isinf(m) ? "more than " + std::to_string(cap) : Format(m, 3); };
  r.conclusion = "From N(0, 0.01^2) weights tanh leaves the ln 2 plateau first at " + std::to_string(tanh_first) + " of " +
                 std::to_string(grid.size()) + " learning rates, sigmoid at " + std::to_string(sigmoid_first) +
                 "; at each one's best rate the median is " + med(best_tanh) + " epochs for tanh and " +
                 med(best_sigmoid) + " for sigmoid (" +
                 (much_slower              ? "sigmoid at least 2x slower: small init suits f(x) ≈ x"
                  : std::isinf(best_tanh) ? "tanh does not leave the plateau either"
                                          : "not 2x apart: a suitable rate makes up for sigmoid's f(0) = 1/2 and slope 1/4") +
                 ").";
  return r;
}

}  // namespace actlab::lab
