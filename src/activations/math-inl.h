// Vector building blocks shared by several activations, written once over a Highway descriptor.
// Every exponential here takes a non-positive argument: the activations are written in forms
// (e^-|x|, reflections) that never overflow, and Highway's Exp is exact-to-1-ULP and returns 0
// at -inf on that side.

// Per-target include guard (toggles for each target that foreach_target.h compiles).
#if defined(ACTLAB_ACTIVATIONS_MATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_MATH_INL_H_
#undef ACTLAB_ACTIVATIONS_MATH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_MATH_INL_H_
#endif

#include <iterator>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
using V = hn::Vec<D>;

// Traits of an activation's vector math. Smooth ones compute float32 in float64 so that the
// result rounds faithfully; exact ones (min, max, select) need no more than their own type.
struct SmoothOp {
  static constexpr bool kWiden = true, kChannels = false;
};
struct ExactOp {
  static constexpr bool kWiden = false, kChannels = false;
};

template <class D>
HWY_INLINE V<D> Const(D d, double value) {
  return hn::Set(d, static_cast<hn::TFromD<D>>(value));
}

// x * g with the signed zero of x where g == 0: the limits x * sigma(x) -> -0 at -inf and
// x * phi(x) -> 0 at +-inf, instead of inf * 0 = NaN.
template <class D>
HWY_INLINE V<D> XTimes(D d, V<D> x, V<D> g) {
  return hn::IfThenElse(hn::Eq(g, hn::Zero(d)), hn::And(x, hn::SignBit(d)), hn::Mul(x, g));
}

// sigma(x) = 1 / (1 + e^-x), evaluated as e/(1+e) for x < 0 with e = e^-|x|: never overflows.
template <class D>
HWY_INLINE V<D> Logistic(D d, V<D> x) {
  const V<D> e = hn::Exp(d, hn::Neg(hn::Abs(x)));
  const V<D> numerator = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), e, Const(d, 1.0));
  return hn::Div(numerator, hn::Add(Const(d, 1.0), e));
}

// sigma(x) (1 - sigma(x)) = e / (1+e)^2 with e = e^-|x|: no cancellation in the tails.
template <class D>
HWY_INLINE V<D> LogisticSlope(D d, V<D> x) {
  const V<D> e = hn::Exp(d, hn::Neg(hn::Abs(x)));
  const V<D> q = hn::Add(Const(d, 1.0), e);
  return hn::Div(e, hn::Mul(q, q));
}

// ln(1 + e^x) = max(x, 0) + log1p(e^-|x|).
template <class D>
HWY_INLINE V<D> LogOnePlusExp(D d, V<D> x) {
  const V<D> tail = hn::Log1p(d, hn::Exp(d, hn::Neg(hn::Abs(x))));
  return hn::Add(hn::Max(x, hn::Zero(d)), tail);
}

// sech^2(x) = 1 - tanh^2(x) = 4e / (1+e)^2 with e = e^-2|x|.
template <class D>
HWY_INLINE V<D> Sech2(D d, V<D> x) {
  const V<D> e = hn::Exp(d, hn::Mul(Const(d, -2.0), hn::Abs(x)));
  const V<D> q = hn::Add(Const(d, 1.0), e);
  return hn::Div(hn::Mul(Const(d, 4.0), e), hn::Mul(q, q));
}

// e^(-x^2/2) with x^2 carried in two parts, so the result keeps full relative precision even
// where x^2/2 is several hundred. |x| above 40 gives 0 (as e^-800 does).
template <class D>
HWY_INLINE V<D> GaussianKernel(D d, V<D> x) {
  const V<D> w = hn::Min(hn::Abs(x), Const(d, 40.0));
  const V<D> hi = hn::Mul(w, w);
  const V<D> lo = hn::MulSub(w, w, hi);  // the rounding error of hi, exactly
  const V<D> e = hn::Exp(d, hn::Mul(Const(d, -0.5), hi));
  const V<D> g = hn::NegMulAdd(hn::Mul(Const(d, 0.5), lo), e, e);  // e * (1 - lo/2)
  return hn::IfThenZeroElse(hn::Ge(hn::Abs(x), Const(d, 40.0)), g);
}

