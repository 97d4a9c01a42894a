// Vector building blocks shared by several activations, written once over a Highway descriptor.
// Each picks its version from the descriptor: float lanes (AVX-512) and plain double lanes take
// the two-part math of parts-inl.h where it exists (kInParts), ForFloat double lanes (a float32
// result) short polynomials good to 2^-40, plain double lanes elsewhere Highway's routines. Every
// exponential here takes a non-positive argument: the activations are written in forms (e^-|x|,
// reflections) that never overflow.

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_FUNCTIONS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_FUNCTIONS_INL_H_
#undef ACTLAB_MATH_FUNCTIONS_INL_H_
#else
#define ACTLAB_MATH_FUNCTIONS_INL_H_
#endif

#include <iterator>
#include <type_traits>

#include "math/erfcx_f32-inl.h"
#include "math/fast-inl.h"
#include "math/parts-inl.h"
#include "math/vec-inl.h"
#include "hwy/contrib/math/math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// e^x = scale * (1 + m): x = k ln2 + r with |r| <= ln2/2, scale = 2^k, m = e^r - 1 within
// 2^-42 relative (tools/fit_float_math.py). x is clamped to [-708, 709] so that 2^k is a normal
// double; below, the callers' results are far under the float32 range.
template <class D>
struct ExpSplit {
  V<D> scale, m;
};
template <class D>
HWY_INLINE ExpSplit<D> SplitExp(D d, V<D> x) {
  const V<D> xc = hn::Min(hn::Max(x, Const(d, -708.0)), Const(d, 709.0));
  const V<D> shifter = Const(d, 0x1.8p52);  // adding it rounds to an integer in the low bits
  const V<D> t = hn::MulAdd(xc, Const(d, 1.4426950408889634074), shifter);
  const V<D> k = hn::Sub(t, shifter);
  const V<D> r = hn::NegMulAdd(k, Const(d, 0.69314718055994530942), xc);
  const V<D> p = Horner(d, r, {0.49999999999955106746, 0.16666666666662586604, 0.041666666786265734327,
                               0.008333333344202979933, 0.0013888839110572008302,
                               0.00019841224599656012436, 0.000024867870179687726143,
                               2.7617564785876085885e-6});
  const hn::RebindToSigned<D> di;
  const auto biased = hn::Add(hn::BitCast(di, t), hn::Set(di, 1023));  // low bits: k + 1023
  return {hn::BitCast(d, hn::ShiftLeft<52>(biased)), hn::MulAdd(hn::Mul(r, r), p, r)};
}

template <class D>
HWY_INLINE V<D> Exponential(D d, V<D> x) {
  if constexpr (!kForFloat<D>) {
    return hn::Exp(d, x);
  } else {
    const ExpSplit<D> e = SplitExp(d, x);
    return hn::IfThenZeroElse(hn::Lt(x, Const(d, -708.0)), hn::MulAdd(e.scale, e.m, e.scale));
  }
}

// e^x - 1 = scale * m + (scale - 1): one rounding, no cancellation (k = 0 near 0).
template <class D>
HWY_INLINE V<D> ExpMinusOne(D d, V<D> x) {
  if constexpr (!kForFloat<D>) {
    return hn::Expm1(d, x);
  } else {
    const ExpSplit<D> e = SplitExp(d, x);
    const V<D> y = hn::MulAdd(e.scale, e.m, hn::Sub(e.scale, Const(d, 1.0)));
    return hn::IfThenElse(hn::Eq(x, hn::Zero(d)), x, y);  // keeps the sign of -0
  }
}

// n / q. For ForFloat on AVX-512: a 14-bit reciprocal, one Newton step (28 bits) and one
// correction of the quotient (Markstein), within 2^-52; q must lie in [2^-1000, 2^1000].
template <class D>
HWY_INLINE V<D> Divide(D d, V<D> n, V<D> q) {
#if HWY_TARGET <= HWY_AVX3
  if constexpr (kForFloat<D> && hn::MaxLanes(D()) == 8) {
    V<D> r{_mm512_rcp14_pd(q.raw)};
    r = hn::MulAdd(r, hn::NegMulAdd(q, r, Const(d, 1.0)), r);
    const V<D> y = hn::Mul(n, r);
    return hn::MulAdd(r, hn::NegMulAdd(q, y, n), y);
  }
#endif
  (void)d;
  return hn::Div(n, q);
}

// x * g with the signed zero of x where g == 0: the limits x * sigma(x) -> -0 at -inf and
// x * phi(x) -> 0 at +-inf, instead of inf * 0 = NaN.
template <class D>
HWY_INLINE V<D> XTimes(D d, V<D> x, V<D> g) {
  return hn::IfThenElse(hn::Eq(g, hn::Zero(d)), hn::And(x, hn::SignBit(d)), hn::Mul(x, g));
}

