#include "cli/parse.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace actlab::cli {

std::string Number(double v, bool f32) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", f32 ? 9 : 17, v);
  return buf;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  return "'" + std::string(text.substr(0, kMax)) + (text.size() > kMax ? "...'" : "'");
}

namespace {

enum class Parsed { kNumber, kNotANumber, kOutOfRange };

Parsed Read(std::string_view text, bool f32, double& v) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);  // from_chars takes '-' only
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ptr != text.data() + text.size()) return Parsed::kNotANumber;
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars says so for overflow and underflow alike, and leaves v alone: strtod tells them
    // apart (inf) and rounds an underflow to zero or a subnormal.
    v = std::strtod(std::string(text).c_str(), nullptr);
    if (std::isinf(v)) return Parsed::kOutOfRange;
  } else if (r.ec != std::errc()) {
    return Parsed::kNotANumber;
  }
  if (f32 && std::isfinite(v) && std::isinf(static_cast<float>(v))) return Parsed::kOutOfRange;
  return Parsed::kNumber;
}

std::string OutOfRange(std::string_view text, bool f32) {
  return std::string("out of range for ") + (f32 ? "f32" : "f64") + ": " + Quote(text);
}

}  // namespace

double ParseNumber(std::string_view text, bool f32) {
  double v = 0;
  switch (Read(text, f32, v)) {
    case Parsed::kNumber: return v;
    case Parsed::kNotANumber: throw std::invalid_argument("not a number: " + Quote(text));
    case Parsed::kOutOfRange: throw std::invalid_argument(OutOfRange(text, f32));
  }
  return v;
}

std::vector<double> ParseFields(std::string_view text, std::size_t count, bool f32, const std::string& option,
                                const std::string& form_error) {
  std::vector<double> fields;
  std::size_t start = 0;
  while (fields.size() < count) {
    const std::size_t colon = text.find(':', start);
    const bool last = fields.size() + 1 == count;
    if ((colon == std::string_view::npos) != last) throw CLI::ValidationError(option, form_error);
    const std::string_view field = last ? text.substr(start) : text.substr(start, colon - start);
    double v = 0;
    switch (Read(field, f32, v)) {
      case Parsed::kNumber: break;
      case Parsed::kNotANumber: throw CLI::ValidationError(option, form_error);
      case Parsed::kOutOfRange: throw CLI::ValidationError(option, OutOfRange(field, f32));
    }
    fields.push_back(v);
    start = colon + 1;
  }
  return fields;
}

std::vector<double> Range(const std::string& text, bool f32) {
  const std::vector<double> v = ParseFields(text, 3, f32, "--x", "expected A:B:STEP, got " + Quote(text));
  if (!(std::isfinite(v[0]) && std::isfinite(v[1]) && v[2] > 0 && std::isfinite(v[2]))) {
    throw CLI::ValidationError("--x", "A and B must be finite and STEP positive");
  }
  if (v[1] < v[0]) throw CLI::ValidationError("--x", "expected A <= B, got " + Quote(text));
  // Every point is held in several arrays and printed: past a million, a slip in STEP would take
  // gigabytes and minutes before anything is refused.
  const double count = std::floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
  if (!(count <= 1e6)) throw CLI::ValidationError("--x", "gives " + Number(count, false) + " points (at most 1e6)");
  std::vector<double> xs;
  xs.reserve(std::size_t(count));
  for (std::size_t i = 0; i < std::size_t(count); ++i) xs.push_back(v[0] + double(i) * v[2]);
  return xs;
}

}  // namespace actlab::cli
