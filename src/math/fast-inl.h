// The fast tier's float32 math (Tier::kFast): each function in float32 arithmetic, one part, a
// few roundings instead of one, within the bounds the activations declare (ulp_f32_fast, proven
// over all 2^32 inputs: README, Speed). The exponential takes float32-inl.h's table of 2^(j/16)
// and a polynomial of degree 3, 4 for e^x - 1 (XNNPACK's lut16-p3 scheme, clamped so that -inf
// gives 0); reciprocals are 14-bit estimates with one Newton step. AVX-512 only (kFloatKernels):
// elsewhere the fast tier runs the exact kernels, and these are never instantiated.

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_FAST_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_FAST_INL_H_
#undef ACTLAB_MATH_FAST_INL_H_
#else
#define ACTLAB_MATH_FAST_INL_H_
#endif

#include "math/erfcx_f32-inl.h"
#include "math/float32-inl.h"
#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::fast {

#if HWY_TARGET <= HWY_AVX3
// e^x for x <= 0 (and -inf, NaN) as 2^floor(k) (t (1 + m) + lo): x = k ln2 + r, k a multiple of
// 1/16 (t + lo = 2^(k - floor k) from float32-inl.h's table, one vpermps each on the low bits of
// n) and |r| <= ln2/32; m = e^r - 1 = r + r^2 (1/2 + r/6) within 2^-26.7, or with r^3/24 as
// well (kNearZero: within 2^-29 of m itself, for e^x - 1). x is clamped to kFloor, below which
// every caller's result is 0.
template <class D>
struct ExpPieces {
  V<D> t, lo, m, k;
};
template <bool kNearZero = false, int kFloor = -112, class D>
HWY_INLINE ExpPieces<D> SplitExp(D d, V<D> x) {
  static_assert(kFloor >= -200, "k ln2_hi below must stay exact");
  // Max returns its second operand for NaN, so NaN passes.
  const V<D> xc = hn::Max(Const(d, kFloor), x);
  const V<D> shifter = Const(d, 0x1.8p19);  // adding it rounds x / ln2 to sixteenths
  const V<D> n = hn::MulAdd(xc, Const(d, 0x1.715476p+0), shifter);
  const V<D> k = hn::Sub(n, shifter);
  // ln2 in two parts, the first of 12 bits: x - k ln2_hi is exact, one FMA of a difference below
  // 2^-5 that is a multiple of x's last bit (k ln2_hi's, 2^-16, is no finer for |x| < 256).
  const V<D> r = hn::NegMulAdd(k, Const(d, 0x1.0bfbe8p-15), hn::NegMulAdd(k, Const(d, 0x1.62ep-1), xc));
  const V<D> p = kNearZero ? Horner(d, r, {0.5, 1.0 / 6, 1.0 / 24}) : hn::MulAdd(Const(d, 1.0 / 6), r, Const(d, 0.5));
  const V<D> m = hn::MulAdd(hn::Mul(p, r), r, r);
  const __m512i j = _mm512_castps_si512(n.raw);
  return {V<D>{_mm512_permutexvar_ps(j, _mm512_load_ps(f32::kExp2Hi))},
          V<D>{_mm512_permutexvar_ps(j, _mm512_load_ps(f32::kExp2Lo))}, m, k};
}

// e^x / 2^floor(k) rounded: t (1 + m), off by t's own rounding and one more, or with the table's
// low part (kWithLow) by about one rounding.
template <bool kWithLow = false, class D>
HWY_INLINE V<D> Mantissa(D, const ExpPieces<D>& e) {
  return kWithLow ? hn::Add(e.t, hn::MulAdd(e.t, e.m, e.lo)) : hn::MulAdd(e.t, e.m, e.t);
}

// e^x = 2^k (hi + lo) with the mantissa's rounding error: t + (t m + lo) by Fast2Sum (t > |t m +
// lo|), for results that carry it to first order.
template <class D>
HWY_INLINE Parts<D> MantissaInParts(D, const ExpPieces<D>& e) {
  const V<D> a = hn::MulAdd(e.t, e.m, e.lo), hi = hn::Add(e.t, a);
  return {hi, hn::Add(hn::Sub(e.t, hi), a), e.k};
}

// e^x for x <= 0, within about 1 ULP (kWithLow: about half an ULP more accurate).
template <bool kWithLow = false, class D>
HWY_INLINE V<D> Exponential(D d, V<D> x) {
  const ExpPieces<D> e = SplitExp(d, x);
  return f32::Scale(d, Mantissa<kWithLow>(d, e), e.k);
}

