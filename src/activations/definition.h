// What each activation's file defines once (not per CPU target): its catalogue entry and the
// scalar references, in long double, that the tests hold the vector kernels to.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "actlab/info.h"

namespace actlab {

using Real = long double;  // the references' precision: 64-bit mantissa on x86

struct Definition {
  Info info;
  // Elementwise references; p holds the parameters in info.params order (for PReLU, p[0] is
  // the channel's slope).
  Real (*f)(Real x, const double* p) = nullptr;
  Real (*df)(Real x, const double* p) = nullptr;
  // f' from y; nullptr when it is never a function of y.
  Real (*df_from_y)(Real y, const double* p) = nullptr;
  // For which parameters df_from_y is valid; nullptr: always.
  bool (*from_output_valid)(const double* p) = nullptr;
  // d f / d(learnable value); nullptr when nothing is learnable.
  Real (*dparam)(Real x, const double* p) = nullptr;
  // Row references for Layout::kRows.
  void (*row_forward)(const Real* x, Real* y, std::size_t dim) = nullptr;
  void (*row_backward)(const Real* x, const Real* dy, Real* dx, std::size_t dim) = nullptr;
  // Kinks, edges and overflow points the tests must hit exactly.
  std::span<const double> special_x = {};
  // Checks that involve several parameters; returns what is wrong, or nullptr.
  const char* (*check)(const double* p) = nullptr;
};

namespace ref {
inline constexpr Real kInf = std::numeric_limits<Real>::infinity();
inline Real Sigmoid(Real x) {
  return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x));
}
// sigma(x) * (1 - sigma(x)) without cancellation.
inline Real SigmoidDerivative(Real x) {
  const Real e = std::exp(-std::fabs(x));
  return e / ((1 + e) * (1 + e));
}
inline Real Softplus(Real x) { return std::fmax(x, Real(0)) + std::log1p(std::exp(-std::fabs(x))); }
inline Real Sech2(Real x) {
  const Real e = std::exp(-2 * std::fabs(x));
  return 4 * e / ((1 + e) * (1 + e));
}
// x * g where g -> 0: the signed zero of x instead of inf * 0.
inline Real XTimes(Real x, Real g) { return g == 0 ? std::copysign(Real(0), x) : x * g; }
}  // namespace ref

}  // namespace actlab
