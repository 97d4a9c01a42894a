// One training step of a 2-64-64-64-1 ReLU MLP on a batch of 32 (forward, BCE on the logit,
// backward, SGD update): the lab's engine against the same model in libtorch, in one process.
//   build/bench/actlab_train_step
#include <benchmark/benchmark.h>

#include "lab/data/datasets.h"
#include "lab/engine/layers.h"
#include "lab/engine/train.h"

#ifdef ACTLAB_HAVE_TORCH
#include <torch/torch.h>
#endif

namespace {
using namespace actlab::lab;

constexpr int kBatch = 32;

void EngineStep(benchmark::State& state) {
  actlab::set_num_threads(1);
  Rng rng(1);
  Sequential net = Mlp({2, 64, 64, 64, 1}, "relu");
  Initialise(net, Init::kHeNormal, rng);
  const Dataset data = Spirals(kBatch, 0.05, 1.5, rng);
  const auto params = net.Params();
  Sgd sgd(0.01);
  for (auto _ : state) {
    ZeroGrads(params);
    const LossGrad lg = BceWithLogits(net.Forward(data.x), data.y);
    net.Backward(lg.grad);
    sgd.Step(params);
    benchmark::DoNotOptimize(lg.loss);
  }
  state.counters["steps/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(EngineStep)->UseRealTime();

#ifdef ACTLAB_HAVE_TORCH
void TorchStep(benchmark::State& state) {
  at::set_num_threads(1);
  torch::manual_seed(1);
  torch::nn::Sequential net(torch::nn::Linear(2, 64), torch::nn::ReLU(), torch::nn::Linear(64, 64), torch::nn::ReLU(),
                            torch::nn::Linear(64, 64), torch::nn::ReLU(), torch::nn::Linear(64, 1));
  net->to(torch::kDouble);
  Rng rng(1);
  const Dataset data = Spirals(kBatch, 0.05, 1.5, rng);
  const torch::Tensor x = torch::from_blob(const_cast<double*>(data.x.data()), {kBatch, 2}, torch::kDouble).clone();
  const torch::Tensor y = torch::from_blob(const_cast<double*>(data.y.data()), {kBatch, 1}, torch::kDouble).clone();
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.01));
  for (auto _ : state) {
    sgd.zero_grad();
    const torch::Tensor loss = torch::binary_cross_entropy_with_logits(net->forward(x), y);
    loss.backward();
    sgd.step();
    benchmark::DoNotOptimize(loss.data_ptr());
  }
  state.counters["steps/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(TorchStep)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
