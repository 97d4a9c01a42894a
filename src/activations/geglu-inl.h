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
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
