// PReLU: leaky ReLU whose slope a is learned, one shared or one per channel on an
// (outer, channels, inner) layout (PyTorch: channel dim 1). dL/da = sum over x <= 0 of dy * x
// (0 at x = 0). Seeds 001, 004; seed 001 calls a a hyperparameter (S10): it is a weight, and
// weight decay should not apply to it. Forward, f' and the kink convention are leaky_relu's.
#include "activations/leaky_relu-inl.h"

#ifndef ACTLAB_ACTIVATIONS_PRELU_DEF_
#define ACTLAB_ACTIVATIONS_PRELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kPreluParams[] = {
    {.name = "init", .default_value = 0.25, .min = -1e300, .max = 1e300,
     .doc = "initial slope of every channel"},
    {.name = "num_parameters", .default_value = 1, .min = 1, .max = 1 << 24, .integer = true,
     .doc = "1 (shared) or the number of channels"},
    {.name = "inner", .default_value = 1, .min = 1, .max = 1e15, .integer = true,
     .doc = "elements per channel block: the product of the dims after the channel dim"}};
inline constexpr std::string_view kPreluVariants[] = {"prelu(init=0.1)"};
inline const Definition kPrelu{
    .info = {.kind = Kind::Prelu,
             .name = "prelu",
             .summary = "leaky ReLU with a learned slope (per channel)",
             .formula = "x if x > 0 else a * x, a learned",
             .formula_latex = R"(\max(0,x) + a\min(0,x))",
             .derivative = "1 if x > 0 else a; df/da = 0 if x > 0 else x",
             .derivative_latex = R"(\partial_x f = 1 \text{ or } a,\quad \partial_a f = \min(0, x))",
             .derivative_from_output = "1 if y > 0 else a (needs every a > 0)",
             .range = "(-inf, inf)",
             .kinks = "f'(0) = a, df/da(0) = 0 (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kink at 0",
                            .bounded_above = false, .bounded_below = false,
                            .zero_centred = false, .saturating = "no", .sparse = false},
             .params = kPreluParams,
             .learnable = "slopes a, one per channel (weights())",
             .layout = Layout::kChannels,
             .ulp_f32 = 0, .ulp_f64 = 1,
             .seeds = "001 004",
             .reference = "He et al. 2015",
             .variants = kPreluVariants},
    .f = LeakyReluForward,
    .df = LeakyReluDerivative,
    .df_from_y = [](auto y, const double* p) { return y > 0 ? decltype(y)(1) : decltype(y)(p[0]); },
    .from_output_valid = [](const double* p) { return p[0] > 0; },
    .dparam = [](auto x, const double*) { return x > 0 ? decltype(x)(0) : x; },
    .special_x = kLeakyReluSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_PRELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_PRELU_INL_H_
#undef ACTLAB_ACTIVATIONS_PRELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_PRELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
// params[0] is the channel's slope: the driver runs this once per (outer, channel) block.
struct Prelu : LeakyRelu {
  static constexpr bool kChannels = true;
  template <class D>
  static V<D> ParamDerivative(D d, V<D> x, const double*) {
    return hn::IfThenZeroElse(hn::Gt(x, hn::Zero(d)), x);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
