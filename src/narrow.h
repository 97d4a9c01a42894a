// Calls on the 16-bit storage types (bfloat16, float16), written once for every direction and
// layout: block by block, the inputs are widened to float32 (exactly), the float32 kernel runs,
// and each result is rounded once to the storage type. A float32 result is within its declared
// error bound of the exact value; where that range holds a rounding boundary of the storage type
// (about 2^-14 of bfloat16 results, 2^-11 of float16's), the element is computed again in float64,
// and where float64's range still holds one, by the quad reference (exact midpoints: squared_relu's
// x^2). So every result is the exact value correctly rounded, unless that value lies within quad's
// own error (2^-113, relative) of a midpoint of the 16-bit grid without being one: a product
// up * gate that is itself a midpoint, times sigma or Phi of a large gate (1 - e^-gate); half a
// subnormal plus its square (gelu, silu at the smallest inputs). There the quad value rounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "actlab/half.h"
#include "definition.h"

namespace actlab::narrow {

template <class S>
inline constexpr bool kIsNarrow = std::is_same_v<S, bfloat16> || std::is_same_v<S, float16>;

// A call in units (one element, a maxout group, a softmax row, a glu row) of fixed sizes: every
// input and output is `units` runs of its unit's length.
struct Shape {
  std::size_t units = 0;
  int inputs = 1, outputs = 1;
  std::size_t in_unit[3] = {1, 1, 1}, out_unit[2] = {1, 1};
};

// What the caller computes, on the block's inputs widened to float32 (in[i] holds `count` units of
// input i, from unit `first` of the call).
struct Compute {
  // The float32 kernel on the block.
  std::function<void(const float* const* in, float* const* out, std::size_t first, std::size_t count)> f32;
  // Output k's element j of the block again, in float64 (empty with f64_block).
  std::function<double(const float* const* in, int k, std::size_t j, std::size_t first)> f64;
  // The quad reference for that element (empty: float64's value is rounded where it is in doubt).
  std::function<Quad(const float* const* in, int k, std::size_t j, std::size_t first)> ref;
  // Where output k's error is measured against more than itself (backward near a root of f':
  // ulps of |dy|), that scale per element: an input's array, or written into `scratch`; nullptr
  // otherwise.
  std::function<const float*(const float* const* in, int k, std::size_t count, float* scratch)> scale;
  // Every element in float64 and rounded once (the rows, whose backward cancels without a
  // per-element bound): the float64 kernel on the block, inputs and outputs as above.
  std::function<void(const double* const* in, double* const* out, std::size_t first, std::size_t count)> f64_block;
  // The declared bounds, in ulps: float32's (of the tier) and float64's.
  int bound_f32 = 1, bound_f64 = 1;
  std::size_t parallel_from = 1 << 15;
};

template <class S>
void Run(const Shape& shape, const S* const* in, S* const* out, const Compute& compute);

// in widened to float32 (exact), by the active target's conversion.
template <class S>
void Widen(const S* in, float* out, std::size_t n);

}  // namespace actlab::narrow
