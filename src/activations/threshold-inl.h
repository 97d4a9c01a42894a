// Threshold: y = x where x > threshold, value otherwise (PyTorch nn.Threshold; threshold = value
// = 0 is ReLU). f' = 1 above, 0 at and below. Backward from y works when value <= threshold
// (then y > threshold exactly when x > threshold). Not in the seeds.

#ifndef ACTLAB_ACTIVATIONS_THRESHOLD_DEF_
#define ACTLAB_ACTIVATIONS_THRESHOLD_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kThresholdParams[] = {
    {.name = "threshold", .default_value = 0.0, .min = -1e300, .max = 1e300, .doc = "cut point"},
    {.name = "value", .default_value = 0.0, .min = -1e300, .max = 1e300,
     .doc = "output at and below the cut"}};
inline constexpr double kThresholdSpecial[] = {0.0, -0.0};
inline constexpr std::string_view kThresholdVariants[] = {"threshold(threshold=0.5, value=-1)"};
inline const Definition kThreshold{
    .info = {.kind = Kind::Threshold,
             .name = "threshold",
             .summary = "x above the threshold, a constant below",
             .formula = "x if x > threshold else value",
             .formula_latex = R"(x \text{ if } x>t \text{ else } v)",
             .derivative = "1 if x > threshold else 0",
             .derivative_latex = R"(\mathbb{1}[x>t])",
             .derivative_from_output = "1 if y > threshold else 0 (needs value <= threshold)",
             .range = "{value} U (threshold, inf)",
             .kinks = "f'(threshold) = 0",
             .properties = {.monotonic = false, .smoothness = "discontinuous unless value = threshold",
                            .bounded_above = false, .bounded_below = true,
                            .zero_centred = false, .saturating = "left side", .sparse = true},
             .params = kThresholdParams,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "-",
             .variants = kThresholdVariants},
    .f = [](auto x, const double* p) { return x > p[0] ? x : decltype(x)(p[1]); },
    .df = [](auto x, const double* p) { return decltype(x)(x > p[0] ? 1 : 0); },
    .df_from_y = [](auto y, const double* p) { return decltype(y)(y > p[0] ? 1 : 0); },
    .from_output_valid = [](const double* p) { return p[1] <= p[0]; },
    .special_x = kThresholdSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_THRESHOLD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_THRESHOLD_INL_H_
#undef ACTLAB_ACTIVATIONS_THRESHOLD_INL_H_
#else
#define ACTLAB_ACTIVATIONS_THRESHOLD_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Threshold : PiecewiseOp {  // widened only to compare against the double threshold
  // float32 compares with the threshold's float neighbour
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      return hn::IfThenElse(hn::Gt(x, hn::Set(d, f32::FloatBelow(p[0]))), x, Const(d, p[1]));
    }
    return hn::IfThenElse(hn::Gt(x, Const(d, p[0])), x, Const(d, p[1]));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      return hn::IfThenElseZero(hn::Gt(x, hn::Set(d, f32::FloatBelow(p[0]))), Const(d, 1.0));
    }
    return hn::IfThenElseZero(hn::Gt(x, Const(d, p[0])), Const(d, 1.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) { return Derivative(d, y, p); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
