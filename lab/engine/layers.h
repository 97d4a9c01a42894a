// The engine's layers, written like llm.c: each holds its parameters, their gradients and what
// its backward needs; forward and backward sit side by side; gradients accumulate (+=) until the
// optimiser zeroes them. Inputs and outputs are batch x features.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "lab/engine/tensor.h"

namespace actlab::lab {

class Layer {
 public:
  virtual ~Layer() = default;
  virtual Matrix Forward(const Matrix& x) = 0;
  // dL/dx from dL/dy, adding this layer's parameter gradients to theirs.
  virtual Matrix Backward(const Matrix& dy) = 0;
  virtual std::vector<Param> Params() { return {}; }
  virtual std::string Name() const = 0;
};

// y = x W^T + b. W is out x in.
class Linear : public Layer {
 public:
  Linear(int in, int out);
  Matrix Forward(const Matrix& x) override;
  Matrix Backward(const Matrix& dy) override;
  std::vector<Param> Params() override;
  std::string Name() const override { return "linear"; }

  Matrix W, dW;
  Vector b, db;

 private:
  Matrix x_;  // the input, for dW
};

// Any activation of the library, elementwise over the batch (PReLU: one slope per feature when
// num_parameters equals the width). Keeps y when f' is a function of y (as seed 000's top_val
// and seed 002's mask do), x otherwise.
class ActivationLayer : public Layer {
 public:
  explicit ActivationLayer(Activation act);
  Matrix Forward(const Matrix& x) override;
  Matrix Backward(const Matrix& dy) override;
  std::vector<Param> Params() override;
  std::string Name() const override { return act_.spec(); }
  const Matrix& input() const { return x_; }  // last input (pre-activation)
  const Activation& activation() const { return act_; }

 private:
  Activation act_;
  bool from_output_;
  Matrix x_, y_;
  std::vector<double> weights_, grads_;  // learnable values (PReLU, Swish) as the optimiser sees them
};

// Maxout: a linear map to k * out values, then the max of each group of k. k times the
// parameters of Linear(in, out).
class Maxout : public Layer {
 public:
  Maxout(int in, int out, int k);
  Matrix Forward(const Matrix& x) override;
  Matrix Backward(const Matrix& dy) override;
  std::vector<Param> Params() override { return linear_.Params(); }
  std::string Name() const override { return "maxout(k=" + std::to_string(k_) + ")"; }
  Linear& pieces() { return linear_; }

 private:
  Linear linear_;
  Activation max_;
  int k_;
  Matrix z_;
};

// A stack of layers.
class Sequential {
 public:
  Sequential& Add(std::unique_ptr<Layer> layer);
  Matrix Forward(const Matrix& x);
  Matrix Backward(const Matrix& dy);
  std::vector<Param> Params();
  std::size_t ParamCount();
  std::vector<std::unique_ptr<Layer>>& layers() { return layers_; }

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
};

// An MLP: Linear, activation, ..., Linear; `sizes` = {in, hidden..., out}.
Sequential Mlp(const std::vector<int>& sizes, const std::string& activation);

// Each activation layer's input (pre-activation) for inputs x, first layer first: one forward pass.
std::vector<Matrix> PreActivations(Sequential& net, const Matrix& x);

}  // namespace actlab::lab
