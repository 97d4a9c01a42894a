// Every experiment's quick run (seed 1), once per test process, through the runner as
// `actlab lab --quick` runs it, and the report written from the results: the lab's claim tests
// and the walk over the experiment list (lab_results_test.cc) all look at this one run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

namespace actlab::lab {

struct QuickRun {
  std::string error;             // what the run threw; empty when it completed
  std::vector<Result> results;   // in list.inc order
  std::vector<int> threads;      // the library's thread count as each experiment started, then after the last
  int threads_after = 0;         // ... and once the runner returned
  int threads_before = 0;        // before the run
  std::filesystem::path report;  // the report's folder
  std::string report_error;      // what writing the report threw; empty when written
  ~QuickRun();                   // removes the report

  // The result of experiment `id`; fails the calling test when the run did not complete.
  const Result& operator[](const std::string& id) const;
};

const QuickRun& Quick();

}  // namespace actlab::lab
