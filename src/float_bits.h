// A float's bit pattern as an unsigned integer and back (for sweeping inputs in bit order).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace actlab {

template <typename T>
using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <typename T>
T FromBits(Bits<T> b) {
  T v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

template <typename T>
Bits<T> ToBits(T v) {
  Bits<T> b;
  std::memcpy(&b, &v, sizeof v);
  return b;
}

}  // namespace actlab
