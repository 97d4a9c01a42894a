// The playground's data: TensorFlow Playground's 2-D sets (points in [-6, 6]^2, labels 0/1 or a
// value), a few more (three spiral arms, moons, pure noise), points of the user's own, and digit
// images; split into train and test, and expanded into the chosen input features.
#pragma once

#include <vector>

#include "lab/data/datasets.h"
#include "lab/engine/tensor.h"
#include "playground/config.h"

namespace actlab::playground {

struct Data {
  DataKind kind = DataKind::kClassification;
  int classes = 2;        // 0: regression
  int image_size = 0;     // digits: side of the square images
  lab::Dataset train, test;  // x: points (n x 2) or images (n x side^2); labels; y (n x 1)
};

// Draws the set from the run's seed: the same configuration gives the same points.
Data MakeData(const DataConfig& config, std::uint64_t seed);

// The network's inputs for points (n x 2): one column per feature, in the order given. Images
// pass through.
lab::Matrix Features(const Data& data, const lab::Matrix& x, const std::vector<std::string>& features);

// size x size points covering [-6, 6]^2, row by row from the top (y = 6) down.
lab::Matrix Grid(int size);

}  // namespace actlab::playground
