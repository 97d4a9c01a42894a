// REP-01: Lu, Shin, Su and Karniadakis (2019), "Dying ReLU and Initialization: Theory and
// Numerical Examples": a deep narrow ReLU network is likely "born dead" (a constant function at
// initialisation), more so the deeper and the narrower it is. Monte Carlo over He-initialised
// nets of one input, against a bound derived here (not the paper's, whose exact formula this
// file does not quote).
//
// Why one input and zero biases: then the net is positively homogeneous, f(x) = x f(1) for x > 0
// and |x| f(-1) for x < 0, so it is constant exactly when its last hidden layer is zero at both
// x = 1 and x = -1: the Monte Carlo tests deadness exactly, with no sampling of the input domain.
// The bound: at one input h != 0, the N pre-activations w_i . h of the next layer are independent
// and symmetric, so the layer is all zero with probability 2^-N, and zero stays zero. So a net of
// depth L is zero at a given input with probability 1 - (1 - 2^-N)^L, an upper bound for being
// zero at every input.
#include <cmath>

#include "lab/engine/tensor.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

struct Deaths {
  std::vector<double> dead, dead_at_one;  // per depth 1..L: fraction of nets constant / zero at x = 1
};

// Draws `trials` nets of `depth` layers of `width` and records, per depth, the share that is dead.
Deaths Simulate(int width, int depth, int trials, Rng& rng) {
  std::vector<double> dead(std::size_t(depth), 0), dead_at_one(std::size_t(depth), 0);
  for (int t = 0; t < trials; ++t) {
    Matrix h(2, 1);
    h << 1, -1;  // the two inputs, one per row
    for (int l = 0; l < depth; ++l) {
      const Matrix w = Gaussian(width, int(h.cols()), rng, std::sqrt(2.0 / double(h.cols())));  // He
      h = (h * w.transpose()).cwiseMax(0.0);
      const bool zero_at_one = (h.row(0).array() == 0).all(), zero_at_minus = (h.row(1).array() == 0).all();
      dead_at_one[std::size_t(l)] += zero_at_one;
      dead[std::size_t(l)] += zero_at_one && zero_at_minus;
    }
  }
  for (int l = 0; l < depth; ++l) {
    dead[std::size_t(l)] /= trials;
    dead_at_one[std::size_t(l)] /= trials;
  }
  return {dead, dead_at_one};
}

}  // namespace