// Standard normal cumulative distribution Phi(x) = erfc(-x/sqrt2) / 2, accurate in both tails.
// |x| <= 1: the Taylor series of Phi - 1/2. Beyond: the tail Phi(-|x|) = e^(-x^2/2) erfcx(z) / 2
// with z = |x|/sqrt2 and erfcx = e^(z^2) erfc(z) as a Chebyshev series in t = (z-2)/(z+2)
// (coefficients from tools/gen_erfcx.py, relative error 3e-17).
template <class D>
HWY_INLINE V<D> NormalCdf(D d, V<D> x) {
  static constexpr double kTaylor[] = {
      3.9894228040143267794e-1,  -6.64903800669054463233e-2, 9.9735570100358169485e-3,
      -1.18732821548045439863e-3, 1.15434687616155288756e-4, -9.44465625950361453456e-6,
      6.65969351631665127437e-7, -4.12266741486268888413e-8, 2.27352982437280636993e-9,
      -1.13011716416192129499e-10, 5.11243479025631062021e-12, -2.12176147421704590957e-13,
      8.13341898449867598669e-15, -2.89651673237132335708e-16, 9.63127484901794712331e-18};
  static constexpr double kErfcx[] = {
      2.09884903513714154834e-1,  -2.54787072283869730877e-1, 5.13393112506027391789e-2,
      -6.84601854560021705436e-3, 3.63433840556264450889e-4,  5.5459711374226154207e-5,
      -9.5794752458459781663e-6,  -6.76456147758641094404e-7, 2.28630351863823703159e-7,
      1.63516176102746782849e-8,  -6.0553358171283380633e-9,  -6.737513591119922255e-10,
      1.64079529448961430219e-10, 3.27441845818567246476e-11, -3.60318349639388026244e-12,
      -1.55300537087017335885e-12, -3.39277863748554903445e-15, 6.46284587460893588978e-14,
      7.65129449026478015452e-15, -1.95966184381275345321e-15, -6.2292222325099639664e-16,
      5.11224365559094702022e-18, 3.18347743985609263719e-17, 4.83188483030625721115e-18,
      -8.34196896196485337615e-19};
  constexpr double kT0 = -0.4775922500725171149704636;  // t at z = 1/sqrt2

  // Central part.
  const V<D> x2 = hn::Mul(x, x);
  V<D> series = Const(d, kTaylor[std::size(kTaylor) - 1]);
  for (size_t i = std::size(kTaylor) - 1; i-- > 0;) series = hn::MulAdd(series, x2, Const(d, kTaylor[i]));
  const V<D> central = hn::MulAdd(x, series, Const(d, 0.5));

  // Tail, at w = |x| clamped to where the Gaussian factor is already 0.
  const V<D> w = hn::Min(hn::Abs(x), Const(d, 40.0));
  const V<D> z = hn::Mul(w, Const(d, 0.70710678118654752440));
  const V<D> t = hn::Div(hn::Sub(z, Const(d, 2.0)), hn::Add(z, Const(d, 2.0)));
  const V<D> u = hn::MulAdd(t, Const(d, 2.0 / (1.0 - kT0)), Const(d, -(1.0 + kT0) / (1.0 - kT0)));
  // Clenshaw recurrence for sum c_j T_j(u).
  const V<D> two_u = hn::Add(u, u);
  V<D> b1 = hn::Zero(d), b2 = hn::Zero(d);
  for (size_t j = std::size(kErfcx) - 1; j > 0; --j) {
    const V<D> b0 = hn::Add(hn::MulSub(two_u, b1, b2), Const(d, kErfcx[j]));
    b2 = b1;
    b1 = b0;
  }
  const V<D> erfcx = hn::Add(hn::MulSub(u, b1, b2), Const(d, kErfcx[0]));
  const V<D> tail = hn::Mul(hn::Mul(Const(d, 0.5), GaussianKernel(d, x)), erfcx);
  const V<D> outer = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), tail, hn::Sub(Const(d, 1.0), tail));
  return hn::IfThenElse(hn::Le(hn::Abs(x), Const(d, 1.0)), central, outer);
}

// Standard normal density phi(x) = e^(-x^2/2) / sqrt(2 pi).
template <class D>
HWY_INLINE V<D> NormalPdf(D d, V<D> x) {
  return hn::Mul(GaussianKernel(d, x), Const(d, 0.39894228040143267794));
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
