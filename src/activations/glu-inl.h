// GLU: y = a * sigmoid(b), the gated linear unit of Dauphin et al. 2017, and the pattern of the
// whole family (reglu, geglu, swiglu: Shazeer 2020): y = up * f(gate). Either two inputs of one
// size (`gated_forward(gate, up, y)`: the gate and up projections of a transformer's MLP), or x
// whose rows of `dim` elements split in halves as PyTorch's F.glu(x, -1) splits them: up (a) is
// the first half, the gate (b) the second, and y has half of x's elements. Backward gives both
// halves: dgate = dy * up * f'(gate), dup = dy * f(gate); f' needs the gate, so there is no
// backward from y. The definitions below hold the gate's f; the kernels (kernels/gated-inl.h)
// form the products.
#include "activations/sigmoid-inl.h"

#ifndef ACTLAB_ACTIVATIONS_GLU_DEF_
#define ACTLAB_ACTIVATIONS_GLU_DEF_
#include "definition.h"
namespace actlab::def {
// Every gated activation's last parameter.
inline constexpr ParamInfo kGatedDim = {
    .name = "dim", .default_value = 0, .min = 0, .max = 1e15, .integer = true,
    .doc = "row length of x (size of its last axis, even): up its first half, the gate the second; 0: the whole input"};
inline constexpr ParamInfo kGluParams[] = {kGatedDim};
inline constexpr std::string_view kGluVariants[] = {"glu(dim=6)"};
inline const Definition kGlu{
    .info = {.kind = Kind::Glu,
             .name = "glu",
             .summary = "gated linear unit: up * sigmoid(gate), x split in halves",
             .formula = "a * sigmoid(b), [a, b] = x (halves of each row); up * sigmoid(gate)",
             .formula_latex = R"(a \otimes \sigma(b))",
             .derivative = "dgate = dy * up * s (1 - s), s = sigmoid(gate); dup = dy * s",
             .derivative_latex = R"(\partial_b = a\,\sigma(b)(1-\sigma(b)),\ \partial_a = \sigma(b))",
             .derivative_from_output = "",
             .range = "(-inf, inf); |y| < |up|",
             .kinks = "none; up = +-inf with a gate of sigmoid 0 gives NaN (inf * 0)",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = false,
                            .bounded_below = false, .zero_centred = true,
                            .saturating = "the gate, both sides", .sparse = false},
             .params = kGluParams,
             .layout = Layout::kGated,
             .ulp_f32 = 1, .ulp_f64 = 2, .ulp_f64_backward = 3,
             .seeds = "-",
             .reference = "Dauphin et al. 2017; torch.nn.functional.glu",
             .variants = kGluVariants},
    .f = [](auto x, const double*) { return ref::Sigmoid(x); },
    .df = [](auto x, const double*) { return ref::SigmoidDerivative(x); },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_GLU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_GLU_INL_H_
#undef ACTLAB_ACTIVATIONS_GLU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_GLU_INL_H_
#endif
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Glu : Sigmoid {
  static constexpr bool kGated = true;
  // float32 on AVX-512 (kernels/gated-inl.h): sigma and sigma' in parts, each product with up
  // (and dy) rounded once. Beyond |gate| = kFar, where e^-|gate| leaves the exponential's range
  // but up times it may not, the lanes go to double.
  static bool PartsCover(const double*) { return true; }
  template <class D>
  static hn::Mask<D> RareGate(D d, V<D> g, const double*) { return hn::Ge(hn::Abs(g), Const(d, parts::kFar<D>)); }
  template <class D>
  static V<D> GatedForward(D d, V<D> g, V<D> up, const double*) { return parts::Times(d, up, parts::Logistic(d, g)); }
  template <class D>
  static VecPair<D> GatedBackward(D d, V<D> g, V<D> up, V<D> dy, const double*) {
    const auto [sig, slope] = parts::LogisticAndSlope(d, g);
    const V<D> m = hn::Mul(dy, up);
    return {parts::TimesTwo(d, Two<D>{m, ProductError(d, dy, up, m)}, slope), parts::Times(d, dy, sig)};
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
