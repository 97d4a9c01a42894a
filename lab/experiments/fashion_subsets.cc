#include "lab/experiments/fashion_subsets.h"

namespace actlab::lab {

// Function-local statics: loaded on first use, once, even if experiments ran on several threads.
const Images& FashionTrain() {
  static const Images images = FashionMnist(Split::kTrain);
  return images;
}
const Images& FashionTest() {
  static const Images images = FashionMnist(Split::kTest);
  return images;
}

std::string ImageData::Describe() const {
  return "Fashion-MNIST (Debian's dataset-fashion-mnist): " + std::to_string(train.x.rows()) + " training images (" +
         std::to_string(train.x.rows() / 10) + " per class, stratified from the 60,000) and " +
         std::to_string(test.x.rows()) + " test images (" + std::to_string(test.x.rows() / 10) +
         " per class from the 10,000), 28x28 pixels scaled to [0, 1]";
}

ImageData FashionSubset(int per_class_train, int per_class_test, std::uint64_t seed) {
  Rng rng(seed);
  ImageData d;
  d.train = ToDataset(StratifiedSubset(FashionTrain(), per_class_train, rng));
  d.test = ToDataset(StratifiedSubset(FashionTest(), per_class_test, rng));
  return d;
}

}  // namespace actlab::lab
