// Losses, initialisers, optimisers and gradient clipping.
#pragma once

#include <string>
#include <vector>

#include "lab/engine/layers.h"

namespace actlab::lab {

// A loss value and dL/d(prediction), averaged over the batch.
struct LossGrad {
  double loss;
  Matrix grad;
};
// Mean squared error over every element: mean of (p - t)^2.
LossGrad Mse(const Matrix& prediction, const Matrix& target);
// Binary cross-entropy on logits z with labels t in {0, 1}, computed stably:
// max(z, 0) - z t + log1p(e^-|z|).
LossGrad BceWithLogits(const Matrix& logits, const Matrix& target);
// Softmax cross-entropy on logits with integer labels (one per row).
LossGrad SoftmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels);

// kUniform: U(-scale, scale), TensorFlow Playground's +-0.5 with scale 0.5.
enum class Init { kXavierNormal, kXavierUniform, kHeNormal, kSmallNormal, kUniform };
Init ParseInit(const std::string& name);
// Initialises every Linear layer (weights; biases to zero). kSmallNormal uses `scale` as std,
// kUniform as half-width.
void Initialise(Sequential& net, Init init, Rng& rng, double scale = 0.01);
void InitialiseLinear(Linear& layer, Init init, Rng& rng, double scale = 0.01);

void ZeroGrads(const std::vector<Param>& params);
// Scales the gradients so that their global L2 norm is at most max_norm; returns the norm before.
double ClipGradNorm(const std::vector<Param>& params, double max_norm);
double GradNorm(const std::vector<Param>& params);

// SGD with optional (heavy-ball) momentum: v = mu v + g; w -= lr v.
class Sgd {
 public:
  explicit Sgd(double lr, double momentum = 0) : lr_(lr), momentum_(momentum) {}
  void Step(const std::vector<Param>& params);

 private:
  double lr_, momentum_;
  std::vector<std::vector<double>> velocity_;
};

class Adam {
 public:
  explicit Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
      : lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {}
  void Step(const std::vector<Param>& params);

 private:
  double lr_, beta1_, beta2_, eps_;
  long t_ = 0;
  std::vector<std::vector<double>> m_, v_;
};

}  // namespace actlab::lab
