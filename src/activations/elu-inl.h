// ELU: y = x for x > 0, alpha (e^x - 1) otherwise; f' = 1 or alpha e^x (alpha at x = 0, the
// x <= 0 branch, as PyTorch). Seeds 001, 004. Mean output for N(0,1) input 0.16 (ReLU: 0.40):
// "approximately zero mean" is true relative to ReLU. e^x - 1 via expm1: exact near 0.

#ifndef ACTLAB_ACTIVATIONS_ELU_DEF_
#define ACTLAB_ACTIVATIONS_ELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kEluParams[] = {
    {.name = "alpha", .default_value = 1.0, .min = -1e300, .max = 1e300,
     .doc = "saturation value -alpha for x -> -inf"}};
inline constexpr double kEluSpecial[] = {0.0, -0.0};
inline constexpr std::string_view kEluVariants[] = {"elu(alpha=0.5)"};
inline const Definition kElu{
    .info = {.kind = Kind::Elu,
             .name = "elu",
             .summary = "exponential linear unit: smooth negative side saturating at -alpha",
             .formula = "x if x > 0 else alpha * (exp(x) - 1)",
             .formula_latex = R"(x \text{ if } x>0 \text{ else } \alpha(e^x-1))",
             .derivative = "1 if x > 0 else alpha * exp(x)",
             .derivative_latex = R"(1 \text{ if } x>0 \text{ else } \alpha e^x)",
             .derivative_from_output = "1 if y > 0 else y + alpha (needs alpha >= 0)",
             .range = "(-alpha, inf)",
             .kinks = "f'(0) = alpha (PyTorch); C^1 only for alpha = 1",
             .properties = {.monotonic = true, .smoothness = "C^1 at alpha = 1, else C^0",
                            .bounded_above = false, .bounded_below = true,
                            .zero_centred = false, .saturating = "left side (soft)",
                            .sparse = false},
             .params = kEluParams,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 2, .ulp_f32_fast_backward = 2,
             .seeds = "001 004",
             .reference = "Clevert et al. 2015",
             .variants = kEluVariants},
    .f = [](auto x, const double* p) { return x > 0 ? x : p[0] * ref::expm1(x); },
    .df = [](auto x, const double* p) { return x > 0 ? decltype(x)(1) : p[0] * ref::exp(x); },
    .df_from_y = [](auto y, const double* p) { return y > 0 ? decltype(y)(1) : y + p[0]; },
    .from_output_valid = [](const double* p) { return p[0] >= 0; },
    .special_x = kEluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_ELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_ELU_INL_H_
#undef ACTLAB_ACTIVATIONS_ELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_ELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Elu : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      return parts::TinyInDouble(d, x, parts::ScaledExpMinusOne(d, x, p[0]),
                               [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
    const V<D> negative = hn::Mul(Const(d, p[0]), ExpMinusOne(d, hn::Min(x, hn::Zero(d))));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, negative);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), parts::ScaledExp(d, x, p[0]));
    }
    const V<D> negative = hn::Mul(Const(d, p[0]), Exponential(d, hn::Min(x, hn::Zero(d))));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), negative);
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) {
    return hn::IfThenElse(hn::Gt(y, hn::Zero(d)), Const(d, 1.0), hn::Add(y, Const(d, p[0])));
  }
  // alpha enters as its float neighbour (half an ULP more).
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double* p) { return fast::ScaledExpMinusOne(d, x, p[0]); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double* p) { return fast::ScaledExp(d, x, 1.0, p[0]); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
