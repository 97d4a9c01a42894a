// The benchmarks' inputs, the same for actlab, the copy and every peer (also built into each peer
// plugin).
#include <random>

#include "measure.h"

namespace actlab::bench {

template <typename T>
static void Fill(T* x, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 3);
  for (std::size_t i = 0; i < n; ++i) x[i] = T(normal(rng));
}
void FillInputs(float* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }
void FillInputs(double* x, std::size_t n, unsigned seed) { Fill(x, n, seed); }

}  // namespace actlab::bench
