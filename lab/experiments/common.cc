#include "lab/experiments/common.h"

#include <cmath>
#include <numeric>

namespace actlab::lab {

double BinaryAccuracy(Sequential& net, const Dataset& data) {
  const Matrix z = net.Forward(data.x);
  int right = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) right += (z(i, 0) > 0) == (data.y(i, 0) > 0.5);
  return double(right) / double(z.rows());
}

TrainLog TrainBinary(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng) {
  TrainLog log;
  const auto params = net.Params();
  Sgd sgd(c.lr, c.momentum);
  Adam adam(c.lr);
  std::vector<int> order(std::size_t(data.x.rows()));
  std::iota(order.begin(), order.end(), 0);
  Matrix xb, yb;
  for (int epoch = 0; epoch < c.max_epochs; ++epoch) {
    rng.Shuffle(order.begin(), order.end());
    double loss_sum = 0;
    int batches = 0;
    for (std::size_t start = 0; start < order.size(); start += std::size_t(c.batch)) {
      const std::size_t n = std::min(order.size() - start, std::size_t(c.batch));
      xb.resize(Eigen::Index(n), data.x.cols());
      yb.resize(Eigen::Index(n), 1);
      for (std::size_t i = 0; i < n; ++i) {
        xb.row(Eigen::Index(i)) = data.x.row(order[start + i]);
        yb(Eigen::Index(i), 0) = data.y(order[start + i], 0);
      }
      ZeroGrads(params);
      const LossGrad lg = BceWithLogits(net.Forward(xb), yb);
      if (!std::isfinite(lg.loss)) {
        log.diverged = true;
        return log;
      }
      net.Backward(lg.grad);
      if (c.clip > 0) ClipGradNorm(params, c.clip);
      if (c.adam) adam.Step(params);
      else sgd.Step(params);
      loss_sum += lg.loss;
      ++batches;
    }
    log.loss.push_back(loss_sum / batches);
    log.accuracy.push_back(BinaryAccuracy(net, data));
    if (log.epochs_to_target < 0 && log.accuracy.back() >= c.target_accuracy) log.epochs_to_target = epoch + 1;
  }
  return log;
}

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

TrainLog TrainMulticlass(Sequential& net, const Dataset& data, const TrainConfig& c, Rng& rng) {
  TrainLog log;
  const auto params = net.Params();
  Sgd sgd(c.lr, c.momentum);
  std::vector<int> order(std::size_t(data.x.rows()));
  std::iota(order.begin(), order.end(), 0);
  Matrix xb;
  std::vector<int> yb;
  for (int epoch = 0; epoch < c.max_epochs; ++epoch) {
    rng.Shuffle(order.begin(), order.end());
    double loss_sum = 0;
    int batches = 0;
    for (std::size_t start = 0; start < order.size(); start += std::size_t(c.batch)) {
      const std::size_t n = std::min(order.size() - start, std::size_t(c.batch));
      xb.resize(Eigen::Index(n), data.x.cols());
      yb.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        xb.row(Eigen::Index(i)) = data.x.row(order[start + i]);
        yb[i] = data.labels[std::size_t(order[start + i])];
      }
      ZeroGrads(params);
      const LossGrad lg = SoftmaxCrossEntropy(net.Forward(xb), yb);
      if (!std::isfinite(lg.loss)) {
        log.diverged = true;
        return log;
      }
      net.Backward(lg.grad);
      sgd.Step(params);
      loss_sum += lg.loss;
      ++batches;
    }
    log.loss.push_back(loss_sum / batches);
    log.accuracy.push_back(MulticlassAccuracy(net, data));
    if (log.epochs_to_target < 0 && log.accuracy.back() >= c.target_accuracy) {
      log.epochs_to_target = epoch + 1;
      return log;  // only the time to the target is measured
    }
  }
  return log;
}

}  // namespace actlab::lab
