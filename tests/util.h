// Shared by the tests: input sweeps, ULP error against the references. (The specs they sweep are
// actlab::catalog_specs().)
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "registry.h"
#include "actlab/accuracy.h"
#include "actlab/actlab.h"
#include "float_bits.h"

namespace actlab::test {

inline std::string TestName(std::string spec) {
  for (char& c : spec) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return spec;
}

// act with one parameter changed, the others as they are.
inline Activation WithParam(const Activation& act, std::string_view name, double value) {
  std::vector<Activation::Value> values;
  for (const ParamInfo& p : act.info().params) values.emplace_back(p.name, p.name == name ? value : act.param(p.name));
  return Activation(act.kind(), values, act.tier());
}

// Every 2^k-th bit pattern over the whole range of T, both signs (about `per_sign` values each),
// plus the special values, the definition's special points and their neighbours.
template <typename T>
std::vector<T> SweepInputs(const Definition& def, std::size_t per_sign = 1 << 17) {
  using B = Bits<T>;
  const B top = sizeof(T) == 4 ? B(0x7f800000u) : B(0x7ff0000000000000ull);
  const B stride = std::max<B>(1, top / B(per_sign));
  std::vector<T> xs;
  for (B b = 0; b <= top - stride; b += stride) {
    xs.push_back(FromBits<T>(b));
    xs.push_back(-FromBits<T>(b));
  }
  const T inf = std::numeric_limits<T>::infinity();
  std::vector<T> specials = {T(0), -T(0), inf, -inf, std::numeric_limits<T>::quiet_NaN(),
                             std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(),
                             std::numeric_limits<T>::max(), T(1), T(0.5), T(2), T(1e-30),
                             T(88.72283), T(103.972), T(709.78), T(745.13), T(20), T(17.3),
                             T(100), T(1e30), T(1.2e13), T(-1.278465), T(-1.192431), T(-0.7518),
                             T(4.3e26), T(1.5), T(5), T(10), T(40), T(0.6)};
  for (double s : def.special_x) specials.push_back(T(s));
  for (T s : specials) {
    for (T v : {s, -s, std::nextafter(s, inf), std::nextafter(s, -inf)}) {
      xs.push_back(v);
      xs.push_back(-v);
    }
  }
  return xs;
}

// |got - ref| in units of the spacing of T at ref (2^-149 or 2^-1074 below the normal range, so a
// flushed subnormal counts). NaN must meet NaN; a reference beyond T's range must round to inf.
template <typename T>
double UlpError(T got, Real ref) {
  if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) == std::isnan(got) ? 0 : 1e300;
  const T rounded = T(ref);
  if (std::isinf(rounded) || std::isinf(got)) return got == rounded ? 0 : 1e300;
  const int digits = std::numeric_limits<T>::digits;
  const int min_exp = std::numeric_limits<T>::min_exponent - 1;  // exponent of min normal
  const int e = ref == 0 ? min_exp : std::max(int(std::ilogb(ref)), min_exp);
  const Real ulp = std::ldexp(Real(1), e - (digits - 1));
  return double(std::fabs(Real(got) - ref) / ulp);
}

// |got - ref| in units of the spacing of T at 1: the measure near a root of f', where f' is a
// difference of O(1) terms and its relative error means nothing.
template <typename T>
double AbsoluteUlpError(T got, Real ref) {
  if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) == std::isnan(got) ? 0 : 1e300;
  return double(std::fabs(Real(got) - ref) / std::numeric_limits<T>::epsilon());
}

}  // namespace actlab::test
