#include "lab/experiments/spirals_study.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "lab/engine/training_loop.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab::spirals {
namespace {

std::string Key(const RunConfig& c) {
  return c.activation + "|" + Format(c.lr, 17) + "|" + std::to_string(c.seed) + "|" + std::to_string(c.max_epochs) +
         "|" + std::to_string(int(c.stop)) + "|" + std::to_string(c.small_init) + "|" + std::to_string(c.quick);
}

// The net's logits on x, 256 rows at a time, for the accuracy after every epoch: the whole set's
// layer outputs (0.5 MB each) made malloc hand pages back to the kernel and fault them in again
// every epoch, and EXP-04 took 11.1 s instead of 8.4 s (same results).
Matrix Logits(Sequential& net, const Matrix& x) {
  constexpr Eigen::Index kRows = 256;
  Matrix z(x.rows(), 1);
  for (Eigen::Index r = 0; r < x.rows(); r += kRows) {
    const Eigen::Index n = std::min(kRows, x.rows() - r);
    z.middleRows(r, n) = net.Forward(x.middleRows(r, n));
  }
  return z;
}

Init DefaultInit(const std::string& activation) {
  return activation == "tanh" || activation == "sigmoid" ? Init::kXavierNormal : Init::kHeNormal;
}

// Draws the data, then the initial weights.
void Start(Run& run, Rng& rng) {
  const RunConfig& c = run.config;
  run.data = Spirals(Points(c.quick), kNoise, kTurns, rng);
  run.net = Mlp({2, 64, 64, 64, 1}, c.activation);
  Initialise(run.net, c.small_init ? Init::kSmallNormal : DefaultInit(c.activation), rng, 0.01);
}

// EXP-04's training rule through the lab's training loop: plain SGD, batch 32. A kTarget run logs
// the accuracy and stops at kTarget or once the logit is constant; a kEscape run stops once the
// mean loss is below kEscapeLoss.
void Fit(Run& run, Rng& rng) {
  const RunConfig& c = run.config;
  TrainConfig config;
  config.lr = c.lr;
  config.batch = 32;
  config.max_epochs = c.max_epochs;
  config.target_accuracy = kTarget;
  config.stop_at_target = true;
  config.log_accuracy = c.stop == Stop::kTarget;
  Matrix z;  // the logits of the last accuracy pass
  TrainHooks hooks;
  hooks.accuracy = [&z](Sequential& net, const Dataset& data) {
    z = Logits(net, data.x);
    return BinaryAccuracy(z, data.y);
  };
  hooks.after_epoch = [&](Sequential&, const TrainLog& log) {
    if (run.epochs_to_escape < 0 && log.loss.back() < kEscapeLoss) run.epochs_to_escape = int(log.loss.size());
    if (c.stop == Stop::kEscape) return run.epochs_to_escape > 0;
    // A hidden layer that is zero for every input makes the logit a constant: no gradient reaches
    // the layers below, and the net can never separate the classes again.
    run.constant = log.epochs_to_target < 0 && z.maxCoeff() == z.minCoeff();
    return run.constant;
  };
  const TrainLog log = TrainBinary(run.net, run.data, config, rng, hooks);
  run.loss = log.loss;
  run.accuracy = log.accuracy;
  run.epochs_to_target = log.epochs_to_target;
  run.nonfinite = log.diverged;
}

}  // namespace

int Points(bool quick) { return quick ? 400 : 1000; }
std::vector<double> StudyGrid(bool quick) {
  return quick ? std::vector<double>{0.1, 0.3} : std::vector<double>{0.01, 0.03, 0.1, 0.3};
}
int StudyMaxEpochs(bool quick) { return quick ? 30 : 100; }

