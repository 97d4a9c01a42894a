// float64 primitives of the two-part math (parts-inl.h), on every target: e^x as 2^k (hi + lo)
// within about 2^-66 relative, e^x - 1 the same, reciprocals, scaling by 2^k, and products by
// a constant, so that float64 results round once from a value a small fraction of an ULP away
// (bounds measured: README, Accuracy). Exact error terms come from FMA, or from Dekker's
// splitting on targets without it (ProductError).

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_FLOAT64_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_FLOAT64_INL_H_
#undef ACTLAB_MATH_FLOAT64_INL_H_
#else
#define ACTLAB_MATH_FLOAT64_INL_H_
#endif

#include <cmath>

#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::f64 {

// 2^k for integral k in [-1022, 1023], from its bits.
template <class D>
HWY_INLINE V<D> PowerOfTwo(D d, V<D> k) {
  const hn::RebindToSigned<D> di;
  const V<D> shifter = Const(d, 0x1.8p52);  // adding it leaves k in the low bits
  const auto biased = hn::Add(hn::BitCast(di, hn::Add(k, shifter)), hn::Set(di, 1023));
  return hn::BitCast(d, hn::ShiftLeft<52>(biased));
}

// v 2^k for integral k in [-2044, 2046], rounding once (also into the subnormals): the first
// factor keeps v normal, the second rounds.
template <class D>
HWY_INLINE V<D> Scale(D d, V<D> v, V<D> k) {
#if HWY_TARGET <= HWY_AVX3
  if constexpr (hn::MaxLanes(D()) == 8) return V<D>{_mm512_scalef_pd(v.raw, k.raw)};
#endif
  const V<D> k1 = hn::Floor(hn::Mul(k, Const(d, 0.5)));
  return hn::Mul(hn::Mul(v, PowerOfTwo(d, k1)), PowerOfTwo(d, hn::Sub(k, k1)));
}

// 1 / s within 2^-28 (AVX-512: a 14-bit estimate and one Newton step, no division), or
// rounded division elsewhere. The quotients of parts-inl.h correct it to second order.
template <class D>
HWY_INLINE V<D> Reciprocal(D d, V<D> s) {
#if HWY_TARGET <= HWY_AVX3
  if constexpr (hn::MaxLanes(D()) == 8) {
    const V<D> r{_mm512_rcp14_pd(s.raw)};
    return hn::MulAdd(r, hn::NegMulAdd(s, r, Const(d, 1.0)), r);
  }
#endif
  return hn::Div(Const(d, 1.0), s);
}

// x = (n/2) ln2 + rh + rl for |x| <= 1080 (clamped; NaN passes), |rh| <= ln2/4 + 2^-40,
// e^(rh + rl) = 1 + rh + p with p = rh^2 Q(rh) + rl (1 + rh), Q of degree 9 (2^-68 absolute,
// tools/fit_float_math.py).
template <class D>
struct ExpReduction {
  V<D> n, rh, p;
};
template <class D>
HWY_INLINE ExpReduction<D> ReduceExp(D d, V<D> x) {
  const V<D> xl = hn::IfThenElse(hn::Lt(x, Const(d, -1080.0)), Const(d, -1080.0), x);
  const V<D> xc = hn::IfThenElse(hn::Gt(xl, Const(d, 1080.0)), Const(d, 1080.0), xl);
  const V<D> shifter = Const(d, 0x1.8p52);
  const V<D> n = hn::Sub(hn::MulAdd(xc, Const(d, 2.8853900817779268147), shifter), shifter);
  // ln2/2 = kC1 + kC2, kC1 of 33 bits: n kC1 is exact (|n| < 2^12), so is xc - n kC1 (Sterbenz).
  constexpr double kC1 = 0x1.62e42fefp-2, kC2 = 0x1.473de6af278edp-35;
  const V<D> hi = hn::Sub(xc, hn::Mul(n, Const(d, kC1)));
  const V<D> lo = hn::Mul(n, Const(d, kC2));
  const V<D> rh = hn::Sub(hi, lo);
  const V<D> rl = hn::Sub(hn::Sub(hi, rh), lo);
  const V<D> q = Horner(d, rh, {0.5, 0.16666666666666666667, 0.041666666666666500836, 0.0083333333333333205778,
                                0.0013888888889330679075, 0.0001984126984160966212, 0.000024801583182257880945,
                                2.7557316055420322243e-6, 2.7572995771629658801e-7, 2.5064166837151221079e-8});
  const V<D> p = hn::MulAdd(hn::Mul(rh, rh), q, hn::MulAdd(rl, rh, rl));
  return {n, rh, p};
}

