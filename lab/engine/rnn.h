// A vanilla RNN, h_t = f(W h_{t-1} + U x_t + b), y_t = V h_t + c, trained by backpropagation
// through time. W is shared over time: the product of its Jacobians is what explodes or vanishes
// (seed 003, EXP-08).
#pragma once

#include <vector>

#include "lab/engine/layers.h"

namespace actlab::lab {

class Rnn {
 public:
  Rnn(int input, int hidden, int output, Activation act);
  // xs: T steps of batch x input. Returns T outputs of batch x output; h_0 = 0.
  std::vector<Matrix> Forward(const std::vector<Matrix>& xs);
  // dL/dy_t for every step; adds the parameter gradients.
  void Backward(const std::vector<Matrix>& dys);
  std::vector<Param> Params();
  // Hidden states h_1 .. h_T of the last forward.
  const std::vector<Matrix>& hidden() const { return h_; }

  Matrix W, U, V, dW, dU, dV;
  Vector b, c, db, dc;

 private:
  Activation act_;
  std::vector<Matrix> x_, a_, h_;  // inputs, pre-activations, states
};

}  // namespace actlab::lab
