// One network of a playground run: the lab engine's layers built from a NetworkConfig, trained a
// minibatch step at a time, and what the page shows of it (losses, accuracies, per-layer
// diagnostics, its outputs over the plane).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <variant>

#include "lab/engine/layers.h"
#include "lab/engine/train.h"
#include "playground/config.h"
#include "playground/data.h"

namespace actlab::playground {

class Network {
 public:
  Network(const NetworkConfig& config, const Data& data, int inputs, std::uint64_t seed);

  // One optimiser step on the next minibatch of `x` (the training inputs, features applied).
  void Step(const lab::Matrix& x, const Data& data);
  // Back to the weights, optimiser state and batch order it started with.
  void Reset();

  // The prediction's loss (without L1 / L2) and accuracy (-1 for regression) on these rows.
  struct Score {
    double loss, accuracy;
  };
  Score Evaluate(const lab::Matrix& x, const lab::Dataset& rows);
  // Per hidden layer: dead and saturated fractions, gradient norm, pre-activation histogram,
  // learnable values (API.md).
  nlohmann::json Diagnostics(const lab::Matrix& x);
  // What the page draws at each row: the class 1 probability (two classes), the predicted
  // class (more), or the value (regression).
  std::vector<double> Outputs(const lab::Matrix& x);
  // Each hidden unit's output at each row, layer by layer, at most `max_units` units.
  std::vector<std::vector<double>> UnitOutputs(const lab::Matrix& x, int max_units);
  // Rows are the true classes.
  std::vector<std::vector<int>> Confusion(const lab::Matrix& x, const lab::Dataset& rows);
  std::vector<int> Predictions(const lab::Matrix& x);

  const NetworkConfig& config() const { return config_; }
  std::size_t parameters() { return net_.ParamCount(); }

 private:
  lab::Matrix Targets(const lab::Dataset& rows, const std::vector<std::size_t>& index) const;
  void Build(std::uint64_t seed);

  NetworkConfig config_;
  DataKind kind_;
  int classes_, inputs_, outputs_;
  std::uint64_t seed_;
  std::size_t rows_;
  lab::Sequential net_;
  std::variant<lab::Sgd, lab::Adam> optimizer_ = lab::Sgd(0.1);
  std::unique_ptr<lab::Rng> batch_rng_;
  std::vector<std::size_t> order_;  // this epoch's row order
  std::size_t next_ = 0;
  std::vector<double> max_slope_;   // per hidden layer: the activation's largest |f'| (saturation)
};

}  // namespace actlab::playground
