// Squared ReLU: y = max(0, x)^2, f' = 2 max(0, x). Not in the seeds; Primer's activation for
// transformer feed-forward layers. One product each way, every result correctly rounded. Backward from the output: f' = 2 sqrt(y).

#ifndef ACTLAB_ACTIVATIONS_SQUARED_RELU_DEF_
#define ACTLAB_ACTIVATIONS_SQUARED_RELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kSquaredReluSpecial[] = {0.0, -0.0, 0x1p-75, 0x1.fffffep63};
inline const Definition kSquaredRelu{
    .info = {.kind = Kind::SquaredRelu,
             .name = "squared_relu",
             .summary = "ReLU squared, zero for negative input",
             .formula = "max(0, x)^2",
             .formula_latex = R"(\max(0, x)^2)",
             .derivative = "2 max(0, x)",
             .derivative_latex = R"(2\max(0, x))",
             .derivative_from_output = "2 sqrt(y)",
             .range = "[0, inf)",
             .kinks = "none (f'(0) = 0 from both sides; f'' jumps at 0)",
             .properties = {.monotonic = true, .smoothness = "C^1", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (f' = 0 exactly)", .sparse = true},
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "So et al. 2021 (Primer)"},
    .f = [](auto x, const double*) { return x > 0 ? x * x : decltype(x)(0); },
    .df = [](auto x, const double*) { return x > 0 ? 2 * x : decltype(x)(0); },
    .df_from_y = [](auto y, const double*) { return 2 * ref::sqrt(y); },
    .special_x = kSquaredReluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SQUARED_RELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SQUARED_RELU_INL_H_
#undef ACTLAB_ACTIVATIONS_SQUARED_RELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SQUARED_RELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct SquaredRelu : ExactOp {
  // dy * 2x in float64 lanes: 2x alone overflows float32 for x beyond 2^127 where dy * 2x with
  // |dy| < 1 need not (the float32 backward rounds once, the bfloat16 one exactly, as they must).
  static constexpr Float32Math kBackwardMath = Float32Math::kInDouble;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), hn::Mul(x, x)); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) { return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), hn::Add(x, x)); }
  template <class D>
  static V<D> DerivativeFromOutput(D, V<D> y, const double*) {
    const V<D> r = hn::Sqrt(y);
    return hn::Add(r, r);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
