#include "lab/engine/training_loop.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

namespace actlab::lab {
namespace {

// The epoch loop every trainer shares: shuffle, gather batches of rows, ask `batch_loss` for the
// loss of the batch's outputs (given the rows' indices), step, and log loss and accuracy.
using Accuracy = std::function<double(Sequential&, const Dataset&)>;

template <class BatchLoss>
TrainLog Train(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng, const BatchLoss& batch_loss,
               const Accuracy& default_accuracy, const TrainHooks& hooks) {
  TrainLog log;
  const auto params = net.Params();
  Sgd sgd(c.lr, c.momentum);
  Adam adam(c.lr);
  std::vector<int> order(std::size_t(data.x.rows()));
  std::iota(order.begin(), order.end(), 0);
  const Accuracy& accuracy = hooks.accuracy ? hooks.accuracy : default_accuracy;
  Matrix xb;
  long step = 0;
  for (int epoch = 0; epoch < c.max_epochs; ++epoch) {
    if (c.shuffle) rng.Shuffle(order.begin(), order.end());
    double loss_sum = 0;
    int batches = 0;
    for (std::size_t start = 0; start < order.size(); start += std::size_t(c.batch)) {
      const std::span<const int> rows(order.data() + start, std::min(order.size() - start, std::size_t(c.batch)));
      xb.resize(Eigen::Index(rows.size()), data.x.cols());
      for (std::size_t i = 0; i < rows.size(); ++i) xb.row(Eigen::Index(i)) = data.x.row(rows[i]);
      ZeroGrads(params);
      const LossGrad lg = batch_loss(net.Forward(xb), rows);
      if (!std::isfinite(lg.loss)) {
        log.diverged = true;
        return log;
      }
      net.Backward(lg.grad);
      if (c.clip > 0) ClipGradNorm(params, c.clip);
      if (c.adam) adam.Step(params);
      else sgd.Step(params);
      if (hooks.after_step) hooks.after_step(net, step);
      ++step;
      loss_sum += lg.loss;
      ++batches;
    }
    log.loss.push_back(loss_sum / batches);
    bool reached = false;
    if (c.log_accuracy && accuracy) {
      log.accuracy.push_back(accuracy(net, data));
      reached = log.epochs_to_target < 0 && log.accuracy.back() >= c.target_accuracy;
      if (reached) log.epochs_to_target = epoch + 1;
    }
    const bool hook_stops = hooks.after_epoch && hooks.after_epoch(net, log);
    if ((reached && c.stop_at_target) || hook_stops) return log;
  }
  return log;
}

}  // namespace

double BinaryAccuracy(const Matrix& z, const Matrix& labels) {
  int right = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) right += (z(i, 0) > 0) == (labels(i, 0) > 0.5);
  return double(right) / double(z.rows());
}

double BinaryAccuracy(Sequential& net, const Dataset& data) { return BinaryAccuracy(net.Forward(data.x), data.y); }

double MulticlassAccuracy(Sequential& net, const Dataset& data) {
  const Matrix z = net.Forward(data.x);
  int right = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    Eigen::Index best = 0;
    z.row(i).maxCoeff(&best);
    right += int(best) == data.labels[std::size_t(i)];
  }
  return double(right) / double(z.rows());
}

TrainLog TrainBinary(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng, const TrainHooks& hooks) {
  Matrix yb;
  const auto bce = [&](const Matrix& logits, std::span<const int> rows) {
    yb.resize(Eigen::Index(rows.size()), 1);
    for (std::size_t i = 0; i < rows.size(); ++i) yb(Eigen::Index(i), 0) = data.y(rows[i], 0);
    return BceWithLogits(logits, yb);
  };
  return Train(net, data, c, rng, bce, [](Sequential& n, const Dataset& d) { return BinaryAccuracy(n, d); }, hooks);
}

TrainLog TrainMulticlass(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng, const TrainHooks& hooks) {
  std::vector<int> labels;
  const auto cross_entropy = [&](const Matrix& logits, std::span<const int> rows) {
    labels.clear();
    for (int row : rows) labels.push_back(data.labels[std::size_t(row)]);
    return SoftmaxCrossEntropy(logits, labels);
  };
  return Train(net, data, c, rng, cross_entropy, MulticlassAccuracy, hooks);
}

TrainLog TrainRegression(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng, const TrainHooks& hooks) {
  Matrix yb;
  const auto mse = [&](const Matrix& prediction, std::span<const int> rows) {
    yb.resize(Eigen::Index(rows.size()), data.y.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) yb.row(Eigen::Index(i)) = data.y.row(rows[i]);
    return Mse(prediction, yb);
  };
  return Train(net, data, c, rng, mse, Accuracy(), hooks);
}

}  // namespace actlab::lab
