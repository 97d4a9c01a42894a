#include "playground/network.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace actlab::playground {

using lab::Matrix;
using nlohmann::json;

namespace {

int OutputsFor(const NetworkConfig& c, DataKind kind, int classes) {
  if (kind == DataKind::kRegression || c.loss == "bce") return 1;
  return classes;
}

int ArgMax(const Matrix& m, Eigen::Index row) {
  Eigen::Index best = 0;
  m.row(row).maxCoeff(&best);
  return int(best);
}

double Sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }

// The activation layers with the Linear layer that feeds each.
struct Hidden {
  lab::Linear* linear;
  lab::ActivationLayer* activation;
};
std::vector<Hidden> HiddenLayers(lab::Sequential& net) {
  std::vector<Hidden> out;
  lab::Linear* last = nullptr;
  for (auto& layer : net.layers()) {
    if (auto* l = dynamic_cast<lab::Linear*>(layer.get())) last = l;
    if (auto* a = dynamic_cast<lab::ActivationLayer*>(layer.get())) out.push_back({last, a});
  }
  return out;
}

}  // namespace

Network::Network(const NetworkConfig& config, const Data& data, int inputs, std::uint64_t seed)
    : config_(config), kind_(data.kind), classes_(data.classes), inputs_(inputs),
      outputs_(OutputsFor(config, data.kind, data.classes)), seed_(seed), rows_(std::size_t(data.train.x.rows())) {
  Build(seed);
}

void Network::Build(std::uint64_t seed) {
  net_ = lab::Sequential();
  int in = inputs_;
  for (const LayerConfig& l : config_.layers) {
    net_.Add(std::make_unique<lab::Linear>(in, l.units));
    net_.Add(std::make_unique<lab::ActivationLayer>(Activation::parse(l.activation)));
    in = l.units;
  }
  net_.Add(std::make_unique<lab::Linear>(in, outputs_));
  lab::Rng rng(seed);
  const lab::Init init = lab::ParseInit(config_.init);
  lab::Initialise(net_, init, rng, init == lab::Init::kUniform ? 0.5 : 0.01);
  if (config_.optimizer == "adam") optimizer_ = lab::Adam(config_.lr);
  else optimizer_ = lab::Sgd(config_.lr, config_.optimizer == "momentum" ? 0.9 : 0);
  batch_rng_ = std::make_unique<lab::Rng>(seed ^ 0x9e3779b97f4a7c15ull);
  order_.clear();
  next_ = 0;
}

void Network::Reset() { Build(seed_); }

Matrix Network::Targets(const lab::Dataset& rows, const std::vector<std::size_t>& index) const {
  if (kind_ == DataKind::kRegression || config_.loss == "bce") {
    Matrix t(Eigen::Index(index.size()), 1);
    for (std::size_t i = 0; i < index.size(); ++i) t(Eigen::Index(i), 0) = rows.y(Eigen::Index(index[i]), 0);
    return t;
  }
  Matrix t = Matrix::Zero(Eigen::Index(index.size()), outputs_);  // one-hot, for mse on classes
  for (std::size_t i = 0; i < index.size(); ++i) t(Eigen::Index(i), rows.labels[index[i]]) = 1;
  return t;
}

namespace {
lab::LossGrad Loss(const std::string& loss, const Matrix& out, const Matrix& targets, const std::vector<int>& labels) {
  if (loss == "bce") return lab::BceWithLogits(out, targets);
  if (loss == "cross_entropy") return lab::SoftmaxCrossEntropy(out, labels);
  return lab::Mse(out, targets);
}
}  // namespace

void Network::Step(const Matrix& x, const Data& data) {
  const std::size_t batch = std::min<std::size_t>(std::size_t(config_.batch), rows_);
  std::vector<std::size_t> index;
  while (index.size() < batch) {
    if (next_ >= order_.size()) {  // a new epoch: a new order
      order_.resize(rows_);
      for (std::size_t i = 0; i < rows_; ++i) order_[i] = i;
      batch_rng_->Shuffle(order_.begin(), order_.end());
      next_ = 0;
    }
    index.push_back(order_[next_++]);
  }
  Matrix xb(Eigen::Index(batch), x.cols());
  std::vector<int> labels;
  for (std::size_t i = 0; i < batch; ++i) {
    xb.row(Eigen::Index(i)) = x.row(Eigen::Index(index[i]));
    if (kind_ != DataKind::kRegression) labels.push_back(data.train.labels[index[i]]);
  }
  const auto params = net_.Params();
  lab::ZeroGrads(params);
  const Matrix out = net_.Forward(xb);
  const lab::LossGrad lg = Loss(config_.loss, out, Targets(data.train, index), labels);
  net_.Backward(lg.grad);
  // L1 and L2 on the weights (not biases, PReLU slopes or Swish beta: Param::decay).
  for (const lab::Param& p : params) {
    if (!p.decay || (config_.l1 == 0 && config_.l2 == 0)) continue;
    for (std::size_t i = 0; i < p.size; ++i) {
      const double w = p.value[i];
      p.grad[i] += config_.l2 * w + config_.l1 * (w > 0 ? 1 : w < 0 ? -1 : 0);
    }
  }
  std::visit([&](auto& opt) { opt.Step(params); }, optimizer_);
}

