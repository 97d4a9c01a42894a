// The 16-bit storage types' vector conversions, per CPU target: widening to float32 (exact) and
// narrowing with round to nearest even, which also finds the lanes whose exact value, known only
// to within an error bound of the float32 result, might round to another value. The same bit
// arithmetic as include/actlab/half.h's scalar conversions (the tests compare all of them): on
// integer lanes, so that every target rounds alike (Highway 1.0's scalar bfloat16 demotion
// truncates, its scalar float16 one too), but float16 on AVX2 and up, whose F16C instructions
// round to nearest even themselves.

#if defined(ACTLAB_KERNELS_NARROW_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_NARROW_INL_H_
#undef ACTLAB_KERNELS_NARROW_INL_H_
#else
#define ACTLAB_KERNELS_NARROW_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "hwy/highway.h"
#include "kernels/table.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {
namespace narrow {
namespace hn = hwy::HWY_NAMESPACE;
using DF = hn::ScalableTag<float>;
using DI = hn::RebindToSigned<DF>;
using D16 = hn::Rebind<std::uint16_t, DI>;
using VF = hn::Vec<DF>;
using VI = hn::Vec<DI>;

struct BF16 {
  static HWY_INLINE VF Widen(VI h) { return hn::BitCast(DF(), hn::ShiftLeft<16>(h)); }
  // |x|'s bits (a non-negative float) rounded: the 16-bit magnitude in an int32 lane.
  static HWY_INLINE VI NarrowMagnitude(VI b) {
    const DI di;
    const VI rounded = hn::ShiftRight<16>(hn::Add(hn::Add(b, hn::Set(di, 0x7FFF)), hn::And(hn::ShiftRight<16>(b), hn::Set(di, 1))));
    const VI nan = hn::Or(hn::ShiftRight<16>(b), hn::Set(di, 0x40));  // quiet
    return hn::IfThenElse(hn::Gt(b, hn::Set(di, 0x7F800000)), nan, rounded);
  }
};

struct F16 {
#if HWY_TARGET <= HWY_AVX2
  // F16C: the hardware's exact widening and its rounding to nearest even (the same results; a NaN
  // keeps its payload's top bits).
  using DH = hn::Rebind<hwy::float16_t, DF>;
  static HWY_INLINE VF Widen(VI h) { return hn::PromoteTo(DF(), hn::BitCast(DH(), hn::DemoteTo(D16(), h))); }
  static HWY_INLINE VI NarrowMagnitude(VI b) {
    return hn::PromoteTo(DI(), hn::BitCast(D16(), hn::DemoteTo(DH(), hn::BitCast(DF(), b))));
  }
#else
  static HWY_INLINE VF Widen(VI h) {
    const DF df;
    const DI di;
    const VI sign = hn::ShiftLeft<16>(hn::And(h, hn::Set(di, 0x8000)));
    const VI e = hn::And(hn::ShiftRight<10>(h), hn::Set(di, 0x1F));
    const VI m = hn::And(h, hn::Set(di, 0x3FF));
    const VI normal = hn::Or(hn::ShiftLeft<23>(hn::Add(e, hn::Set(di, 127 - 15))), hn::ShiftLeft<13>(m));
    const VI special = hn::Or(hn::Set(di, 0x7F800000), hn::ShiftLeft<13>(m));  // inf, NaN
    const VI subnormal = hn::BitCast(di, hn::Mul(hn::ConvertTo(df, m), hn::Set(df, 0x1p-24f)));
    VI mag = hn::IfThenElse(hn::Eq(e, hn::Set(di, 0x1F)), special, normal);
    mag = hn::IfThenElse(hn::Eq(e, hn::Zero(di)), subnormal, mag);
    return hn::BitCast(df, hn::Or(mag, sign));
  }
  static HWY_INLINE VI NarrowMagnitude(VI b) {
    const DF df;
    const DI di;
    const VI big = hn::IfThenElse(hn::Gt(b, hn::Set(di, 0x7F800000)), hn::Set(di, 0x7E00), hn::Set(di, 0x7C00));
    const VI magic = hn::Set(di, ((127 - 15) + (23 - 10) + 1) << 23);
    // Below 2^-25 the result is zero; the add sees 2^-25 at least, never a subnormal float (whose
    // arithmetic costs a microcode assist of about a hundred cycles).
    const VI tiny = hn::Set(di, (127 - 25) << 23);
    const VI added = hn::Sub(hn::BitCast(di, hn::Add(hn::BitCast(df, hn::Max(b, tiny)), hn::BitCast(df, magic))), magic);
    const VI small = hn::IfThenZeroElse(hn::Lt(b, tiny), added);
    const VI odd = hn::And(hn::ShiftRight<13>(b), hn::Set(di, 1));
    const VI normal = hn::ShiftRight<13>(hn::Add(hn::Add(b, hn::Set(di, ((15 - 127) << 23) + 0xFFF)), odd));
    VI h = hn::IfThenElse(hn::Lt(b, hn::Set(di, (127 - 14) << 23)), small, normal);
    return hn::IfThenElse(hn::Gt(b, hn::Set(di, ((127 + 16) << 23) - 1)), big, h);
  }
#endif
};

template <class Format>
void Widen(const std::uint16_t* in, float* out, std::size_t n) {
  const DF df;
  const DI di;
  const D16 d16;
  const std::size_t N = hn::Lanes(df);
  std::size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::StoreU(Format::Widen(hn::PromoteTo(di, hn::LoadU(d16, in + i))), df, out + i);
  }
  if (i == n) return;
  HWY_ALIGN std::uint16_t pad_in[hn::MaxLanes(df)] = {};
  HWY_ALIGN float pad_out[hn::MaxLanes(df)];
  std::copy(in + i, in + n, pad_in);
  hn::Store(Format::Widen(hn::PromoteTo(di, hn::Load(d16, pad_in))), df, pad_out);
  std::copy(pad_out, pad_out + (n - i), out + i);
}

