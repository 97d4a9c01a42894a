// The lab's classifier of 28x28 images: an MLP 784-hidden-...-10 with softmax cross-entropy, trained
// by the one training loop (Adam by default), then scored on the held-out test images. EXP-04 (c),
// EXP-05 (c), EXP-06 (c), EXP-20 (b) and the replications use it, so that their real-data rows are
// comparable with each other and with any other trainer (784-100-10 with Adam is a common baseline).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/engine/training_loop.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/fashion_subsets.h"

namespace actlab::lab {

struct ImageMlpConfig {
  std::vector<int> hidden = {100};
  int epochs = 5;
  double lr = 1e-3;  // Adam's usual rate
  int batch = 64;
  bool adam = true;  // false: SGD at lr, with `momentum`
  double momentum = 0;
  std::optional<Init> init;  // empty: He for the ReLU family, Xavier for the others
  double stop_at_accuracy = 0;  // > 0: stop at the first epoch with this training accuracy
};

struct ImageRun {
  Sequential net;
  TrainLog log;  // loss and training accuracy per epoch
  double test_accuracy = 0;
};

// Unless config.init says otherwise, He initialisation for the ReLU family and Xavier for the
// others (as the lab does everywhere).
ImageRun TrainImageMlp(const std::string& activation, const ImageData& data, const ImageMlpConfig& config,
                           std::uint64_t seed, const TrainHooks& hooks = {});

// EXP-04 (c)'s runs of one activation (not const: a forward pass caches its inputs in the net): 784-100-10, Adam, one run per seed on one subset
// (500 + 200 images per class, 5 epochs, 3 seeds; quick: 30 + 20, 2 epochs, 2 seeds). Trained
// once per process for a context and shared by EXP-04, EXP-06 and EXP-20, which look at the same
// nets from different sides.
struct FashionBaseline {
  ImageData data;
  ImageMlpConfig config;
  std::vector<ImageRun> runs;
};
FashionBaseline& Baseline(const std::string& activation, const Context& ctx);

}  // namespace actlab::lab
