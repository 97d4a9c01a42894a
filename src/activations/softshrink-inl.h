// Softshrink: y = x - lambda above lambda, x + lambda below -lambda, 0 between (the proximal map
// of lambda |x|); f' = 1 outside, 0 inside and at +-lambda (PyTorch). Not in the seeds.
#include "activations/hardshrink-inl.h"

#ifndef ACTLAB_ACTIVATIONS_SOFTSHRINK_DEF_
#define ACTLAB_ACTIVATIONS_SOFTSHRINK_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr std::string_view kSoftshrinkVariants[] = {"softshrink(0.25)"};
inline const Definition kSoftshrink{
    .info = {.kind = Kind::Softshrink,
             .name = "softshrink",
             .summary = "shrinks toward 0 by lambda (soft thresholding)",
             .formula = "x - lambda if x > lambda; x + lambda if x < -lambda; else 0",
             .formula_latex = R"(\operatorname{sign}(x)\max(|x|-\lambda, 0))",
             .derivative = "1 if |x| > lambda else 0",
             .derivative_latex = R"(\mathbb{1}[|x|>\lambda])",
             .derivative_from_output = "1 if y != 0 else 0",
             .range = "(-inf, inf)",
             .kinks = "f'(+-lambda) = 0 (PyTorch)",
             .properties = {.monotonic = true, .smoothness = "C^0, kinks at +-lambda",
                            .bounded_above = false, .bounded_below = false,
                            .zero_centred = true, .saturating = "no", .sparse = true},
             .params = kShrinkParams,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "Donoho 1995",
             .variants = kSoftshrinkVariants},
    .f = [](auto x, const double* p) {
      return x > p[0] ? x - p[0] : x < -p[0] ? x + p[0] : decltype(x)(0);
    },
    .df = kHardshrink.df,
    .df_from_y = kHardshrink.df_from_y,
    .special_x = kShrinkSpecial,
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SOFTSHRINK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SOFTSHRINK_INL_H_
#undef ACTLAB_ACTIVATIONS_SOFTSHRINK_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SOFTSHRINK_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
// f' (1 outside [-lambda, lambda], 0 inside, from x or from y != 0) is hardshrink's.
struct Softshrink : Hardshrink {  // widened: x -+ lambda rounds once for float32
  // Float: |x| - lambda as |x| - lambda_hi (Fast2Sum where |x| > lambda) - lambda_lo.
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kFloatKernels && kIsFloat<D>) {
      const float lh = static_cast<float>(p[0]);
      const V<D> ax = hn::Abs(x), vh = hn::Set(d, lh);
      const V<D> h = hn::Sub(ax, vh);
      const V<D> shrunk = hn::Add(h, hn::Sub(hn::Sub(hn::Sub(ax, h), vh), hn::Set(d, static_cast<float>(p[0] - lh))));
      const V<D> y = hn::IfThenElse(hn::IsInf(x), x, hn::CopySignToAbs(shrunk, x));  // inf - inf is NaN
      return hn::IfThenElseZero(hn::Gt(ax, hn::Set(d, f32::FloatBelow(p[0]))), y);
    }
    const V<D> lambda = Const(d, p[0]);
    const V<D> shrunk = hn::Sub(x, hn::CopySign(lambda, x));
    return hn::IfThenElseZero(hn::Gt(hn::Abs(x), lambda), shrunk);
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
