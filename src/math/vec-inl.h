// The vocabulary of every activation's vector math: the Highway namespace, the vector type, the
// traits that tell the driver how to run an activation, and constants and polynomials.

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_MATH_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_VEC_INL_H_
#undef ACTLAB_MATH_VEC_INL_H_
#else
#define ACTLAB_MATH_VEC_INL_H_
#endif

#include <initializer_list>
#include <type_traits>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
using V = hn::Vec<D>;

// How a direction of an activation computes a float32 result (float64 is computed in float64).
enum class Float32Math {
  kInFloat,   // exact operations (min, max, select): float32 itself is enough
  kInDouble,  // in float64 lanes (ForFloat) with short polynomials, rounded once at the end
  kInParts,   // float32 math of its own in two parts (float32-inl.h) on targets that have it
              // (kFloatKernels: AVX-512), in float64 lanes elsewhere
};

// Traits of an activation's vector math: how each direction computes float32 (smooth functions
// round faithfully from float64 lanes unless a direction opts into kInParts), whether one
// parameter per channel enters (PReLU), and kParallelFrom: calls of this many elements and more
// run on threads (kernels/parallel.h); functions with transcendental math gain from two threads
// at 8Ki, piecewise ones at 32Ki.
struct SmoothOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInDouble, kBackwardMath = Float32Math::kInDouble,
                               kFromOutputMath = Float32Math::kInDouble;
  static constexpr bool kChannels = false;
  static constexpr size_t kParallelFrom = size_t(1) << 13;
};
struct ExactOp {
  static constexpr Float32Math kForwardMath = Float32Math::kInFloat, kBackwardMath = Float32Math::kInFloat,
                               kFromOutputMath = Float32Math::kInFloat;
  static constexpr bool kChannels = false;
  static constexpr size_t kParallelFrom = size_t(1) << 15;
};
// Piecewise functions that are widened only to round a product once.
struct PiecewiseOp : SmoothOp {
  static constexpr size_t kParallelFrom = size_t(1) << 15;
};

template <class D>
HWY_INLINE V<D> Const(D d, double value) {
  return hn::Set(d, static_cast<hn::TFromD<D>>(value));
}

// A float64 descriptor computing a float32 result. Rounding to float32 adds eps * 2^24 ULP to
// its own 0.5 ULP when the double carries relative error eps, so eps = 2^-40 keeps every result
// faithful and almost all correctly rounded. The helpers below give such descriptors short
// polynomials and no double division (the slowest vector instruction); plain descriptors get
// the full-precision routines.
template <class D>
struct ForFloat : D {};
template <class D>
inline constexpr bool kForFloat = false;
template <class D>
inline constexpr bool kForFloat<ForFloat<D>> = true;

// A value hi + lo before its one rounding, |lo| small against |hi|: what the exact sums and
// products below and the two-part math (parts-inl.h) return, one value rather than two
// out-parameters.
template <class D>
struct Two {
  V<D> hi, lo;
};

// Two results of one computation, each rounded (the gated backward's dgate and dup).
template <class D>
struct VecPair {
  V<D> first, second;
};

// A value 2^k (hi + lo) before its one rounding, |lo| small against |hi| (float32-inl.h,
// float64-inl.h, parts-inl.h).
template <class D>
struct Parts {
  V<D> hi, lo, k;
};

// hi + lo where `near` holds: a series about 0 that covers part of the line (ExpMinusOneNear),
// which the caller blends with its formula for the other lanes.
template <class D>
struct NearZero {
  hn::Mask<D> near;
  V<D> hi, lo;
};

// a + b = hi + lo exactly, hi the rounded sum (TwoSum: either may be larger).
template <class D>
HWY_INLINE Two<D> TwoSum(V<D> a, V<D> b) {
  const V<D> sum = hn::Add(a, b);
  const V<D> bb = hn::Sub(sum, a);
  return {sum, hn::Add(hn::Sub(a, hn::Sub(sum, bb)), hn::Sub(b, bb))};
}

template <class D>
inline constexpr bool kIsFloat = std::is_same_v<hn::TFromD<D>, float>;

// a*b - p for p = round(a*b), exactly: one FMA, or Dekker's splitting on targets without FMA
// (where Highway's MulSub rounds twice). |a|, |b| must stay below 2^995 so the split cannot
// overflow (beyond, the result is not finite and callers drop it).
template <class D>
HWY_INLINE V<D> ProductError(D d, V<D> a, V<D> b, V<D> p) {
#if HWY_NATIVE_FMA
  (void)d;
  return hn::MulSub(a, b, p);
#else
  constexpr double kSplit = sizeof(hn::TFromD<D>) == 4 ? 4097.0 : 134217729.0;  // 2^(p/2) + 1
  const auto split = [d](V<D> v) HWY_ATTR {  // v = hi + lo, each of half the bits
    const V<D> c = hn::Mul(Const(d, kSplit), v);
    const V<D> hi = hn::Sub(c, hn::Sub(c, v));
    return Two<D>{hi, hn::Sub(v, hi)};
  };
  const Two<D> sa = split(a), sb = split(b);
  const V<D> err = hn::Add(hn::Sub(hn::Mul(sa.hi, sb.hi), p), hn::Add(hn::Mul(sa.hi, sb.lo), hn::Mul(sa.lo, sb.hi)));
  return hn::Add(err, hn::Mul(sa.lo, sb.lo));
#endif
}

// 1 - a*b, from the exact product (one FMA, or Dekker's splitting: see ProductError).
template <class D>
HWY_INLINE V<D> OneMinusProduct(D d, V<D> a, V<D> b) {
#if HWY_NATIVE_FMA
  return hn::NegMulAdd(a, b, Const(d, 1.0));
#else
  const V<D> p = hn::Mul(a, b);
  return hn::Sub(hn::Sub(Const(d, 1.0), p), ProductError(d, a, b, p));
#endif
}

// a*b = hi + lo exactly, hi the rounded product.
template <class D>
HWY_INLINE Two<D> TwoProduct(D d, V<D> a, V<D> b) {
  const V<D> hi = hn::Mul(a, b);
  return {hi, ProductError(d, a, b, hi)};
}

// w*w - round(w*w), exactly.
template <class D>
HWY_INLINE V<D> SquareError(D d, V<D> w, V<D> hi) {
  return ProductError(d, w, w, hi);
}

template <class D>
HWY_INLINE V<D> Horner(D d, V<D> x, std::initializer_list<double> c) {
  const double* last = c.end() - 1;
  V<D> p = Const(d, *last);
  for (const double* i = last; i-- != c.begin();) p = hn::MulAdd(p, x, Const(d, *i));
  return p;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
