// The gated loops (Layout::kGated, the GLU family): y = up * f(gate), f the activation's own
// vector math (sigmoid's for glu, silu's for swiglu...). Two inputs of n elements
// (gated_forward, gated_backward), or rows of 2 * dim elements split in halves as PyTorch's
// F.glu splits them: up the first half, the gate the second (forward, backward). Backward gives
// both halves: dgate = dy * up * f'(gate), dup = dy * f(gate).
//
// float32 computes in float64 lanes (ForFloat) wherever f needs more than float32 (all but
// relu): f(gate) there is good to 2^-40, and the products with up and dy are formed in double
// before the one rounding, so that the gate's own rounding does not add to the product's.

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
  template <typename T>
  static void Forward(const T* gate, const T* up, T* y, size_t n, const double* params) {
    const Params q(params);
    Transform<GatedCompute<T, Op::kForwardMath>>(gate, up, y, n, [q](auto d, auto vg, auto vu) HWY_ATTR {
      return hn::Mul(vu, Gate(d, vg, q.p));
    });
  }
  template <typename T>
  static void Backward(const T* gate, const T* up, const T* dy, T* dgate, T* dup, size_t n, const double* params) {
    const Params q(params);
    TransformToPair<GatedCompute<T, Op::kBackwardMath>>(
        gate, up, dy, dgate, dup, n, [q](auto d, auto vg, auto vu, auto vdy) HWY_ATTR {
          return VecPair<decltype(d)>{hn::Mul(hn::Mul(vdy, vu), Slope(d, vg, q.p)), hn::Mul(vdy, Gate(d, vg, q.p))};
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
