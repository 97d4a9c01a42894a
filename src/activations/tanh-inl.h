// Tanh: y = (e^x - e^-x) / (e^x + e^-x) = 2 sigmoid(2x) - 1, f' = sech^2 x = 1 - y^2.
// Seeds 001, 003, 004. Range (-1, 1), zero-centred, f'(0) = 1. Seed 001 writes the derivative
// with the symbol sigma (S9); the value 4 / (e^x + e^-x)^2 is right.

#ifndef ACTLAB_ACTIVATIONS_TANH_DEF_
#define ACTLAB_ACTIVATIONS_TANH_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kTanh{
    .info = {.kind = Kind::Tanh,
             .name = "tanh",
             .summary = "hyperbolic tangent, zero-centred squashing to (-1, 1)",
             .formula = "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
             .formula_latex = R"(\tanh x = \frac{e^x-e^{-x}}{e^x+e^{-x}})",
             .derivative = "1 - tanh(x)^2 = 4 / (exp(x) + exp(-x))^2",
             .derivative_latex = R"(1-\tanh^2 x = \operatorname{sech}^2 x)",
             .derivative_from_output = "(1 - y) * (1 + y)",
             .range = "(-1, 1)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = true,
                            .saturating = "both sides", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 4, .ulp_f32_fast_backward = 4,
             .seeds = "001 003 004",
             .reference = "-"},
    .f = [](auto x, const double*) { return ref::tanh(x); },
    .df = [](auto x, const double*) { return ref::Sech2(x); },
    .df_from_y = [](auto y, const double*) { return (1 - y) * (1 + y); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_TANH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_TANH_INL_H_
#undef ACTLAB_ACTIVATIONS_TANH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_TANH_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Tanh : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return HyperbolicTangent(d, x); }
  // sech^2 from e^-2|x|: 1 - tanh^2 would cancel to 0 long before f' underflows.
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) { return Sech2(d, x); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    return hn::Mul(hn::Sub(Const(d, 1.0), y), hn::Add(Const(d, 1.0), y));
  }
  static constexpr bool kFastPassesNaN = true;
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::Tanh(d, x); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::Sech2(d, x); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