// e^x - 1 for x <= 0 (not -0): (a - 1) + (a m + 2^k lo) with a = 2^k t, so that the cancellation
// near 0 is exact (Sterbenz above 1/2, and a - 1 is not small below) and one rounding remains;
// at k = 0 (t = 1) the sum is m itself.
template <class D>
HWY_INLINE V<D> ExpMinusOne(D d, V<D> x) {
  const ExpPieces<D> e = SplitExp<true>(d, x);
  const V<D> a = f32::Scale(d, e.t, e.k);
  return hn::Add(hn::Sub(a, Const(d, 1.0)), hn::MulAdd(a, e.m, f32::Scale(d, e.lo, e.k)));
}

// 1 / s for normal s with a normal reciprocal: a 14-bit estimate and one Newton step, within 2^-27.
template <class D>
HWY_INLINE V<D> Reciprocal(D d, V<D> s) {
  const V<D> r = hn::ApproximateReciprocal(s);
  return hn::MulAdd(r, hn::NegMulAdd(s, r, Const(d, 1.0)), r);
}
// 1 / (s + c) for the small error c of a sum s: the Newton step against both, so that the
// reciprocal rounds once.
template <class D>
HWY_INLINE V<D> Reciprocal(D d, V<D> s, V<D> c) {
  const V<D> r = hn::ApproximateReciprocal(s);
  return hn::MulAdd(r, hn::NegMulAdd(c, r, hn::NegMulAdd(s, r, Const(d, 1.0))), r);
}

// The logistic's pieces: e^-|x| = 2^k th (unscaled, so that results near the subnormals round
// once, at their final scaling), e = 2^k th itself and r = 1 / (1 + e).
template <class D>
struct LogisticParts {
  V<D> th, k, e, r;
};
template <bool kWithLow = false, int kFloor = -112, class D>
HWY_INLINE LogisticParts<D> SplitLogistic(D d, V<D> x) {
  const ExpPieces<D> p = SplitExp<false, kFloor>(d, hn::Neg(hn::Abs(x)));
  const V<D> th = Mantissa<kWithLow>(d, p), e = f32::Scale(d, th, p.k);
  const V<D> one = Const(d, 1.0), s = hn::Add(one, e);
  // With the low part, also the sum's rounding error (Fast2Sum: 1 >= e) for the reciprocal.
  return {th, p.k, e, kWithLow ? Reciprocal(d, s, hn::Add(hn::Sub(one, s), e)) : Reciprocal(d, s)};
}

// sigma(x) = n / (1 + e): n = e below 0, 1 above. A subnormal result rounds twice.
template <class D>
HWY_INLINE V<D> Logistic(D d, V<D> x) {
  const LogisticParts<D> l = SplitLogistic(d, x);
  return hn::Mul(hn::IfThenElse(hn::Lt(x, hn::Zero(d)), l.e, Const(d, 1.0)), l.r);
}

// softplus(x) = max(x, 0) + ln(1 + e), e = e^-|x|: ln(1 + e) = 2 atanh(u) = 2u + u^3 P(u^2) with
// u = e / (2 + e) <= 1/3 (the sum's error kept for the reciprocal) and P of degree 4 within 2^-29.9
// (tools/fit_float_math.py). Below x = -24, ln(1 + e) is e within 2^-35, rounded once at its
// scale: the subnormal results of softplus(-100) keep their digits. -inf gives 0, NaN passes.
template <class D>
HWY_INLINE V<D> LogOnePlusExp(D d, V<D> x) {
  const V<D> a = hn::Abs(x);
  const ExpPieces<D> p = SplitExp(d, hn::Neg(a));
  const V<D> e = f32::Scale(d, Mantissa<true>(d, p), p.k);
  const V<D> two = Const(d, 2.0), s = hn::Add(two, e);
  const V<D> u = hn::Mul(e, Reciprocal(d, s, hn::Add(hn::Sub(two, s), e))), w = hn::Mul(u, u);
  const V<D> poly = Horner(d, w, {0x1.5555560p-1, 0x1.9998d40p-2, 0x1.24c9260p-2, 0x1.bc8cf80p-3, 0x1.dba2600p-3});
  const V<D> log1p = hn::IfThenElse(hn::Gt(a, Const(d, 24.0)), e, hn::MulAdd(hn::Mul(u, w), poly, hn::Add(u, u)));
  return hn::Add(hn::Max(x, hn::Zero(d)), log1p);
}