Run& Train(const RunConfig& config) {
  static std::map<std::string, std::unique_ptr<Run>> cache;
  std::unique_ptr<Run>& slot = cache[Key(config)];
  if (slot) return *slot;
  auto run = std::make_unique<Run>();
  run->config = config;
  Rng rng(config.seed);
  Start(*run, rng);
  Fit(*run, rng);
  run->final_accuracy = BinaryAccuracy(run->net, run->data);
  slot = std::move(run);
  return *slot;
}

Sequential InitialNet(const RunConfig& config) {
  Run run;
  run.config = config;
  Rng rng(config.seed);
  Start(run, rng);
  return std::move(run.net);
}

const Study& BestLrStudy(const std::string& activation, const Context& ctx) {
  static std::map<std::string, Study> cache;
  const std::string key = activation + "|" + std::to_string(ctx.seed) + "|" + std::to_string(ctx.quick);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Study s;
  s.activation = activation;
  s.grid = StudyGrid(ctx.quick);
  s.max_epochs = StudyMaxEpochs(ctx.quick);
  RunConfig c{activation, 0, ctx.seed, s.max_epochs, Stop::kTarget, false, ctx.quick};
  const auto cost = [](const Run* r) {  // fewest epochs to the target, then lowest final loss
    const double epochs = r->epochs_to_target > 0 ? r->epochs_to_target : std::numeric_limits<double>::infinity();
    const double loss = r->nonfinite || r->loss.empty() ? std::numeric_limits<double>::infinity() : r->loss.back();
    return std::pair{epochs, loss};
  };
  const Run* best = nullptr;
  for (double lr : s.grid) {
    c.lr = lr;
    s.selection.push_back(&Train(c));
    if (!best || cost(s.selection.back()) < cost(best)) best = s.selection.back(), s.best_lr = lr;
  }
  c.lr = s.best_lr;
  for (int k = 0; k < ctx.Seeds(5); ++k) {
    c.seed = ctx.seed + std::uint64_t(k);
    s.runs.push_back(&Train(c));
  }
  return cache[key] = s;
}

Figure DecisionBoundary(Run& run, const std::string& id, const std::string& title) {
  Figure f{id, title, "x1", "x2", {}};
  f.style = "points";
  Series c0{"class 0", {}, {}}, c1{"class 1", {}, {}}, edge{"decision boundary", {}, {}};
  for (Eigen::Index i = 0; i < run.data.x.rows(); ++i) {
    Series& s = run.data.y(i, 0) > 0.5 ? c1 : c0;
    s.x.push_back(run.data.x(i, 0));
    s.y.push_back(run.data.x(i, 1));
  }
  const int n = 161;
  const double lo = -1.25, step = 2.5 / (n - 1);
  Matrix grid(n * n, 2);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) grid.row(i * n + j) << lo + step * j, lo + step * i;
  }
  const Matrix z = run.net.Forward(grid);
  const auto positive = [&](int i, int j) { return z(i * n + j, 0) > 0; };
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      // A boundary point between two neighbouring grid points whose classes differ.
      if (j + 1 < n && positive(i, j) != positive(i, j + 1)) {
        edge.x.push_back(lo + step * (j + 0.5));
        edge.y.push_back(lo + step * i);
      }
      if (i + 1 < n && positive(i, j) != positive(i + 1, j)) {
        edge.x.push_back(lo + step * j);
        edge.y.push_back(lo + step * (i + 0.5));
      }
    }
  }
  f.series = {c0, c1};
  if (edge.x.empty()) f.title += " - no boundary: one class everywhere";
  else f.series.push_back(edge);
  return f;
}

double MedianEpochs(const std::vector<int>& epochs) {
  std::vector<double> v;
  for (int e : epochs) v.push_back(e > 0 ? e : std::numeric_limits<double>::infinity());
  const double median = Median(v);
  return v.empty() || std::isinf(median) ? -1 : median;
}

std::string FormatEpochs(double epochs, int cap) {
  return epochs > 0 ? Format(epochs, 4) : "> " + std::to_string(cap);
}

}  // namespace actlab::lab::spirals
