#include "lab/engine/layers.h"

#include <stdexcept>

namespace actlab::lab {

Linear::Linear(int in, int out) : W(Matrix::Zero(out, in)), dW(Matrix::Zero(out, in)), b(Vector::Zero(out)), db(Vector::Zero(out)) {}

Matrix Linear::Forward(const Matrix& x) {
  x_ = x;
  Matrix y = x * W.transpose();
  y.rowwise() += b;
  return y;
}

Matrix Linear::Backward(const Matrix& dy) {
  dW.noalias() += dy.transpose() * x_;
  db += dy.colwise().sum();
  return dy * W;
}

std::vector<Param> Linear::Params() {
  return {{W.data(), dW.data(), std::size_t(W.size())}, {b.data(), db.data(), std::size_t(b.size()), false}};
}

ActivationLayer::ActivationLayer(Activation act)
    : act_(std::move(act)), from_output_(act_.has_backward_from_output() && act_.info().learnable.empty()) {
  const auto w = act_.weights();
  weights_.assign(w.begin(), w.end());
  grads_.assign(w.size(), 0.0);
}

Matrix ActivationLayer::Forward(const Matrix& x) {
  if (!weights_.empty()) act_.set_weights(weights_);  // the optimiser moved them
  Matrix y(x.rows(), x.cols());
  act_.forward(Flat(x), Flat(y));
  x_ = x;  // for backward from x, parameter gradients, and inspection (dead units, sparsity)
  if (from_output_) y_ = y;
  return y;
}

Matrix ActivationLayer::Backward(const Matrix& dy) {
  Matrix dx(dy.rows(), dy.cols());
  if (from_output_) act_.backward_from_output(Flat(y_), Flat(dy), Flat(dx));
  else act_.backward(Flat(x_), Flat(dy), Flat(dx));
  if (!weights_.empty()) {
    std::vector<double> g(weights_.size());
    act_.param_grad(Flat(x_), Flat(dy), g);
    for (std::size_t i = 0; i < g.size(); ++i) grads_[i] += g[i];
  }
  return dx;
}

std::vector<Param> ActivationLayer::Params() {
  if (weights_.empty()) return {};
  return {{weights_.data(), grads_.data(), weights_.size(), false}};
}

Maxout::Maxout(int in, int out, int k)
    : linear_(in, out * k), max_(Kind::Maxout, {{"k", double(k)}}), k_(k) {}

Matrix Maxout::Forward(const Matrix& x) {
  z_ = linear_.Forward(x);
  Matrix y(z_.rows(), z_.cols() / k_);
  max_.forward(Flat(z_), Flat(y));
  return y;
}

Matrix Maxout::Backward(const Matrix& dy) {
  Matrix dz(z_.rows(), z_.cols());
  max_.backward(Flat(z_), Flat(dy), Flat(dz));
  return linear_.Backward(dz);
}

Sequential& Sequential::Add(std::unique_ptr<Layer> layer) {
  layers_.push_back(std::move(layer));
  return *this;
}

Matrix Sequential::Forward(const Matrix& x) {
  Matrix h = x;
  for (auto& layer : layers_) h = layer->Forward(h);
  return h;
}

Matrix Sequential::Backward(const Matrix& dy) {
  Matrix g = dy;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) g = (*it)->Backward(g);
  return g;
}

std::vector<Param> Sequential::Params() {
  std::vector<Param> all;
  for (auto& layer : layers_) {
    for (const Param& p : layer->Params()) all.push_back(p);
  }
  return all;
}

std::size_t Sequential::ParamCount() {
  std::size_t n = 0;
  for (const Param& p : Params()) n += p.size;
  return n;
}

Sequential Mlp(const std::vector<int>& sizes, const std::string& activation) {
  if (sizes.size() < 2) throw std::invalid_argument("Mlp: needs at least an input and an output size");
  Sequential net;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    net.Add(std::make_unique<Linear>(sizes[i], sizes[i + 1]));
    if (i + 2 < sizes.size()) net.Add(std::make_unique<ActivationLayer>(Activation::parse(activation)));
  }
  return net;
}

std::vector<Matrix> PreActivations(Sequential& net, const Matrix& x) {
  net.Forward(x);
  std::vector<Matrix> out;
  for (auto& layer : net.layers()) {
    if (auto* a = dynamic_cast<ActivationLayer*>(layer.get())) out.push_back(a->input());
  }
  return out;
}

}  // namespace actlab::lab
