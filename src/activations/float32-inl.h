// float32 math of its own, on AVX-512 targets (16 float lanes where float64 has 8), for the
// directions that opt in (kOwnFloatForward / kOwnFloatBackward). The exponential comes as
// 2^k (t + l): t = 2^(j/16) from a 16-entry table, l the table's low part plus t (e^r - 1) for
// |r| <= ln2/32, so that t + l carries about 2^-28 relative error where a float would carry
// 2^-24; quotients are corrected to second order. Each result then rounds once from a value
// within a small fraction of an ULP (bounds measured over all 2^32 inputs: README, Accuracy).
// Other targets compute these functions in float64 (ForFloat).

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_ACTIVATIONS_FLOAT32_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_FLOAT32_INL_H_
#undef ACTLAB_ACTIVATIONS_FLOAT32_INL_H_
#else
#define ACTLAB_ACTIVATIONS_FLOAT32_INL_H_
#endif

#include <cmath>

#include "activations/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

#if HWY_TARGET <= HWY_AVX3
inline constexpr bool kFloatKernels = true;

namespace f32 {

// fn over float lanes computed in double (ForFloat) and rounded once: the way back for a
// direction with float32 math of its own when a parameter is outside what that math covers.
template <class D, class Fn>
HWY_INLINE V<D> InDouble(D d, V<D> x, const Fn& fn) {
  const hn::Half<D> dh;
  const ForFloat<hn::Rebind<double, decltype(dh)>> dd;
  const auto lo = fn(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, x)));
  const auto hi = fn(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, x)));
  return hn::Combine(d, hn::DemoteTo(dh, hi), hn::DemoteTo(dh, lo));
}

// y, with the lanes in `rare` recomputed by fn in double (ForFloat). Each lane's result depends
// on its own x only, whatever its neighbours; the common case pays one test.
template <class D, class M, class Fn>
HWY_INLINE V<D> RareInDouble(D d, V<D> x, V<D> y, M rare, const Fn& fn) {
  if (hn::AllFalse(d, rare)) return y;
  return hn::IfThenElse(rare, InDouble(d, x, fn), y);
}

// y, with the lanes where |x| < 2^-60 in double: products with two-part constants lose their
// low part to underflow there.
template <class D, class Fn>
HWY_INLINE V<D> TinyInDouble(D d, V<D> x, V<D> y, const Fn& fn) {
  return RareInDouble(d, x, y, hn::Lt(hn::Abs(x), Const(d, 0x1p-60)), fn);
}

// v * 2^floor(k), rounding once (also into the subnormals).
template <class Vec>
HWY_INLINE Vec Scale(Vec v, Vec k) {
  return Vec{_mm512_scalef_ps(v.raw, k.raw)};
}

// A value 2^floor(k) (hi + lo) before its one rounding, |lo| small against |hi|.
template <class D>
struct Parts {
  V<D> hi, lo, k;
};
template <class D>
HWY_INLINE V<D> Round(const Parts<D>& v) {
  return Scale(hn::Add(v.hi, v.lo), v.k);
}