// sigma(x) as 2^k hi, for products that must round once near the subnormals; e with the
// table's low part and 1 / (1 + e) rounded once.
template <int kFloor = -112, class D>
HWY_INLINE Parts<D> ScaledLogistic(D d, V<D> x) {
  const LogisticParts<D> l = SplitLogistic<true, kFloor>(d, x);
  const auto negative = hn::Lt(x, hn::Zero(d));
  return {hn::Mul(hn::IfThenElse(negative, l.th, Const(d, 1.0)), l.r), hn::Zero(d), hn::IfThenElseZero(negative, l.k)};
}

// sigma'(x) = e / (1 + e)^2, e = e^-|x|, at |x| * scale (sech^2(x) = 4 sigma'(2x)). The square
// q = (1 + e)^2 is kept with its rounding errors (s + c = 1 + e exactly, q + ql = (s + c)^2) and
// the reciprocal refined against both, so that 1/q rounds once.
template <class D>
HWY_INLINE V<D> LogisticSlope(D d, V<D> x, double scale = 1.0) {
  const V<D> one = Const(d, 1.0);
  const ExpPieces<D> p = SplitExp(d, hn::Mul(Const(d, -scale), hn::Abs(x)));
  const V<D> th = Mantissa(d, p), e = f32::Scale(d, th, p.k);
  const V<D> s = hn::Add(one, e), c = hn::Add(hn::Sub(one, s), e);
  const V<D> q = hn::Mul(s, s), ql = hn::MulAdd(hn::Add(s, s), c, hn::MulSub(s, s, q));
  const V<D> r0 = hn::ApproximateReciprocal(q);
  const V<D> u = hn::NegMulAdd(ql, r0, hn::NegMulAdd(q, r0, one));
  return f32::Scale(d, hn::Mul(th, hn::MulAdd(r0, u, r0)), p.k);
}

