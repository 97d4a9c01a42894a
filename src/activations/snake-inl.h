// Snake: y = x + sin^2(alpha x) / alpha (Ziyin, Hartwig & Ueda 2020), alpha learnable: a
// monotonic activation with a periodic part, for data with periodic structure (BigVGAN's audio
// layers). f' = 1 + sin(2 alpha x) >= 0 touches 0 at 2 alpha x = -pi/2 + 2 k pi; there
// 1 - cos r = 2 sin^2(r/2) of the reduced argument keeps f' to its relative precision.
// df/dalpha = x sin(2 alpha x) / alpha - sin^2(alpha x) / alpha^2. Not in the seeds.
//
// Both reductions are sine's (math/trig-inl.h). Beyond |2 alpha x| = 2^19, lane by lane: f from
// double sine and cosine of the product's parts (the sine's share of f is below 2^-19 of x there),
// f' and df/dalpha from the quad sine of the exact product.

#include <cmath>

#ifndef ACTLAB_ACTIVATIONS_SNAKE_DEF_
#define ACTLAB_ACTIVATIONS_SNAKE_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSnakeParams[] = {
    {.name = "alpha", .default_value = 1.0, .min = 0, .max = 1e4, .min_inclusive = false,
     .doc = "frequency of the periodic part; learnable (param_grad gives dL/dalpha)"}};
template <class R>
R SnakeForward(R x, const double* p) {
  if (ref::isinf(x)) return x;  // the periodic part is bounded
  const R s = ref::SinOfProduct(x, p[0], false);
  return x + s * s / R(p[0]);
}
// 1 + sin(2 alpha x): in quad, whose sine of the exact product is good to 2^-113 absolute, which
// the double reference is not where f' is small (double's sine is 2^-53 absolute).
template <class R>
R SnakeDerivative(R x, const double* p) {
  if (ref::isinf(x)) return x - x;  // NaN: no limit
  const Quad t = 2 * Quad(p[0]) * Quad(x);
  return R(1 + ref::sin(t));
}
inline constexpr double kSnakeSpecial[] = {-0.78539818525314331, 2.35619449615478516, -3.92699074745178223,
                                           0.78539818525314331, 262144.0, 1e22, 1e300};
