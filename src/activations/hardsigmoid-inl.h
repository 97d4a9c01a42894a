// Hard sigmoid: y = relu6(x + 3) / 6 (PyTorch, MobileNetV3); f' = 1/6 on (-3, 3), 0 elsewhere and
// 0 at +-3. Seed 003 ("hard/soft sigmoid" figure, implied by h-swish). Old Keras used
// clip(0.2x + 0.5, 0, 1); we follow PyTorch. max |hardsigmoid - sigmoid| = 0.06918.

#ifndef ACTLAB_ACTIVATIONS_HARDSIGMOID_DEF_
#define ACTLAB_ACTIVATIONS_HARDSIGMOID_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kHardsigmoidSpecial[] = {-3.0, 3.0};
inline const Definition kHardsigmoid{
    .info = {.kind = Kind::Hardsigmoid,
             .name = "hardsigmoid",
             .summary = "piecewise-linear sigmoid, relu6(x + 3) / 6",
             .formula = "relu6(x + 3) / 6",
             .formula_latex = R"(\frac{\min(\max(0,x+3),6)}{6})",
             .derivative = "1/6 if -3 < x < 3 else 0",
             .derivative_latex = R"(\tfrac16\,\mathbb{1}[-3<x<3])",
             .derivative_from_output = "1/6 if 0 < y < 1 else 0",
             .range = "[0, 1]",
             .kinks = "f'(-3) = f'(3) = 0 (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kinks at -3 and 3",
                            .bounded_above = true, .bounded_below = true,
                            .zero_centred = false, .saturating = "both sides (hard)",
                            .sparse = true},
             .ulp_f32 = 0, .ulp_f64 = 1,
             .seeds = "003",
             .reference = "Howard et al. 2019 (MobileNetV3)"},
    .f = [](auto x, const double*) { return x <= -3 ? decltype(x)(0) : x >= 3 ? decltype(x)(1) : (x + 3) / 6; },
    .df = [](auto x, const double*) { return x > -3 && x < 3 ? decltype(x)(1) / 6 : decltype(x)(0); },
    .df_from_y = [](auto y, const double*) { return y > 0 && y < 1 ? decltype(y)(1) / 6 : decltype(y)(0); },
    .special_x = kHardsigmoidSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_HARDSIGMOID_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_HARDSIGMOID_INL_H_
#undef ACTLAB_ACTIVATIONS_HARDSIGMOID_INL_H_
#else
#define ACTLAB_ACTIVATIONS_HARDSIGMOID_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Hardsigmoid : PiecewiseOp {  // widened so that (x + 3) / 6 rounds once for float32
  // (x + 3) / 6, not x/6 + 1/2: x + 3 is exact near -3, where the result is tiny.
  static constexpr Float32Math kForwardMath = Float32Math::kInParts;  // float: x + 3 in two parts, times 1/6
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      const auto [h, e] = TwoSum<D>(x, Const(d, 3.0));
      const V<D> line = f32::TimesConst(d, 1.0 / 6, h, e);
      return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                            hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), Const(d, 1.0), line));
    }
    const V<D> line = hn::Div(hn::Add(x, Const(d, 3.0)), Const(d, 6.0));
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), hn::Zero(d),
                          hn::IfThenElse(hn::Ge(x, Const(d, 3.0)), Const(d, 1.0), line));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    const auto inside = hn::And(hn::Gt(x, Const(d, -3.0)), hn::Lt(x, Const(d, 3.0)));
    return hn::IfThenElseZero(inside, Const(d, 1.0 / 6.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double*) {
    const auto inside = hn::And(hn::Gt(y, hn::Zero(d)), hn::Lt(y, Const(d, 1.0)));
    return hn::IfThenElseZero(inside, Const(d, 1.0 / 6.0));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
