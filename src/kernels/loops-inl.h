// The array loops that every driver shares: whole vectors with a prefetch ahead, the tail through
// a padded copy, and sums in double (the elementwise driver, the gated loops, the row loops of
// rows-inl.h).

#if defined(ACTLAB_KERNELS_LOOPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_LOOPS_INL_H_
#undef ACTLAB_KERNELS_LOOPS_INL_H_
#else
#define ACTLAB_KERNELS_LOOPS_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "hwy/cache_control.h"
#include "kernels/table.h"
#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// The parameters, copied into a local that the loop's stores (which may alias anything) cannot
// reach: the activations' per-call constants are then computed once, not once per vector.
struct Params {
  double p[kernels::kMaxParams];
  explicit Params(const double* from) { std::copy_n(from, kernels::kMaxParams, p); }
};

// body(i) for i = first, first + N, ... while a whole vector of N remains; returns where it stopped.
// The inputs a and b (b may be null) are prefetched 2 KiB ahead: the hardware prefetchers alone
// leave the functions with long math waiting on their loads (gelu-tanh in L2 0.86 el/ns, from
// DRAM 0.45 without, 0.86 with; relu in L2 5.9 -> 6.4: README, Speed). The last 2 KiB go
// without, so that no pointer leaves the arrays.
template <typename T, class Body>
HWY_INLINE size_t ForEachVector(const T* a, const T* b, size_t first, size_t n, size_t N, const Body& body) {
  constexpr size_t kAhead = 2048 / sizeof(T);
  size_t i = first;
  if (n > kAhead) {
    for (; i + N <= n - kAhead; i += N) {
      hwy::Prefetch(a + i + kAhead);
      if (b) hwy::Prefetch(b + i + kAhead);
      body(i);
    }
  }
  for (; i + N <= n; i += N) body(i);
  return i;
}

// Vectors of the compute type C (marked ForFloat when float is computed in double) loaded from
// and stored to arrays of T.
template <typename C, typename T>
struct Lanes {
  using Full = hn::ScalableTag<C>;
  using DC = std::conditional_t<std::is_same_v<C, T>, Full, ForFloat<Full>>;
  static constexpr size_t kMax = HWY_MAX_BYTES / sizeof(C);  // lanes of the widest vector
  static HWY_INLINE V<DC> Load(const T* p) {
    const DC dc;
    if constexpr (std::is_same_v<C, T>) return hn::LoadU(dc, p);
    else return hn::PromoteTo(dc, hn::LoadU(hn::Rebind<T, DC>(), p));
  }
  static HWY_INLINE void Store(V<DC> v, T* p) {
    const DC dc;
    if constexpr (std::is_same_v<C, T>) {
      hn::StoreU(v, dc, p);
    } else if constexpr (HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128) {
      // These targets' DemoteTo clamps +-inf to +-FLT_MAX; a plain conversion keeps IEEE.
      C lanes[kMax];
      hn::StoreU(v, dc, lanes);
      for (size_t i = 0; i < hn::Lanes(dc); ++i) p[i] = static_cast<T>(lanes[i]);
    } else {
      const hn::Rebind<T, DC> dt;
      hn::StoreU(hn::DemoteTo(dt, v), dt, p);
    }
  }
};

