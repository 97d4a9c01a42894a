// Sigmoid (logistic): y = 1 / (1 + e^-x), f' = y (1 - y). Seeds: all five.
// Range (0, 1); f' in (0, 1/4], largest at 0. Not zero-centred (E[f(Z)] = 0.5): the cause of the
// zig-zag of seed 001/003. Stable form: e^-|x| reflected, so sigmoid(-100) is 3.7e-44, not NaN.

#ifndef ACTLAB_ACTIVATIONS_SIGMOID_DEF_
#define ACTLAB_ACTIVATIONS_SIGMOID_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kSigmoid{
    .info = {.kind = Kind::Sigmoid,
             .name = "sigmoid",
             .summary = "logistic function, squashes to (0, 1)",
             .formula = "1 / (1 + exp(-x))",
             .formula_latex = R"(\sigma(x) = \frac{1}{1+e^{-x}})",
             .derivative = "sigmoid(x) * (1 - sigmoid(x))",
             .derivative_latex = R"(\sigma(x)\,(1-\sigma(x)))",
             .derivative_from_output = "y * (1 - y)",
             .range = "(0, 1)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "both sides", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 4, .ulp_f32_fast_backward = 3,
             .seeds = "000 001 002 003 004",
             .reference = "logistic function"},
    .f = [](auto x, const double*) { return ref::Sigmoid(x); },
    .df = [](auto x, const double*) { return ref::SigmoidDerivative(x); },
    .df_from_y = [](auto y, const double*) { return y * (1 - y); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SIGMOID_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SIGMOID_INL_H_
#undef ACTLAB_ACTIVATIONS_SIGMOID_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SIGMOID_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Sigmoid : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return Logistic(d, x); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) { return LogisticSlope(d, x); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    return hn::Mul(y, hn::Sub(Const(d, 1.0), y));
  }
  static constexpr bool kFastPassesNaN = true;
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::Logistic(d, x); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::LogisticSlope(d, x); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
