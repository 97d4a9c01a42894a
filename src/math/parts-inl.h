// Functions computed in two parts, 2^k (hi + lo), and rounded once: the math that makes a
// float32 result (AVX-512: float32-inl.h) or a float64 result (every target: float64-inl.h)
// faithful without a wider type. Written once over the descriptor; the primitives (e^x, scaling,
// reciprocals, constants) come from the lane type's file. kInParts<D> says which descriptors
// take this path: float lanes on AVX-512 and plain float64 lanes (ForFloat lanes have 2^29
// ULP to spare and take the short math of functions-inl.h).

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_PARTS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_PARTS_INL_H_
#undef ACTLAB_MATH_PARTS_INL_H_
#else
#define ACTLAB_MATH_PARTS_INL_H_
#endif

#include "math/float32-inl.h"
#include "math/float64-inl.h"
#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

template <class D>
inline constexpr bool kInParts = kIsFloat<D> ? kFloatKernels : !kForFloat<D>;

namespace parts {

// The lane type's primitives. float32 ones exist on AVX-512 only, where kInParts allows them.
#if HWY_TARGET <= HWY_AVX3
#define ACTLAB_BY_LANE(D, call) \
  if constexpr (kIsFloat<D>) return f32::call; else return f64::call
#else
#define ACTLAB_BY_LANE(D, call) return f64::call
#endif
template <class D>
HWY_INLINE V<D> Scale(D d, V<D> v, V<D> k) { ACTLAB_BY_LANE(D, Scale(d, v, k)); }
template <class D>
HWY_INLINE V<D> Reciprocal(D d, V<D> s) { ACTLAB_BY_LANE(D, Reciprocal(d, s)); }
template <class D>
HWY_INLINE Parts<D> SplitExp(D d, V<D> x) { ACTLAB_BY_LANE(D, SplitExp(d, x)); }
template <class D>
HWY_INLINE NearZero<D> ExpMinusOneNear(D d, V<D> x) { ACTLAB_BY_LANE(D, ExpMinusOneNear(d, x)); }
template <class D>
HWY_INLINE V<D> AtanhSeries(D d, V<D> s, V<D> s2) { ACTLAB_BY_LANE(D, AtanhSeries(d, s, s2)); }
// c (hi + lo) for a constant c = ch + cl, rounded once. float32 splits ch into two floats
// (48 bits); cl is below them.
template <class D>
HWY_INLINE V<D> TimesConst(D d, double ch, double cl, V<D> hi, V<D> lo) {
  if constexpr (kFloatKernels && kIsFloat<D>) return f32::TimesConst(d, ch, hi, lo);
  else return f64::TimesConst(d, ch, cl, hi, lo);
}
#undef ACTLAB_BY_LANE

// Beyond this |x|, e^-|x| is far below the last bit of every result that contains it.
template <class D>
inline constexpr double kFar = kIsFloat<D> ? 112.0 : 1080.0;

template <class D>
HWY_INLINE V<D> Round(D d, const Parts<D>& v) {
  return Scale(d, hn::Add(v.hi, v.lo), v.k);
}

// y, with the lanes where |x| < 2^-60 recomputed in double by fn (float32 only: products with
// two-float constants lose their low part to underflow there).
template <class D, class Fn>
HWY_INLINE V<D> TinyInDouble(D d, V<D> x, V<D> y, const Fn& fn) {
  if constexpr (kFloatKernels && kIsFloat<D>) return f32::TinyInDouble(d, x, y, fn);
  (void)d, (void)x, (void)fn;
  return y;
}

// e^x - 1 for x <= 0 as hi + lo: near 0 the lane type's series (ExpMinusOneNear), beyond
// 2^k (hi + lo) - 1 with the subtraction's error kept (Fast2Sum: 1 >= e^x).
template <class D>
HWY_INLINE Two<D> ExpMinusOneParts(D d, V<D> x) {
  const V<D> one = Const(d, 1.0);
  const Parts<D> e = SplitExp(d, x);
  const V<D> a = Scale(d, e.hi, e.k);
  const V<D> h = hn::Sub(a, one);
  const V<D> l = hn::Add(hn::Sub(a, hn::Add(h, one)), Scale(d, e.lo, e.k));
  const NearZero<D> series = ExpMinusOneNear(d, x);
  return {hn::IfThenElse(series.near, series.hi, h), hn::IfThenElse(series.near, series.lo, l)};
}

// fn over float lanes computed in double (ForFloat) and rounded once: the way back for a
// parameter outside what the float32 math covers. float32 lanes only.
template <class D, class Fn>
HWY_INLINE V<D> InDouble(D d, V<D> x, const Fn& fn) {
  static_assert(kFloatKernels && kIsFloat<D>, "float32 lanes take the two-part math on AVX-512 only");
  return f32::InDouble(d, x, fn);
}

// 1 + 2^k (th + tl) = s + c: s rounded, c its error (exact: 1 >= a) plus the low part.
template <class D>
HWY_INLINE Two<D> OnePlus(D d, const Parts<D>& e) {
  const V<D> one = Const(d, 1.0);
  const V<D> a = Scale(d, e.hi, e.k);
  const V<D> s = hn::Add(one, a);
  return {s, hn::Add(hn::Add(hn::Sub(one, s), a), Scale(d, e.lo, e.k))};
}

// A reciprocal as r (1 + w): r a short estimate, w its relative correction.
template <class D>
struct CorrectedReciprocal {
  V<D> r, w;
};

// 1/(s + c) = r (1 + w) for s >= 1 and c the small error of s: r = 1/s to at least 14 bits,
// u = 1 - r (s + c) and w = u + u^2, within u^3.
template <class D>
HWY_INLINE CorrectedReciprocal<D> ReciprocalParts(D d, V<D> s, V<D> c) {
  const V<D> r = Reciprocal(d, s);
  const V<D> u = hn::NegMulAdd(c, r, OneMinusProduct(d, s, r));
  return {r, hn::MulAdd(u, u, u)};
}

// (nh + nl) / (s + c) as hi + lo (ReciprocalParts): hi = nh r, lo = its rounding error (exact)
// plus the small terms. lo can be 2^-14 hi: hi alone is not the quotient.
template <class D>
HWY_INLINE Two<D> Quotient(D d, V<D> nh, V<D> nl, V<D> s, V<D> c) {
  const auto [r, w] = ReciprocalParts(d, s, c);
  const V<D> hi = hn::Mul(nh, r);
  return {hi, hn::MulAdd(hi, w, hn::MulAdd(nl, r, ProductError(d, nh, r, hi)))};
}

// sigma(x) = n / (1 + e), e = e^-|x|, n = 1 for x >= 0 and e for x < 0 (scaled by 2^k at the
// end, so that a subnormal result rounds once more at most).
template <class D>
HWY_INLINE Parts<D> Logistic(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  const auto [s, c] = OnePlus(d, e);
  const auto negative = hn::Lt(x, hn::Zero(d));
  const Two<D> q = Quotient(d, hn::IfThenElse(negative, e.hi, Const(d, 1.0)), hn::IfThenElseZero(negative, e.lo), s, c);
  return {q.hi, q.lo, hn::IfThenElseZero(negative, e.k)};
}

// sigma'(x) = e / (1 + e)^2, e = e^-|x|: the square of s + c in two parts, then the quotient.
template <class D>
HWY_INLINE Parts<D> LogisticSlope(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  const auto [s, c] = OnePlus(d, e);
  const V<D> s2 = hn::Mul(s, s);
  const V<D> c2 = hn::MulAdd(hn::Add(s, s), c, SquareError(d, s, s2));
  const Two<D> q = Quotient(d, e.hi, e.lo, s2, c2);
  return {q.hi, q.lo, e.k};
}

// sigma(x) and sigma'(x), each 2^k (hi + lo).
template <class D>
struct LogisticParts {
  Parts<D> sig, slope;
};

// sigma(x) and sigma'(x) from one e = e^-|x| (both directions of silu and gelu's tanh form need
// both): sigma as in Logistic; sigma' = e q^2 with q = 1/(s + c) = r (1 + w) from the same
// ReciprocalParts as sigma's quotient, so q^2 = r^2 (1 + 2w + w^2) costs a few products instead
// of a second quotient. (The compiler computes e, s, c, r and w once for both.)
template <class D>
HWY_INLINE LogisticParts<D> LogisticAndSlope(D d, V<D> x) {
  const Parts<D> sig = Logistic(d, x);
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  const auto [s, c] = OnePlus(d, e);
  const auto [r, w] = ReciprocalParts(d, s, c);
  const V<D> r2 = hn::Mul(r, r);
  const V<D> r2l = hn::MulAdd(r2, hn::MulAdd(w, w, hn::Add(w, w)), SquareError(d, r, r2));
  const V<D> hi = hn::Mul(e.hi, r2);
  return {sig, {hi, hn::MulAdd(e.hi, r2l, hn::MulAdd(e.lo, r2, ProductError(d, e.hi, r2, hi))), e.k}};
}

// sech^2(x) = 4 sigma'(2x).
template <class D>
HWY_INLINE V<D> Sech2(D d, V<D> x) {
  Parts<D> y = LogisticSlope(d, hn::Add(x, x));
  y.k = hn::Add(y.k, Const(d, 2.0));
  return Round(d, y);
}

// x * 2^k (hi + lo), rounded once, for finite x. float64: x below 2^-960 is scaled by 2^600
// first and above 2^900 by 2^-600 (the result back), so that the product's error terms neither
// underflow nor overflow (Dekker's splitting on targets without FMA).
template <class D>
HWY_INLINE V<D> Times(D d, V<D> x, const Parts<D>& v) {
  V<D> k = v.k;
  if constexpr (!kIsFloat<D>) {
    const V<D> ax = hn::Abs(x);
    const auto tiny = hn::Lt(ax, Const(d, 0x1p-960)), huge = hn::Gt(ax, Const(d, 0x1p900));
    x = hn::Mul(x, hn::IfThenElse(tiny, Const(d, 0x1p600), hn::IfThenElse(huge, Const(d, 0x1p-600), Const(d, 1.0))));
    k = hn::Add(k, hn::IfThenElse(tiny, Const(d, -600.0), hn::IfThenElseZero(huge, Const(d, 600.0))));
  }
  const V<D> p = hn::Mul(x, v.hi);
  return Scale(d, hn::Add(p, hn::MulAdd(x, v.lo, ProductError(d, x, v.hi, p))), k);
}

// x * 2^k (hi + lo) as 2^k (p + l) before its rounding, x finite: what a further product
// (the gated, up * x sigma(x)) rounds once. float32 lanes, |x| in [2^-50, 2^100].
template <class D>
HWY_INLINE Parts<D> TimesParts(D d, V<D> x, const Parts<D>& v) {
  const V<D> p = hn::Mul(x, v.hi);
  return {p, hn::MulAdd(x, v.lo, ProductError(d, x, v.hi, p)), v.k};
}

// (xh + xl) * 2^k (hi + lo), rounded once: a product known in two parts (dy * up) times a
// value in parts. float32 lanes, |xh| in [2^-100, 2^100].
template <class D>
HWY_INLINE V<D> TimesTwo(D d, const Two<D>& x, const Parts<D>& v) {
  const V<D> p = hn::Mul(x.hi, v.hi);
  const V<D> l = hn::MulAdd(x.hi, v.lo, hn::MulAdd(x.lo, v.hi, ProductError(d, x.hi, v.hi, p)));
  return Scale(d, hn::Add(p, l), v.k);
}

// x sigma(x), with the limits -0 below -kFar (and at -inf) and x above kFar (and at +inf).
template <class D>
HWY_INLINE V<D> XLogistic(D d, V<D> x) {
  const V<D> y = Times(d, x, Logistic(d, x));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kFar<D>)), hn::Max(Const(d, -0.0), x), y);
}