// e^r - 1 = hi + lo, hi = rh + p rounded (Fast2Sum: |p| < |rh|), for the callers that need
// |lo| within half an ULP of hi.
template <class D>
HWY_INLINE Two<D> Normalize(const ExpReduction<D>& r) {
  const V<D> m = hn::Add(r.rh, r.p);
  return {m, hn::Add(hn::Sub(r.rh, m), r.p)};
}

// e^x = 2^k (hi + lo) for x <= 0 (and -inf, NaN): 2^(n/2) = 2^floor(n/2) (1 or sqrt2 in two
// parts), times 1 + m + ml summed exactly (Fast2Sum: |m| < 1).
template <class D>
HWY_INLINE Parts<D> SplitExp(D d, V<D> x) {
  const ExpReduction<D> r = ReduceExp(d, x);
  const V<D> one = Const(d, 1.0);
  const auto [m, ml] = Normalize(r);
  const V<D> eh = hn::Add(one, m);
  const V<D> el = hn::Add(hn::Add(hn::Sub(one, eh), m), ml);
  const V<D> k = hn::Floor(hn::Mul(r.n, Const(d, 0.5)));
  const auto odd = hn::Ne(r.n, hn::Add(k, k));
  const V<D> th = hn::IfThenElse(odd, Const(d, 0x1.6a09e667f3bcdp+0), one);
  const V<D> tl = hn::IfThenElseZero(odd, Const(d, -0x1.bdd3413b26456p-54));
  const V<D> hi = hn::Mul(th, eh);
  const V<D> lo = hn::Add(ProductError(d, th, eh, hi), hn::MulAdd(th, el, hn::Mul(tl, eh)));
  return {hi, lo, k};
}

// e^x - 1 near 0, for parts::ExpMinusOneParts: |x| <= ln2/4 (`near`, n = 0), rh + p
// normalized, rh being x itself.
template <class D>
HWY_INLINE NearZero<D> ExpMinusOneNear(D d, V<D> x) {
  const ExpReduction<D> r = ReduceExp(d, x);  // the same as inside SplitExp: computed once
  const Two<D> m = Normalize(r);
  return {hn::Eq(r.n, hn::Zero(d)), m.hi, m.lo};
}

// c (hi + lo) for c = ch + cl (|c| around 1), rounded once. hi below 2^-960 is scaled by 2^600
// first and the result back last, so that the product's error terms do not underflow.
template <class D>
HWY_INLINE V<D> TimesConst(D d, double ch, double cl, V<D> hi, V<D> lo) {
  const auto tiny = hn::Lt(hn::Abs(hi), Const(d, 0x1p-960));
  const V<D> up = hn::IfThenElse(tiny, Const(d, 0x1p600), Const(d, 1.0));
  const V<D> h = hn::Mul(hi, up), l = hn::Mul(lo, up);
  const V<D> vh = Const(d, ch);
  const V<D> p = hn::Mul(h, vh);
  const V<D> small = hn::MulAdd(l, vh, hn::Mul(h, Const(d, cl)));
  return Scale(d, hn::Add(p, hn::Add(ProductError(d, h, vh, p), small)), hn::IfThenElseZero(tiny, Const(d, -600.0)));
}

// 2 atanh(s) - 2s = s^3 Q(s^2) for |s| <= 3 - 2 sqrt2, Q of degree 7 (2^-64 relative to
// 2 atanh(s), tools/fit_float_math.py); ln2 in two parts for ln(1 + e) = ln2 + 2 atanh(s).
template <class D>
HWY_INLINE V<D> AtanhSeries(D d, V<D> s, V<D> s2) {
  return hn::Mul(hn::Mul(s, s2), Horner(d, s2, {0.66666666666666666465, 0.40000000000000876983,
                                                0.28571428570803611811, 0.22222222391713917442,
                                                0.18181795640132906276, 0.15386239702814658188,
                                                0.13268773138656885185, 0.13086626147840102138}));
}
inline constexpr double kLn2Hi = 0x1.62e42fefa39efp-1, kLn2Lo = 0x1.abc9e3b39803fp-56;

}  // namespace actlab::HWY_NAMESPACE::f64
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
