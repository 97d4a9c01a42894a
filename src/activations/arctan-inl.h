// Arctan: y = atan(x), f' = 1 / (1 + x^2) = cos^2(y). Not in the seeds: a playground classic,
// zero-centred like tanh but saturating polynomially (f' ~ 1/x^2 rather than e^-2|x|).
// Highway's atan (3 ULP in float64); float64's f' takes 1/|x|/|x| from 2^27 on, where 1 + x^2
// rounds to x^2 and would overflow later. From y: cos^2(y) from a sine, pi/2 - |y| with pi/2 in
// two parts, so that f' keeps its relative precision as |y| nears pi/2 (float64: 3.13 ULP at
// y = -1.5705 on 10^7 samples, the sine's error doubled by the square; hence the bound of 4).

#ifndef ACTLAB_ACTIVATIONS_ARCTAN_DEF_
#define ACTLAB_ACTIVATIONS_ARCTAN_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kArctan{
    .info = {.kind = Kind::Arctan,
             .name = "arctan",
             .summary = "inverse tangent, squashing to (-pi/2, pi/2)",
             .formula = "atan(x)",
             .formula_latex = R"(\arctan x)",
             .derivative = "1 / (1 + x^2)",
             .derivative_latex = R"(\frac{1}{1+x^2})",
             .derivative_from_output = "cos(y)^2",
             .range = "(-pi/2, pi/2)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = true,
                            .saturating = "both sides (polynomially)", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 3, .ulp_f64_backward = 4,
             .seeds = "-",
             .reference = "-"},
    .f = [](auto x, const double*) { return ref::atan(x); },
    .df = [](auto x, const double*) { return 1 / (1 + x * x); },
    .df_from_y = [](auto y, const double*) { return ref::cos(y) * ref::cos(y); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_ARCTAN_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_ARCTAN_INL_H_
#undef ACTLAB_ACTIVATIONS_ARCTAN_INL_H_
#else
#define ACTLAB_ACTIVATIONS_ARCTAN_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Arctan : SmoothOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return hn::Atan(d, x); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    const V<D> ax = hn::Abs(x), one = Const(d, 1.0);
    const V<D> near = hn::Div(one, hn::MulAdd(ax, ax, one));
    return hn::IfThenElse(hn::Gt(ax, Const(d, 0x1p27)), hn::Div(hn::Div(one, ax), ax), near);
  }
  // cos^2(y) from s = sin(u) with u in [0, pi/4], where Highway's sine needs no reduction:
  // 1 - s^2 (one FMA) below |y| = pi/4, s^2 with u = pi/2 - |y| (exact: Sterbenz) above.
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    const V<D> ay = hn::Abs(y);
    const auto low = hn::Lt(ay, Const(d, 0.78539816339744830962));
    const V<D> t = hn::Add(hn::Sub(Const(d, 0x1.921fb54442d18p0), ay), Const(d, 0x1.1a62633145c07p-54));
    const V<D> s = hn::Sin(d, hn::IfThenElse(low, ay, t));
    return hn::IfThenElse(low, OneMinusProduct(d, s, s), hn::Mul(s, s));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
