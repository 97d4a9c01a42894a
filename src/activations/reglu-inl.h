// ReGLU: y = up * relu(gate) (Shazeer 2020), on glu's layouts (glu-inl.h). dgate = dy * up where
// gate > 0 and 0 elsewhere (relu's f'(0) = 0), dup = dy * relu(gate). Every result is one
// rounding of an exact product: correctly rounded.
#include "activations/glu-inl.h"
#include "activations/relu-inl.h"

#ifndef ACTLAB_ACTIVATIONS_REGLU_DEF_
#define ACTLAB_ACTIVATIONS_REGLU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr double kRegluSpecial[] = {0.0, -0.0};
inline const Definition kReglu{
    .info = {.kind = Kind::Reglu,
             .name = "reglu",
             .summary = "ReLU-gated linear unit: up * relu(gate)",
             .formula = "a * max(0, b), [a, b] = x (halves of each row); up * relu(gate)",
             .formula_latex = R"(a \otimes \max(0, b))",
             .derivative = "dgate = dy * up if gate > 0 else 0; dup = dy * relu(gate)",
             .derivative_latex = R"(\partial_b = a\,\mathbb{1}[b > 0],\ \partial_a = \max(0, b))",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "f'(0) = 0 in the gate (relu's); up = +-inf with gate <= 0 gives NaN (inf * 0)",
             .properties = {.monotonic = false, .smoothness = "C^0, kink at gate = 0",
                            .bounded_above = false, .bounded_below = false, .zero_centred = true,
                            .saturating = "the gate, left side", .sparse = true},
             .params = kGluParams,
             .layout = Layout::kGated,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "Shazeer 2020, GLU Variants Improve Transformer",
             .variants = {}},
    .f = [](auto x, const double*) { return x > 0 ? x : decltype(x)(0); },
    .df = [](auto x, const double*) { return decltype(x)(x > 0 ? 1 : 0); },
    .special_x = kRegluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_REGLU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_REGLU_INL_H_
#undef ACTLAB_ACTIVATIONS_REGLU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_REGLU_INL_H_
#endif
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Reglu : Relu {
  static constexpr bool kGated = true;
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
