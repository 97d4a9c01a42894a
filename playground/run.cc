#include "playground/run.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace actlab::playground {

using nlohmann::json;

namespace {
constexpr int kBoundaryGrid = 40, kUnitGrid = 24, kMaxUnits = 64, kSamples = 16;

// A non-finite value (a diverged network) is null in the JSON, which has no NaN. Four
// significant digits: the page draws them, and a snapshot stays a few hundred kilobytes.
json Finite(double v) {
  if (!std::isfinite(v)) return nullptr;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return std::strtod(buf, nullptr);
}

json Rows(const lab::Dataset& d) {
  json rows = json::array();
  for (Eigen::Index r = 0; r < d.x.rows(); ++r) rows.push_back({Finite(d.x(r, 0)), Finite(d.x(r, 1)), Finite(d.y(r, 0))});
  return rows;
}
}  // namespace

const char* Name(State s) {
  switch (s) {
    case State::kPaused: return "paused";
    case State::kRunning: return "running";
    case State::kDone: return "done";
  }
  return "?";
}

Run::Run(RunConfig config, const Limits& limits)
    : config_(std::move(config)), seconds_limit_(limits.seconds), data_(MakeData(config_.data, config_.seed)) {
  train_x_ = Features(data_, data_.train.x, config_.features);
  test_x_ = Features(data_, data_.test.x, config_.features);
  if (data_.kind != DataKind::kImages) {
    grid_x_ = Features(data_, Grid(kBoundaryGrid), config_.features);
    unit_grid_x_ = Features(data_, Grid(kUnitGrid), config_.features);
  }
  // The same seed for every network: same data, same batches, and the same initial weights
  // wherever the shapes agree, so that only what the user changed differs.
  for (const NetworkConfig& n : config_.networks) networks_.emplace_back(n, data_, int(train_x_.cols()), config_.seed);
}

void Run::Step(long n) {
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n && step_ < config_.max_steps && seconds_ < seconds_limit_; ++i) {
    for (Network& net : networks_) net.Step(train_x_, data_);
    ++step_;
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (step_ >= config_.max_steps || seconds_ >= seconds_limit_) state_ = State::kDone;
}

json Run::Points() const {
  if (data_.kind == DataKind::kImages) return json::object();
  return {{"train", Rows(data_.train)}, {"test", Rows(data_.test)}};
}

void Run::Reset() {
  for (Network& net : networks_) net.Reset();
  step_ = 0;
  seconds_ = 0;
  state_ = State::kPaused;
}

json Run::Snapshot(bool with_units) {
  json nets = json::array(), boundary = json::array(), confusion = json::array();
  for (Network& net : networks_) {
    const Network::Score train = net.Evaluate(train_x_, data_.train), test = net.Evaluate(test_x_, data_.test);
    nets.push_back({{"label", net.config().label},
                    {"train", {{"loss", Finite(train.loss)}, {"accuracy", Finite(train.accuracy)}}},
                    {"test", {{"loss", Finite(test.loss)}, {"accuracy", Finite(test.accuracy)}}},
                    {"layers", net.Diagnostics(train_x_)}});
    if (grid_x_.rows() > 0) {
      json values = json::array();
      for (double v : net.Outputs(grid_x_)) values.push_back(Finite(v));
      boundary.push_back(values);
    }
    if (data_.classes > 2) confusion.push_back(net.Confusion(test_x_, data_.test));
  }
  json out = {{"step", step_}, {"state", Name(state_)}, {"networks", nets}};
  if (grid_x_.rows() > 0) {
    out["boundary"] = {{"size", kBoundaryGrid}, {"values", boundary}};
    if (with_units) {
      json units = json::array();
      for (const auto& unit : networks_.front().UnitOutputs(unit_grid_x_, kMaxUnits)) {
        json values = json::array();
        for (double v : unit) values.push_back(Finite(v));
        units.push_back(values);
      }
      out["boundary"]["unit_size"] = kUnitGrid;
      out["boundary"]["units"] = units;
    }
  }
  if (data_.classes > 2) out["confusion"] = confusion;
  if (data_.kind == DataKind::kImages) {
    const Eigen::Index n = std::min<Eigen::Index>(kSamples, test_x_.rows());
    const lab::Matrix first = test_x_.topRows(n);
    json images = json::array(), predictions = json::array();
    for (Eigen::Index r = 0; r < n; ++r) images.push_back(std::vector<double>(first.row(r).begin(), first.row(r).end()));
    for (Network& net : networks_) predictions.push_back(net.Predictions(first));
    out["samples"] = {{"size", data_.image_size}, {"images", images},
                      {"labels", std::vector<int>(data_.test.labels.begin(), data_.test.labels.begin() + n)},
                      {"predictions", predictions}};
  }
  return out;
}

}  // namespace actlab::playground
