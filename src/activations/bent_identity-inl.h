// Bent identity: y = (sqrt(x^2 + 1) - 1) / 2 + x, f' = x / (2 sqrt(x^2 + 1)) + 1, between 1/2
// and 3/2: never saturates, never vanishes. Not in the seeds (a TensorFlow-Playground-era
// classic). sqrt(x^2 + 1) - 1 cancels near 0, so it is x^2 / (sqrt(x^2 + 1) + 1); beyond
// |x| = 2^27, where x^2 + 1 rounds to x^2 in float64, y = 1.5 x - 0.5 or 0.5 x - 0.5 exactly
// to float64 precision, which also gives the limits at +-inf.

#ifndef ACTLAB_ACTIVATIONS_BENT_IDENTITY_DEF_
#define ACTLAB_ACTIVATIONS_BENT_IDENTITY_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kBentIdentity{
    .info = {.kind = Kind::BentIdentity,
             .name = "bent_identity",
             .summary = "identity bent upwards: slope 1/2 on the left, 3/2 on the right",
             .formula = "(sqrt(x^2 + 1) - 1) / 2 + x",
             .formula_latex = R"(\frac{\sqrt{x^2+1}-1}{2} + x)",
             .derivative = "x / (2 sqrt(x^2 + 1)) + 1",
             .derivative_latex = R"(\frac{x}{2\sqrt{x^2+1}} + 1)",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true, .saturating = "no",
                            .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 2, .ulp_f64_backward = 2,
             .seeds = "-",
             .reference = "-"},
    .f = [](auto x, const double*) {
      if (ref::isinf(x)) return x;
      return x * x / (2 * (ref::sqrt(x * x + 1) + 1)) + x;
    },
    .df = [](auto x, const double*) {
      using R = decltype(x);
      if (ref::isinf(x)) return x > 0 ? R(1.5) : R(0.5);
      return x / (2 * ref::sqrt(x * x + 1)) + 1;
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_BENT_IDENTITY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_BENT_IDENTITY_INL_H_
#undef ACTLAB_ACTIVATIONS_BENT_IDENTITY_INL_H_
#else
#define ACTLAB_ACTIVATIONS_BENT_IDENTITY_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct BentIdentity : SmoothOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    const V<D> w = hn::Min(hn::Abs(x), Const(d, 0x1p27));
    const V<D> w2 = hn::Mul(w, w);
    const V<D> bend = Divide(d, w2, hn::Mul(Const(d, 2.0), hn::Add(hn::Sqrt(hn::Add(w2, Const(d, 1.0))), Const(d, 1.0))));
    const V<D> slope = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), Const(d, 0.5), Const(d, 1.5));
    return hn::IfThenElse(hn::Gt(hn::Abs(x), Const(d, 0x1p27)), hn::MulSub(slope, x, Const(d, 0.5)), hn::Add(bend, x));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    const V<D> w = hn::Min(hn::Abs(x), Const(d, 0x1p27));
    const V<D> half = Divide(d, w, hn::Mul(Const(d, 2.0), hn::Sqrt(hn::MulAdd(w, w, Const(d, 1.0)))));
    return hn::Add(Const(d, 1.0), hn::CopySign(hn::IfThenElse(hn::Gt(hn::Abs(x), Const(d, 0x1p27)), Const(d, 0.5), half), x));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