// e^x = 2^floor(k) (th + tl) for x <= 0 (and -inf, NaN): x = (16k + j) ln2/16 + r with
// |r| <= ln2/32; e^x = 2^k t (1 + m) + 2^k lo, t + lo = 2^(j/16), m = e^r - 1 = r + r^2 P(r),
// P the Taylor polynomial of degree 2 (error r^5/120 < 2^-34). th = t + l rounded, tl its error.
template <class D>
HWY_INLINE Parts<D> SplitExp(D d, V<D> x) {
  alignas(64) static constexpr float kHi[16] = {
      0x1p+0f, 0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fep+0f, 0x1.3dea64p+0f,
      0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
      0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f};
  alignas(64) static constexpr float kLo[16] = {
      0.0f, 0x1.9f3122p-25f, -0x1.c15742p-27f, 0x1.ceac48p-25f, 0x1.4636e2p-25f, 0x1.824684p-25f,
      -0x1.593abcp-25f, -0x1.5bd5ecp-27f, 0x1.9fcef4p-26f, -0x1.829fdp-25f, 0x1.15506ep-27f,
      0x1.51f848p-27f, -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f};
  // Below -112 every caller's result is 0 (e^-112 112 < 2^-150). Max returns its second operand
  // when one is NaN, so NaN passes.
  const V<D> xc = hn::Max(Const(d, -112.0), x);
  const V<D> shifter = Const(d, 0x1.8p23);  // adding it leaves round(16 x / ln2) in the low bits
  const V<D> n = hn::MulAdd(xc, Const(d, 0x1.715476p+4), shifter);
  const V<D> nf = hn::Sub(n, shifter);
  // ln2/16 in two parts, the first of 12 bits: nf ln2_hi is exact, and so is x - nf ln2_hi.
  const V<D> r = hn::NegMulAdd(nf, Const(d, 0x1.0bfbe8p-19), hn::NegMulAdd(nf, Const(d, 0x1.62ep-5), xc));
  const V<D> m = hn::MulAdd(hn::Mul(r, r), Horner(d, r, {0.5, 1.0 / 6, 1.0 / 24}), r);
  const __m512i j = _mm512_castps_si512(n.raw);  // the permutation reads the low 4 bits: j
  const V<D> t{_mm512_permutexvar_ps(j, _mm512_load_ps(kHi))};
  const V<D> lo{_mm512_permutexvar_ps(j, _mm512_load_ps(kLo))};
  const V<D> l = hn::MulAdd(t, m, lo);
  const V<D> th = hn::Add(t, l);
  return {th, hn::Add(hn::Sub(t, th), l), hn::Mul(nf, Const(d, 0.0625))};  // Scale floors k
}

// 1 + 2^k (th + tl) = s + c: s rounded, c its error (exact: 1 >= a) plus the low part.
template <class D>
HWY_INLINE void OnePlus(D d, const Parts<D>& e, V<D>& s, V<D>& c) {
  const V<D> one = Const(d, 1.0);
  const V<D> a = Scale(e.hi, e.k);
  s = hn::Add(one, a);
  c = hn::Add(hn::Add(hn::Sub(one, s), a), Scale(e.lo, e.k));
}

// (nh + nl) / (s + c) as hi + lo, for s >= 1 and |c| <= 2^-20 s: with r = 1/s to 14 bits and
// u = 1 - r (s + c), 1/(s + c) = r (1 + u + u^2) within 2^-42; hi = nh r, lo = its rounding error
// (one FMA) plus the small terms. lo is up to 2^-14 hi: hi alone is not the quotient.
template <class D>
HWY_INLINE void Quotient(D d, V<D> nh, V<D> nl, V<D> s, V<D> c, V<D>& hi, V<D>& lo) {
  const V<D> r = hn::ApproximateReciprocal(s);
  const V<D> u = hn::NegMulAdd(c, r, hn::NegMulAdd(s, r, Const(d, 1.0)));
  const V<D> w = hn::MulAdd(u, u, u);
  hi = hn::Mul(nh, r);
  lo = hn::MulAdd(hi, w, hn::MulAdd(nl, r, hn::MulSub(nh, r, hi)));
}

// sigma(x) = n / (1 + e), e = e^-|x|, n = 1 for x >= 0 and e for x < 0 (scaled by 2^k at the
// end, so that a subnormal result rounds once more at most).
template <class D>
HWY_INLINE Parts<D> LogisticParts(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  V<D> s, c;
  OnePlus(d, e, s, c);
  const auto negative = hn::Lt(x, hn::Zero(d));
  Parts<D> y;
  Quotient(d, hn::IfThenElse(negative, e.hi, Const(d, 1.0)), hn::IfThenElseZero(negative, e.lo), s, c,
           y.hi, y.lo);
  y.k = hn::IfThenElseZero(negative, e.k);
  return y;
}