Network::Score Network::Evaluate(const Matrix& x, const lab::Dataset& rows) {
  if (x.rows() == 0) return {0, kind_ == DataKind::kRegression ? -1.0 : 0.0};
  const Matrix out = net_.Forward(x);
  std::vector<std::size_t> all(std::size_t(x.rows()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const double loss = Loss(config_.loss, out, Targets(rows, all), rows.labels).loss;
  if (kind_ == DataKind::kRegression) return {loss, -1};
  int right = 0;
  for (Eigen::Index r = 0; r < out.rows(); ++r) {
    const int predicted = outputs_ == 1 ? (out(r, 0) > 0 ? 1 : 0) : ArgMax(out, r);
    right += predicted == rows.labels[std::size_t(r)];
  }
  return {loss, double(right) / double(out.rows())};
}

json Network::Diagnostics(const Matrix& x) {
  const std::vector<Matrix> pre = lab::PreActivations(net_, x);
  const std::vector<Hidden> hidden = HiddenLayers(net_);
  json layers = json::array();
  for (std::size_t k = 0; k < hidden.size() && k < pre.size(); ++k) {
    const Matrix& z = pre[k];
    const Activation& act = hidden[k].activation->activation();
    // The activation's largest |f'| on a wide range: what "saturated" is measured against. A
    // PReLU with a slope per unit takes rows of one value per channel, so every channel sees
    // the whole range (a flat sweep would not split into its channels, and backward throws).
    const std::size_t channels =
        act.info().layout == Layout::kChannels ? std::max<std::size_t>(1, act.weights().size()) : 1;
    constexpr std::size_t kSweep = 6001;
    std::vector<double> zs(kSweep * channels), ones(zs.size(), 1.0), slope(zs.size());
    for (std::size_t i = 0; i < zs.size(); ++i) zs[i] = -30 + 60.0 * double(i / channels) / double(kSweep - 1);
    act.backward(zs, ones, slope);
    double max_slope = 0;
    for (double s : slope) max_slope = std::max(max_slope, std::isfinite(s) ? std::abs(s) : 0.0);
    Matrix d(z.rows(), z.cols());
    const Matrix one = Matrix::Ones(z.rows(), z.cols());
    act.backward(lab::Flat(z), lab::Flat(one), lab::Flat(d));
    int dead = 0, saturated = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      Eigen::Index zero = 0, flat = 0;
      for (Eigen::Index r = 0; r < z.rows(); ++r) {
        zero += d(r, j) == 0;
        flat += std::abs(d(r, j)) < 0.01 * max_slope;
      }
      dead += z.rows() > 0 && zero == z.rows();
      saturated += z.rows() > 0 && double(flat) >= 0.95 * double(z.rows());
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      if (std::isfinite(z.data()[i])) lo = std::min(lo, z.data()[i]), hi = std::max(hi, z.data()[i]);
    }
    if (!(lo <= hi)) lo = hi = 0;
    std::vector<int> counts(20, 0);
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const double v = z.data()[i];
      if (!std::isfinite(v)) continue;
      const int bin = hi > lo ? std::min(19, int((v - lo) / (hi - lo) * 20)) : 0;
      ++counts[std::size_t(bin)];
    }
    json weights = json::array();
    for (const lab::Param& p : hidden[k].activation->Params()) {
      for (std::size_t i = 0; i < p.size; ++i) weights.push_back(p.value[i]);
    }
    const double units = double(z.cols());
    layers.push_back({{"dead", dead / units}, {"saturated", saturated / units},
                      {"grad_norm", hidden[k].linear ? hidden[k].linear->dW.norm() : 0.0},
                      {"histogram", {{"lo", lo}, {"hi", hi}, {"counts", counts}}},
                      {"weights", weights}});
  }
  return layers;
}

std::vector<double> Network::Outputs(const Matrix& x) {
  const Matrix out = net_.Forward(x);
  std::vector<double> v(std::size_t(out.rows()));
  for (Eigen::Index r = 0; r < out.rows(); ++r) {
    if (kind_ == DataKind::kRegression) v[std::size_t(r)] = out(r, 0);
    else if (outputs_ == 1) v[std::size_t(r)] = Sigmoid(out(r, 0));
    else if (outputs_ == 2) v[std::size_t(r)] = 1 / (1 + std::exp(out(r, 0) - out(r, 1)));
    else v[std::size_t(r)] = ArgMax(out, r);
  }
  return v;
}

std::vector<std::vector<double>> Network::UnitOutputs(const Matrix& x, int max_units) {
  std::vector<std::vector<double>> units;
  Matrix h = x;
  for (auto& layer : net_.layers()) {
    h = layer->Forward(h);
    if (!dynamic_cast<lab::ActivationLayer*>(layer.get())) continue;
    for (Eigen::Index j = 0; j < h.cols() && int(units.size()) < max_units; ++j) {
      units.emplace_back(std::size_t(h.rows()));
      for (Eigen::Index r = 0; r < h.rows(); ++r) units.back()[std::size_t(r)] = h(r, j);
    }
  }
  return units;
}

std::vector<int> Network::Predictions(const Matrix& x) {
  const Matrix out = net_.Forward(x);
  std::vector<int> p;
  for (Eigen::Index r = 0; r < out.rows(); ++r) p.push_back(outputs_ == 1 ? (out(r, 0) > 0 ? 1 : 0) : ArgMax(out, r));
  return p;
}

std::vector<std::vector<int>> Network::Confusion(const Matrix& x, const lab::Dataset& rows) {
  std::vector<std::vector<int>> m(std::size_t(classes_), std::vector<int>(std::size_t(classes_), 0));
  const std::vector<int> p = Predictions(x);
  for (std::size_t i = 0; i < p.size(); ++i) ++m[std::size_t(rows.labels[i])][std::size_t(p[i])];
  return m;
}

}  // namespace actlab::playground