// tanh(x) = -m / (2 + m) with m = e^-2|x| - 1 and the sign of x: no cancellation near 0. The
// sum's rounding error is kept for the reciprocal (Fast2Sum: 2 > |m|).
template <class D>
HWY_INLINE V<D> Tanh(D d, V<D> x) {
  const V<D> two = Const(d, 2.0);
  const V<D> m = ExpMinusOne(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
  const V<D> s = hn::Add(two, m);
  return hn::CopySign(hn::Mul(m, Reciprocal(d, s, hn::Add(hn::Sub(two, s), m))), x);
}

// sech^2(x) = 4 sigma'(2x).
template <class D>
HWY_INLINE V<D> Sech2(D d, V<D> x) {
  return hn::Mul(Const(d, 4.0), LogisticSlope(d, x, 2.0));
}

// x sigma(x), scaled last. x is clamped to -200 for the product, so that -inf gives -0 (the
// limit), not -inf * 0; every finite x below has a result under half the smallest subnormal.
template <class D>
HWY_INLINE V<D> XLogistic(D d, V<D> x) {
  const Parts<D> s = ScaledLogistic(d, x);
  return f32::Scale(d, hn::Mul(hn::Max(x, Const(d, -200.0)), s.hi), s.k);
}

// x sigma(v + ve) for an argument in two parts (gelu's 2u, swish's beta x): sigma(v) (1 + ve (1 -
// sigma(v))) to first order, so that sigma keeps its relative precision where v is in the
// hundreds. The exponential runs down to v = -200, where |x| e^v for |x| <= 2^100 (x is clamped
// there, so that -inf gives -0, not -inf * 0) is below half the smallest subnormal: x sigma(beta
// x) with beta < 1 is a normal number where sigma(beta x) is not. The caller zeroes a non-finite ve.
template <class D>
HWY_INLINE V<D> XLogisticOfSum(D d, V<D> x, V<D> v, V<D> ve) {
  const Parts<D> s = ScaledLogistic<-200>(d, v);
  const V<D> one_minus_s = hn::Sub(Const(d, 1.0), f32::Scale(d, s.hi, s.k));
  const V<D> correction = hn::IfThenElseZero(hn::Gt(v, Const(d, -200.0)), hn::Mul(s.hi, ve));
  const V<D> hi = hn::MulAdd(correction, one_minus_s, s.hi);
  return f32::Scale(d, hn::Mul(hn::Max(x, Const(d, -0x1p100)), hi), s.k);
}

// mish(x) = x tanh(ln(1 + e^x)) = f n / m with e = e^-|x|: below 0, f = x e (e unscaled, scaled
// last), n = 2 + e and m = e n + 2; above, f = x, n = 1 + 2e and m = n + 2e^2. n is kept with its
// rounding error (Fast2Sum: 2 > e, and 2e < 2 has 1's exponent or is 2), n / m is corrected by its
// residual and f n / m rounds once (x th kept with its error): 2.90 ULP over all inputs, where
// x n / (n + 2), n = e (e + 2), reached 4.05. x is clamped to -200 for f, so that -inf gives -0.
template <class D>
HWY_INLINE V<D> XTanhSoftplus(D d, V<D> x) {
  const V<D> one = Const(d, 1.0), two = Const(d, 2.0);
  const ExpPieces<D> p = SplitExp(d, hn::Neg(hn::Abs(x)));
  const V<D> th = Mantissa<true>(d, p), e = f32::Scale(d, th, p.k), twice = hn::Add(e, e);
  const auto negative = hn::Lt(x, hn::Zero(d));
  const V<D> a = hn::IfThenElse(negative, two, one), b = hn::IfThenElse(negative, e, twice);
  const V<D> n = hn::Add(a, b), nl = hn::Add(hn::Sub(a, n), b);
  const V<D> m = hn::IfThenElse(negative, hn::MulAdd(e, nl, hn::MulAdd(e, n, two)), hn::Add(hn::MulAdd(twice, e, n), nl));
  const V<D> r = Reciprocal(d, m), q0 = hn::Mul(n, r);
  const V<D> q = hn::MulAdd(hn::Add(hn::NegMulAdd(q0, m, n), nl), r, q0);
  const V<D> xc = hn::Max(x, Const(d, -200.0)), scale = hn::IfThenElse(negative, th, one);
  const V<D> f = hn::Mul(xc, scale), fe = hn::IfThenElseZero(negative, hn::MulSub(xc, scale, f));
  return f32::Scale(d, hn::MulAdd(f, q, hn::Mul(fe, q)), hn::IfThenElseZero(negative, p.k));
}

// mish'(x) = t + x sigma(x) (1 - t^2), t = tanh(softplus(x)), in Mish's closed forms with e =
// e^-|x|: below 0, e B / N^2 with N = 2 + e (2 + e) and B = 4 (1 + x) + e (6 + 4x + e (4 + e)),
// whose cancellation at the root (x = -1.19) falls on 4 (1 + x), exact there (Sterbenz); N^2 kept
// with its rounding errors for the reciprocal, e unscaled and scaled last. From 0 on, 1 + c with
// c = 2e^2 (2x (1 + e) - M) / M^2, M = 1 + 2e (1 + e): c is at most 0.4 beside 0.6 (at x = 0)
// and vanishes with e^2. x is clamped to +-200: the limits 0 and 1 at -inf and +inf.
template <class D>
HWY_INLINE V<D> MishSlope(D d, V<D> x) {
  const V<D> one = Const(d, 1.0), two = Const(d, 2.0), four = Const(d, 4.0);
  const ExpPieces<D> p = SplitExp(d, hn::Neg(hn::Abs(x)));
  const Parts<D> ep = MantissaInParts(d, p);
  const V<D> th = ep.hi, tl = ep.lo, e = f32::Scale(d, th, p.k), twice = hn::Add(e, e);
  const V<D> xc = hn::Min(hn::Max(x, Const(d, -200.0)), Const(d, 200.0));
  // Below 0: N + Nl = 2 + q exactly (Fast2Sum of the larger and the smaller), N^2 + N2l.
  const V<D> q = hn::MulAdd(e, e, twice);
  const V<D> n = hn::Add(two, q), nl = hn::Add(hn::Sub(hn::Max(two, q), n), hn::Min(two, q));
  const V<D> n2 = hn::Mul(n, n), n2l = hn::MulAdd(hn::Add(n, n), nl, hn::MulSub(n, n, n2));
  const V<D> r0 = hn::ApproximateReciprocal(n2);
  const V<D> rn = hn::MulAdd(r0, hn::NegMulAdd(n2l, r0, hn::NegMulAdd(n2, r0, one)), r0);
  const V<D> six_plus = hn::MulAdd(four, xc, Const(d, 6.0));
  const V<D> b = hn::MulAdd(e, hn::MulAdd(e, hn::Add(e, four), six_plus), hn::Mul(four, hn::Add(one, xc)));
  // e's rounding error tl enters as tl d(e B / N^2)/de N^2 = tl (B (1 - 2e N' / N) + e B'), N' =
  // 2 + 2e and B' = 6 + 4x + e (8 + 3e): f' moves by 2.5 times e's relative error at x = -0.6.
  const V<D> ratio = hn::Mul(hn::Mul(hn::MulAdd(twice, e, twice), n), rn);
  const V<D> slope_b = hn::MulAdd(e, hn::MulAdd(Const(d, 3.0), e, Const(d, 8.0)), six_plus);
  const V<D> g = hn::MulAdd(e, slope_b, hn::Mul(b, hn::NegMulAdd(two, ratio, one)));
  // (P + Pl) / (N^2 + N2l), P + Pl = e B, corrected by its residual: it rounds about once.
  const V<D> num = hn::Mul(th, b), num_lo = hn::MulAdd(tl, g, hn::MulSub(th, b, num));
  const V<D> q0 = hn::Mul(num, rn);
  const V<D> residual = hn::NegMulAdd(q0, n2l, hn::Add(hn::NegMulAdd(q0, n2, num), num_lo));
  const V<D> below = f32::Scale(d, hn::MulAdd(residual, rn, q0), p.k);
  // From 0 on.
  const V<D> m = hn::Add(one, hn::MulAdd(twice, e, twice)), rm = Reciprocal(d, m);
  const V<D> x2 = hn::Add(xc, xc), gap = hn::MulAdd(x2, e, hn::Sub(x2, m));
  const V<D> above = hn::MulAdd(hn::Mul(hn::Mul(twice, e), gap), hn::Mul(rm, rm), one);
  return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), below, above);
}