// sigma(x) = 1 / (1 + e^-x), evaluated as e/(1+e) for x < 0 with e = e^-|x|: never overflows.
template <class D>
HWY_INLINE V<D> Logistic(D d, V<D> x) {
  if constexpr (kInParts<D>) return parts::Round(d, parts::Logistic(d, x));
  const V<D> e = Exponential(d, hn::Neg(hn::Abs(x)));
  const V<D> numerator = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), e, Const(d, 1.0));
  return Divide(d, numerator, hn::Add(Const(d, 1.0), e));
}

// sigma(x) (1 - sigma(x)) = e / (1+e)^2 with e = e^-|x|: no cancellation in the tails.
template <class D>
HWY_INLINE V<D> LogisticSlope(D d, V<D> x) {
  if constexpr (kInParts<D>) return parts::Round(d, parts::LogisticSlope(d, x));
  const V<D> e = Exponential(d, hn::Neg(hn::Abs(x)));
  const V<D> q = hn::Add(Const(d, 1.0), e);
  return Divide(d, e, hn::Mul(q, q));
}

// ln(1 + e) for e in [0, 1], ForFloat lanes: 2 atanh(s) with s = e / (2 + e), or, above sqrt2 - 1,
// ln2 + 2 atanh(s) with s = (e - 1) / (e + 3): |s| <= 0.172 and s carries e's full precision.
// The series is 2s + s^3 Q(s^2), Q within 2^-43 (tools/fit_float_math.py).
template <class D>
HWY_INLINE V<D> LogOnePlus(D d, V<D> e) {
  static_assert(kForFloat<D>, "float64 lanes take parts::LogOnePlus");
  const auto big = hn::Gt(e, Const(d, 0.41421356237309504880));
  const V<D> n = hn::IfThenElse(big, hn::Sub(e, Const(d, 1.0)), e);
  const V<D> q = hn::Add(e, hn::IfThenElse(big, Const(d, 3.0), Const(d, 2.0)));
  const V<D> s = Divide(d, n, q), s2 = hn::Mul(s, s);
  const V<D> series = hn::MulAdd(hn::Mul(s, s2),
                                 Horner(d, s2, {0.66666666667375090079, 0.39999998797337585647,
                                                0.28571754535914488959, 0.22191400830308503612,
                                                0.19362653714202007739}),
                                 hn::Add(s, s));
  return hn::Add(hn::IfThenElseZero(big, Const(d, 0.69314718055994530942)), series);
}

// ln(1 + e^x) = max(x, 0) + log1p(e^-|x|).
template <class D>
HWY_INLINE V<D> LogOnePlusExp(D d, V<D> x) {
  if constexpr (kInParts<D>) {
    return parts::LogOnePlusExp(d, x);
  } else {
    const V<D> e = Exponential(d, hn::Neg(hn::Abs(x)));
    return hn::Add(hn::Max(x, hn::Zero(d)), LogOnePlus(d, e));
  }
}

