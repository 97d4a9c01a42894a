// EXP-16 (seeds 001, 003): "tanh is zero-centred; sigmoid's outputs are all positive (mean 0.5),
// so the next layer's input is not zero-mean; ELU is approximately zero-mean". The mean output of
// each function for Z ~ N(0,1) and U ~ U(-1,1): Monte Carlo through the library, against
// SPEC section 1.2's values and against quadrature (also through the library).
#include <cmath>
#include <numbers>

#include "actlab/actlab.h"
#include "lab/engine/tensor.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

struct Function {
  std::string spec;
  double expected_normal;  // SPEC section 1.2, E[f(Z)] to 4 decimals
};

// Composite Simpson's rule for the integral of f(x) w(x) over [lo, hi], f through the library.
double Quadrature(const Activation& f, double lo, double hi, double (*weight)(double)) {
  const int n = 200000;  // even
  const double h = (hi - lo) / n;
  std::vector<double> x(n + 1), y(n + 1);
  for (int i = 0; i <= n; ++i) x[std::size_t(i)] = lo + h * i;
  f.forward(std::span<const double>(x), std::span<double>(y));
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double c = i == 0 || i == n ? 1 : i % 2 ? 4 : 2;
    sum += c * y[std::size_t(i)] * weight(x[std::size_t(i)]);
  }
  return sum * h / 3;
}

double NormalPdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }
double UniformPdf(double) { return 0.5; }

struct Moments {
  double mean = 0, standard_error = 0;
};
Moments Sample(const std::vector<double>& y) {
  Moments m;
  for (double v : y) m.mean += v;
  m.mean /= double(y.size());
  double var = 0;
  for (double v : y) var += (v - m.mean) * (v - m.mean);
  m.standard_error = std::sqrt(var / double(y.size() - 1) / double(y.size()));
  return m;
}

// SPEC's tolerance is 0.003 at 10^6 samples (3 standard errors for the identity, the widest);
// a smaller run allows 5 standard errors of each mean.
double Tolerance(std::size_t n, double standard_error) {
  return n >= 1000000 ? 0.003 : std::max(0.003, 5 * standard_error);
}

}  // namespace

