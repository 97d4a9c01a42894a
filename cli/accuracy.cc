// actlab accuracy [SPEC...] [--direction D] [--dtype f32|f64|bf16|f16] [--exhaustive | --samples N]
// [--range A:B] [--threads N] [--no-peers]: the error in ULP against the reference, actlab's and
// the peers'.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "actlab/accuracy.h"
#include "actlab/actlab.h"
#include "cli/commands.h"
#include "cli/parse.h"
#include "measure.h"

namespace actlab::cli {
namespace {

// A peer runner as an accuracy Batch: inputs go through its own buffers, `cap` at a time.
template <typename T>
accuracy::Batch<T> PeerBatch(std::shared_ptr<bench::Runner> r, std::size_t cap) {
  return [r, cap](std::span<const T> in, std::span<T> out) {
    T* x = static_cast<T*>(r->input);
    T* g = static_cast<T*>(r->gradient);
    const T* y = static_cast<const T*>(r->output);
    for (std::size_t s = 0; s < in.size(); s += cap) {
      const std::size_t m = std::min(cap, in.size() - s);
      std::copy_n(in.data() + s, m, x);
      std::fill(x + m, x + cap, T(0));
      std::fill(g, g + cap, T(1));
      r->Run();
      std::copy_n(y, m, out.data() + s);
    }
  };
}

void Accuracy(std::vector<std::string> specs, const std::string& direction, const std::string& dtype,
              bool exhaustive, std::uint64_t samples, const std::string& range, int threads, bool peers) {
  namespace a = actlab::accuracy;
  namespace b = actlab::bench;
  if (specs.empty()) {
    for (std::string& spec : catalog_specs()) {
      const Layout layout = Activation::parse(spec).info().layout;
      if (layout == Layout::kElementwise || layout == Layout::kChannels || layout == Layout::kGated) {
        specs.push_back(std::move(spec));
      }
    }
  }
  a::Options o;
  o.exhaustive = exhaustive;
  o.samples = samples;
  o.threads = threads;
  if (!range.empty()) {
    const std::vector<double> bounds = ParseFields(range, 2, false, "--range", "expected A:B");
    o.lo = bounds[0];
    o.hi = bounds[1];
    if (!(o.lo <= o.hi)) throw CLI::ValidationError("--range", "expected A <= B");
  }
  const bool tty = isatty(2);
  o.progress = [tty](double done) {
    if (!tty) return;
    const int width = 40, filled = int(done * width);
    std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(std::size_t(filled), '#').c_str(),
                 std::string(std::size_t(width - filled), ' ').c_str(), int(done * 100));
    if (done >= 1) std::fprintf(stderr, "\r%*s\r", width + 8, "");
  };
  std::vector<std::pair<a::Direction, const char*>> directions;
  if (direction == "forward" || direction == "all") directions.emplace_back(a::Direction::kForward, "forward");
  if (direction == "backward" || direction == "all") directions.emplace_back(a::Direction::kBackward, "backward");
  if (direction == "from-output" || direction == "all") directions.emplace_back(a::Direction::kFromOutput, "from_output");
  const auto row = [](const std::string& spec, const char* dname, const std::string& name, const a::Result& r) {
    std::printf("%-24s %-11s %-9s %10.3g %16.9g %10.3g %12llu %9llu %10llu", spec.c_str(), dname, name.c_str(),
                r.max_ulp, r.worst_input, r.mean_ulp, (unsigned long long)r.not_faithful,
                (unsigned long long)r.nan_wrong, (unsigned long long)r.nonfinite_for_finite);
    if (r.nonfinite_for_finite) std::printf("  (first at x = %.9g)", r.first_nonfinite_input);
    std::printf("\n");
    std::fflush(stdout);
  };
  if (dtype == "bf16" || dtype == "f16") {
    const bool bf = dtype == "bf16";
    std::printf("actlab accuracy: %s, every 16-bit input (65,536), reference long double; error in ULP of %s "
                "(0.5: correctly rounded)\n", bf ? "bfloat16" : "float16", bf ? "bfloat16" : "float16");
    std::printf("%-24s %-11s %-9s %10s %16s %10s %12s %9s %10s\n", "function", "direction", "impl", "max ulp",
                "at input", "mean ulp", "not faithful", "NaN wrong", "non-finite");
    for (const auto& spec : specs) {
      const auto act = Activation::parse(spec);
      for (const auto& [d, dname] : directions) {
        if (d == a::Direction::kFromOutput && (act.info().layout == Layout::kGated || !act.has_backward_from_output())) continue;
        row(spec, dname, "actlab", a::MeasureStorage(act, d, bf ? a::Storage::kBFloat16 : a::Storage::kFloat16));
      }
    }
    return;
  }
  const bool f64 = dtype == "f64";
  std::printf("actlab accuracy: %s, %s, reference %s; error in ULP of the result (of 1 near a root of f')\n",
              f64 ? "float64" : "float32",
              exhaustive ? "every float32 input (2^32)" : (std::to_string(samples) + " inputs evenly spaced in bit patterns").c_str(),
              f64 ? "quad (113-bit)" : "double (within 2^-20 ULP of long double)");
  std::printf("%-24s %-11s %-9s %10s %16s %10s %12s %9s %10s\n", "function", "direction", "impl", "max ulp",
              "at input", "mean ulp", "not faithful", "NaN wrong", "non-finite");
  constexpr std::size_t kCap = std::size_t(1) << 20;
  for (const auto& spec : specs) {
    const auto act = Activation::parse(spec);
    for (const auto& [d, dname] : directions) {
      if (d == a::Direction::kFromOutput && !act.has_backward_from_output()) continue;
      o.direction = d;
      std::vector<std::pair<std::string, std::shared_ptr<b::Runner>>> impls = {{"actlab", nullptr}};
      // The peers' gated are timed by bench; here they would need GatedUp's ups.
      if (peers && act.info().layout != Layout::kGated) {
        const b::Direction bd = d == a::Direction::kForward ? b::Direction::kForward
                                : d == a::Direction::kBackward ? b::Direction::kBackward : b::Direction::kFromOutput;
        for (const auto& p : b::Peers()) {
          if (auto r = p.make(b::Case{spec, bd, f64, kCap, num_threads()})) impls.emplace_back(p.name, std::move(r));
        }
      }
      // One reference pass for every implementation.
      std::vector<a::Batch<float>> f32_batches;
      std::vector<a::Batch<double>> f64_batches;
      for (const auto& [name, runner] : impls) {
        if (f64) f64_batches.push_back(runner ? PeerBatch<double>(runner, kCap) : a::ActlabBatchF64(act, d));
        else f32_batches.push_back(runner ? PeerBatch<float>(runner, kCap) : a::ActlabBatchF32(act, d));
      }
      const std::vector<a::Result> results =
          f64 ? a::Measure(act, o, std::span<const a::Batch<double>>(f64_batches))
              : a::Measure(act, o, std::span<const a::Batch<float>>(f32_batches));
      for (std::size_t k = 0; k < impls.size(); ++k) {
        row(spec, dname, impls[k].first, results[k]);
      }
    }
  }
}

}  // namespace

