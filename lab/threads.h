// The lab's one thread policy. lab/run.cc runs the experiments on one thread: their arrays are
// small, so threads would only add fork/join cost (much more on a busy machine). Code that must
// run on one thread whoever calls it (the cost measurements) takes the same guard. Results are
// the same for any count.
#pragma once

#include "actlab/actlab.h"

namespace actlab::lab {

// The library's thread count for a scope: set on construction, the count it found put back on
// destruction (also on an exception), so that scopes nest.
class ScopedThreadCount {
 public:
  explicit ScopedThreadCount(int n) : previous_(num_threads()) { set_num_threads(n); }
  ~ScopedThreadCount() { set_num_threads(previous_); }
  ScopedThreadCount(const ScopedThreadCount&) = delete;
  ScopedThreadCount& operator=(const ScopedThreadCount&) = delete;

 private:
  int previous_;
};

}  // namespace actlab::lab
