// Threads for large arrays, written once: the front door splits each call into chunks and runs
// them on OpenMP threads. The split depends only on the array size, never on the thread count, so
// every result (sums included) is the same whatever the number of threads.
#pragma once

#include <algorithm>
#include <cstddef>

namespace actlab::kernels {

// Below `from` elements (each activation's table says; this is the default) one thread does the
// whole call: forking costs more than it saves. Measured with `actlab bench SPEC --size N
// --threads 1|2` (README, Speed): two threads pay off from 8Ki elements for the functions with
// transcendental math and from 32Ki for the piecewise ones.
inline constexpr std::size_t kParallelFrom = std::size_t(1) << 15;
// Elements per chunk: 16Ki (64-128 KiB per stream), or half the call when that is smaller, so
// that a call just above the threshold still splits in two. (4Ki chunks cost gelu's backward 15%
// at 16Mi elements.)
inline constexpr std::size_t kChunkElements = std::size_t(1) << 14;

int ThreadCount();  // resolved actlab::num_threads()

// The chunks of n elements in whole units (a maxout group, a softmax row): [begin, end) pairs.
struct Chunking {
  std::size_t size, count;
  Chunking(std::size_t n, std::size_t unit, std::size_t from = kParallelFrom) {
    unit = std::max<std::size_t>(unit, 1);
    if (n < from || n <= unit) {
      size = std::max<std::size_t>(n, 1);
      count = n == 0 ? 0 : 1;
      return;
    }
    size = std::max(unit, std::min(kChunkElements, (n + 1) / 2) / unit * unit);
    count = (n + size - 1) / size;
  }
};

// fn(chunk index, begin, end) for every chunk, on up to ThreadCount() threads.
template <class Fn>
void ForEachChunk(std::size_t n, std::size_t unit, std::size_t from, const Fn& fn) {
  const Chunking chunks(n, unit, from);
  if (chunks.count <= 1) {
    if (chunks.count == 1) fn(std::size_t(0), std::size_t(0), n);
    return;
  }
  const int threads = int(std::min<std::size_t>(std::size_t(ThreadCount()), chunks.count));
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
  for (std::ptrdiff_t c = 0; c < std::ptrdiff_t(chunks.count); ++c) {
    const std::size_t begin = std::size_t(c) * chunks.size;
    fn(std::size_t(c), begin, std::min(n, begin + chunks.size));
  }
}

}  // namespace actlab::kernels
