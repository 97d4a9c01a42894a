// The report's failure paths: unknown experiments, unwritable folders and a failed plot leave
// nothing that looks like a report. (The quick run's report itself is checked in
// lab_results_test.cc.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lab/experiments/experiment.h"
#include "lab/report/report.h"
#include "lab/run.h"

namespace actlab::lab {
namespace {
namespace fs = std::filesystem;

TEST(Report, RefusesUnknownExperimentsAndUnwritableFolders) {
  EXPECT_THROW(RunLab({"/tmp/actlab-never", true, {"EXP-99"}, 1}), std::invalid_argument);
  EXPECT_FALSE(fs::exists("/tmp/actlab-never"));
  // A folder inside a regular file cannot be created.
  const fs::path file = fs::temp_directory_path() / "actlab-report-file";
  std::ofstream(file) << "x";
  EXPECT_ANY_THROW(RunLab({(file / "report").string(), true, {"EXP-12"}, 1}));
  fs::remove(file);
}

TEST(Report, FailedPlotLeavesNoReport) {
  Result bad;
  bad.id = "EXP-00";
  bad.title = "a figure gnuplot cannot draw";
  bad.figures.push_back({"bad", "bad", "x", "y", {{"s", {1, 2}, {1, 2}}}, false, false, "nonsense-style"});
  const fs::path out = fs::temp_directory_path() / "actlab-report-bad";
  fs::remove_all(out);
  EXPECT_THROW(WriteReport({bad}, out, {}), std::runtime_error);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

}  // namespace
}  // namespace actlab::lab
