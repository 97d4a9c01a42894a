// A playground run: one dataset and one to four networks trained side by side on it from the
// same seed, a step at a time, and the snapshots the page draws (playground/API.md). Not
// thread-safe: the server holds a run's lock around every call.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

#include "playground/config.h"
#include "playground/data.h"
#include "playground/network.h"

namespace actlab::playground {

enum class State { kPaused, kRunning, kDone };
const char* Name(State s);

class Run {
 public:
  Run(RunConfig config, const Limits& limits);

  // Up to n steps of every network; stops at max_steps or the time limit (then kDone).
  void Step(long n);
  void Reset();
  void Play() { if (state_ != State::kDone) state_ = State::kRunning; }
  void Pause() { if (state_ != State::kDone) state_ = State::kPaused; }

  State state() const { return state_; }
  long step() const { return step_; }
  const RunConfig& config() const { return config_; }
  std::vector<Network>& networks() { return networks_; }

  // with_units: each hidden unit's output over the plane too (the largest part of a snapshot).
  nlohmann::json Snapshot(bool with_units = true);
  // The 2-D points as [x, y, label] rows, {"train": [...], "test": [...]}; {} for images.
  nlohmann::json Points() const;

 private:
  RunConfig config_;
  double seconds_limit_;
  Data data_;
  lab::Matrix train_x_, test_x_, grid_x_, unit_grid_x_;
  std::vector<Network> networks_;
  long step_ = 0;
  double seconds_ = 0;  // time spent training
  State state_ = State::kPaused;
};

}  // namespace actlab::playground
