// EXP-12, the seeds' headline numbers: exactly 67 sigmoid steps and 2 ReLU steps.
#include <gtest/gtest.h>

#include "lab/experiments/experiment.h"

namespace actlab::lab {
namespace {

TEST(Exp12, SixtySevenAndTwo) {
  const Experiment* e = FindExperiment("EXP-12");
  ASSERT_NE(e, nullptr);
  const Result r = e->run(Context{true, 1});
  EXPECT_EQ(r.numbers["sigmoid_steps"], 67);
  EXPECT_EQ(r.numbers["relu_steps"], 2);
  EXPECT_EQ(r.numbers["sigmoid_steps_float"], 67);
  EXPECT_EQ(r.numbers["relu_steps_float"], 2);
  EXPECT_NEAR(r.numbers["sigmoid_first_step"].get<double>(), 0.898368, 1e-6);  // the seed's value
  EXPECT_EQ(r.numbers["direct_update_steps"], 12);  // SPEC's variant that does not give 67
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_EQ(r.figures[0].series[0].x.size(), 68u);  // z_0 .. z_67
}

}  // namespace
}  // namespace actlab::lab
