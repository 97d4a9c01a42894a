// Fashion-MNIST as the lab's experiments train on it: the two splits read once per process (the
// training file is 47 MB and several experiments use it), and stratified subsets small enough
// for a run's time budget, each drawn from its own seed so experiments do not share draws.
#pragma once

#include <cstdint>
#include <string>

#include "lab/data/images.h"

namespace actlab::lab {

const Images& FashionTrain();
const Images& FashionTest();

struct ImageData {
  Dataset train, test;
  std::string Describe() const;  // "Fashion-MNIST: 5000 training images (500 per class), 2000 test ..."
};
// per_class_train images of each class from the training split, per_class_test from the test
// split, pixels in [0, 1] as 784 features.
ImageData FashionSubset(int per_class_train, int per_class_test, std::uint64_t seed);

}  // namespace actlab::lab