// sigma'(x) = e / (1 + e)^2, e = e^-|x|: the square of s + c in two parts, then the quotient.
template <class D>
HWY_INLINE Parts<D> LogisticSlopeParts(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  V<D> s, c;
  OnePlus(d, e, s, c);
  const V<D> s2 = hn::Mul(s, s);
  const V<D> c2 = hn::MulAdd(hn::Add(s, s), c, hn::MulSub(s, s, s2));
  Parts<D> y;
  Quotient(d, e.hi, e.lo, s2, c2, y.hi, y.lo);
  y.k = e.k;
  return y;
}

// x * 2^k (hi + lo), rounded once.
template <class D>
HWY_INLINE V<D> Times(V<D> x, const Parts<D>& v) {
  const V<D> p = hn::Mul(x, v.hi);
  return Scale(hn::Add(p, hn::MulAdd(x, v.lo, hn::MulSub(x, v.hi, p))), v.k);
}

// x sigma(x), with the limits -0 below -112 (and at -inf) and x above 112 (and at +inf).
template <class D>
HWY_INLINE V<D> XLogistic(D d, V<D> x) {
  const V<D> y = Times(x, LogisticParts(d, x));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, 112.0)), hn::Max(Const(d, -0.0), x), y);
}

// d/dx x sigma(x) = sigma(x) + x sigma'(x), both terms in two parts and added exactly; the
// limits 1 above 112 (and at +inf) and 0 below -112 (and at -inf).
template <class D>
HWY_INLINE V<D> XLogisticSlope(D d, V<D> x) {
  const Parts<D> sig = LogisticParts(d, x), slope = LogisticSlopeParts(d, x);
  // x sigma' on sigma's scale: sigma' = 2^k (..) always, sigma = 2^k (..) for x < 0 only.
  const V<D> k = hn::Sub(slope.k, sig.k);
  const V<D> th = hn::Mul(x, slope.hi);
  const V<D> tl = Scale(hn::MulAdd(x, slope.lo, hn::MulSub(x, slope.hi, th)), k);
  V<D> sum, err;
  TwoSum<D>(sig.hi, Scale(th, k), sum, err);
  const V<D> y = Scale(hn::Add(sum, hn::Add(hn::Add(err, sig.lo), tl)), sig.k);
  const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, 112.0)), limit, y);
}

// ln(1 + e) for e = 2^k (th + tl) in (0, 1], as hi + lo: 2 atanh(s) with s = e / (2 + e), or
// above sqrt2 - 1, ln2 + 2 atanh(s) with s = (e - 1) / (e + 3); |s| <= 0.172 and
// 2 atanh(s) = 2s + s^3 Q(s^2), Q of degree 3 (2^-35, tools/fit_float_math.py). Sums by Fast2Sum.
template <class D>
HWY_INLINE void LogOnePlusParts(D d, const Parts<D>& e, V<D>& hi, V<D>& lo) {
  const V<D> one = Const(d, 1.0);
  const V<D> eh = Scale(e.hi, e.k), el = Scale(e.lo, e.k);
  const auto big = hn::Gt(eh, Const(d, 0.41421356237309504880));
  const V<D> h = hn::Sub(eh, one);
  const V<D> nh = hn::IfThenElse(big, h, eh);
  const V<D> nl = hn::IfThenElse(big, hn::Add(hn::Sub(eh, hn::Add(h, one)), el), el);
  const V<D> c0 = hn::IfThenElse(big, Const(d, 3.0), Const(d, 2.0));
  const V<D> den = hn::Add(c0, eh);
  const V<D> den_lo = hn::Add(hn::Add(hn::Sub(c0, den), eh), el);
  V<D> qh, ql;
  Quotient(d, nh, nl, den, den_lo, qh, ql);
  const V<D> sh = hn::Add(qh, ql);  // qh is only 14 bits good: the series needs s itself
  const V<D> sl = hn::Add(hn::Sub(qh, sh), ql);
  const V<D> s2 = hn::Mul(sh, sh);
  const V<D> q = hn::Mul(hn::Mul(sh, s2), Horner(d, s2, {0.66666666554497091551, 0.40000121839806126714,
                                                         0.28550820815960663296, 0.23330467216303836299}));
  const V<D> a = hn::IfThenElseZero(big, Const(d, 0x1.62e43p-1));  // ln2 = 0x1.62e43p-1 - 0x1.05c61p-29
  const V<D> two_s = hn::Add(sh, sh);
  hi = hn::Add(a, two_s);
  const V<D> small = hn::Add(hn::Add(sl, sl), hn::Add(q, hn::IfThenElseZero(big, Const(d, -0x1.05c61p-29))));
  lo = hn::Add(hn::Add(hn::Sub(a, hi), two_s), small);
}

// ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), the sum exact (TwoSum). Below -64 the result is
// e^x itself (e^2x/2 is below 2^-92 of it), rounded once from its parts: near the subnormals the
// quotient's error terms would underflow.
template <class D>
HWY_INLINE V<D> LogOnePlusExp(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  V<D> hi, lo, sum, err;
  LogOnePlusParts(d, e, hi, lo);
  TwoSum<D>(hn::Max(x, hn::Zero(d)), hi, sum, err);
  const V<D> y = hn::Add(sum, hn::Add(err, lo));
  return hn::IfThenElse(hn::Gt(x, Const(d, 112.0)), x, hn::IfThenElse(hn::Lt(x, Const(d, -64.0)), Round(e), y));
}

// x / (1 + |x|), the denominator in two parts (TwoSum); +-1 from |x| = 2^30 on (and at +-inf).
template <class D>
HWY_INLINE V<D> Softsign(D d, V<D> x) {
  const V<D> ax = hn::Abs(x);
  V<D> s, c, hi, lo;
  TwoSum<D>(Const(d, 1.0), ax, s, c);
  Quotient(d, ax, hn::Zero(d), s, c, hi, lo);
  const V<D> y = hn::IfThenElse(hn::Gt(ax, Const(d, 0x1p30)), Const(d, 1.0), hn::Add(hi, lo));
  return hn::CopySignToAbs(y, x);
}

// 1 / (1 + |x|)^2, the square in two parts; |x| above 2^60 (rare, results near underflow) in
// double.
template <class D, class Fn>
HWY_INLINE V<D> SoftsignSlope(D d, V<D> x, const Fn& in_double) {
  const V<D> ax = hn::Min(hn::Abs(x), Const(d, 0x1p60));
  V<D> s, c, hi, lo;
  TwoSum<D>(Const(d, 1.0), ax, s, c);
  const V<D> s2 = hn::Mul(s, s);
  Quotient(d, Const(d, 1.0), hn::Zero(d), s2, hn::MulAdd(hn::Add(s, s), c, hn::MulSub(s, s, s2)), hi, lo);
  return RareInDouble(d, x, hn::Add(hi, lo), hn::Ge(hn::Abs(x), Const(d, 0x1p60)), in_double);
}

// tanh(x): |x| < 0.3, x + x^3 P(x^2) with P of degree 3 (2^-31, tools/fit_float_math.py);
// beyond, (1 - e) / (1 + e) with e = e^-2|x| and 1 - e in two parts (Fast2Sum: 1 >= e).
template <class D>
HWY_INLINE V<D> Tanh(D d, V<D> x) {
  const V<D> one = Const(d, 1.0), ax = hn::Abs(x);
  const Parts<D> e = SplitExp(d, hn::Mul(Const(d, -2.0), ax));
  V<D> s, c, hi, lo;
  OnePlus(d, e, s, c);
  const V<D> a = Scale(e.hi, e.k);
  const V<D> nh = hn::Sub(one, a);
  const V<D> nl = hn::Sub(hn::Sub(hn::Sub(one, nh), a), Scale(e.lo, e.k));
  Quotient(d, nh, nl, s, c, hi, lo);
  const V<D> x2 = hn::Mul(ax, ax);
  const V<D> near = hn::MulAdd(hn::Mul(ax, x2),
                               Horner(d, x2, {-0.333333329106, 0.13333182847, -0.0538841357341, 0.0203508041023}),
                               ax);
  return hn::CopySignToAbs(hn::IfThenElse(hn::Lt(ax, Const(d, 0.3)), near, hn::Add(hi, lo)), x);
}

