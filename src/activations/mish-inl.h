// Mish: y = x tanh(softplus(x)); seed 003 (YOLOv4), 004. Smooth, non-monotonic, bounded below:
// minimum -0.3088434 at x = -1.192431, f'(0) = 0.6. With e = e^-|x|, tanh(softplus(x)) is
// n / (n + 2), n = e (e + 2), for x <= 0, and (1 + 2e) / (1 + 2e + 2e^2) for x > 0: no overflow,
// no cancellation. f' = t + x sigmoid(x) (1 - t^2), and sigmoid(x) (1 - t^2) has the closed forms
// 4e (1 + e) / (n + 2)^2 and 4e^2 (1 + e) / (1 + 2e + 2e^2)^2.

#ifndef ACTLAB_ACTIVATIONS_MISH_DEF_
#define ACTLAB_ACTIVATIONS_MISH_DEF_
#include "activations/definition.h"
namespace actlab::def {
template <class R>
R MishT(R x) { return ref::tanh(ref::Softplus(x)); }
inline const Definition kMish{
    .info = {.kind = Kind::Mish,
             .name = "mish",
             .summary = "x * tanh(softplus(x)): smooth, non-monotonic",
             .formula = "x * tanh(ln(1 + exp(x)))",
             .formula_latex = R"(x \tanh(\ln(1+e^x)))",
             .derivative = "t + x * sigmoid(x) * (1 - t^2), t = tanh(softplus(x))",
             .derivative_latex = R"(t + x\,\sigma(x)(1-t^2),\ t=\tanh(\mathrm{sp}(x)))",
             .derivative_from_output = "",
             .range = "[-0.3088434, inf)",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (soft)", .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 16,
             .seeds = "003 004",
             .reference = "Misra 2019"},
    .f = [](auto x, const double*) { return ref::XTimes(x, MishT(x)); },
    .df = [](auto x, const double*) {
      const auto t = MishT(x);
      const auto sech2 = 1 / (ref::cosh(ref::Softplus(x)) * ref::cosh(ref::Softplus(x)));
      return t + ref::XTimes(x, ref::Sigmoid(x) * sech2);
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_MISH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_MISH_INL_H_
#undef ACTLAB_ACTIVATIONS_MISH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_MISH_INL_H_
#endif
#include "activations/math-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Mish : SmoothOp {
  // tanh(softplus(x)) and sigmoid(x) (1 - tanh^2(softplus(x))).
  template <class D>
  static void Parts(D d, V<D> x, V<D>& t, V<D>& g) {
    const V<D> one = Const(d, 1.0), two = Const(d, 2.0), four = Const(d, 4.0);
    const V<D> e = Exponential(d, hn::Neg(hn::Abs(x)));
    const auto negative = hn::Le(x, hn::Zero(d));
    const V<D> n = hn::Mul(e, hn::Add(e, two));
    const V<D> big = hn::MulAdd(hn::Mul(two, e), hn::Add(e, one), one);  // 1 + 2e + 2e^2
    const V<D> numerator = hn::IfThenElse(negative, n, hn::MulAdd(two, e, one));
    const V<D> denominator = hn::IfThenElse(negative, hn::Add(n, two), big);
    t = Divide(d, numerator, denominator);
    const V<D> scale = hn::IfThenElse(negative, e, hn::Mul(e, e));
    g = Divide(d, hn::Mul(hn::Mul(four, scale), hn::Add(one, e)), hn::Mul(denominator, denominator));
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    V<D> t, g;
    Parts(d, x, t, g);
    return WithTinyExpTail(d, x, hn::Zero(d), [x]() HWY_ATTR { return x; }, XTimes(d, x, t));  // x e^x there
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    V<D> t, g;
    Parts(d, x, t, g);
    return WithTinyExpTail(d, x, hn::Zero(d), [d, x]() HWY_ATTR { return hn::Add(Const(d, 1.0), x); }, hn::Add(t, XTimes(d, x, g)));  // e^x (1 + x)
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
