#include "lab/experiments/format.h"

#include <cmath>
#include <cstdio>

namespace actlab::lab {

std::string Format(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string Format(const MeanStd& m, int digits) { return Format(m.mean, digits) + " ± " + Format(m.std, 2); }

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? separator : "") + parts[i];
  return s;
}

std::string Join(const std::vector<double>& values, int digits) {
  std::vector<std::string> parts;
  for (double v : values) parts.push_back(Format(v, digits));
  return Join(parts);
}

}  // namespace actlab::lab
