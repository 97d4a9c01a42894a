// Softsign: y = x / (1 + |x|), f' = 1 / (1 + |x|)^2 = (1 - |y|)^2. Not in the seeds. Polynomial
// rather than exponential saturation; softsign(+-inf) = +-1.

#ifndef ACTLAB_ACTIVATIONS_SOFTSIGN_DEF_
#define ACTLAB_ACTIVATIONS_SOFTSIGN_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kSoftsign{
    .info = {.kind = Kind::Softsign,
             .name = "softsign",
             .summary = "x / (1 + |x|), squashing to (-1, 1) polynomially",
             .formula = "x / (1 + |x|)",
             .formula_latex = R"(\frac{x}{1+|x|})",
             .derivative = "1 / (1 + |x|)^2",
             .derivative_latex = R"(\frac{1}{(1+|x|)^2})",
             .derivative_from_output = "(1 - |y|)^2",
             .range = "(-1, 1)",
             .kinks = "none (C^1; f'' jumps at 0)",
             .properties = {.monotonic = true, .smoothness = "C^1", .bounded_above = true,
                            .bounded_below = true, .zero_centred = true,
                            .saturating = "both sides (polynomially)", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 2, .ulp_f32_fast_backward = 1,
             .seeds = "-",
             .reference = "Bergstra et al. 2009"},
    .f = [](auto x, const double*) { return ref::isinf(x) ? ref::copysign(decltype(x)(1), x) : x / (1 + ref::fabs(x)); },
    .df = [](auto x, const double*) { return 1 / (1 + ref::fabs(x)) / (1 + ref::fabs(x)); },
    .df_from_y = [](auto y, const double*) { return (1 - ref::fabs(y)) * (1 - ref::fabs(y)); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SOFTSIGN_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SOFTSIGN_INL_H_
#undef ACTLAB_ACTIVATIONS_SOFTSIGN_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SOFTSIGN_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Softsign : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) return parts::Softsign(d, x);
    const V<D> y = Divide(d, x, hn::Add(Const(d, 1.0), hn::Abs(x)));
    return hn::IfThenElse(hn::IsInf(x), hn::CopySign(Const(d, 1.0), x), y);
  }
  // Two divisions, not one by the square: the square overflows for |x| > 1e154. |x| is capped
  // at 2^600, where f' is already 0 in double, to keep the divisor finite.
  template <class D>
  static V<D> Derivative(D d, V<D> x, [[maybe_unused]] const double* p) {
    if constexpr (kInParts<D>) {
      return parts::SoftsignSlope(d, x, [p](auto dd, auto v) HWY_ATTR { return Derivative(dd, v, p); });
    }
    const V<D> q = hn::Add(Const(d, 1.0), hn::Min(hn::Abs(x), Const(d, 0x1p600)));
    return Divide(d, Divide(d, Const(d, 1.0), q), q);
  }
  // The fast tier, forward only: the exact backward already runs at the copy's speed (README).
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::XOverOnePlusAbs(d, x); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    const V<D> q = hn::Sub(Const(d, 1.0), hn::Abs(y));
    return hn::Mul(q, q);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
