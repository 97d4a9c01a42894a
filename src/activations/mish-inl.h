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
  // tanh(softplus(x)) and sigmoid(x) (1 - tanh^2(softplus(x))).
  template <class D>
  static void Factors(D d, V<D> x, V<D>& t, V<D>& g) {
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
  // float64 in two parts, the same forms: t = 2^k (hi + lo) and g = 2^k (hi + lo) with one k
  // (e's for x <= 0, 0 above), each quotient of sums and products carried with their errors.
  template <class D>
  static void InParts(D d, V<D> x, Parts<D>& t, Parts<D>& g) {
    const V<D> one = Const(d, 1.0), two = Const(d, 2.0);
    const Parts<D> e = parts::SplitExp(d, hn::Neg(hn::Abs(x)));
    const V<D> a = parts::Scale(d, e.hi, e.k), al = parts::Scale(d, e.lo, e.k);  // e = a + al
    const auto negative = hn::Le(x, hn::Zero(d));
    V<D> mh, ml, dh, dl, ph, pl, qh, ql, oh, ol;
    // x <= 0: n = 2^k U (2 + e) with U = e.hi + e.lo unscaled; denominator 2 + n.
    TwoSum<D>(two, a, mh, ml);
    ml = hn::Add(ml, al);
    const V<D> nh = hn::Mul(e.hi, mh);
    const V<D> nl = hn::Add(ProductError(d, e.hi, mh, nh), hn::MulAdd(e.hi, ml, hn::Mul(e.lo, mh)));
    TwoSum<D>(two, parts::Scale(d, nh, e.k), dh, dl);
    dl = hn::Add(dl, parts::Scale(d, nl, e.k));
    // x > 0: numerator 1 + 2e, denominator 1 + 2e + 2e^2.
    TwoSum<D>(one, hn::Add(a, a), ph, pl);
    pl = hn::Add(pl, hn::Add(al, al));
    const V<D> sq = hn::Mul(a, a), sql = hn::MulAdd(hn::Add(a, a), al, SquareError(d, a, sq));
    TwoSum<D>(ph, hn::Add(sq, sq), qh, ql);
    ql = hn::Add(ql, hn::Add(pl, hn::Add(sql, sql)));
    const V<D> den_h = hn::IfThenElse(negative, dh, qh), den_l = hn::IfThenElse(negative, dl, ql);
    parts::Quotient(d, hn::IfThenElse(negative, nh, ph), hn::IfThenElse(negative, nl, pl), den_h, den_l, t.hi, t.lo);
    t.k = hn::IfThenElseZero(negative, e.k);
    // g = 4 s (1 + e) / den^2 with s = e (x <= 0, unscaled) or e^2.
    TwoSum<D>(one, a, oh, ol);
    ol = hn::Add(ol, al);
    const V<D> sh = hn::IfThenElse(negative, e.hi, sq), sl = hn::IfThenElse(negative, e.lo, sql);
    const V<D> gh = hn::Mul(sh, oh);
    const V<D> gl = hn::Add(ProductError(d, sh, oh, gh), hn::MulAdd(sh, ol, hn::Mul(sl, oh)));
    const V<D> d2 = hn::Mul(den_h, den_h), d2l = hn::MulAdd(hn::Add(den_h, den_h), den_l, SquareError(d, den_h, d2));
    const V<D> four = Const(d, 4.0);
    parts::Quotient(d, hn::Mul(four, gh), hn::Mul(four, gl), d2, d2l, g.hi, g.lo);
    g.k = t.k;
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {  // x t rounded once; -0 and x beyond +-kFar (and at +-inf)
      Parts<D> t, g;
      InParts(d, x, t, g);
      const V<D> y = parts::Times(d, x, t);
      return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, parts::kFar<D>)), hn::Max(Const(d, -0.0), x), y);
    }
    V<D> t, g;
    Factors(d, x, t, g);
    return XTimes(d, x, t);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {  // t + x g, added exactly on their common scale; 0 and 1 beyond
      Parts<D> t, g;
      InParts(d, x, t, g);
      const V<D> xh = hn::Mul(x, g.hi), xl = hn::MulAdd(x, g.lo, ProductError(d, x, g.hi, xh));
      V<D> sum, err;
      TwoSum<D>(t.hi, xh, sum, err);
      const V<D> y = parts::Scale(d, hn::Add(sum, hn::Add(hn::Add(err, t.lo), xl)), t.k);
      const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
      return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, parts::kFar<D>)), limit, y);
    }
    V<D> t, g;
    Factors(d, x, t, g);
    return hn::Add(t, XTimes(d, x, g));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
