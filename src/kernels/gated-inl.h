// The gated loops (Layout::kGated, the GLU family): y = up * f(gate), f the activation's own
// vector math (sigmoid's for glu, silu's for swiglu...). Two inputs of n elements
// (gated_forward, gated_backward), or rows of 2 * dim elements split in halves as PyTorch's
// F.glu splits them: up the first half, the gate the second (forward, backward). Backward gives
// both halves: dgate = dy * up * f'(gate), dup = dy * f(gate).
//
// float32 computes in float64 lanes (ForFloat) wherever f needs more than float32 (all but
// relu): f(gate) there is good to 2^-40, and the products with up and dy are formed in double
// before the one rounding, so that the gate's own rounding does not add to the product's. On
// AVX-512, an activation with gated math of its own in float32 parts (GatedForward,
// GatedBackward: f(gate) as 2^k (hi + lo), multiplied by up before its one rounding) runs in
// float lanes, 1.5 to 2.9 times as fast (glu forward to geglu backward, in L2), with the rare
// lanes whose products could overflow or underflow recomputed in double.

#if defined(ACTLAB_KERNELS_GATED_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_GATED_INL_H_
#undef ACTLAB_KERNELS_GATED_INL_H_
#else
#define ACTLAB_KERNELS_GATED_INL_H_
#endif

#include <type_traits>

#include "kernels/loops-inl.h"
#include "kernels/table.h"
#include "math/vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

template <typename T, Float32Math kMath>
using GatedCompute = std::conditional_t<std::is_same_v<T, float> && kMath != Float32Math::kInFloat, double, T>;

template <class Op>
inline constexpr bool kGatedParts = kFloatKernels && requires { &Op::template GatedForward<hn::ScalableTag<float>>; };

// Lanes whose two-part products could overflow or lose their error terms to underflow: |v|
// outside [2^-50, 2^50], zero aside (exact in every product).
template <class D>
HWY_INLINE hn::Mask<D> Extreme(D d, V<D> v) {
  const V<D> a = hn::Abs(v);
  return hn::Or(hn::Gt(a, Const(d, 0x1p50)), hn::And(hn::Lt(a, Const(d, 0x1p-50)), hn::Gt(a, hn::Zero(d))));
}

// fn(dd, g, u, w) for float lanes, computed in double lanes (ForFloat) and rounded once
// (kGatedParts only: a vector of one lane has no halves).
#if HWY_TARGET <= HWY_AVX3
template <class D, class Fn>
HWY_INLINE V<D> InDoubleLanes(D d, V<D> g, V<D> u, V<D> w, const Fn& fn) {
  const hn::Half<D> dh;
  const ForFloat<hn::Rebind<double, decltype(dh)>> dd;
  const auto lower = [&](V<D> v) HWY_ATTR { return hn::PromoteTo(dd, hn::LowerHalf(dh, v)); };
  const auto upper = [&](V<D> v) HWY_ATTR { return hn::PromoteTo(dd, hn::UpperHalf(dh, v)); };
  const auto lo = fn(dd, lower(g), lower(u), lower(w));
  const auto hi = fn(dd, upper(g), upper(u), upper(w));
  return hn::Combine(d, hn::DemoteTo(dh, hi), hn::DemoteTo(dh, lo));
}
#else
template <class D, class Fn>
V<D> InDoubleLanes(D d, V<D> g, V<D> u, V<D> w, const Fn& fn);  // declared only
#endif

template <class Op>
struct Gated {
  // The gate's NaN reaches y even where f would drop it; up's NaN passes through the product.
  template <class D>
  static V<D> Gate(D d, V<D> g, const double* p) {
    return hn::IfThenElse(hn::IsNaN(g), g, Op::Forward(d, g, p));
  }
  template <class D>
  static V<D> Slope(D d, V<D> g, const double* p) {
    return hn::IfThenElse(hn::IsNaN(g), g, Op::Derivative(d, g, p));
  }
  template <class D>
  static V<D> Product(D d, V<D> g, V<D> u, const double* p) { return hn::Mul(u, Gate(d, g, p)); }
  template <class D>
  static V<D> GateGradient(D d, V<D> g, V<D> u, V<D> dy, const double* p) {
    return hn::Mul(hn::Mul(dy, u), Slope(d, g, p));
  }
  template <class D>
  static V<D> UpGradient(D d, V<D> g, V<D> dy, const double* p) { return hn::Mul(dy, Gate(d, g, p)); }

