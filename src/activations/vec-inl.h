// The vocabulary of every activation's vector math: the Highway namespace, the vector type, the
// traits that tell the driver how to run an activation, and constants and polynomials.

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_ACTIVATIONS_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_VEC_INL_H_
#undef ACTLAB_ACTIVATIONS_VEC_INL_H_
#else
#define ACTLAB_ACTIVATIONS_VEC_INL_H_
#endif

#include <initializer_list>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
using V = hn::Vec<D>;

// Traits of an activation's vector math. Smooth ones compute float32 in float64 so that the
// result rounds faithfully, unless the direction has float32 math of its own (float32-inl.h,
// on AVX-512 targets); exact ones (min, max, select) need no more than their own type.
struct SmoothOp {
  static constexpr bool kWiden = true, kChannels = false;
  static constexpr bool kOwnFloatForward = false, kOwnFloatBackward = false;
};
struct ExactOp {
  static constexpr bool kWiden = false, kChannels = false;
  static constexpr bool kOwnFloatForward = false, kOwnFloatBackward = false;
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

// a + b = sum + err exactly (TwoSum: either may be larger).
template <class D>
HWY_INLINE void TwoSum(V<D> a, V<D> b, V<D>& sum, V<D>& err) {
  sum = hn::Add(a, b);
  const V<D> bb = hn::Sub(sum, a);
  err = hn::Add(hn::Sub(a, hn::Sub(sum, bb)), hn::Sub(b, bb));
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