// One vector: y rounded into out; returns the lanes in doubt (y finite, and y +- steps * the ulp
// of max(|y|, |scale|) rounding apart; a zero y is exact: the kernels give one where f' vanishes
// or the product underflows float32, beyond either 16-bit type's range, never from cancellation
// at a 16-bit input).
template <class Format>
HWY_INLINE hn::Mask<DI> NarrowVector(VF y, VF scale, float steps, std::uint16_t* out) {
  const DF df;
  const DI di;
  const VF a = hn::Abs(y);
  const VI sign = hn::ShiftRight<16>(hn::And(hn::BitCast(di, y), hn::Set(di, std::int32_t(0x80000000u))));
  const VI h = Format::NarrowMagnitude(hn::BitCast(di, a));
  // sign >> 16 is arithmetic: keep the low 16 bits only.
  const VI bits = hn::Or(h, hn::And(sign, hn::Set(di, 0x8000)));
  hn::StoreU(hn::DemoteTo(D16(), bits), D16(), out);
  // The range on a's bit pattern, in integers (float arithmetic near zero would meet subnormals):
  // steps ulps of |scale| are steps << (its exponent - a's) of a's ulps, doubled for the ulps
  // halving below a power of two. A range across more than a binade is in doubt anyway.
  const VI b = hn::BitCast(di, a);
  const VI ea = hn::Max(hn::ShiftRight<23>(b), hn::Set(di, 1));
  const VI es = hn::ShiftRight<23>(hn::BitCast(di, hn::IfThenZeroElse(hn::Eq(a, hn::Zero(df)), hn::Abs(scale))));
  const VI shift = hn::Min(hn::Max(hn::Sub(es, ea), hn::Zero(di)), hn::Set(di, 24));
  const VI k = hn::Set(di, std::int32_t(2 * steps)) << shift;
  const VI lo = hn::Max(hn::Sub(b, k), hn::Zero(di));
  const VI hi = hn::Min(hn::Add(b, k), hn::Set(di, 0x7F800000));
  const auto apart = hn::Ne(Format::NarrowMagnitude(lo), Format::NarrowMagnitude(hi));
  return hn::And(apart, hn::RebindMask(di, hn::IsFinite(y)));
}

template <class Format>
std::size_t Narrow(const float* y, const float* scale, std::uint16_t* out, std::size_t n, float steps,
                   std::uint32_t* unsure) {
  const DF df;
  const DI di;
  const std::size_t N = hn::Lanes(df);
  std::size_t count = 0, i = 0;
  const VF zero = hn::Zero(df);
  for (; i + N <= n; i += N) {
    const auto doubt = NarrowVector<Format>(hn::LoadU(df, y + i), scale ? hn::LoadU(df, scale + i) : zero, steps, out + i);
    // Rare: compress only then (a compressing store costs about a hundred cycles on Zen 4).
    if (HWY_UNLIKELY(!hn::AllFalse(di, doubt))) {
      count += hn::CompressStore(hn::Iota(di, std::int32_t(i)), doubt, di, reinterpret_cast<std::int32_t*>(unsure + count));
    }
  }
  if (i == n) return count;
  HWY_ALIGN float pad_y[hn::MaxLanes(df)] = {}, pad_s[hn::MaxLanes(df)] = {};
  HWY_ALIGN std::uint16_t pad_out[hn::MaxLanes(df)];
  std::copy(y + i, y + n, pad_y);
  if (scale) std::copy(scale + i, scale + n, pad_s);
  const auto doubt = NarrowVector<Format>(hn::Load(df, pad_y), hn::Load(df, pad_s), steps, pad_out);
  std::copy(pad_out, pad_out + (n - i), out + i);
  const auto real = hn::FirstN(di, n - i);  // the padding's lanes are not the caller's
  count += hn::CompressStore(hn::Iota(di, std::int32_t(i)), hn::And(doubt, real), di, reinterpret_cast<std::int32_t*>(unsure + count));
  return count;
}

// Kernels::scale_near.
inline void ScaleNear(const float* x, const float* a, const float* b, const float* bounds, std::size_t intervals,
                      float* out, std::size_t n) {
  const DF df;
  const std::size_t N = hn::Lanes(df);
  const auto one = [&](VF vx, VF va, VF vb) {
    auto near = hn::FirstN(df, 0);  // no lane
    for (std::size_t j = 0; j < intervals; ++j) {
      near = hn::Or(near, hn::And(hn::Gt(vx, hn::Set(df, bounds[2 * j])), hn::Lt(vx, hn::Set(df, bounds[2 * j + 1]))));
    }
    return hn::IfThenElseZero(near, hn::Abs(hn::Mul(va, vb)));
  };
  std::size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::StoreU(one(hn::LoadU(df, x + i), hn::LoadU(df, a + i), b ? hn::LoadU(df, b + i) : hn::Set(df, 1)), df, out + i);
  }
  for (; i < n; ++i) {  // the tail: the same test on one lane at a time
    bool near = false;
    for (std::size_t j = 0; j < intervals; ++j) near |= x[i] > bounds[2 * j] && x[i] < bounds[2 * j + 1];
    out[i] = near ? std::fabs(a[i] * (b ? b[i] : 1.0f)) : 0.0f;
  }
}

}  // namespace narrow

inline kernels::Narrow MakeNarrowBF16() { return {narrow::Widen<narrow::BF16>, narrow::Narrow<narrow::BF16>}; }
inline kernels::Narrow MakeNarrowF16() { return {narrow::Widen<narrow::F16>, narrow::Narrow<narrow::F16>}; }

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif
