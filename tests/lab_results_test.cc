// Walks the experiment list: every experiment's quick run gives a well-formed result (texts, a
// verdict, rectangular tables, figures of finite points drawn to non-empty PNG and SVG files,
// finite numbers) and runs on the lab's one thread, so that a new experiment is checked by
// its line in list.inc alone. Claim-specific checks are in the lab_*_claims_test.cc files.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "lab/experiments/experiment.h"
#include "lab_quick_run.h"

namespace actlab::lab {
namespace {
namespace fs = std::filesystem;

// Every number in the tree is finite; a missing value is null (booleans and strings aside).
void ExpectFinite(const nlohmann::json& j, const std::string& where) {
  if (j.is_number()) {
    EXPECT_TRUE(std::isfinite(j.get<double>())) << where << " (write null where there is no number)";
  } else if (j.is_structured()) {
    for (auto it = j.begin(); it != j.end(); ++it) ExpectFinite(*it, where + "/" + (j.is_object() ? it.key() : "[]"));
  }
}

// "EXP-12" -> "exp12_": the prefix of the experiment's figure ids, unique within the report.
std::string FigurePrefix(const std::string& id) {
  std::string prefix;
  for (char c : id) {
    if (c != '-') prefix += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return prefix + "_";
}

nlohmann::json ResultsJson() {
  std::ifstream in(Quick().report / "results.json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

class EveryExperiment : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryExperiment, GivesAWellFormedResult) {
  const std::string id = GetParam();
  const Result& r = Quick()[id];
  EXPECT_EQ(r.title, FindExperiment(id)->title);
  EXPECT_FALSE(r.claim.empty());
  EXPECT_FALSE(r.seeds.empty());
  EXPECT_FALSE(r.setup.empty());
  EXPECT_FALSE(r.conclusion.empty());
  EXPECT_TRUE(r.verdict == Verdict::kConfirmed || r.verdict == Verdict::kNotConfirmed || r.verdict == Verdict::kMixed);

  ASSERT_FALSE(r.tables.empty());
  for (const Table& t : r.tables) {
    EXPECT_FALSE(t.caption.empty());
    EXPECT_FALSE(t.header.empty()) << t.caption;
    EXPECT_FALSE(t.rows.empty()) << t.caption;
    for (const auto& row : t.rows) {
      EXPECT_EQ(row.size(), t.header.size()) << t.caption;
      for (const std::string& cell : row) EXPECT_FALSE(cell.empty()) << t.caption;
    }
  }

  ASSERT_FALSE(r.figures.empty());
  std::set<std::string> ids;
  for (const Figure& f : r.figures) {
    EXPECT_EQ(f.id.rfind(FigurePrefix(id), 0), 0u) << f.id;
    EXPECT_TRUE(ids.insert(f.id).second) << "duplicate figure id " << f.id;
    EXPECT_FALSE(f.title.empty()) << f.id;
    ASSERT_FALSE(f.series.empty()) << f.id;
    for (const Series& s : f.series) {
      EXPECT_FALSE(s.x.empty()) << f.id << ": " << s.label;
      EXPECT_EQ(s.x.size(), s.y.size()) << f.id << ": " << s.label;
      ExpectFinite(nlohmann::json(s.x), f.id + ": " + s.label + " x");
      ExpectFinite(nlohmann::json(s.y), f.id + ": " + s.label + " y");
    }
  }

  ASSERT_TRUE(r.numbers.is_object() && !r.numbers.empty());
  ExpectFinite(r.numbers, id);

  // A replication carries the paper beside ours; the seeds' claims do not pretend to.
  ASSERT_EQ(r.replication.has_value(), id.rfind("REP-", 0) == 0) << id;
  if (r.replication) {
    for (const std::string* field : {&r.replication->paper, &r.replication->paper_setup, &r.replication->scaled_down,
                                     &r.replication->paper_result, &r.replication->ours}) {
      EXPECT_FALSE(field->empty()) << id;
    }
  }
}

TEST_P(EveryExperiment, IsInTheReportWithEveryFigure) {
  const std::string id = GetParam();
  ASSERT_EQ(Quick().report_error, "");
  const nlohmann::json json = ResultsJson();
  const nlohmann::json* entry = nullptr;
  for (const auto& e : json["experiments"]) {
    if (e["id"] == id) entry = &e;
  }
  ASSERT_NE(entry, nullptr) << id << " missing from results.json";
  EXPECT_EQ((*entry)["verdict"], Name(Quick()[id].verdict));
  if (Quick()[id].replication) {
    EXPECT_EQ((*entry)["replication"]["ours"], Quick()[id].replication->ours);
    EXPECT_EQ((*entry)["replication"]["verdict"], (*entry)["verdict"]);
  }
  const std::set<std::string> verdicts = {"confirmed", "not confirmed", "mixed"};
  EXPECT_TRUE(verdicts.count((*entry)["verdict"].get<std::string>())) << (*entry)["verdict"];
  const Result& r = Quick()[id];
  ASSERT_EQ((*entry)["figures"].size(), r.figures.size());
  for (const Figure& f : r.figures) {
    for (const char* ext : {".png", ".svg"}) {
      const fs::path file = Quick().report / "figures" / (f.id + ext);
      ASSERT_TRUE(fs::exists(file)) << file;
      EXPECT_GT(fs::file_size(file), 1000u) << file;
    }
  }
}

std::vector<const char*> Ids() {
  std::vector<const char*> ids;
  for (const Experiment& e : Experiments()) ids.push_back(e.id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(List, EveryExperiment, ::testing::ValuesIn(Ids()),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(QuickRun, CompletesAndRunsOnTheLabsOneThread) {
  const QuickRun& q = Quick();
  ASSERT_EQ(q.error, "");
  ASSERT_EQ(q.results.size(), Experiments().size());
  // The count every experiment started with (and the last one left): one, the runner's.
  ASSERT_EQ(q.threads.size(), Experiments().size() + 1);
  for (std::size_t i = 0; i < q.threads.size(); ++i) {
    EXPECT_EQ(q.threads[i], 1) << (i < q.results.size() ? "as " + q.results[i].id + " started" : "after the last");
  }
  EXPECT_EQ(q.threads_after, q.threads_before) << "the runner put back the caller's thread count";
}

TEST(QuickRun, ReportHasTheSummaryAndTheGallery) {
  ASSERT_EQ(Quick().report_error, "");
  std::ifstream in(Quick().report / "index.html");
  std::stringstream html;
  html << in.rdbuf();
  for (const Experiment& e : Experiments()) {
    EXPECT_NE(html.str().find(std::string("id=\"") + e.id + "\""), std::string::npos) << e.id;
  }
  const nlohmann::json json = ResultsJson();
  EXPECT_EQ(json["experiments"].size(), Experiments().size());
  EXPECT_GE(json["gallery"].size(), 25u);  // every elementwise activation, and the families
  for (const auto& g : json["gallery"]) EXPECT_GT(fs::file_size(Quick().report / g.get<std::string>()), 1000u) << g;
  EXPECT_FALSE(fs::exists(Quick().report.string() + ".partial"));
}

}  // namespace
}  // namespace actlab::lab
