// The row loops (Layout::kRows: softmax, log_softmax): rows of `dim` elements (0: the whole array
// is one row), each reduced to its statistics (SoftmaxRow: the maximum, the sum of e^(x - m)),
// then mapped. The activation supplies the math per element over those statistics (struct
// Softmax, LogSoftmax with kRows):
//   Output(d, row, x), SpecialOutput(row, x)           forward; Special*: rows with NaN or +-inf
//   Reduce(d, row, x, dy), Gradient(d, row, r, x, dy)   backward from x: r = sum of Reduce
//   SpecialReduce(row, x, dy), SpecialGradient(row, r, x, dy)
//   ReduceFromOutput(d, y, dy), GradientFromOutput(d, r, y, dy)
// and for the fast tier (float32 where kFloatKernels, FastRows below: one exponential per element)
//   kFastOutputOfExp: FastOutput(d, fast, v) takes v = e^(x - m) (stored in y on the way), or x
//   FastReduce(d, e, dy), FastGradient(d, fast, e, dy)  with e kept in dx unless dx is dy itself.

#if defined(ACTLAB_KERNELS_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_KERNELS_ROWS_INL_H_
#undef ACTLAB_KERNELS_ROWS_INL_H_
#else
#define ACTLAB_KERNELS_ROWS_INL_H_
#endif

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/loops-inl.h"
#include "kernels/table.h"
#include "math/fast-inl.h"
#include "math/functions-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// Row statistics for softmax and log_softmax: the maximum m, and sum e^(x - m) split as
// 1 + rest (rest: every element but the first maximal one) so that log_softmax can use log1p.
// Rows with a NaN or an infinite maximum ("special") take the scalar limits below; the others run
// on vectors, in two parts (float64; float32 on AVX-512) or in double.
struct SoftmaxRow {
  double m = -std::numeric_limits<double>::infinity(), rest = 0;
  size_t first_max = 0, inf_count = 0;
  bool nan = false;
  // Rows in parts: rest + rest_lo carried in two parts (a compensated sum of terms in two parts),
  // 1 + rest = sum_hi + sum_lo, log1p(rest) = log_hi + log_lo (long double; two floats for float
  // lanes), so that every probability and log-probability rounds once (parts-inl.h).
  double rest_lo = 0, sum_hi = 1, sum_lo = 0, log_hi = 0, log_lo = 0;

  template <typename T>
  SoftmaxRow(const T* x, size_t dim) {
    nan = MaxAndNaN(x, dim, m);
    if (nan) return;
    first_max = static_cast<size_t>(std::find(x, x + dim, static_cast<T>(m)) - x);
    if (m == std::numeric_limits<double>::infinity()) inf_count = static_cast<size_t>(std::count(x, x + dim, m));
    if (Special()) return;
    if constexpr (std::is_same_v<T, double> || kFloatKernels) {
      RestInParts(x, first_max);
      RestInParts(x + first_max + 1, dim - first_max - 1);
      ScalarTwoSum(rest, 1.0, sum_hi, sum_lo);  // rest may exceed 1
      sum_lo += rest_lo;
      const long double log = std::log1p(static_cast<long double>(rest) + rest_lo);
      log_hi = static_cast<double>(log);
      log_lo = static_cast<double>(log - log_hi);
      if constexpr (std::is_same_v<T, float>) {  // the two parts as floats, for float lanes
        SplitToFloats(sum_hi, sum_lo);
        SplitToFloats(log_hi, log_lo);
      }
    } else {
      const auto exp_shifted = [this](auto d, auto vx, auto) HWY_ATTR { return ExpShifted(d, vx); };
      rest = SumTransform(x, x, first_max, exp_shifted) +
             SumTransform(x + first_max + 1, x + first_max + 1, dim - first_max - 1, exp_shifted);
    }
  }
  // hi + lo (doubles) as two floats, hi the rounded sum.
  static void SplitToFloats(double& hi, double& lo) {
    const double h = static_cast<float>(hi);
    lo = static_cast<float>((hi - h) + lo);
    hi = h;
  }
  // rest += sum of e^(x - m) over n elements (float64, or float32 in float lanes on AVX-512):
  // the terms in two parts, their high parts summed with their errors (TwoSum per lane, then
  // across lanes in double), the low parts plainly.
  template <typename T>
  void RestInParts(const T* x, size_t n) {
    using D = hn::ScalableTag<T>;
    const D d;
    const size_t N = hn::Lanes(d);
    V<D> hi = hn::Zero(d), err = hn::Zero(d);
    const auto add = [&](V<D> vx) HWY_ATTR {
      const Parts<D> e = ExpShiftedParts(d, vx);
      const Two<D> sum = TwoSum<D>(hi, parts::Scale(d, e.hi, e.k));
      hi = sum.hi;
      err = hn::Add(err, hn::Add(sum.lo, parts::Scale(d, e.lo, e.k)));
    };
    size_t i = 0;
    for (; i + N <= n; i += N) add(hn::LoadU(d, x + i));
    if (i < n) {  // the tail padded with -inf, whose terms are 0
      alignas(64) T buf[HWY_MAX_BYTES / sizeof(T)];
      std::fill(buf, buf + N, -std::numeric_limits<T>::infinity());
      std::copy(x + i, x + n, buf);
      add(hn::LoadU(d, buf));
    }
    alignas(64) T lanes_hi[HWY_MAX_BYTES / sizeof(T)], lanes_err[HWY_MAX_BYTES / sizeof(T)];
    hn::StoreU(hi, d, lanes_hi);
    hn::StoreU(err, d, lanes_err);
    for (size_t j = 0; j < N; ++j) {
      double err;
      ScalarTwoSum(rest, double(lanes_hi[j]), rest, err);
      rest_lo += err + double(lanes_err[j]);
    }
  }
  // a + b = sum + err exactly (TwoSum, on scalars). sum may alias a.
  static void ScalarTwoSum(double a, double b, double& sum, double& err) {
    const double s = a + b, bb = s - a;
    err = (a - (s - bb)) + (b - bb);
    sum = s;
  }
  bool Special() const { return nan || std::isinf(m); }

