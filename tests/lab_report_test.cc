// The report: every experiment present in index.html and results.json, every figure written and
// non-empty, verdicts spelled as the summary says; and the failure paths leave nothing that looks
// like a report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lab/experiments/experiment.h"
#include "lab/report/report.h"
#include "lab/run.h"

namespace actlab::lab {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Report, QuickRunWritesEveryExperimentAndFigure) {
  const fs::path out = fs::temp_directory_path() / "actlab-report-test";
  fs::remove_all(out);
  RunLab({out.string(), /*quick=*/true, {}, 1});
  const std::string html = Read(out / "index.html");
  const nlohmann::json json = nlohmann::json::parse(Read(out / "results.json"));
  ASSERT_EQ(json["experiments"].size(), Experiments().size());
  for (const Experiment& e : Experiments()) {
    EXPECT_NE(html.find(std::string("id=\"") + e.id + "\""), std::string::npos) << e.id;
  }
  std::size_t figures = 0;
  for (const auto& e : json["experiments"]) {
    EXPECT_TRUE(e["verdict"] == "confirmed" || e["verdict"] == "not confirmed" || e["verdict"] == "mixed") << e["id"];
    EXPECT_FALSE(e["conclusion"].get<std::string>().empty()) << e["id"];
    for (const auto& f : e["figures"]) {
      const fs::path png = out / f.get<std::string>();
      ASSERT_TRUE(fs::exists(png)) << png;
      EXPECT_GT(fs::file_size(png), 1000u) << png;
      fs::path svg = png;
      svg.replace_extension(".svg");
      EXPECT_GT(fs::file_size(svg), 1000u) << svg;
      ++figures;
    }
  }
  EXPECT_GE(figures, Experiments().size());
  EXPECT_GE(json["gallery"].size(), 25u);  // every elementwise activation, and the families
  for (const auto& g : json["gallery"]) EXPECT_GT(fs::file_size(out / g.get<std::string>()), 1000u) << g;
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
  fs::remove_all(out);
}

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
