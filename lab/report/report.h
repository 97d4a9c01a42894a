// Turns experiment results into what a person reads: DIR/index.html with every claim, its setup,
// figures (gnuplot PNG and SVG), tables and verdict; a gallery of every activation and its
// derivative; and DIR/results.json with every number. The report is written to a scratch folder
// and moved into place only when complete.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

namespace actlab::lab {

// Plots figures with gnuplot: FILE.png and FILE.svg for each figure, into `dir`.
// Throws std::runtime_error when gnuplot is missing or fails.
void Plot(const Figure& figure, const std::filesystem::path& dir);

// The gallery: every elementwise activation with its derivative (F12), and the families of
// SPEC.md section 5 (F1-F6, F8-F10).
std::vector<Figure> Gallery();

struct ReportOptions {
  bool quick = false;
  std::uint64_t seed = 1;
  double seconds = 0;  // how long the experiments took
};

// Writes the report for `results` into `out` (replacing a previous report there).
void WriteReport(const std::vector<Result>& results, const std::filesystem::path& out, const ReportOptions& options);

}  // namespace actlab::lab
