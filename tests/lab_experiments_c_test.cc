// EXP-04, 05, 06, 13, 15 and 20 in their quick form: what is certain (the single dying neuron,
// exact zeros of ReLU against none for tanh and sigmoid, a run being a function of its
// configuration) and the shape of every result.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "lab/experiments/spirals_study.h"
#include "lab/experiments/experiment.h"
#include "lab_checks.h"

namespace actlab::lab {
namespace {

const Context kQuick{true, 1};

Result RunQuick(const char* id) {
  const Experiment* e = FindExperiment(id);
  EXPECT_NE(e, nullptr) << id;
  return e ? e->run(kQuick) : Result{};
}

TEST(ExperimentsC, Exp05SingleNeuronDiesExactlyAndLeakyMovesBack) {
  const Result r = RunQuick("EXP-05");
  ExpectWellFormed(r, "exp05_");
  ExpectFinite(r.numbers, "exp05_");
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

TEST(ExperimentsC, Exp06ReluHalfZerosAtInitTanhSigmoidNone) {
  const Result r = RunQuick("EXP-06");
  ExpectWellFormed(r, "exp06_");
  ExpectFinite(r.numbers, "exp06_");
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

TEST(ExperimentsC, Exp04Exp13Exp15Exp20WellFormed) {
  const Result r04 = RunQuick("EXP-04");
  ExpectWellFormed(r04, "exp04_");
  ExpectFinite(r04.numbers, "exp04_");
  // Part (b) on scikit-learn's digits: one row per activation, epochs measured for each seed.
  ASSERT_EQ(r04.tables.back().rows.size(), 3u);
  EXPECT_EQ(r04.numbers["digits"]["relu"]["epochs_to_target"].size(), 2u);
  const auto grid = spirals::StudyGrid(true);
  for (const char* act : {"relu", "tanh", "sigmoid"}) {
    const auto& n = r04.numbers[act];
    EXPECT_NE(std::find(grid.begin(), grid.end(), n["best_lr"].get<double>()), grid.end()) << act;
    ASSERT_EQ(n["epochs_to_target"].size(), 2u) << act;
    for (int e : n["epochs_to_target"]) {
      EXPECT_TRUE(e == -1 || (e >= 1 && e <= spirals::StudyMaxEpochs(true))) << act << " " << e;
    }
  }
  const Result r13 = RunQuick("EXP-13");
  ExpectWellFormed(r13, "exp13_");
  ExpectFinite(r13.numbers, "exp13_");
  for (const char* act : {"relu", "tanh"}) {
    for (const auto& rate : r13.numbers[act]) {
      EXPECT_GE(rate["unstable"].get<int>(), 0);
      EXPECT_LE(rate["unstable"].get<int>(), 2);
    }
  }
  const Result r15 = RunQuick("EXP-15");
  ExpectWellFormed(r15, "exp15_");
  ExpectFinite(r15.numbers, "exp15_");
  const Result r20 = RunQuick("EXP-20");
  ExpectWellFormed(r20, "exp20_");
  ExpectFinite(r20.numbers, "exp20_");
  for (const char* act : {"relu", "tanh"}) {
    for (const auto& level : r20.numbers[act]) {
      for (double a : level["accuracy"]) EXPECT_TRUE(a >= 0 && a <= 1);
    }
  }
}

// A run depends on its configuration only: the same seed gives the same first epochs whatever
// the cap, and InitialNet is the net training starts from.
TEST(ExperimentsC, SpiralsRunsAreFunctionsOfTheirConfiguration) {
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

}  // namespace
}  // namespace actlab::lab
