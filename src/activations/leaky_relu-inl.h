// Leaky ReLU: y = x for x > 0, a x otherwise (PyTorch: max(0,x) + a min(0,x)); f' = 1 or a, and
// a at x = 0 (PyTorch; seed 002's code). Seeds 001, 002, 004. Seed 001 calls the slope a "bias"
// (S10) and writes max(a x, x), which equals this only for a <= 1. a x is rounded once from the
// double slope (float32 computes in double), so the result is the correctly rounded a x.

#ifndef ACTLAB_ACTIVATIONS_LEAKY_RELU_DEF_
#define ACTLAB_ACTIVATIONS_LEAKY_RELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kLeakyReluParams[] = {
    {.name = "negative_slope", .default_value = 0.01, .min = -1e300, .max = 1e300,
     .doc = "slope a for x <= 0"}};
inline constexpr double kLeakyReluSpecial[] = {0.0, -0.0};
inline constexpr auto LeakyReluForward = [](auto x, const double* p) { return x > 0 ? x : p[0] * x; };
inline constexpr auto LeakyReluDerivative = [](auto x, const double* p) { return decltype(x)(x > 0 ? 1 : p[0]); };
inline constexpr std::string_view kLeakyReluVariants[] = {"leaky_relu(0.2)", "leaky_relu(-0.5)"};
inline const Definition kLeakyRelu{
    .info = {.kind = Kind::LeakyRelu,
             .name = "leaky_relu",
             .summary = "ReLU with a small slope for negative input, so no unit dies",
             .formula = "x if x > 0 else negative_slope * x",
             .formula_latex = R"(\max(0,x) + a\min(0,x))",
             .derivative = "1 if x > 0 else negative_slope",
             .derivative_latex = R"(1 \text{ if } x>0 \text{ else } a)",
             .derivative_from_output = "1 if y > 0 else negative_slope (needs negative_slope > 0)",
             .range = "(-inf, inf) for a > 0",
             .kinks = "f'(0) = negative_slope (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kink at 0",
                            .bounded_above = false, .bounded_below = false,
                            .zero_centred = false, .saturating = "no", .sparse = false},
             .params = kLeakyReluParams,
             .ulp_f32 = 0, .ulp_f64 = 1,
             .seeds = "001 002 004",
             .reference = "Maas et al. 2013",
             .variants = kLeakyReluVariants},
    .f = LeakyReluForward,
    .df = LeakyReluDerivative,
    .df_from_y = [](auto y, const double* p) { return y > 0 ? decltype(y)(1) : decltype(y)(p[0]); },
    .from_output_valid = [](const double* p) { return p[0] > 0; },
    .special_x = kLeakyReluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_LEAKY_RELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_LEAKY_RELU_INL_H_
#undef ACTLAB_ACTIVATIONS_LEAKY_RELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_LEAKY_RELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct LeakyRelu : PiecewiseOp {  // widened only to round a * x once, from the double slope
  static constexpr Float32Math kForwardMath = Float32Math::kInParts;  // the slope in two floats
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      const V<D> y = hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, f32::TimesConst(d, p[0], x));
      return f32::TinyInDouble(d, x, y, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, hn::Mul(x, Const(d, p[0])));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), Const(d, p[0]));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) { return Derivative(d, y, p); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