// tanh(x). ForFloat: -expm1(-2|x|) / (2 + expm1(-2|x|)) with the sign of x; no cancellation
// near 0, and 1 from |x| = 19 on.
template <class D>
HWY_INLINE V<D> HyperbolicTangent(D d, V<D> x) {
  if constexpr (kInParts<D>) {
    return parts::Tanh(d, x);
  } else {
    const V<D> m = ExpMinusOne(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
    return hn::CopySignToAbs(Divide(d, hn::Neg(m), hn::Add(m, Const(d, 2.0))), x);
  }
}

// sech^2(x) = 1 - tanh^2(x) = 4e / (1+e)^2 with e = e^-2|x|.
template <class D>
HWY_INLINE V<D> Sech2(D d, V<D> x) {
  if constexpr (kInParts<D>) return parts::Sech2(d, x);
  const V<D> e = Exponential(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
  const V<D> q = hn::Add(Const(d, 1.0), e);
  return Divide(d, hn::Mul(Const(d, 4.0), e), hn::Mul(q, q));
}

// sigma(v + ve) for a small ve, from s = sigma(v): s (1 + ve (1 - s)) to first order, so that
// an argument carried in two parts keeps its precision where e^-|v| is tiny.
template <class D>
HWY_INLINE V<D> LogisticOfSum(D d, V<D> s, V<D> ve) {
  return hn::MulAdd(hn::Mul(s, ve), hn::Sub(Const(d, 1.0), s), s);
}
// sigma'(v + ve) from s = sigma(v) and g = sigma'(v): g (1 + ve (1 - 2s)).
template <class D>
HWY_INLINE V<D> LogisticSlopeOfSum(D d, V<D> s, V<D> g, V<D> ve) {
  return hn::MulAdd(hn::Mul(g, ve), hn::NegMulAdd(Const(d, 2.0), s, Const(d, 1.0)), g);
}

// e^(-x^2/2) with x^2 carried in two parts, so the result keeps full relative precision even
// where x^2/2 is several hundred. |x| above 40 gives 0 (as e^-800 does).
template <class D>
HWY_INLINE V<D> GaussianKernel(D d, V<D> x) {
  const V<D> w = hn::Min(hn::Abs(x), Const(d, 40.0));
  const V<D> hi = hn::Mul(w, w);
  const V<D> lo = SquareError(d, w, hi);
  const V<D> e = Exponential(d, hn::Mul(Const(d, -0.5), hi));
  const V<D> g = hn::NegMulAdd(hn::Mul(Const(d, 0.5), lo), e, e);  // e * (1 - lo/2)
  return hn::IfThenZeroElse(hn::Ge(hn::Abs(x), Const(d, 40.0)), g);
}

// z erfcx(z) as a Chebyshev series in u = (z - 2 - sqrt2) / (z + 2), which maps z >= 1/sqrt2 to
// [-1, 1) (tools/gen_erfcx.py, degree 24, relative error 2.5e-18), and the Taylor series of
// Phi(x) - 1/2 = x sum kNormalCdfTaylor[n] x^2n.
inline constexpr double kZErfcx[] = {
    5.05929541878681704725e-1, 8.82494600973201937123e-2, -3.77834447009408313794e-2,
    8.88308665033504816153e-3, -1.10833344741509531612e-3, -3.17371618335150998389e-7,
    2.12873760792273953413e-5, -1.26163806657572933853e-6, -4.89830916358123558748e-7,
    4.09995979490156196954e-8, 1.50242509392869785157e-8, -9.58409229640755737846e-10,
    -5.57894767314797866571e-10, 4.22893456655148257548e-12, 2.18086663663192886543e-11,
    1.61011566632778017216e-12, -7.70698484274588211635e-13, -1.51591468952322851518e-13,
    1.76877939320473231925e-14, 9.38315617511918808268e-15, 4.03181973784622976627e-16,
    -4.1411402138131146763e-16, -8.41437020885238138236e-17, 8.55692321916042189921e-18,
    6.26222008320288697265e-18};
inline constexpr double kNormalCdfTaylor[] = {
    3.9894228040143267794e-1,  -6.64903800669054463233e-2, 9.9735570100358169485e-3,
    -1.18732821548045439863e-3, 1.15434687616155288756e-4, -9.44465625950361453456e-6,
    6.65969351631665127437e-7, -4.12266741486268888413e-8, 2.27352982437280636993e-9,
    -1.13011716416192129499e-10, 5.11243479025631062021e-12, -2.12176147421704590957e-13,
    8.13341898449867598669e-15, -2.89651673237132335708e-16, 9.63127484901794712331e-18};

// Standard normal cumulative distribution Phi(x) = erfc(-x/sqrt2) / 2 for ForFloat lanes (float64
// takes parts::NormalCdf): one formula on the whole line, Phi(-|x|) = e^(-x^2/2) erfcx(z) / 2 with
// erfcx a degree-22 polynomial in t = (z-3)/(z+3) in [-1, 1), within 2^-41
// (tools/fit_float_math.py); Phi(|x|) = 1 - Phi(-|x|) >= 1/2 does not cancel.
template <class D>
HWY_INLINE V<D> NormalCdf(D d, V<D> x) {
  static_assert(kForFloat<D>, "float64 lanes take parts::NormalCdf");
  const V<D> z = hn::Mul(hn::Min(hn::Abs(x), Const(d, 40.0)), Const(d, 0.70710678118654752440));
  const V<D> t = Divide(d, hn::Sub(z, Const(d, 3.0)), hn::Add(z, Const(d, 3.0)));
  const V<D> erfcx = Horner(d, t, {0.17900115118138995042, -0.32623356004303639283, 0.24560380171233027531,
                                   -0.15011593650085107759, 0.071665837198031579404, -0.024392499316729774386,
                                   0.0042691363314405001119, 0.00070774641518229491151, -0.00059706193153890039118,
                                   0.000045255461134799745266, 0.000064056440288656614548,
                                   -0.000012861184539677584431, -7.9776550299517046847e-6,
                                   2.1218911240388413546e-6, 1.251232555764626609e-6, -2.9732250108504839519e-7,
                                   -2.324633520123170459e-7, 3.2418860184110575228e-8, 4.4426005461218270135e-8,
                                   -1.7379245019542431876e-9, -7.1367216364428376122e-9,
                                   -8.0718833277266398719e-11, 6.6460033686890248171e-10});
  const V<D> tail = hn::Mul(hn::Mul(Const(d, 0.5), GaussianKernel(d, x)), erfcx);
  return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), tail, hn::Sub(Const(d, 1.0), tail));
}

