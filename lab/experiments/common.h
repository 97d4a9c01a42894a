// Training loops shared by the experiments: minibatch training of a binary classifier (BCE on
// logits) with SGD, momentum or Adam, logging loss and accuracy per epoch.
#pragma once

#include <string>
#include <vector>

#include "lab/data/datasets.h"
#include "lab/engine/layers.h"
#include "lab/engine/train.h"

namespace actlab::lab {

struct TrainConfig {
  double lr = 0.1;
  double momentum = 0;     // SGD momentum (0: plain SGD)
  bool adam = false;       // Adam instead of SGD
  int batch = 32;
  int max_epochs = 100;
  double target_accuracy = 0.95;  // epochs_to_target: first epoch that reaches it
  double clip = 0;                // gradient-norm clipping (0: none)
  bool stop_at_target = false;    // stop at the first epoch that reaches target_accuracy
};

struct TrainLog {
  std::vector<double> loss, accuracy;  // per epoch, on the training set
  int epochs_to_target = -1;           // -1: never reached
  bool diverged = false;               // a non-finite loss
};

// Trains `net` (one output: a logit) on data.x / data.y with BCE; shuffles with rng each epoch.
// Stops early once it diverges, and at the target when config.stop_at_target.
TrainLog TrainBinary(Sequential& net, const Dataset& data, const TrainConfig& config, Rng& rng);

// Fraction of examples whose logit has the sign of their label (label 1: logit > 0).
double BinaryAccuracy(Sequential& net, const Dataset& data);

// The same for a classifier with one logit per class (softmax cross-entropy on data.labels);
// accuracy counts the arg-max logit.
TrainLog TrainMulticlass(Sequential& net, const Dataset& data, const TrainConfig& config, Rng& rng);
double MulticlassAccuracy(Sequential& net, const Dataset& data);

}  // namespace actlab::lab