// out[i] = fn(d, a[i], b[i]) over vectors of the compute type C; b may be null (then fn gets a
// twice). out may be a or b. The tail goes through the same fn on a zero-padded copy.
template <typename C, typename T, class Fn>
HWY_INLINE void Transform(const T* a, const T* b, T* out, size_t n, const Fn& fn) {
  using L = Lanes<C, T>;
  const typename L::DC dc;
  const size_t N = hn::Lanes(dc);
  // Elements [i, i + count) through a zero-padded copy: the tail, and the head below.
  const auto partial = [&](size_t i, size_t count) {
    T abuf[L::kMax] = {}, bbuf[L::kMax] = {}, obuf[L::kMax];
    std::memcpy(abuf, a + i, count * sizeof(T));
    if (b) std::memcpy(bbuf, b + i, count * sizeof(T));
    const auto va = L::Load(abuf);
    L::Store(fn(dc, va, b ? L::Load(bbuf) : va), obuf);
    std::memcpy(out + i, obuf, count * sizeof(T));
  };
  // A store that straddles two cache lines costs about two (relu in L2: 6.6 -> 8.1 el/ns with
  // out aligned), and arrays from malloc are often 16 bytes off: a head brings out to a
  // multiple of the store's width first.
  const size_t width = N * sizeof(T);
  size_t i = 0;
  if (n >= 4 * N && width <= 64 && reinterpret_cast<uintptr_t>(out) % sizeof(T) == 0) {
    const size_t off = reinterpret_cast<uintptr_t>(out) % width;
    if (off != 0) partial(0, i = (width - off) / sizeof(T));
  }
  i = ForEachVector(a, b, i, n, N, [&](size_t at) HWY_ATTR {
    const auto va = L::Load(a + at);
    L::Store(fn(dc, va, b ? L::Load(b + at) : va), out + at);
  });
  if (i < n) partial(i, n - i);
}

// (out1[i], out2[i]) = fn(d, a[i], b[i], c[i]), a VecPair, over vectors of the compute type C.
// Each output may be the very buffer of an input (a vector's inputs are read before its results
// are stored), not of the other output. The tail goes through a zero-padded copy.
template <typename C, typename T, class Fn>
HWY_INLINE void TransformToPair(const T* a, const T* b, const T* c, T* out1, T* out2, size_t n, const Fn& fn) {
  using L = Lanes<C, T>;
  const typename L::DC dc;
  const size_t N = hn::Lanes(dc);
  const size_t i = ForEachVector(a, b, 0, n, N, [&](size_t at) HWY_ATTR {
    const VecPair<typename L::DC> r = fn(dc, L::Load(a + at), L::Load(b + at), L::Load(c + at));
    L::Store(r.first, out1 + at);
    L::Store(r.second, out2 + at);
  });
  if (i < n) {
    const size_t count = n - i;
    T abuf[L::kMax] = {}, bbuf[L::kMax] = {}, cbuf[L::kMax] = {}, obuf1[L::kMax], obuf2[L::kMax];
    std::memcpy(abuf, a + i, count * sizeof(T));
    std::memcpy(bbuf, b + i, count * sizeof(T));
    std::memcpy(cbuf, c + i, count * sizeof(T));
    const VecPair<typename L::DC> r = fn(dc, L::Load(abuf), L::Load(bbuf), L::Load(cbuf));
    L::Store(r.first, obuf1);
    L::Store(r.second, obuf2);
    std::memcpy(out1 + i, obuf1, count * sizeof(T));
    std::memcpy(out2 + i, obuf2, count * sizeof(T));
  }
}

// sum fn(d, a[i], b[i]) in double (ForFloat for float inputs).
template <typename T, class Fn>
HWY_INLINE double SumTransform(const T* a, const T* b, size_t n, const Fn& fn) {
  using Full = hn::ScalableTag<double>;
  const std::conditional_t<std::is_same_v<T, float>, ForFloat<Full>, Full> dc;
  const hn::Rebind<T, decltype(dc)> dt;
  const size_t N = hn::Lanes(dc);
  const auto load = [&](const T* p) {
    if constexpr (std::is_same_v<T, double>) return hn::LoadU(dc, p);
    else return hn::PromoteTo(dc, hn::LoadU(dt, p));
  };
  auto sum = hn::Zero(dc);
  const size_t i = ForEachVector(a, b, 0, n, N, [&](size_t at) HWY_ATTR {
    sum = hn::Add(sum, fn(dc, load(a + at), load(b + at)));
  });
  if (i < n) {
    constexpr size_t kMax = HWY_MAX_BYTES / sizeof(double);
    T abuf[kMax] = {}, bbuf[kMax] = {};
    std::memcpy(abuf, a + i, (n - i) * sizeof(T));
    std::memcpy(bbuf, b + i, (n - i) * sizeof(T));
    sum = hn::Add(sum, hn::IfThenElseZero(hn::FirstN(dc, n - i), fn(dc, load(abuf), load(bbuf))));
  }
  return hn::GetLane(hn::SumOfLanes(dc, sum));
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
