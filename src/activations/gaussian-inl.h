// Gaussian: y = e^(-x^2), f' = -2x e^(-x^2). Not in the seeds: a radial basis unit, one of the
// playgrounds' classics; non-monotonic, bounded, with f' = 0 at 0 and in both tails. x^2 is
// carried in two parts (its low part l as e^-l = 1 - l), so that e^(-x^2) keeps its relative
// precision where x^2 is in the hundreds. Not a function of y (y(x) = y(-x)).

#ifndef ACTLAB_ACTIVATIONS_GAUSSIAN_DEF_
#define ACTLAB_ACTIVATIONS_GAUSSIAN_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kGaussianSpecial[] = {0.0, -0.0, 9.3, 10.1, 26.5, 27.3};
inline const Definition kGaussian{
    .info = {.kind = Kind::Gaussian,
             .name = "gaussian",
             .summary = "bell curve exp(-x^2), a radial basis unit",
             .formula = "exp(-x^2)",
             .formula_latex = R"(e^{-x^2})",
             .derivative = "-2x exp(-x^2)",
             .derivative_latex = R"(-2x\,e^{-x^2})",
             .derivative_from_output = "",
             .range = "(0, 1]",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "both sides (f' -> 0 in both tails)", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 2, .ulp_f64_backward = 3,
             .seeds = "-",
             .reference = "Broomhead & Lowe 1988 (radial basis functions)"},
    .f = [](auto x, const double*) { return ref::exp(-x * x); },
    .df = [](auto x, const double*) { return ref::XTimes(-2 * x, ref::exp(-x * x)); },
    .special_x = kGaussianSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_GAUSSIAN_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_GAUSSIAN_INL_H_
#undef ACTLAB_ACTIVATIONS_GAUSSIAN_INL_H_
#else
#define ACTLAB_ACTIVATIONS_GAUSSIAN_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Gaussian : SmoothOp {
  // e^(-x^2) as e^-(hi - shift) (1 - lo), x^2 = hi + lo; |x| clamped at 28, where e^-784 is 0
  // in float64 already (and the square stays finite).
  template <class D>
  static V<D> Shifted(D d, V<D> x, double shift) {
    const V<D> w = hn::Min(hn::Abs(x), Const(d, 28.0));
    const V<D> hi = hn::Mul(w, w), lo = SquareError(d, w, hi);
    const V<D> e = Exponential(d, hn::Sub(Const(d, shift), hi));
    return hn::IfThenZeroElse(hn::Ge(hn::Abs(x), Const(d, 28.0)), hn::NegMulAdd(lo, e, e));
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return Shifted(d, x, 0.0); }
  // Beyond |x| = 26 f' is subnormal in float64: e^(32 - x^2) 2x is formed first and multiplied
  // by e^-32 (a float64 within half an ULP) last, so that f' rounds once to its few bits.
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    const V<D> two_x = hn::Mul(Const(d, -2.0), x);
    const V<D> near = XTimes(d, two_x, Shifted(d, x, 0.0));
    const V<D> far = hn::Mul(XTimes(d, two_x, Shifted(d, x, 32.0)), Const(d, 1.2664165549094176e-14));
    return hn::IfThenElse(hn::Gt(hn::Abs(x), Const(d, 26.0)), far, near);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
