// Mish: y = x tanh(softplus(x)); seed 003 (YOLOv4), 004. Smooth, non-monotonic, bounded below:
// minimum -0.3088434 at x = -1.192431, f'(0) = 0.6. With e = e^-|x|, tanh(softplus(x)) is
// n / (n + 2), n = e (e + 2), for x <= 0, and (1 + 2e) / (1 + 2e + 2e^2) for x > 0: no overflow,
// no cancellation. f' = t + x sigmoid(x) (1 - t^2), and sigmoid(x) (1 - t^2) has the closed forms
// 4e (1 + e) / (n + 2)^2 and 4e^2 (1 + e) / (1 + 2e + 2e^2)^2. float64 evaluates them in two
// parts (InParts) and rounds once.

#ifndef ACTLAB_ACTIVATIONS_MISH_DEF_
#define ACTLAB_ACTIVATIONS_MISH_DEF_
#include "definition.h"
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
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 4,
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
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Mish : SmoothOp {
  // The fast tier.
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::XTanhSoftplus(d, x); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::MishSlope(d, x); }
  // t = tanh(softplus(x)) and g = sigmoid(x) (1 - t^2): f = x t and f' = t + x g. P: a
  // vector, or Parts.
  template <class P>
  struct Terms {
    P t, g;
  };
  template <class D>
  static Terms<V<D>> Factors(D d, V<D> x) {
    const V<D> one = Const(d, 1.0), two = Const(d, 2.0), four = Const(d, 4.0);
    const V<D> e = Exponential(d, hn::Neg(hn::Abs(x)));
    const auto negative = hn::Le(x, hn::Zero(d));
    const V<D> n = hn::Mul(e, hn::Add(e, two));
    const V<D> big = hn::MulAdd(hn::Mul(two, e), hn::Add(e, one), one);  // 1 + 2e + 2e^2
    const V<D> numerator = hn::IfThenElse(negative, n, hn::MulAdd(two, e, one));
    const V<D> denominator = hn::IfThenElse(negative, hn::Add(n, two), big);
    const V<D> t = Divide(d, numerator, denominator);
    const V<D> scale = hn::IfThenElse(negative, e, hn::Mul(e, e));
    return {t, Divide(d, hn::Mul(hn::Mul(four, scale), hn::Add(one, e)), hn::Mul(denominator, denominator))};
  }
  // float64 in two parts, the same forms: t = 2^k (hi + lo) and g = 2^k (hi + lo) with one k
  // (e's for x <= 0, 0 above), each quotient of sums and products carried with their errors.
  template <class D>
  static Terms<Parts<D>> InParts(D d, V<D> x) {
    const V<D> one = Const(d, 1.0), two = Const(d, 2.0);
    const Parts<D> e = parts::SplitExp(d, hn::Neg(hn::Abs(x)));
    const V<D> a = parts::Scale(d, e.hi, e.k), al = parts::Scale(d, e.lo, e.k);  // e = a + al
    const auto negative = hn::Le(x, hn::Zero(d));
    // x <= 0: n = 2^k U (2 + e) with U = e.hi + e.lo unscaled; denominator 2 + n.
    Two<D> m = TwoSum<D>(two, a);
    m.lo = hn::Add(m.lo, al);
    const V<D> nh = hn::Mul(e.hi, m.hi);
    const V<D> nl = hn::Add(ProductError(d, e.hi, m.hi, nh), hn::MulAdd(e.hi, m.lo, hn::Mul(e.lo, m.hi)));
    Two<D> den_neg = TwoSum<D>(two, parts::Scale(d, nh, e.k));
    den_neg.lo = hn::Add(den_neg.lo, parts::Scale(d, nl, e.k));
    // x > 0: numerator 1 + 2e, denominator 1 + 2e + 2e^2.
    Two<D> num_pos = TwoSum<D>(one, hn::Add(a, a));
    num_pos.lo = hn::Add(num_pos.lo, hn::Add(al, al));
    const V<D> sq = hn::Mul(a, a), sql = hn::MulAdd(hn::Add(a, a), al, SquareError(d, a, sq));
    Two<D> den_pos = TwoSum<D>(num_pos.hi, hn::Add(sq, sq));
    den_pos.lo = hn::Add(den_pos.lo, hn::Add(num_pos.lo, hn::Add(sql, sql)));
    const V<D> den_h = hn::IfThenElse(negative, den_neg.hi, den_pos.hi);
    const V<D> den_l = hn::IfThenElse(negative, den_neg.lo, den_pos.lo);
    const V<D> num_h = hn::IfThenElse(negative, nh, num_pos.hi), num_l = hn::IfThenElse(negative, nl, num_pos.lo);
    const Two<D> t = parts::Quotient(d, num_h, num_l, den_h, den_l);
    const V<D> k = hn::IfThenElseZero(negative, e.k);
    // g = 4 s (1 + e) / den^2 with s = e (x <= 0, unscaled) or e^2.
    Two<D> one_e = TwoSum<D>(one, a);
    one_e.lo = hn::Add(one_e.lo, al);
    const V<D> sh = hn::IfThenElse(negative, e.hi, sq), sl = hn::IfThenElse(negative, e.lo, sql);
    const V<D> gh = hn::Mul(sh, one_e.hi);
    const V<D> gl = hn::Add(ProductError(d, sh, one_e.hi, gh), hn::MulAdd(sh, one_e.lo, hn::Mul(sl, one_e.hi)));
    const V<D> d2 = hn::Mul(den_h, den_h), d2l = hn::MulAdd(hn::Add(den_h, den_h), den_l, SquareError(d, den_h, d2));
    const V<D> four = Const(d, 4.0);
    const Two<D> g = parts::Quotient(d, hn::Mul(four, gh), hn::Mul(four, gl), d2, d2l);
    return {{t.hi, t.lo, k}, {g.hi, g.lo, k}};
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {  // x t rounded once; -0 and x beyond +-kFar (and at +-inf)
      const V<D> y = parts::Times(d, x, InParts(d, x).t);
      return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, parts::kFar<D>)), hn::Max(Const(d, -0.0), x), y);
    }
    return XTimes(d, x, Factors(d, x).t);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {  // t + x g, added exactly on their common scale; 0 and 1 beyond
      const auto [t, g] = InParts(d, x);
      const V<D> xh = hn::Mul(x, g.hi), xl = hn::MulAdd(x, g.lo, ProductError(d, x, g.hi, xh));
      const auto [sum, err] = TwoSum<D>(t.hi, xh);
      const V<D> y = parts::Scale(d, hn::Add(sum, hn::Add(hn::Add(err, t.lo), xl)), t.k);
      const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
      return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, parts::kFar<D>)), limit, y);
    }
    const auto [t, g] = Factors(d, x);
    return hn::Add(t, XTimes(d, x, g));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
