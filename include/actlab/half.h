// The 16-bit storage types: bfloat16 (float32's exponent, 8 significant bits) and IEEE float16
// (binary16: 5 exponent bits, 11 significant). Plain bits with conversions that round to nearest,
// ties to even, once (from double too: no double rounding), keep subnormals, give inf only beyond
// the largest finite value's rounding range, and keep NaN a NaN. Layout-compatible with
// Highway's, PyTorch's (at::BFloat16, at::Half) and numpy's float16 elements: 16 bits, no padding.
//
// Activation takes spans of them (actlab.h): it computes in float32, and in float64 (then quad)
// where the float32 result lies too near a rounding boundary, so that results are the exact value
// correctly rounded (but within 2^-113 of a boundary: README, Accuracy).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace actlab {
namespace half_detail {

inline std::uint32_t Bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
inline float Float(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

// d rounded to float toward zero, with the last bit set when inexact ("round to odd"): rounding
// that float once more to a format at least two bits narrower gives d correctly rounded.
inline float RoundToOdd(double d) {
  float f = static_cast<float>(d);
  if (std::isnan(d) || static_cast<double>(f) == d) return f;
  if (std::fabs(static_cast<double>(f)) > std::fabs(d)) f = std::nextafter(f, 0.0f);
  return Float(Bits(f) | 1u);
}

inline std::uint16_t BF16FromF32(float f) {
  const std::uint32_t b = Bits(f);
  if (std::isnan(f)) return static_cast<std::uint16_t>((b >> 16) | 0x40);  // quiet, sign kept
  return static_cast<std::uint16_t>((b + 0x7FFF + ((b >> 16) & 1)) >> 16);
}
inline float F32FromBF16(std::uint16_t h) { return Float(std::uint32_t(h) << 16); }

// Round to nearest even into binary16 on the bits (F. Giesen's float_to_half_fast3_rtne).
inline std::uint16_t F16FromF32(float f) {
  std::uint32_t b = Bits(f);
  const std::uint32_t sign = b & 0x80000000u;
  b ^= sign;
  std::uint32_t h;
  if (b >= (127u + 16) << 23) {  // 65536 and beyond, inf, NaN
    h = b > 0x7F800000u ? 0x7E00u : 0x7C00u;
  } else if (b < (127u - 14) << 23) {  // below 2^-14: subnormal or zero; the add rounds
    const std::uint32_t magic = ((127u - 15) + (23 - 10) + 1) << 23;
    h = Bits(Float(b) + Float(magic)) - magic;
  } else {
    const std::uint32_t odd = (b >> 13) & 1;
    b += ((15u - 127) << 23) + 0xFFF + odd;
    h = b >> 13;  // a carry into the exponent is right, into inf too (65520 and beyond)
  }
  return static_cast<std::uint16_t>(h | (sign >> 16));
}
inline float F32FromF16(std::uint16_t h) {
  const std::uint32_t sign = std::uint32_t(h & 0x8000) << 16, e = (h >> 10) & 0x1F, m = h & 0x3FF;
  if (e == 0x1F) return Float(sign | 0x7F800000u | (m << 13));                 // inf, NaN
  if (e == 0) return std::copysign(std::ldexp(float(m), -24), Float(sign | 0x3F800000u));  // subnormal
  return Float(sign | ((e + 127 - 15) << 23) | (m << 13));
}

}  // namespace half_detail

struct bfloat16 {
  std::uint16_t bits = 0;
  bfloat16() = default;
  explicit bfloat16(float f) : bits(half_detail::BF16FromF32(f)) {}
  explicit bfloat16(double d) : bits(half_detail::BF16FromF32(half_detail::RoundToOdd(d))) {}
  static bfloat16 from_bits(std::uint16_t b) {
    bfloat16 h;
    h.bits = b;
    return h;
  }
  explicit operator float() const { return half_detail::F32FromBF16(bits); }
  explicit operator double() const { return half_detail::F32FromBF16(bits); }
};

struct float16 {
  std::uint16_t bits = 0;
  float16() = default;
  explicit float16(float f) : bits(half_detail::F16FromF32(f)) {}
  explicit float16(double d) : bits(half_detail::F16FromF32(half_detail::RoundToOdd(d))) {}
  static float16 from_bits(std::uint16_t b) {
    float16 h;
    h.bits = b;
    return h;
  }
  explicit operator float() const { return half_detail::F32FromF16(bits); }
  explicit operator double() const { return half_detail::F32FromF16(bits); }
};

static_assert(sizeof(bfloat16) == 2 && sizeof(float16) == 2);

}  // namespace actlab
