// The two-spirals study that EXP-04, 06, 13, 15 and 20 share, on "the EXP-04 net": a
// 2 -> 64 -> 64 -> 64 -> 1 MLP trained with minibatch SGD (batch 32, BCE on the logit) on two
// spirals, and EXP-04's choice of learning rate per activation. Runs are cached by their whole
// configuration, so EXP-06 and EXP-20 reuse the nets EXP-04 trained instead of training them again;
// a run is a function of its configuration only, so no result depends on the order of the
// experiments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/data/datasets.h"
#include "lab/engine/layers.h"
#include "lab/experiments/experiment.h"

namespace actlab::lab::spirals {

inline constexpr double kTarget = 0.95;  // training accuracy that counts as "converged"
inline constexpr double kEscapeLoss = 0.6;  // mean BCE below this: off the ln 2 = 0.693 plateau
inline constexpr double kTurns = 1.0, kNoise = 0.02;
int Points(bool quick);  // 1000 points (400 quick)

enum class Stop { kTarget, kEscape };  // stop at kTarget accuracy, or once the loss is below kEscapeLoss

struct RunConfig {
  std::string activation;   // a library spec: "relu", "tanh", ...
  double lr = 0.1;
  std::uint64_t seed = 1;   // draws the data, then the initial weights, then the shuffles
  int max_epochs = 100;
  Stop stop = Stop::kTarget;
  bool small_init = false;  // N(0, 0.01^2) weights instead of He (Xavier for tanh and sigmoid)
  bool quick = false;
};

struct Run {
  RunConfig config;
  Dataset data;
  Sequential net;
  std::vector<double> loss;      // mean minibatch loss of each epoch
  std::vector<double> accuracy;  // training accuracy after each epoch (Stop::kTarget runs only)
  int epochs_to_target = -1;     // first epoch at kTarget accuracy; -1: not reached
  int epochs_to_escape = -1;     // first epoch with mean loss < kEscapeLoss; -1: not reached
  bool nonfinite = false;        // a non-finite loss: training stopped there
  bool constant = false;         // the same logit for every training point (a hidden layer died): stopped
  double final_accuracy = 0;
  int epochs() const { return int(loss.size()); }
};

// Trains the run, or returns the one already trained with this configuration.
Run& Train(const RunConfig& config);
// The run's net before training: the same weights Train starts from (the data drawn and dropped).
Sequential InitialNet(const RunConfig& config);

// EXP-04's learning-rate choice for one activation: every rate of the grid on seed ctx.seed, the
// best (fewest epochs to kTarget, then lowest final loss) kept, then ctx.Seeds(5) seeds at it.
struct Study {
  std::string activation;
  std::vector<double> grid;
  std::vector<Run*> selection;  // one run per rate of grid, seed ctx.seed
  double best_lr = 0;
  std::vector<Run*> runs;       // seeds ctx.seed, ctx.seed + 1, ... at best_lr
  int max_epochs = 0;
};
const Study& BestLrStudy(const std::string& activation, const Context& ctx);
std::vector<double> StudyGrid(bool quick);
int StudyMaxEpochs(bool quick);

// F11: the training points of both classes and the net's decision boundary (sign changes of the
// logit on a grid over the data's square).
Figure DecisionBoundary(Run& run, const std::string& id, const std::string& title);

// Median of epoch counts where -1 means "not reached" (sorted last); -1 when the median falls on a
// run that did not reach.
double MedianEpochs(const std::vector<int>& epochs);
std::string FormatEpochs(double epochs, int cap);  // "12" or "> 100"

}  // namespace actlab::lab::spirals
