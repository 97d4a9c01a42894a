// EXP-11 (seed 003, on YOLOv4's choice of Mish): "Mish is smooth at every point, so gradient
// descent works better than with ReLU; it beats ReLU and Swish". (a) the jump of f' at the kink by
// one-sided differences; (b) how rough a random net's output landscape is with each activation;
// (c) the spirals net with ReLU, Swish and Mish; (d) what each costs.
#include <algorithm>
#include <cmath>

#include "actlab/actlab.h"
#include "lab/engine/train.h"
#include "lab/experiments/cost.h"
#include "lab/experiments/format.h"
#include "lab/experiments/spirals_paired.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

// f'(x0+) - f'(x0-), each side by the second-order one-sided difference with step h, so that a
// smooth f gives 0 up to O(h^3) and a quadratic piece is differentiated exactly.
struct Jump {
  double left, right;
};
Jump OneSided(const Activation& f, double x0, double h) {
  const double x[5] = {x0 - 2 * h, x0 - h, x0, x0 + h, x0 + 2 * h};
  double y[5];
  f.forward(std::span<const double>(x), std::span<double>(y));
  return {(3 * y[2] - 4 * y[1] + y[0]) / (2 * h), (-3 * y[2] + 4 * y[3] - y[4]) / (2 * h)};
}

// A random 5-layer net 2 -> 32 -> 32 -> 32 -> 32 -> 1 evaluated on an n x n grid over [-3, 3]^2.
// He-normal weights and N(0, 1) biases from Rng(seed): the same numbers for every activation. (With
// zero biases a ReLU net is positively homogeneous and all its creases are rays through 0.)
struct Landscape {
  int n;
  double h;               // grid step
  std::vector<double> f;  // row-major, f[i * n + j] at (x_j, y_i)
};
constexpr double kLo = -3, kHi = 3;

Landscape Evaluate(const std::string& activation, std::uint64_t seed, int n) {
  Rng rng(seed);
  Sequential net = Mlp({2, 32, 32, 32, 32, 1}, activation);
  Initialise(net, Init::kHeNormal, rng);
  for (auto& layer : net.layers()) {
    if (auto* linear = dynamic_cast<Linear*>(layer.get())) {
      for (Eigen::Index k = 0; k < linear->b.size(); ++k) linear->b(k) = rng.Normal();
    }
  }
  Landscape l{n, (kHi - kLo) / (n - 1), {}};
  Matrix grid(n * n, 2);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) grid(i * n + j, 0) = kLo + j * l.h, grid(i * n + j, 1) = kLo + i * l.h;
  }
  const Matrix out = net.Forward(grid);
  l.f.assign(out.data(), out.data() + out.size());
  return l;
}

double Std(const std::vector<double>& v) { return Summarise(v).std; }

// Mean and max of |5-point discrete Laplacian| over the interior, divided by the landscape's std
// so that activations with different output scales compare.
struct Roughness {
  double mean, max;
};
Roughness Rough(const Landscape& l) {
  const int n = l.n;
  const double scale = Std(l.f) * l.h * l.h;
  double sum = 0, max = 0;
  for (int i = 1; i + 1 < n; ++i) {
    for (int j = 1; j + 1 < n; ++j) {
      const double* c = &l.f[std::size_t(i * n + j)];
      const double lap = std::fabs(c[-1] + c[1] + c[-n] + c[n] - 4 * c[0]) / scale;
      sum += lap;
      max = std::max(max, lap);
    }
  }
  return {sum / double((n - 2) * (n - 2)), max};
}

// f' of each activation on x = -5 .. 5, from the library's backward.
Figure Derivatives() {
  Figure fig{"exp11_derivatives", "(a) f' from actlab's backward: ReLU and h-swish jump, swish and Mish do not", "x",
             "f'(x)", {}};
  std::vector<double> x;
  for (int k = -500; k <= 500; ++k) x.push_back(k / 100.0);
  const std::vector<double> one(x.size(), 1.0);
  for (const auto& [label, spec] : {std::pair{"ReLU", "relu"}, std::pair{"swish (silu)", "silu"},
                                    std::pair{"Mish", "mish"}, std::pair{"h-swish", "hardswish"}}) {
    Series s{label, x, std::vector<double>(x.size())};
    const Activation f = Activation::parse(spec);
    f.backward(std::span<const double>(x), std::span<const double>(one), std::span<double>(s.y));
    fig.series.push_back(s);
  }
  return fig;
}

// A paired difference is "clear" beyond two standard errors of its mean.
bool Clear(const MeanStd& d, int n) { return std::fabs(d.mean) > 2 * d.std / std::sqrt(double(n)); }

}  // namespace