// d/dx x sigma(x) = sigma(x) + x sigma'(x), both terms in two parts and added exactly, before
// the rounding (|x| < kFar); then rounded, with the limits 1 above kFar (and at +inf) and 0
// below -kFar (and at -inf).
template <class D>
HWY_INLINE Parts<D> XLogisticSlopeParts(D d, V<D> x) {
  const auto [sig, slope] = LogisticAndSlope(d, x);
  // x sigma' on sigma's scale: sigma' = 2^k (..) always, sigma = 2^k (..) for x < 0 only.
  const V<D> k = hn::Sub(slope.k, sig.k);
  const V<D> th = hn::Mul(x, slope.hi);
  const V<D> tl = Scale(d, hn::MulAdd(x, slope.lo, ProductError(d, x, slope.hi, th)), k);
  const auto [sum, err] = TwoSum<D>(sig.hi, Scale(d, th, k));
  return {sum, hn::Add(hn::Add(err, sig.lo), tl), sig.k};
}
template <class D>
HWY_INLINE V<D> XLogisticSlope(D d, V<D> x) {
  const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kFar<D>)), limit, Round(d, XLogisticSlopeParts(d, x)));
}

// sigma(v + ve) for a small ve (an argument in two parts): s (1 + ve (1 - s)) to first order,
// folded into the low part.
template <class D>
HWY_INLINE Parts<D> LogisticOfSum(D d, V<D> v, V<D> ve) {
  Parts<D> sig = Logistic(d, v);
  const V<D> s = Scale(d, sig.hi, sig.k);
  sig.lo = hn::MulAdd(hn::Mul(sig.hi, ve), hn::Sub(Const(d, 1.0), s), sig.lo);
  return sig;
}

