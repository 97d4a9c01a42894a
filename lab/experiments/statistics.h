// Statistics the experiments share: mean and spread over seeds, medians, curves averaged over
// runs, a least-squares slope.
#pragma once

#include <vector>

namespace actlab::lab {

struct MeanStd {
  double mean = 0, std = 0;  // std: the sample standard deviation (n - 1)
};
MeanStd Summarise(const std::vector<double>& values);

// The middle value (the mean of the two middle ones for an even count); +-inf sort as numbers.
double Median(std::vector<double> values);

// Element-wise mean of curves, one per run, over the length of the shortest.
std::vector<double> MeanCurve(const std::vector<std::vector<double>>& runs);

// Least-squares slope of y against x.
double FitSlope(const std::vector<double>& x, const std::vector<double>& y);

double Min(const std::vector<double>& values);  // 0 for none
double Max(const std::vector<double>& values);  // 0 for none

}  // namespace actlab::lab