// d/dx x sigma(x) = s (1 + x (1 - s)): with r = 1 / (1 + e), s = e r and 1 - s = r below 0,
// s = r and 1 - s = e r above, so 1 - s never cancels. 1 + x r cancels near the root (x = -1.28):
// there r is kept as r0 + r0 u (the estimate and its Newton correction, against 1 + e with its
// rounding error), so that 1 + x r rounds twice and nothing else. x is clamped to +-200 for the
// products: the limits 0 and 1 at -inf and +inf. With kSum, the same function g at v + ve (swish's
// beta x in two parts): g(v) + ve g'(v), g' = s (1 - s) (2 + v (1 - 2s)), the correction inside
// the parentheses, where it counts near the root; ve is dropped from |v| = 112 on.
template <bool kSum, class D>
HWY_INLINE V<D> XLogisticSlope(D d, V<D> x, V<D> ve) {
  const V<D> one = Const(d, 1.0);
  const ExpPieces<D> p = SplitExp(d, hn::Neg(hn::Abs(x)));
  const V<D> th = Mantissa<true>(d, p), e = f32::Scale(d, th, p.k);
  const V<D> sum = hn::Add(one, e), c = hn::Add(hn::Sub(one, sum), e);
  const V<D> r0 = hn::ApproximateReciprocal(sum);
  const V<D> ru = hn::Mul(r0, hn::NegMulAdd(c, r0, hn::NegMulAdd(sum, r0, one)));
  const V<D> r = hn::Add(r0, ru);
  const auto negative = hn::Lt(x, hn::Zero(d));
  const V<D> s = hn::IfThenElse(negative, hn::Mul(th, r), r);
  const V<D> xc = hn::Min(hn::Max(x, Const(d, -200.0)), Const(d, 200.0));
  const V<D> lead = hn::IfThenElse(negative, r0, hn::Mul(e, r)), tail = hn::IfThenElseZero(negative, ru);
  V<D> inner;
  if constexpr (kSum) {
    const V<D> one_minus_s = hn::IfThenElse(negative, r, hn::Mul(e, r));
    const V<D> one_minus_2s = hn::Sub(hn::Add(one_minus_s, one_minus_s), one);
    const V<D> slope = hn::MulAdd(xc, one_minus_2s, Const(d, 2.0));
    // From |v| = 112 on, g is 0 or 1 within its last bits and ve (up to |v| 2^-24) would count.
    const V<D> weight = hn::IfThenElseZero(hn::Lt(hn::Abs(x), Const(d, 112.0)), hn::Mul(ve, one_minus_s));
    // Both small terms summed first, so that inner rounds twice, as without ve.
    inner = hn::Add(hn::MulAdd(xc, lead, one), hn::MulAdd(weight, slope, hn::Mul(xc, tail)));
  } else {
    inner = hn::MulAdd(xc, tail, hn::MulAdd(xc, lead, one));
  }
  return f32::Scale(d, hn::Mul(s, inner), hn::IfThenElseZero(negative, p.k));
}
template <class D>
HWY_INLINE V<D> XLogisticSlope(D d, V<D> x) {
  return XLogisticSlope<false>(d, x, hn::Zero(d));
}

