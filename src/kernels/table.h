// The array kernels of one CPU target: one row per activation, one entry per direction and type.
// Built per target by dispatch.cc; the front door (src/activation.cc) checks arguments and calls.
#pragma once

#include "kernels/parallel.h"

#include <cstddef>
#include <cstdint>
#include <span>

#include "actlab/info.h"

namespace actlab::kernels {

inline constexpr std::size_t kNumKinds = 0
#define ACTLAB_ACTIVATION(ident, name) +1
#include "actlab/list.inc"
#undef ACTLAB_ACTIVATION
    ;

inline constexpr std::size_t kMaxParams = 8;

// Everything a kernel needs beyond the arrays; the front door has validated all of it.
struct Args {
  const double* params = nullptr;        // kMaxParams values, in Info::params order
  std::span<const double> weights = {};  // kChannels: one slope per channel
  std::size_t channels = 1, inner = 1;   // kChannels: (outer, channels, inner)
  std::size_t first = 0;                 // kChannels: index of the call's first element
  std::size_t group = 1;                 // kGroups: k
  std::size_t dim = 1;                   // kRows: row length; kGated: half a row (y's row)
};

template <typename T>
struct Table {
  // n is the number of input elements (of x, or of y for from_output).
  void (*forward)(const T* x, T* y, std::size_t n, const Args& args) = nullptr;
  void (*backward)(const T* x, const T* dy, T* dx, std::size_t n, const Args& args) = nullptr;
  void (*from_output)(const T* y, const T* dy, T* dx, std::size_t n, const Args& args) = nullptr;
  // dw[j] = sum dy * df/dw_j, accumulated in double (dw has one entry per weight, zeroed).
  void (*param_grad)(const T* x, const T* dy, double* dw, std::size_t n, const Args& args) = nullptr;
  // kGated on two inputs of n elements: y = up * f(gate); dgate = dy * up * f'(gate) and
  // dup = dy * f(gate). (forward and backward above take the halves of x.)
  void (*gated_forward)(const T* gate, const T* up, T* y, std::size_t n, const Args& args) = nullptr;
  void (*gated_backward)(const T* gate, const T* up, const T* dy, T* dgate, T* dup, std::size_t n,
                         const Args& args) = nullptr;
  // Calls of at least this many elements run on threads (parallel.h).
  std::size_t parallel_from = kParallelFrom;
};

// One 16-bit storage type (include/actlab/half.h): its conversions (narrow-inl.h).
struct Narrow {
  void (*widen)(const std::uint16_t* in, float* out, std::size_t n) = nullptr;
  // out = y rounded to nearest even. The exact values are known to lie within steps ulps of
  // max(|y|, |scale|) (scale: nullptr for none) of y: the indices of the lanes where that range
  // rounds to more than one value go to unsure (n + 64 entries), and their count is returned.
  std::size_t (*narrow)(const float* y, const float* scale, std::uint16_t* out, std::size_t n, float steps,
                        std::uint32_t* unsure) = nullptr;
};

struct Kernels {
  Narrow bf16, f16;
  // The 16-bit backward's doubt near the roots of f' (narrow.cc): out[i] = |a[i] * b[i]| (b: nullptr
  // for 1) where x[i] lies in one of the open intervals (bounds[2j], bounds[2j + 1]), else 0.
  void (*scale_near)(const float* x, const float* a, const float* b, const float* bounds, std::size_t intervals,
                     float* out, std::size_t n) = nullptr;
  Table<float> f32[kNumKinds];
  Table<float> f32_fast[kNumKinds];  // Tier::kFast: a copy of f32's row where there is no fast math
  Table<double> f64[kNumKinds];
  template <typename T>
  const Table<T>& get(Kind kind, Tier tier = Tier::kExact) const {
    const auto row = static_cast<std::size_t>(kind);
    if constexpr (sizeof(T) == 4) return tier == Tier::kFast ? f32_fast[row] : f32[row];
    else return f64[row];
  }
};

// The kernels of the target chosen now (the best the CPU runs, or the forced one).
const Kernels& active();

}  // namespace actlab::kernels
