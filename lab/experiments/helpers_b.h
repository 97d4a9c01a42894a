// Small helpers shared by EXP-03, EXP-07, EXP-08, EXP-09 and EXP-21: random matrices, a
// least-squares slope, curves averaged over runs.
#pragma once

#include <Eigen/QR>
#include <algorithm>
#include <string>
#include <vector>

#include "lab/engine/tensor.h"
#include "lab/experiments/experiment.h"

// In their own namespace, so that other experiments' helpers of the same name cannot clash.
namespace actlab::lab::lab_b {

// rows x cols of N(0, std^2).
inline Matrix GaussianMatrix(int rows, int cols, double std, Rng& rng) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.Normal(0, std);
  return m;
}

// A Haar-random orthogonal n x n matrix: QR of a Gaussian matrix, with the signs fixed by R's
// diagonal (without the fix the distribution is not uniform over the orthogonal group).
inline Matrix RandomOrthogonal(int n, Rng& rng) {
  const Eigen::MatrixXd a = GaussianMatrix(n, n, 1, rng);
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ();
  for (int j = 0; j < n; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) *= -1;
  }
  return q;
}

// Least-squares slope of y against x.
inline double FitSlope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  return sxy / sxx;
}

// 1, 2, ..., n.
inline std::vector<double> Count(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = double(i + 1);
  return v;
}

// Element-wise mean of equal-length curves, one per run.
inline std::vector<double> MeanCurve(const std::vector<std::vector<double>>& runs) {
  std::vector<double> mean(runs.empty() ? 0 : runs[0].size(), 0.0);
  for (const auto& run : runs) {
    for (std::size_t i = 0; i < mean.size(); ++i) mean[i] += run[i] / double(runs.size());
  }
  return mean;
}

// "a, b, c" for a table cell.
inline std::string Join(const std::vector<double>& values, int digits = 3) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + Format(values[i], digits);
  return s;
}

inline double Max(const std::vector<double>& v) {
  double m = v.empty() ? 0 : v[0];
  for (double x : v) m = std::max(m, x);
  return m;
}

inline double Min(const std::vector<double>& v) {
  double m = v.empty() ? 0 : v[0];
  for (double x : v) m = std::min(m, x);
  return m;
}

}  // namespace actlab::lab::lab_b
