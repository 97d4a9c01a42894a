// Sine: y = sin(w0 x), f' = w0 cos(w0 x): SIREN's activation (Sitzmann et al. 2020, w0 = 30 in
// the first layer) and a playground classic. Periodic, so f' is not a function of y. Not in the
// seeds.
//
// The bound holds on the whole line. w0 x = th + tl in two parts (the product's error kept) is
// reduced by k pi/2, pi/2 in four parts (fdlibm's: the first three of 33 bits, so that k times
// each is exact for |k| < 2^20), the remainder kept as rh + rl, and fdlibm's sine and cosine
// kernels take it; that covers |th| < 2^19. Beyond, lane by lane: float32 results from double
// sin and cos of th and tl, float64 from the quad sine of the exact product (libquadmath's
// Payne-Hanek reduction).

#include <cmath>

#ifndef ACTLAB_ACTIVATIONS_SINE_DEF_
#define ACTLAB_ACTIVATIONS_SINE_DEF_
#include <type_traits>

#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSineParams[] = {
    {.name = "w0", .default_value = 1.0, .min = 0, .max = 1e4, .min_inclusive = false,
     .doc = "frequency (SIREN's first layer: 30)"}};
// sin(w0 x), or cos(w0 x), with w0 x exact. In quad the product of two doubles fits; long
// double goes through quad (x87's fsin and fcos, which glibc's sinl and cosl use on x86-64,
// reduce by a 66-bit pi: 8 to 16 ULP off near multiples of pi/2 on the tests' sweep). double
// (the fast reference for float32 results): th + tl (FMA), sin(th + tl) = sin th cos tl +
// cos th sin tl with glibc's double sine and cosine, within an ULP of double on the whole range.
template <class R>
R SineOf(R x, double w0, bool cosine) {
  if constexpr (std::is_same_v<R, double>) {
    const R th = R(w0) * x, tl = std::fma(R(w0), x, -th);
    const R s = ref::sin(th), c = ref::cos(th), st = ref::sin(tl), ct = ref::cos(tl);
    return cosine ? c * ct - s * st : s * ct + c * st;
  } else {
    const Quad t = Quad(w0) * Quad(x);
    return R(cosine ? ref::cos(t) : ref::sin(t));
  }
}
inline constexpr double kSineSpecial[] = {3.14159274101257324, 1.57079637050628662, 6.28318548202514648,
                                          355.0, 103993.0, 524288.0, 1e22, 1e300};
inline constexpr std::string_view kSineVariants[] = {"sine(w0=30)"};
inline const Definition kSine{
    .info = {.kind = Kind::Sine,
             .name = "sine",
             .summary = "sin(w0 x): periodic, SIREN's activation",
             .formula = "sin(w0 * x)",
             .formula_latex = R"(\sin(\omega_0 x))",
             .derivative = "w0 * cos(w0 * x)",
             .derivative_latex = R"(\omega_0 \cos(\omega_0 x))",
             .derivative_from_output = "",
             .range = "[-1, 1]",
             .kinks = "none; sin(+-inf) = NaN (no limit)",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = true, .saturating = "no",
                            .sparse = false},
             .params = kSineParams,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2,
             .seeds = "-",
             .reference = "Sitzmann et al. 2020 (SIREN)",
             .variants = kSineVariants},
    .f = [](auto x, const double* p) { return SineOf(x, p[0], false); },
    .df = [](auto x, const double* p) { return decltype(x)(p[0]) * SineOf(x, p[0], true); },
    .df_relative_at_roots = true,
    .special_x = kSineSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SINE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SINE_INL_H_
#undef ACTLAB_ACTIVATIONS_SINE_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SINE_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Sine : SmoothOp {
  // pi/2 = kPio2[0] + kPio2[1] + kPio2[2] + kPio2[3]; 2/pi.
  static constexpr double kPio2[] = {1.57079632673412561417e+00, 6.07710050630396597660e-11,
                                     2.02226624871116645580e-21, 8.47842766036889956997e-32};
  static constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  static constexpr double kVectorMax = 0x1p19;  // |th| below: k < 2^19, the products exact
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) { return SinOfProduct(d, x, p[0], 0); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) { return SinOfProduct(d, x, p[0], 1); }

  // sin(w0 x) (quarter 0) or w0 cos(w0 x) = w0 sin(w0 x + pi/2) (quarter 1), in double lanes
  // (float32 results come here in ForFloat lanes).
  template <class D>
  static V<D> SinOfProduct(D d, V<D> x, double w0, int quarter) {
    static_assert(!kIsFloat<D>, "float32 computes in double lanes");
    const V<D> w = Const(d, w0);
    const V<D> th = hn::Mul(w, x);
    const V<D> tl = w0 == 1 ? hn::Zero(d) : ProductError(d, w, x, th);
    // th = k pi/2 + (rh + rl).
    const V<D> k = hn::Round(hn::Mul(th, Const(d, kTwoOverPi)));
    const V<D> a = hn::NegMulAdd(k, Const(d, kPio2[0]), th);  // exact
    const auto [rh, re] = TwoSum<D>(a, hn::Neg(hn::Mul(k, Const(d, kPio2[1]))));
    const V<D> rl = hn::Add(hn::NegMulAdd(k, Const(d, kPio2[3]), hn::NegMulAdd(k, Const(d, kPio2[2]), re)), tl);
    const auto [h, l] = TwoSum<D>(rh, rl);
    // The quadrant q = (k + quarter) mod 4: sin, cos, -sin, -cos of the remainder.
    const V<D> kq = hn::Add(k, Const(d, double(quarter)));
    const V<D> q = hn::NegMulAdd(Const(d, 4.0), hn::Floor(hn::Mul(kq, Const(d, 0.25))), kq);
    const auto odd = hn::Or(hn::Eq(q, Const(d, 1.0)), hn::Eq(q, Const(d, 3.0)));
    const V<D> s = hn::IfThenElse(odd, KernelCos(d, h, l), KernelSin(d, h, l));
    const V<D> y = hn::Mul(quarter == 0 ? Const(d, 1.0) : w, hn::IfThenElse(hn::Ge(q, Const(d, 2.0)), hn::Neg(s), s));
    const auto rare = hn::Not(hn::Lt(hn::Abs(th), Const(d, kVectorMax)));  // and inf, NaN
    return ByLane(d, x, y, rare, [w0, quarter](double v) { return FarSin(v, w0, quarter, kForFloat<D>); });
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
  // sin(w0 x) or w0 cos(w0 x) for |w0 x| >= kVectorMax, inf and NaN. float32 results: th + tl
  // in double, sin th cos tl + cos th sin tl (glibc's double sine and cosine reduce the whole
  // range and are within an ULP of double, 2^-29 of float32). float64: the quad sine of the
  // exact product, w0 times cos rounded once.
  static double FarSin(double x, double w0, int quarter, bool for_float) {
    if (for_float) {
      const double th = w0 * x, tl = std::fma(w0, x, -th);
      const double s = std::sin(th), c = std::cos(th), st = std::sin(tl), ct = std::cos(tl);
      return quarter == 0 ? s * ct + c * st : w0 * (c * ct - s * st);
    }
    const Quad t = Quad(w0) * Quad(x);
    return quarter == 0 ? double(ref::sin(t)) : double(Quad(w0) * ref::cos(t));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