// sigma(v + ve) + (mh + ml) sigma'(v + ve), rounded once (sigma'(v + ve) = g (1 + ve (1 - 2s))
// to first order); the product and the sum carried with their errors on sigma's scale. 1 and 0
// where |v| >= kFar. The derivatives of x sigma(beta x) and of gelu's tanh form.
template <class D>
HWY_INLINE Parts<D> LogisticPlusSlopeTimesParts(D d, V<D> v, V<D> ve, V<D> mh, V<D> ml);
template <class D>
HWY_INLINE V<D> LogisticPlusSlopeTimes(D d, V<D> v, V<D> ve, V<D> mh, V<D> ml) {
  const V<D> limit = hn::IfThenElseZero(hn::Gt(v, hn::Zero(d)), Const(d, 1.0));
  return hn::IfThenElse(hn::Ge(hn::Abs(v), Const(d, kFar<D>)), limit, Round(d, LogisticPlusSlopeTimesParts(d, v, ve, mh, ml)));
}
// The same before its rounding, for |v| < kFar.
template <class D>
HWY_INLINE Parts<D> LogisticPlusSlopeTimesParts(D d, V<D> v, V<D> ve, V<D> mh, V<D> ml) {
  const V<D> one = Const(d, 1.0);
  auto [sig, slope] = LogisticAndSlope(d, v);
  const V<D> s = Scale(d, sig.hi, sig.k);
  sig.lo = hn::MulAdd(hn::Mul(sig.hi, ve), hn::Sub(one, s), sig.lo);  // as LogisticOfSum
  slope.lo = hn::MulAdd(hn::Mul(slope.hi, ve), hn::NegMulAdd(Const(d, 2.0), s, one), slope.lo);
  // m sigma' on sigma's scale: sigma' = 2^k (..) always, sigma = 2^k (..) for v < 0 only.
  const V<D> k = hn::Sub(slope.k, sig.k);
  const V<D> th = hn::Mul(mh, slope.hi);
  const V<D> tl = hn::MulAdd(mh, slope.lo, hn::MulAdd(ml, slope.hi, ProductError(d, mh, slope.hi, th)));
  const auto [sum, err] = TwoSum<D>(sig.hi, Scale(d, th, k));
  return {sum, hn::Add(hn::Add(err, sig.lo), Scale(d, tl, k)), sig.k};
}

