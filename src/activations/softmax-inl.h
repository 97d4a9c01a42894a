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

#include "definition.h"
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
             .ulp_f32 = 1, .ulp_f64 = 1,
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
  // float64 rows: rest + rest_lo carried in two parts (a compensated sum of terms in two parts),
  // 1 + rest = sum_hi + sum_lo, log1p(rest) = log_hi + log_lo (long double), so that every
  // probability and log-probability rounds once (parts-inl.h).
  double rest_lo = 0, sum_hi = 1, sum_lo = 0, log_hi = 0, log_lo = 0;

  template <typename T>
  SoftmaxRow(const T* x, size_t dim) {
    MaxAndNaN(x, dim);
    if (nan) return;
    first_max = static_cast<size_t>(std::find(x, x + dim, static_cast<T>(m)) - x);
    if (m == std::numeric_limits<double>::infinity()) inf_count = static_cast<size_t>(std::count(x, x + dim, m));
    if (Special()) return;
    if constexpr (std::is_same_v<T, double>) {
      RestInParts(x, first_max);
      RestInParts(x + first_max + 1, dim - first_max - 1);
      ScalarTwoSum(rest, 1.0, sum_hi, sum_lo);  // rest may exceed 1
      sum_lo += rest_lo;
      const long double log = std::log1p(static_cast<long double>(rest) + rest_lo);
      log_hi = static_cast<double>(log);
      log_lo = static_cast<double>(log - log_hi);
    } else {
      const auto exp_shifted = [this](auto d, auto vx, auto) HWY_ATTR { return ExpShifted(d, vx); };
      rest = SumTransform(x, x, first_max, exp_shifted) +
             SumTransform(x + first_max + 1, x + first_max + 1, dim - first_max - 1, exp_shifted);
    }
  }
  // rest += sum of e^(x - m) over n float64 elements: the terms in two parts, their high parts
  // summed with their errors (TwoSum per lane, then across lanes), the low parts plainly.
  void RestInParts(const double* x, size_t n) {
    using D = hn::ScalableTag<double>;
    const D d;
    const size_t N = hn::Lanes(d);
    V<D> hi = hn::Zero(d), err = hn::Zero(d);
    const auto add = [&](V<D> vx) HWY_ATTR {
      const Parts<D> e = ExpShiftedParts(d, vx);
      V<D> sum, e_sum;
      TwoSum<D>(hi, parts::Scale(d, e.hi, e.k), sum, e_sum);
      hi = sum;
      err = hn::Add(err, hn::Add(e_sum, parts::Scale(d, e.lo, e.k)));
    };
    size_t i = 0;
    for (; i + N <= n; i += N) add(hn::LoadU(d, x + i));
    if (i < n) {  // the tail padded with -inf, whose terms are 0
      alignas(64) double buf[HWY_MAX_BYTES / sizeof(double)];
      std::fill(buf, buf + N, -std::numeric_limits<double>::infinity());
      std::copy(x + i, x + n, buf);
      add(hn::LoadU(d, buf));
    }
    alignas(64) double lanes_hi[HWY_MAX_BYTES / sizeof(double)], lanes_err[HWY_MAX_BYTES / sizeof(double)];
    hn::StoreU(hi, d, lanes_hi);
    hn::StoreU(err, d, lanes_err);
    for (size_t j = 0; j < N; ++j) {
      double err;
      ScalarTwoSum(rest, lanes_hi[j], rest, err);
      rest_lo += err + lanes_err[j];
    }
  }
  // a + b = sum + err exactly (TwoSum, on scalars). sum may alias a.
  static void ScalarTwoSum(double a, double b, double& sum, double& err) {
    const double s = a + b, bb = s - a;
    err = (a - (s - bb)) + (b - bb);
    sum = s;
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

  // x - m = diff + error exactly (TwoSum).
  template <class D>
  void Shifted(D d, V<D> x, V<D>& diff, V<D>& error) const {
    TwoSum<D>(x, Const(d, -m), diff, error);
  }
  // e^(x - m) with the rounding error of x - m carried (TwoSum), so that an entry far below the
  // maximum keeps its relative precision; 0 at x = -inf (where the error term is inf - inf).
  template <class D>
  V<D> ExpShifted(D d, V<D> x) const {
    V<D> diff, error;
    Shifted(d, x, diff, error);
    const V<D> e = hn::Mul(Exponential(d, diff), hn::Add(Const(d, 1.0), error));
    return hn::IfThenZeroElse(hn::Eq(x, Const(d, -std::numeric_limits<double>::infinity())), e);
  }
  // float64: e^(x - m) = 2^k (hi + lo), x - m's rounding error folded into lo; 0 at x = -inf.
  template <class D>
  Parts<D> ExpShiftedParts(D d, V<D> x) const {
    V<D> diff, error;
    Shifted(d, x, diff, error);
    Parts<D> e = parts::SplitExp(d, diff);
    const auto zero = hn::Eq(x, Const(d, -std::numeric_limits<double>::infinity()));
    e.lo = hn::IfThenZeroElse(zero, hn::MulAdd(e.hi, error, e.lo));
    e.hi = hn::IfThenZeroElse(zero, e.hi);
    return e;
  }
  template <class D>
  V<D> Prob(D d, V<D> x) const {
    if constexpr (kInParts<D>) {
      Parts<D> y = ExpShiftedParts(d, x);
      parts::Quotient(d, y.hi, y.lo, Const(d, sum_hi), Const(d, sum_lo), y.hi, y.lo);
      return parts::Round(d, y);
    } else {
      return Divide(d, ExpShifted(d, x), Const(d, 1.0 + rest));
    }
  }
  // (x - m) - log1p(rest), the rounding error of x - m added back (float64: the difference with
  // log1p's high part exact, TwoSum).
  template <class D>
  V<D> LogProb(D d, V<D> x) const {
    V<D> diff, error;
    Shifted(d, x, diff, error);
    V<D> y;
    if constexpr (kInParts<D>) {
      V<D> sum, e;
      TwoSum<D>(diff, Const(d, -log_hi), sum, e);
      y = hn::Add(sum, hn::Add(hn::Add(e, error), Const(d, -log_lo)));
    } else {
      y = hn::Add(diff, hn::Sub(error, Const(d, std::log1p(rest))));
    }
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
