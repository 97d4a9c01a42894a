#include "measure.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>

#include <unistd.h>

#include "actlab/actlab.h"

namespace actlab::bench {

std::size_t LastLevelCacheBytes() {
  for (int level : {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
    const long bytes = sysconf(level);
    if (bytes > 0) return std::size_t(bytes);
  }
  return std::size_t(32) << 20;
}

std::size_t BeyondCacheElements() {
  std::size_t n = std::size_t(1) << 20;
  while (n * sizeof(float) <= LastLevelCacheBytes()) n *= 2;
  return n;
}

const char* Name(Direction d) {
  switch (d) {
    case Direction::kForward: return "forward";
    case Direction::kBackward: return "backward";
    case Direction::kFromOutput: return "from_output";
  }
  return "?";
}

namespace {

template <typename T>
class ActlabRunner : public Runner {
 public:
  ActlabRunner(const Case& c, Activation act) : c_(c), act_(std::move(act)), x_(c.n), dy_(act_.output_size(c.n)), out_(c.n) {
    FillInputs(x_.data(), x_.size(), 1);
    FillInputs(dy_.data(), dy_.size(), 2);
    if (c.direction == Direction::kFromOutput) act_.forward(x_, x_);  // feed it real outputs
    input = x_.data(), gradient = dy_.data(), output = out_.data();
    const std::size_t streams = c.direction == Direction::kForward ? 2 : 3;
    bytes = streams * c.n * sizeof(T);
  }
  void Run() override {
    set_num_threads(c_.threads);
    switch (c_.direction) {
      case Direction::kForward: act_.forward(x_, std::span<T>(out_.data(), act_.output_size(c_.n))); break;
      case Direction::kBackward: act_.backward(x_, dy_, out_); break;
      case Direction::kFromOutput: act_.backward_from_output(x_, dy_, out_); break;
    }
  }

 private:
  Case c_;
  Activation act_;
  Buffer<T> x_, dy_, out_;
};

// The gated (glu, swiglu...) on two inputs of n elements, as a transformer's MLP holds them:
// forward reads gate and up and writes y; backward reads gate, up and dy and writes both
// gradients.
template <typename T>
class GatedRunner : public Runner {
 public:
  GatedRunner(const Case& c, Activation act) : c_(c), act_(std::move(act)), gate_(c.n), up_(c.n), dy_(c.n), out_(c.n), out2_(c.n) {
    FillInputs(gate_.data(), c.n, 1);
    FillInputs(up_.data(), c.n, 3);
    FillInputs(dy_.data(), c.n, 2);
    input = gate_.data(), gradient = dy_.data(), output = out_.data();
    bytes = (c.direction == Direction::kForward ? 3 : 5) * c.n * sizeof(T);
  }
  void Run() override {
    set_num_threads(c_.threads);
    if (c_.direction == Direction::kForward) act_.gated_forward(gate_, up_, out_);
    else act_.gated_backward(gate_, up_, dy_, out_, out2_);
  }

 private:
  Case c_;
  Activation act_;
  Buffer<T> gate_, up_, dy_, out_, out2_;
};

template <typename T>
class CopyRunner : public Runner {
 public:
  // Streams in and out: forward 1 -> 1, backward 2 -> 1; the gated forward 2 -> 1 and backward
  // 3 -> 2.
  CopyRunner(const Case& c, bool gated) : c_(c), a_(c.n), b_(c.n), c3_(gated ? c.n : 0), out_(c.n), out2_(gated ? c.n : 0) {
    FillInputs(a_.data(), c.n, 1);
    FillInputs(b_.data(), c.n, 2);
    FillInputs(c3_.data(), c3_.size(), 3);
    const bool fwd = c.direction == Direction::kForward;
    ins_ = gated ? (fwd ? 2 : 3) : (fwd ? 1 : 2);
    bytes = (ins_ + (gated && !fwd ? 2 : 1)) * c.n * sizeof(T);
  }
  // The same chunking and threads as actlab uses, so the ratio isolates the arithmetic.
  void Run() override {
    const std::ptrdiff_t n = std::ptrdiff_t(c_.n);
    T* __restrict out = out_.data();
    T* __restrict out2 = out2_.data();
    const T* __restrict a = a_.data();
    const T* __restrict b = b_.data();
    const T* __restrict c = c3_.data();
    const bool parallel = c_.threads > 1 && n >= (1 << 16);
    if (ins_ == 3) {
#pragma omp parallel for schedule(static) num_threads(c_.threads) if (parallel)
      for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = a[i] * c[i], out2[i] = b[i] * c[i];
    } else if (ins_ == 2) {
#pragma omp parallel for schedule(static) num_threads(c_.threads) if (parallel)
      for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
    } else {
#pragma omp parallel for schedule(static) num_threads(c_.threads) if (parallel)
      for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = a[i];
    }
  }

 private:
  Case c_;
  int ins_;
  Buffer<T> a_, b_, c3_, out_, out2_;
};

}  // namespace

std::unique_ptr<Runner> MakeActlab(const Case& c) {
  Activation act = Activation::parse(c.spec);
  if (c.direction == Direction::kFromOutput && !act.has_backward_from_output()) return nullptr;
  using S = Case::Storage;
  if (act.info().layout == Layout::kGated) {
    if (c.storage == S::kBF16) return std::make_unique<GatedRunner<bfloat16>>(c, act);
    if (c.storage == S::kF16) return std::make_unique<GatedRunner<float16>>(c, act);
    if (c.f64) return std::make_unique<GatedRunner<double>>(c, act);
    return std::make_unique<GatedRunner<float>>(c, act);
  }
  if (c.storage == S::kBF16) return std::make_unique<ActlabRunner<bfloat16>>(c, act);
  if (c.storage == S::kF16) return std::make_unique<ActlabRunner<float16>>(c, act);
  if (c.f64) return std::make_unique<ActlabRunner<double>>(c, act);
  return std::make_unique<ActlabRunner<float>>(c, act);
}

std::unique_ptr<Runner> MakeCopy(const Case& c) {
  const bool gated = Activation::parse(c.spec).info().layout == Layout::kGated;
  if (c.storage != Case::Storage::kNone) return std::make_unique<CopyRunner<std::uint16_t>>(c, gated);
  if (c.f64) return std::make_unique<CopyRunner<double>>(c, gated);
  return std::make_unique<CopyRunner<float>>(c, gated);
}

double MedianNs(Runner& runner, int repeats, double min_ms) {
  using Clock = std::chrono::steady_clock;
  runner.Run();  // warm caches, threads and page mappings
  std::size_t calls = 1;
  for (;;) {  // calls per timing: enough to fill min_ms
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < calls; ++i) runner.Run();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (ms >= min_ms || calls > (1u << 30)) break;
    calls = ms <= 0 ? calls * 16 : std::size_t(double(calls) * std::min(16.0, 1.2 * min_ms / ms)) + 1;
  }
  std::vector<double> ns;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < calls; ++i) runner.Run();
    ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / double(calls));
  }
  std::nth_element(ns.begin(), ns.begin() + ns.size() / 2, ns.end());
  return ns[ns.size() / 2];
}

}  // namespace actlab::bench
