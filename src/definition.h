// What each activation's file defines once (not per CPU target): its catalogue entry and the
// scalar references the tests and `actlab accuracy` hold the vector kernels to. A reference is
// written once, generic in its precision, and kept in three: double (the fast one for sweeping
// float32 results: its error is below 2^-20 float32 ULP, which a test checks), long double (64-bit
// mantissa: the tests' reference) and quad (113 bits, for float64 results).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>

#include "actlab/info.h"

#if defined(__x86_64__) || defined(__i386__)
// libquadmath's functions that the references use (its header lives in GCC's private include
// folder, which clang does not search).
extern "C" {
__float128 expq(__float128);
__float128 expm1q(__float128);
__float128 logq(__float128);
__float128 log1pq(__float128);
__float128 tanhq(__float128);
__float128 coshq(__float128);
__float128 erfcq(__float128);
__float128 sqrtq(__float128);
__float128 fabsq(__float128);
__float128 acosq(__float128);
__float128 atanq(__float128);
__float128 cosq(__float128);
__float128 sinq(__float128);
__float128 frexpq(__float128, int*);
__float128 ldexpq(__float128, int);
}
#endif

namespace actlab {

using Real = long double;
#if defined(__x86_64__) || defined(__i386__)
using Quad = __float128;
#else
using Quad = long double;  // already IEEE quad on AArch64
#endif

// The math the references use, for both precisions (std:: has no __float128 overloads).
namespace ref {
#if defined(__x86_64__) || defined(__i386__)
#define ACTLAB_REF_UNARY(name)                                     \
  inline double name(double x) { return std::name(x); }           \
  inline long double name(long double x) { return std::name(x); } \
  inline Quad name(Quad x) { return name##q(x); }
#else
#define ACTLAB_REF_UNARY(name)                           \
  inline double name(double x) { return std::name(x); } \
  inline long double name(long double x) { return std::name(x); }
#endif
ACTLAB_REF_UNARY(exp)
ACTLAB_REF_UNARY(expm1)
ACTLAB_REF_UNARY(log)
ACTLAB_REF_UNARY(log1p)
ACTLAB_REF_UNARY(tanh)
ACTLAB_REF_UNARY(cosh)
ACTLAB_REF_UNARY(erfc)
ACTLAB_REF_UNARY(sqrt)
ACTLAB_REF_UNARY(fabs)
ACTLAB_REF_UNARY(atan)
ACTLAB_REF_UNARY(cos)
ACTLAB_REF_UNARY(sin)
#undef ACTLAB_REF_UNARY
// Pi and infinity by precision (numeric_limits has no __float128 in strict C++).
inline double Pi(double) { return std::acos(-1.0); }
inline double Inf(double) { return __builtin_inf(); }
inline long double Pi(long double) { return std::acos(-1.0L); }
inline long double Inf(long double) { return __builtin_infl(); }
#if defined(__x86_64__) || defined(__i386__)
inline Quad Pi(Quad) { return acosq(Quad(-1)); }
inline Quad Inf(Quad) { return __builtin_inff128(); }
#endif
template <class R>
R fmax(R a, R b) { return a > b || b != b ? a : b; }
template <class R>
R fmin(R a, R b) { return a < b || b != b ? a : b; }
template <class R>
R copysign(R magnitude, R sign) { return (sign < 0 || (sign == 0 && 1 / sign < 0)) ? -fabs(magnitude) : fabs(magnitude); }
template <class R>
bool isinf(R x) { return x == Inf(x) || x == -Inf(x); }

// Building blocks shared by several activations, in stable forms.
template <class R>
R Sigmoid(R x) { return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)); }
// sigma(x) (1 - sigma(x)) without cancellation.
template <class R>
R SigmoidDerivative(R x) {
  const R e = exp(-fabs(x));
  return e / ((1 + e) * (1 + e));
}
template <class R>
R Softplus(R x) { return fmax(x, R(0)) + log1p(exp(-fabs(x))); }
template <class R>
R Sech2(R x) {
  const R e = exp(-2 * fabs(x));
  return 4 * e / ((1 + e) * (1 + e));
}
// sin(w0 x), or cos(w0 x), with w0 x exact. In quad the product of two doubles fits; long
// double goes through quad (x87's fsin and fcos, which glibc's sinl and cosl use on x86-64,
// reduce by a 66-bit pi: 8 to 16 ULP off near multiples of pi/2 on the tests' sweep). double
// (the fast reference for float32 results): th + tl (FMA), sin(th + tl) = sin th cos tl +
// cos th sin tl with glibc's double sine and cosine, within an ULP of double on the whole range.
template <class R>
R SinOfProduct(R x, double w0, bool cosine) {
  if constexpr (std::is_same_v<R, double>) {
    const R th = R(w0) * x, tl = std::fma(R(w0), x, -th);
    const R s = ref::sin(th), c = ref::cos(th), st = ref::sin(tl), ct = ref::cos(tl);
    return cosine ? c * ct - s * st : s * ct + c * st;
  } else {
    const Quad t = Quad(w0) * Quad(x);
    return R(cosine ? ref::cos(t) : ref::sin(t));
  }
}
// x * g where g -> 0: the signed zero of x instead of inf * 0.
template <class R>
R XTimes(R x, R g) { return g == 0 ? copysign(R(0), x) : x * g; }
}  // namespace ref

