// GELU: y = x Phi(x), Phi the standard normal CDF (approximate=none), or the tanh form
// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x sigmoid(2u) (approximate=tanh). Not in the
// seeds. Phi is computed in both tails without cancellation (see NormalCdf), so gelu(-10) is
// -7.6e-23, not 0, and gelu(-inf) = -0. f' = Phi(x) + x phi(x) (exact) or
// s + x s (1 - s) (2u)' with s = sigmoid(2u) (tanh form).

#ifndef ACTLAB_ACTIVATIONS_GELU_DEF_
#define ACTLAB_ACTIVATIONS_GELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr std::string_view kGeluChoices[] = {"none", "tanh"};
inline constexpr ParamInfo kGeluParams[] = {
    {.name = "approximate", .default_value = 0, .min = 0, .max = 1, .integer = true,
     .choices = kGeluChoices, .doc = "none (erf) or tanh"}};
inline constexpr double kGeluC1 = 1.5957691216057307593;  // 2 sqrt(2/pi)
inline constexpr double kGeluC2 = 0.044715;
template <class R>
R GeluTwoU(R x) { return kGeluC1 * (x + kGeluC2 * x * x * x); }
template <class R>
R NormalCdf(R x) { return ref::erfc(-x / ref::sqrt(R(2))) / 2; }
// p[0]: approximate (0 none, 1 tanh).
template <class R>
R GeluForward(R x, const double* p) {
  return ref::XTimes(x, p[0] == 0 ? NormalCdf(x) : ref::Sigmoid(GeluTwoU(x)));
}
template <class R>
R GeluDerivative(R x, const double* p) {
  if (p[0] == 0) {
    const R pdf = ref::exp(-x * x / 2) / ref::sqrt(2 * ref::Pi(x));
    return NormalCdf(x) + ref::XTimes(x, pdf);
  }
  const R v = GeluTwoU(x), dv = kGeluC1 * (1 + 3 * kGeluC2 * x * x);
  return ref::Sigmoid(v) + ref::XTimes(x * dv, ref::SigmoidDerivative(v));
}
inline constexpr std::string_view kGeluVariants[] = {"gelu(approximate=tanh)"};
inline const Definition kGelu{
    .info = {.kind = Kind::Gelu,
             .name = "gelu",
             .summary = "Gaussian error linear unit, x * Phi(x)",
             .formula = "x * Phi(x) = x/2 * (1 + erf(x / sqrt(2))); tanh: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))",
             .formula_latex = R"(x\,\Phi(x))",
             .derivative = "Phi(x) + x * phi(x)",
             .derivative_latex = R"(\Phi(x) + x\,\varphi(x))",
             .derivative_from_output = "",
             .range = "[-0.169971, inf)",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "left side (soft)", .sparse = false},
             .params = kGeluParams,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f64_backward = 2, .ulp_f32_fast = 4,
             .seeds = "-",
             .reference = "Hendrycks & Gimpel 2016",
             .variants = kGeluVariants},
    .f = [](auto x, const double* p) { return GeluForward(x, p); },
    .df = [](auto x, const double* p) { return GeluDerivative(x, p); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_GELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_GELU_INL_H_
#undef ACTLAB_ACTIVATIONS_GELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_GELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Gelu : SmoothOp {
  // Both forms round once from two parts in float32 (AVX-512) and float64.
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  // From this |x| on, Phi is 0 or 1 for every result it enters (e^(-x^2/2) below the type's
  // last bits); float32 clamps erfcx's argument just below (erfcx_f32-inl.h).
  template <class D>
  static constexpr double kErfFar = kIsFloat<D> ? 15.0 : 40.0;
  // c (xh + xl) = hi + lo for a constant c, the product's error kept; float lanes carry c in two
  // floats, so that 2u keeps double's precision where sigma(2u) is e^-100.
  template <class D>
  static Two<D> ConstProduct(D d, double c, V<D> xh, V<D> xl) {
    using T = hn::TFromD<D>;
    const V<D> ch = Const(d, c);
    const V<D> h = hn::Mul(ch, xh);
    V<D> l = hn::MulAdd(ch, xl, ProductError(d, ch, xh, h));
    if constexpr (kIsFloat<D>) l = hn::MulAdd(Const(d, c - double(T(c))), xh, l);
    return {h, l};
  }
  // 2u = 2 sqrt(2/pi) (x + 0.044715 x^3) = c1 x (1 + c2 x^2) as v + ve, every rounding error kept
  // (ProductError, TwoSum), so that sigma(v + ve) (LogisticOfSum) keeps its relative precision
  // where |2u| is in the hundreds.
  template <class D>
  static Two<D> TwoU(D d, V<D> x) {
    const V<D> x2 = hn::Mul(x, x), x2e = SquareError(d, x, x2);
    const auto [t, te] = ConstProduct(d, def::kGeluC2, x2, x2e);
    const auto [w, we] = TwoSum<D>(Const(d, 1.0), t);
    const V<D> p = hn::Mul(x, w), pe = hn::MulAdd(x, hn::Add(we, te), ProductError(d, x, w, p));
    const auto [v, ve] = ConstProduct(d, def::kGeluC1, p, pe);
    return {v, hn::IfThenElseZero(hn::IsFinite(ve), ve)};  // where v overflows, the error terms do too
  }
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      if (p[0] == 0) {  // x Phi(x); -0 and x from |x| = kErfFar on
        const V<D> y = parts::Times(d, x, parts::NormalCdf(d, x));
        return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kErfFar<D>)), hn::Max(Const(d, -0.0), x), y);
      }
      const auto [v, ve] = TwoU(d, x);  // x sigma(v + ve); -0 and x where |v| >= kFar
      const V<D> y = parts::Times(d, x, parts::LogisticOfSum(d, v, ve));
      return hn::IfThenElse(hn::Ge(hn::Abs(v), Const(d, parts::kFar<D>)), hn::Max(Const(d, -0.0), x), y);
    } else {
      if (p[0] == 0) return XTimes(d, x, NormalCdf(d, x));
      const auto [v, ve] = TwoU(d, x);
      return XTimes(d, x, LogisticOfSum(d, Logistic(d, v), ve));
    }
  }
  // The fast tier: x Phi(x) and its derivative (fast::XNormalCdf, XNormalCdfSlope), or x
  // sigma(2u) and sigma(2u) + x (2u)' sigma'(2u) with 2u and x (2u)' in two parts as in the
  // exact tier (their error terms are what keep sigma's relative precision).
  template <class D>
  static V<D> FastForward(D d, V<D> x, const double* p) {
    if (p[0] == 0) return fast::XNormalCdf(d, x);
    const auto [v, ve] = TwoU(d, x);
    return fast::XLogisticOfSum(d, x, v, ve);
  }
  template <class D>
  static V<D> FastDerivative(D d, V<D> x, const double* p) {
    if (p[0] == 0) return fast::XNormalCdfSlope(d, x);
    const auto [v, ve] = TwoU(d, x);
    const auto [mh, ml] = XTimesSlopeOfTwoU(d, x);
    return fast::LogisticPlusSlopeTimes(d, v, ve, mh, ml);
  }
  // x (2u)' = x c1 (1 + 3 c2 x^2) as hi + lo, every rounding error kept.
  template <class D>
  static Two<D> XTimesSlopeOfTwoU(D d, V<D> x) {
    const V<D> one = Const(d, 1.0), three = Const(d, 3.0);
    const V<D> x2 = hn::Mul(x, x), x2e = SquareError(d, x, x2);
    const auto [t, te] = ConstProduct(d, def::kGeluC2, x2, x2e);
    const V<D> t3 = hn::Mul(three, t);
    const V<D> t3e = hn::MulAdd(three, te, ProductError(d, three, t, t3));
    const auto [w, we] = TwoSum<D>(one, t3);
    const auto [dvh, dvl] = ConstProduct(d, def::kGeluC1, w, hn::Add(we, t3e));
    const V<D> mh = hn::Mul(x, dvh);
    return {mh, hn::MulAdd(x, dvl, ProductError(d, x, dvh, mh))};
  }
  // sigma(2u) + x (2u)' sigma'(2u).
  template <class D>
  static V<D> TanhFormDerivativeInParts(D d, V<D> x) {
    const auto [v, ve] = TwoU(d, x);
    const auto [mh, ml] = XTimesSlopeOfTwoU(d, x);
    return parts::LogisticPlusSlopeTimes(d, v, ve, mh, ml);
  }
  // Phi(x) + x phi(x), phi = e^(-x^2/2) / sqrt(2 pi) in two parts, the product and the sum
  // carried with their errors on Phi's scale; 1 and 0 from |x| = kErfFar on.
  template <class D>
  static V<D> ErfFormDerivativeInParts(D d, V<D> x) {
    const V<D> limit = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
    return hn::IfThenElse(hn::Ge(hn::Abs(x), Const(d, kErfFar<D>)), limit, parts::Round(d, ErfFormDerivativeParts(d, x)));
  }
  // The same before its rounding, for |x| < kErfFar.
  template <class D>
  static Parts<D> ErfFormDerivativeParts(D d, V<D> x) {
    // float32: e^(-x^2/2) of the same clamped |x| as NormalCdf's, which the compiler then shares.
    const Parts<D> cdf = parts::NormalCdf(d, x);
    const Parts<D> g = parts::Gaussian(d, kIsFloat<D> ? hn::Min(hn::Abs(x), Const(d, kErfcxLast)) : x);
    // 1/sqrt(2 pi) = ch + cl in two parts of the lane type.
    constexpr double kC = 0x1.9884533d43651p-2, kCLo = -0x1.cbc0d30ebfd15p-56;
    constexpr double ch = double(hn::TFromD<D>(kC)), cl = kIsFloat<D> ? kC - ch : kCLo;
    Two<D> pdf = TwoProduct(d, g.hi, Const(d, ch));
    pdf.lo = hn::MulAdd(g.hi, Const(d, cl), hn::MulAdd(g.lo, Const(d, ch), pdf.lo));
    const auto [mh, m_err] = TwoProduct(d, x, pdf.hi);
    const V<D> ml = hn::MulAdd(x, pdf.lo, m_err);
    const V<D> k = hn::Sub(g.k, cdf.k);
    const auto [sum, err] = TwoSum<D>(cdf.hi, parts::Scale(d, mh, k));
    return {sum, hn::Add(hn::Add(err, cdf.lo), parts::Scale(d, ml, k)), cdf.k};
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kInParts<D>) {
      return p[0] == 0 ? ErfFormDerivativeInParts(d, x) : TanhFormDerivativeInParts(d, x);
    } else {
      if (p[0] == 0) return hn::Add(NormalCdf(d, x), XTimes(d, x, NormalPdf(d, x)));
      const auto [v, ve] = TwoU(d, x);
      const V<D> s = Logistic(d, v);
      const V<D> slope = LogisticSlopeOfSum(d, s, LogisticSlope(d, v), ve);
      const V<D> dv = hn::MulAdd(Const(d, 3 * def::kGeluC1 * def::kGeluC2), hn::Mul(x, x), Const(d, def::kGeluC1));
      return hn::Add(LogisticOfSum(d, s, ve), XTimes(d, hn::Mul(x, dv), slope));
    }
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
