// Numbers as the report writes them: one formatter for tables, texts and figure data.
#pragma once

#include <string>
#include <vector>

#include "lab/experiments/statistics.h"

namespace actlab::lab {

// printf's %g with `digits` significant digits; "nan", "inf", "-inf".
std::string Format(double v, int digits = 4);
// "mean ± std", the std to 2 digits.
std::string Format(const MeanStd& m, int digits = 3);

// "a, b, c" (or with another separator) for a table cell or a sentence.
std::string Join(const std::vector<std::string>& parts, const std::string& separator = ", ");
// The same, each value through Format.
std::string Join(const std::vector<double>& values, int digits = 4);

}  // namespace actlab::lab