// ln(1 + e) for e = 2^k (th + tl) in (0, 1], as hi + lo: 2 atanh(s) with s = e / (2 + e), or
// above sqrt2 - 1, ln2 + 2 atanh(s) with s = (e - 1) / (e + 3); |s| <= 0.172 and
// 2 atanh(s) = 2s + AtanhSeries(s). Sums by Fast2Sum.
template <class D>
HWY_INLINE Two<D> LogOnePlus(D d, const Parts<D>& e) {
  using T = hn::TFromD<D>;
  const V<D> one = Const(d, 1.0);
  const V<D> eh = Scale(d, e.hi, e.k), el = Scale(d, e.lo, e.k);
  const auto big = hn::Gt(eh, Const(d, 0.41421356237309504880));
  const V<D> h = hn::Sub(eh, one);
  const V<D> nh = hn::IfThenElse(big, h, eh);
  const V<D> nl = hn::IfThenElse(big, hn::Add(hn::Sub(eh, hn::Add(h, one)), el), el);
  const V<D> c0 = hn::IfThenElse(big, Const(d, 3.0), Const(d, 2.0));
  const V<D> den = hn::Add(c0, eh);
  const V<D> den_lo = hn::Add(hn::Add(hn::Sub(c0, den), eh), el);
  const auto [qh, ql] = Quotient(d, nh, nl, den, den_lo);
  const V<D> sh = hn::Add(qh, ql);  // qh may be only 14 bits good: the series needs s itself
  const V<D> sl = hn::Add(hn::Sub(qh, sh), ql);
  const V<D> q = AtanhSeries(d, sh, hn::Mul(sh, sh));
  const V<D> a = hn::IfThenElseZero(big, Const(d, T(f64::kLn2Hi)));
  const V<D> two_s = hn::Add(sh, sh);
  const V<D> hi = hn::Add(a, two_s);
  const V<D> ln2_lo = kIsFloat<D> ? Const(d, -0x1.05c61p-29) : Const(d, f64::kLn2Lo);
  const V<D> small = hn::Add(hn::Add(sl, sl), hn::Add(q, hn::IfThenElseZero(big, ln2_lo)));
  return {hi, hn::Add(hn::Add(hn::Sub(a, hi), two_s), small)};
}

// ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), the sum exact (TwoSum). Below -64 the result is
// e^x itself (e^2x/2 is below 2^-92 of it), rounded once from its parts: near the subnormals the
// quotient's error terms would underflow.
template <class D>
HWY_INLINE V<D> LogOnePlusExp(D d, V<D> x) {
  const Parts<D> e = SplitExp(d, hn::Neg(hn::Abs(x)));
  const auto [hi, lo] = LogOnePlus(d, e);
  const auto [sum, err] = TwoSum<D>(hn::Max(x, hn::Zero(d)), hi);
  const V<D> y = hn::Add(sum, hn::Add(err, lo));
  return hn::IfThenElse(hn::Gt(x, Const(d, 112.0)), x, hn::IfThenElse(hn::Lt(x, Const(d, -64.0)), Round(d, e), y));
}

// x / (1 + |x|), the denominator in two parts (TwoSum); +-1 where 1/|x| is below half an ULP of
// 1 (and at +-inf).
template <class D>
HWY_INLINE V<D> Softsign(D d, V<D> x) {
  const V<D> ax = hn::Abs(x);
  const auto [s, c] = TwoSum<D>(Const(d, 1.0), ax);
  const auto [hi, lo] = Quotient(d, ax, hn::Zero(d), s, c);
  const V<D> y = hn::IfThenElse(hn::Gt(ax, Const(d, kIsFloat<D> ? 0x1p30 : 0x1p60)), Const(d, 1.0), hn::Add(hi, lo));
  return hn::CopySignToAbs(y, x);
}

