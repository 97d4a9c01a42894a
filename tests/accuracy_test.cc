// The accuracy tool: its measure agrees with the test suite's, it sees a planted error, and it
// refuses what it cannot measure.
#include <gtest/gtest.h>

#include "actlab/accuracy.h"

namespace actlab::accuracy {
namespace {

TEST(Accuracy, ActlabWithinDeclaredBoundsOnASample) {
  for (const char* spec : {"sigmoid", "gelu", "mish", "elu", "hardswish", "leaky_relu", "tanh(tier=fast)"}) {
    const Activation act = Activation::parse(spec);
    for (Direction d : {Direction::kForward, Direction::kBackward}) {
      Options o;
      o.direction = d;
      o.samples = 200000;
      const Result f32 = Measure(act, o, ActlabBatchF32(act, d));
      const bool backward = d == Direction::kBackward;
      EXPECT_LE(f32.max_ulp, std::max(0.5, double(act.ulp_bound_f32(backward)))) << spec << " at " << f32.worst_input;
      EXPECT_EQ(f32.nan_wrong, 0u) << spec;
      EXPECT_EQ(f32.nonfinite_for_finite, 0u) << spec;
      EXPECT_GE(f32.count, 200000u);
      const Result f64 = Measure(act, o, ActlabBatchF64(act, d));
      EXPECT_LE(f64.max_ulp, std::max(0.5, double(act.ulp_bound_f64(backward)))) << spec << " at " << f64.worst_input;
      EXPECT_GE(f64.count, 200000u);
    }
  }
}

TEST(Accuracy, SeesAPlantedError) {
  const Activation act = Activation::parse("sigmoid");
  Options o;
  o.samples = 10000;
  o.lo = 0.5;
  o.hi = 2;
  const Batch<float> off_by_two = [&](std::span<const float> in, std::span<float> out) {
    act.forward(in, out);
    for (float& v : out) v = std::nextafter(std::nextafter(v, 2.f), 2.f);
  };
  const Result r = Measure(act, o, off_by_two);
  EXPECT_GT(r.max_ulp, 1.5);
  EXPECT_LT(r.max_ulp, 3);  // two ULPs on top of actlab's own (below 1)
  EXPECT_EQ(r.not_faithful, r.count);
  EXPECT_GE(r.worst_input, 0.5);
  EXPECT_LE(r.worst_input, 2);
  const Batch<float> nan_out = [&](std::span<const float>, std::span<float> out) {
    for (float& v : out) v = NAN;
  };
  EXPECT_EQ(Measure(act, o, nan_out).nan_wrong, r.count);
}

TEST(Accuracy, RefusesWhatItCannotMeasure) {
  Options o;
  o.samples = 100;
  const Activation softmax = Activation::parse("softmax");
  EXPECT_THROW(Measure(softmax, o, ActlabBatchF32(softmax, Direction::kForward)), Error);
  o.direction = Direction::kFromOutput;
  const Activation swish = Activation::parse("swish");
  EXPECT_THROW(Measure(swish, o, ActlabBatchF32(swish, Direction::kFromOutput)), Error);
  o.direction = Direction::kForward;
  o.exhaustive = true;
  const Activation relu = Activation::parse("relu");
  EXPECT_THROW(Measure(relu, o, ActlabBatchF64(relu, Direction::kForward)), Error);
  o.exhaustive = false;
  o.lo = 2;
  o.hi = 1;
  EXPECT_THROW(Measure(relu, o, ActlabBatchF32(relu, Direction::kForward)), Error);
}

}  // namespace
}  // namespace actlab::accuracy
