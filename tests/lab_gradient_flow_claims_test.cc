// Signal and gradient through depth and time, on the quick run: what is mathematically certain
// (exact identities, bounds) or a large, robust effect: vanishing gradients (EXP-03), one-sign
// updates (EXP-07), the RNN with tanh, ReLU and clipping (EXP-08), Xavier against He (EXP-09),
// shared against independent matrices (EXP-21).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "lab/experiments/statistics.h"
#include "lab_quick_run.h"

namespace actlab::lab {
namespace {

std::vector<double> Values(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

TEST(GradientFlowClaims, Exp03SigmoidVanishesReluDoesNot) {
  const Result& r = Quick()["EXP-03"];
  for (const char* depth : {"L10", "L20"}) {
    const auto sigmoid = Values(r.numbers["sigmoid"][depth]["ratio_per_seed"]);
    const auto relu = Values(r.numbers["relu"][depth]["ratio_per_seed"]);
    const auto tanh = Values(r.numbers["tanh"][depth]["ratio_per_seed"]);
    for (double v : sigmoid) EXPECT_LT(v, 0.05) << depth;
    // Orders of magnitude apart: every ReLU (and tanh) ratio far above every sigmoid ratio.
    for (double s : sigmoid) {
      for (double x : relu) EXPECT_GT(x, 1000 * s) << depth;
      for (double x : tanh) EXPECT_GT(x, 1000 * s) << depth;
    }
    for (double x : relu) EXPECT_TRUE(std::isfinite(x) && x > 0) << depth;
    // sigmoid' <= 1/4 and tanh' <= 1 everywhere, so their means are too.
    for (double v : Values(r.numbers["sigmoid"][depth]["mean_slope_per_hidden_layer"])) EXPECT_LE(v, 0.25);
    for (double v : Values(r.numbers["tanh"][depth]["mean_slope_per_hidden_layer"])) EXPECT_LE(v, 1.0);
  }
  EXPECT_LT(r.numbers["sigmoid"]["L20"]["ratio_mean"].get<double>(), r.numbers["sigmoid"]["L10"]["ratio_mean"].get<double>());
}

TEST(GradientFlowClaims, Exp07PositiveInputsShareSignsAndZigZag) {
  const Result& r = Quick()["EXP-07"];
  // delta * a with a > 0 (sigmoid) or a >= 0 (ReLU, zeros ignored): one sign, every time.
  for (double v : Values(r.numbers["a"]["sigmoid"]["per_sample_shared_sign"])) EXPECT_EQ(v, 1.0);
  for (double v : Values(r.numbers["a"]["relu"]["per_sample_shared_sign"])) EXPECT_EQ(v, 1.0);
  for (double v : Values(r.numbers["a"]["tanh"]["per_sample_shared_sign"])) EXPECT_LT(v, 0.05);
  // Minibatch sums of one-sign gradients with varying delta signs need not keep one sign.
  for (double v : Values(r.numbers["a"]["sigmoid"]["minibatch_shared_sign"])) EXPECT_LT(v, 1.0);
  // Two positive inputs: every update lies in quadrant I or III.
  EXPECT_EQ(r.numbers["b"]["same_quadrant_fraction"]["positive_min_over_runs"].get<double>(), 1.0);
  EXPECT_NEAR(r.numbers["b"]["same_quadrant_fraction"]["centred_mean"].get<double>(), 0.5, 0.1);
  EXPECT_GE(r.numbers["b"]["best"]["ratio_positive_over_centred"].get<double>(), 2.0);
}

TEST(GradientFlowClaims, Exp08TanhBoundedClippingKeepsReluFinite) {
  const Result& r = Quick()["EXP-08"];
  int configs = 0;
  for (const auto& [label, entry] : r.numbers.items()) {
    if (!entry.is_object() || !entry.contains("per_seed")) continue;
    ++configs;
    for (const auto& run : entry["per_seed"]) {
      // |tanh| < 1 on each of 32 units: ||h_t|| < sqrt 32, whatever W is.
      if (label.rfind("tanh", 0) == 0) {
        EXPECT_LE(run["max_h"].get<double>(), std::sqrt(32.0)) << label;
        EXPECT_FALSE(run["failed"].get<bool>()) << label;
      }
      // Clipping bounds every update: the training never breaks down.
      if (label.find("clipping") != std::string::npos) {
        EXPECT_FALSE(run["failed"].get<bool>()) << label;
        EXPECT_TRUE(std::isfinite(run["test_loss"].get<double>())) << label;
      }
    }
  }
  EXPECT_EQ(configs, 6);
  // Far above ReLU's critical gain sqrt 2, unclipped ReLU blows up.
  EXPECT_GT(r.numbers["ReLU, gain 1.7"]["exploded"].get<int>(), 0);
}

TEST(GradientFlowClaims, Exp09XavierHalvesHeKeeps) {
  const Result& r = Quick()["EXP-09"];
  const auto& f = r.numbers["forward"];
  for (double s : Values(f["ReLU + Xavier"]["slope_log2_std_per_seed"])) EXPECT_NEAR(s, -0.5, 0.1);
  for (double s : Values(f["ReLU + He"]["slope_log2_std_per_seed"])) EXPECT_NEAR(s, 0.0, 0.1);
  // Same draws, weights sqrt 2 larger, ReLU positively homogeneous: He's std at layer l is
  // exactly 2^(l/2) times Xavier's.
  const auto xavier = Values(f["ReLU + Xavier"]["std_per_layer_mean"]), he = Values(f["ReLU + He"]["std_per_layer_mean"]);
  ASSERT_EQ(xavier.size(), he.size());
  for (std::size_t l = 0; l < he.size(); ++l) EXPECT_NEAR(he[l] / xavier[l] / std::pow(2.0, (l + 1) / 2.0), 1.0, 1e-9) << l;
  const auto deep_he = Values(r.numbers["training"]["He_L20"]["final_loss_per_seed"]);
  const auto deep_xavier = Values(r.numbers["training"]["Xavier_L20"]["final_loss_per_seed"]);
  ASSERT_FALSE(deep_he.empty());
  ASSERT_FALSE(deep_xavier.empty());
  EXPECT_LT(Summarise(deep_he).mean, Summarise(deep_xavier).mean);
}

TEST(GradientFlowClaims, Exp21IndependentMatricesDoNotCancel) {
  const Result& r = Quick()["EXP-21"];
  // Orthogonal x 1.2 scales every vector by exactly 1.2: both recursions grow by log 1.2 a step.
  const auto& ortho = r.numbers["linear, orthogonal, gain 1.2"];
  for (const char* k : {"shared_forward_rate", "independent_forward_rate", "shared_backward_rate", "independent_backward_rate"})
    for (double v : Values(ortho[k])) EXPECT_NEAR(v, std::log(1.2), 1e-9) << k;
  // Independent Gaussian matrices: about log(gain) per step, ReLU taking off log sqrt 2.
  for (double v : Values(r.numbers["ReLU, Gaussian, gain 1.2"]["independent_forward_rate"])) EXPECT_LT(v, 0);
  for (double v : Values(r.numbers["ReLU, Gaussian, gain 1.2 sqrt 2"]["independent_forward_rate"])) EXPECT_GT(v, 0.1);
  for (double v : Values(r.numbers["linear, Gaussian, gain 1.2"]["independent_forward_rate"])) EXPECT_GT(v, 0.1);
  EXPECT_GT(r.numbers["min_independent_over_shared_forward_rate"].get<double>(), 0.5);
  EXPECT_EQ(r.verdict, Verdict::kNotConfirmed);
}

}  // namespace
}  // namespace actlab::lab
