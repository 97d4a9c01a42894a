// Squareplus: y = (x + sqrt(x^2 + b)) / 2, a softplus made of a square root (Barron 2021; jax's
// default b = 4). f' = (1 + x / sqrt(x^2 + b)) / 2 = y^2 / (y^2 + b/4). Not in the seeds.
// For x < 0 the sum cancels, so that side is b / (2 (s - x)) with s = sqrt(x^2 + b), and its
// slope b / (2 s (s - x)); float64 takes s = |x| from 2^500 on, where x^2 would overflow and b
// (at most 1e30) no longer counts.

#ifndef ACTLAB_ACTIVATIONS_SQUAREPLUS_DEF_
#define ACTLAB_ACTIVATIONS_SQUAREPLUS_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSquareplusParams[] = {
    {.name = "b", .default_value = 4.0, .min = 1e-30, .max = 1e30,
     .doc = "curvature near 0: y(0) = sqrt(b) / 2"}};
inline constexpr std::string_view kSquareplusVariants[] = {"squareplus(b=0.01)"};
inline const Definition kSquareplus{
    .info = {.kind = Kind::Squareplus,
             .name = "squareplus",
             .summary = "softplus-like, from a square root instead of exp and log",
             .formula = "(x + sqrt(x^2 + b)) / 2",
             .formula_latex = R"(\frac{x + \sqrt{x^2 + b}}{2})",
             .derivative = "(1 + x / sqrt(x^2 + b)) / 2",
             .derivative_latex = R"(\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right))",
             .derivative_from_output = "y^2 / (y^2 + b/4)",
             .range = "(0, inf)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (soft, polynomially)", .sparse = false},
             .params = kSquareplusParams,
             .ulp_f32 = 1, .ulp_f64 = 3,
             .seeds = "-",
             .reference = "Barron 2021",
             .variants = kSquareplusVariants},
    .f = [](auto x, const double* p) {
      using R = decltype(x);
      const R b = p[0], s = ref::sqrt(x * x + b);
      return x >= 0 ? (x + s) / 2 : b / (2 * (s - x));
    },
    .df = [](auto x, const double* p) {
      using R = decltype(x);
      if (ref::isinf(x)) return x > 0 ? R(1) : R(0);
      const R b = p[0], s = ref::sqrt(x * x + b);
      return x >= 0 ? (1 + x / s) / 2 : b / (2 * s * (s - x));
    },
    .df_from_y = [](auto y, const double* p) {
      using R = decltype(y);
      return ref::isinf(y) ? R(1) : y * y / (y * y + R(p[0]) / 4);
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SQUAREPLUS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SQUAREPLUS_INL_H_
#undef ACTLAB_ACTIVATIONS_SQUAREPLUS_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SQUAREPLUS_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Squareplus : SmoothOp {
  // sqrt(x^2 + b), |x| itself from 2^500 (float32 inputs never get there).
  template <class D>
  static V<D> Root(D d, V<D> ax, const double* p) {
    const V<D> s = hn::Sqrt(hn::MulAdd(ax, ax, Const(d, p[0])));
    return hn::IfThenElse(hn::Gt(ax, Const(d, 0x1p500)), ax, s);
  }
  // Halves before sums, so that nothing overflows on the way to a finite result.
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    const V<D> half = Const(d, 0.5), ax = hn::Abs(x), s = Root(d, ax, p);
    const V<D> right = hn::MulAdd(x, half, hn::Mul(s, half));
    const V<D> left = hn::Div(Const(d, 0.25 * p[0]), hn::MulAdd(s, half, hn::Mul(ax, half)));
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), left, right);
  }
  // (1 +- |x| / s) / 2 while |x| / s <= 1/2 (x^2 <= b/3); further left, where that cancels,
  // (b/2) / (s (s + |x|)) with s (s + |x|) = s |x| + (x^2 + b) in two FMAs, and (b/4) / |x| / |x| from 2^500 on, where s (s + |x|) would overflow.
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    const V<D> half = Const(d, 0.5), ax = hn::Abs(x), s = Root(d, ax, p);
    const auto far = hn::Gt(ax, Const(d, 0x1p500));
    const V<D> ratio = hn::IfThenElse(far, Const(d, 1.0), hn::Div(ax, s));
    const V<D> middle = hn::Mul(hn::Add(Const(d, 1.0), hn::CopySign(ratio, x)), half);
    const V<D> tail = hn::IfThenElse(far, hn::Div(hn::Div(Const(d, 0.25 * p[0]), ax), ax),
                                     hn::Div(Const(d, 0.5 * p[0]), hn::MulAdd(s, ax, hn::MulAdd(ax, ax, Const(d, p[0])))));
    const auto left_tail = hn::And(hn::Lt(x, hn::Zero(d)), hn::Gt(hn::Mul(Const(d, 3.0), hn::Mul(ax, ax)), Const(d, p[0])));
    return hn::IfThenElse(left_tail, tail, middle);
  }
  // 1 / (1 + c / y / y), c = b/4: no square to overflow. Where c / y^2 exceeds 2^60, f' is
  // (y / c) y to float64 precision, whose one rounding keeps a subnormal f' (x far below 0).
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) {
    const V<D> c = Const(d, 0.25 * p[0]);
    const V<D> small = hn::Mul(hn::Div(y, c), y);
    const V<D> q = hn::Div(hn::Div(c, y), y);
    return hn::IfThenElse(hn::Lt(small, Const(d, 0x1p-60)), small, hn::Div(Const(d, 1.0), hn::Add(Const(d, 1.0), q)));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
