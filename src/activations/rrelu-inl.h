// Randomized leaky ReLU (PyTorch's RReLU; Xu et al. 2015): y = x for x > 0, a x otherwise, with
// the slope a drawn per element from U(lower, upper) in training mode and the mean
// (lower + upper) / 2 in evaluation mode (the default). f' = 1 or a (a at x = 0, as leaky_relu).
// Not in the seeds.
//
// The draw is a counter-based hash of (seed, the element's index in the call), not a stream: the
// backward of the same seed meets the slopes its forward drew, without storing them, whatever the
// threads or the split of the call, and so do the 16-bit calls and the float64 ones. Each slope
// is the double lower + (upper - lower) u, u from 24 bits of the hash; a x rounds once in float64,
// and float32 rounds that double product again (within 1 ULP, almost always correctly rounded).

#include <cstdint>

#ifndef ACTLAB_ACTIVATIONS_RRELU_DEF_
#define ACTLAB_ACTIVATIONS_RRELU_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr std::string_view kRreluModes[] = {"eval", "train"};
inline constexpr ParamInfo kRreluParams[] = {
    {.name = "lower", .default_value = 0.125, .min = 0, .max = 1, .doc = "smallest slope drawn"},
    {.name = "upper", .default_value = 1.0 / 3, .min = 0, .max = 1, .doc = "largest slope drawn"},
    {.name = "mode", .default_value = 0, .min = 0, .max = 1, .choices = kRreluModes,
     .doc = "eval (the mean slope) or train (a slope per element from the seed)"},
    {.name = "seed", .default_value = 0, .min = 0, .max = 0x1p53, .integer = true,
     .doc = "train mode: the draw; the same seed draws the same slopes"}};
// C. Wellons' lowbias32: a bijection of 32-bit words with good avalanche.
constexpr std::uint32_t RreluMix(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  return x ^ (x >> 16);
}
// The key of the indices sharing their high 32 bits `hi` (a call of 2^32 elements or more spans
// several).
constexpr std::uint32_t RreluKey(std::uint64_t seed, std::uint32_t hi) {
  return RreluMix(std::uint32_t(seed) ^ RreluMix(std::uint32_t(seed >> 32) ^ RreluMix(hi + 0x9E3779B9u)));
}
// The slope of element `index`; the kernels compute the same bits.
inline double RreluSlope(const double* p, std::uint64_t index) {
  if (p[2] == 0) return (p[0] + p[1]) / 2;
  const std::uint32_t h = RreluMix(std::uint32_t(index) ^ RreluKey(std::uint64_t(p[3]), std::uint32_t(index >> 32)));
  return p[0] + (p[1] - p[0]) * (double(h >> 8) * 0x1p-24);
}
inline constexpr double kRreluSpecial[] = {0.0, -0.0};
inline constexpr std::string_view kRreluVariants[] = {"rrelu(lower=0.01, upper=0.5)"};
inline const Definition kRrelu{
    .info = {.kind = Kind::Rrelu,
             .name = "rrelu",
             .summary = "leaky ReLU with a random slope per element in training, the mean in evaluation",
             .formula = "x if x > 0 else a * x, a ~ U(lower, upper) (train) or (lower + upper) / 2 (eval)",
             .formula_latex = R"(\max(0,x) + a\min(0,x),\ a \sim U(l, u))",
             .derivative = "1 if x > 0 else a (the slopes drawn)",
             .derivative_latex = R"(1 \text{ if } x>0 \text{ else } a)",
             .derivative_from_output = "1 if y > 0 else a (needs lower > 0)",
             .range = "(-inf, inf) for lower > 0",
             .kinks = "f'(0) = a (as leaky_relu)",
             .properties = {.monotonic = true, .smoothness = "C^0, kink at 0", .bounded_above = false,
                            .bounded_below = false, .zero_centred = false, .saturating = "no", .sparse = false},
             .params = kRreluParams,
             .ulp_f32 = 1, .ulp_f64 = 0,
             .seeds = "-",
             .reference = "Xu et al. 2015; PyTorch nn.RReLU",
             .variants = kRreluVariants},
    // Index-free: evaluation mode's (f_at below for every mode).
    .f = [](auto x, const double* p) { return x > 0 ? x : decltype(x)((p[0] + p[1]) / 2) * x; },
    .df = [](auto x, const double* p) { return decltype(x)(x > 0 ? 1 : (p[0] + p[1]) / 2); },
    .df_from_y = [](auto y, const double* p) { return decltype(y)(y > 0 ? 1 : (p[0] + p[1]) / 2); },
    .from_output_valid = [](const double* p) { return p[0] > 0; },
    .special_x = kRreluSpecial,
    .check = [](const double* p) -> const char* { return p[0] <= p[1] ? nullptr : "lower must not exceed upper"; },
    .f_at = [](Real x, const double* p, std::uint64_t i) { return x > 0 ? x : Real(RreluSlope(p, i)) * x; },
    .df_at = [](Real x, const double* p, std::uint64_t i) { return x > 0 ? Real(1) : Real(RreluSlope(p, i)); },
    .df_from_y_at = [](Real y, const double* p, std::uint64_t i) { return y > 0 ? Real(1) : Real(RreluSlope(p, i)); },
    .indexed = [](const double* p) { return p[2] != 0; },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_RRELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_RRELU_INL_H_
#undef ACTLAB_ACTIVATIONS_RRELU_INL_H_
#else
#define ACTLAB_ACTIVATIONS_RRELU_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Rrelu : PiecewiseOp {  // double lanes for float32 too: a x rounds once
  static constexpr bool kIndexed = true;
  // The slopes of the lanes whose indices have low words `lo` (u32 lanes, one per lane of d) and
  // key def::RreluKey(seed, high word).
  template <class D, class VU>
  static V<D> Slope(D d, VU lo, std::uint32_t key, const double* p) {
    if (p[2] == 0) return Const(d, (p[0] + p[1]) / 2);
    const hn::DFromV<VU> du;
    const auto mix = [&](VU x) HWY_ATTR {
      x = hn::Xor(x, hn::ShiftRight<16>(x));
      x = hn::Mul(x, hn::Set(du, 0x7feb352du));
      x = hn::Xor(x, hn::ShiftRight<15>(x));
      x = hn::Mul(x, hn::Set(du, 0x846ca68bu));
      return hn::Xor(x, hn::ShiftRight<16>(x));
    };
    const VU h = hn::ShiftRight<8>(mix(hn::Xor(lo, hn::Set(du, key))));
    const V<D> u = hn::Mul(hn::PromoteTo(d, hn::BitCast(hn::RebindToSigned<decltype(du)>(), h)), Const(d, 0x1p-24));
    return hn::Add(hn::Mul(Const(d, p[1] - p[0]), u), Const(d, p[0]));  // two roundings, as RreluSlope
  }
  static std::uint32_t Key(const double* p, std::uint32_t hi) { return def::RreluKey(std::uint64_t(p[3]), hi); }
  template <class D>
  static V<D> Forward(D d, V<D> x, V<D> slope) { return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, hn::Mul(x, slope)); }
  template <class D>
  static V<D> Derivative(D d, V<D> x, V<D> slope) {
    return hn::IfThenElse(hn::IsNaN(x), x, hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), slope));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
