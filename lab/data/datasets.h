// The lab's data: generated sets (seeded), and scikit-learn's digits read from the file Debian's
// python3-sklearn installs. Nothing is downloaded.
#pragma once

#include <string>
#include <vector>

#include "lab/engine/tensor.h"

namespace actlab::lab {

struct Dataset {
  Matrix x;                 // examples x features
  Matrix y;                 // targets (regression / binary: examples x 1)
  std::vector<int> labels;  // class of each example (classification)
  int classes = 0;
};

Dataset Xor();  // the four points, labels 0 1 1 0
// Two interleaved half circles; noise = std of Gaussian jitter.
Dataset TwoMoons(int n, double noise, Rng& rng);
// A circle of radius `factor` inside one of radius 1.
Dataset Circles(int n, double noise, double factor, Rng& rng);
// Two spirals of `turns` turns around the origin.
Dataset Spirals(int n, double noise, double turns, Rng& rng);
// k Gaussian blobs in `dims` dimensions.
Dataset Blobs(int n, int k, int dims, double spread, Rng& rng);

// A sequence task: T steps of batch x input, and the target at every step (batch x output).
struct Sequences {
  std::vector<Matrix> x, y;
};
// x_t ~ U(-1, 1); y_t = mean(x_1 .. x_t).
Sequences RunningMean(int steps, int batch, Rng& rng);
// Adding problem: x_t = (value ~ U(0,1), marker); two markers per sequence; the target at the
// last step is the sum of the two marked values (other steps carry no loss: target NaN).
Sequences Adding(int steps, int batch, Rng& rng);

// scikit-learn's 8x8 digits (1797 x 64, values 0..16 scaled to [0, 1], labels 0..9).
// Throws std::runtime_error naming the package to install when the file is missing or corrupt.
Dataset Digits(const std::string& path = "");
std::string DigitsPath();

}  // namespace actlab::lab
