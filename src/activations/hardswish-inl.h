// Hard swish (h-swish): y = x relu6(x + 3) / 6 (MobileNetV3), cheaper than swish; seed 003.
// f' = 0 for x <= -3, x/3 + 1/2 on (-3, 3), 1 for x >= 3: 0 at -3 and 1 at +3 as current PyTorch
// (older releases gave -1/2 and 3/2 there). Minimum -0.375 at x = -1.5; max |h-swish - swish| =
// 0.14228 at x = -3.

#ifndef ACTLAB_ACTIVATIONS_HARDSWISH_DEF_
#define ACTLAB_ACTIVATIONS_HARDSWISH_DEF_
#include "activations/definition.h"
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
             .ulp_f32 = 1, .ulp_f64 = 2,
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
#include "activations/math-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Hardswish : SmoothOp {  // widened: x (x + 3) / 6 rounds once for float32
  // Float: x + 3 (and x + 1.5) in two parts, their product with x in two parts, times 1/6 (1/3).
  static constexpr bool kOwnFloatForward = true, kOwnFloatBackward = true;
  template <class D>
  static V<D> Forward(D d, V<D> x, [[maybe_unused]] const double* p) {
#if HWY_TARGET <= HWY_AVX3
    if constexpr (std::is_same_v<hn::TFromD<D>, float>) {
      V<D> h, e;
      TwoSum<D>(x, Const(d, 3.0), h, e);
      const V<D> ph = hn::Mul(x, h), pl = hn::MulAdd(x, e, hn::MulSub(x, h, ph));
      const V<D> middle = f32::TimesConst(d, 1.0 / 6, ph, pl);
      const V<D> y = hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                                    hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), x, middle));
      return f32::TinyInDouble(d, x, y, [p](auto dd, auto v) HWY_ATTR { return Forward(dd, v, p); });
    }
#endif
    const V<D> middle = hn::Div(hn::Mul(x, hn::Add(x, Const(d, 3.0))), Const(d, 6.0));
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                          hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), x, middle));
  }
  // (x + 1.5) / 3 rather than x/3 + 1/2: exact near the root -1.5, where the sum would cancel.
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
#if HWY_TARGET <= HWY_AVX3
    if constexpr (std::is_same_v<hn::TFromD<D>, float>) {
      V<D> h, e;
      TwoSum<D>(x, Const(d, 1.5), h, e);
      return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                            hn::IfThenElse(hn::Lt(x, Const(d, 3.0)), f32::TimesConst(d, 1.0 / 3, h, e), Const(d, 1.0)));
    }
#endif
    const V<D> middle = hn::Div(hn::Add(x, Const(d, 1.5)), Const(d, 3.0));
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                          hn::IfThenElse(hn::Lt(x, Const(d, 3.0)), middle, Const(d, 1.0)));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
