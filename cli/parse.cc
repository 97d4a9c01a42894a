#include "cli/parse.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace actlab::cli {

std::string Number(double v, bool f32) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", f32 ? 9 : 17, v);
  return buf;
}

std::vector<double> Range(const std::string& text) {
  double v[3];
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    const auto r = std::from_chars(p, end, v[i]);
    if (r.ec != std::errc() || (i < 2 && (r.ptr == end || *r.ptr != ':')) || (i == 2 && r.ptr != end)) {
      throw CLI::ValidationError("--x", "expected A:B:STEP, got '" + text + "'");
    }
    p = r.ptr + 1;
  }
  if (!(std::isfinite(v[0]) && std::isfinite(v[1]) && v[2] > 0 && std::isfinite(v[2]))) {
    throw CLI::ValidationError("--x", "A and B must be finite and STEP positive");
  }
  const double count = std::floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
  if (count < 1 || count > 1e8) throw CLI::ValidationError("--x", "gives " + Number(count, false) + " points (1 to 1e8)");
  std::vector<double> xs;
  for (std::size_t i = 0; i < std::size_t(count); ++i) xs.push_back(v[0] + double(i) * v[2]);
  return xs;
}

}  // namespace actlab::cli
