// Tanhshrink: y = x - tanh(x), f' = tanh^2(x). Not in the seeds. Near 0 the difference cancels
// (y ~ x^3/3), so |x| < 0.6 uses its Taylor series (21 terms, to x^43: error below 1e-17).

#ifndef ACTLAB_ACTIVATIONS_TANHSHRINK_DEF_
#define ACTLAB_ACTIVATIONS_TANHSHRINK_DEF_
#include <iterator>

#include "definition.h"
namespace actlab::def {
// x - tanh x = x^3 (c0 + c1 x^2 + ...) for |x| < 0.6 (tools: mpmath taylor).
inline constexpr double kTanhshrinkSeries[] = {
    3.33333333333333333333e-1,  -1.33333333333333333333e-1, 5.3968253968253968254e-2,
    -2.18694885361552028219e-2, 8.86323552990219656886e-3,  -3.59212803657248101693e-3,
    1.45583438705131826825e-3,  -5.90027440945585981378e-4, 2.39129114243552481486e-4,
    -9.6915379569294503256e-5,  3.92783238833168340534e-5,  -1.59189050693289647407e-5,
    6.45168921565543076319e-6,  -2.61477115129075455426e-6, 1.05972683201046543509e-6,
    -4.29491107827380585482e-7, 1.74066189635716477799e-7,  -7.05463694640096832521e-8,
    2.85913666230525390833e-8,  -1.15876444327988522002e-8, 4.69629539823090162882e-9};
inline const Definition kTanhshrink{
    .info = {.kind = Kind::Tanhshrink,
             .name = "tanhshrink",
             .summary = "x - tanh(x)",
             .formula = "x - tanh(x)",
             .formula_latex = R"(x - \tanh x)",
             .derivative = "tanh(x)^2",
             .derivative_latex = R"(\tanh^2 x)",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "none",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true, .saturating = "no",
                            .sparse = false},
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3, .ulp_f32_fast_backward = 4,
             .seeds = "-",
             .reference = "-"},
    .f = [](auto x, const double*) {
      if (ref::fabs(x) >= decltype(x)(0.25)) return x - ref::tanh(x);
      using R = decltype(x);
      // long double would cancel too: sum the series, its leading coefficients as exact ratios
      // (rounded to double, 1/3 alone is 2^-55 off: half an ULP of a float64 result).
      const R head[] = {R(1) / 3, R(-2) / 15, R(17) / 315, R(-62) / 2835};
      R sum = 0;
      for (std::size_t i = std::size(kTanhshrinkSeries); i-- > 0;) {
        sum = sum * x * x + (i < std::size(head) ? head[i] : R(kTanhshrinkSeries[i]));
      }
      return x * x * x * sum;
    },
    .df = [](auto x, const double*) { return ref::tanh(x) * ref::tanh(x); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_TANHSHRINK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_TANHSHRINK_INL_H_
#undef ACTLAB_ACTIVATIONS_TANHSHRINK_INL_H_
#else
#define ACTLAB_ACTIVATIONS_TANHSHRINK_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Tanhshrink : SmoothOp {
  // float64: |x| < 0.5 (the series' last terms matter near 0.6), x^3 (1/3 + x^2 S(x^2)) with x^3 and 1/3 in two parts; beyond,
  // |x| - tanh|x| with tanh in two parts and the difference exact (TwoSum); |x| from 2^60.
  template <class D>
  static V<D> ForwardInParts(D d, V<D> x) {
    const V<D> ax = hn::Abs(x);
    const V<D> x2 = hn::Mul(ax, ax);
    V<D> series = Const(d, def::kTanhshrinkSeries[std::size(def::kTanhshrinkSeries) - 1]);
    for (size_t i = std::size(def::kTanhshrinkSeries) - 1; i-- > 1;) {
      series = hn::MulAdd(series, x2, Const(d, def::kTanhshrinkSeries[i]));
    }
    const V<D> third = Const(d, 1.0 / 3), tail = hn::MulAdd(x2, series, Const(d, 0x1.5555555555555p-56));
    // x^3 in two parts, from x 2^300 below 2^-300 (scaled back last): its low part would underflow.
    const auto tiny = hn::Lt(ax, Const(d, 0x1p-300));
    const V<D> w = hn::IfThenElse(tiny, hn::Mul(ax, Const(d, 0x1p300)), ax);
    const V<D> w2 = hn::Mul(w, w), w2l = SquareError(d, w, w2);
    const V<D> w3 = hn::Mul(w2, w), w3l = hn::MulAdd(w2l, w, ProductError(d, w2, w, w3));
    const V<D> p = hn::Mul(w3, third);
    const V<D> cube_third = hn::Add(p, hn::MulAdd(w3, tail, hn::MulAdd(w3l, third, ProductError(d, w3, third, p))));
    const V<D> small = parts::Scale(d, cube_third, hn::IfThenElseZero(tiny, Const(d, -900.0)));
    const auto [hi, lo] = parts::TanhOfAbs(d, ax);
    const auto [s, e] = TwoSum<D>(ax, hn::Neg(hi));
    const V<D> large = hn::IfThenElse(hn::Gt(ax, Const(d, 0x1p60)), ax, hn::Add(s, hn::Sub(e, lo)));  // and inf
    return hn::CopySignToAbs(hn::IfThenElse(hn::Lt(ax, Const(d, 0.5)), small, large), x);
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) return ForwardInParts(d, x);
    const V<D> x2 = hn::Mul(x, x);
    V<D> s = Const(d, def::kTanhshrinkSeries[std::size(def::kTanhshrinkSeries) - 1]);
    for (size_t i = std::size(def::kTanhshrinkSeries) - 1; i-- > 0;) s = hn::MulAdd(s, x2, Const(d, def::kTanhshrinkSeries[i]));
    const V<D> small = hn::Mul(hn::Mul(x, x2), s);
    return hn::IfThenElse(hn::Lt(hn::Abs(x), Const(d, 0.6)), small, hn::Sub(x, HyperbolicTangent(d, x)));
  }
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double*) { return fast::XMinusTanh(d, x); }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double*) { return fast::TanhSquared(d, x); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double*) {
    if constexpr (kInParts<D>) {  // tanh^2 from tanh in two parts
      const auto [hi, lo] = parts::TanhOfAbs(d, x);
      const V<D> sq = hn::Mul(hi, hi);
      return hn::Add(sq, hn::MulAdd(hn::Add(hi, hi), lo, SquareError(d, hi, sq)));
    }
    const V<D> t = HyperbolicTangent(d, x);
    return hn::Mul(t, t);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
