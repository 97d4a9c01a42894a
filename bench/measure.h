// What the benchmarks measure, shared by bench/ (Google Benchmark) and `actlab bench`: a runner
// owns its buffers and performs one call per run(); the same cases run for actlab, for a plain
// copy of the same bytes, and for the peers (oneDNN, libtorch, XNNPACK) when they are built in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "actlab/half.h"

namespace actlab::bench {

// Every runner's buffers start on a cache line, as framework tensors do (PyTorch and oneDNN
// allocate 64-byte aligned): timings then do not depend on where malloc happened to put each
// buffer (a 16-byte offset costs any 64-byte vector loop split loads and stores).
template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) {
    const std::size_t bytes = (n * sizeof(T) + 63) / 64 * 64;
    if (void* p = std::aligned_alloc(64, bytes == 0 ? 64 : bytes)) return static_cast<T*>(p);
    throw std::bad_alloc();
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const { return true; }
};
template <typename T>
using Buffer = std::vector<T, CacheLineAllocator<T>>;

enum class Direction { kForward, kBackward, kFromOutput };
const char* Name(Direction d);

struct Case {
  std::string spec;  // an actlab spec; peers map it to their own function or decline
  Direction direction = Direction::kForward;
  bool f64 = false;
  std::size_t n = 1 << 18;
  int threads = 1;
  // 16-bit storage instead (f64 false): oneDNN takes bfloat16 (and float16 where the CPU has
  // AVX512-FP16), the other peers decline.
  enum class Storage { kNone, kBF16, kF16 } storage = Storage::kNone;
};

class Runner {
 public:
  virtual ~Runner() = default;
  virtual void Run() = 0;
  // Bytes read and written by one call: what a perfect streaming kernel must move.
  std::size_t bytes = 0;
  // The runner's own buffers (float or double, n elements): x (or y for backward from the
  // output; the gate for the gated), dy, and the result (dgate for the gated). `actlab accuracy` writes inputs there and reads results.
  void* input = nullptr;
  void* gradient = nullptr;
  void* output = nullptr;
};

// The activation through actlab's front door; nullptr if the direction does not exist for it.
std::unique_ptr<Runner> MakeActlab(const Case& c);
// The same streams as the case, with no arithmetic: y = x for forward, dx = dy * x for backward;
// for the gated y = gate * up and (gate * dy, up * dy).
std::unique_ptr<Runner> MakeCopy(const Case& c);

struct Peer {
  std::string name;
  // nullptr when the peer has no such function, direction or type.
  std::function<std::unique_ptr<Runner>(const Case&)> make;
};
// The peers compiled into this build (none, oneDNN, libtorch, XNNPACK).
std::vector<Peer> Peers();

// Median time of one call in ns, over `repeats` timings of as many calls as fill ~min_ms each.
double MedianNs(Runner& runner, int repeats = 7, double min_ms = 20);

// The last-level cache in bytes (sysconf, as lscpu reports it; 32 MiB when unknown), and the
// smallest power-of-two element count whose float32 buffer is larger: the size at which "DRAM"
// means DRAM (this machine: 480 MiB of L3, 128Mi elements).
std::size_t LastLevelCacheBytes();
std::size_t BeyondCacheElements();

// Fills with the normal distribution times 3 (a seeded generator: every runner sees the same data).
void FillInputs(float* x, std::size_t n, unsigned seed);
void FillInputs(double* x, std::size_t n, unsigned seed);
void FillInputs(bfloat16* x, std::size_t n, unsigned seed);
void FillInputs(float16* x, std::size_t n, unsigned seed);
void FillInputs(std::uint16_t* x, std::size_t n, unsigned seed);

}  // namespace actlab::bench
