// The two spirals modules: a study run is a function of its configuration (so that experiments
// can share cached runs in any order), and a paired run repeats from its seed.
#include <gtest/gtest.h>

#include "lab/experiments/spirals_paired.h"
#include "lab/experiments/spirals_study.h"

namespace actlab::lab {
namespace {

// The same seed gives the same first epochs whatever the cap, and InitialNet is the net
// training starts from.
TEST(Spirals, StudyRunsAreFunctionsOfTheirConfiguration) {
  using namespace spirals;
  const spirals::Run& short_run = Train({"tanh", 0.1, 99, 2, Stop::kTarget, false, true});
  const spirals::Run& long_run = Train({"tanh", 0.1, 99, 3, Stop::kTarget, false, true});
  ASSERT_GE(long_run.loss.size(), 2u);
  ASSERT_EQ(short_run.loss.size(), 2u);
  EXPECT_EQ(short_run.loss[0], long_run.loss[0]);
  EXPECT_EQ(short_run.loss[1], long_run.loss[1]);
  const RunConfig untrained{"relu", 0.1, 99, 0, Stop::kTarget, false, true};
  Sequential a = InitialNet(untrained);
  spirals::Run& b = Train(untrained);
  EXPECT_TRUE(b.loss.empty());
  const auto pa = a.Params(), pb = b.net.Params();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t k = 0; k < pa.size(); ++k) {
    for (std::size_t i = 0; i < pa[k].size; ++i) EXPECT_EQ(pa[k].value[i], pb[k].value[i]);
  }
}

TEST(Spirals, PairedRunsRepeatFromTheSeed) {
  const Context quick{true, 1};
  const spirals::PairedRun a = spirals::TrainPaired("hardswish", 7, quick), b = spirals::TrainPaired("hardswish", 7, quick);
  EXPECT_EQ(a.accuracy, b.accuracy);
  EXPECT_EQ(a.test_accuracy, b.test_accuracy);
  EXPECT_EQ(a.accuracy.size(), 10u);  // quick: 10 epochs
}

}  // namespace
}  // namespace actlab::lab
