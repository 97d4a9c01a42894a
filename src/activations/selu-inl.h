// SELU: y = scale (x for x > 0, alpha (e^x - 1) otherwise) with the self-normalising constants
// alpha = 1.6732632423543772, scale = 1.0507009873554805 (Klambauer et al. 2017). f' = scale or
// scale alpha e^x (the x <= 0 branch at 0). Not in the seeds.

#ifndef ACTLAB_ACTIVATIONS_SELU_DEF_
#define ACTLAB_ACTIVATIONS_SELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
inline constexpr double kSeluScale = 1.0507009873554804934193349852946;
inline constexpr double kSeluSpecial[] = {0.0, -0.0};
inline const Definition kSelu{
    .info = {.kind = Kind::Selu,
             .name = "selu",
             .summary = "scaled ELU with self-normalising constants",
             .formula = "scale * (x if x > 0 else alpha * (exp(x) - 1))",
             .formula_latex = R"(\lambda(x \text{ if } x>0 \text{ else } \alpha(e^x-1)))",
             .derivative = "scale if x > 0 else scale * alpha * exp(x)",
             .derivative_latex = R"(\lambda \text{ or } \lambda\alpha e^x)",
             .derivative_from_output = "scale if y > 0 else y + scale * alpha",
             .range = "(-scale*alpha, inf) = (-1.7581, inf)",
             .kinks = "f'(0) = scale * alpha (x <= 0 branch, PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kink at 0",
                            .bounded_above = false, .bounded_below = true,
                            .zero_centred = false, .saturating = "left side (soft)",
                            .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 3,
             .seeds = "-",
             .reference = "Klambauer et al. 2017"},
    .f = [](auto x, const double*) {
      return kSeluScale * (x > 0 ? x : kSeluAlpha * ref::expm1(x));
    },
    .df = [](auto x, const double*) {
      return x > 0 ? decltype(x)(kSeluScale) : kSeluScale * (kSeluAlpha * ref::exp(x));
    },
    .df_from_y = [](auto y, const double*) {
      // scale * alpha = hi + lo exactly (FMA), so the sum is exact where it cancels.
      const double hi = kSeluScale * kSeluAlpha, lo = std::fma(kSeluScale, kSeluAlpha, -hi);
      return y > 0 ? decltype(y)(kSeluScale) : (y + decltype(y)(hi)) + decltype(y)(lo);
    },
    .special_x = kSeluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SELU_INL_H_
#undef ACTLAB_ACTIVATIONS_SELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Selu : SmoothOp {
  // scale * alpha, exactly, in two parts.
  static constexpr double kScaleAlphaHi = def::kSeluScale * def::kSeluAlpha;
  static constexpr double kScaleAlphaLo = 0x1.092dbf6372048p-54;
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, [[maybe_unused]] const double* p) {
    if constexpr (kInParts<D>) {
      const V<D> negative = parts::ScaledExpMinusOne(d, x, kScaleAlphaHi, kScaleAlphaLo);
      V<D> positive = hn::Mul(x, Const(d, def::kSeluScale));  // the scale is a double: exact
      if constexpr (kIsFloat<D>) positive = f32::TimesConst(d, def::kSeluScale, x);
      const V<D> y = hn::IfThenElse(hn::Gt(x, hn::Zero(d)), positive, negative);
      return parts::TinyInDouble(d, x, y, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
    const V<D> negative = hn::Mul(Const(d, double(Real(def::kSeluScale) * def::kSeluAlpha)),
                                  ExpMinusOne(d, hn::Min(x, hn::Zero(d))));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Mul(x, Const(d, def::kSeluScale)), negative);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {
      const V<D> negative = parts::ScaledExp(d, x, kScaleAlphaHi, kScaleAlphaLo);
      return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, def::kSeluScale), negative);
    }
    const V<D> negative = hn::Mul(Const(d, double(Real(def::kSeluScale) * def::kSeluAlpha)),
                                  Exponential(d, hn::Min(x, hn::Zero(d))));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, def::kSeluScale), negative);
  }
  // y + scale*alpha cancels where y nears -scale*alpha: add the product in two parts, its
  // rounding error exact by FMA, so y + hi is exact there and lo carries the rest.
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    const double hi = def::kSeluScale * def::kSeluAlpha;
    const double lo = std::fma(def::kSeluScale, def::kSeluAlpha, -hi);
    const V<D> negative = hn::Add(hn::Add(y, Const(d, hi)), Const(d, lo));
    return hn::IfThenElse(hn::Gt(y, hn::Zero(d)), Const(d, def::kSeluScale), negative);
  }
  // scale * alpha enters as a float; scale x rounds once (near FLT_MAX a float scale would
  // overflow where scale x does not).
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) {
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), fast::TimesConst(d, def::kSeluScale, x),
                          fast::ScaledExpMinusOne(d, hn::Min(x, hn::Zero(d)), kScaleAlphaHi));
  }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) {
    return fast::ScaledExp(d, x, def::kSeluScale, kScaleAlphaHi);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
