// How the subcommands read numbers from the command line and standard input, and how they print
// them and quote what they refuse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace actlab::cli {

// 9 significant digits for f32, 17 for f64 (both round-trip); nan, inf and -inf spelled so.
std::string Number(double v, bool f32);

// Text as an error message quotes it: cut to 40 characters and "..." (an input line can be any
// length).
std::string Quote(std::string_view text);

// One number: decimal or exponent form, inf or nan, an optional sign ('+' too), nothing around it.
// Throws std::invalid_argument saying "not a number: '...'", or "out of range for f32: '...'"
// (f64 when f32 is false) where the value would become infinite in that type. Values too small
// for it round to zero, as any rounding.
double ParseNumber(std::string_view text, bool f32);

// `count` numbers separated by ':' ("A:B", "A:B:STEP") in the option `option`. Throws
// CLI::ValidationError(option, ...): `form_error` when the text is not that many numbers, or
// ParseNumber's message when one is out of range.
std::vector<double> ParseFields(std::string_view text, std::size_t count, bool f32, const std::string& option,
                                const std::string& form_error);

// eval's --x A:B:STEP: the inputs A, A+STEP, ... up to B. Throws CLI::ValidationError("--x", ...).
std::vector<double> Range(const std::string& text, bool f32);

}  // namespace actlab::cli
