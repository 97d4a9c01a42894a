// Accuracy measurement: the error, in ULP, of an implementation of an activation against the
// activation's reference (long double for float32 results, quad for float64), over every
// float32 input or a stratified sample. Used by `actlab accuracy`; peers plug in as Batch.
//
// Error of a result: |got - ref| / ulp(ref), ulp(ref) the spacing of the type at ref, and 2^-149
// (2^-1074) below the smallest normal, so a flushed subnormal counts. Backward within 1/4 of a
// root of f' (where f' is a difference of O(1) terms): |got - ref| / ulp(1).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "actlab/actlab.h"

namespace actlab::accuracy {

enum class Direction { kForward, kBackward, kFromOutput };

// Computes one batch: out = f(in) (forward), dy * f'(in) (backward, dy = 1), or f' from the
// output in = y (from output). Called from one thread at a time.
template <typename T>
using Batch = std::function<void(std::span<const T> in, std::span<T> out)>;

struct Options {
  Direction direction = Direction::kForward;
  bool exhaustive = false;         // float32 only: all 2^32 bit patterns
  std::uint64_t samples = 1 << 20;  // otherwise: evenly spaced bit patterns, both signs
  double lo = -INFINITY, hi = INFINITY;  // only inputs in [lo, hi] (NaN patterns: exhaustive only)
  int threads = 0;                       // 0: all cores
  std::function<void(double done)> progress;  // fraction done, from the calling thread
};

struct Result {
  double max_ulp = 0;
  double worst_input = 0;      // where max_ulp happens
  double mean_ulp = 0;         // over inputs whose reference is finite
  std::uint64_t count = 0;     // inputs measured
  std::uint64_t not_faithful = 0;  // error of 1 ULP or more
  std::uint64_t nan_wrong = 0;     // NaN where the reference is a number, or the reverse
  std::uint64_t nonfinite_for_finite = 0;  // inf or NaN for a finite input whose result is finite
  double first_nonfinite_input = 0;
};

// The up value that the sweeps pair with gate g for the gated (Layout::kGated: y = up * f(g)):
// a sign and a mantissa in [1, 2) hashed from g's bits, so that the gates meet varied ups while
// |up| keeps the error near a root of f' on the scale of ULPs of 1. Forward measures up * f(g),
// backward dgate = up * f'(g) (dy = 1).
float GatedUp(float gate);
double GatedUp(double gate);

// The roots of f' for these parameters, on the whole line (none for an f' that keeps its relative
// precision there: Definition::df_relative_at_roots).
std::vector<double> DerivativeRoots(const Activation& act);
// Whether x is near one of them, where f' is a difference of O(1) terms and backward is measured
// in ULPs of 1: within 1/4, or |r| / 5 of a root r beyond 1.25 (swish's, at -1.28 / beta, widens
// with 1 / beta).
bool NearRoot(std::span<const double> roots, double x);
// How near: the half-width of the neighbourhood of root r.
inline double NearRootRadius(double r) { return r < -1.25 || r > 1.25 ? std::fabs(r) / 5 : 0.25; }

// Measures each batch (an implementation of `act` in T) against act's reference, computed once
// per input for all of them. Throws Error for a direction the activation does not have or a
// layout that is not elementwise or gated.
std::vector<Result> Measure(const Activation& act, const Options& options, std::span<const Batch<float>> batches);
std::vector<Result> Measure(const Activation& act, const Options& options, std::span<const Batch<double>> batches);
inline Result Measure(const Activation& act, const Options& options, const Batch<float>& batch) {
  return Measure(act, options, std::span<const Batch<float>>(&batch, 1))[0];
}
inline Result Measure(const Activation& act, const Options& options, const Batch<double>& batch) {
  return Measure(act, options, std::span<const Batch<double>>(&batch, 1))[0];
}

// bfloat16 and float16: actlab's results on every one of the 65,536 inputs (dy = 1; the gated
// with GatedUp's up rounded to the type), against the long double reference, in ULPs of the
// 16-bit type (0.5: correctly rounded). Elementwise and gated activations.
enum class Storage { kBFloat16, kFloat16 };
Result MeasureStorage(const Activation& act, Direction direction, Storage storage);

// actlab itself as a Batch.
Batch<float> ActlabBatchF32(const Activation& act, Direction d);
Batch<double> ActlabBatchF64(const Activation& act, Direction d);

}  // namespace actlab::accuracy
