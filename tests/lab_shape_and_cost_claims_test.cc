// The functions' shape and cost, on the quick run: the h-swish/swish gap (EXP-10), derivative
// jumps and landscapes (EXP-11), what each activation costs (EXP-10, EXP-11, EXP-19). Timings are
// noisy on a shared machine: their verdicts are reported, never asserted here.
#include <gtest/gtest.h>

#include <cmath>

#include "lab_quick_run.h"

namespace actlab::lab {
namespace {

TEST(ShapeAndCostClaims, Exp10HswishGapAndAccuracy) {
  const Result& r = Quick()["EXP-10"];
  // max |h-swish - swish| = 3 sigmoid(-3) = 3 / (1 + e^3), at the kink x = -3.
  EXPECT_NEAR(r.numbers["max_abs_hswish_minus_swish"].get<double>(), 0.14228, 1e-4);
  EXPECT_NEAR(r.numbers["max_abs_hswish_minus_swish"].get<double>(), 3 / (1 + std::exp(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(r.numbers["max_abs_hswish_minus_swish_at"].get<double>(), -3);
  EXPECT_NEAR(r.numbers["max_abs_hardsigmoid_minus_sigmoid"].get<double>(), 0.06918, 1e-4);
  for (const char* act : {"silu", "hardswish"}) {
    const auto& acc = r.numbers["test_accuracy"][act];
    ASSERT_EQ(acc.size(), 2u) << act;  // quick: two seeds
    for (const auto& a : acc) {
      EXPECT_GE(a.get<double>(), 0.0);
      EXPECT_LE(a.get<double>(), 1.0);
    }
    EXPECT_GT(r.numbers["ns_per_element"][act]["forward"].get<double>(), 0) << act;
  }
}

TEST(ShapeAndCostClaims, Exp11JumpsAndLandscape) {
  const Result& r = Quick()["EXP-11"];
  const auto& jump = r.numbers["jump"];
  EXPECT_NEAR(jump["relu"]["jump"].get<double>(), 1, 1e-6);
  EXPECT_NEAR(jump["relu"]["left"].get<double>(), 0, 1e-6);
  EXPECT_NEAR(jump["silu"]["jump"].get<double>(), 0, 1e-6);
  EXPECT_NEAR(jump["silu"]["right"].get<double>(), 0.5, 1e-6);  // SiLU'(0) = 1/2
  EXPECT_NEAR(jump["mish"]["jump"].get<double>(), 0, 1e-6);
  EXPECT_NEAR(jump["mish"]["right"].get<double>(), 0.6, 1e-6);  // Mish'(0) = tanh(ln 2)
  // h-swish: f' goes 0 -> -1/2 at -3 and 3/2 -> 1 at 3.
  EXPECT_NEAR(jump["hardswish_at_-3"]["jump"].get<double>(), -0.5, 1e-6);
  EXPECT_NEAR(jump["hardswish_at_3"]["jump"].get<double>(), -0.5, 1e-6);
  // Roughness and accuracy per seed (their comparison is the experiment's finding, not a given).
  for (const char* act : {"relu", "silu", "mish"}) {
    EXPECT_EQ(r.numbers["roughness"][act]["mean"].size(), 2u) << act;
    for (const auto& v : r.numbers["roughness"][act]["mean"]) EXPECT_GT(v.get<double>(), 0) << act;
    EXPECT_EQ(r.numbers["test_accuracy"][act].size(), 2u) << act;
  }
}

TEST(ShapeAndCostClaims, Exp19Costs) {
  const Result& r = Quick()["EXP-19"];
  for (const char* act : {"relu", "sigmoid", "tanh", "elu"}) {
    const auto& c = r.numbers["ns_per_element"][act];
    EXPECT_GT(c["forward"].get<double>(), 0) << act;
    EXPECT_GT(c["backward"].get<double>(), 0) << act;
    // Over an odd number of repetitions some repetition is at or below both medians.
    EXPECT_GE(c["forward_backward"].get<double>(), c["fastest_forward_backward"].get<double>() * (1 - 1e-12)) << act;
    EXPECT_TRUE(c.contains("backward_from_output")) << act;  // all four have f' as a function of y
  }
}

}  // namespace
}  // namespace actlab::lab