// A reference function kept in both precisions, made from one generic lambda.
struct RefFn {
  double (*d)(double, const double*) = nullptr;
  Real (*ld)(Real, const double*) = nullptr;
  Quad (*q)(Quad, const double*) = nullptr;
  constexpr RefFn() = default;
  template <class L>
  constexpr RefFn(L l) : d(l), ld(l), q(l) {}  // NOLINT: implicit from a lambda on purpose
  Real operator()(Real x, const double* p) const { return ld(x, p); }
  explicit operator bool() const { return ld != nullptr; }
};

// A row reference (softmax) in both precisions: out = g(x[, dy]) over `dim` elements.
struct RowFn {
  void (*ld)(const Real* x, const Real* dy, Real* out, std::size_t dim) = nullptr;
  void (*q)(const Quad* x, const Quad* dy, Quad* out, std::size_t dim) = nullptr;
  constexpr RowFn() = default;
  template <class L>
  constexpr RowFn(L l) : ld(l), q(l) {}  // NOLINT
  explicit operator bool() const { return ld != nullptr; }
};

struct Definition {
  Info info;
  // Elementwise references; p holds the parameters in info.params order (for PReLU, p[0] is
  // the channel's slope). For Layout::kGated, the gate's f and f': y = up * f(gate).
  RefFn f, df;
  // f' from y; empty when it is never a function of y.
  RefFn df_from_y;
  // For which parameters df_from_y is valid; nullptr: always.
  bool (*from_output_valid)(const double* p) = nullptr;
  // d f / d(learnable value); empty when nothing is learnable.
  RefFn dparam;
  // Row references for Layout::kRows (dy is unused by row_forward).
  RowFn row_forward, row_backward;
  // f' keeps its relative precision at its roots (sine's w0 cos(w0 x), a product with no
  // cancellation): measured in ULPs of the result there too, not of 1 (DerivativeRoots is empty).
  bool df_relative_at_roots = false;
  // Kinks, edges and overflow points the tests must hit exactly.
  std::span<const double> special_x = {};
  // Checks that involve several parameters; returns what is wrong, or nullptr.
  const char* (*check)(const double* p) = nullptr;
  // f, f' and f' from y at element `index` of a call, for an activation whose result depends on
  // where the element is as well (rrelu's training mode draws a slope per index); nullptr for the
  // others, whose f, df and df_from_y say it all.
  Real (*f_at)(Real x, const double* p, std::uint64_t index) = nullptr;
  Real (*df_at)(Real x, const double* p, std::uint64_t index) = nullptr;
  Real (*df_from_y_at)(Real y, const double* p, std::uint64_t index) = nullptr;
  // Whether the results depend on the index for these parameters (f, df and df_from_y do not say
  // it all); nullptr: never.
  bool (*indexed)(const double* p) = nullptr;
};

}  // namespace actlab
