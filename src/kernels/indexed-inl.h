// The loops of the activations whose result depends on the element's index in the call as well
// (Op::kIndexed: rrelu's training mode draws a slope per element). Op::Slope(d, lo, key, p) gives
// the lanes' slopes from the low words of their indices and Op::Key(p, high word); Op::Forward
// and Op::Derivative(d, x, slope) the rest. Args::first is the call's first index (every chunk
// and 16-bit block passes its own), and a call is split where the high word changes.

#if defined(ACTLAB_KERNELS_INDEXED_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_INDEXED_INL_H_
#undef ACTLAB_KERNELS_INDEXED_INL_H_
#else
#define ACTLAB_KERNELS_INDEXED_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/loops-inl.h"
#include "kernels/table.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// out[i] = fn(d, a[i], b[i], slope of index first + i) in double lanes (float32 too: one rounding).
template <class Op, typename T, class Fn>
void TransformIndexed(const T* a, const T* b, T* out, size_t n, const kernels::Args& args, const Fn& fn) {
  using L = Lanes<double, T>;
  const typename L::DC dc;
  const hn::Rebind<std::uint32_t, typename L::DC> du;
  const size_t N = hn::Lanes(dc);
  const Params q(args.params);
  for (size_t begin = 0; begin < n;) {
    const std::uint64_t first = std::uint64_t(args.first) + begin;
    const auto hi = std::uint32_t(first >> 32);
    const std::uint64_t to_next_word = ((std::uint64_t(hi) + 1) << 32) - first;
    const size_t end = size_t(std::min<std::uint64_t>(n, begin + to_next_word));
    const std::uint32_t key = Op::Key(q.p, hi);
    const auto one = [&](size_t i, const T* pa, const T* pb, T* po) HWY_ATTR {
      const auto lo = hn::Iota(du, std::uint32_t(std::uint64_t(args.first) + i));
      const auto va = L::Load(pa);
      L::Store(fn(dc, va, pb ? L::Load(pb) : va, Op::Slope(dc, lo, key, q.p)), po);
    };
    size_t i = begin;
    for (; i + N <= end; i += N) one(i, a + i, b ? b + i : nullptr, out + i);
    if (i < end) {  // the tail through a zero-padded copy
      T abuf[L::kMax] = {}, bbuf[L::kMax] = {}, obuf[L::kMax];
      std::memcpy(abuf, a + i, (end - i) * sizeof(T));
      if (b) std::memcpy(bbuf, b + i, (end - i) * sizeof(T));
      one(i, abuf, b ? bbuf : nullptr, obuf);
      std::memcpy(out + i, obuf, (end - i) * sizeof(T));
    }
    begin = end;
  }
}

template <class Op, typename T>
kernels::Table<T> IndexedTable() {
  kernels::Table<T> t;
  t.parallel_from = Op::kParallelFrom;
  t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
    TransformIndexed<Op>(x, static_cast<const T*>(nullptr), y, n, a,
                         [](auto d, auto vx, auto, auto slope) HWY_ATTR { return Op::Forward(d, vx, slope); });
  };
  const auto gradient = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    TransformIndexed<Op>(x, dy, dx, n, a, [](auto d, auto vx, auto vdy, auto slope) HWY_ATTR {
      return hn::Mul(vdy, Op::Derivative(d, vx, slope));
    });
  };
  t.backward = gradient;
  t.from_output = gradient;  // y has x's sign where the slopes are positive (from_output_valid)
  return t;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif
