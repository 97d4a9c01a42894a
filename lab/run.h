// `actlab lab`: runs the chosen experiments with a progress bar, writes the report, prints a
// summary table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace actlab::lab {

struct LabOptions {
  std::string out = "lab-report";
  bool quick = false;
  std::vector<std::string> only;  // experiment ids; empty: all
  std::uint64_t seed = 1;
};

// Throws std::invalid_argument for an unknown experiment id, std::runtime_error when the report
// cannot be written; a failed run leaves no report that looks complete.
void RunLab(const LabOptions& options);
// One line per experiment: id and title.
void ListExperiments();

}  // namespace actlab::lab
