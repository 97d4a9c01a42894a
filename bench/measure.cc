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

template <typename T>
class CopyRunner : public Runner {
 public:
  explicit CopyRunner(const Case& c) : c_(c), a_(c.n), b_(c.n), out_(c.n) {
    FillInputs(a_.data(), c.n, 1);
    FillInputs(b_.data(), c.n, 2);
    bytes = (c.direction == Direction::kForward ? 2 : 3) * c.n * sizeof(T);
  }
  // The same chunking and threads as actlab uses, so the ratio isolates the arithmetic.
  void Run() override {
    const bool two = c_.direction != Direction::kForward;
    const std::ptrdiff_t n = std::ptrdiff_t(c_.n);
    T* __restrict out = out_.data();
    const T* __restrict a = a_.data();
    const T* __restrict b = b_.data();
#pragma omp parallel for schedule(static) num_threads(c_.threads) if (c_.threads > 1 && n >= (1 << 16))
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = two ? a[i] * b[i] : a[i];
  }

 private:
  Case c_;
  Buffer<T> a_, b_, out_;
};

}  // namespace

std::unique_ptr<Runner> MakeActlab(const Case& c) {
  Activation act = Activation::parse(c.spec);
  if (c.direction == Direction::kFromOutput && !act.has_backward_from_output()) return nullptr;
  if (c.f64) return std::make_unique<ActlabRunner<double>>(c, act);
  return std::make_unique<ActlabRunner<float>>(c, act);
}

std::unique_ptr<Runner> MakeCopy(const Case& c) {
  if (c.f64) return std::make_unique<CopyRunner<double>>(c);
  return std::make_unique<CopyRunner<float>>(c);
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
