// SwiGLU: y = up * swish_beta(gate) = up * gate * sigmoid(beta gate) (Shazeer 2020; PaLM,
// LLaMA with beta = 1, silu), on glu's layouts (glu-inl.h). dgate = dy * up * swish'(gate),
// dup = dy * swish(gate). beta is a constant here (swish's own is learnable).
#include "activations/glu-inl.h"
#include "activations/swish-inl.h"

#ifndef ACTLAB_ACTIVATIONS_SWIGLU_DEF_
#define ACTLAB_ACTIVATIONS_SWIGLU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kSwigluParams[] = {
    {.name = "beta", .default_value = 1.0, .min = 0, .max = 1e300, .doc = "the gate's sharpness (1: silu)"},
    kGatedDim};
inline constexpr std::string_view kSwigluVariants[] = {"swiglu(beta=1.7)"};
inline const Definition kSwiglu{
    .info = {.kind = Kind::Swiglu,
             .name = "swiglu",
             .summary = "swish-gated linear unit: up * silu(gate) (beta = 1)",
             .formula = "a * b * sigmoid(beta b), [a, b] = x (halves of each row); up * swish(gate)",
             .formula_latex = R"(a \otimes b\,\sigma(\beta b))",
             .derivative = "dgate = dy * up * (s + beta*gate*s*(1-s)), s = sigmoid(beta*gate); dup = dy * gate * s",
             .derivative_latex = R"(\partial_b = a\,(\sigma(\beta b) + \beta b\,\sigma'(\beta b)),\ \partial_a = b\,\sigma(\beta b))",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "none; up = +-inf with gate = 0 or -inf gives NaN (inf * 0)",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true,
                            .saturating = "the gate, left side (soft)", .sparse = false},
             .params = kSwigluParams,
             .layout = Layout::kGated,
             .ulp_f32 = 1, .ulp_f64 = 2, .ulp_f64_backward = 3,
             .seeds = "-",
             .reference = "Shazeer 2020, GLU Variants Improve Transformer",
             .variants = kSwigluVariants},
    .f = [](auto x, const double* p) { return SwishForward(x, p); },
    .df = [](auto x, const double* p) { return SwishDerivative(x, p); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SWIGLU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SWIGLU_INL_H_
#undef ACTLAB_ACTIVATIONS_SWIGLU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SWIGLU_INL_H_
#endif
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Swiglu : Swish {
  static constexpr bool kGated = true;
  // float32 on AVX-512 for beta = 1 (silu, kernels/gated-inl.h): gate sigma(gate) and its
  // derivative in parts, each product with up (and dy) rounded once. Gates below 2^-50 (which
  // would lose the product's error term) and beyond kFar (where e^-|gate| leaves the
  // exponential's range but up times it may not) go to double.
  static bool PartsCover(const double* p) { return p[0] == 1.0; }
  template <class D>
  static hn::Mask<D> RareGate(D d, V<D> g, const double*) {
    const V<D> a = hn::Abs(g);
    return hn::Or(hn::Ge(a, Const(d, parts::kFar<D>)), hn::And(hn::Lt(a, Const(d, 0x1p-50)), hn::Gt(a, hn::Zero(d))));
  }
  // silu(gate) = gate sigma(gate) before its rounding.
  template <class D>
  static Parts<D> ValueParts(D d, V<D> g) { return parts::TimesParts(d, g, parts::Logistic(d, g)); }
  template <class D>
  static V<D> GatedForward(D d, V<D> g, V<D> up, const double*) { return parts::Times(d, up, ValueParts(d, g)); }
  template <class D>
  static VecPair<D> GatedBackward(D d, V<D> g, V<D> up, V<D> dy, const double*) {
    const V<D> m = hn::Mul(dy, up);
    return {parts::TimesTwo(d, Two<D>{m, ProductError(d, dy, up, m)}, parts::XLogisticSlopeParts(d, g)),
            parts::Times(d, dy, ValueParts(d, g))};
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
