// actlab hash [SPEC...] [--dtype f32|f64|both] [--samples N]: one hash of every output per
// activation, direction and type, so that a change meant to keep every bit (a refactor, a move,
// a new compiler) is proven to: run it before and after and compare the two listings.
// float32 elementwise functions see all 2^32 inputs; float64 ones N evenly spaced bit patterns
// (both signs, NaNs and infinities among them); rows and groups N normal values.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "cli/commands.h"
#include "measure.h"

namespace actlab::cli {
namespace {

constexpr std::size_t kBlock = std::size_t(1) << 22;  // elements per call

// FNV-1a over 64-bit words in 8 interleaved lanes (one multiply chain would take seconds for the
// 16 GiB of float32 outputs), folded into one at the end: order-sensitive like a single chain.
struct Hash {
  static constexpr std::uint64_t kPrime = 0x100000001b3u;
  std::uint64_t lanes[8] = {0xcbf29ce484222325u, 1, 2, 3, 4, 5, 6, 7};
  template <typename T>
  void Add(const std::vector<T>& v) {
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    const std::size_t bytes = v.size() * sizeof(T), whole = bytes / 64 * 64;
    for (std::size_t i = 0; i < whole; i += 64) {
      std::uint64_t w[8];
      __builtin_memcpy(w, p + i, 64);
      for (int j = 0; j < 8; ++j) lanes[j] = (lanes[j] ^ w[j]) * kPrime;
    }
    for (std::size_t i = whole; i < bytes; ++i) lanes[0] = (lanes[0] ^ p[i]) * kPrime;
  }
  std::uint64_t Value() const {
    std::uint64_t h = 0xcbf29ce484222325u;
    for (std::uint64_t lane : lanes) h = (h ^ lane) * kPrime;
    return h;
  }
};

using bench::Direction;

// Inputs for the block that starts at element `first`: bit patterns (all of float32's, or
// float64's evenly spaced), or normal values for the layouts that are not elementwise.
template <typename T>
void Inputs(std::vector<T>& x, std::uint64_t first, std::uint64_t total, bool patterns, unsigned seed) {
  if (!patterns) return bench::FillInputs(x.data(), x.size(), seed);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::uint64_t k = first + i;
    if constexpr (sizeof(T) == 4) {
      x[i] = std::bit_cast<float>(std::uint32_t(k));
    } else {
      x[i] = std::bit_cast<double>(std::uint64_t((unsigned __int128)k * (~std::uint64_t(0)) / total));
    }
  }
}

template <typename T>
void HashOne(const Activation& act, Direction d, std::uint64_t samples) {
  const bool patterns = act.info().layout == Layout::kElementwise || act.info().layout == Layout::kChannels;
  // Calls take whole groups (maxout's k) and whole rows (softmax's and the gated's dim; 0: each
  // call one row, of an even length for the gated):
  // blocks and the total are multiples of that unit.
  std::size_t unit = 1;
  if (act.info().layout == Layout::kGroups) unit = std::size_t(act.param("k"));
  if (act.info().layout == Layout::kRows && act.param("dim") > 0) unit = std::size_t(act.param("dim"));
  if (act.info().layout == Layout::kGated) unit = act.param("dim") > 0 ? std::size_t(act.param("dim")) : 2;
  const std::size_t block = std::max(kBlock / unit, std::size_t(1)) * unit;
  const std::uint64_t total = patterns && sizeof(T) == 4 ? std::uint64_t(1) << 32 : samples / unit * unit;
  Hash hash;
  std::vector<T> x, dy, out;
  for (std::uint64_t first = 0; first < total; first += block) {
    const std::size_t n = std::size_t(std::min<std::uint64_t>(block, total - first));
    x.resize(n);
    Inputs(x, first, total, patterns, unsigned(1 + first / block));
    if (d == Direction::kForward) {
      out.resize(act.output_size(n));
      act.forward(x, out);
    } else {
      if (dy.size() != act.output_size(n)) {  // the same gradient for every block
        dy.resize(act.output_size(n));
        bench::FillInputs(dy.data(), dy.size(), 2);
      }
      out.resize(n);
      if (d == Direction::kBackward) act.backward(x, dy, out);
      else act.backward_from_output(x, dy, out);
    }
    hash.Add(out);
  }
  std::printf("%-28s %-11s %-3s %12llu  %016llx\n", act.spec().c_str(), bench::Name(d), sizeof(T) == 4 ? "f32" : "f64",
              (unsigned long long)total, (unsigned long long)hash.Value());
  std::fflush(stdout);
}

}  // namespace

void AddHash(CLI::App& app) {
  auto* cmd = app.add_subcommand("hash", "a hash of every output per activation, direction and type (to prove a change keeps every bit)");
  static std::vector<std::string> specs;
  static std::string dtype = "both";
  static std::uint64_t samples = 100'000'000;
  cmd->add_option("spec", specs, "activation specs (default: every activation, then the catalogue's variants)");
  cmd->add_option("--dtype", dtype, "f32, f64 or both")->check(CLI::IsMember({"f32", "f64", "both"}));
  cmd->add_option("--samples", samples, "inputs for float64, and for rows and groups")
      ->check(CLI::Range(std::uint64_t(1), std::uint64_t(1) << 40));
  cmd->callback([] {
    if (specs.empty()) specs = catalog_specs();
    std::vector<Activation> acts;
    for (const auto& spec : specs) acts.push_back(Activation::parse(spec));  // fail before hashing
    for (const auto& act : acts) {
      for (Direction d : {Direction::kForward, Direction::kBackward, Direction::kFromOutput}) {
        if (d == Direction::kFromOutput && !act.has_backward_from_output()) continue;
        if (dtype != "f64") HashOne<float>(act, d, samples);
        if (dtype != "f32") HashOne<double>(act, d, samples);
      }
    }
  });
}

}  // namespace actlab::cli
