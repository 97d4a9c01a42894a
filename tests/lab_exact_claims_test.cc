// The claims whose numbers mathematics fixes, on the quick run: XOR is not linearly separable
// (EXP-01), linear maps compose (EXP-02), the seed's 67 and 2 steps (EXP-12), BCE on a sigmoid is
// convex and MSE is not (EXP-14), the mean outputs (EXP-16), a PReLU slope is learned (EXP-17),
// maxout contains ReLU and Leaky ReLU (EXP-18).
#include <gtest/gtest.h>

#include <vector>

#include "lab_quick_run.h"

namespace actlab::lab {
namespace {

TEST(ExactClaims, Exp01XorNeedsANonlinearity) {
  const Result& r = Quick()["EXP-01"];
  const auto& n = r.numbers;
  EXPECT_GE(n["perceptron_min_errors"].get<double>(), 1);  // never separates XOR
  EXPECT_EQ(n["grid_max_correct"], 3);
  EXPECT_EQ(n["grid_count_by_correct"][4], 0);
  EXPECT_GT(n["grid_count_by_correct"][3].get<long>(), 0);
  EXPECT_LT(n["linear_max_abs_loss_minus_ln2"].get<double>(), 1e-6);  // the optimum at w = 0
  EXPECT_LE(n["linear_max_accuracy"].get<double>(), 0.75);
  EXPECT_GE(n["nonlinear_min_successes"].get<int>(), n["successes_needed"].get<int>());
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(ExactClaims, Exp02LinearLayersCollapse) {
  const Result& r = Quick()["EXP-02"];
  const auto& n = r.numbers;
  EXPECT_LT(n["linear_max_collapse_error"].get<double>(), 1e-12);
  EXPECT_LT(n["linear_max_additivity_defect"].get<double>(), 1e-12);
  EXPECT_EQ(n["bottleneck_rank"], 2);
  EXPECT_EQ(n["deep_rank"], 3);
  EXPECT_GT(n["relu_min_additivity_defect"].get<double>(), 0.1);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(ExactClaims, Exp12SixtySevenAndTwo) {
  const Result& r = Quick()["EXP-12"];
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

TEST(ExactClaims, Exp14ConvexWithCrossEntropyOnly) {
  const Result& r = Quick()["EXP-14"];
  const auto& n = r.numbers;
  EXPECT_EQ(n["bce_lines_with_negative"], 0);
  EXPECT_GE(n["bce_min_second_difference"].get<double>(), -1e-12);
  EXPECT_GT(n["mse_lines_with_negative"].get<int>(), 0);
  EXPECT_LT(n["mse_min_second_difference"].get<double>(), -1e-6);
  EXPECT_EQ(r.verdict, Verdict::kMixed);
}

TEST(ExactClaims, Exp16MeanOutputs) {
  const Result& r = Quick()["EXP-16"];
  for (const auto& [name, f] : r.numbers["functions"].items()) {
    EXPECT_LE(f["abs_gap"].get<double>(), f["tolerance"].get<double>()) << name;
    // Quadrature is exact to far better than SPEC's 4 decimals.
    EXPECT_NEAR(f["normal_quadrature"].get<double>(), f["spec_normal_mean"].get<double>(), 5e-5) << name;
  }
  EXPECT_NEAR(r.numbers["functions"]["sigmoid"]["uniform_quadrature"].get<double>(), 0.5, 1e-12);
  EXPECT_NEAR(r.numbers["functions"]["tanh"]["normal_quadrature"].get<double>(), 0, 1e-12);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(ExactClaims, Exp17PreluSlopeIsLearned) {
  const Result& r = Quick()["EXP-17"];
  const auto& n = r.numbers;
  EXPECT_LT(n["gradient_check_relative_error"].get<double>(), 1e-6);
  EXPECT_LT(n["max_abs_error_after_200"].get<double>(), 1e-3);
  EXPECT_LE(n["max_steps_to_tol"].get<double>(), 200);
  for (double a : n["shared_final"].get<std::vector<double>>()) EXPECT_NEAR(a, 0.1, 1e-6);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(ExactClaims, Exp18MaxoutContainsReluAndLeaky) {
  const Result& r = Quick()["EXP-18"];
  const auto& n = r.numbers;
  EXPECT_EQ(n["parameters"]["linear_relu"], 220);
  EXPECT_EQ(n["parameters"]["maxout_k2"], 440);
  EXPECT_EQ(n["parameters"]["maxout_k3"], 660);
  EXPECT_EQ(n["special_cases"]["relu"]["max_abs_output_difference"], 0.0);
  EXPECT_EQ(n["special_cases"]["leaky_relu(0.25)"]["max_abs_output_difference"], 0.0);
  EXPECT_LT(n["special_cases"]["leaky_relu(0.01)"]["max_abs_output_difference"].get<double>(), 1e-15);
  EXPECT_LT(n["special_cases"]["relu"]["max_abs_input_gradient_difference"].get<double>(), 1e-12);
  EXPECT_EQ(n["maxout_max_dead_fraction"], 0.0);
  EXPECT_EQ(n["relu_dead_fraction_after_shift"], 1.0);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

}  // namespace
}  // namespace actlab::lab
