#include "lab/experiments/spirals_paired.h"

#include "lab/data/datasets.h"
#include "lab/engine/training_loop.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab::spirals {
namespace {

struct Size {
  int points, epochs;
};
Size SizeFor(const Context& ctx) { return ctx.quick ? Size{200, 10} : Size{600, 40}; }
constexpr double kTurns = 1.5, kNoise = 0.05, kLr = 0.03, kMomentum = 0.9;

}  // namespace

PairedRun TrainPaired(const std::string& activation, std::uint64_t seed, const Context& ctx) {
  const Size size = SizeFor(ctx);
  Rng rng(seed);
  const Dataset train = Spirals(size.points, kNoise, kTurns, rng);
  const Dataset test = Spirals(size.points, kNoise, kTurns, rng);
  Sequential net = Mlp({2, 64, 64, 64, 1}, activation);
  Initialise(net, Init::kHeNormal, rng);
  TrainConfig config;
  config.lr = kLr;
  config.momentum = kMomentum;
  config.batch = 32;
  config.max_epochs = size.epochs;
  config.target_accuracy = 0.95;
  const TrainLog log = TrainBinary(net, train, config, rng);
  PairedRun r;
  r.accuracy = log.accuracy;
  r.diverged = log.diverged;
  r.epochs_to_95 = log.epochs_to_target;
  r.train_accuracy = log.accuracy.empty() ? 0 : log.accuracy.back();
  r.test_accuracy = BinaryAccuracy(net, test);
  return r;
}

std::string PairedSetup(const Context& ctx) {
  const Size size = SizeFor(ctx);
  return "Two spirals (" + Format(kTurns) + " turns, noise " + Format(kNoise) + ", " + std::to_string(size.points) +
         " training and " + std::to_string(size.points) + " test points), MLP 2-64-64-64-1, He init, BCE on the logit, "
         "SGD lr " + Format(kLr) + " momentum " + Format(kMomentum) + ", batch 32, " + std::to_string(size.epochs) +
         " epochs, double precision; seeds " + std::to_string(ctx.seed) + ".." +
         std::to_string(ctx.seed + std::uint64_t(ctx.Seeds(5)) - 1) +
         ", each seed giving every activation the same data and initial weights.";
}

Series MeanAccuracyCurve(const std::string& label, const std::vector<PairedRun>& runs) {
  std::vector<std::vector<double>> curves;
  for (const PairedRun& r : runs) curves.push_back(r.accuracy);
  const std::vector<double> mean = MeanCurve(curves);
  return {label, Count(mean.size()), mean};
}

}  // namespace actlab::lab::spirals
