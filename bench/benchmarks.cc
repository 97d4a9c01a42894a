// Google Benchmark over the registry: every activation x direction x type x size x threads, for
// actlab, for a copy of the same bytes, and for each peer built in, all in one process.
//   build/bench/actlab_benchmarks --benchmark_filter='sigmoid/forward/f32'
// Counters: el/ns (elements per ns) and GB/s (bytes read + written per second).
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>

#include "actlab/actlab.h"
#include "measure.h"

namespace {
namespace b = actlab::bench;

using Factory = std::function<std::unique_ptr<b::Runner>(const b::Case&)>;

// Runners own up to three streams of the size beyond the last-level cache (3 GiB of float64
// with 480 MiB of L3): build one when its benchmark starts and keep only the latest.
b::Runner* Current(const std::string& name, const Factory& make, const b::Case& c) {
  static std::string current;
  static std::unique_ptr<b::Runner> runner;
  if (current != name) {
    runner.reset();
    runner = make(c);
    current = name;
  }
  return runner.get();
}

void Register(const std::string& impl, const b::Case& c, Factory make) {
  const std::string name = impl + "/" + c.spec + "/" + b::Name(c.direction) + "/" + (c.f64 ? "f64" : "f32") +
                           "/" + std::to_string(c.n) + "/threads:" + std::to_string(c.threads);
  benchmark::RegisterBenchmark(name.c_str(), [name, make, c](benchmark::State& state) {
    b::Runner* runner = Current(name, make, c);
    for (auto _ : state) runner->Run();
    const double iterations = double(state.iterations());
    state.counters["el/ns"] = benchmark::Counter(iterations * double(c.n) * 1e-9, benchmark::Counter::kIsRate);
    state.counters["GB/s"] = benchmark::Counter(iterations * double(runner->bytes) * 1e-9, benchmark::Counter::kIsRate);
  })->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::vector<std::string> specs = actlab::catalog_specs();
  const auto peers = b::Peers();
  const int all = actlab::num_threads();
  const std::size_t dram = b::BeyondCacheElements();
  for (const auto& spec : specs) {
    for (auto d : {b::Direction::kForward, b::Direction::kBackward, b::Direction::kFromOutput}) {
      for (bool f64 : {false, true}) {
        for (std::size_t n : {std::size_t(1) << 12, std::size_t(1) << 18, dram}) {
          for (int threads : {1, all}) {
            const b::Case c{spec, d, f64, n, threads};
            if (!b::MakeActlab({spec, d, f64, 1, 1})) continue;  // no such direction
            Register("actlab", c, b::MakeActlab);
            Register("copy", c, b::MakeCopy);
            for (const auto& p : peers) {
              if (p.make({spec, d, f64, 1, 1})) Register(p.name, c, p.make);
            }
            if (all == 1) break;
          }
        }
      }
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
