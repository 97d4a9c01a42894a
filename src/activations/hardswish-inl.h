// Hard swish (h-swish): y = x relu6(x + 3) / 6 (MobileNetV3), cheaper than swish; seed 003.
// f' = 0 for x <= -3, x/3 + 1/2 on (-3, 3), 1 for x >= 3: 0 at -3 and 1 at +3 as current PyTorch
// (older releases gave -1/2 and 3/2 there). Minimum -0.375 at x = -1.5; max |h-swish - swish| =
// 0.14228 at x = -3.

#ifndef ACTLAB_ACTIVATIONS_HARDSWISH_DEF_
#define ACTLAB_ACTIVATIONS_HARDSWISH_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kHardswishSpecial[] = {-3.0, -1.5, 3.0};
inline const Definition kHardswish{
    .info = {.kind = Kind::Hardswish,
             .name = "hardswish",
             .summary = "piecewise-quadratic swish, x * relu6(x + 3) / 6",
             .formula = "x * relu6(x + 3) / 6",
             .formula_latex = R"(x\,\frac{\min(\max(0,x+3),6)}{6})",
             .derivative = "0 if x <= -3; x/3 + 1/2 if -3 < x < 3; 1 if x >= 3",
             .derivative_latex = R"(0,\ \tfrac{x}{3}+\tfrac12,\ 1)",
             .derivative_from_output = "",
             .range = "[-0.375, inf)",
             .kinks = "f'(-3) = 0, f'(3) = 1 (current PyTorch)",
             .properties = {.monotonic = false, .smoothness = "C^0, f' jumps at -3 and 3",
                            .bounded_above = false, .bounded_below = true,
                            .zero_centred = false, .saturating = "left side (hard zero)",
                            .sparse = true},
             .ulp_f32 = 1, .ulp_f64 = 1,
             .seeds = "003",
             .reference = "Howard et al. 2019 (MobileNetV3)"},
    .f = [](auto x, const double*) { return x <= -3 ? decltype(x)(0) : x >= 3 ? x : x * (x + 3) / 6; },
    .df = [](auto x, const double*) { return x <= -3 ? decltype(x)(0) : x < 3 ? (x + decltype(x)(1.5)) / 3 : decltype(x)(1); },
    .special_x = kHardswishSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_HARDSWISH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_HARDSWISH_INL_H_
#undef ACTLAB_ACTIVATIONS_HARDSWISH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_HARDSWISH_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Hardswish : PiecewiseOp {  // widened: x (x + 3) / 6 rounds once for float32
  // In parts: x + 3 (and x + 1.5) in two parts, their product with x in two parts, times 1/6 (1/3).
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, [[maybe_unused]] const double* p) {
    if constexpr (kInParts<D>) {
      const auto [h, e] = TwoSum<D>(x, Const(d, 3.0));
      // float64: x below 2^-900 is scaled by 2^600 in the product, the result back at the end,
      // so that the error terms do not underflow (float32 takes such lanes in double instead).
      const auto tiny = hn::Lt(hn::Abs(x), Const(d, 0x1p-900));
      const V<D> xs = kIsFloat<D> ? x : hn::IfThenElse(tiny, hn::Mul(x, Const(d, 0x1p600)), x);
      const V<D> ph = hn::Mul(xs, h), pl = hn::MulAdd(xs, e, ProductError(d, xs, h, ph));
      V<D> middle = parts::TimesConst(d, 1.0 / 6, 0x1.5555555555555p-57, ph, pl);
      if constexpr (!kIsFloat<D>) {
        middle = hn::IfThenElse(tiny, parts::Scale(d, middle, Const(d, -600.0)), middle);
      }
      const V<D> y = hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                                    hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), x, middle));
      return parts::TinyInDouble(d, x, y, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
    const V<D> middle = hn::Div(hn::Mul(x, hn::Add(x, Const(d, 3.0))), Const(d, 6.0));
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                          hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), x, middle));
  }
  // (x + 1.5) / 3 rather than x/3 + 1/2: exact near the root -1.5, where the sum would cancel.
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {
      const auto [h, e] = TwoSum<D>(x, Const(d, 1.5));
      const V<D> middle = parts::TimesConst(d, 1.0 / 3, 0x1.5555555555555p-56, h, e);
      return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                            hn::IfThenElse(hn::Lt(x, Const(d, 3.0)), middle, Const(d, 1.0)));
    }
    const V<D> middle = hn::Div(hn::Add(x, Const(d, 1.5)), Const(d, 3.0));
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                          hn::IfThenElse(hn::Lt(x, Const(d, 3.0)), middle, Const(d, 1.0)));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