Result RunExp11(const Context& ctx) {
  Result r;
  r.claim = "Mish, x tanh(ln(1 + e^x)), is smooth at every point, which makes gradient descent work better than "
            "with ReLU; YOLOv4 chose it for its low cost and its smoothness, non-monotonicity and bounds, and it "
            "improves on ReLU and Swish (the seed also says it costs more than ReLU).";
  r.seeds = "003";

  // (a) the derivative's jump.
  const double h = 1e-4;
  struct Kink {
    std::string label, spec, key;
    double at;
  };
  const std::vector<Kink> kinks = {{"ReLU", "relu", "relu", 0}, {"swish (silu)", "silu", "silu", 0},
                                   {"Mish", "mish", "mish", 0}, {"h-swish", "hardswish", "hardswish_at_-3", -3},
                                   {"h-swish", "hardswish", "hardswish_at_3", 3}};
  Table jumps{"(a) One-sided derivatives at the kink (second-order differences, step 1e-4, double)",
              {"activation", "x0", "f'(x0-)", "f'(x0+)", "jump f'(x0+) - f'(x0-)"}, {}};
  nlohmann::json jump_json;
  for (const Kink& k : kinks) {
    const Jump j = OneSided(Activation::parse(k.spec), k.at, h);
    jumps.rows.push_back({k.label, Format(k.at), Format(j.left, 8), Format(j.right, 8), Format(j.right - j.left, 6)});
    jump_json[k.key] = {{"left", j.left}, {"right", j.right}, {"jump", j.right - j.left}};
  }
  r.tables.push_back(jumps);
  r.figures.push_back(Derivatives());

  // (b) landscapes, the same random weights for every activation of a seed.
  const int n = ctx.quick ? 48 : 200, seeds = ctx.Seeds(5);
  const std::vector<std::pair<std::string, std::string>> compared = {
      {"ReLU", "relu"}, {"swish (silu)", "silu"}, {"Mish", "mish"}};
  std::vector<std::vector<double>> rough_mean(3), rough_max(3);
  const double row_y = kLo + (n / 2) * (kHi - kLo) / (n - 1);  // the grid's middle row, for the slices
  Figure slice{"exp11_slice", "(b) Random 5-layer net: output along y = " + Format(row_y, 3) + ", standardised", "x",
               "(f - mean) / std over the grid", {}};
  Figure curvature{"exp11_slice_curvature", "(b) Second difference along the same row, / std (ReLU: spikes at creases)",
                   "x", "d2f/dx2 / std", {}};
  Figure per_seed{"exp11_roughness", "(b) Landscape roughness per seed", "seed",
                  "mean |discrete Laplacian| / std", {}};
  per_seed.style = "linespoints";
  for (std::size_t a = 0; a < compared.size(); ++a) {
    Series seed_series{compared[a].first, {}, {}};
    for (int s = 0; s < seeds; ++s) {
      const std::uint64_t seed = ctx.seed + std::uint64_t(s);
      const Landscape l = Evaluate(compared[a].second, seed, n);
      const Roughness rough = Rough(l);
      rough_mean[a].push_back(rough.mean);
      rough_max[a].push_back(rough.max);
      seed_series.x.push_back(double(seed));
      seed_series.y.push_back(rough.mean);
      if (s > 0) continue;
      const MeanStd m = Summarise(l.f);
      const double* row = &l.f[std::size_t(n / 2 * n)];
      Series values{compared[a].first, {}, {}}, second{compared[a].first, {}, {}};
      for (int j = 0; j < n; ++j) {
        values.x.push_back(kLo + j * l.h);
        values.y.push_back((row[j] - m.mean) / m.std);
        if (j == 0 || j + 1 == n) continue;
        second.x.push_back(kLo + j * l.h);
        second.y.push_back((row[j - 1] - 2 * row[j] + row[j + 1]) / (l.h * l.h * m.std));
      }
      slice.series.push_back(values);
      curvature.series.push_back(second);
    }
    per_seed.series.push_back(seed_series);
  }
  Table rough{"(b) Output landscape of a random 5-layer net on a " + std::to_string(n) + "x" + std::to_string(n) +
                  " grid: |discrete Laplacian| / std of the output, over " + std::to_string(seeds) + " seeds",
              {"activation", "mean (mean ± std)", "per seed", "max (mean ± std)"}, {}};
  nlohmann::json rough_json;
  for (std::size_t a = 0; a < compared.size(); ++a) {
    rough.rows.push_back({compared[a].first, Format(Summarise(rough_mean[a])), Join(rough_mean[a], 4),
                          Format(Summarise(rough_max[a]))});
    rough_json[compared[a].second] = {{"mean", rough_mean[a]}, {"max", rough_max[a]}};
  }
  r.tables.push_back(rough);
  r.figures.push_back(slice);
  r.figures.push_back(curvature);
  r.figures.push_back(per_seed);

  // (c) accuracy, paired by seed.
  std::vector<std::vector<spirals::PairedRun>> runs(3);
  std::vector<std::vector<double>> acc(3), epochs(3);
  for (int s = 0; s < seeds; ++s) {
    for (std::size_t a = 0; a < compared.size(); ++a) {
      runs[a].push_back(spirals::TrainPaired(compared[a].second, ctx.seed + std::uint64_t(s), ctx));
      acc[a].push_back(runs[a].back().test_accuracy);
      epochs[a].push_back(runs[a].back().epochs_to_95);
    }
  }
  auto paired = [&](std::size_t a, std::size_t b) {
    std::vector<double> d;
    for (int s = 0; s < seeds; ++s) d.push_back(acc[a][std::size_t(s)] - acc[b][std::size_t(s)]);
    return d;
  };
  const std::vector<double> mish_swish = paired(2, 1), swish_relu = paired(1, 0), mish_relu = paired(2, 0);
  const MeanStd d_ms = Summarise(mish_swish), d_sr = Summarise(swish_relu), d_mr = Summarise(mish_relu);
  Table accuracy{"(c) Spirals net, test accuracy over " + std::to_string(seeds) + " seeds",
                 {"activation", "test accuracy (mean ± std)", "per seed", "epochs to 95% train accuracy (per seed)"},
                 {}};
  for (std::size_t a = 0; a < compared.size(); ++a) {
    accuracy.rows.push_back({compared[a].first, Format(Summarise(acc[a])), Join(acc[a], 4), Join(epochs[a], 3)});
  }
  accuracy.rows.push_back({"Mish - swish (paired)", Format(d_ms), Join(mish_swish, 3), "-"});
  accuracy.rows.push_back({"swish - ReLU (paired)", Format(d_sr), Join(swish_relu, 3), "-"});
  accuracy.rows.push_back({"Mish - ReLU (paired)", Format(d_mr), Join(mish_relu, 3), "-"});
  r.tables.push_back(accuracy);
  Figure curves{"exp11_training", "(c) Spirals: training accuracy per epoch, mean over seeds", "epoch",
                "training accuracy", {}};
  for (std::size_t a = 0; a < compared.size(); ++a) {
    curves.series.push_back(spirals::MeanAccuracyCurve(compared[a].first, runs[a]));
  }
  r.figures.push_back(curves);

  // (d) cost.
  const CostRun run = MeasureCosts({{"ReLU", "relu"}, {"swish (silu)", "silu"}, {"Mish", "mish"}}, ctx);
  r.tables.push_back(CostTable(run, "(d) Cost per element, median over repetitions (lower is cheaper)"));
  r.figures.push_back(CostFigure(run, "exp11_cost", "(d) Forward+backward timings, sorted (float32, one thread)"));
  const Cost &relu = run["ReLU"], &swish = run["swish (silu)"], &mish = run["Mish"];

  r.setup = "(a) f'(x0+) and f'(x0-) by second-order one-sided differences of actlab's forward in double, step " +
            Format(h) + ", at the kink (0; h-swish: -3 and 3). (b) A random MLP 2-32-32-32-32-1 (5 linear layers), "
            "He-normal weights and N(0, 1) biases, the same numbers for each activation, evaluated on a " +
            std::to_string(n) + "x" + std::to_string(n) + " grid over [-3, 3]^2; roughness = mean |5-point "
            "Laplacian| / std of the output over the grid; seeds " + std::to_string(ctx.seed) + ".." +
            std::to_string(ctx.seed + std::uint64_t(seeds) - 1) + ". (c) " + spirals::PairedSetup(ctx) + " (d) " +
            CostSetup(run) + " Swish is silu (beta = 1).";

  const MeanStd relu_rough = Summarise(rough_mean[0]), swish_rough = Summarise(rough_mean[1]),
                mish_rough = Summarise(rough_mean[2]);
  r.numbers = CostJson(run);
  r.numbers["jump"] = jump_json;
  r.numbers["grid"] = n;
  r.numbers["roughness"] = rough_json;
  r.numbers["roughness_mean"] = {{"relu", relu_rough.mean}, {"silu", swish_rough.mean}, {"mish", mish_rough.mean}};
  r.numbers["test_accuracy"] = {{"relu", acc[0]}, {"silu", acc[1]}, {"mish", acc[2]}};
  r.numbers["epochs_to_95"] = {{"relu", epochs[0]}, {"silu", epochs[1]}, {"mish", epochs[2]}};
  r.numbers["paired_difference"] = {{"mish_minus_silu", {{"mean", d_ms.mean}, {"std", d_ms.std}}},
                                    {"silu_minus_relu", {{"mean", d_sr.mean}, {"std", d_sr.std}}},
                                    {"mish_minus_relu", {{"mean", d_mr.mean}, {"std", d_mr.std}}}};

  // Smooth: Mish's and swish's jumps vanish, ReLU's is 1, and ReLU's landscape is clearly (1.5x)
  // rougher than Mish's. Better: Mish above both ReLU and swish beyond two standard errors.
  auto jump = [&](const char* key) { return jump_json[key]["jump"].get<double>(); };
  const bool smooth = std::fabs(jump("mish")) < 1e-6 && std::fabs(jump("silu")) < 1e-6 &&
                      std::fabs(jump("relu") - 1) < 1e-6 && relu_rough.mean > 1.5 * mish_rough.mean;
  const bool better = d_mr.mean > 0 && Clear(d_mr, seeds) && d_ms.mean > 0 && Clear(d_ms, seeds);
  const bool ranking = d_ms.mean > 0 && Clear(d_ms, seeds) && d_sr.mean > 0 && Clear(d_sr, seeds);
  // The cost order, read over the middle half of the repetitions (not part of the verdict).
  const Reading mish_over_swish = AtLeast(Ratio(run, "Mish", "swish (silu)", Part::kForwardBackward), 1);
  const Reading swish_over_relu = AtLeast(Ratio(run, "swish (silu)", "ReLU", Part::kForwardBackward), 1);
  const bool cost_order = mish_over_swish == Reading::kYes && swish_over_relu == Reading::kYes;
  const bool order_noisy = mish_over_swish == Reading::kWithinNoise || swish_over_relu == Reading::kWithinNoise;
  r.numbers["smooth"] = smooth;
  r.numbers["mish_better_than_relu_and_swish"] = better;
  r.numbers["seed_ranking_reproduced"] = ranking;
  r.numbers["mish_slowest_relu_fastest"] = cost_order;
  r.verdict = !smooth ? Verdict::kNotConfirmed : better ? Verdict::kConfirmed : Verdict::kMixed;

  std::size_t top = 0;
  for (std::size_t a = 1; a < compared.size(); ++a) {
    if (Summarise(acc[a]).mean > Summarise(acc[top]).mean) top = a;
  }
  const std::string best = compared[top].first;
  auto diff_text = [&](const std::string& what, const MeanStd& d) {
    return what + " " + Format(100 * d.mean, 3) + " ± " + Format(100 * d.std, 2) + " points (" +
           (Clear(d, seeds) ? "beyond" : "within") + " 2 standard errors)";
  };
  r.conclusion =
      "(a) f' jumps by " + Format(jump("relu"), 6) + " at ReLU's kink, " + Format(jump("silu"), 3) + " for swish and " +
      Format(jump("mish"), 3) + " for Mish; h-swish jumps by " + Format(jump("hardswish_at_-3"), 6) + " at -3 and " +
      Format(jump("hardswish_at_3"), 6) + " at 3. (b) Landscape roughness " + Format(relu_rough) + " with ReLU, " +
      Format(swish_rough) + " with swish, " + Format(mish_rough) + " with Mish (ReLU/Mish " +
      Format(relu_rough.mean / mish_rough.mean, 3) + "x): " +
      (smooth ? "Mish is smooth, ReLU is creased." : "the smoothness part does not hold as stated.") +
      " (c) Test accuracy " + Format(Summarise(acc[0])) + " ReLU, " + Format(Summarise(acc[1])) + " swish, " +
      Format(Summarise(acc[2])) + " Mish; " + diff_text("Mish - ReLU", d_mr) + ", " + diff_text("Mish - swish", d_ms) +
      ", " + diff_text("swish - ReLU", d_sr) + ": the seed's 'Mish > Swish > ReLU' is " +
      (ranking ? "reproduced" : "not reproduced") + " (highest mean: " + best + ")" +
      (better ? "." : ", so 'does better' is not confirmed at this toy scale.") +
      " (d) forward+backward " + Format(relu.both, 3) + " ns/element ReLU, " + Format(swish.both, 3) + " swish, " +
      Format(mish.both, 3) + " Mish (Mish/ReLU " + Format(mish.both / relu.both, 3) + "x" +
      (cost_order    ? "; Mish slowest, ReLU fastest, which supports the seed's 'more computation' and not "
                       "YOLOv4's 'low cost'"
       : order_noisy ? "; the order is within this run's timing noise"
                     : "; not the expected order") +
      "). " + TimingCaveat(run);
  return r;
}

}  // namespace actlab::lab
