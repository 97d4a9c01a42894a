// Hardtanh: y = clamp(x, min_val, max_val); f' = 1 strictly inside, 0 outside and at both ends
// (PyTorch). Not in the seeds; PyTorch's nn.Hardtanh. Computed in double for float32 so the
// bounds compare as the double parameters they are.

#ifndef ACTLAB_ACTIVATIONS_HARDTANH_DEF_
#define ACTLAB_ACTIVATIONS_HARDTANH_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kHardtanhParams[] = {
    {.name = "min_val", .default_value = -1.0, .min = -1e300, .max = 1e300, .doc = "lower bound"},
    {.name = "max_val", .default_value = 1.0, .min = -1e300, .max = 1e300,
     .doc = "upper bound, greater than min_val"}};
inline constexpr double kHardtanhSpecial[] = {-1.0, 1.0};
inline constexpr std::string_view kHardtanhVariants[] = {"hardtanh(min_val=-2, max_val=3)"};
inline const Definition kHardtanh{
    .info = {.kind = Kind::Hardtanh,
             .name = "hardtanh",
             .summary = "tanh replaced by a clamp to [min_val, max_val]",
             .formula = "min(max(x, min_val), max_val)",
             .formula_latex = R"(\min(\max(x, a), b))",
             .derivative = "1 if min_val < x < max_val else 0",
             .derivative_latex = R"(\mathbb{1}[a<x<b])",
             .derivative_from_output = "1 if min_val < y < max_val else 0",
             .range = "[min_val, max_val]",
             .kinks = "f' = 0 at both bounds (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kinks at the bounds",
                            .bounded_above = true, .bounded_below = true,
                            .zero_centred = true, .saturating = "both sides (hard)",
                            .sparse = false},
             .params = kHardtanhParams,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "Collobert 2004",
             .variants = kHardtanhVariants},
    .f = [](auto x, const double* p) { return x < p[0] ? decltype(x)(p[0]) : x > p[1] ? decltype(x)(p[1]) : x; },
    .df = [](auto x, const double* p) { return decltype(x)(x > p[0] && x < p[1] ? 1 : 0); },
    .df_from_y = [](auto y, const double* p) { return decltype(y)(y > p[0] && y < p[1] ? 1 : 0); },
    .special_x = kHardtanhSpecial,
    .check = [](const double* p) -> const char* {
      return p[0] < p[1] ? nullptr : "max_val must be greater than min_val";
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_HARDTANH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_HARDTANH_INL_H_
#undef ACTLAB_ACTIVATIONS_HARDTANH_INL_H_
#else
#define ACTLAB_ACTIVATIONS_HARDTANH_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Hardtanh : PiecewiseOp {  // widened only to compare against the double bounds
  // float32 compares with the bounds' float neighbours
  static constexpr Float32Math kForwardMath = Float32Math::kInParts, kBackwardMath = Float32Math::kInParts;
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      const V<D> lo = Const(d, p[0]), hi = Const(d, p[1]);
      const auto below = hn::Lt(x, hn::Set(d, f32::FloatAbove(p[0])));
      return hn::IfThenElse(below, lo, hn::IfThenElse(hn::Gt(x, hn::Set(d, f32::FloatBelow(p[1]))), hi, x));
    }
    const V<D> lo = Const(d, p[0]), hi = Const(d, p[1]);
    return hn::IfThenElse(hn::Lt(x, lo), lo, hn::IfThenElse(hn::Gt(x, hi), hi, x));
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      const auto inside = hn::And(hn::Gt(x, hn::Set(d, f32::FloatBelow(p[0]))), hn::Lt(x, hn::Set(d, f32::FloatAbove(p[1]))));
      return hn::IfThenElseZero(inside, Const(d, 1.0));
    }
    const auto inside = hn::And(hn::Gt(x, Const(d, p[0])), hn::Lt(x, Const(d, p[1])));
    return hn::IfThenElseZero(inside, Const(d, 1.0));
  }
  template <class D>
  static V<D> DerivativeFromOutput(D d, V<D> y, const double* p) { return Derivative(d, y, p); }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
