#include "lab/engine/train.h"

#include <cmath>
#include <stdexcept>

namespace actlab::lab {

LossGrad Mse(const Matrix& p, const Matrix& t) {
  if (p.rows() != t.rows() || p.cols() != t.cols()) throw std::invalid_argument("Mse: shapes differ");
  const Matrix diff = p - t;
  const double n = double(p.size());
  return {diff.squaredNorm() / n, diff * (2.0 / n)};
}

LossGrad BceWithLogits(const Matrix& z, const Matrix& t) {
  if (z.rows() != t.rows() || z.cols() != t.cols()) throw std::invalid_argument("BceWithLogits: shapes differ");
  const double n = double(z.size());
  double loss = 0;
  Matrix grad(z.rows(), z.cols());
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    const double zi = z.data()[i], ti = t.data()[i];
    loss += std::max(zi, 0.0) - zi * ti + std::log1p(std::exp(-std::fabs(zi)));
    const double s = zi >= 0 ? 1 / (1 + std::exp(-zi)) : std::exp(zi) / (1 + std::exp(zi));
    grad.data()[i] = (s - ti) / n;
  }
  return {loss / n, grad};
}

LossGrad SoftmaxCrossEntropy(const Matrix& z, const std::vector<int>& labels) {
  if (std::size_t(z.rows()) != labels.size()) throw std::invalid_argument("SoftmaxCrossEntropy: one label per row");
  const Activation log_softmax(Kind::LogSoftmax, {{"dim", double(z.cols())}});
  Matrix logp(z.rows(), z.cols());
  log_softmax.forward(Flat(z), Flat(logp));
  const double n = double(z.rows());
  double loss = 0;
  Matrix grad = logp.array().exp().matrix() / n;
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    const int y = labels[std::size_t(r)];
    if (y < 0 || y >= z.cols()) throw std::invalid_argument("SoftmaxCrossEntropy: label out of range");
    loss -= logp(r, y);
    grad(r, y) -= 1 / n;
  }
  return {loss / n, grad};
}

Init ParseInit(const std::string& name) {
  if (name == "xavier" || name == "xavier_normal") return Init::kXavierNormal;
  if (name == "xavier_uniform") return Init::kXavierUniform;
  if (name == "he" || name == "he_normal" || name == "kaiming") return Init::kHeNormal;
  if (name == "small" || name == "small_normal") return Init::kSmallNormal;
  if (name == "uniform") return Init::kUniform;
  throw std::invalid_argument("unknown initialiser '" + name + "' (xavier, xavier_uniform, he, small, uniform)");
}

void InitialiseLinear(Linear& layer, Init init, Rng& rng, double scale) {
  const double fan_in = double(layer.W.cols()), fan_out = double(layer.W.rows());
  for (Eigen::Index i = 0; i < layer.W.size(); ++i) {
    double w = 0;
    switch (init) {
      case Init::kXavierNormal: w = rng.Normal(0, std::sqrt(2 / (fan_in + fan_out))); break;
      case Init::kXavierUniform: {
        const double a = std::sqrt(6 / (fan_in + fan_out));
        w = rng.Uniform(-a, a);
        break;
      }
      case Init::kHeNormal: w = rng.Normal(0, std::sqrt(2 / fan_in)); break;
      case Init::kSmallNormal: w = rng.Normal(0, scale); break;
      case Init::kUniform: w = rng.Uniform(-scale, scale); break;
    }
    layer.W.data()[i] = w;
  }
  layer.b.setZero();
}

void Initialise(Sequential& net, Init init, Rng& rng, double scale) {
  for (auto& layer : net.layers()) {
    if (auto* linear = dynamic_cast<Linear*>(layer.get())) InitialiseLinear(*linear, init, rng, scale);
    if (auto* maxout = dynamic_cast<Maxout*>(layer.get())) InitialiseLinear(maxout->pieces(), init, rng, scale);
  }
}

void ZeroGrads(const std::vector<Param>& params) {
  for (const Param& p : params) std::fill(p.grad, p.grad + p.size, 0.0);
}

double GradNorm(const std::vector<Param>& params) {
  double sum = 0;
  for (const Param& p : params) {
    for (std::size_t i = 0; i < p.size; ++i) sum += p.grad[i] * p.grad[i];
  }
  return std::sqrt(sum);
}

double ClipGradNorm(const std::vector<Param>& params, double max_norm) {
  const double norm = GradNorm(params);
  if (norm > max_norm && std::isfinite(norm)) {
    const double scale = max_norm / norm;
    for (const Param& p : params) {
      for (std::size_t i = 0; i < p.size; ++i) p.grad[i] *= scale;
    }
  }
  return norm;
}

void Sgd::Step(const std::vector<Param>& params) {
  if (velocity_.size() != params.size()) {
    velocity_.clear();
    for (const Param& p : params) velocity_.emplace_back(p.size, 0.0);
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    const Param& p = params[k];
    for (std::size_t i = 0; i < p.size; ++i) {
      double step = p.grad[i];
      if (momentum_ != 0) step = velocity_[k][i] = momentum_ * velocity_[k][i] + p.grad[i];
      p.value[i] -= lr_ * step;
    }
  }
}

void Adam::Step(const std::vector<Param>& params) {
  if (m_.size() != params.size()) {
    m_.clear();
    v_.clear();
    for (const Param& p : params) m_.emplace_back(p.size, 0.0), v_.emplace_back(p.size, 0.0);
  }
  ++t_;
  const double c1 = 1 - std::pow(beta1_, double(t_)), c2 = 1 - std::pow(beta2_, double(t_));
  for (std::size_t k = 0; k < params.size(); ++k) {
    const Param& p = params[k];
    for (std::size_t i = 0; i < p.size; ++i) {
      const double g = p.grad[i];
      m_[k][i] = beta1_ * m_[k][i] + (1 - beta1_) * g;
      v_[k][i] = beta2_ * v_[k][i] + (1 - beta2_) * g * g;
      p.value[i] -= lr_ * (m_[k][i] / c1) / (std::sqrt(v_[k][i] / c2) + eps_);
    }
  }
}

}  // namespace actlab::lab
