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
#include "kernels/gated-inl.h"
#include "kernels/groups-inl.h"
#include "kernels/indexed-inl.h"
#include "kernels/loops-inl.h"
#include "kernels/rows-inl.h"
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

// NaN in x gives NaN out, whatever the activation's math does with it; a select per vector
// that math which carries NaN through by itself (kPassesNaN) goes without.
template <bool kPassesNaN = false, class D>
HWY_INLINE V<D> KeepNaN(V<D> x, V<D> result) {
  if constexpr (kPassesNaN) return result;
  else return hn::IfThenElse(hn::IsNaN(x), x, result);
}
template <class Op>
inline constexpr bool kPassesNaN = requires { requires Op::kPassesNaN; };

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

// The fast tier's float32 row: `exact` itself where there is no fast math; rows (softmax) make
// their own from the exact row (rows-inl.h).
template <class Op>
kernels::Table<float> MakeFastTable(const kernels::Table<float>& exact) {
  if constexpr (requires { Op::kRows; }) return RowFastTable<Op>(exact);
  else if constexpr (requires { Op::kGated; }) return exact;
  else if constexpr (FastOf<Op>::kForward || FastOf<Op>::kBackward) return ElementwiseTable<FastOf<Op>, float>();
  else return exact;
}

// An activation supplies vector math (Forward/Derivative over a descriptor: the driver loops, or
// the gated loops of gated-inl.h for the GLU family, kGated), the choice of a group's winner
// (maxout: the group loops of groups-inl.h), or math per element over a row's statistics
// (softmax, kRows: the row loops of rows-inl.h).
template <class Op, typename T>
kernels::Table<T> MakeTable() {
  if constexpr (requires { Op::kRows; }) return RowTable<Op, T>();
  else if constexpr (requires { Op::kGated; }) return GatedTable<Op, T>();
  else if constexpr (requires { Op::Winner(static_cast<const T*>(nullptr), size_t(0)); }) return GroupTable<Op, T>();
  else if constexpr (requires { Op::kIndexed; }) return IndexedTable<Op, T>();
  else return ElementwiseTable<Op, T>();
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
