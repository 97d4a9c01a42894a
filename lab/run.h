// `actlab lab`: runs the chosen experiments with a progress bar, writes the report, prints a
// summary table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

namespace actlab::lab {

struct LabOptions {
  std::string out = "lab-report";
  bool quick = false;
  std::vector<std::string> only;  // experiment ids; empty: all
  std::uint64_t seed = 1;
};

// Called before each experiment (index < count) and once after the last (index == count, next
// null): the progress bar.
using Progress = std::function<void(std::size_t index, std::size_t count, const Experiment* next)>;

// Runs the chosen experiments on one thread (lab/threads.h) and returns their results, id and
// title set. Throws std::invalid_argument for an unknown experiment id.
std::vector<Result> RunExperiments(const LabOptions& options, const Progress& progress = {});

// RunExperiments, then the report in options.out. Throws std::invalid_argument for an unknown
// experiment id, std::runtime_error when the report cannot be written; a failed run leaves no
// report that looks complete.
void RunLab(const LabOptions& options);
// One line per experiment: id and title.
void ListExperiments();

}  // namespace actlab::lab
