// The paired comparison of activations on two spirals that EXP-10 and EXP-11 share: for a seed,
// every activation trains on the same data from the same initial weights and is tested on
// held-out points, so per-seed differences between activations are paired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/experiments/experiment.h"

namespace actlab::lab::spirals {

struct PairedRun {
  std::vector<double> accuracy;  // training accuracy after each epoch
  double train_accuracy = 0, test_accuracy = 0;  // after the last epoch
  int epochs_to_95 = -1;                          // first epoch with training accuracy >= 0.95; -1: never
  bool diverged = false;
};

// Two spirals (1.5 turns, noise 0.05): 600 training and 600 test points drawn from Rng(seed), then
// a 2 -> 64 -> 64 -> 64 -> 1 MLP with `activation`, He init from the same Rng, BCE on the logit,
// SGD (lr 0.03, momentum 0.9) with batch 32 for 40 epochs (quick: 200 points, 10 epochs).
PairedRun TrainPaired(const std::string& activation, std::uint64_t seed, const Context& ctx);
std::string PairedSetup(const Context& ctx);

// Mean training-accuracy curve over seeds, as a figure series.
Series MeanAccuracyCurve(const std::string& label, const std::vector<PairedRun>& runs);

}  // namespace actlab::lab::spirals
