// The lab's one training loop: epochs of minibatch steps over a dataset (shuffled each epoch, or
// in order: one batch of every row is full-batch gradient descent) with SGD, momentum or Adam,
// logging the mean loss and the training accuracy per epoch. What an experiment measures along
// the way goes in a hook, after each step or each epoch.
#pragma once

#include <functional>
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
  bool shuffle = true;            // false: the rows in their order every epoch
  bool log_accuracy = true;       // false: no accuracy pass after each epoch (nor a target)
};

struct TrainLog {
  std::vector<double> loss, accuracy;  // per epoch: mean minibatch loss; training accuracy after it
  int epochs_to_target = -1;           // -1: never reached
  bool diverged = false;               // a non-finite loss: training stopped there
};

// Optional work along the way. `after_step` runs after each optimiser step (`step` counts from 0
// over the whole run; the step's gradients are still in the parameters). `accuracy` replaces
// the trainer's own measure on the training set; `after_epoch` sees the log once the epoch's loss
// and accuracy are in it (and epochs_to_target set), and returns true to stop.
struct TrainHooks {
  std::function<void(Sequential& net, long step)> after_step;
  std::function<double(Sequential& net, const Dataset& data)> accuracy;
  std::function<bool(Sequential& net, const TrainLog& log)> after_epoch;
};

// Trains `net` (one output: a logit) on data.x / data.y with BCE. Stops once it diverges, at the
// target when config.stop_at_target, or when a hook says so.
TrainLog TrainBinary(Sequential& net, const Dataset& data, const TrainConfig& config, Rng& rng,
                     const TrainHooks& hooks = {});

// The same for a classifier with one logit per class (softmax cross-entropy on data.labels);
// accuracy counts the arg-max logit. And for regression: MSE against data.y, no accuracy of its
// own (only `hooks.accuracy`, if given).
TrainLog TrainMulticlass(Sequential& net, const Dataset& data, const TrainConfig& config, Rng& rng,
                         const TrainHooks& hooks = {});
TrainLog TrainRegression(Sequential& net, const Dataset& data, const TrainConfig& config, Rng& rng,
                         const TrainHooks& hooks = {});

// Fraction of rows whose logit has the sign of their label (label 1: logit > 0).
double BinaryAccuracy(const Matrix& logits, const Matrix& labels);
double BinaryAccuracy(Sequential& net, const Dataset& data);
double MulticlassAccuracy(Sequential& net, const Dataset& data);

}  // namespace actlab::lab