// The float nearest below / above a double: for a float x, x > v exactly when x > FloatBelow(v),
// and x < v exactly when x < FloatAbove(v).
inline float FloatBelow(double v) {
  const float f = static_cast<float>(v);
  return static_cast<double>(f) > v ? std::nextafter(f, -HUGE_VALF) : f;
}
inline float FloatAbove(double v) {
  const float f = static_cast<float>(v);
  return static_cast<double>(f) < v ? std::nextafter(f, HUGE_VALF) : f;
}

// c (hi + lo) for a double c = ch + cl in two floats, rounded once (in the last FMA). |hi| must
// stay above 2^-100 or so, or hi cl underflows.
template <class D>
HWY_INLINE V<D> TimesConst(D d, double c, V<D> hi, V<D> lo) {
  const float ch = static_cast<float>(c);
  const V<D> vh = hn::Set(d, ch), vl = hn::Set(d, static_cast<float>(c - ch));
  return hn::MulAdd(hi, vh, hn::MulAdd(lo, vh, hn::Mul(hi, vl)));
}

// c x rounded once for |x| >= 2^-60 (see TimesConst), c * +-inf as it is.
template <class D>
HWY_INLINE V<D> TimesConst(D d, double c, V<D> x) {
  return hn::IfThenElse(hn::IsInf(x), hn::Mul(x, Const(d, c)), TimesConst(d, c, x, hn::Zero(d)));
}

// e^x - 1 for x <= 0 as hi + lo. |x| < 0.2: x + x^2 P(x), P of degree 4 (2^-35,
// tools/fit_float_math.py), so that tiny x keep their bits; beyond, 2^k (th + tl) - 1 with the
// subtraction's error kept (Fast2Sum: 1 >= e^x).
template <class D>
HWY_INLINE void ExpMinusOneParts(D d, V<D> x, V<D>& hi, V<D>& lo) {
  const V<D> one = Const(d, 1.0);
  const Parts<D> e = SplitExp(d, x);
  const V<D> a = Scale(e.hi, e.k);
  const V<D> h = hn::Sub(a, one);
  const V<D> l = hn::Add(hn::Sub(a, hn::Add(h, one)), Scale(e.lo, e.k));
  const V<D> small = hn::Mul(hn::Mul(x, x),
                             Horner(d, x, {0.499999999883, 0.16666663752, 0.0416654976988, 0.00831687205941,
                                           0.00129359510271}));
  const auto near = hn::Gt(x, Const(d, -0.2));
  hi = hn::IfThenElse(near, x, h);
  lo = hn::IfThenElse(near, small, l);
}

// c (e^x - 1) for x <= 0, x for x > 0 (ELU, SELU).
template <class D>
HWY_INLINE V<D> ScaledExpMinusOne(D d, V<D> x, double c) {
  V<D> hi, lo;
  ExpMinusOneParts(d, hn::Min(x, hn::Zero(d)), hi, lo);
  return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, TimesConst(d, c, hi, lo));
}

// c e^x for x <= 0 (their derivatives), scaled last: a subnormal result rounds twice at most.
template <class D>
HWY_INLINE V<D> ScaledExp(D d, V<D> x, double c) {
  const Parts<D> e = SplitExp(d, hn::Min(x, hn::Zero(d)));
  return Scale(TimesConst(d, c, e.hi, e.lo), e.k);
}

}  // namespace f32
#else
inline constexpr bool kFloatKernels = false;
#endif

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
