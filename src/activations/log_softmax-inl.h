// Log-softmax over the last axis: y_j = x_j - m - log(sum_k e^(x_k - m)), with the sum written
// 1 + rest and log1p(rest), so the largest entry keeps full relative precision. dx = dy - e^y
// sum dy. Same rows, limits and NaN rule as softmax. PyTorch's nn.LogSoftmax.
#include "activations/softmax-inl.h"

#ifndef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_DEF_
#define ACTLAB_ACTIVATIONS_LOG_SOFTMAX_DEF_
#include "definition.h"
namespace actlab::def {
inline const Definition kLogSoftmax{
    .info = {.kind = Kind::LogSoftmax,
             .name = "log_softmax",
             .summary = "log of softmax over the last axis, without overflow",
             .formula = "y_j = x_j - log(sum_k exp(x_k))",
             .formula_latex = R"(y_j = x_j - \ln\textstyle\sum_k e^{x_k})",
             .derivative = "dx_j = dy_j - exp(y_j) * sum_k dy_k",
             .derivative_latex = R"(\partial x_j = \partial y_j - e^{y_j}\textstyle\sum_k \partial y_k)",
             .derivative_from_output = "dx_j = dy_j - exp(y_j) * sum_k dy_k",
             .range = "(-inf, 0)",
             .kinks = "none",
             .properties = {.monotonic = false, .smoothness = "C^inf", .bounded_above = true,
                            .bounded_below = false, .zero_centred = false,
                            .saturating = "yes", .sparse = false},
             .params = kRowParams,
             .layout = Layout::kRows,
             .ulp_f32 = 1, .ulp_f64 = 1, .ulp_f32_fast = 3,
             .seeds = "-",
             .reference = "-"},
    // (x_j - m) - log1p(sum of the others): log(softmax) would lose the largest entry's digits.
    .row_forward = [](const auto* x, const auto*, auto* y, std::size_t dim) {
      std::size_t top = 0;
      for (std::size_t j = 1; j < dim; ++j) top = x[j] > x[top] ? j : top;
      std::remove_cvref_t<decltype(*x)> rest = 0;
      for (std::size_t j = 0; j < dim; ++j) rest += j == top ? 0 : ref::exp(x[j] - x[top]);
      for (std::size_t j = 0; j < dim; ++j) y[j] = (x[j] - x[top]) - ref::log1p(rest);
    },
    .row_backward = [](const auto* x, const auto* dy, auto* dx, std::size_t dim) {
      SoftmaxRowReference(x, dx, dim);
      std::remove_cvref_t<decltype(*x)> sum = 0;
      for (std::size_t j = 0; j < dim; ++j) sum += dy[j];
      for (std::size_t j = 0; j < dim; ++j) dx[j] = dy[j] - dx[j] * sum;
    },
};
}  // namespace actlab::def
#endif

#if defined(ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#undef ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#else
#define ACTLAB_ACTIVATIONS_LOG_SOFTMAX_INL_H_
#endif
#include "math/functions-inl.h"
HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE::ops {
struct LogSoftmax {
  template <typename T>
  static void Forward(const T* x, T* y, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
      const SoftmaxRow row(x + i, dim);
      if (row.Special()) {
        for (size_t j = 0; j < dim; ++j) y[i + j] = T(row.SpecialLogProb(x[i + j]));
        return;
      }
      Transform<double>(x + i, static_cast<const T*>(nullptr), y + i, dim,
                        [&row](auto d, auto vx, auto) HWY_ATTR { return row.LogProb(d, vx); });
    });
  }
  // dx = dy - softmax(x) * sum(dy).
  template <typename T>
  static void Backward(const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
      const SoftmaxRow row(x + i, dim);
      const double sum = SumTransform(dy + i, dy + i, dim, [](auto, auto vdy, auto) HWY_ATTR { return vdy; });
      if (row.Special()) {
        for (size_t j = 0; j < dim; ++j) dx[i + j] = T(double(dy[i + j]) - row.SpecialProb(x[i + j]) * sum);
        return;
      }
      Transform<double>(x + i, dy + i, dx + i, dim, [&row, sum](auto d, auto vx, auto vdy) HWY_ATTR {
        return hn::NegMulAdd(row.Prob(d, vx), Const(d, sum), vdy);
      });
    });
  }
  template <typename T>
  static void FromOutput(const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
    ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
      const double sum = SumTransform(dy + i, dy + i, dim, [](auto, auto vdy, auto) HWY_ATTR { return vdy; });
      Transform<double>(y + i, dy + i, dx + i, dim, [sum](auto d, auto vy, auto vdy) HWY_ATTR {
        const V<decltype(d)> dx = hn::NegMulAdd(Exponential(d, vy), Const(d, sum), vdy);
        return hn::IfThenElse(hn::IsNaN(vy), vy, dx);  // Highway's Exp gives 0 for NaN
      });
    });
  }
  template <typename T>
  static kernels::Table<T> MakeTable() {
    kernels::Table<T> t;
    t.forward = Forward<T>;
    t.backward = Backward<T>;
    t.from_output = FromOutput<T>;
    return t;
  }
  // The fast tier: y = ((x - m) - log1p(rest)) with x - m's rounding error and log1p in two
  // floats; dx = dy - e sum(dy) / s, e kept in dx on the way unless dx is dy itself. Backward
  // from y is the exact one.
  template <typename T>  // float: a template, so that targets without fast math never instantiate it
  static kernels::Table<T> MakeFastTable(const kernels::Table<T>& exact) {
    kernels::Table<T> t = exact;
    if constexpr (kFloatKernels) {
      using R = FastRows<hn::ScalableTag<T>>;
      using DF = hn::ScalableTag<T>;
      t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
        ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
          T m;
          if (!R::Max(x + i, dim, m)) return Forward(x + i, y + i, dim, a);
          V<DF> hi, lo;
          R::Split(std::log1p(R::Exp(x + i, nullptr, nullptr, dim, m).rest), hi, lo);
          const V<DF> vm = hn::Set(DF(), m);
          R::Map(x + i, x + i, y + i, dim, [&](auto, auto vx, auto) HWY_ATTR {
            V<DF> diff, err;
            TwoSum<DF>(vx, hn::Neg(vm), diff, err);
            const auto y = hn::Add(hn::Sub(diff, hi), hn::Sub(err, lo));
            return hn::IfThenElse(hn::IsInf(diff), diff, y);
          });
        });
      };
      t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
        ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
          T m;
          if (!R::Max(x + i, dim, m)) return Backward(x + i, dy + i, dx + i, dim, a);
          const bool keep = dx != dy;
          const double rest = R::Exp(x + i, nullptr, keep ? dx + i : nullptr, dim, m).rest;
          const double sum = SumTransform(dy + i, dy + i, dim, [](auto, auto vdy, auto) HWY_ATTR { return vdy; });
          const V<DF> scale = hn::Set(DF(), float(sum / (1 + rest))), vm = hn::Set(DF(), m);
          R::Map(keep ? dx + i : x + i, dy + i, dx + i, dim, [&](auto d, auto v, auto vdy) HWY_ATTR {
            return hn::NegMulAdd(keep ? v : R::Exp(d, v, vm), scale, vdy);
          });
        });
      };
    }
    return t;
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
