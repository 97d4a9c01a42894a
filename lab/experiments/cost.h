// What an activation costs through the library's front door (float32, one thread), measured
// for EXP-10, EXP-11 and EXP-19: the timings, their table, figure and JSON.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

namespace actlab::lab {

struct CostSubject {
  std::string label;  // as the tables say it, e.g. "swish (silu)"
  std::string spec;   // for Activation::parse, e.g. "silu"
};

// Median nanoseconds per element over the repetitions.
struct Cost {
  std::string label, spec;
  double forward = 0, backward = 0;  // backward(x, dy, dx)
  double both = 0;                   // forward + backward
  double min_both = 0;               // the fastest repetition's forward + backward
  double from_output = -1;           // backward_from_output(y, dy, dx); -1: the library has none
  std::vector<double> each_forward, each_both;  // forward (+ backward) of every repetition, in order
};

struct CostRun {
  std::size_t elements = 0;
  int reps = 0;
  std::string target;  // the library's CPU target for the run (AVX2, AVX3, ...)
  std::vector<Cost> costs;
  const Cost& operator[](const std::string& label) const;
};

// Times every subject on the same inputs x ~ U(-6, 6), dy ~ U(-1, 1). The subjects take turns
// within each repetition, so a burst of load from other processes hits them alike. One thread
// whoever calls (the caller's count is put back); 2^20 elements (2^16 quick), 11 repetitions (7 quick).
CostRun MeasureCosts(const std::vector<CostSubject>& subjects, const Context& ctx);
// "2^20 float32 elements, median of 7, ..." for the setup paragraph.
std::string CostSetup(const CostRun& run);
Table CostTable(const CostRun& run, const std::string& caption);
// Forward+backward of every repetition sorted from fastest to slowest, one line per activation:
// the flat start is the undisturbed cost, the rise at the end what other processes added.
Figure CostFigure(const CostRun& run, const std::string& id, const std::string& title);
nlohmann::json CostJson(const CostRun& run);

// a's cost over b's, estimated two ways that other processes cannot both bend, since they only
// add time: the median of the repetitions' ratios (the subjects take turns within a repetition,
// so a burst of load hits both), and a's fastest repetition over b's (the undisturbed costs).
// `low` and `high` bound the middle half of the repetitions' ratios: how far this machine's noise
// moved them in this run.
struct CostRatio {
  double median = 0, fastest = 0, low = 0, high = 0;
};
enum class Part { kForward, kForwardBackward };
CostRatio Ratio(const CostRun& run, const std::string& a, const std::string& b, Part part);
// "3.9x (fastest repetitions 4.1x; middle half of the repetitions 3.7x to 4.1x)"
std::string Describe(const CostRatio& ratio);
nlohmann::json RatioJson(const CostRatio& ratio);

// "a costs at least `factor` times b", read so that timing noise does not flip it: kYes when
// both estimates reach the factor, kNo when both are at most 1 (b costs as much or more), kShort
// when both lie between (b cheaper, by less than the factor), kWithinNoise when they disagree.
enum class Reading { kYes, kShort, kNo, kWithinNoise };
Reading AtLeast(const CostRatio& ratio, double factor);

// What the timings depend on, for the conclusions: the CPU target and how actlab computes these
// subjects' float32 there (README, "How float32 is computed"), one thread, a shared machine.
std::string TimingCaveat(const CostRun& run);

}  // namespace actlab::lab