// sigma(v + ve) + m sigma'(v + ve) for m = mh + ml (gelu's tanh form: v = 2u, m = x (2u)'), as
// s (1 + m (1 - s)) + ve s (1 - s) (1 + m (1 - 2s)), first order in ve, with s = sigma(v) and 1 - s
// from r = 1 / (1 + e), e = e^-|v|, as in XLogisticSlope: 1 + m (1 - s) cancels near the root
// (x = -0.75), so r is kept there as r0 + r0 u and the small terms are summed first; s (...) is
// the product of e's and r's parts, unrounded (one ULP less at x = -0.34). m is clamped
// to +-1024 (and ml dropped there): where |m| is larger, |v| is above 300 and the result 0 or 1
// within its last bits, and inf * e^-112 would give inf.
template <class D>
HWY_INLINE V<D> LogisticPlusSlopeTimes(D d, V<D> v, V<D> ve, V<D> mh, V<D> ml) {
  const V<D> one = Const(d, 1.0), cap = Const(d, 1024.0);
  const ExpPieces<D> p = SplitExp(d, hn::Neg(hn::Abs(v)));
  const Parts<D> ep = MantissaInParts(d, p);
  const V<D> th = ep.hi, tl = ep.lo, e = f32::Scale(d, th, p.k);
  const V<D> sum = hn::Add(one, e), c = hn::Add(hn::Sub(one, sum), e);
  const V<D> r0 = hn::ApproximateReciprocal(sum);
  const V<D> ru = hn::Mul(r0, hn::NegMulAdd(c, r0, hn::NegMulAdd(sum, r0, one)));
  const V<D> r = hn::Add(r0, ru);
  const auto negative = hn::Lt(v, hn::Zero(d));
  const V<D> one_minus_s = hn::IfThenElse(negative, r, hn::Mul(e, r));
  const V<D> lead = hn::IfThenElse(negative, r0, one_minus_s), tail = hn::IfThenElseZero(negative, ru);
  const V<D> m = hn::Min(hn::Max(mh, hn::Neg(cap)), cap);
  const V<D> m_lo = hn::IfThenElseZero(hn::Lt(hn::Abs(mh), cap), ml);
  const V<D> one_minus_2s = hn::Sub(hn::Add(one_minus_s, one_minus_s), one);
  const V<D> weight = hn::IfThenElseZero(hn::Lt(hn::Abs(v), Const(d, 112.0)), hn::Mul(ve, one_minus_s));
  const V<D> small = hn::MulAdd(weight, hn::MulAdd(m, one_minus_2s, one), hn::MulAdd(m_lo, one_minus_s, hn::Mul(m, tail)));
  const V<D> inner = hn::Add(hn::MulAdd(m, lead, one), small);
  // s inner with s = r (v >= 0) or (th + tl) r, r = r0 + ru: two roundings, not four.
  const V<D> q = hn::MulAdd(r0, inner, hn::Mul(ru, inner));
  const V<D> y = hn::IfThenElse(negative, hn::MulAdd(th, q, hn::Mul(tl, q)), q);
  return f32::Scale(d, y, hn::IfThenElseZero(negative, p.k));
}

// tanhshrink's pieces: for |x| < 1, x - tanh x = x^3 P(w), w = x^2, P = 1/3 + w Q(w) with 1/3
// in two floats and Q of degree 6 in float coefficients within 2^-25.1 (tools/fit_float_math.py);
// from 1 on, 1 - tanh|x| = 2 sigma(-2|x|) = 2e / (1 + e), e = e^-2|x| (the table's low part, the
// sum's error kept for the reciprocal), which never cancels against |x| - 1 >= 0.
template <class D>
HWY_INLINE V<D> TanhshrinkSeries(D d, V<D> w) {
  const V<D> q = Horner(d, w, {-0x1.111110p-3, 0x1.ba19e4p-5, -0x1.661666p-6, 0x1.1fa664p-7, -0x1.b499bcp-9,
                               0x1.0ab7f4p-10, -0x1.659146p-13});
  return hn::Add(Const(d, 0x1.555556p-2), hn::MulAdd(w, q, Const(d, -0x1.555556p-27)));
}
template <class D>
HWY_INLINE V<D> TwiceLogisticOfMinusTwice(D d, V<D> a) {
  const LogisticParts<D> l = SplitLogistic<true>(d, hn::Add(a, a));
  return hn::Mul(hn::Add(l.e, l.e), l.r);
}