// 1 / (1 + |x|)^2, the square in two parts. float32: |x| above 2^60 (rare, results near
// underflow) in double (in_double). float64: |x| above 2^490 scaled by 2^-600 first (1 + |x|
// becomes 2^-600 + |x| 2^-600, capped at 2^430 for infinities), the result by 2^-1200 last, so
// that the square can neither overflow nor lose bits (nor Dekker's splitting overflow: s^2 <
// 2^995).
template <class D, class Fn>
HWY_INLINE V<D> SoftsignSlope(D d, V<D> x, const Fn& in_double) {
  const V<D> ax = hn::Abs(x);
  const auto big = hn::Ge(ax, Const(d, kIsFloat<D> ? 0x1p60 : 0x1p490));
  const V<D> a = kIsFloat<D> ? hn::Min(ax, Const(d, 0x1p60))
                             : hn::IfThenElse(big, hn::Min(hn::Mul(ax, Const(d, 0x1p-600)), Const(d, 0x1p430)), ax);
  const V<D> one = kIsFloat<D> ? Const(d, 1.0) : hn::IfThenElse(big, Const(d, 0x1p-600), Const(d, 1.0));
  const auto [s, c] = TwoSum<D>(one, a);
  const V<D> s2 = hn::Mul(s, s);
  const V<D> c2 = hn::MulAdd(hn::Add(s, s), c, SquareError(d, s, s2));
  const auto [hi, lo] = Quotient(d, Const(d, 1.0), hn::Zero(d), s2, c2);
  if constexpr (kFloatKernels && kIsFloat<D>) return f32::RareInDouble(d, x, hn::Add(hi, lo), big, in_double);
  (void)in_double;
  return Scale(d, hn::Add(hi, lo), hn::IfThenElseZero(big, Const(d, -1200.0)));
}

// tanh(|x|) = hi + lo for float64 lanes: -m / (2 + m) with m = e^-2|x| - 1 in two parts, which
// keeps tiny |x| exact too.
template <class D>
HWY_INLINE Two<D> TanhOfAbs(D d, V<D> x) {
  static_assert(!kIsFloat<D>, "float32 lanes: see Tanh");
  const auto [mh, ml] = ExpMinusOneParts(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
  const auto [s, c] = TwoSum<D>(Const(d, 2.0), mh);
  return Quotient(d, hn::Neg(mh), hn::Neg(ml), s, hn::Add(c, ml));
}

// tanh(x) with the sign of x.
// float32: |x| < 0.3, x + x^3 P(x^2) with P of degree 3 (2^-31, tools/fit_float_math.py);
// beyond, (1 - e) / (1 + e) with e = e^-2|x| and 1 - e in two parts (Fast2Sum: 1 >= e).
// float64: TanhOfAbs.
template <class D>
HWY_INLINE V<D> Tanh(D d, V<D> x) {
  const V<D> ax = hn::Abs(x);
  if constexpr (kIsFloat<D>) {
    const V<D> one = Const(d, 1.0);
    const Parts<D> e = SplitExp(d, hn::Mul(Const(d, -2.0), ax));
    const auto [s, c] = OnePlus(d, e);
    const V<D> a = Scale(d, e.hi, e.k);
    const V<D> nh = hn::Sub(one, a);
    const V<D> nl = hn::Sub(hn::Sub(hn::Sub(one, nh), a), Scale(d, e.lo, e.k));
    const auto [hi, lo] = Quotient(d, nh, nl, s, c);
    const V<D> x2 = hn::Mul(ax, ax);
    const V<D> near = hn::MulAdd(hn::Mul(ax, x2),
                                 Horner(d, x2, {-0.333333329106, 0.13333182847, -0.0538841357341, 0.0203508041023}),
                                 ax);
    return hn::CopySignToAbs(hn::IfThenElse(hn::Lt(ax, Const(d, 0.3)), near, hn::Add(hi, lo)), x);
  } else {
    const auto [hi, lo] = TanhOfAbs(d, ax);
    return hn::CopySignToAbs(hn::Add(hi, lo), x);
  }
}

// c (e^x - 1) for x <= 0, x for x > 0 (ELU, SELU); c = ch + cl.
template <class D>
HWY_INLINE V<D> ScaledExpMinusOne(D d, V<D> x, double ch, double cl = 0.0) {
  const auto [hi, lo] = ExpMinusOneParts(d, hn::Min(x, hn::Zero(d)));
  return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, TimesConst(d, ch, cl, hi, lo));
}

// c e^x for x <= 0 (their derivatives), scaled last: a subnormal result rounds twice at most.
template <class D>
HWY_INLINE V<D> ScaledExp(D d, V<D> x, double ch, double cl = 0.0) {
  const Parts<D> e = SplitExp(d, hn::Min(x, hn::Zero(d)));
  return Scale(d, TimesConst(d, ch, cl, e.hi, e.lo), e.k);
}

}  // namespace parts
}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
