// Training claims on the quick run: the single dying neuron exactly (EXP-05), exact zeros of ReLU
// against none for tanh and sigmoid (EXP-06), and the two-spirals study's results within their
// grids and caps (EXP-04, EXP-13, EXP-15, EXP-20).
#include <gtest/gtest.h>

#include <algorithm>

#include "lab/experiments/spirals_study.h"
#include "lab_quick_run.h"

namespace actlab::lab {
namespace {

TEST(TrainingClaims, Exp05SingleNeuronDiesExactlyAndLeakyMovesBack) {
  const Result& r = Quick()["EXP-05"];
  const auto& relu = r.numbers["a"]["relu"];
  EXPECT_EQ(relu["first_grad"].get<double>(), 0.0);
  EXPECT_EQ(relu["max_abs_grad_1000"].get<double>(), 0.0);
  EXPECT_EQ(relu["w_after_1000"].get<double>(), -97.0);
  EXPECT_EQ(relu["w_final"].get<double>(), -97.0);
  EXPECT_EQ(relu["revive_step"].get<long>(), -1);
  const auto& leaky = r.numbers["a"]["leaky"];
  EXPECT_LT(leaky["first_grad"].get<double>(), 0.0);  // pushes W up, back towards 3
  EXPECT_GT(leaky["w_after_1000"].get<double>(), -97.0);
  EXPECT_GT(leaky["revive_step"].get<long>(), 1000);
  EXPECT_TRUE(r.numbers["checks"]["relu_frozen"].get<bool>());
  EXPECT_TRUE(r.numbers["checks"]["leaky_moves"].get<bool>());
}

TEST(TrainingClaims, Exp06ReluHalfZerosAtInitTanhSigmoidNone) {
  const Result& r = Quick()["EXP-06"];
  const auto& relu = r.numbers["init"]["relu"]["zero_fraction"];  // layers x seeds
  ASSERT_EQ(relu.size(), 3u);
  for (double v : relu[0]) EXPECT_NEAR(v, 0.5, 0.03);  // first layer: w.x for symmetric w
  EXPECT_NEAR(r.numbers["relu_init_zero_fraction"].get<double>(), 0.5, 0.05);
  for (const char* act : {"tanh", "sigmoid", "leaky_relu", "elu", "silu", "mish"}) {
    for (const auto& layer : r.numbers["init"][act]["zero_fraction"]) {
      for (double v : layer) EXPECT_EQ(v, 0.0) << act;
    }
  }
  for (const auto& layer : r.numbers["trained"]["tanh"]["spirals_zero_fraction"]) {
    for (double v : layer) EXPECT_EQ(v, 0.0);
  }
  EXPECT_GT(r.numbers["relu_trained_zero_fraction"].get<double>(), 0.0);
}

TEST(TrainingClaims, Exp04RatesFromTheGridEpochsWithinTheCap) {
  const Result& r = Quick()["EXP-04"];
  // Part (b) on scikit-learn's digits: one row per activation, epochs measured for each seed.
  const auto digits = std::find_if(r.tables.begin(), r.tables.end(),
                                   [](const Table& t) { return t.caption.starts_with("Scikit-learn digits"); });
  ASSERT_NE(digits, r.tables.end());
  ASSERT_EQ(digits->rows.size(), 3u);
  EXPECT_EQ(r.numbers["digits"]["relu"]["epochs_to_target"].size(), 2u);
  const auto grid = spirals::StudyGrid(true);
  for (const char* act : {"relu", "tanh", "sigmoid"}) {
    const auto& n = r.numbers[act];
    EXPECT_NE(std::find(grid.begin(), grid.end(), n["best_lr"].get<double>()), grid.end()) << act;
    ASSERT_EQ(n["epochs_to_target"].size(), 2u) << act;
    for (int e : n["epochs_to_target"]) {
      EXPECT_TRUE(e == -1 || (e >= 1 && e <= spirals::StudyMaxEpochs(true))) << act << " " << e;
    }
  }
}

TEST(TrainingClaims, Exp13UnstableRunsCountedPerSeed) {
  const Result& r = Quick()["EXP-13"];
  for (const char* act : {"relu", "tanh"}) {
    for (const auto& rate : r.numbers[act]) {
      EXPECT_GE(rate["unstable"].get<int>(), 0);
      EXPECT_LE(rate["unstable"].get<int>(), 2);
    }
  }
}

TEST(TrainingClaims, Exp15EpochsToEscapeWithinTheCap) {
  const Result& r = Quick()["EXP-15"];
  for (const char* act : {"tanh", "sigmoid"}) {
    ASSERT_EQ(r.numbers[act].size(), 2u) << act;  // learning rates 1 and 3
    for (const auto& rate : r.numbers[act]) {
      for (int e : rate["epochs_to_escape"]) EXPECT_TRUE(e == -1 || (e >= 1 && e <= 15)) << act << " " << e;
    }
  }
}

TEST(TrainingClaims, Exp20AccuraciesAreFractions) {
  const Result& r = Quick()["EXP-20"];
  for (const char* act : {"relu", "tanh"}) {
    for (const auto& level : r.numbers[act]) {
      for (double a : level["accuracy"]) EXPECT_TRUE(a >= 0 && a <= 1);
    }
  }
}

}  // namespace
}  // namespace actlab::lab
