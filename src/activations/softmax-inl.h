// Softmax over the last axis: y_j = e^(x_j - m) / sum_k e^(x_k - m), m the row maximum (so no
// overflow); rows of `dim` elements (0: the whole array is one row). dx = y (dy - sum dy y), from
// y or recomputing y from x. Limits: a row with +inf shares 1 among its +inf entries; a NaN makes
// its row NaN; a row of only -inf is NaN (no limit). Not an elementwise function: PyTorch's
// nn.Softmax. Computed in double for float32 and double.

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/table.h"

#ifndef ACTLAB_ACTIVATIONS_SOFTMAX_DEF_
#define ACTLAB_ACTIVATIONS_SOFTMAX_DEF_
#include <type_traits>

#include "activations/definition.h"
namespace actlab::def {
inline constexpr ParamInfo kRowParams[] = {
    {.name = "dim", .default_value = 0, .min = 0, .max = 1e15, .integer = true,
     .doc = "row length (size of the last axis); 0: the whole input is one row"}};
// Reference rows, straight from the definition.
template <class R>
void SoftmaxRowReference(const R* x, R* y, std::size_t dim) {
  R m = -ref::Inf(R(0)), s = 0;
  for (std::size_t j = 0; j < dim; ++j) m = ref::fmax(m, x[j]);
  for (std::size_t j = 0; j < dim; ++j) s += ref::exp(x[j] - m);
  for (std::size_t j = 0; j < dim; ++j) y[j] = ref::exp(x[j] - m) / s;
}
inline const Definition kSoftmax{
    .info = {.kind = Kind::Softmax,
             .name = "softmax",
             .summary = "normalised exponentials over the last axis",
             .formula = "y_j = exp(x_j) / sum_k exp(x_k)",
             .formula_latex = R"(y_j = \frac{e^{x_j}}{\sum_k e^{x_k}})",
             .derivative = "dx_j = y_j * (dy_j - sum_k dy_k y_k)",
             .derivative_latex = R"(\partial x_j = y_j(\partial y_j - \textstyle\sum_k \partial y_k\,y_k))",
             .derivative_from_output = "dx_j = y_j * (dy_j - sum_k dy_k y_k)",
             .range = "(0, 1), rows sum to 1",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = true, .zero_centred = false,
                            .saturating = "yes", .sparse = false},
             .params = kRowParams,
             .layout = Layout::kRows,
             .ulp_f32 = 2, .ulp_f64 = 4,
             .seeds = "-",
             .reference = "Bridle 1990"},
    .row_forward = [](const auto* x, const auto*, auto* y, std::size_t dim) { SoftmaxRowReference(x, y, dim); },
    .row_backward = [](const auto* x, const auto* dy, auto* dx, std::size_t dim) {
      SoftmaxRowReference(x, dx, dim);
      std::remove_cvref_t<decltype(*x)> dot = 0;
      for (std::size_t j = 0; j < dim; ++j) dot += dy[j] * dx[j];
      for (std::size_t j = 0; j < dim; ++j) dx[j] *= dy[j] - dot;
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#undef ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#else
#define ACTLAB_ACTIVATIONS_SOFTMAX_INL_H_
#endif
#include "kernels/driver-inl.h"  // Transform and SumTransform: the row loops
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
// Row statistics for softmax and log_softmax: the maximum m, and sum e^(x - m) split as
// 1 + rest (rest: every element but the first maximal one) so that log_softmax can use log1p.
// Rows with a NaN or an infinite maximum ("special") take the scalar limits below; the others run
// on vectors, in double.
struct SoftmaxRow {
  double m = -std::numeric_limits<double>::infinity(), rest = 0;
  size_t first_max = 0, inf_count = 0;
  bool nan = false;

  template <typename T>
  SoftmaxRow(const T* x, size_t dim) {
    MaxAndNaN(x, dim);
    if (nan) return;
    first_max = static_cast<size_t>(std::find(x, x + dim, static_cast<T>(m)) - x);
    if (m == std::numeric_limits<double>::infinity()) inf_count = static_cast<size_t>(std::count(x, x + dim, m));
    if (Special()) return;
    const auto exp_shifted = [this](auto d, auto vx, auto) HWY_ATTR { return ExpShifted(d, vx); };
    rest = SumTransform(x, x, first_max, exp_shifted) +
           SumTransform(x + first_max + 1, x + first_max + 1, dim - first_max - 1, exp_shifted);
  }
  bool Special() const { return nan || std::isinf(m); }

  // m and nan over vectors (the maximum of a row holding NaN is not used).
  template <typename T>
  void MaxAndNaN(const T* x, size_t dim) {
    const hn::ScalableTag<T> d;
    const size_t N = hn::Lanes(d);
    auto vmax = hn::Set(d, -std::numeric_limits<T>::infinity());
    size_t j = 0;
    for (; j + N <= dim; j += N) {
      const auto v = hn::LoadU(d, x + j);
      if (!hn::AllFalse(d, hn::IsNaN(v))) {
        nan = true;
        return;
      }
      vmax = hn::Max(vmax, v);
    }
    m = dim >= N ? static_cast<double>(hn::GetLane(hn::MaxOfLanes(d, vmax))) : m;
    for (; j < dim; ++j) {
      if (std::isnan(x[j])) {
        nan = true;
        return;
      }
      m = std::max(m, static_cast<double>(x[j]));
    }
  }

  // e^(x - m) with the rounding error of x - m carried (TwoSum), so that an entry far below the
  // maximum keeps its relative precision; 0 at x = -inf (where the error term is inf - inf).
  template <class D>
  V<D> ExpShifted(D d, V<D> x) const {
    const V<D> vm = Const(d, m), diff = hn::Sub(x, vm), back = hn::Sub(diff, x);
    const V<D> error = hn::Add(hn::Sub(x, hn::Sub(diff, back)), hn::Sub(hn::Neg(vm), back));
    const V<D> e = hn::Mul(Exponential(d, diff), hn::Add(Const(d, 1.0), error));
    return hn::IfThenZeroElse(hn::Eq(x, Const(d, -std::numeric_limits<double>::infinity())), e);
  }
  template <class D>
  V<D> Prob(D d, V<D> x) const {
    return Divide(d, ExpShifted(d, x), Const(d, 1.0 + rest));
  }
  // (x - m) - log1p(rest), the rounding error of x - m added back.
  template <class D>
  V<D> LogProb(D d, V<D> x) const {
    const V<D> vm = Const(d, m), diff = hn::Sub(x, vm), back = hn::Sub(diff, x);
    const V<D> error = hn::Add(hn::Sub(x, hn::Sub(diff, back)), hn::Sub(hn::Neg(vm), back));
    const V<D> y = hn::Add(diff, hn::Sub(error, Const(d, std::log1p(rest))));
    return hn::IfThenElse(hn::IsInf(diff), diff, y);
  }
  // The limits of special rows: NaN rows, +inf entries sharing the mass, an all -inf row.
  double SpecialProb(double x) const {
    if (nan || m == -std::numeric_limits<double>::infinity()) return std::numeric_limits<double>::quiet_NaN();
    return x == m ? 1.0 / double(inf_count) : 0.0;
  }
  double SpecialLogProb(double x) const { return std::log(SpecialProb(x)); }
};

// Walks the rows of `dim` elements (dim 0: one row of n).
template <class Fn>
void ForEachRow(size_t n, size_t dim, const Fn& fn) {
  if (dim == 0) dim = n;
  for (size_t i = 0; i < n; i += dim) fn(i, dim);
}

struct Softmax {
  template <typename T>
  static kernels::Table<T> MakeTable() {
    kernels::Table<T> t;
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        const SoftmaxRow row(x + i, dim);
        if (row.Special()) {
          for (size_t j = 0; j < dim; ++j) y[i + j] = T(row.SpecialProb(x[i + j]));
          return;
        }
        Transform<double>(x + i, static_cast<const T*>(nullptr), y + i, dim,
                          [&row](auto d, auto vx, auto) HWY_ATTR { return row.Prob(d, vx); });
      });
    };
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        const SoftmaxRow row(x + i, dim);
        if (row.Special()) {
          double dot = 0;
          for (size_t j = 0; j < dim; ++j) dot += double(dy[i + j]) * row.SpecialProb(x[i + j]);
          for (size_t j = 0; j < dim; ++j) dx[i + j] = T(row.SpecialProb(x[i + j]) * (double(dy[i + j]) - dot));
          return;
        }
        const double dot = SumTransform(x + i, dy + i, dim, [&row](auto d, auto vx, auto vdy) HWY_ATTR {
          return hn::Mul(vdy, row.Prob(d, vx));
        });
        Transform<double>(x + i, dy + i, dx + i, dim, [&row, dot](auto d, auto vx, auto vdy) HWY_ATTR {
          return hn::Mul(row.Prob(d, vx), hn::Sub(vdy, Const(d, dot)));
        });
      });
    };
    t.from_output = [](const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        const double dot = SumTransform(y + i, dy + i, dim, [](auto, auto vy, auto vdy) HWY_ATTR { return hn::Mul(vy, vdy); });
        Transform<double>(y + i, dy + i, dx + i, dim, [dot](auto d, auto vy, auto vdy) HWY_ATTR {
          return hn::Mul(vy, hn::Sub(vdy, Const(d, dot)));
        });
      });
    };
    return t;
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
