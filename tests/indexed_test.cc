// rrelu's training mode: a slope per element from (seed, the element's index in the call), the
// same on every CPU target, thread count and type, and the backward of the same seed meeting the
// slopes its forward drew.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "util.h"

namespace actlab::test {
namespace {

struct TargetScope {
  ~TargetScope() {
    force_target("");
    set_num_threads(0);
  }
};

template <typename T>
void CheckTraining(const char* spec) {
  const Activation act = Activation::parse(spec);
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  // Beyond the threshold of the threads, so that chunks begin inside the call.
  const std::size_t n = 100003;
  std::mt19937_64 rng(9);
  std::normal_distribution<double> normal(0, 3);
  std::vector<T> x(n), dy(n), y(n), dx(n), dx_y(n), first_y, first_dx;
  for (std::size_t i = 0; i < n; ++i) x[i] = T(normal(rng)), dy[i] = T(normal(rng));
  x[0] = T(0), x[1] = T(-0.0), x[2] = T(NAN), x[3] = -std::numeric_limits<T>::infinity();
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    for (int threads : {1, 2}) {
      force_target(target);
      set_num_threads(threads);
      act.forward(x, y);
      act.backward(x, dy, dx);
      act.backward_from_output(y, dy, dx_y);
      if (first_y.empty()) {
        first_y = y, first_dx = dx;
        for (std::size_t i = 0; i < n; ++i) {
          const Real ref = def.f_at(Real(x[i]), p.data(), i), dref = Real(dy[i]) * def.df_at(Real(x[i]), p.data(), i);
          ASSERT_LE(UlpError(y[i], std::isnan(x[i]) ? Real(NAN) : ref), sizeof(T) == 4 ? 1.0 : 0.5) << spec << " at " << i;
          ASSERT_LE(UlpError(dx[i], std::isnan(x[i]) ? Real(NAN) : dref), sizeof(T) == 4 ? 1.0 : 0.5) << spec << " dx at " << i;
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(ToBits(y[i]), ToBits(first_y[i])) << spec << " on " << target << ", " << threads << " threads, at " << i;
        ASSERT_EQ(ToBits(dx[i]), ToBits(first_dx[i])) << spec << " dx on " << target << " at " << i;
        if (!std::isnan(x[i])) ASSERT_EQ(ToBits(dx_y[i]), ToBits(dx[i])) << spec << " from y on " << target << " at " << i;
      }
    }
  }
}

TEST(Rrelu, TrainingSlopesAreTheSameEverywhere) {
  CheckTraining<float>("rrelu(mode=train, seed=42)");
  CheckTraining<double>("rrelu(mode=train, seed=42)");
  CheckTraining<float>("rrelu(lower=0.01, upper=0.5, mode=train, seed=9007199254740992)");
}

TEST(Rrelu, SlopesAreUniformPerSeedAndTheMeanInEvaluation) {
  const double lower = 0.125, upper = 1.0 / 3;
  const Activation train = Activation::parse("rrelu(mode=train, seed=7)"), other = Activation::parse("rrelu(mode=train, seed=8)");
  const std::size_t n = 1 << 20;
  const std::vector<float> x(n, -1.0f);
  std::vector<float> a(n), b(n), c(n);
  train.forward(x, a);
  other.forward(x, b);
  Activation::parse("rrelu").forward(x, c);
  double sum = 0, lo = 1, hi = 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double slope = -a[i];
    sum += slope, lo = std::min(lo, slope), hi = std::max(hi, slope);
    same += a[i] == b[i];
    ASSERT_EQ(c[i], -float((lower + upper) / 2)) << "evaluation: the mean slope";
  }
  EXPECT_GE(lo, float(lower));
  EXPECT_LT(hi, float(upper));
  EXPECT_NEAR(sum / double(n), (lower + upper) / 2, 1e-3);  // sd of the mean: 0.06 / 1024
  EXPECT_LT(same, n / 1000) << "another seed draws other slopes";
  EXPECT_THROW(Activation::parse("rrelu(lower=0.5, upper=0.25)"), Error);
}

}  // namespace
}  // namespace actlab::test