  // The row's maximum m over vectors; true for a row holding NaN (whose m is not used).
  template <typename T>
  static bool MaxAndNaN(const T* x, size_t dim, double& m) {
    const hn::ScalableTag<T> d;
    const size_t N = hn::Lanes(d);
    auto vmax = hn::Set(d, -std::numeric_limits<T>::infinity());
    m = -std::numeric_limits<double>::infinity();
    size_t j = 0;
    for (; j + N <= dim; j += N) {
      const auto v = hn::LoadU(d, x + j);
      if (!hn::AllFalse(d, hn::IsNaN(v))) return true;
      vmax = hn::Max(vmax, v);
    }
    m = dim >= N ? static_cast<double>(hn::GetLane(hn::MaxOfLanes(d, vmax))) : m;
    for (; j < dim; ++j) {
      if (std::isnan(x[j])) return true;
      m = std::max(m, static_cast<double>(x[j]));
    }
    return false;
  }

  // x - m = diff + error exactly (TwoSum).
  template <class D>
  Two<D> Shifted(D d, V<D> x) const {
    return TwoSum<D>(x, Const(d, -m));
  }
  // e^(x - m) with the rounding error of x - m carried (TwoSum), so that an entry far below the
  // maximum keeps its relative precision; 0 at x = -inf (where the error term is inf - inf).
  template <class D>
  V<D> ExpShifted(D d, V<D> x) const {
    const auto [diff, error] = Shifted(d, x);
    const V<D> e = hn::Mul(Exponential(d, diff), hn::Add(Const(d, 1.0), error));
    return hn::IfThenZeroElse(hn::Eq(x, Const(d, -std::numeric_limits<double>::infinity())), e);
  }
  // float64: e^(x - m) = 2^k (hi + lo), x - m's rounding error folded into lo; 0 at x = -inf.
  template <class D>
  Parts<D> ExpShiftedParts(D d, V<D> x) const {
    const auto [diff, error] = Shifted(d, x);
    Parts<D> e = parts::SplitExp(d, diff);
    const auto zero = hn::Eq(x, Const(d, -std::numeric_limits<double>::infinity()));
    e.lo = hn::IfThenZeroElse(zero, hn::MulAdd(e.hi, error, e.lo));
    e.hi = hn::IfThenZeroElse(zero, e.hi);
    return e;
  }
  template <class D>
  V<D> Prob(D d, V<D> x) const {
    if constexpr (kInParts<D>) {
      const Parts<D> e = ExpShiftedParts(d, x);
      const Two<D> q = parts::Quotient(d, e.hi, e.lo, Const(d, sum_hi), Const(d, sum_lo));
      return parts::Round(d, Parts<D>{q.hi, q.lo, e.k});
    } else {
      return Divide(d, ExpShifted(d, x), Const(d, 1.0 + rest));
    }
  }
  // (x - m) - log1p(rest), the rounding error of x - m added back (float64: the difference with
  // log1p's high part exact, TwoSum).
  template <class D>
  V<D> LogProb(D d, V<D> x) const {
    const auto [diff, error] = Shifted(d, x);
    V<D> y;
    if constexpr (kInParts<D>) {
      const auto [sum, e] = TwoSum<D>(diff, Const(d, -log_hi));
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

// The fast tier's rows (float32 where kFloatKernels): one exponential per element, in float.
// Exp writes e_j = e^(x_j - m) to out (if not null; the rounding error of x_j - m folded in, so
// that entries far below the maximum keep their relative precision) and sums e_j (and
// Op::FastReduce(e_j, dy_j) for dy not null), per lane in two floats, then in double; `rest`
// leaves out one e_j = 1 of an entry at the maximum, so that log_softmax can take log1p(rest).
// The caller has taken the rows whose maximum is NaN or infinite. A template on the float
// descriptor, so that targets without fast math never instantiate it.
template <class D>
struct FastRows {
  struct Sums {
    double rest = 0, reduce = 0;
  };
  static V<D> Exp(D d, V<D> x, V<D> m) {
    const auto [diff, err] = TwoSum<D>(x, hn::Neg(m));
    const V<D> e = fast::Exponential<true>(d, diff);
    return hn::IfThenZeroElse(hn::Eq(x, Const(d, -HUGE_VAL)), hn::MulAdd(e, err, e));
  }
  template <class Op>
  static Sums Exp(const float* x, const float* w, float* out, size_t n, float m) {
    const D d;
    const size_t N = hn::Lanes(d);
    const V<D> vm = hn::Set(d, m);
    // Per lane in two floats (TwoSum), the lanes then in double.
    Two<D> rest{hn::Zero(d), hn::Zero(d)}, reduce{hn::Zero(d), hn::Zero(d)};
    const auto accumulate = [](Two<D> total, V<D> v) HWY_ATTR {  // the sum's error into lo
      const Two<D> sum = TwoSum<D>(total.hi, v);
      return Two<D>{sum.hi, hn::Add(total.lo, sum.lo)};
    };
    size_t at_max = 0;
    const auto add = [&](V<D> vx, V<D> e, size_t i, auto valid) HWY_ATTR {
      if (out) hn::BlendedStore(e, valid, d, out + i);
      const auto is_max = hn::And(valid, hn::Eq(vx, vm));
      at_max += hn::CountTrue(d, is_max);
      rest = accumulate(rest, hn::IfThenZeroElse(is_max, e));
      if (w) reduce = accumulate(reduce, Op::FastReduce(d, e, hn::MaskedLoad(valid, d, w + i)));
    };
    size_t i = 0;
    for (; i + N <= n; i += N) {
      const V<D> vx = hn::LoadU(d, x + i);
      add(vx, Exp(d, vx, vm), i, hn::FirstN(d, N));
    }
    if (i < n) {
      const auto valid = hn::FirstN(d, n - i);
      const V<D> vx = hn::MaskedLoad(valid, d, x + i);
      add(vx, hn::IfThenElseZero(valid, Exp(d, vx, vm)), i, valid);
    }
    const auto total = [&](Two<D> lanes) {
      float h[HWY_MAX_BYTES / sizeof(float)], l[HWY_MAX_BYTES / sizeof(float)];
      hn::StoreU(lanes.hi, d, h);
      hn::StoreU(lanes.lo, d, l);
      double sum = 0;
      for (size_t j = 0; j < N; ++j) sum += double(h[j]) + double(l[j]);
      return sum;
    };
    return {double(at_max - 1) + total(rest), total(reduce)};
  }
  // out[i] = fn(d, a[i], b[i]) over float vectors, the tail masked; out may be a or b.
  template <class Fn>
  static void Map(const float* a, const float* b, float* out, size_t n, const Fn& fn) {
    const D d;
    const size_t N = hn::Lanes(d);
    size_t i = 0;
    for (; i + N <= n; i += N) hn::StoreU(fn(d, hn::LoadU(d, a + i), hn::LoadU(d, b + i)), d, out + i);
    if (i < n) {
      const auto valid = hn::FirstN(d, n - i);
      hn::BlendedStore(fn(d, hn::MaskedLoad(valid, d, a + i), hn::MaskedLoad(valid, d, b + i)), valid, d, out + i);
    }
  }
  // c as two floats, hi + lo.
  static Two<D> Split(double c) {
    const D d;
    return {hn::Set(d, float(c)), hn::Set(d, float(c - double(float(c))))};
  }
  // The row's maximum as a float, or false for a row that takes the exact tier's limits.
  static bool Max(const float* x, size_t dim, float& m) {
    double max;
    const bool nan = SoftmaxRow::MaxAndNaN(x, dim, max);
    m = float(max);
    return !nan && std::isfinite(max);
  }
};

// One row's statistics for the fast tier's math: 1 / s (s the sum of e^(x - m)) and log1p(rest)
// as two floats, the row's FastReduce sum, and m.
template <class D>
struct FastRowStats {
  Two<D> r, log;
  V<D> reduce, m;
  template <class Sums>
  FastRowStats(const Sums& sums, hn::TFromD<D> max)
      : r(FastRows<D>::Split(1 / (1 + sums.rest))),
        log(FastRows<D>::Split(std::log1p(sums.rest))),
        reduce(hn::Set(D(), hn::TFromD<D>(sums.reduce))),
        m(hn::Set(D(), max)) {}
  // e r, rounded about once.
  V<D> TimesReciprocal(V<D> e) const {
    const V<D> p = hn::Mul(e, r.hi);
    return hn::Add(p, hn::MulAdd(e, r.lo, hn::MulSub(e, r.hi, p)));
  }
};

// The lanes a row's elements are computed in: float32 in float lanes on AVX-512 (two parts,
// parts-inl.h), else in double.
template <typename T>
using InRowLanes = std::conditional_t<std::is_same_v<T, float> && !kFloatKernels, double, T>;

// One row of the exact tier, forward and backward from x: every row of RowTable, and the fast
// tier's rows with a NaN or an infinite maximum.
template <class Op, typename T>
void ExactRowForward(const T* x, T* y, size_t dim) {
  const SoftmaxRow row(x, dim);
  if (row.Special()) {
    for (size_t j = 0; j < dim; ++j) y[j] = T(Op::SpecialOutput(row, x[j]));
    return;
  }
  Transform<InRowLanes<T>>(x, static_cast<const T*>(nullptr), y, dim,
                           [&row](auto d, auto vx, auto) HWY_ATTR { return Op::Output(d, row, vx); });
}
template <class Op, typename T>
void ExactRowBackward(const T* x, const T* dy, T* dx, size_t dim) {
  const SoftmaxRow row(x, dim);
  if (row.Special()) {
    double r = 0;
    for (size_t j = 0; j < dim; ++j) r += Op::SpecialReduce(row, double(x[j]), double(dy[j]));
    for (size_t j = 0; j < dim; ++j) dx[j] = T(Op::SpecialGradient(row, r, double(x[j]), double(dy[j])));
    return;
  }
  const double r = SumTransform(x, dy, dim, [&row](auto d, auto vx, auto vdy) HWY_ATTR {
    return Op::Reduce(d, row, vx, vdy);
  });
  Transform<InRowLanes<T>>(x, dy, dx, dim, [&row, r](auto d, auto vx, auto vdy) HWY_ATTR {
    return Op::Gradient(d, row, r, vx, vdy);
  });
}

template <class Op, typename T>
kernels::Table<T> RowTable() {
  kernels::Table<T> t;
  t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) { ExactRowForward<Op>(x + i, y + i, dim); });
  };
  t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) { ExactRowBackward<Op>(x + i, dy + i, dx + i, dim); });
  };
  t.from_output = [](const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
      const double r = SumTransform(y + i, dy + i, dim, [](auto d, auto vy, auto vdy) HWY_ATTR {
        return Op::ReduceFromOutput(d, vy, vdy);
      });
      Transform<double>(y + i, dy + i, dx + i, dim, [r](auto d, auto vy, auto vdy) HWY_ATTR {
        return Op::GradientFromOutput(d, r, vy, vdy);
      });
    });
  };
  return t;
}

