// ReLU: y = max(0, x), f' = 1 for x > 0 and 0 for x <= 0. Seeds: all five.
// f'(0) = 0 as in PyTorch's threshold_backward and as seed 000's code and 002's code compute it
// (000's text says frameworks use 1, and 002's formula gives 1 at 0: seed errors S1, S15).
// relu(-0) = +0. Backward from the output works because y > 0 exactly when x > 0 (seed 000's
// top_val, 002's mask).

#ifndef ACTLAB_ACTIVATIONS_RELU_DEF_
#define ACTLAB_ACTIVATIONS_RELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kReluSpecial[] = {0.0, -0.0};
inline const Definition kRelu{
    .info = {.kind = Kind::Relu,
             .name = "relu",
             .summary = "rectified linear unit, zero for negative input",
             .formula = "max(0, x)",
             .formula_latex = R"(\max(0, x))",
             .derivative = "1 if x > 0 else 0",
             .derivative_latex = R"(\mathbb{1}[x > 0])",
             .derivative_from_output = "1 if y > 0 else 0",
             .range = "[0, inf)",
             .kinks = "f'(0) = 0 (PyTorch); relu(-0) = +0",
             .properties = {.monotonic = true, .smoothness = "C^0, kink at 0",
                            .bounded_above = false, .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (f' = 0 exactly: units can die)",
                            .sparse = true},
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "000 001 002 003 004",
             .reference = "Nair & Hinton 2010; Glorot et al. 2011"},
    .f = [](auto x, const double*) { return x > 0 ? x : decltype(x)(0); },
    .df = [](auto x, const double*) { return decltype(x)(x > 0 ? 1 : 0); },
    .df_from_y = [](auto y, const double*) { return decltype(y)(y > 0 ? 1 : 0); },
    .special_x = kReluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_RELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_RELU_INL_H_
#undef ACTLAB_ACTIVATIONS_RELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_RELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Relu : ExactOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) { return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), x); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) { return Derivative(d, y, p); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
