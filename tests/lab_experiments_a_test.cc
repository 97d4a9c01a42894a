// Quick runs of EXP-01, 02, 14, 16, 17, 18: the numbers that mathematics fixes (XOR is not
// linearly separable, linear maps compose, BCE on a sigmoid is convex, maxout contains ReLU),
// the verdicts, and that every result is well formed.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "lab/experiments/experiment.h"
#include "lab_checks.h"

namespace actlab::lab {
namespace {

Result RunQuick(const std::string& id) {
  const Experiment* e = FindExperiment(id);
  EXPECT_NE(e, nullptr) << id << " is not registered in list.inc";
  if (!e) return {};
  return e->run(Context{.quick = true, .seed = 1});
}

TEST(LabExperimentsA, Exp01XorNeedsANonlinearity) {
  const Result r = RunQuick("EXP-01");
  ExpectWellFormed(r, "exp01_");
  ExpectFinite(r.numbers, "exp01_");
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

TEST(LabExperimentsA, Exp02LinearLayersCollapse) {
  const Result r = RunQuick("EXP-02");
  ExpectWellFormed(r, "exp02_");
  ExpectFinite(r.numbers, "exp02_");
  const auto& n = r.numbers;
  EXPECT_LT(n["linear_max_collapse_error"].get<double>(), 1e-12);
  EXPECT_LT(n["linear_max_additivity_defect"].get<double>(), 1e-12);
  EXPECT_EQ(n["bottleneck_rank"], 2);
  EXPECT_EQ(n["deep_rank"], 3);
  EXPECT_GT(n["relu_min_additivity_defect"].get<double>(), 0.1);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(LabExperimentsA, Exp14ConvexWithCrossEntropyOnly) {
  const Result r = RunQuick("EXP-14");
  ExpectWellFormed(r, "exp14_");
  ExpectFinite(r.numbers, "exp14_");
  const auto& n = r.numbers;
  EXPECT_EQ(n["bce_lines_with_negative"], 0);
  EXPECT_GE(n["bce_min_second_difference"].get<double>(), -1e-12);
  EXPECT_GT(n["mse_lines_with_negative"].get<int>(), 0);
  EXPECT_LT(n["mse_min_second_difference"].get<double>(), -1e-6);
  EXPECT_EQ(r.verdict, Verdict::kMixed);
}

TEST(LabExperimentsA, Exp16MeanOutputs) {
  const Result r = RunQuick("EXP-16");
  ExpectWellFormed(r, "exp16_");
  ExpectFinite(r.numbers, "exp16_");
  for (const auto& [name, f] : r.numbers["functions"].items()) {
    EXPECT_LE(f["abs_gap"].get<double>(), f["tolerance"].get<double>()) << name;
    // Quadrature is exact to far better than SPEC's 4 decimals.
    EXPECT_NEAR(f["normal_quadrature"].get<double>(), f["spec_normal_mean"].get<double>(), 5e-5) << name;
  }
  EXPECT_NEAR(r.numbers["functions"]["sigmoid"]["uniform_quadrature"].get<double>(), 0.5, 1e-12);
  EXPECT_NEAR(r.numbers["functions"]["tanh"]["normal_quadrature"].get<double>(), 0, 1e-12);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(LabExperimentsA, Exp17PreluSlopeIsLearned) {
  const Result r = RunQuick("EXP-17");
  ExpectWellFormed(r, "exp17_");
  ExpectFinite(r.numbers, "exp17_");
  const auto& n = r.numbers;
  EXPECT_LT(n["gradient_check_relative_error"].get<double>(), 1e-6);
  EXPECT_LT(n["max_abs_error_after_200"].get<double>(), 1e-3);
  EXPECT_LE(n["max_steps_to_tol"].get<double>(), 200);
  for (double a : n["shared_final"].get<std::vector<double>>()) EXPECT_NEAR(a, 0.1, 1e-6);
  EXPECT_EQ(r.verdict, Verdict::kConfirmed);
}

TEST(LabExperimentsA, Exp18MaxoutContainsReluAndLeaky) {
  const Result r = RunQuick("EXP-18");
  ExpectWellFormed(r, "exp18_");
  ExpectFinite(r.numbers, "exp18_");
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