// Standard normal density phi(x) = e^(-x^2/2) / sqrt(2 pi).
template <class D>
HWY_INLINE V<D> NormalPdf(D d, V<D> x) {
  return hn::Mul(GaussianKernel(d, x), Const(d, 0.39894228040143267794));
}

// float64 in two parts (parts-inl.h) for GELU's erf form.
namespace parts {

// e^(-x^2/2) = 2^k (hi + lo), x^2 in two parts (e^(-l/2) = 1 - l/2 for its low part l); |x|
// clamped to 40 (callers take their limits beyond).
template <class D>
HWY_INLINE Parts<D> Gaussian(D d, V<D> x) {
  const V<D> w = hn::Min(hn::Abs(x), Const(d, 40.0));
  const V<D> sq = hn::Mul(w, w), sql = SquareError(d, w, sq);
  Parts<D> g = SplitExp(d, hn::Mul(Const(d, -0.5), sq));
  g.lo = hn::NegMulAdd(hn::Mul(Const(d, 0.5), sql), g.hi, g.lo);
  return g;
}

// Phi(x) = 2^k (hi + lo) from erfcx(w / sqrt2) = eh + el, w = |x| (clamped): Phi(-w) =
// e^(-w^2/2) erfcx / 2, and Phi(w) = 1 - Phi(-w) (Fast2Sum: 1 >= Phi(-w)).
template <class D>
HWY_INLINE Parts<D> NormalCdfFromErfcx(D d, V<D> x, V<D> w, Two<D> erfcx) {
  const V<D> one = Const(d, 1.0);
  const auto [eh, el] = erfcx;
  const Parts<D> g = Gaussian(d, w);
  const auto [ph, p_err] = TwoProduct(d, g.hi, eh);
  const V<D> pl = hn::MulAdd(g.hi, el, hn::MulAdd(g.lo, eh, p_err));
  const V<D> k = hn::Sub(g.k, one);  // the 1/2
  const V<D> a = Scale(d, ph, k), a_lo = Scale(d, pl, k);
  const V<D> qh = hn::Sub(one, a), ql = hn::Sub(hn::Sub(hn::Sub(one, qh), a), a_lo);
  const auto negative = hn::Lt(x, hn::Zero(d));
  return {hn::IfThenElse(negative, ph, qh), hn::IfThenElse(negative, pl, ql), hn::IfThenElseZero(negative, k)};
}

// Phi(x) = 2^k (hi + lo). float32 (AVX-512): NormalCdfFromErfcx with erfcx from
// erfcx_f32-inl.h. float64: |x| <= 1: 1/2 + x S(x^2), the series' last two steps and the sums in
// two parts (1/2 + x S cancels to 0.16 at x = -1). Beyond: Phi(-|x|) = e^(-x^2/2) erfcx(z) / 2
// with z = |x|/sqrt2, the Chebyshev sum's last two steps, z and the quotient g(z)/z in two
// parts; Phi(|x|) = 1 - Phi(-|x|). u rounds once (about 2^-57 of the result).
template <class D>
HWY_INLINE Parts<D> NormalCdf(D d, V<D> x) {
#if HWY_TARGET <= HWY_AVX3
  if constexpr (kIsFloat<D>) {  // float32: erfcx from its tables on the whole line
    const V<D> w = hn::Min(hn::Abs(x), Const(d, kErfcxLast));
    return NormalCdfFromErfcx(d, x, w, f32::ErfcxOfAbsOverSqrt2Parts(d, w));
  }
#endif
  const V<D> one = Const(d, 1.0), half = Const(d, 0.5);
  // Central.
  const V<D> x2 = hn::Mul(x, x), x2l = SquareError(d, x, x2);
  V<D> r = Const(d, kNormalCdfTaylor[std::size(kNormalCdfTaylor) - 1]);
  for (size_t i = std::size(kNormalCdfTaylor) - 1; i-- > 2;) r = hn::MulAdd(r, x2, Const(d, kNormalCdfTaylor[i]));
  constexpr double kA0Lo = -0x1.cbc0d30ebfd15p-56, kA1Lo = -0x1.782a1df62ac9dp-58;  // low parts
  const V<D> inner = hn::MulAdd(r, x2, Const(d, kNormalCdfTaylor[1]));  // a1 + x^2 r
  Two<D> a = TwoProduct(d, x2, inner);
  a.lo = hn::MulAdd(x2l, inner, hn::MulAdd(x2, Const(d, kA1Lo), a.lo));
  Two<D> sum = TwoSum<D>(Const(d, kNormalCdfTaylor[0]), a.hi);  // a0 + x^2 (..)
  sum.lo = hn::Add(sum.lo, hn::Add(a.lo, Const(d, kA0Lo)));
  Two<D> xs = TwoProduct(d, x, sum.hi);  // x S
  xs.lo = hn::MulAdd(x, sum.lo, xs.lo);
  Two<D> series = TwoSum<D>(half, xs.hi);
  series.lo = hn::Add(series.lo, xs.lo);

  // Tails.
  const V<D> w = hn::Min(hn::Max(hn::Abs(x), one), Const(d, 40.0));
  Two<D> z = TwoProduct(d, w, Const(d, 0x1.6a09e667f3bcdp-1));
  z.lo = hn::MulAdd(w, Const(d, -0x1.bdd3413b26456p-55), z.lo);
  // u = 2 (t - t0) / (1 - t0) - 1 = (z - 2 - sqrt2) / (z + 2): one quotient, rounded once.
  const Two<D> num = TwoSum<D>(z.hi, Const(d, -0x1.b504f333f9de6p+1));
  const Two<D> den = TwoSum<D>(z.hi, Const(d, 2.0));
  const Two<D> t = Quotient(d, num.hi, hn::Add(num.lo, hn::Sub(z.lo, Const(d, 0x1.21165f626cdd5p-53))), den.hi,
                            hn::Add(den.lo, z.lo));
  const V<D> u = hn::Add(t.hi, t.lo);
  const V<D> two_u = hn::Add(u, u);
  V<D> next1 = hn::Zero(d), next2 = hn::Zero(d);  // B_(j+1), B_(j+2)
  for (size_t j = std::size(kZErfcx) - 1; j > 3; --j) {
    const V<D> b0 = hn::Add(hn::MulSub(two_u, next1, next2), Const(d, kZErfcx[j]));
    next2 = next1;
    next1 = b0;
  }
  // j = 3, 2, 1 and the end in two parts: B_j = 2u B_(j+1) - B_(j+2) + c_j, g = u B_1 - B_2 + c0.
  constexpr double kC0Lo = 0x1.68db1551d564dp-55, kC1Lo = -0x1.e6e658d160cc2p-60;
  const auto step = [d](V<D> m, Two<D> b, Two<D> minus, double c, double c_lo) HWY_ATTR {
    Two<D> p = TwoProduct(d, m, b.hi);
    p.lo = hn::Sub(hn::MulAdd(m, b.lo, p.lo), minus.lo);
    const Two<D> diff = TwoSum<D>(p.hi, hn::Neg(minus.hi));
    p.lo = hn::Add(p.lo, diff.lo);
    const Two<D> y = TwoSum<D>(diff.hi, Const(d, c));
    return Two<D>{y.hi, hn::Add(hn::Add(p.lo, y.lo), Const(d, c_lo))};
  };
  const V<D> zero = hn::Zero(d);
  const Two<D> b4{next1, zero}, b5{next2, zero};
  const Two<D> b3 = step(two_u, b4, b5, kZErfcx[3], 0.0);    // B_3 = 2u B_4 - B_5 + c3
  const Two<D> b2 = step(two_u, b3, b4, kZErfcx[2], 0.0);    // B_2 = 2u B_3 - B_4 + c2
  const Two<D> b1 = step(two_u, b2, b3, kZErfcx[1], kC1Lo);  // B_1 = 2u B_2 - B_3 + c1
  const Two<D> g = step(u, b1, b2, kZErfcx[0], kC0Lo);       // g = u B_1 - B_2 + c0
  const Two<D> erfcx = Quotient(d, hn::Add(g.hi, g.hi), hn::Add(g.lo, g.lo), hn::Add(z.hi, z.hi), hn::Add(z.lo, z.lo));
  const Parts<D> tail = NormalCdfFromErfcx(d, x, w, erfcx);
  const auto central = hn::Le(hn::Abs(x), one);
  return {hn::IfThenElse(central, series.hi, tail.hi), hn::IfThenElse(central, series.lo, tail.lo),
          hn::IfThenZeroElse(central, tail.k)};
}

}  // namespace parts

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
