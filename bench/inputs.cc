// The benchmarks' inputs, the same for actlab, the copy and every peer (also built into each peer
// plugin).
#include <algorithm>
#include <random>

#include "measure.h"

namespace actlab::bench {

// The first 1Mi values are drawn, the rest repeat them: a buffer beyond the last-level cache
// (128Mi elements) then fills in a fraction of a second instead of seconds, and the values a
// kernel meets are distributed alike at every size.
template <typename T>
static void Fill(T* x, std::size_t n, unsigned seed) {
  constexpr std::size_t kDrawn = std::size_t(1) << 20;
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 3);
  for (std::size_t i = 0; i < std::min(n, kDrawn); ++i) x[i] = T(normal(rng));
  for (std::size_t i = kDrawn; i < n; i += kDrawn) std::copy_n(x, std::min(kDrawn, n - i), x + i);
}
void FillInputs(float* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }
void FillInputs(double* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }
void FillInputs(bfloat16* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }
void FillInputs(float16* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }
// The copy of 16-bit streams moves bits, whatever they mean.
void FillInputs(std::uint16_t* x, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  for (std::size_t i = 0; i < n; ++i) x[i] = std::uint16_t(rng());
}

}  // namespace actlab::bench