Result RunRep01(const Context& ctx) {
  Result r;
  r.claim = "Deep narrow ReLU networks die: the dying ReLU problem grows with depth, and a deep narrow ReLU network "
            "can be dead (constant) from initialisation; a remedy is to widen or initialise differently.";
  r.seeds = "002 (ai-edu), 003 (interview notes), 004 (dying ReLU)";
  const std::vector<int> widths = {2, 3, 4, 5, 10};
  const int depth = 50, trials = ctx.quick ? 400 : 4000;
  r.setup = "Monte Carlo: " + std::to_string(trials) + " nets per width N in {" + Join(std::vector<double>(widths.begin(), widths.end())) +
            "}, depths 1 to " + std::to_string(depth) + " hidden layers, one input, He-normal weights (std sqrt(2 / fan-in)), "
            "zero biases (the lab's initialisation). A net is born dead when it is constant in its input: with zero "
            "biases that is exactly when its last hidden layer is zero at x = 1 and at x = -1. Bound (derived here): "
            "P(zero at a given input) = 1 - (1 - 2^-N)^L, an upper bound on P(born dead).";
  r.replication = Replication{
      "Lu, Shin, Su and Karniadakis (2019), \"Dying ReLU and Initialization: Theory and Numerical Examples\" "
      "(arXiv:1903.06733)",
      "Theory for ReLU networks of width N and depth L with weights and biases from symmetric distributions, and "
      "numerical examples training deep narrow nets on one-dimensional target functions.",
      "Only initialisation is simulated (no training), with zero biases and one input so that deadness is decided "
      "exactly; widths 2 to 10, depths up to 50.",
      "In words (no number quoted here): a deep ReLU network will eventually die in probability as the depth goes "
      "to infinity, and the paper bounds the probability that a network is born dead above and below in terms of "
      "width and depth; the bounds themselves are not reproduced here.",
      ""};

  Rng rng(ctx.seed + 7000);
  Table t{"Share of nets born dead (constant) at depth L, against the bound 1 - (1 - 2^-N)^L", {"width N"}, {}};
  const std::vector<int> shown = {2, 5, 10, 20, 50};
  for (int l : shown) t.header.push_back("L = " + std::to_string(l));
  Table check{"Check of the simulation: share zero at x = 1 against its exact probability 1 - (1 - 2^-N)^L, L = 10",
              {"width N", "simulated", "exact", "standard error", "within 3 SE"}, {}};
  Figure f{"rep01_born_dead", "Born-dead probability against depth: Monte Carlo (N = ...) and its upper bound (bound, N = ...)",
           "depth L (hidden layers)", "P(born dead)", {}};
  f.style = "linespoints";
  bool monotone_width = true, within_bound = true, checks = true;
  double narrow_deep = 0;
  std::vector<double> previous;
  for (int n : widths) {
    const Deaths d = Simulate(n, depth, trials, rng);
    std::vector<std::string> row = {std::to_string(n)};
    std::vector<double> bound;
    for (int l = 1; l <= depth; ++l) bound.push_back(1 - std::pow(1 - std::pow(2.0, -n), l));
    for (int l : shown) {
      row.push_back(Format(d.dead[std::size_t(l - 1)], 3) + " (bound " + Format(bound[std::size_t(l - 1)], 3) + ")");
    }
    t.rows.push_back(row);
    for (int l = 0; l < depth; ++l) {
      const double se = std::sqrt(bound[std::size_t(l)] * (1 - bound[std::size_t(l)]) / trials);
      within_bound = within_bound && d.dead[std::size_t(l)] <= bound[std::size_t(l)] + 3 * se + 1e-12;
    }
    const double exact = bound[9], sim = d.dead_at_one[9], se = std::sqrt(exact * (1 - exact) / trials);
    const bool ok = std::fabs(sim - exact) <= 3 * se + 1e-12;
    checks = checks && ok;
    check.rows.push_back({std::to_string(n), Format(sim, 3), Format(exact, 3), Format(se, 2), ok ? "yes" : "no"});
    if (!previous.empty()) monotone_width = monotone_width && d.dead.back() <= previous.back();
    previous = d.dead;
    if (n == widths.front()) narrow_deep = d.dead.back();
    Series s{"N = " + std::to_string(n), {}, {}};
    for (int l = 1; l <= depth; ++l) s.x.push_back(l), s.y.push_back(d.dead[std::size_t(l - 1)]);
    f.series.push_back(s);
    f.series.push_back({"bound, N = " + std::to_string(n), Count(bound.size()), bound});
    r.numbers["width_" + std::to_string(n)] = {{"born_dead", d.dead}, {"zero_at_one", d.dead_at_one}, {"bound", bound}};
  }
  r.tables = {t, check};
  r.figures = {f};
  const bool dies = narrow_deep >= 0.5;
  r.numbers["narrowest_deepest_born_dead"] = narrow_deep;
  r.numbers["decreasing_with_width_at_depth_50"] = monotone_width;
  r.numbers["within_bound"] = within_bound;
  r.numbers["simulation_checks"] = checks;
  r.replication->ours = "Born dead at depth 50: width 2 " + Format(narrow_deep, 3) + ", width 10 " +
                        Format(previous.back(), 3) + "; " + (monotone_width ? "falling" : "not falling") +
                        " with width; " + (within_bound ? "every estimate within" : "some estimates above") +
                        " the bound 1 - (1 - 2^-N)^L.";
  r.verdict = dies && monotone_width && within_bound && checks ? Verdict::kConfirmed
              : checks && (dies || monotone_width)             ? Verdict::kMixed
                                                               : Verdict::kNotConfirmed;
  r.conclusion = std::string(checks ? "The simulation reproduces the exact single-input probability at every width "
                                      "(second table). "
                                    : "The simulation misses the exact single-input probability at some width (second "
                                      "table): its other numbers are suspect. ") +
                 "At depth 50, " + Format(100 * narrow_deep, 3) + "% of width-2 nets are born dead" +
                 (dies ? " (most of them)" : " (fewer than half)") + ", and the share " +
                 (monotone_width ? "falls" : "does not fall") + " with width (width 10: " +
                 Format(100 * previous.back(), 3) + "%), " + (within_bound ? "always under" : "not always under") +
                 " the bound (figure rep01_born_dead)" +
                 (dies && monotone_width ? ": deep narrow ReLU nets are born dead, as Lu et al. say."
                                         : ": this does not show what Lu et al. say.");
  return r;
}

}  // namespace actlab::lab
