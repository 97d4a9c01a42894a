// actlab bench [SPEC...] [--size N | --dram] [--threads N] [--dtype f32|f64|both|bf16|f16] [--direction D]
// [--repeats N]: actlab's speed against a copy of the same bytes and against the peers built in.
#include <cstdio>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "cli/commands.h"
#include "measure.h"

namespace actlab::cli {
namespace {

// One table row per case: actlab's rate, and its ratio to a copy of the same bytes and to each
// peer, all medians of repeated timings in this process.
void Bench(std::vector<std::string> specs, std::size_t n, int threads, const std::string& dtype,
           const std::string& direction, int repeats) {
  namespace b = actlab::bench;
  if (specs.empty()) specs = catalog_specs();
  for (const auto& spec : specs) (void)Activation::parse(spec);  // fail before timing
  std::vector<b::Direction> directions;
  if (direction == "forward" || direction == "all") directions.push_back(b::Direction::kForward);
  if (direction == "backward" || direction == "all") directions.push_back(b::Direction::kBackward);
  if (direction == "from-output" || direction == "all") directions.push_back(b::Direction::kFromOutput);
  const auto peers = b::Peers();
  std::printf("actlab bench: n = %zu, %d thread(s), target %s, median of %d timings; el/ns = elements per ns,\n"
              "GB/s counts bytes read + written, 'copy' = copy time / actlab time (1 = at the copy's speed),\n"
              "peer columns = peer time / actlab time (above 1: actlab is faster)\n",
              n, threads, current_target().c_str(), repeats);
  std::printf("%-24s %-11s %-4s %8s %8s %6s", "function", "direction", "type", "el/ns", "GB/s", "copy");
  for (const auto& p : peers) std::printf(" %10s", p.name.c_str());
  std::printf("\n");
  for (const auto& spec : specs) {
    for (b::Direction d : directions) {
      for (const std::string type : {"f32", "f64", "bf16", "f16"}) {
        if (dtype != type && !(dtype == "both" && (type == "f32" || type == "f64"))) continue;
        const bool f64 = type == "f64";
        b::Case c{spec, d, f64, n, threads};
        if (type == "bf16") c.storage = b::Case::Storage::kBF16;
        if (type == "f16") c.storage = b::Case::Storage::kF16;
        auto ours = b::MakeActlab(c);
        if (!ours) continue;
        const double ns = b::MedianNs(*ours, repeats);
        auto copy = b::MakeCopy(c);
        const double copy_ns = b::MedianNs(*copy, repeats);
        std::printf("%-24s %-11s %-4s %8.3f %8.2f %6.2f", spec.c_str(), b::Name(d), type.c_str(),
                    double(n) / ns, double(ours->bytes) / ns, copy_ns / ns);
        for (const auto& p : peers) {
          auto theirs = p.make(c);  // each peer declines the types it lacks
          if (theirs) std::printf(" %10.2f", b::MedianNs(*theirs, repeats) / ns);
          else std::printf(" %10s", "-");
        }
        std::printf("\n");
        std::fflush(stdout);
      }
    }
  }
}

}  // namespace

void AddBench(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "time activations against a copy of the same bytes and the peers");
  static std::vector<std::string> specs;
  static std::size_t n = 1 << 18;
  static int threads = 1, repeats = 7;
  static std::string dtype = "f32", direction = "all";
  bench->add_option("spec", specs, "activation specs (default: every activation, then the catalogue's variants)");
  auto* size = bench->add_option("--size", n, "elements per call")->check(CLI::Range(std::size_t(1), std::size_t(1) << 30));
  static bool dram = false;
  bench->add_flag("--dram", dram,
                  "elements per call: the first power of two whose float32 buffer exceeds the last-level cache (" +
                      std::to_string(bench::LastLevelCacheBytes() >> 20) + " MiB here)")
      ->excludes(size);
  bench->add_option("--threads", threads, "threads (0: all cores)")->check(CLI::Range(0, 1024));
  bench->add_option("--dtype", dtype, "f32, f64, both (f32 and f64), bf16 or f16")
      ->check(CLI::IsMember({"f32", "f64", "both", "bf16", "f16"}));
  bench->add_option("--direction", direction, "forward, backward, from-output or all")
      ->check(CLI::IsMember({"forward", "backward", "from-output", "all"}));
  bench->add_option("--repeats", repeats, "timings per median")->check(CLI::Range(1, 1000));
  bench->callback([] {
    const std::size_t size = dram ? bench::BeyondCacheElements() : n;
    Bench(specs, size, threads == 0 ? num_threads() : threads, dtype, direction, repeats);
  });
}

}  // namespace actlab::cli
