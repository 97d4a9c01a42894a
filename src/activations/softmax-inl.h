// Softmax over the last axis: y_j = e^(x_j - m) / sum_k e^(x_k - m), m the row maximum (so no
// overflow); rows of `dim` elements (0: the whole array is one row). dx = y (dy - sum dy y), from
// y or recomputing y from x. Limits: a row with +inf shares 1 among its +inf entries; a NaN makes
// its row NaN; a row of only -inf is NaN (no limit). Not an elementwise function: PyTorch's
// nn.Softmax. The exact tier computes float32 in double; tier=fast in float, one exponential per
// element (kernels/rows-inl.h).

#ifndef ACTLAB_ACTIVATIONS_SOFTMAX_DEF_
#define ACTLAB_ACTIVATIONS_SOFTMAX_DEF_
#include <type_traits>

#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kRowParams[] = {
    {.name = "dim", .default_value = 0, .min = 0, .max = 1e15, .integer = true,
     .doc = "row length (size of the last axis); 0: the whole input is one row"}};
// Reference rows, straight from the definition.
template <class R>
void SoftmaxRowReference(const R* x, R* y, std::size_t dim) {
  R m = -ref::Inf(R(0)), s = 0;
  for (std::size_t j = 0; j < dim; ++j) m = ref::fmax(m, x[j]);
  for (std::size_t j = 0; j < dim; ++j) s += ref::exp(x[j] - m);
  for (std::size_t j = 0; j < dim; ++j) y[j] = ref::exp(x[j] - m) / s;
}
inline const Definition kSoftmax{
    .info = {.kind = Kind::Softmax,
             .name = "softmax",
             .summary = "normalised exponentials over the last axis",
             .formula = "y_j = exp(x_j) / sum_k exp(x_k)",
             .formula_latex = R"(y_j = \frac{e^{x_j}}{\sum_k e^{x_k}})",
             .derivative = "dx_j = y_j * (dy_j - sum_k dy_k y_k)",
             .derivative_latex = R"(\partial x_j = y_j(\partial y_j - \textstyle\sum_k \partial y_k\,y_k))",
             .derivative_from_output = "dx_j = y_j * (dy_j - sum_k dy_k y_k)",
             .range = "(0, 1), rows sum to 1",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "yes", .sparse = false},
             .params = kRowParams,
             .layout = Layout::kRows,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3,
             .seeds = "-",
             .reference = "Bridle 1990"},
    .row_forward = [](const auto* x, const auto*, auto* y, std::size_t dim) { SoftmaxRowReference(x, y, dim); },
    .row_backward = [](const auto* x, const auto* dy, auto* dx, std::size_t dim) {
      SoftmaxRowReference(x, dx, dim);
      std::remove_cvref_t<decltype(*x)> dot = 0;
      for (std::size_t j = 0; j < dim; ++j) dot += dy[j] * dx[j];
      for (std::size_t j = 0; j < dim; ++j) dx[j] *= dy[j] - dot;
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#undef ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
// The math per element over a row's statistics (the row loops and SoftmaxRow: kernels/rows-inl.h).
struct Softmax {
  static constexpr bool kRows = true;
  template <class D, class Row>
  static V<D> Output(D d, const Row& row, V<D> x) { return row.Prob(d, x); }
  template <class Row>
  static double SpecialOutput(const Row& row, double x) { return row.SpecialProb(x); }
  // dx = y (dy - sum dy y).
  template <class D, class Row>
  static V<D> Reduce(D d, const Row& row, V<D> x, V<D> dy) { return hn::Mul(dy, row.Prob(d, x)); }
  template <class D, class Row>
  static V<D> Gradient(D d, const Row& row, double dot, V<D> x, V<D> dy) {
    return hn::Mul(row.Prob(d, x), hn::Sub(dy, Const(d, dot)));
  }
  template <class Row>
  static double SpecialReduce(const Row& row, double x, double dy) { return dy * row.SpecialProb(x); }
  template <class Row>
  static double SpecialGradient(const Row& row, double dot, double x, double dy) { return row.SpecialProb(x) * (dy - dot); }
  template <class D>
  static V<D> ReduceFromOutput(D, V<D> y, V<D> dy) { return hn::Mul(y, dy); }
  template <class D>
  static V<D> GradientFromOutput(D d, double dot, V<D> y, V<D> dy) { return hn::Mul(y, hn::Sub(dy, Const(d, dot))); }
  // The fast tier: y = e / s, e stored on the way; dx = (e / s) (dy - sum dy e / s).
  static constexpr bool kFastOutputOfExp = true;
  template <class D, class Row>
  static V<D> FastOutput(D, const Row& f, V<D> e) { return f.TimesReciprocal(e); }
  template <class D>
  static V<D> FastReduce(D, V<D> e, V<D> dy) { return hn::Mul(e, dy); }
  template <class D, class Row>
  static V<D> FastGradient(D, const Row& f, V<D> e, V<D> dy) {
    return hn::Mul(hn::Mul(e, f.r.hi), hn::NegMulAdd(f.reduce, f.r.hi, dy));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
