#include "lab_quick_run.h"

#include <unistd.h>

#include <stdexcept>

#include "actlab/actlab.h"
#include "lab/report/report.h"
#include "lab/run.h"

namespace actlab::lab {

QuickRun::~QuickRun() {
  std::error_code ignored;
  if (!report.empty()) std::filesystem::remove_all(report, ignored);
}

const Result& QuickRun::operator[](const std::string& id) const {
  for (const Result& r : results) {
    if (r.id == id) return r;
  }
  throw std::runtime_error(error.empty() ? id + " is not in the quick run (list.inc)" : "the quick run failed: " + error);
}

const QuickRun& Quick() {
  static QuickRun run = [] {
    QuickRun q;
    q.threads_before = num_threads();
    try {
      q.results = RunExperiments({"", /*quick=*/true, {}, 1},
                                 [&q](std::size_t, std::size_t, const Experiment*) { q.threads.push_back(num_threads()); });
    } catch (const std::exception& e) {
      q.error = e.what();
      return q;
    }
    q.threads_after = num_threads();
    // A folder of this process's own: build trees may run their tests at the same time.
    q.report = std::filesystem::temp_directory_path() / ("actlab-quick-report-" + std::to_string(getpid()));
    try {
      WriteReport(q.results, q.report, {true, 1, 0});
    } catch (const std::exception& e) {
      q.report_error = e.what();
    }
    return q;
  }();
  return run;
}

}  // namespace actlab::lab
