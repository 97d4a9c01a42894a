// Maxout: y_i = max of k consecutive inputs x_{k i} .. x_{k i + k - 1} (the max over the k pieces
// w_j^T x + b_j that a linear layer of k times the outputs computed; seed 001 shows k = 2, S14).
// The whole gradient goes to the first maximal piece (ties: lowest index); a NaN piece wins and
// gets a NaN gradient. Convex, piecewise linear, never saturates, never dies unless every piece
// is flat. Input size must be a multiple of k; y has n / k elements and may not overlap x.

#include <cmath>
#include <limits>

#include "kernels/table.h"

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
  // Pairs (k = 2, the default) on vectors: fn(d, o, first, second) for each whole vector of
  // groups starting at group o; returns how many groups it did. Lane i of `second` wins where it
  // is NaN or larger and the first is not NaN, as Winner decides.
  template <typename T, class Fn>
  static size_t ForEachPairVector(const T* x, size_t groups, const Fn& fn) {
    const hn::ScalableTag<T> d;
    const size_t N = hn::Lanes(d);
    size_t o = 0;
    for (; o + N <= groups; o += N) {
      V<decltype(d)> first, second;
      hn::LoadInterleaved2(d, x + 2 * o, first, second);
      fn(d, o, first, second);
    }
    return o;
  }
  template <typename T>
  static size_t PairsForward(const T* x, T* y, size_t groups) {
    return ForEachPairVector(x, groups, [y](auto d, size_t o, auto first, auto second) HWY_ATTR {
      hn::StoreU(hn::IfThenElse(SecondWins(first, second), second, first), d, y + o);
    });
  }
  template <typename T>
  static size_t PairsBackward(const T* x, const T* dy, T* dx, size_t groups) {
    return ForEachPairVector(x, groups, [dy, dx](auto d, size_t o, auto first, auto second) HWY_ATTR {
      const auto g = hn::LoadU(d, dy + o);
      const auto wins = SecondWins(first, second);
      const auto to_first = hn::IfThenElse(hn::IsNaN(first), first, g);
      const auto to_second = hn::IfThenElse(hn::IsNaN(second), second, g);
      hn::StoreInterleaved2(hn::IfThenZeroElse(wins, to_first), hn::IfThenElseZero(wins, to_second), d, dx + 2 * o);
    });
  }
  template <class Vec>
  static auto SecondWins(Vec first, Vec second) {
    return hn::AndNot(hn::IsNaN(first), hn::Or(hn::IsNaN(second), hn::Gt(second, first)));
  }

  template <typename T>
  static kernels::Table<T> MakeTable() {
    kernels::Table<T> t;
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
      const size_t done = a.group == 2 ? PairsForward(x, y, n / 2) : 0;
      for (size_t i = done * a.group, o = done; i < n; i += a.group, ++o) y[o] = x[i + Winner(x + i, a.group)];
    };
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      const size_t done = a.group == 2 ? PairsBackward(x, dy, dx, n / 2) : 0;
      for (size_t i = done * a.group, o = done; i < n; i += a.group, ++o) {
        const size_t w = Winner(x + i, a.group);
        const T g = dy[o];  // read before writing: dx may not alias dy, but stay safe
        for (size_t j = 0; j < a.group; ++j) dx[i + j] = 0;
        dx[i + w] = std::isnan(x[i + w]) ? x[i + w] : g;
      }
    };
    return t;
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
