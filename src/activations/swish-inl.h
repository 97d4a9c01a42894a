// Swish: y = x sigmoid(beta x), beta constant or learned; silu is beta = 1. Seeds 003, 004.
// f' = s + beta x s (1 - s) with s = sigmoid(beta x); df/dbeta = x^2 s (1 - s). Non-monotonic, so
// backward needs x. beta = 1: minimum -0.278465 at x = -1.278465; beta = 0 gives x/2; beta -> inf
// tends to ReLU. x sigmoid(beta x) -> -0 at x = -inf (not inf * 0).

#ifndef ACTLAB_ACTIVATIONS_SWISH_DEF_
#define ACTLAB_ACTIVATIONS_SWISH_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSwishParams[] = {
    {.name = "beta", .default_value = 1.0, .min = 0, .max = 1e300,
     .doc = "sharpness; learnable (param_grad gives dL/dbeta)"}};
template <class R>
R SwishBetaX(R x, const double* p) { return p[0] == 0 ? R(0) : p[0] * x; }
template <class R>
R SwishForward(R x, const double* p) { return ref::XTimes(x, ref::Sigmoid(SwishBetaX(x, p))); }
template <class R>
R SwishDerivative(R x, const double* p) {
  const R bx = SwishBetaX(x, p);
  return ref::Sigmoid(bx) + ref::XTimes(bx, ref::SigmoidDerivative(bx));
}
inline constexpr std::string_view kSwishVariants[] = {"swish(beta=1.7)", "swish(beta=0)"};
inline const Definition kSwish{
    .info = {.kind = Kind::Swish,
             .name = "swish",
             .summary = "x * sigmoid(beta x): smooth, non-monotonic, beta learnable",
             .formula = "x * sigmoid(beta * x)",
             .formula_latex = R"(x\,\sigma(\beta x))",
             .derivative = "s + beta*x*s*(1-s), s = sigmoid(beta*x); df/dbeta = x^2 s (1-s)",
             .derivative_latex = R"(\sigma(\beta x) + \beta x\,\sigma(\beta x)(1-\sigma(\beta x)))",
             .derivative_from_output = "",
             .range = "[-0.278465/beta, inf)",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (soft)", .sparse = false},
             .params = kSwishParams,
             .learnable = "beta",
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 4,
             .seeds = "003 004",
             .reference = "Ramachandran, Zoph & Le 2017",
             .variants = kSwishVariants},
    .f = [](auto x, const double* p) { return SwishForward(x, p); },
    .df = [](auto x, const double* p) { return SwishDerivative(x, p); },
    .dparam = [](auto x, const double* p) {
      return ref::XTimes(x, ref::XTimes(x, ref::SigmoidDerivative(SwishBetaX(x, p))));
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SWISH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SWISH_INL_H_
#undef ACTLAB_ACTIVATIONS_SWISH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SWISH_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Swish : SmoothOp {
  // In parts: beta = 1 is silu's math; other betas (beta x rounds) go through double.
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> BetaX(D d, V<D> x, const double* p) {
    return p[0] == 0 ? hn::Zero(d) : hn::Mul(Const(d, p[0]), x);  // beta = 0: x/2, also at inf
  }
  // The rounding error of beta x, for LogisticOfSum (0 where beta x is not finite).
  template <class D>
  static V<D> BetaXError(D d, V<D> x, V<D> bx, const double* p) {
    if (p[0] == 0 || p[0] == 1) return hn::Zero(d);
    // |x| above 2^900 scaled by 2^-600 (exactly) so that Dekker's splitting cannot overflow.
    const auto huge = hn::Gt(hn::Abs(x), Const(d, 0x1p900));
    const V<D> down = hn::IfThenElse(huge, Const(d, 0x1p-600), Const(d, 1.0));
    const V<D> up = hn::IfThenElse(huge, Const(d, 0x1p600), Const(d, 1.0));
    const V<D> e = hn::Mul(ProductError(d, Const(d, p[0]), hn::Mul(x, down), hn::Mul(bx, down)), up);
    return hn::IfThenElseZero(hn::IsFinite(e), e);
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      if (p[0] == 1.0) return parts::XLogistic(d, x);
      if constexpr (kIsFloat<D>) {
        return parts::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
      } else {  // x sigma(beta x) rounded once, beta x in two parts; x and -0 where |beta x| >= kFar
        if (p[0] == 0) return hn::Mul(x, Const(d, 0.5));
        const V<D> bx = BetaX(d, x, p), be = BetaXError(d, x, bx, p);
        const V<D> y = parts::Times(d, x, parts::LogisticOfSum(d, bx, be));
        return hn::IfThenElse(hn::Ge(hn::Abs(bx), Const(d, parts::kFar<D>)), hn::Max(Const(d, -0.0), x), y);
      }
    }
    const V<D> bx = BetaX(d, x, p), be = BetaXError(d, x, bx, p);
    return XTimes(d, x, LogisticOfSum(d, Logistic(d, bx), be));
  }
  // The fast tier: silu's for beta = 1, x / 2 for beta = 0, x sigma(v + ve) with beta x = v + ve
  // (beta in two floats, the product's error kept) for beta in [2^-60, 2^60]; other betas exact.
  static constexpr double kFastBetaMin = 0x1p-60, kFastBetaMax = 0x1p60;
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double* p) {
    if (p[0] == 1.0) return fast::XLogistic(d, x);
    if (p[0] == 0.0) return hn::Mul(x, Const(d, 0.5));
    if (!(p[0] >= kFastBetaMin && p[0] <= kFastBetaMax)) return Forward(d, x, p);
    const FastProduct<D> b = FastBetaX(d, x, p);
    return fast::XLogisticOfSum(d, x, b.v, b.ve);
  }
  // s + beta x s (1 - s) is a function of beta x alone: silu's at v + ve.
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double* p) {
    if (p[0] == 1.0) return fast::XLogisticSlope(d, x);
    if (!(p[0] >= kFastBetaMin && p[0] <= kFastBetaMax)) return Derivative(d, x, p);
    const FastProduct<D> b = FastBetaX(d, x, p);
    return fast::XLogisticSlope<true>(d, b.v, b.ve);
  }
  // beta x = v + ve in floats, beta itself in two; ve is 0 where it is not finite.
  template <class D>
  struct FastProduct {
    V<D> v, ve;
  };
  template <class D>
  static FastProduct<D> FastBetaX(D d, V<D> x, const double* p) {
    const V<D> bh = Const(d, p[0]), bl = Const(d, p[0] - double(float(p[0])));
    const V<D> v = hn::Mul(bh, x), e = hn::MulAdd(bl, x, hn::MulSub(bh, x, v));
    return {v, hn::IfThenElseZero(hn::IsFinite(e), e)};
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      if (p[0] == 1.0) return parts::XLogisticSlope(d, x);
      if constexpr (kIsFloat<D>) {
        return parts::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Derivative(dd, v, p); });
      } else {  // sigma(beta x) + beta x sigma'(beta x), beta x in two parts
        const V<D> bx = BetaX(d, x, p), be = BetaXError(d, x, bx, p);
        return parts::LogisticPlusSlopeTimes(d, bx, be, bx, be);
      }
    }
    const V<D> bx = BetaX(d, x, p), be = BetaXError(d, x, bx, p);
    const V<D> s = Logistic(d, bx);
    const V<D> y = hn::Add(LogisticOfSum(d, s, be), XTimes(d, bx, LogisticSlopeOfSum(d, s, LogisticSlope(d, bx), be)));
    return y;
  }
  template <class D>
  static V<D> ParamDerivative(D d, V<D> x, const double* p) {
    return XTimes(d, x, XTimes(d, x, LogisticSlope(d, BetaX(d, x, p))));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
