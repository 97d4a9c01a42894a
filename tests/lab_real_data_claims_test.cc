// Claims on real images and the replications, on the quick run: the Fashion-MNIST rows of
// EXP-04, EXP-06 and EXP-20 are measured on the held-out images and make sense for a classifier
// of ten classes; REP-01's Monte Carlo matches its exact single-input probability, and REP-02's
// Xavier-initialised 30-layer net stays at chance.
#include <gtest/gtest.h>

#include "lab_quick_run.h"

namespace actlab::lab {
namespace {

TEST(RealDataClaims, Exp04FashionMlpLearnsBeyondChance) {
  const auto& fashion = Quick()["EXP-04"].numbers["fashion"];
  for (const char* act : {"relu", "tanh"}) {
    const auto& loss = fashion[act]["mean_loss_per_epoch"];
    ASSERT_GE(loss.size(), 2u) << act;
    EXPECT_LT(loss.back().get<double>(), loss.front().get<double>()) << act << ": the training loss falls";
    for (const auto& a : fashion[act]["test_accuracy"]) EXPECT_GT(a.get<double>(), 0.3) << act << " (chance is 0.1)";
  }
}

TEST(RealDataClaims, Exp06ReluZerosOnImagesTanhNone) {
  const auto& fashion = Quick()["EXP-06"].numbers["fashion"];
  for (const auto& z : fashion["relu"]["zero_fraction"]) EXPECT_GT(z.get<double>(), 0.1);
  for (const auto& z : fashion["tanh"]["zero_fraction"]) EXPECT_EQ(z.get<double>(), 0.0);
}

TEST(RealDataClaims, Exp20FashionNoiseLowersAccuracy) {
  const auto& rows = Quick()["EXP-20"].numbers["fashion_drop_difference"];
  ASSERT_EQ(rows.size(), 2u);
  // Heavier noise costs more: sigma 0.3 leaves less accuracy than sigma 0.1 for both activations.
  for (const char* key : {"relu_accuracy", "tanh_accuracy"}) {
    for (std::size_t k = 0; k < rows[0][key].size(); ++k) {
      EXPECT_LE(rows[1][key][k].get<double>(), rows[0][key][k].get<double>() + 0.02) << key << " seed " << k;
    }
  }
}

TEST(RealDataClaims, Rep01SimulationMatchesExactProbabilityAndBound) {
  const Result& r = Quick()["REP-01"];
  EXPECT_TRUE(r.numbers["simulation_checks"].get<bool>());
  EXPECT_TRUE(r.numbers["within_bound"].get<bool>());
  // Width 2, depth 50: the single-input probability is 1 - 0.75^50 > 0.9999, and both inputs die.
  EXPECT_GT(r.numbers["narrowest_deepest_born_dead"].get<double>(), 0.5);
  const auto& w10 = r.numbers["width_10"]["born_dead"];
  EXPECT_LT(w10.back().get<double>(), 0.2);  // 1 - (1 - 2^-10)^50 = 0.048 bounds it
}

TEST(RealDataClaims, Rep02XavierStallsAtChance) {
  const Result& r = Quick()["REP-02"];
  // 30 layers of Xavier-initialised ReLU shrink the signal by about 2^-15: the loss cannot leave ln 10.
  EXPECT_EQ(r.numbers["stalled_xavier"].get<int>(), r.numbers["seeds"].get<int>());
  for (const auto& a : r.numbers["xavier"]["test_accuracy"]) EXPECT_LT(a.get<double>(), 0.2);
}

TEST(RealDataClaims, Exp05FashionDeadUnitsAreFractions) {
  const auto& rows = Quick()["EXP-05"].numbers["fashion"];
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    for (const auto& d : row["dead_fraction"]) {
      EXPECT_GE(d.get<double>(), 0.0);
      EXPECT_LE(d.get<double>(), 1.0);
    }
  }
  // At lr 0.01 one epoch moves He-initialised weights little: few units can die.
  for (const auto& d : rows[0]["dead_fraction"]) EXPECT_LT(d.get<double>(), 0.1);
}

TEST(RealDataClaims, Rep04MeanActivationsWithinEachRange) {
  const Result& r = Quick()["REP-04"];
  // ReLU outputs are >= 0, ELU's > -alpha = -1: a median of means outside is a measuring error.
  ASSERT_FALSE(r.numbers["relu"]["median_mean_activation"].empty());
  for (const auto& v : r.numbers["relu"]["median_mean_activation"]) EXPECT_GE(v.get<double>(), 0.0);
  for (const auto& v : r.numbers["elu"]["median_mean_activation"]) EXPECT_GT(v.get<double>(), -1.0);
  for (const auto& a : r.numbers["elu"]["test_accuracy"]) EXPECT_GT(a.get<double>(), 0.2);  // chance is 0.1
}

TEST(RealDataClaims, Rep05LayerStatisticsInRange) {
  const Result& r = Quick()["REP-05"];
  const std::size_t steps = r.numbers["steps"].size();
  ASSERT_GE(steps, 2u);
  for (int l = 1; l <= 4; ++l) {
    const auto& layer = r.numbers["layer_" + std::to_string(l)];
    ASSERT_EQ(layer["sigmoid_mean"].size(), steps);
    ASSERT_EQ(layer["tanh_saturated"].size(), steps);
    for (const auto& m : layer["sigmoid_mean"]) EXPECT_TRUE(m.get<double>() > 0 && m.get<double>() < 1);
    for (const auto& f : layer["tanh_saturated"]) EXPECT_TRUE(f.get<double>() >= 0 && f.get<double>() <= 1);
  }
  // At step 0, with zero biases and symmetric weights, every sigmoid layer's mean is near 0.5.
  EXPECT_NEAR(r.numbers["layer_1"]["sigmoid_mean"][0].get<double>(), 0.5, 0.02);
}

TEST(RealDataClaims, Rep06ShallowNetsLearn) {
  const Result& r = Quick()["REP-06"];
  for (const char* act : {"relu", "silu", "mish"}) {
    ASSERT_GE(r.numbers[act].size(), 2u) << act;
    // The shallowest net learns something whatever the activation: chance is 0.1.
    const auto& shallow = r.numbers[act][0];
    for (const auto& a : shallow["test_accuracy"]) EXPECT_GT(a.get<double>(), 0.2) << act;
  }
}

}  // namespace
}  // namespace actlab::lab
