// GeGLU: y = up * gelu(gate) (Shazeer 2020; T5 v1.1, Gemma), gelu's erf form or its tanh form
// (approximate=tanh, Gemma's), on glu's layouts (glu-inl.h). dgate = dy * up * gelu'(gate),
// dup = dy * gelu(gate).
#include "activations/gelu-inl.h"
#include "activations/glu-inl.h"

#ifndef ACTLAB_ACTIVATIONS_GEGLU_DEF_
#define ACTLAB_ACTIVATIONS_GEGLU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kGegluParams[] = {kGeluParams[0], kGatedDim};
inline constexpr std::string_view kGegluVariants[] = {"geglu(approximate=tanh)"};
inline const Definition kGeglu{
    .info = {.kind = Kind::Geglu,
             .name = "geglu",
             .summary = "GELU-gated linear unit: up * gelu(gate)",
             .formula = "a * gelu(b), [a, b] = x (halves of each row); up * gelu(gate)",
             .formula_latex = R"(a \otimes b\,\Phi(b))",
             .derivative = "dgate = dy * up * (Phi(gate) + gate * phi(gate)); dup = dy * gelu(gate)",
             .derivative_latex = R"(\partial_b = a\,(\Phi(b) + b\,\varphi(b)),\ \partial_a = b\,\Phi(b))",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "none; up = +-inf with gate = 0 or -inf gives NaN (inf * 0)",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true,
                            .saturating = "the gate, left side (soft)", .sparse = false},
             .params = kGegluParams,
             .layout = Layout::kGated,
             .ulp_f32 = 1, .ulp_f64 = 2, .ulp_f64_backward = 3,
             .seeds = "-",
             .reference = "Shazeer 2020, GLU Variants Improve Transformer",
             .variants = kGegluVariants},
    .f = [](auto x, const double* p) { return GeluForward(x, p); },
    .df = [](auto x, const double* p) { return GeluDerivative(x, p); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_GEGLU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_GEGLU_INL_H_
#undef ACTLAB_ACTIVATIONS_GEGLU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_GEGLU_INL_H_
#endif
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Geglu : Gelu {
  static constexpr bool kGated = true;
  // float32 on AVX-512 (kernels/gated-inl.h): gelu's value and slope in parts, each product
  // with up (and dy) rounded once. Gates below 2^-50 (which would lose the product's error
  // term) and beyond |gate| = 10 go to double: there gelu's tails, e^-50 and less, carried in
  // float parts lose bits that up and dy then scale into view (2.7 ULP at -14.99 on the tests'
  // sweep), and the tanh form's 2u (87 at 10) nears the exponential's range.
  static bool PartsCover(const double*) { return true; }
  template <class D>
  static hn::Mask<D> RareGate(D d, V<D> g, const double*) {
    const V<D> a = hn::Abs(g);
    return hn::Or(hn::Ge(a, Const(d, 10.0)), hn::And(hn::Lt(a, Const(d, 0x1p-50)), hn::Gt(a, hn::Zero(d))));
  }
  template <class D>
  static Parts<D> ValueParts(D d, V<D> g, const double* p) {
    if (p[0] == 0) return parts::TimesParts(d, g, parts::NormalCdf(d, g));
    const auto [v, ve] = TwoU(d, g);
    return parts::TimesParts(d, g, parts::LogisticOfSum(d, v, ve));
  }
  template <class D>
  static V<D> GatedForward(D d, V<D> g, V<D> up, const double* p) { return parts::Times(d, up, ValueParts(d, g, p)); }
  template <class D>
  static VecPair<D> GatedBackward(D d, V<D> g, V<D> up, V<D> dy, const double* p) {
    const V<D> m = hn::Mul(dy, up);
    Parts<D> slope;
    if (p[0] == 0) {
      slope = ErfFormDerivativeParts(d, g);
    } else {
      const auto [v, ve] = TwoU(d, g);
      const auto [mh, ml] = XTimesSlopeOfTwoU(d, g);
      slope = parts::LogisticPlusSlopeTimesParts(d, v, ve, mh, ml);
    }
    return {parts::TimesTwo(d, Two<D>{m, ProductError(d, dy, up, m)}, slope), parts::Times(d, dy, ValueParts(d, g, p))};
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