Result RunExp16(const Context& ctx) {
  Result r;
  r.claim = "Zero-centring: tanh's output is symmetric about zero (zero-centred), sigmoid's outputs are all positive "
            "(it shifts the mean to 0.5, so the next layer's inputs are not zero-mean), ReLU is not zero-centred, and "
            "ELU's output is approximately zero-mean.";
  r.seeds = "001, 003";
  const std::vector<Function> functions = {
      {"identity", 0},        {"sigmoid", 0.5},     {"tanh", 0},          {"relu", 0.3989},     {"leaky_relu", 0.3950},
      {"prelu", 0.2992},      {"elu", 0.1605},      {"relu6", 0.3989},    {"hardsigmoid", 0.5}, {"silu", 0.2066},
      {"hardswish", 0.1662},  {"mish", 0.2404},     {"softplus", 0.8061}};
  const std::size_t n = ctx.quick ? 100000 : 1000000;
  r.setup = std::to_string(n) + " samples of Z ~ N(0,1) and of U ~ U(-1,1) (seed " + std::to_string(ctx.seed) +
            ") through each function's forward (library defaults: leaky_relu slope 0.01, prelu a = 0.25, elu alpha = 1); "
            "mean output against SPEC 1.2's E[f(Z)] (tolerance 0.003 with 10^6 samples, else max(0.003, 5 standard "
            "errors)) and against Simpson "
            "quadrature of f times the density on [-12, 12] (normal) and [-1, 1] (uniform), 200001 nodes.";

  Rng rng(ctx.seed);
  std::vector<double> z(n), u(n);
  for (double& v : z) v = rng.Normal();
  for (double& v : u) v = rng.Uniform(-1, 1);

  Table t{"Mean output, " + std::to_string(n) + " samples", {"function", "E[f(Z)] measured", "SPEC 1.2", "quadrature",
                                                            "|measured - SPEC|", "tolerance", "E[f(U)] measured", "quadrature (U)"}, {}};
  Figure convergence{"exp16_running_mean", "Running mean of f(Z), Z ~ N(0,1), against the number of samples", "samples",
                     "mean output", {}};
  convergence.logx = true;
  nlohmann::json per_function;
  bool all_within = true;
  double worst_excess = 0, sigmoid_u = 0, tanh_u = 0, tanh_z = 0, relu_z = 0, elu_z = 0, sigmoid_z = 0;
  double sigmoid_u_tol = 0, tanh_u_tol = 0;
  std::vector<double> y(n);
  for (const Function& fn : functions) {
    const Activation f = Activation::parse(fn.spec);
    f.forward(std::span<const double>(z), std::span<double>(y));
    const Moments mz = Sample(y);
    if (fn.spec == "sigmoid" || fn.spec == "tanh" || fn.spec == "relu" || fn.spec == "elu" || fn.spec == "silu" ||
        fn.spec == "mish" || fn.spec == "softplus") {
      Series s{fn.spec, {}, {}};
      double sum = 0;
      std::size_t next = 10;
      for (std::size_t i = 0; i < n; ++i) {
        sum += y[i];
        if (i + 1 == next || i + 1 == n) {
          s.x.push_back(double(i + 1)), s.y.push_back(sum / double(i + 1));
          next = std::max(next + 1, std::size_t(double(next) * 1.2));
        }
      }
      convergence.series.push_back(s);
    }
    f.forward(std::span<const double>(u), std::span<double>(y));
    const Moments mu = Sample(y);
    const double qz = Quadrature(f, -12, 12, NormalPdf), qu = Quadrature(f, -1, 1, UniformPdf);
    const double tol = Tolerance(n, mz.standard_error), tol_u = Tolerance(n, mu.standard_error);
    const double gap = std::fabs(mz.mean - fn.expected_normal);
    all_within = all_within && gap <= tol;
    worst_excess = std::max(worst_excess, gap / tol);
    t.rows.push_back({fn.spec, Format(mz.mean, 5), Format(fn.expected_normal, 4), Format(qz, 6), Format(gap, 2), Format(tol, 2),
                      Format(mu.mean, 5), Format(qu, 6)});
    per_function[fn.spec] = {{"normal_mean", mz.mean}, {"normal_standard_error", mz.standard_error},
                             {"spec_normal_mean", fn.expected_normal}, {"normal_quadrature", qz}, {"abs_gap", gap},
                             {"tolerance", tol}, {"uniform_mean", mu.mean}, {"uniform_standard_error", mu.standard_error},
                             {"uniform_quadrature", qu}};
    if (fn.spec == "sigmoid") sigmoid_u = mu.mean, sigmoid_z = mz.mean, sigmoid_u_tol = tol_u;
    if (fn.spec == "tanh") tanh_u = mu.mean, tanh_z = mz.mean, tanh_u_tol = tol_u;
    if (fn.spec == "relu") relu_z = mz.mean;
    if (fn.spec == "elu") elu_z = mz.mean;
  }
  r.tables.push_back(t);
  r.figures.push_back(convergence);

  const bool uniform_ok = std::fabs(sigmoid_u - 0.5) <= sigmoid_u_tol && std::fabs(tanh_u) <= tanh_u_tol;
  const bool elu_closer = elu_z < 0.5 * relu_z;
  r.numbers = {{"samples", n}, {"functions", per_function}, {"all_within_tolerance", all_within},
               {"worst_gap_over_tolerance", worst_excess}, {"sigmoid_uniform_mean", sigmoid_u},
               {"tanh_uniform_mean", tanh_u}, {"elu_over_relu_mean", elu_z / relu_z}};
  r.verdict = all_within && uniform_ok && elu_closer ? Verdict::kConfirmed : Verdict::kNotConfirmed;
  r.conclusion = "tanh's mean output is " + Format(tanh_z, 2) + " for N(0,1) and " + Format(tanh_u, 2) +
                 " for U(-1,1); sigmoid's is " + Format(sigmoid_z, 5) + " and " + Format(sigmoid_u, 5) +
                 " (0.5 by the symmetry sigmoid(x) + sigmoid(-x) = 1); ReLU's " + Format(relu_z, 4) + ". ELU's " +
                 Format(elu_z, 4) + " is " + Format(elu_z / relu_z, 2) + " of ReLU's: closer to zero, not zero. " +
                 (all_within ? "All " + std::to_string(functions.size()) + " means are within tolerance of SPEC 1.2"
                             : std::string("Some means are outside SPEC 1.2's tolerance")) +
                 " (largest gap " + Format(worst_excess, 2) + " of the tolerance).";
  return r;
}

}  // namespace actlab::lab
