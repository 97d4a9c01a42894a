// erfcx(a / sqrt2) = e^(a^2/2) erfc(a / sqrt2) for a = |x| in [0, 15) in float32 parts, on AVX-512:
// the core of GELU's erf form (parts::NormalCdf in functions-inl.h). 32 polynomials of degree 6 in
// r = a - lo on intervals [lo, lo + w) that the top bits of a + 1 pick (w = 1/8 near 0 to 1 near
// 15, where erfcx is flatter); one permutation per coefficient reads the table. c2..c6 by Horner
// in float, c1 and c0 as two floats each with every rounding error of the last two steps kept:
// 2^-28.9 relative in float arithmetic (tables and bound from tools/fit_normal_cdf_f32.py).

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_ERFCX_F32_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_ERFCX_F32_INL_H_
#undef ACTLAB_MATH_ERFCX_F32_INL_H_
#else
#define ACTLAB_MATH_ERFCX_F32_INL_H_
#endif

#include <cstdint>

#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// Where erfcx stops mattering: beyond, callers take Phi's limits (e^(-x^2/2) < 2^-162).
inline constexpr float kErfcxLast = 14.99f;

#if HWY_TARGET <= HWY_AVX3
namespace f32 {

// Coefficients in the permutation's order: index = (exponent & 3) << 3 | top 3 mantissa bits
// of a + 1, so binades [2, 4), [4, 8), [8, 16), then [1, 2).
alignas(64) inline constexpr float kGeluG0Hi[32] = {
    0x1.0bdb2ep-1f, 0x1.d898dep-2f, 0x1.a57056p-2f, 0x1.7b5abep-2f, 0x1.5845dcp-2f, 0x1.3aaddep-2f,
    0x1.217252p-2f, 0x1.0bb968p-2f, 0x1.f1b89cp-3f, 0x1.b396fap-3f, 0x1.82b4bcp-3f, 0x1.5b5acep-3f,
    0x1.3b0fbcp-3f, 0x1.201faap-3f, 0x1.095608p-3f, 0x1.eba5fep-4f, 0x1.c9e12p-4f, 0x1.926972p-4f,
    0x1.66ccb8p-4f, 0x1.43a38ap-4f, 0x1.26b4dp-4f, 0x1.0e7dcep-4f, 0x1.f3ddc2p-5f, 0x1.d087aep-5f,
    0x1p+0f, 0x1.d0af2cp-1f, 0x1.a7f808p-1f, 0x1.84b706p-1f, 0x1.66027ap-1f, 0x1.4b1de2p-1f,
    0x1.337024p-1f, 0x1.1e7c2ep-1f};
alignas(64) inline constexpr float kGeluG0Lo[32] = {
    0x1.cb0a9ap-32f, 0x1.37bcaap-31f, -0x1.a5f09ep-28f, -0x1.a065f2p-27f, 0x1.5a50bcp-27f, -0x1.cc545cp-31f,
    0x1.8b7a16p-29f, 0x1.9bda24p-27f, 0x1.16b38cp-30f, -0x1.8818aap-30f, -0x1.cded2ap-29f, -0x1.89e484p-28f,
    0x1.69863p-28f, -0x1.b4cde6p-28f, 0x1.8f5ff4p-28f, 0x1.6c4c32p-30f, 0x1.c83f3cp-29f, 0x1.793032p-31f,
    -0x1.1948b6p-30f, 0x1.c8cba8p-29f, -0x1.99bf1cp-31f, -0x1.c4deap-29f, 0x1.7a219p-31f, -0x1.23e996p-30f,
    -0x1.ad5ef6p-42f, -0x1.83040ap-27f, 0x1.69de88p-29f, -0x1.38c0bep-29f, 0x1.a9842p-26f, -0x1.b34096p-26f,
    -0x1.086b7ap-26f, -0x1.b26p-26f};
alignas(64) inline constexpr float kGeluG1Hi[32] = {
    -0x1.19524ap-2f, -0x1.c49322p-3f, -0x1.71c04cp-3f, -0x1.3253b6p-3f, -0x1.00f9dap-3f, -0x1.b405ccp-4f,
    -0x1.75ab64p-4f, -0x1.432b1ap-4f, -0x1.19cefp-4f, -0x1.b6038ap-5f, -0x1.5cf97ap-5f, -0x1.1be2c6p-5f,
    -0x1.d614ecp-6f, -0x1.8b1956p-6f, -0x1.5068c2p-6f, -0x1.21ae92p-6f, -0x1.f7d59cp-7f, -0x1.86b842p-7f,
    -0x1.378122p-7f, -0x1.fbf2dp-8f, -0x1.a5dac2p-8f, -0x1.63cfc8p-8f, -0x1.3012a8p-8f, -0x1.06cdbep-8f,
    -0x1.988454p-1f, -0x1.5e6e6ep-1f, -0x1.2e8652p-1f, -0x1.06bfb2p-1f, -0x1.cb062cp-2f, -0x1.93234ep-2f,
    -0x1.63e072p-2f, -0x1.3baf58p-2f};
alignas(64) inline constexpr float kGeluG1Lo[32] = {
    -0x1.6cbac4p-28f, 0x1.f8f3dp-30f, -0x1.0909d4p-30f, -0x1.87ca6p-28f, -0x1.d2f542p-30f, -0x1.8ff902p-30f,
    0x1.2267fap-33f, 0x1.e46fdap-29f, -0x1.51899p-29f, -0x1.ab0e14p-33f, -0x1.b2c9eep-30f, 0x1.b25ca2p-31f,
    0x1.634d82p-31f, 0x1.ba6554p-31f, -0x1.74fcfep-33f, -0x1.8d1078p-32f, -0x1.1208e2p-35f, -0x1.f2f86ap-32f,
    -0x1.b1144p-32f, 0x1.6b0e9p-34f, 0x1.1b5252p-34f, -0x1.926a26p-34f, -0x1.880ee8p-35f, -0x1.dd9324p-34f,
    0x1.8a9cbep-26f, 0x1.c3d5c8p-28f, 0x1.936d76p-26f, 0x1.f8bb6cp-26f, 0x1.6e8842p-28f, 0x1.ecf15ap-27f,
    0x1.7fd7cap-27f, 0x1.13ed6ap-27f};
alignas(64) inline constexpr float kGeluG2[32] = {
    0x1.fcc80ap-4f, 0x1.7b79c4p-4f, 0x1.20403p-4f, 0x1.bd45ecp-5f, 0x1.5d3004p-5f, 0x1.15aa68p-5f,
    0x1.bf3998p-6f, 0x1.6c5e3ap-6f, 0x1.2c0892p-6f, 0x1.a29ed2p-7f, 0x1.2dd9ecp-7f, 0x1.bfbad4p-8f,
    0x1.542a8cp-8f, 0x1.07e3e2p-8f, 0x1.a0eedcp-9f, 0x1.4ea502p-9f, 0x1.106322p-9f, 0x1.762594p-10f,
    0x1.0b6decp-10f, 0x1.8af222p-11f, 0x1.2b9a94p-11f, 0x1.d0fb54p-12f, 0x1.6fdc38p-12f, 0x1.27e8p-12f,
    0x1.fffffep-2f, 0x1.a4e15cp-2f, 0x1.5c5672p-2f, 0x1.222f22p-2f, 0x1.e681dep-3f, 0x1.9a45b2p-3f,
    0x1.5bf7f2p-3f, 0x1.28beeep-3f};
alignas(64) inline constexpr float kGeluG3[32] = {
    -0x1.9afc1cp-5f, -0x1.1f315ep-5f, -0x1.997d42p-6f, -0x1.296118p-6f, -0x1.b75cd6p-7f, -0x1.49b97p-7f,
    -0x1.f6258cp-8f, -0x1.838b24p-8f, -0x1.2ecca8p-8f, -0x1.7e786ep-9f, -0x1.f69b8ap-10f, -0x1.55b734p-10f,
    -0x1.dea20ep-11f, -0x1.57fcb2p-11f, -0x1.f9c96p-12f, -0x1.7b5dcep-12f, -0x1.2196bcp-12f, -0x1.617c96p-13f,
    -0x1.c62e8p-14f, -0x1.305036p-14f, -0x1.a655c2p-15f, -0x1.2ddcd4p-15f, -0x1.ba8e32p-16f, -0x1.4b9184p-16f,
    -0x1.1057bcp-2f, -0x1.b02a6ep-3f, -0x1.594edap-3f, -0x1.15c8c6p-3f, -0x1.c1dc68p-4f, -0x1.6e91a4p-4f,
    -0x1.2c8454p-4f, -0x1.ef9f1p-5f};
alignas(64) inline constexpr float kGeluG4[32] = {
    0x1.2edde2p-6f, 0x1.8f78f6p-7f, 0x1.0d18a8p-7f, 0x1.71c8cep-8f, 0x1.02cc44p-8f, 0x1.708354p-9f,
    0x1.0a980cp-9f, 0x1.8780a6p-10f, 0x1.22a7ecp-10f, 0x1.4ed302p-11f, 0x1.93617cp-12f, 0x1.f95ca4p-13f,
    0x1.479a88p-13f, 0x1.b5c0e2p-14f, 0x1.2c6074p-14f, 0x1.a61b76p-15f, 0x1.2db9f2p-15f, 0x1.48a7fp-16f,
    0x1.7cb334p-17f, 0x1.cff95p-18f, 0x1.27069p-18f, 0x1.84fbeep-19f, 0x1.087e3cp-19f, 0x1.717514p-20f,
    0x1.ffd34ep-4f, 0x1.89bebcp-4f, 0x1.31158cp-4f, 0x1.dc1184p-5f, 0x1.75f24ep-5f, 0x1.27a62cp-5f,
    0x1.d671f6p-6f, 0x1.78945ep-6f};
alignas(64) inline constexpr float kGeluG5[32] = {
    -0x1.9508bcp-8f, -0x1.fbafeap-9f, -0x1.453f82p-9f, -0x1.a96c1cp-10f, -0x1.1ba88p-10f, -0x1.813032p-11f,
    -0x1.0a0262p-11f, -0x1.754d64p-12f, -0x1.018e3ap-12f, -0x1.115ef8p-13f, -0x1.3093p-14f, -0x1.622a44p-15f,
    -0x1.abb458p-16f, -0x1.0b123cp-16f, -0x1.57a738p-17f, -0x1.c62adep-18f, -0x1.274164p-18f, -0x1.21f9ecp-19f,
    -0x1.314a0ap-20f, -0x1.54922p-21f, -0x1.8ef1ap-22f, -0x1.e7320cp-23f, -0x1.3459ecp-23f, -0x1.92aea4p-24f,
    -0x1.af9852p-5f, -0x1.43127cp-5f, -0x1.e73028p-6f, -0x1.71ee32p-6f, -0x1.1ad26cp-6f, -0x1.b354eap-7f,
    -0x1.51351cp-7f, -0x1.06d6eep-7f};
alignas(64) inline constexpr float kGeluG6[32] = {
    0x1.9a688cp-10f, 0x1.ee9418p-11f, 0x1.30b572p-11f, 0x1.7f6afcp-12f, 0x1.ec15aep-13f, 0x1.41b41cp-13f,
    0x1.ac0f96p-14f, 0x1.218576p-14f, 0x1.4c9dbp-15f, 0x1.4bf874p-16f, 0x1.5c6e46p-17f, 0x1.7e6daap-18f,
    0x1.b4ca0ep-19f, 0x1.0276eap-19f, 0x1.3bc82p-20f, 0x1.8d01f4p-21f, 0x1.a0eacp-22f, 0x1.7abfb6p-23f,
    0x1.728c1ap-24f, 0x1.81c6c8p-25f, 0x1.a7624p-26f, 0x1.e62636p-27f, 0x1.223f76p-27f, 0x1.669e14p-28f,
    0x1.2381p-6f, 0x1.aad88ep-7f, 0x1.3ac836p-7f, 0x1.d3900ep-8f, 0x1.5da3b4p-8f, 0x1.0735bcp-8f,
    0x1.8eep-9f, 0x1.30263ap-9f};

// The interval of a: the permutation index of its coefficients and r = a - start.
template <class D>
struct ErfcxInterval {
  __m512i index;
  V<D> r;
  V<D> Pick(const float* table) const {
    return V<D>{_mm512_permutex2var_ps(_mm512_load_ps(table), index, _mm512_load_ps(table + 16))};
  }
};
template <class D>
HWY_INLINE ErfcxInterval<D> ErfcxIntervalOf(D d, V<D> a) {
  const hn::RebindToSigned<D> di;
  const auto bits = hn::BitCast(di, hn::Add(a, Const(d, 1.0)));
  // The interval's start: a + 1 with its mantissa cut to 3 bits, minus 1 (exact); a - start is
  // exact too (Sterbenz: start <= a <= 2 start, or start = 0).
  const V<D> start = hn::Sub(hn::BitCast(d, hn::And(bits, hn::Set(di, int32_t(0xFFF00000u)))), Const(d, 1.0));
  return {hn::ShiftRight<20>(bits).raw, hn::Sub(a, start)};
}

// erfcx(a / sqrt2) = hi + lo for a in [0, kErfcxLast].
template <class D>
HWY_INLINE Two<D> ErfcxOfAbsOverSqrt2Parts(D d, V<D> a) {
  const ErfcxInterval<D> in = ErfcxIntervalOf(d, a);
  const V<D> r = in.r;
  V<D> p = in.Pick(kGeluG6);
  for (const float* c : {kGeluG5, kGeluG4, kGeluG3, kGeluG2}) p = hn::MulAdd(p, r, in.Pick(c));
  const V<D> u = hn::Mul(r, p), c1 = in.Pick(kGeluG1Hi), c0 = in.Pick(kGeluG0Hi);
  const V<D> th = hn::Add(c1, u);  // Fast2Sum: |c1| >= |u|
  const V<D> tl = hn::Add(hn::Add(hn::Sub(c1, th), u), in.Pick(kGeluG1Lo));
  const auto [dh, d_err] = TwoProduct(d, r, th);
  const V<D> dl = hn::MulAdd(r, tl, d_err);
  const V<D> hi = hn::Add(c0, dh);  // Fast2Sum: c0 >= |dh|
  return {hi, hn::Add(hn::Add(hn::Sub(c0, hi), dh), hn::Add(in.Pick(kGeluG0Lo), dl))};
}

// The same in one part (the fast tier): Horner in float on the high coefficients, c0's low part
// added before its high one, so that the last step rounds once.
template <class D>
HWY_INLINE V<D> ErfcxOfAbsOverSqrt2(D d, V<D> a) {
  const ErfcxInterval<D> in = ErfcxIntervalOf(d, a);
  V<D> p = in.Pick(kGeluG6);
  for (const float* c : {kGeluG5, kGeluG4, kGeluG3, kGeluG2, kGeluG1Hi}) p = hn::MulAdd(p, in.r, in.Pick(c));
  return hn::Add(in.Pick(kGeluG0Hi), hn::MulAdd(p, in.r, in.Pick(kGeluG0Lo)));
}

}  // namespace f32
#endif
}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
