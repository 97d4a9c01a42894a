// EXP-13 (seed 000): "bounded outputs make gradient-based optimisation more stable; unbounded
// outputs train more efficiently but usually need a smaller learning rate". tanh (bounded) against
// ReLU (unbounded) on the EXP-04 net over a learning-rate grid up to 3.
#include <algorithm>
#include <cmath>
#include <limits>

#include "lab/experiments/spirals_study.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

using namespace spirals;

struct Rate {
  double lr = 0;
  int failed = 0;            // unstable runs (see Failed)
  std::vector<int> epochs;   // to 95% training accuracy, -1: not within the cap
  std::vector<double> accuracy;  // at the end of each run
  nlohmann::json loss = nlohmann::json::array();  // last epoch's loss; null where the loss went non-finite
  double median = -1;
};

// Unstable: a non-finite loss, a constant output (a hidden layer died), or a final loss at or
// above ln 2, no better than answering 1/2 everywhere.
bool Failed(const Run& run) {
  return run.nonfinite || run.constant || run.loss.empty() || run.loss.back() >= std::log(2.0);
}

}  // namespace

Result RunExp13(const Context& ctx) {
  Result r;
  r.claim = "When the activation's output is bounded, gradient-based optimisation is more stable; when it is "
            "unbounded, training is more efficient, but a smaller learning rate is usually needed.";
  r.seeds = "000 (properties of activation functions: range of the output)";
  const std::vector<double> grid =
      ctx.quick ? std::vector<double>{0.1, 1, 3} : std::vector<double>{0.01, 0.03, 0.1, 0.3, 1, 3};
  const int cap = ctx.quick ? 8 : 15, seeds = ctx.Seeds(5);
  r.setup = "The EXP-04 net and data (two spirals, " + std::to_string(Points(ctx.quick)) + " points; 2-64-64-64-1, "
            "He init for ReLU, Xavier for tanh; SGD batch 32; BCE), learning rates {" + Join(grid) + "} (steps of about "
            "sqrt(10)), " + std::to_string(seeds) + " seeds each. A run stops at 95% training accuracy or after " +
            std::to_string(cap) + " epochs (a short horizon to fit the time budget: divergence shows within the "
            "first epochs; a run that reaches 95% is not followed further). Unstable run: non-finite loss, a "
            "constant output (a hidden layer entirely dead), or a final training loss >= ln 2 (no better than "
            "answering 1/2). Stable rate: no unstable run among the seeds.";

  Table t{"Unstable runs, median epochs to 95% and final training accuracy per learning rate",
          {"lr", "relu: unstable", "relu: median epochs", "relu: final accuracy", "tanh: unstable",
           "tanh: median epochs", "tanh: final accuracy"}, {}};
  Figure f{"exp13_accuracy_vs_lr", "Training accuracy where the run stopped (95% or " + std::to_string(cap) + " epochs)",
           "learning rate",
           "training accuracy (mean over seeds)", {}};
  f.logx = true;
  f.style = "linespoints";
  std::vector<std::vector<Rate>> all;
  for (const std::string act : {"relu", "tanh"}) {
    all.emplace_back();
    Series s{act, {}, {}};
    for (double lr : grid) {
      Rate rate;
      rate.lr = lr;
      for (int k = 0; k < seeds; ++k) {
        const Run& run = Train({act, lr, ctx.seed + std::uint64_t(k), cap, Stop::kTarget, false, ctx.quick});
        rate.failed += Failed(run);
        rate.epochs.push_back(run.epochs_to_target);
        rate.accuracy.push_back(run.final_accuracy);
        rate.loss.push_back(run.loss.empty() || run.nonfinite ? nlohmann::json() : nlohmann::json(run.loss.back()));
      }
      rate.median = MedianEpochs(rate.epochs);
      s.x.push_back(lr);
      s.y.push_back(Summarise(rate.accuracy).mean);
      r.numbers[act].push_back({{"lr", lr}, {"unstable", rate.failed}, {"epochs_to_target", rate.epochs},
                                {"median_epochs", rate.median}, {"final_accuracy", rate.accuracy},
                                {"final_loss", rate.loss}});
      all.back().push_back(rate);
    }
    f.series.push_back(s);
  }
  for (std::size_t i = 0; i < grid.size(); ++i) {
    std::vector<std::string> row = {Format(grid[i])};
    for (const auto& rates_of : all) {
      const Rate& rate = rates_of[i];
      row.push_back(std::to_string(rate.failed) + "/" + std::to_string(seeds));
      row.push_back(FormatEpochs(rate.median, cap));
      row.push_back(Format(Summarise(rate.accuracy)));
    }
    t.rows.push_back(row);
  }
  r.tables = {t};
  r.figures = {f};

  // Largest stable rate, and the fewest median epochs over the rates (not reached = infinity).
  const auto largest_stable = [](const std::vector<Rate>& rs) {
    double best = 0;
    for (const Rate& rate : rs) {
      if (rate.failed == 0) best = std::max(best, rate.lr);
    }
    return best;
  };
  const auto fastest = [](const std::vector<Rate>& rs) {
    std::pair<double, double> best{std::numeric_limits<double>::infinity(), 0};  // median epochs, lr
    for (const Rate& rate : rs) {
      if (rate.median > 0 && rate.median < best.first) best = {rate.median, rate.lr};
    }
    return best;
  };
  const double stable_relu = largest_stable(all[0]), stable_tanh = largest_stable(all[1]);
  const auto [epochs_relu, lr_relu] = fastest(all[0]);
  const auto [epochs_tanh, lr_tanh] = fastest(all[1]);
  const bool more_stable = stable_tanh > stable_relu, faster = epochs_relu < epochs_tanh;
  r.numbers["largest_stable_lr"] = {{"relu", stable_relu}, {"tanh", stable_tanh}};
  r.numbers["fastest_median_epochs"] = {{"relu", std::isinf(epochs_relu) ? -1.0 : epochs_relu},
                                        {"tanh", std::isinf(epochs_tanh) ? -1.0 : epochs_tanh}};
  r.numbers["fastest_lr"] = {{"relu", lr_relu}, {"tanh", lr_tanh}};
  r.verdict = more_stable && faster ? Verdict::kConfirmed : (more_stable || faster ? Verdict::kMixed : Verdict::kNotConfirmed);
  const auto epochs = [&](double e, double lr) {
    return std::isinf(e) ? "does not reach 95% within " + std::to_string(cap) + " epochs at any rate"
                         : "reaches 95% in a median " + Format(e, 3) + " epochs (lr " + Format(lr) + ")";
  };
  r.conclusion = "Largest stable learning rate: ReLU " + Format(stable_relu) + ", tanh " + Format(stable_tanh) + " (" +
                 (more_stable ? "the bounded tanh tolerates larger rates" : "the bounded tanh is not more stable") +
                 "). ReLU " + epochs(epochs_relu, lr_relu) + ", tanh " + epochs(epochs_tanh, lr_tanh) + " (" +
                 (faster ? "the unbounded ReLU trains faster" : "ReLU is not faster") + "). A weak claim: "
                 "one unbounded and one bounded function on one task.";
  return r;
}

}  // namespace actlab::lab
