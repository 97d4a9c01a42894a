// Maxout: y_i = max of k consecutive inputs x_{k i} .. x_{k i + k - 1} (the max over the k pieces
// w_j^T x + b_j that a linear layer of k times the outputs computed; seed 001 shows k = 2, S14).
// The whole gradient goes to the first maximal piece (ties: lowest index); a NaN piece wins and
// gets a NaN gradient. Convex, piecewise linear, never saturates, never dies unless every piece
// is flat. Input size must be a multiple of k; y has n / k elements and may not overlap x.

#include <cmath>
#include <limits>

#ifndef ACTLAB_ACTIVATIONS_MAXOUT_DEF_
#define ACTLAB_ACTIVATIONS_MAXOUT_DEF_
#include "definition.h"
namespace actlab::def {
inline constexpr ParamInfo kMaxoutParams[] = {
    {.name = "k", .default_value = 2, .min = 1, .max = 1 << 20, .integer = true,
     .doc = "pieces per output"}};
inline const Definition kMaxout{
    .info = {.kind = Kind::Maxout,
             .name = "maxout",
             .summary = "max over groups of k consecutive features",
             .formula = "y_i = max_j x_{k*i + j}, j = 0..k-1",
             .formula_latex = R"(y_i = \max_{j<k} x_{ki+j})",
             .derivative = "dx = dy at the first maximal piece of each group, 0 elsewhere",
             .derivative_latex = R"(\partial y_i / \partial x_{ki+j} = \mathbb{1}[j = \arg\max])",
             .derivative_from_output = "",
             .range = "(-inf, inf)",
             .kinks = "ties: the gradient goes to the lowest index",
             .properties = {.monotonic = true, .smoothness = "C^0 (piecewise linear, convex)",
                            .bounded_above = false, .bounded_below = false,
                            .zero_centred = false, .saturating = "no", .sparse = false},
             .params = kMaxoutParams,
             .layout = Layout::kGroups,
             .ulp_f32 = 0, .ulp_f64 = 0,
             .seeds = "001",
             .reference = "Goodfellow et al. 2013"},
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_MAXOUT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_MAXOUT_INL_H_
#undef ACTLAB_ACTIVATIONS_MAXOUT_INL_H_
#else
#define ACTLAB_ACTIVATIONS_MAXOUT_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct Maxout {
  // Index of the first maximal element of a group; a NaN wins at once.
  template <typename T>
  static size_t Winner(const T* g, size_t k) {
    size_t w = 0;
    for (size_t j = 1; j < k && !std::isnan(g[w]); ++j) {
      if (std::isnan(g[j]) || g[j] > g[w]) w = j;
    }
    return w;
  }
  // Pairs (k = 2, the default) on vectors: lane i of `second` wins where it is NaN or larger and
  // the first is not NaN, as Winner decides.
  template <class Vec>
  static auto SecondWins(Vec first, Vec second) {
    return hn::AndNot(hn::IsNaN(first), hn::Or(hn::IsNaN(second), hn::Gt(second, first)));
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
