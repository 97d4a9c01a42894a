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
             .ulp_f32 = 1, .ulp_f64 = 1,
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
  static kernels::Table<T> MakeTable() {
    kernels::Table<T> t;
    t.forward = [](const T* x, T* y, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        const SoftmaxRow row(x + i, dim);
        if (row.Special()) {
          for (size_t j = 0; j < dim; ++j) y[i + j] = T(row.SpecialLogProb(x[i + j]));
          return;
        }
        Transform<double>(x + i, static_cast<const T*>(nullptr), y + i, dim,
                          [&row](auto d, auto vx, auto) HWY_ATTR { return row.LogProb(d, vx); });
      });
    };
    // dx = dy - softmax(x) * sum(dy).
    t.backward = [](const T* x, const T* dy, T* dx, size_t n, const kernels::Args& a) {
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
    };
    t.from_output = [](const T* y, const T* dy, T* dx, size_t n, const kernels::Args& a) {
      ForEachRow(n, a.dim, [&](size_t i, size_t dim) {
        const double sum = SumTransform(dy + i, dy + i, dim, [](auto, auto vdy, auto) HWY_ATTR { return vdy; });
        Transform<double>(y + i, dy + i, dx + i, dim, [sum](auto d, auto vy, auto vdy) HWY_ATTR {
          const V<decltype(d)> dx = hn::NegMulAdd(Exponential(d, vy), Const(d, sum), vdy);
          return hn::IfThenElse(hn::IsNaN(vy), vy, dx);  // Highway's Exp gives 0 for NaN
        });
      });
    };
    return t;
  }
};
}  // namespace actlab::HWY_NAMESPACE::ops
HWY_AFTER_NAMESPACE();
#endif
