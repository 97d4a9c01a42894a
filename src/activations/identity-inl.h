// Identity (linear): y = x, f' = 1. Seeds 000, 001: the non-example, since a network of linear
// layers collapses to one linear map (EXP-02).

#ifndef ACTLAB_ACTIVATIONS_IDENTITY_DEF_
#define ACTLAB_ACTIVATIONS_IDENTITY_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kIdentity{
    .info = {.kind = Kind::Identity,
             .name = "identity",
             .summary = "no nonlinearity: a stack of linear layers stays linear",
             .formula = "x",
             .formula_latex = "f(x) = x",
             .derivative = "1",
             .derivative_latex = "1",
             .derivative_from_output = "1",
             .range = "(-inf, inf)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true, .saturating = "no",
                            .sparse = false},
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "000 001",
             .reference = "-"},
    .f = [](auto x, const double*) { return x; },
    .df = [](auto x, const double*) { return decltype(x)(1); },
    .df_from_y = [](auto x, const double*) { return decltype(x)(1); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_IDENTITY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_IDENTITY_INL_H_
#undef ACTLAB_ACTIVATIONS_IDENTITY_INL_H_
#else
#define ACTLAB_ACTIVATIONS_IDENTITY_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Identity : ExactOp {
  template <class D>
  static V<D> Forward(D, V<D> x, const double*) { return x; }
  template <class D>
  static V<D> Derivative(D d, V<D>, const double*) { return Const(d, 1.0); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D>, const double*) { return Const(d, 1.0); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
