// Shared by EXP-10, EXP-11 and EXP-19: what an activation costs through the library's front door
// (float32, one thread), and the two-spirals classifier of EXP-04's shape trained with a given
// activation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

// A namespace of their own: helpers of other experiments may use the same names.
namespace actlab::lab::shared_d {

// ---- cost ----

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
  std::vector<double> each_both;     // forward + backward of every repetition, in order
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

// ---- the spirals net ----

struct SpiralsRun {
  std::vector<double> accuracy;  // training accuracy after each epoch
  double train_accuracy = 0, test_accuracy = 0;  // after the last epoch
  int epochs_to_95 = -1;                          // first epoch with training accuracy >= 0.95; -1: never
  bool diverged = false;
};

// Two spirals (1.5 turns, noise 0.05): 600 training and 600 test points drawn from Rng(seed), then
// a 2 -> 64 -> 64 -> 64 -> 1 MLP with `activation`, He init from the same Rng, BCE on the logit,
// SGD (lr 0.03, momentum 0.9) with batch 32 for 40 epochs (quick: 200 points, 10 epochs). Every
// activation sees the same data and initial weights for the same seed, so differences are paired.
SpiralsRun TrainSpirals(const std::string& activation, std::uint64_t seed, const Context& ctx);
std::string SpiralsSetup(const Context& ctx);

// Mean training-accuracy curve over seeds, as a figure series.
Series MeanAccuracyCurve(const std::string& label, const std::vector<SpiralsRun>& runs);

}  // namespace actlab::lab::shared_d
