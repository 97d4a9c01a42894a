#include "kernels/parallel.h"

#include <atomic>
#include <string>

#include "actlab/actlab.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace actlab {
namespace {
std::atomic<int> g_threads{0};
}  // namespace

void set_num_threads(int n) {
  if (n < 0) throw Error("set_num_threads: n must be 0 (all cores) or positive, got " + std::to_string(n));
  g_threads = n;
}

int num_threads() { return kernels::ThreadCount(); }

namespace kernels {
int ThreadCount() {
  const int n = g_threads;
  if (n > 0) return n;
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}
}  // namespace kernels
}  // namespace actlab
