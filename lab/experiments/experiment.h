// What an experiment is and what it returns. Each of SPEC.md's experiments (EXP-01 .. EXP-21)
// lives in its own file here, registered once in list.inc; the report (lab/report/) turns the
// results into a page a person reads and results.json for machines.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace actlab::lab {

struct Series {
  std::string label;
  std::vector<double> x, y;
};
// 1, 2, ..., n: the x of a curve with one value per epoch, layer or step.
std::vector<double> Count(std::size_t n);

struct Figure {
  std::string id;  // file name stem, unique within the run
  std::string title, xlabel, ylabel;
  std::vector<Series> series;
  bool logx = false, logy = false;
  std::string style = "lines";  // lines, points, linespoints, steps
};

struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// A published experiment rerun here (ids REP-NN): the paper's setup and finding beside ours.
struct Replication {
  std::string paper;         // authors, year, title
  std::string paper_setup;   // what the paper ran
  std::string scaled_down;   // what differs here, and why
  std::string paper_result;  // the paper's number or figure, with its table or figure; where no exact
                             // figure is known, the claim in words and "no number quoted"
  std::string ours;          // the measured counterpart, with its numbers
};

// Computed from the numbers against the seed's claim.
enum class Verdict { kConfirmed, kNotConfirmed, kMixed };
const char* Name(Verdict v);

struct Result {
  std::string id, title;
  std::string claim;  // the seed's words, in English
  std::string seeds;  // which seed files make the claim
  std::string setup;  // what was run
  std::vector<Table> tables;
  std::vector<Figure> figures;
  Verdict verdict = Verdict::kMixed;
  std::string conclusion;  // why the verdict, with the deciding numbers and figure
  nlohmann::json numbers;  // every measured number, for results.json
  std::optional<Replication> replication;  // for the replications of published experiments
};

struct Context {
  bool quick = false;      // a smaller run for tests and --quick
  std::uint64_t seed = 1;  // base seed; runs use seed, seed+1, ...
  int Seeds(int full, int quick_count = 2) const { return quick ? quick_count : full; }
};

struct Experiment {
  const char* id;
  const char* title;
  Result (*run)(const Context&);
};

// A measured number for Result::numbers: null where there is none (NaN, or the infinity of a run
// that blew up), so that every number in results.json is finite.
nlohmann::json NumberOrNull(double v);

// Every experiment, in list.inc order.
std::span<const Experiment> Experiments();
const Experiment* FindExperiment(const std::string& id);

}  // namespace actlab::lab
