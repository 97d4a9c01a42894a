// float32 math of its own, on AVX-512 targets (16 float lanes where float64 has 8), for the
// directions that opt in (Float32Math::kInParts, vec-inl.h). The exponential comes as
// 2^k (t + l): t = 2^(j/16) from a 16-entry table, l the table's low part plus t (e^r - 1) for
// |r| <= ln2/32, so that t + l carries about 2^-28 relative error where a float would carry
// 2^-24; quotients are corrected to second order. Each result then rounds once from a value
// within a small fraction of an ULP (bounds measured over all 2^32 inputs: README, Accuracy).
// Other targets compute these functions in float64 (ForFloat).

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_FLOAT32_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_FLOAT32_INL_H_
#undef ACTLAB_MATH_FLOAT32_INL_H_
#else
#define ACTLAB_MATH_FLOAT32_INL_H_
#endif

#include <cmath>

#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

#if HWY_TARGET <= HWY_AVX3
inline constexpr bool kFloatKernels = true;
#else
inline constexpr bool kFloatKernels = false;
#endif

namespace f32 {

// The helpers in portable Highway operations are declared on every target, so that callers choose
// them with `if constexpr (kFloatKernels && ...)` rather than the preprocessor; only targets with
// kFloatKernels instantiate them.

// fn over float lanes computed in double (ForFloat) and rounded once: the way back for a
// direction with float32 math of its own when a parameter is outside what that math covers.
#if HWY_TARGET != HWY_SCALAR
template <class D, class Fn>
HWY_INLINE V<D> InDouble(D d, V<D> x, const Fn& fn) {
  const hn::Half<D> dh;
  const ForFloat<hn::Rebind<double, decltype(dh)>> dd;
  const auto lo = fn(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, x)));
  const auto hi = fn(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, x)));
  return hn::Combine(d, hn::DemoteTo(dh, hi), hn::DemoteTo(dh, lo));
}
#else
template <class D, class Fn>
V<D> InDouble(D d, V<D> x, const Fn& fn);  // declared only: one lane has no halves, and no kFloatKernels
#endif

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

#if HWY_TARGET <= HWY_AVX3
// The primitives built on AVX-512 instructions (scalef, permutations).

// v * 2^floor(k), rounding once (also into the subnormals).
template <class D>
HWY_INLINE V<D> Scale(D, V<D> v, V<D> k) {
  return V<D>{_mm512_scalef_ps(v.raw, k.raw)};
}

// 1 / s to 14 bits; the quotients of parts-inl.h correct it to second order.
template <class D>
HWY_INLINE V<D> Reciprocal(D, V<D> s) {
  return hn::ApproximateReciprocal(s);
}

// 2^(j/16) = kExp2Hi[j] + kExp2Lo[j], j = 0..15.
alignas(64) inline constexpr float kExp2Hi[16] = {
    0x1p+0f, 0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fep+0f, 0x1.3dea64p+0f,
    0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f};
alignas(64) inline constexpr float kExp2Lo[16] = {
    0.0f, 0x1.9f3122p-25f, -0x1.c15742p-27f, 0x1.ceac48p-25f, 0x1.4636e2p-25f, 0x1.824684p-25f,
    -0x1.593abcp-25f, -0x1.5bd5ecp-27f, 0x1.9fcef4p-26f, -0x1.829fdp-25f, 0x1.15506ep-27f,
    0x1.51f848p-27f, -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f};

// e^x = 2^floor(k) (th + tl) for x <= 0 (and -inf, NaN): x = (16k + j) ln2/16 + r with
// |r| <= ln2/32; e^x = 2^k t (1 + m) + 2^k lo, t + lo = 2^(j/16), m = e^r - 1 = r + r^2 P(r),
// P the Taylor polynomial of degree 2 (error r^5/120 < 2^-34). th = t + l rounded, tl its error.
template <class D>
HWY_INLINE Parts<D> SplitExp(D d, V<D> x) {
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
  const V<D> t{_mm512_permutexvar_ps(j, _mm512_load_ps(kExp2Hi))};
  const V<D> lo{_mm512_permutexvar_ps(j, _mm512_load_ps(kExp2Lo))};
  const V<D> l = hn::MulAdd(t, m, lo);
  const V<D> th = hn::Add(t, l);
  return {th, hn::Add(hn::Sub(t, th), l), hn::Mul(nf, Const(d, 0.0625))};  // Scale floors k
}

// 2 atanh(s) - 2s = s^3 Q(s^2) for |s| <= 0.172, Q of degree 3 (2^-35,
// tools/fit_float_math.py).
template <class D>
HWY_INLINE V<D> AtanhSeries(D d, V<D> s, V<D> s2) {
  return hn::Mul(hn::Mul(s, s2), Horner(d, s2, {0.66666666554497091551, 0.40000121839806126714,
                                                0.28550820815960663296, 0.23330467216303836299}));
}

// e^x - 1 near 0, for parts::ExpMinusOneParts: |x| < 0.2 (`near`), x + x^2 P(x) with P of
// degree 4 (2^-35, tools/fit_float_math.py), so that tiny x keep their bits.
template <class D>
HWY_INLINE NearZero<D> ExpMinusOneNear(D d, V<D> x) {
  return {hn::Gt(x, Const(d, -0.2)), x,
          hn::Mul(hn::Mul(x, x), Horner(d, x, {0.499999999883, 0.16666663752, 0.0416654976988, 0.00831687205941,
                                               0.00129359510271}))};
}

#endif  // HWY_TARGET <= HWY_AVX3
}  // namespace f32

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
