// Log-softmax over the last axis: y_j = x_j - m - log(sum_k e^(x_k - m)), with the sum written
// 1 + rest and log1p(rest), so the largest entry keeps full relative precision. dx = dy - e^y
// sum dy. Same rows, limits and NaN rule as softmax. PyTorch's nn.LogSoftmax.
#include "activations/softmax-inl.h"

#ifndef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_DEF_
#define ACTLAB_ACTIVATIONS_LOG_SOFTMAX_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kLogSoftmax{
    .info = {.kind = Kind::LogSoftmax,
             .name = "log_softmax",
             .summary = "log of softmax over the last axis, without overflow",
             .formula = "y_j = x_j - log(sum_k exp(x_k))",
             .formula_latex = R"(y_j = x_j - \ln\textstyle\sum_k e^{x_k})",
             .derivative = "dx_j = dy_j - exp(y_j) * sum_k dy_k",
             .derivative_latex = R"(\partial x_j = \partial y_j - e^{y_j}\textstyle\sum_k \partial y_k)",
             .derivative_from_output = "dx_j = dy_j - exp(y_j) * sum_k dy_k",
             .range = "(-inf, 0)",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = false, .zero_centred = false,
                            .saturating = "yes", .sparse = false},
             .params = kRowParams,
             .layout = Layout::kRows,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3,
             .seeds = "-",
             .reference = "-"},
    // (x_j - m) - log1p(sum of the others): log(softmax) would lose the largest entry's digits.
    .row_forward = [](const auto* x, const auto*, auto* y, std::size_t dim) {
      std::size_t top = 0;
      for (std::size_t j = 1; j < dim; ++j) top = x[j] > x[top] ? j : top;
      std::remove_cvref_t<decltype(*x)> rest = 0;
      for (std::size_t j = 0; j < dim; ++j) rest += j == top ? 0 : ref::exp(x[j] - x[top]);
      for (std::size_t j = 0; j < dim; ++j) y[j] = (x[j] - x[top]) - ref::log1p(rest);
    },
    .row_backward = [](const auto* x, const auto* dy, auto* dx, std::size_t dim) {
      SoftmaxRowReference(x, dx, dim);
      std::remove_cvref_t<decltype(*x)> sum = 0;
      for (std::size_t j = 0; j < dim; ++j) sum += dy[j];
      for (std::size_t j = 0; j < dim; ++j) dx[j] = dy[j] - dx[j] * sum;
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#undef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#else
#define ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
// The math per element over a row's statistics (the row loops and SoftmaxRow: kernels/rows-inl.h).
struct LogSoftmax {
  static constexpr bool kRows = true;
  template <class D, class Row>
  static V<D> Output(D d, const Row& row, V<D> x) { return row.LogProb(d, x); }
  template <class Row>
  static double SpecialOutput(const Row& row, double x) { return row.SpecialLogProb(x); }
  // dx = dy - softmax(x) sum(dy).
  template <class D, class Row>
  static V<D> Reduce(D, const Row&, V<D>, V<D> dy) { return dy; }
  template <class D, class Row>
  static V<D> Gradient(D d, const Row& row, double sum, V<D> x, V<D> dy) {
    return hn::NegMulAdd(row.Prob(d, x), Const(d, sum), dy);
  }
  template <class Row>
  static double SpecialReduce(const Row&, double, double dy) { return dy; }
  template <class Row>
  static double SpecialGradient(const Row& row, double sum, double x, double dy) { return dy - row.SpecialProb(x) * sum; }
  template <class D>
  static V<D> ReduceFromOutput(D, V<D>, V<D> dy) { return dy; }
  template <class D>
  static V<D> GradientFromOutput(D d, double sum, V<D> y, V<D> dy) {
    const V<D> dx = hn::NegMulAdd(Exponential(d, y), Const(d, sum), dy);
    return hn::IfThenElse(hn::IsNaN(y), y, dx);  // Highway's Exp gives 0 for NaN
  }
  // The fast tier: y = (x - m) - log1p(rest), x - m's rounding error and log1p in two floats (no
  // exponential); dx = dy - e sum(dy) / s.
  static constexpr bool kFastOutputOfExp = false;
  template <class D, class Row>
  static V<D> FastOutput(D, const Row& f, V<D> x) {
    const auto [diff, err] = TwoSum<D>(x, hn::Neg(f.m));
    const V<D> y = hn::Add(hn::Sub(diff, f.log.hi), hn::Sub(err, f.log.lo));
    return hn::IfThenElse(hn::IsInf(diff), diff, y);
  }
  template <class D>
  static V<D> FastReduce(D, V<D>, V<D> dy) { return dy; }
  template <class D, class Row>
  static V<D> FastGradient(D, const Row& f, V<D> e, V<D> dy) { return hn::NegMulAdd(e, hn::Mul(f.reduce, f.r.hi), dy); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
