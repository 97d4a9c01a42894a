// The lab's thread policy: a scope guard that puts back the count it found, which the cost
// timing nests (it once set all cores when it ended, whatever the caller had).
#include <gtest/gtest.h>

#include "actlab/actlab.h"
#include "lab/experiments/cost.h"
#include "lab/threads.h"

namespace actlab::lab {
namespace {

TEST(ThreadPolicy, GuardsNestAndPutBackTheCountTheyFound) {
  const ScopedThreadCount outer(3);
  {
    const ScopedThreadCount inner(1);
    EXPECT_EQ(num_threads(), 1);
  }
  EXPECT_EQ(num_threads(), 3);
}

TEST(ThreadPolicy, CostTimingKeepsTheCallersCount) {
  const ScopedThreadCount caller(3);
  const CostRun run = MeasureCosts({{"ReLU", "relu"}}, Context{true, 1});
  EXPECT_EQ(num_threads(), 3);
  EXPECT_GT(run["ReLU"].forward, 0);
}

}  // namespace
}  // namespace actlab::lab