// The fast tier's row: the exact row's forward and backward replaced (from y stays exact); rows
// with a NaN or an infinite maximum run the exact row (ExactRowForward, ExactRowBackward). float: a template, so that targets
// without fast math never instantiate it.
template <class Op, typename T>
kernels::Table<T> RowFastTable(const kernels::Table<T>& exact) {
  kernels::Table<T> t = exact;
  if constexpr (kFloatKernels) {
    using D = hn::ScalableTag<T>;
    using R = FastRows<D>;
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        T m;
        if (!R::Max(x + i, dim, m)) return ExactRowForward<Op>(x + i, y + i, dim);
        constexpr bool kOfExp = Op::kFastOutputOfExp;
        const FastRowStats<D> f(R::template Exp<Op>(x + i, nullptr, kOfExp ? y + i : nullptr, dim, m), m);
        R::Map(kOfExp ? y + i : x + i, y + i, y + i, dim, [&f](auto d, auto v, auto) HWY_ATTR { return Op::FastOutput(d, f, v); });
      });
    };
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        T m;
        if (!R::Max(x + i, dim, m)) return ExactRowBackward<Op>(x + i, dy + i, dx + i, dim);
        const bool keep = dx != dy;
        const FastRowStats<D> f(R::template Exp<Op>(x + i, dy + i, keep ? dx + i : nullptr, dim, m), m);
        R::Map(keep ? dx + i : x + i, dy + i, dx + i, dim, [&f, keep](auto d, auto v, auto vdy) HWY_ATTR {
          return Op::FastGradient(d, f, keep ? v : R::Exp(d, v, f.m), vdy);
        });
      });
    };
  }
  return t;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
