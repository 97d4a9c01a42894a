// SiLU: swish with beta fixed at 1, y = x sigmoid(x) (PyTorch nn.SiLU). Seeds 003, 004.
// f'(0) = 1/2; minimum -0.278465 at x = -1.278465.
#include "activations/swish-inl.h"

#ifndef ACTLAB_ACTIVATIONS_SILU_DEF_
#define ACTLAB_ACTIVATIONS_SILU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kSiluBeta[] = {1.0};
inline const Definition kSilu{
    .info = {.kind = Kind::Silu,
             .name = "silu",
             .summary = "sigmoid-weighted linear unit, swish with beta = 1",
             .formula = "x * sigmoid(x)",
             .formula_latex = R"(x\,\sigma(x))",
             .derivative = "s * (1 + x * (1 - s)), s = sigmoid(x)",
             .derivative_latex = R"(\sigma(x)(1 + x(1-\sigma(x))))",
             .derivative_from_output = "",
             .range = "[-0.278465, inf)",
             .kinks = "none",
             .properties = kSwish.info.properties,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 4,
             .seeds = "003 004",
             .reference = "Elfwing et al. 2017; Hendrycks & Gimpel 2016"},
    .f = [](auto x, const double*) { return SwishForward(x, kSiluBeta); },
    .df = [](auto x, const double*) { return SwishDerivative(x, kSiluBeta); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SILU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SILU_INL_H_
#undef ACTLAB_ACTIVATIONS_SILU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SILU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Silu : SmoothOp {
  static constexpr double kBeta[] = {1.0};
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) return parts::XLogistic(d, x);
    return Swish::Forward(d, x, kBeta);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) return parts::XLogisticSlope(d, x);
    return Swish::Derivative(d, x, kBeta);
  }
  static constexpr bool kFastPassesNaN = true;
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::XLogistic(d, x); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::XLogisticSlope(d, x); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