inline constexpr std::string_view kSnakeVariants[] = {"snake(alpha=0.5)", "snake(alpha=7.3)"};
inline const Definition kSnake{
    .info = {.kind = Kind::Snake,
             .name = "snake",
             .summary = "x + sin^2(alpha x) / alpha: monotonic with a periodic part, alpha learnable",
             .formula = "x + sin(alpha * x)^2 / alpha",
             .formula_latex = R"(x + \frac{\sin^2(\alpha x)}{\alpha})",
             .derivative = "1 + sin(2 alpha x); df/dalpha = x sin(2 alpha x) / alpha - sin(alpha x)^2 / alpha^2",
             .derivative_latex = R"(1 + \sin(2\alpha x))",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "none; f'(+-inf) = NaN (no limit), f(+-inf) = +-inf",
             .properties = {.monotonic = true, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = false, .saturating = "no",
                            .sparse = false},
             .params = kSnakeParams,
             .learnable = "alpha",
             .ulp_f32 = 1, .ulp_f64 = 6, .ulp_f64_backward = 3,
             .seeds = "-",
             .reference = "Ziyin, Hartwig & Ueda 2020",
             .variants = kSnakeVariants},
    .f = [](auto x, const double* p) { return SnakeForward(x, p); },
    .df = [](auto x, const double* p) { return SnakeDerivative(x, p); },
    .dparam = [](auto x, const double* p) {
      using R = decltype(x);
      const R a = R(p[0]), s = ref::SinOfProduct(x, p[0], false), c = ref::SinOfProduct(x, p[0], true);
      return ref::isinf(x) ? x - x : s * (2 * x * c - s / a) / a;
    },
    .df_relative_at_roots = true,
    .special_x = kSnakeSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SNAKE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SNAKE_INL_H_
#undef ACTLAB_ACTIVATIONS_SNAKE_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SNAKE_INL_H_
#endif
#include "math/functions-inl.h"
#include "math/trig-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Snake : SmoothOp {
  // sin and cos of alpha x from one reduction (double lanes).
  template <class D>
  struct SinCos {
    V<D> s, c;
    hn::Mask<D> far;
  };
  template <class D>
  static SinCos<D> SinCosOf(D d, V<D> x, double alpha) {
    const auto r = Trig::Reduce(d, x, alpha);
    const V<D> q = Trig::Quadrant(d, r.k, 0);
    const V<D> ks = Trig::KernelSin(d, r.h, r.l), kc = Trig::KernelCos(d, r.h, r.l);
    const auto odd = hn::Or(hn::Eq(q, Const(d, 1.0)), hn::Eq(q, Const(d, 3.0)));
    // sin: sin, cos, -sin, -cos by quadrant; cos: cos, -sin, -cos, sin.
    const V<D> s = hn::IfThenElse(odd, kc, ks), c = hn::IfThenElse(odd, hn::Neg(ks), kc);
    const auto negate = hn::Ge(q, Const(d, 2.0));
    return {hn::IfThenElse(negate, hn::Neg(s), s), hn::IfThenElse(negate, hn::Neg(c), c), Trig::Far(d, r.th)};
  }

  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    const double alpha = p[0];
    const auto sc = SinCosOf(d, x, alpha);
    const V<D> y = hn::MulAdd(hn::Mul(sc.s, sc.s), Const(d, 1 / alpha), x);
    // Beyond the reduction (and +-inf, NaN): f = x + s^2 / alpha with glibc's double sine of the
    // product's parts; x = +-inf gives +-inf (s^2 / alpha is bounded), NaN stays NaN.
    return Trig::ByLane(d, x, y, sc.far, [alpha](double v) {
      if (!std::isfinite(v)) return v;
      const double th = alpha * v, tl = std::fma(alpha, v, -th);
      if (!std::isfinite(th)) return v;  // s^2 / alpha is far below half an ULP of v
      const double s = std::sin(th) * std::cos(tl) + std::cos(th) * std::sin(tl);
      return v + s * s / alpha;
    });
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    const double alpha = p[0];
    const auto r = Trig::Reduce(d, x, 2 * alpha);
    const V<D> q = Trig::Quadrant(d, r.k, 0);
    const V<D> one = Const(d, 1.0);
    // 1 + sin(2 alpha x) by quadrant: 1 + sin r, 1 + cos r, 1 - sin r, 1 - cos r = 2 sin^2(r/2).
    const V<D> ks = Trig::KernelSin(d, r.h, r.l), kc = Trig::KernelCos(d, r.h, r.l);
    const V<D> half = Trig::KernelSin(d, hn::Mul(r.h, Const(d, 0.5)), hn::Mul(r.l, Const(d, 0.5)));
    V<D> y = hn::Add(one, ks);
    y = hn::IfThenElse(hn::Eq(q, one), hn::Add(one, kc), y);
    y = hn::IfThenElse(hn::Eq(q, Const(d, 2.0)), hn::Sub(one, ks), y);
    y = hn::IfThenElse(hn::Eq(q, Const(d, 3.0)), hn::Mul(Const(d, 2.0), hn::Mul(half, half)), y);
    return Trig::ByLane(d, x, y, Trig::Far(d, r.th), [alpha](double v) {
      if (!std::isfinite(v)) return std::nan("");
      return double(1 + ref::sin(2 * Quad(alpha) * Quad(v)));
    });
  }
  template <class D>
  static V<D> ParamDerivative(D d, V<D> x, const double* p) {
    const double alpha = p[0];
    const auto sc = SinCosOf(d, x, alpha);
    const V<D> inner = hn::Sub(hn::Mul(hn::Mul(Const(d, 2.0), x), sc.c), hn::Mul(sc.s, Const(d, 1 / alpha)));
    const V<D> y = hn::Mul(hn::Mul(sc.s, inner), Const(d, 1 / alpha));
    return Trig::ByLane(d, x, y, sc.far, [alpha](double v) {
      if (!std::isfinite(v)) return std::nan("");
      const Quad t = Quad(alpha) * Quad(v), s = ref::sin(t), c = ref::cos(t);  // the exact product
      return double(s * (2 * Quad(v) * c - s / Quad(alpha)) / Quad(alpha));
    });
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
