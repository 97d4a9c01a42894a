// Softplus: y = ln(1 + e^(beta x)) / beta, linear (y = x) where beta x > threshold (PyTorch);
// f' = sigmoid(beta x) = 1 - e^(-beta y). Seed 003 (inside Mish), 002's "nearRelu" figure.
// Stable form max(z, 0) + log1p(e^-|z|): softplus(100) = 100, softplus(-inf) = 0.

#ifndef ACTLAB_ACTIVATIONS_SOFTPLUS_DEF_
#define ACTLAB_ACTIVATIONS_SOFTPLUS_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSoftplusParams[] = {
    {.name = "beta", .default_value = 1.0, .min = 0, .max = 1e300, .min_inclusive = false,
     .doc = "sharpness"},
    {.name = "threshold", .default_value = 20.0, .min = -1e300, .max = 1e300,
     .doc = "linear (y = x) where beta x > threshold"}};
inline constexpr double kSoftplusSpecial[] = {20.0};
inline constexpr std::string_view kSoftplusVariants[] = {"softplus(beta=2, threshold=10)"};
inline const Definition kSoftplus{
    .info = {.kind = Kind::Softplus,
             .name = "softplus",
             .summary = "smooth ReLU, ln(1 + e^x)",
             .formula = "ln(1 + exp(beta * x)) / beta; x where beta * x > threshold",
             .formula_latex = R"(\tfrac{1}{\beta}\ln(1+e^{\beta x}))",
             .derivative = "sigmoid(beta * x); 1 where beta * x > threshold",
             .derivative_latex = R"(\sigma(\beta x))",
             .derivative_from_output = "1 - exp(-beta * y); 1 where beta * y > threshold",
             .range = "(0, inf)",
             .kinks = "switches to the identity where beta x > threshold (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^inf (but the threshold switch)",
                            .bounded_above = false, .bounded_below = true,
                            .zero_centred = false, .saturating = "left side", .sparse = false},
             .params = kSoftplusParams,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 4,
             .seeds = "002 003",
             .reference = "Dugas et al. 2001; Glorot et al. 2011",
             .variants = kSoftplusVariants},
    .f = [](auto x, const double* p) {
      const auto z = p[0] * x;
      return z > p[1] ? x : ref::Softplus(z) / p[0];
    },
    .df = [](auto x, const double* p) {
      const auto z = p[0] * x;
      return z > p[1] ? decltype(x)(1) : ref::Sigmoid(z);
    },
    .df_from_y = [](auto y, const double* p) {
      const auto z = p[0] * y;
      return z > p[1] ? decltype(y)(1) : -ref::expm1(-z);
    },
    .special_x = kSoftplusSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SOFTPLUS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SOFTPLUS_INL_H_
#undef ACTLAB_ACTIVATIONS_SOFTPLUS_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SOFTPLUS_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Softplus : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {  // beta = 1 only: beta x is exact
      if (p[0] != 1.0) return f32::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
    const V<D> z = hn::Mul(x, Const(d, p[0]));
    V<D> y = LogOnePlusExp(d, z);
    if (p[0] != 1.0) y = hn::Div(y, Const(d, p[0]));
    return hn::IfThenElse(hn::Gt(z, Const(d, p[1])), x, y);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      if (p[0] != 1.0) return f32::InDouble(d, x, [p](auto dd, auto v) HWY_ATTR { return Derivative(dd, v, p); });
    }
    const V<D> z = hn::Mul(x, Const(d, p[0]));
    return hn::IfThenElse(hn::Gt(z, Const(d, p[1])), Const(d, 1.0), Logistic(d, z));
  }
  // The fast tier for beta = 1 (other betas take the exact math): softplus and sigmoid.
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double* p) {
    if (p[0] != 1.0) return Forward(d, x, p);
    return hn::IfThenElse(hn::Gt(x, Const(d, p[1])), x, fast::LogOnePlusExp(d, x));
  }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double* p) {
    if (p[0] != 1.0) return Derivative(d, x, p);
    return hn::IfThenElse(hn::Gt(x, Const(d, p[1])), Const(d, 1.0), fast::Logistic(d, x));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) {
    const V<D> z = hn::Mul(y, Const(d, p[0]));
    return hn::IfThenElse(hn::Gt(z, Const(d, p[1])), Const(d, 1.0),
                          hn::Neg(ExpMinusOne(d, hn::Neg(z))));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
