#include "lab/experiments/statistics.h"

#include <algorithm>
#include <cmath>

namespace actlab::lab {

MeanStd Summarise(const std::vector<double>& values) {
  MeanStd m;
  if (values.empty()) return m;
  for (double v : values) m.mean += v;
  m.mean /= double(values.size());
  for (double v : values) m.std += (v - m.mean) * (v - m.mean);
  m.std = values.size() > 1 ? std::sqrt(m.std / double(values.size() - 1)) : 0;
  return m;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<double> MeanCurve(const std::vector<std::vector<double>>& runs) {
  std::size_t length = runs.empty() ? 0 : runs[0].size();
  for (const auto& run : runs) length = std::min(length, run.size());
  std::vector<double> mean(length, 0.0);
  for (std::size_t i = 0; i < length; ++i) {
    for (const auto& run : runs) mean[i] += run[i];
    mean[i] /= double(runs.size());  // as Summarise: the mean of column i is Summarise's mean
  }
  return mean;
}

double FitSlope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
  return sxy / sxx;
}

double Min(const std::vector<double>& v) {
  double m = v.empty() ? 0 : v[0];
  for (double x : v) m = std::min(m, x);
  return m;
}

double Max(const std::vector<double>& v) {
  double m = v.empty() ? 0 : v[0];
  for (double x : v) m = std::max(m, x);
  return m;
}

}  // namespace actlab::lab
