// The one array driver: the vector loop and its tail, float32 widened to float64 where an
// activation asks for it, NaN propagation, per-channel parameters. Activations only supply
// vector math (src/activations/*-inl.h); they never see pointers, lengths or tails.

#if defined(ACTLAB_KERNELS_DRIVER_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_DRIVER_INL_H_
#undef ACTLAB_KERNELS_DRIVER_INL_H_
#else
#define ACTLAB_KERNELS_DRIVER_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "math/functions-inl.h"
#include "hwy/cache_control.h"
#include "kernels/groups-inl.h"
#include "kernels/table.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// The lane type a direction computes T in (Float32Math): double for float32 results that need
// more than float32 to round faithfully and have no float32 math of their own on this target.
template <typename T, Float32Math kMath>
inline constexpr bool kInDoubleLanes =
    std::is_same_v<T, float> &&
    (kMath == Float32Math::kInDouble || (kMath == Float32Math::kInParts && !kFloatKernels));
template <typename T, Float32Math kMath>
using ComputeType = std::conditional_t<kInDoubleLanes<T, kMath>, double, T>;

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

// out[i] = fn(d, a[i], b[i]) over vectors of the compute type C (marked ForFloat when float is
// computed in double); b may be null (then fn gets a twice). out may be a or b. The tail goes
// through the same fn on a zero-padded copy.
template <typename C, typename T, class Fn>
HWY_INLINE void Transform(const T* a, const T* b, T* out, size_t n, const Fn& fn) {
  using Full = hn::ScalableTag<C>;
  const std::conditional_t<std::is_same_v<C, T>, Full, ForFloat<Full>> dc;
  const hn::Rebind<T, decltype(dc)> dt;
  const size_t N = hn::Lanes(dc);
  const auto load = [&](const T* p) {
    if constexpr (std::is_same_v<C, T>) return hn::LoadU(dc, p);
    else return hn::PromoteTo(dc, hn::LoadU(dt, p));
  };
  const auto store = [&](V<decltype(dc)> v, T* p) {
    if constexpr (std::is_same_v<C, T>) {
      hn::StoreU(v, dc, p);
    } else if constexpr (HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128) {
      // These targets' DemoteTo clamps +-inf to +-FLT_MAX; a plain conversion keeps IEEE.
      C lanes[HWY_MAX_BYTES / sizeof(C)];
      hn::StoreU(v, dc, lanes);
      for (size_t i = 0; i < hn::Lanes(dc); ++i) p[i] = static_cast<T>(lanes[i]);
    } else {
      hn::StoreU(hn::DemoteTo(dt, v), dt, p);
    }
  };
  // Elements [i, i + count) through a zero-padded copy: the tail, and the head below.
  const auto partial = [&](size_t i, size_t count) {
    constexpr size_t kMax = HWY_MAX_BYTES / sizeof(C);
    T abuf[kMax] = {}, bbuf[kMax] = {}, obuf[kMax];
    std::memcpy(abuf, a + i, count * sizeof(T));
    if (b) std::memcpy(bbuf, b + i, count * sizeof(T));
    const auto va = load(abuf);
    store(fn(dc, va, b ? load(bbuf) : va), obuf);
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
    const auto va = load(a + at);
    store(fn(dc, va, b ? load(b + at) : va), out + at);
  });
  if (i < n) partial(i, n - i);
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

// NaN in x gives NaN out, whatever the activation's math does with it; a select per vector
// that math which carries NaN through by itself (kPassesNaN) goes without.
template <bool kPassesNaN = false, class D>
HWY_INLINE V<D> KeepNaN(V<D> x, V<D> result) {
  if constexpr (kPassesNaN) return result;
  else return hn::IfThenElse(hn::IsNaN(x), x, result);
}
template <class Op>
inline constexpr bool kPassesNaN = requires { requires Op::kPassesNaN; };

// The parameters, copied into a local that the loop's stores (which may alias anything) cannot
// reach: the activations' per-call constants are then computed once, not once per vector.
struct Params {
  double p[kernels::kMaxParams];
  explicit Params(const double* from) { std::copy_n(from, kernels::kMaxParams, p); }
};

// Backward is dy * f'(x): in double one rounding; with float32 math of its own, f' rounds before
// the product (exact for dy = 1, half an ULP more otherwise).
template <class Op>
struct Elementwise {
  template <typename T>
  static void Forward(const T* x, T* y, size_t n, const double* params) {
    const Params q(params);
    Transform<ComputeType<T, Op::kForwardMath>>(x, static_cast<const T*>(nullptr), y, n,
                                                [q](auto d, auto vx, auto) HWY_ATTR {
                                                  return KeepNaN<kPassesNaN<Op>, decltype(d)>(vx, Op::Forward(d, vx, q.p));
                                                });
  }
  template <typename T>
  static void Backward(const T* x, const T* dy, T* dx, size_t n, const double* params) {
    const Params q(params);
    Transform<ComputeType<T, Op::kBackwardMath>>(x, dy, dx, n, [q](auto d, auto vx, auto vdy) HWY_ATTR {
      return hn::Mul(vdy, KeepNaN<kPassesNaN<Op>, decltype(d)>(vx, Op::Derivative(d, vx, q.p)));
    });
  }
  template <typename T>
  static void FromOutput(const T* y, const T* dy, T* dx, size_t n, const double* params) {
    if constexpr (requires { &Op::template DerivativeFromOutput<hn::ScalableTag<T>>; }) {
      const Params q(params);
      Transform<ComputeType<T, Op::kFromOutputMath>>(y, dy, dx, n, [q](auto d, auto vy, auto vdy) HWY_ATTR {
        return hn::Mul(vdy, KeepNaN<false, decltype(d)>(vy, Op::DerivativeFromOutput(d, vy, q.p)));
      });
    }
  }
  template <typename T>
  static double ParamGrad(const T* x, const T* dy, size_t n, const double* p) {
    if constexpr (requires { &Op::template ParamDerivative<hn::ScalableTag<double>>; }) {
      return SumTransform(x, dy, n, [p](auto d, auto vx, auto vdy) HWY_ATTR {
        return hn::Mul(vdy, KeepNaN<false, decltype(d)>(vx, Op::ParamDerivative(d, vx, p)));
      });
    }
    return 0;
  }
};

// Row entries for an elementwise activation: the whole array, or (for kChannels) one run of
// `inner` elements per (outer, channel) with that channel's slope as params[0].
template <class Op, typename T>
kernels::Table<T> ElementwiseTable() {
  using E = Elementwise<Op>;
  kernels::Table<T> t;
  t.parallel_from = Op::kParallelFrom;
  if constexpr (Op::kChannels) {
    // Calls fn(offset, length, params, channel) for each run of one channel, the call starting
    // at global element a.first (a chunk may begin in the middle of a channel block).
    static constexpr auto for_each_channel = [](size_t n, const kernels::Args& a, const auto& fn) {
      double p[kernels::kMaxParams];
      std::copy_n(a.params, kernels::kMaxParams, p);
      for (size_t i = 0; i < n;) {
        const size_t global = a.first + i, block = global / a.inner;
        const size_t len = std::min(n - i, (block + 1) * a.inner - global);
        const size_t c = block % a.channels;
        p[0] = a.weights[c];
        fn(i, len, p, c);
        i += len;
      }
    };
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
      for_each_channel(n, a, [&](size_t at, size_t len, const double* p, size_t) {
        E::Forward(x + at, y + at, len, p);
      });
    };
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      for_each_channel(n, a, [&](size_t at, size_t len, const double* p, size_t) {
        E::Backward(x + at, dy + at, dx + at, len, p);
      });
    };
    t.from_output = [](const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      for_each_channel(n, a, [&](size_t at, size_t len, const double* p, size_t) {
        E::FromOutput(y + at, dy + at, dx + at, len, p);
      });
    };
    t.param_grad = [](const T* x, const T* dy, double* dw, size_t n, const kernels::Args& a) {
      for_each_channel(n, a, [&](size_t at, size_t len, const double* p, size_t c) {
        dw[c] += E::ParamGrad(x + at, dy + at, len, p);
      });
    };
  } else {
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) { E::Forward(x, y, n, a.params); };
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      E::Backward(x, dy, dx, n, a.params);
    };
    if constexpr (requires { &Op::template DerivativeFromOutput<hn::ScalableTag<T>>; }) {
      t.from_output = [](const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
        E::FromOutput(y, dy, dx, n, a.params);
      };
    }
    if constexpr (requires { &Op::template ParamDerivative<hn::ScalableTag<double>>; }) {
      t.param_grad = [](const T* x, const T* dy, double* dw, size_t n, const kernels::Args& a) {
        dw[0] += E::ParamGrad(x, dy, n, a.params);
      };
    }
  }
  return t;
}

// Tier::kFast: an activation's fast float32 math (FastForward, FastDerivative over float lanes,
// math/fast-inl.h) where it has some and the target runs it (kFloatKernels), its exact math for
// the other directions.
template <class Op>
struct FastOf : Op {
  using F = hn::ScalableTag<float>;
  static constexpr bool kForward = kFloatKernels && requires { &Op::template FastForward<F>; };
  static constexpr bool kBackward = kFloatKernels && requires { &Op::template FastDerivative<F>; };
  static constexpr Float32Math kForwardMath = kForward ? Float32Math::kInFloat : Op::kForwardMath;
  static constexpr Float32Math kBackwardMath = kBackward ? Float32Math::kInFloat : Op::kBackwardMath;
  // Fast math that carries NaN through by itself in both directions (kFastPassesNaN) skips the
  // driver's select; the tests feed NaN to every direction.
  static constexpr bool kPassesNaN = kForward && kBackward && requires { requires Op::kFastPassesNaN; };
  template <class D>
  static V<D> Forward(D d, V<D> x, const double* p) {
    if constexpr (kForward && kIsFloat<D>) return Op::FastForward(d, x, p);
    else return Op::Forward(d, x, p);
  }
  template <class D>
  static V<D> Derivative(D d, V<D> x, const double* p) {
    if constexpr (kBackward && kIsFloat<D>) return Op::FastDerivative(d, x, p);
    else return Op::Derivative(d, x, p);
  }
};

// The fast tier's float32 row: `exact` itself where there is no fast math; whole-array kernels
// (softmax) make their own from the exact row.
template <class Op>
kernels::Table<float> MakeFastTable(const kernels::Table<float>& exact) {
  if constexpr (requires { Op::MakeFastTable(exact); }) return Op::MakeFastTable(exact);
  else if constexpr (FastOf<Op>::kForward || FastOf<Op>::kBackward) return ElementwiseTable<FastOf<Op>, float>();
  else return exact;
}

// An activation supplies vector math (Forward/Derivative over a descriptor: the driver loops),
// the choice of a group's winner (maxout: the group loops of groups-inl.h), or whole-array
// kernels (softmax: static Table<T> MakeTable<T>()).
template <class Op, typename T>
kernels::Table<T> MakeTable() {
  if constexpr (requires { Op::template MakeTable<T>(); }) return Op::template MakeTable<T>();
  else if constexpr (requires { Op::Winner(static_cast<const T*>(nullptr), size_t(0)); }) return GroupTable<Op, T>();
  else return ElementwiseTable<Op, T>();
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
