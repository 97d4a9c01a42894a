// How the subcommands read numbers from the command line and how they print them.
#pragma once

#include <string>
#include <vector>

namespace actlab::cli {

// 9 significant digits for f32, 17 for f64 (both round-trip); nan, inf and -inf spelled so.
std::string Number(double v, bool f32);

// eval's --x A:B:STEP: the inputs A, A+STEP, ... up to B. Throws CLI::ValidationError("--x", ...).
std::vector<double> Range(const std::string& text);

}  // namespace actlab::cli