void AddAccuracy(CLI::App& app) {
  auto* accuracy = app.add_subcommand("accuracy", "measure the error in ULP against the reference, and the peers'");
  static std::vector<std::string> specs;
  static std::string direction = "all", dtype = "f32", range;
  static bool exhaustive = false, no_peers = false;
  static std::uint64_t samples = 1 << 22;
  static int threads = 0;
  accuracy->add_option("spec", specs, "activation specs (default: every elementwise and gated activation, then their variants)");
  accuracy->add_option("--direction", direction, "forward, backward, from-output or all")
      ->check(CLI::IsMember({"forward", "backward", "from-output", "all"}));
  accuracy->add_option("--dtype", dtype, "f32, f64, bf16 or f16 (the 16-bit: always all 65,536 inputs)")
      ->check(CLI::IsMember({"f32", "f64", "bf16", "f16"}));
  auto* exhaustive_flag = accuracy->add_flag("--exhaustive", exhaustive, "every float32 input (2^32)");
  accuracy->add_option("--samples", samples, "inputs evenly spaced in bit patterns")
      ->check(CLI::Range(std::uint64_t(2), std::uint64_t(1) << 40))
      ->excludes(exhaustive_flag);
  accuracy->add_option("--range", range, "only inputs in [A, B]");
  accuracy->add_option("--threads", threads, "threads (0: all cores)")->check(CLI::Range(0, 1024));
  accuracy->add_flag("--no-peers", no_peers, "measure actlab only");
  accuracy->callback([] {
    if (exhaustive && dtype != "f32") throw CLI::ValidationError("--exhaustive", "is for f32 only (bf16 and f16 measure every input)");
    Accuracy(specs, direction, dtype, exhaustive, samples, range, threads, !no_peers);
  });
}

}  // namespace actlab::cli
