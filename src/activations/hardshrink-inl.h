// Hardshrink: y = x where |x| > lambda, 0 on [-lambda, lambda] (PyTorch); f' = 1 outside, 0 inside
// and at +-lambda. Not in the seeds.

#ifndef ACTLAB_ACTIVATIONS_HARDSHRINK_DEF_
#define ACTLAB_ACTIVATIONS_HARDSHRINK_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kShrinkParams[] = {
    {.name = "lambda", .default_value = 0.5, .min = 0, .max = 1e300,
     .doc = "half-width of the zeroed band"}};
inline constexpr double kShrinkSpecial[] = {-0.5, 0.5, 0.0};
inline constexpr std::string_view kHardshrinkVariants[] = {"hardshrink(1)"};
inline const Definition kHardshrink{
    .info = {.kind = Kind::Hardshrink,
             .name = "hardshrink",
             .summary = "zeroes [-lambda, lambda], identity outside",
             .formula = "x if |x| > lambda else 0",
             .formula_latex = R"(x\,\mathbb{1}[|x|>\lambda])",
             .derivative = "1 if |x| > lambda else 0",
             .derivative_latex = R"(\mathbb{1}[|x|>\lambda])",
             .derivative_from_output = "1 if y != 0 else 0",
             .range = "(-inf, -lambda) U {0} U (lambda, inf)",
             .kinks = "jumps at +-lambda; f'(+-lambda) = 0 (PyTorch)",
             .properties = {.monotonic = false, .smoothness = "discontinuous at +-lambda",
                            .bounded_above = false, .bounded_below = false,
                            .zero_centred = true, .saturating = "no", .sparse = true},
             .params = kShrinkParams,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "-",
             .variants = kHardshrinkVariants},
    .f = [](auto x, const double* p) { return ref::fabs(x) > p[0] ? x : decltype(x)(0); },
    .df = [](auto x, const double* p) { return decltype(x)(ref::fabs(x) > p[0] ? 1 : 0); },
    .df_from_y = [](auto y, const double*) { return decltype(y)(y != 0 ? 1 : 0); },
    .special_x = kShrinkSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_HARDSHRINK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_HARDSHRINK_INL_H_
#undef ACTLAB_ACTIVATIONS_HARDSHRINK_INL_H_
#else
#define ACTLAB_ACTIVATIONS_HARDSHRINK_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Hardshrink : PiecewiseOp {  // widened only to compare against the double lambda
  // float32 compares with lambda's float neighbour
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      return hn::IfThenElseZero(hn::Gt(hn::Abs(x), hn::Set(d, f32::FloatBelow(p[0]))), x);
    }
    return hn::IfThenElseZero(hn::Gt(hn::Abs(x), Const(d, p[0])), x);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      return hn::IfThenElseZero(hn::Gt(hn::Abs(x), hn::Set(d, f32::FloatBelow(p[0]))), Const(d, 1.0));
    }
    return hn::IfThenElseZero(hn::Gt(hn::Abs(x), Const(d, p[0])), Const(d, 1.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    return hn::IfThenZeroElse(hn::Eq(y, hn::Zero(d)), Const(d, 1.0));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