// x - tanh x: x^3 P(x^2) below |x| = 1, x^3 in two parts (w and x^3 with their products' errors);
// (|x| - 1) + 2 sigma(-2|x|) with the sign of x from 1 on (|x| - 1 exact up to 2, inf as it is).
template <class D>
HWY_INLINE V<D> XMinusTanh(D d, V<D> x) {
  const V<D> a = hn::Abs(x), one = Const(d, 1.0);
  const V<D> w = hn::Mul(a, a), we = hn::MulSub(a, a, w);
  const V<D> c = hn::Mul(w, a), ce = hn::MulAdd(we, a, hn::MulSub(w, a, c));
  const V<D> p = TanhshrinkSeries(d, w);
  const V<D> small = hn::MulAdd(c, p, hn::Mul(ce, p));
  const V<D> large = hn::Add(hn::Sub(a, one), TwiceLogisticOfMinusTwice(d, a));
  return hn::CopySign(hn::IfThenElse(hn::Lt(a, one), small, large), x);
}

// tanh^2 x (tanhshrink's derivative): w (1 - w P(w))^2 below |x| = 1 (tanh x = x (1 - w P)), and
// (1 - 2 sigma(-2|x|))^2 from 1 on; 1 at +-inf, NaN passes.
template <class D>
HWY_INLINE V<D> TanhSquared(D d, V<D> x) {
  const V<D> a = hn::Abs(x), one = Const(d, 1.0);
  const V<D> w = hn::Mul(a, a);
  const V<D> u = hn::NegMulAdd(w, TanhshrinkSeries(d, w), one), small = hn::Mul(hn::Mul(u, u), w);
  const V<D> t = hn::Sub(one, TwiceLogisticOfMinusTwice(d, a)), large = hn::Mul(t, t);
  return hn::IfThenElse(hn::Lt(a, one), small, large);
}

// gelu's erf form, a = |x|: Phi(-a) = e^(-a^2/2) erfcx(a / sqrt2) / 2 (erfcx_f32-inl.h) and
// phi(a) = e^(-a^2/2) / sqrt(2 pi), e^(-a^2/2) of a^2 in two parts (w + we: e^(-w/2) (1 - we/2))
// as 2^k g, g unscaled, so that products near the subnormals round once, at the end. a is capped
// at kErfcxLast (callers take the limits beyond); Min keeps NaN.
template <class D>
struct NormalParts {
  V<D> a, g, k;
};
template <class D>
HWY_INLINE NormalParts<D> SplitNormal(D d, V<D> x) {
  const V<D> a = hn::Min(Const(d, kErfcxLast), hn::Abs(x));
  const V<D> w = hn::Mul(a, a), we = hn::MulSub(a, a, w);
  const ExpPieces<D> p = SplitExp(d, hn::Mul(Const(d, -0.5), w));
  const V<D> th = Mantissa<true>(d, p);
  return {a, hn::NegMulAdd(hn::Mul(Const(d, 0.5), th), we, th), p.k};
}

// x Phi(x), erfcx in one part: x (1 - Phi(-a)) from 0 on (no cancellation: Phi(-a) <= 1/2), x
// Phi(-a) scaled last below; from |x| = kErfcxLast on, x and -0 (the limits at +-inf too).
template <class D>
HWY_INLINE V<D> XNormalCdf(D d, V<D> x) {
  const NormalParts<D> n = SplitNormal(d, x);
  const V<D> tail = hn::Mul(n.g, hn::Mul(Const(d, 0.5), f32::ErfcxOfAbsOverSqrt2(d, n.a)));
  const V<D> y = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), f32::Scale(d, hn::Mul(x, tail), n.k),
                                hn::Mul(x, hn::Sub(Const(d, 1.0), f32::Scale(d, tail, n.k))));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kErfcxLast)), hn::Max(Const(d, -0.0), x), y);
}

