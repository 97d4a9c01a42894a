// Heaviside step: y = 1 for x > 0, 0 for x < 0, `value` at x = 0 (as torch.heaviside's
// `values`); f' = 0 everywhere, the step that playgrounds offer (a network of steps learns
// nothing by gradient descent: the lab's point). Not in the seeds.

#ifndef ACTLAB_ACTIVATIONS_HEAVISIDE_DEF_
#define ACTLAB_ACTIVATIONS_HEAVISIDE_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kHeavisideParams[] = {
    {.name = "value", .default_value = 0.0, .min = 0, .max = 1, .doc = "output at x = 0 (and -0)"}};
inline constexpr std::string_view kHeavisideVariants[] = {"heaviside(value=0.5)"};
inline constexpr double kHeavisideSpecial[] = {0.0, -0.0, 0x1p-149, -0x1p-149};
inline const Definition kHeaviside{
    .info = {.kind = Kind::Heaviside,
             .name = "heaviside",
             .summary = "unit step: 1 for positive input, 0 for negative",
             .formula = "1 if x > 0, value if x = 0, else 0",
             .formula_latex = R"(\mathbb{1}[x > 0])",
             .derivative = "0",
             .derivative_latex = R"(0)",
             .derivative_from_output = "0",
             .range = "{0, value, 1}",
             .kinks = "jump at 0 (f' = 0 there by convention, as everywhere)",
             .properties = {.monotonic = true, .smoothness = "discontinuous at 0",
                            .bounded_above = true, .bounded_below = true, .zero_centred = false,
                            .saturating = "both sides (f' = 0 everywhere: no gradient)",
                            .sparse = true},
             .params = kHeavisideParams,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "McCulloch & Pitts 1943 (threshold unit); torch.heaviside",
             .variants = kHeavisideVariants},
    .f = [](auto x, const double* p) {
      using R = decltype(x);
      return x > 0 ? R(1) : x < 0 ? R(0) : R(p[0]);
    },
    .df = [](auto x, const double*) { return decltype(x)(0); },
    .df_from_y = [](auto y, const double*) { return decltype(y)(0); },
    .special_x = kHeavisideSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_HEAVISIDE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_HEAVISIDE_INL_H_
#undef ACTLAB_ACTIVATIONS_HEAVISIDE_INL_H_
#else
#define ACTLAB_ACTIVATIONS_HEAVISIDE_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Heaviside : ExactOp {
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    const V<D> step = hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), Const(d, 1.0));
    return hn::IfThenElse(hn::Eq(x, hn::Zero(d)), Const(d, p[0]), step);
  }
  template <class D>
  static V<D> Derivative(D d, V<D>, const double*) { return hn::Zero(d); }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D>, const double*) { return hn::Zero(d); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
