// Log-sigmoid: y = ln sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|); f' = sigmoid(-x) =
// 1 - e^y. Not in the seeds; the stable half of binary cross-entropy.

#ifndef ACTLAB_ACTIVATIONS_LOGSIGMOID_DEF_
#define ACTLAB_ACTIVATIONS_LOGSIGMOID_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kLogsigmoid{
    .info = {.kind = Kind::Logsigmoid,
             .name = "logsigmoid",
             .summary = "log of the sigmoid, -softplus(-x)",
             .formula = "ln(1 / (1 + exp(-x)))",
             .formula_latex = R"(\ln\sigma(x) = -\ln(1+e^{-x}))",
             .derivative = "sigmoid(-x)",
             .derivative_latex = R"(\sigma(-x) = 1-\sigma(x))",
             .derivative_from_output = "1 - exp(y)",
             .range = "(-inf, 0)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = false, .zero_centred = false,
                            .saturating = "right side", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 4,
             .seeds = "-",
             .reference = "-"},
    .f = [](auto x, const double*) { return -ref::Softplus(-x); },
    .df = [](auto x, const double*) { return ref::Sigmoid(-x); },
    .df_from_y = [](auto y, const double*) { return -ref::expm1(y); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_LOGSIGMOID_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_LOGSIGMOID_INL_H_
#undef ACTLAB_ACTIVATIONS_LOGSIGMOID_INL_H_
#else
#define ACTLAB_ACTIVATIONS_LOGSIGMOID_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Logsigmoid : SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return hn::Neg(LogOnePlusExp(d, hn::Neg(x))); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) { return Logistic(d, hn::Neg(x)); }
  // The fast tier: -softplus(-x) and sigmoid(-x), both carrying NaN through.
  static constexpr bool kFastPassesNaN = true;
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return hn::Neg(fast::LogOnePlusExp(d, hn::Neg(x))); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::Logistic(d, hn::Neg(x)); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    return hn::Neg(ExpMinusOne(d, y));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
