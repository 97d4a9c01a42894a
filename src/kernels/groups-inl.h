// The group loops (Layout::kGroups): y[o] is the winner of x[k o .. k o + k - 1] and the gradient
// goes to it alone. The activation supplies the choice: Op::Winner(group, k), the index of the
// winner, and for pairs (k = 2, the default) on vectors Op::SecondWins(first, second).

#if defined(ACTLAB_KERNELS_GROUPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_GROUPS_INL_H_
#undef ACTLAB_KERNELS_GROUPS_INL_H_
#else
#define ACTLAB_KERNELS_GROUPS_INL_H_
#endif

#include <cmath>

#include "kernels/table.h"
#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// fn(d, o, first, second) for each whole vector of pairs starting at group o; returns how many
// groups it did.
template <typename T, class Fn>
HWY_INLINE size_t ForEachPairVector(const T* x, size_t groups, const Fn& fn) {
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

template <class Op, typename T>
kernels::Table<T> GroupTable() {
  kernels::Table<T> t;
  t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
    size_t done = 0;
    if (a.group == 2) {
      done = ForEachPairVector(x, n / 2, [y](auto d, size_t o, auto first, auto second) HWY_ATTR {
        hn::StoreU(hn::IfThenElse(Op::SecondWins(first, second), second, first), d, y + o);
      });
    }
    for (size_t i = done * a.group, o = done; i < n; i += a.group, ++o) y[o] = x[i + Op::Winner(x + i, a.group)];
  };
  t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    size_t done = 0;
    if (a.group == 2) {
      done = ForEachPairVector(x, n / 2, [dy, dx](auto d, size_t o, auto first, auto second) HWY_ATTR {
        const auto g = hn::LoadU(d, dy + o);
        const auto wins = Op::SecondWins(first, second);
        const auto to_first = hn::IfThenElse(hn::IsNaN(first), first, g);
        const auto to_second = hn::IfThenElse(hn::IsNaN(second), second, g);
        hn::StoreInterleaved2(hn::IfThenZeroElse(wins, to_first), hn::IfThenElseZero(wins, to_second), d, dx + 2 * o);
      });
    }
    for (size_t i = done * a.group, o = done; i < n; i += a.group, ++o) {
      const size_t w = Op::Winner(x + i, a.group);
      const T g = dy[o];  // read before writing: dx may not alias dy, but stay safe
      for (size_t j = 0; j < a.group; ++j) dx[i + j] = 0;
      dx[i + w] = std::isnan(x[i + w]) ? x[i + w] : g;  // a NaN winner passes its NaN back
    }
  };
  return t;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
