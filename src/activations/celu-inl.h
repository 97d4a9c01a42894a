// CELU: y = x for x > 0, alpha (e^(x/alpha) - 1) otherwise; continuously differentiable for any
// alpha > 0 (f'(0) = 1 from both sides). Not in the seeds.

#ifndef ACTLAB_ACTIVATIONS_CELU_DEF_
#define ACTLAB_ACTIVATIONS_CELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kCeluParams[] = {
    {.name = "alpha", .default_value = 1.0, .min = 0, .max = 1e300, .min_inclusive = false,
     .doc = "saturation value -alpha"}};
inline constexpr std::string_view kCeluVariants[] = {"celu(alpha=2)"};
inline const Definition kCelu{
    .info = {.kind = Kind::Celu,
             .name = "celu",
             .summary = "continuously differentiable ELU",
             .formula = "x if x > 0 else alpha * (exp(x / alpha) - 1)",
             .formula_latex = R"(\max(0,x)+\min(0,\alpha(e^{x/\alpha}-1)))",
             .derivative = "1 if x > 0 else exp(x / alpha)",
             .derivative_latex = R"(1 \text{ or } e^{x/\alpha})",
             .derivative_from_output = "1 if y > 0 else y / alpha + 1",
             .range = "(-alpha, inf)",
             .kinks = "none (f'(0) = 1)",
             .properties = {.monotonic = true, .smoothness = "C^1", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (soft)", .sparse = false},
             .params = kCeluParams,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 2, .ulp_f32_fast_backward = 2,
             .seeds = "-",
             .reference = "Barron 2017",
             .variants = kCeluVariants},
    .f = [](auto x, const double* p) { return x > 0 ? x : p[0] * ref::expm1(x / p[0]); },
    .df = [](auto x, const double* p) { return x > 0 ? decltype(x)(1) : ref::exp(x / p[0]); },
    .df_from_y = [](auto y, const double* p) { return y > 0 ? decltype(y)(1) : y / p[0] + 1; },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_CELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_CELU_INL_H_
#undef ACTLAB_ACTIVATIONS_CELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_CELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Celu : SmoothOp {
  // In parts: alpha = 1 is elu's math; other alphas (x / alpha rounds) go through double.
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Scaled(D d, V<D> x, const double* p) {
    const V<D> negative = hn::Min(x, hn::Zero(d));
    return p[0] == 1.0 ? negative : hn::Div(negative, Const(d, p[0]));
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      if (p[0] == 1.0) return parts::ScaledExpMinusOne(d, x, 1.0);
      if constexpr (kIsFloat<D>) {
        return parts::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
      } else {  // x / alpha = q + ql (the remainder exact), e^(q + ql) - 1 = m + ql (1 + m)
        const V<D> negative = hn::Min(x, hn::Zero(d)), alpha = Const(d, p[0]);
        const V<D> q = hn::Div(negative, alpha), qa = hn::Mul(q, alpha);
        const V<D> rem = hn::Sub(hn::Sub(negative, qa), ProductError(d, q, alpha, qa));
        // Beyond q = -800, e^q is 0 to every bit and the remainder may not be finite.
        const V<D> ql = hn::IfThenElseZero(hn::Gt(q, Const(d, -800.0)), hn::Div(rem, alpha));
        const auto [hi, lo] = parts::ExpMinusOneParts(d, q);
        const V<D> y = parts::TimesConst(d, p[0], 0.0, hi, hn::MulAdd(ql, hn::Add(Const(d, 1.0), hi), lo));
        return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, y);
      }
    }
    const V<D> negative = hn::Mul(Const(d, p[0]), ExpMinusOne(d, Scaled(d, x, p)));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, negative);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      if (p[0] == 1.0) return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), parts::ScaledExp(d, x, 1.0));
      if constexpr (kIsFloat<D>) return parts::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Derivative(dd, v, p); });
    }
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), Exponential(d, Scaled(d, x, p)));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) {
    const V<D> negative = hn::Add(hn::Div(y, Const(d, p[0])), Const(d, 1.0));
    return hn::IfThenElse(hn::Gt(y, hn::Zero(d)), Const(d, 1.0), negative);
  }
  // alpha = 1 only (elu's); other alphas take the exact math (x / alpha would round first).
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double* p) {
    return p[0] == 1.0 ? fast::ScaledExpMinusOne(d, x, 1.0) : Forward(d, x, p);
  }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double* p) {
    return p[0] == 1.0 ? fast::ScaledExp(d, x, 1.0, 1.0) : Derivative(d, x, p);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
