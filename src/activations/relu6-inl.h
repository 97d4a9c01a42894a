// ReLU6: y = min(max(0, x), 6); f' = 1 on (0, 6), 0 elsewhere and 0 at both kinks (PyTorch's
// hardtanh_backward). Seeds 003 (the base of h-swish), 004. relu6(-0) = +0.

#ifndef ACTLAB_ACTIVATIONS_RELU6_DEF_
#define ACTLAB_ACTIVATIONS_RELU6_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kRelu6Special[] = {0.0, -0.0, 6.0};
inline const Definition kRelu6{
    .info = {.kind = Kind::Relu6,
             .name = "relu6",
             .summary = "ReLU capped at 6 (MobileNet)",
             .formula = "min(max(0, x), 6)",
             .formula_latex = R"(\min(\max(0,x),6))",
             .derivative = "1 if 0 < x < 6 else 0",
             .derivative_latex = R"(\mathbb{1}[0<x<6])",
             .derivative_from_output = "1 if 0 < y < 6 else 0",
             .range = "[0, 6]",
             .kinks = "f'(0) = f'(6) = 0 (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kinks at 0 and 6",
                            .bounded_above = true, .bounded_below = true,
                            .zero_centred = false, .saturating = "both sides (hard)",
                            .sparse = true},
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "003 004",
             .reference = "Howard et al. 2017 (MobileNets)"},
    .f = [](auto x, const double*) { return x > 0 ? ref::fmin(x, decltype(x)(6)) : decltype(x)(0); },
    .df = [](auto x, const double*) { return decltype(x)(x > 0 && x < 6 ? 1 : 0); },
    .df_from_y = [](auto y, const double*) { return decltype(y)(y > 0 && y < 6 ? 1 : 0); },
    .special_x = kRelu6Special,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_RELU6_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_RELU6_INL_H_
#undef ACTLAB_ACTIVATIONS_RELU6_INL_H_
#else
#define ACTLAB_ACTIVATIONS_RELU6_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Relu6 : ExactOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    return hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), hn::Min(x, Const(d, 6.0)));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    return hn::IfThenElseZero(hn::And(hn::Gt(x, hn::Zero(d)), hn::Lt(x, Const(d, 6.0))),
                              Const(d, 1.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) { return Derivative(d, y, p); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
