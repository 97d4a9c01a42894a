// Sine and cosine of a product w x on the whole line, for sine and snake: w x = th + tl in two
// parts (the product's error kept) is reduced by k pi/2, pi/2 in four parts (fdlibm's: the first
// three of 33 bits, so that k times each is exact for |k| < 2^20), the remainder kept as h + l,
// and fdlibm's sine and cosine kernels take it. That covers |th| < 2^19 (kVectorMax); the callers
// take the lanes beyond lane by lane (ByLane).

#if defined(ACTLAB_MATH_TRIG_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_MATH_TRIG_INL_H_
#undef ACTLAB_MATH_TRIG_INL_H_
#else
#define ACTLAB_MATH_TRIG_INL_H_
#endif

#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

struct Trig {
  // pi/2 = kPio2[0] + kPio2[1] + kPio2[2] + kPio2[3]; 2/pi.
  static constexpr double kPio2[] = {1.57079632673412561417e+00, 6.07710050630396597660e-11,
                                     2.02226624871116645580e-21, 8.47842766036889956997e-32};
  static constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  static constexpr double kVectorMax = 0x1p19;  // |th| below: k < 2^19, the products exact

  // w x = k pi/2 + (h + l), in double lanes; th = the rounded product, for the range test.
  template <class D>
  struct Reduced {
    V<D> k, h, l, th;
  };
  template <class D>
  static HWY_INLINE Reduced<D> Reduce(D d, V<D> x, double w0) {
    static_assert(!kIsFloat<D>, "float32 computes in double lanes");
    const V<D> w = Const(d, w0);
    const V<D> th = hn::Mul(w, x);
    const V<D> tl = w0 == 1 ? hn::Zero(d) : ProductError(d, w, x, th);
    const V<D> k = hn::Round(hn::Mul(th, Const(d, kTwoOverPi)));
    const V<D> a = hn::NegMulAdd(k, Const(d, kPio2[0]), th);  // exact
    const auto [rh, re] = TwoSum<D>(a, hn::Neg(hn::Mul(k, Const(d, kPio2[1]))));
    const V<D> rl = hn::Add(hn::NegMulAdd(k, Const(d, kPio2[3]), hn::NegMulAdd(k, Const(d, kPio2[2]), re)), tl);
    const auto [h, l] = TwoSum<D>(rh, rl);
    return {k, h, l, th};
  }
  // (k + quarter) mod 4, the quadrant: sin(w x) is sin, cos, -sin, -cos of the remainder.
  template <class D>
  static HWY_INLINE V<D> Quadrant(D d, V<D> k, int quarter) {
    const V<D> kq = hn::Add(k, Const(d, double(quarter)));
    return hn::NegMulAdd(Const(d, 4.0), hn::Floor(hn::Mul(kq, Const(d, 0.25))), kq);
  }

  // fdlibm's __kernel_sin and __kernel_cos: sin(x + y) and cos(x + y) for |x| <= pi/4 (and a
  // little beyond), |y| below half an ULP of x; within an ULP.
  template <class D>
  static V<D> KernelSin(D d, V<D> x, V<D> y) {
    const V<D> z = hn::Mul(x, x), v = hn::Mul(z, x);
    const V<D> r = Horner(d, z, {8.33333333332248946124e-03, -1.98412698298579493134e-04, 2.75573137070700676789e-06,
                                 -2.50507602534068634195e-08, 1.58969099521155010221e-10});
    const V<D> t = hn::Sub(hn::Mul(z, hn::NegMulAdd(v, r, hn::Mul(Const(d, 0.5), y))), y);
    return hn::Sub(x, hn::MulAdd(v, Const(d, 1.66666666666666324348e-01), t));
  }
  template <class D>
  static V<D> KernelCos(D d, V<D> x, V<D> y) {
    const V<D> z = hn::Mul(x, x);
    const V<D> r = hn::Mul(z, Horner(d, z, {4.16666666666666019037e-02, -1.38888888888741095749e-03,
                                            2.48015872894767294178e-05, -2.75573143513906633035e-07,
                                            2.08757232129817482790e-09, -1.13596475577881948265e-11}));
    const V<D> hz = hn::Mul(Const(d, 0.5), z), one = Const(d, 1.0);
    const V<D> w = hn::Sub(one, hz);
    return hn::Add(w, hn::Add(hn::Sub(hn::Sub(one, w), hz), hn::MulSub(z, r, hn::Mul(x, y))));
  }

  // The lanes in `rare` from fn, one by one; each lane depends on its own x only.
  template <class D, class Fn>
  static V<D> ByLane(D d, V<D> x, V<D> y, hn::Mask<D> rare, const Fn& fn) {
    if (hn::AllFalse(d, rare)) return y;
    constexpr size_t kMax = HWY_MAX_BYTES / sizeof(double);
    double xs[kMax], ys[kMax], marks[kMax];
    hn::StoreU(x, d, xs);
    hn::StoreU(y, d, ys);
    hn::StoreU(hn::IfThenElseZero(rare, Const(d, 1.0)), d, marks);
    for (size_t i = 0; i < hn::Lanes(d); ++i) {
      if (marks[i] != 0) ys[i] = fn(xs[i]);
    }
    return hn::LoadU(d, ys);
  }
  // Whether a lane is beyond the vector reduction (and inf, NaN).
  template <class D>
  static HWY_INLINE hn::Mask<D> Far(D d, V<D> th) {
    return hn::Not(hn::Lt(hn::Abs(th), Const(d, kVectorMax)));
  }
};

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif
