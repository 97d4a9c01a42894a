// Sine: y = sin(w0 x), f' = w0 cos(w0 x): SIREN's activation (Sitzmann et al. 2020, w0 = 30 in
// the first layer) and a playground classic. Periodic, so f' is not a function of y. Not in the
// seeds.
//
// The bound holds on the whole line: math/trig-inl.h reduces w0 x for |w0 x| < 2^19; beyond, lane
// by lane, float32 results from double sin and cos of the product's two parts, float64 from the
// quad sine of the exact product (libquadmath's Payne-Hanek reduction).

#include <cmath>

#ifndef ACTLAB_ACTIVATIONS_SINE_DEF_
#define ACTLAB_ACTIVATIONS_SINE_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSineParams[] = {
    {.name = "w0", .default_value = 1.0, .min = 0, .max = 1e4, .min_inclusive = false,
     .doc = "frequency (SIREN's first layer: 30)"}};
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
    .f = [](auto x, const double* p) { return ref::SinOfProduct(x, p[0], false); },
    .df = [](auto x, const double* p) { return decltype(x)(p[0]) * ref::SinOfProduct(x, p[0], true); },
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
#include "math/trig-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Sine : SmoothOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) { return SinOfProduct(d, x, p[0], 0); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) { return SinOfProduct(d, x, p[0], 1); }

  // sin(w0 x) (quarter 0) or w0 cos(w0 x) = w0 sin(w0 x + pi/2) (quarter 1), in double lanes
  // (float32 results come here in ForFloat lanes).
  template <class D>
  static V<D> SinOfProduct(D d, V<D> x, double w0, int quarter) {
    const auto r = Trig::Reduce(d, x, w0);
    const V<D> q = Trig::Quadrant(d, r.k, quarter);
    const auto odd = hn::Or(hn::Eq(q, Const(d, 1.0)), hn::Eq(q, Const(d, 3.0)));
    const V<D> s = hn::IfThenElse(odd, Trig::KernelCos(d, r.h, r.l), Trig::KernelSin(d, r.h, r.l));
    const V<D> y = hn::Mul(quarter == 0 ? Const(d, 1.0) : Const(d, w0), hn::IfThenElse(hn::Ge(q, Const(d, 2.0)), hn::Neg(s), s));
    return Trig::ByLane(d, x, y, Trig::Far(d, r.th), [w0, quarter](double v) { return FarSin(v, w0, quarter, kForFloat<D>); });
  }

  // sin(w0 x) or w0 cos(w0 x) for |w0 x| >= Trig::kVectorMax, inf and NaN. float32 results: th + tl
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