  template <typename T>
  static void Forward(const T* gate, const T* up, T* y, size_t n, const double* params) {
    const Params q(params);
    if constexpr (std::is_same_v<T, float> && kGatedParts<Op>) {
      if (Op::PartsCover(q.p)) {
        Transform<float>(gate, up, y, n, [q](auto d, auto vg, auto vu) HWY_ATTR {
          V<decltype(d)> vy = Op::GatedForward(d, vg, vu, q.p);
          const auto rare = hn::Or(Extreme(d, vu), Op::RareGate(d, vg, q.p));
          if (!hn::AllFalse(d, rare)) {
            vy = hn::IfThenElse(rare, InDoubleLanes(d, vg, vu, vu, [q](auto dd, auto g, auto u, auto) HWY_ATTR {
                                  return Product(dd, g, u, q.p);
                                }), vy);
          }
          return hn::IfThenElse(hn::IsNaN(vg), vg, vy);
        });
        return;
      }
    }
    Transform<GatedCompute<T, Op::kForwardMath>>(gate, up, y, n, [q](auto d, auto vg, auto vu) HWY_ATTR {
      return Product(d, vg, vu, q.p);
    });
  }
  template <typename T>
  static void Backward(const T* gate, const T* up, const T* dy, T* dgate, T* dup, size_t n, const double* params) {
    const Params q(params);
    if constexpr (std::is_same_v<T, float> && kGatedParts<Op>) {
      if (Op::PartsCover(q.p)) {
        TransformToPair<float>(gate, up, dy, dgate, dup, n, [q](auto d, auto vg, auto vu, auto vdy) HWY_ATTR {
          VecPair<decltype(d)> r = Op::GatedBackward(d, vg, vu, vdy, q.p);
          const auto rare = hn::Or(hn::Or(Extreme(d, vu), Extreme(d, vdy)), Op::RareGate(d, vg, q.p));
          if (!hn::AllFalse(d, rare)) {
            r.first = hn::IfThenElse(rare, InDoubleLanes(d, vg, vu, vdy, [q](auto dd, auto g, auto u, auto w) HWY_ATTR {
                                       return GateGradient(dd, g, u, w, q.p);
                                     }), r.first);
            r.second = hn::IfThenElse(rare, InDoubleLanes(d, vg, vu, vdy, [q](auto dd, auto g, auto, auto w) HWY_ATTR {
                                        return UpGradient(dd, g, w, q.p);
                                      }), r.second);
          }
          const auto nan = hn::IsNaN(vg);
          return VecPair<decltype(d)>{hn::IfThenElse(nan, vg, r.first), hn::IfThenElse(nan, vg, r.second)};
        });
        return;
      }
    }
    TransformToPair<GatedCompute<T, Op::kBackwardMath>>(
        gate, up, dy, dgate, dup, n, [q](auto d, auto vg, auto vu, auto vdy) HWY_ATTR {
          return VecPair<decltype(d)>{GateGradient(d, vg, vu, vdy, q.p), UpGradient(d, vg, vdy, q.p)};
        });
  }
};

template <class Op, typename T>
kernels::Table<T> GatedTable() {
  using G = Gated<Op>;
  kernels::Table<T> t;
  t.parallel_from = Op::kParallelFrom;
  t.gated_forward = [](const T* gate, const T* up, T* y, size_t n, const kernels::Args& a) {
    G::Forward(gate, up, y, n, a.params);
  };
  t.gated_backward = [](const T* gate, const T* up, const T* dy, T* dgate, T* dup, size_t n, const kernels::Args& a) {
    G::Backward(gate, up, dy, dgate, dup, n, a.params);
  };
  // Rows of 2h input elements, h = a.dim: up is a row's first half, the gate its second.
  t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
    const size_t h = a.dim;
    if (h == 0) return;
    for (size_t r = 0; r < n / (2 * h); ++r) G::Forward(x + 2 * h * r + h, x + 2 * h * r, y + h * r, h, a.params);
  };
  t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    const size_t h = a.dim;
    if (h == 0) return;
    for (size_t r = 0; r < n / (2 * h); ++r) {
      const size_t row = 2 * h * r;
      G::Backward(x + row + h, x + row, dy + h * r, dx + row + h, dx + row, h, a.params);
    }
  };
  return t;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