// Phi(x) + x phi(x): 1 - Phi(-a) + a phi(a) from 0 on (all terms positive), g (erfcx / 2 - a /
// sqrt(2 pi)) scaled last below, where the difference cancels by up to 3 outside the root's
// neighbourhood (x = -0.752, measured in ULPs of 1): erfcx and 1 / sqrt(2 pi) in two parts
// there, the high parts' difference in one FMA. 1 and 0 from |x| = kErfcxLast on.
template <class D>
HWY_INLINE V<D> XNormalCdfSlope(D d, V<D> x) {
  const NormalParts<D> n = SplitNormal(d, x);
  const V<D> half = Const(d, 0.5), ch = Const(d, 0x1.988454p-2), cl = Const(d, -0x1.857936p-27);
  const auto [eh, el] = f32::ErfcxOfAbsOverSqrt2Parts(d, n.a);
  const V<D> diff = hn::Add(hn::NegMulAdd(n.a, ch, hn::Mul(half, eh)), hn::NegMulAdd(n.a, cl, hn::Mul(half, el)));
  const V<D> below = f32::Scale(d, hn::Mul(n.g, diff), n.k);
  const V<D> above = hn::Add(hn::Sub(Const(d, 1.0), f32::Scale(d, hn::Mul(n.g, hn::Mul(half, eh)), n.k)),
                             f32::Scale(d, hn::Mul(n.g, hn::Mul(n.a, ch)), n.k));
  const V<D> y = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), below, above);
  const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
  return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kErfcxLast)), limit, y);
}

// x / (1 + |x|) as |x| / (1 + |x|) with the sign of x: the sum's rounding error is kept for the
// reciprocal (Fast2Sum of max(1, |x|) and min(1, |x|)), so the quotient rounds about twice. |x|
// is capped at 2^30, where the result is 1 (and inf gives 1); Min keeps NaN (its second operand).
template <class D>
HWY_INLINE V<D> XOverOnePlusAbs(D d, V<D> x) {
  const V<D> one = Const(d, 1.0), a = hn::Min(Const(d, 0x1p30), hn::Abs(x));
  const V<D> s = hn::Add(one, a), c = hn::Add(hn::Sub(hn::Max(one, a), s), hn::Min(one, a));
  return hn::CopySign(hn::Mul(a, Reciprocal(d, s, c)), x);
}

// c x rounded once (c as two floats), c * +-inf as it is.
template <class D>
HWY_INLINE V<D> TimesConst(D d, double c, V<D> x) {
  return f32::TimesConst(d, c, x);
}

// x for x >= 0 (and -0), c (e^x - 1) below: ELU, SELU (scale folded into c).
template <class D>
HWY_INLINE V<D> ScaledExpMinusOne(D d, V<D> x, double c) {
  const V<D> negative = hn::Mul(Const(d, c), ExpMinusOne(d, hn::Min(x, hn::Zero(d))));
  return hn::IfThenElse(hn::Ge(x, hn::Zero(d)), x, negative);
}

// above for x > 0, c e^x below: their derivatives.
template <class D>
HWY_INLINE V<D> ScaledExp(D d, V<D> x, double above, double c) {
  const V<D> negative = hn::Mul(Const(d, c), Exponential(d, hn::Min(x, hn::Zero(d))));
  return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, above), negative);
}

#else
// Declared only, never instantiated (FastOf runs the exact math where kFloatKernels is false),
// so that the activations' FastForward and FastDerivative compile for every target.
template <bool kWithLow = false, class D>
V<D> Exponential(D d, V<D> x);
template <class D>
V<D> Logistic(D d, V<D> x);
template <class D>
V<D> LogisticSlope(D d, V<D> x, double scale = 1.0);
template <class D>
V<D> Tanh(D d, V<D> x);
template <class D>
V<D> Sech2(D d, V<D> x);
template <class D>
V<D> XLogistic(D d, V<D> x);
template <class D>
V<D> LogOnePlusExp(D d, V<D> x);
template <class D>
V<D> XTanhSoftplus(D d, V<D> x);
template <class D>
V<D> MishSlope(D d, V<D> x);
template <class D>
V<D> XLogisticSlope(D d, V<D> x);
template <bool kSum, class D>
V<D> XLogisticSlope(D d, V<D> x, V<D> ve);
template <class D>
V<D> XLogisticOfSum(D d, V<D> x, V<D> v, V<D> ve);
template <class D>
V<D> LogisticPlusSlopeTimes(D d, V<D> v, V<D> ve, V<D> mh, V<D> ml);
template <class D>
V<D> ScaledExpMinusOne(D d, V<D> x, double c);
template <class D>
V<D> ScaledExp(D d, V<D> x, double above, double c);
template <class D>
V<D> TimesConst(D d, double c, V<D> x);
template <class D>
V<D> XOverOnePlusAbs(D d, V<D> x);
template <class D>
V<D> XMinusTanh(D d, V<D> x);
template <class D>
V<D> TanhSquared(D d, V<D> x);
template <class D>
V<D> XNormalCdf(D d, V<D> x);
template <class D>
V<D> XNormalCdfSlope(D d, V<D> x);
#endif

}  // namespace actlab::HWY_NAMESPACE::fast
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
