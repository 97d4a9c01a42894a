// The references' derivatives against central differences of the references themselves, the
// kink conventions of SPEC.md 1.3 as exact cases, and the limits and reference values the seeds
// and PyTorch fix.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "util.h"

namespace actlab::test {
namespace {

// Central differences in long double, h = 1e-6 (SPEC.md: relative error < 1e-7), away from the
// activation's special points (kinks).
TEST(Reference, DerivativeMatchesCentralDifferences) {
  for (const std::string& spec : catalog_specs()) {
    const Activation act = Activation::parse(spec);
    const Definition& def = definition(act.kind());
    if (!def.f) continue;
    const std::vector<double> p = ReferenceParams(act);
    for (Real x = -8.05L; x <= 8; x += 0.37L) {
      const bool near_kink = std::any_of(def.special_x.begin(), def.special_x.end(),
                                         [&](double s) { return std::fabs(x - s) < 1e-3; });
      if (near_kink || std::fabs(x) < 1e-3) continue;
      const Real h = 1e-6L;
      const Real fd = (def.f(x + h, p.data()) - def.f(x - h, p.data())) / (2 * h);
      const Real df = def.df(x, p.data());
      EXPECT_NEAR(double(df), double(fd), 1e-7 * std::max(1.0, double(std::fabs(df))))
          << spec << " at x = " << double(x);
      if (def.df_from_y && act.has_backward_from_output()) {
        EXPECT_NEAR(double(def.df_from_y(def.f(x, p.data()), p.data())), double(df), 1e-12)
            << spec << " f' from y at x = " << double(x);
      }
      if (def.dparam) {  // d f / d(p[0]): the learnable value
        std::vector<double> up = p, down = p;
        const double hp = 1e-6;
        up[0] += hp;
        down[0] -= hp;
        const Real fdp = (def.f(x, up.data()) - def.f(x, down.data())) / (2 * hp);
        EXPECT_NEAR(double(def.dparam(x, p.data())), double(fdp), 1e-7 * std::max(1.0, double(std::fabs(fdp))))
            << spec << " d/dparam at x = " << double(x);
      }
    }
  }
}

// `actlab accuracy` sweeps float32 results against the double reference: show that its error
// is negligible against a float32 ULP, everywhere the long double reference is finite.
TEST(Reference, DoubleIsEnoughForFloat32) {
  for (const std::string& spec : catalog_specs()) {
    const Activation act = Activation::parse(spec);
    const Definition& def = definition(act.kind());
    if (!def.f) continue;
    const std::vector<double> p = ReferenceParams(act);
    const std::vector<double> roots = accuracy::DerivativeRoots(act);
    double worst = 0, at = 0;
    for (float x : SweepInputs<float>(def, 1 << 15)) {
      if (std::isnan(x)) continue;
      for (const RefFn* fn : {&def.f, &def.df}) {
        const Real precise = fn->ld(x, p.data());
        const double fast = fn->d(double(x), p.data());
        if (!std::isfinite(float(precise)) && float(precise) == float(fast)) continue;
        // In float32 ULPs of the result; near a root of f', in ULPs of 1 (as actlab accuracy does).
        const bool near_root = fn == &def.df && accuracy::NearRoot(roots, double(x));
        const Real scale = near_root ? 0x1p-23L : std::max(std::fabs(precise) * 0x1p-23L, 0x1p-149L);
        const double err = double(std::fabs(Real(fast) - precise) / scale);
        if (err > worst) worst = err, at = x;
      }
    }
    EXPECT_LT(worst, 0x1p-20) << spec << " at x = " << at;
  }
}

// The library's answer at one point, forward and backward (dy = 1), in both types.
struct Point {
  double y, dydx;
};
template <typename T>
Point At(const Activation& act, T x) {
  std::vector<T> in = {x}, y(1), dx(1), one = {T(1)};
  act.forward(in, y);
  act.backward(in, one, dx);
  return {double(y[0]), double(dx[0])};
}

TEST(Conventions, KinksFollowPyTorch) {
  struct Case {
    const char* spec;
    double x, dydx;
  };
  const Case cases[] = {
      {"relu", 0, 0},           {"relu", -0.0, 0},         {"leaky_relu", 0, 0.01},
      {"leaky_relu(0.2)", 0, 0.2}, {"prelu", 0, 0.25},     {"elu", 0, 1},
      {"elu(alpha=0.5)", 0, 0.5}, {"relu6", 0, 0},         {"relu6", 6, 0},
      {"hardsigmoid", -3, 0},   {"hardsigmoid", 3, 0},     {"hardswish", -3, 0},
      {"hardswish", 3, 1},      {"hardtanh", -1, 0},       {"hardtanh", 1, 0},
      {"hardshrink", 0.5, 0},   {"softshrink", -0.5, 0},   {"threshold(threshold=1, value=0)", 1, 0},
      {"celu", 0, 1},           {"selu", 0, 1.0507009873554805 * 1.6732632423543772},
  };
  for (const Case& c : cases) {
    const Activation act = Activation::parse(c.spec);
    EXPECT_EQ(At(act, double(c.x)).dydx, c.dydx) << c.spec << " at " << c.x;
    EXPECT_NEAR(At(act, float(c.x)).dydx, c.dydx, 1e-7) << c.spec << " at " << c.x;
  }
}

TEST(Conventions, ReferenceValues) {
  const auto d = [](const char* spec, double x) { return At(Activation::parse(spec), x); };
  EXPECT_EQ(d("sigmoid", 0).y, 0.5);
  EXPECT_EQ(d("sigmoid", 0).dydx, 0.25);
  EXPECT_EQ(d("tanh", 0).dydx, 1);
  EXPECT_EQ(d("silu", 0).dydx, 0.5);
  EXPECT_EQ(d("hardswish", 0).dydx, 0.5);
  EXPECT_NEAR(d("mish", 0).dydx, 0.6, 1e-15);
  EXPECT_NEAR(d("hardsigmoid", 0).dydx, 1.0 / 6, 1e-17);
  EXPECT_NEAR(d("swish", -1.278464542761074).y, -0.2784645427610738, 1e-15);
  EXPECT_NEAR(d("mish", -1.1924312145154952).y, -0.30884341301725041, 1e-15);  // SPEC.md says -0.308834: a typo
  EXPECT_NEAR(d("hardswish", -1.5).y, -0.375, 0);
  EXPECT_EQ(d("hardswish", -1.5).dydx, 0);
}

TEST(Conventions, LimitsAndNoOverflow) {
  const double inf = std::numeric_limits<double>::infinity();
  const auto f32 = [](const char* spec, float x) { return At(Activation::parse(spec), x); };
  const auto f64 = [](const char* spec, double x) { return At(Activation::parse(spec), x); };
  EXPECT_GT(f32("sigmoid", -100).y, 0);
  EXPECT_NEAR(f64("sigmoid", -100).y, 3.720075976020836e-44, 1e-57);
  EXPECT_EQ(f32("softplus", 100).y, 100);
  EXPECT_EQ(f32("mish", 90).y, 90);
  EXPECT_NEAR(f32("selu", 1e30f).y, 1.0507009873554805e30, 1e23);
  EXPECT_EQ(f64("gelu", -1e30).y, 0);
  EXPECT_TRUE(std::signbit(f64("gelu", -1e30).y));
  EXPECT_NEAR(f32("gelu", -10).y, -7.6198530241605269e-23, 1e-29);
  EXPECT_EQ(f32("sigmoid", -inf).y, 0);
  EXPECT_EQ(f32("sigmoid", inf).y, 1);
  EXPECT_EQ(f64("tanh", inf).y, 1);
  EXPECT_EQ(f64("tanh", -inf).y, -1);
  EXPECT_EQ(f64("softplus", -inf).y, 0);
  EXPECT_EQ(f64("softplus", inf).y, inf);
  EXPECT_EQ(f64("mish", -inf).y, 0);
  EXPECT_TRUE(std::signbit(f64("mish", -inf).y));
  EXPECT_EQ(f64("silu", -inf).y, 0);
  EXPECT_EQ(f64("gelu(approximate=tanh)", -inf).y, 0);
  EXPECT_EQ(f64("gelu(approximate=tanh)", 1.2e13).dydx, 1);  // PyTorch gives NaN here
  EXPECT_EQ(f64("softsign", inf).y, 1);
  EXPECT_EQ(f64("elu", -inf).y, -1);
  EXPECT_EQ(f64("elu", -inf).dydx, 0);
  EXPECT_EQ(f64("logsigmoid", -inf).y, -inf);
  EXPECT_EQ(f64("sigmoid", inf).dydx, 0);
  EXPECT_EQ(f64("swish", inf).dydx, 1);
  EXPECT_EQ(f64("gelu", inf).dydx, 1);
  // The newer functions' limits, and no overflow where x^2 would (float64 beyond 1.3e154).
  for (const double x : {inf, 1e300}) {
    EXPECT_EQ(f64("squareplus", x).y, x);
    EXPECT_EQ(f64("squareplus", x).dydx, 1);
    EXPECT_EQ(f64("bent_identity", -x).dydx, 0.5);
    EXPECT_EQ(f64("bent_identity", x).dydx, 1.5);
    EXPECT_EQ(f64("gaussian", x).y, 0);
    EXPECT_TRUE(std::signbit(f64("gaussian", x).dydx));
    EXPECT_EQ(f64("arctan", x).dydx, 0);  // 1e-600 underflows
  }
  EXPECT_EQ(f64("squareplus", -inf).y, 0);
  EXPECT_DOUBLE_EQ(f64("squareplus", -1e300).y, 1e-300);  // b / (4 |x|), not b / inf
  EXPECT_EQ(f64("squareplus", -inf).dydx, 0);
  EXPECT_FLOAT_EQ(f32("squareplus", -3e38f).y, 1 / 3e38f);
  EXPECT_EQ(f64("bent_identity", -inf).y, -inf);
  EXPECT_EQ(f64("bent_identity", inf).y, inf);
  EXPECT_EQ(f64("bent_identity", -1e300).y, -5e299 - 0.5);
  EXPECT_EQ(f64("arctan", inf).y, std::acos(-1.0) / 2);
  EXPECT_EQ(f32("arctan", -inf).y, -float(std::acos(-1.0) / 2));
  EXPECT_EQ(f64("squared_relu", -inf).y, 0);
  EXPECT_EQ(f32("squared_relu", 2e19f).y, std::numeric_limits<float>::infinity());
  EXPECT_GT(f64("gaussian", 27.0).dydx, -2e-315);  // subnormal, not rounded away
  EXPECT_LT(f64("gaussian", 27.0).dydx, 0);
  EXPECT_EQ(f64("heaviside(value=0.5)", -0.0).y, 0.5);
  EXPECT_EQ(f64("heaviside", -inf).y, 0);
  EXPECT_EQ(f64("heaviside", 5e-324).y, 1);
  EXPECT_EQ(f64("heaviside", inf).dydx, 0);
  // sine on the whole range: 1e22 (fdlibm's classic), the float nearest 1e22, and no limit at inf.
  EXPECT_EQ(f64("sine", 1e22).y, -0.8522008497671888);
  EXPECT_EQ(f64("sine", 1e22).dydx, 0.523214785395139);
  EXPECT_EQ(f32("sine", 1e22f).y, -0.734081535f);
  EXPECT_EQ(f64("sine(w0=30)", 0).dydx, 30);
  EXPECT_TRUE(std::isnan(f64("sine", inf).y));
  EXPECT_TRUE(std::isnan(f32("sine", -inf).dydx));
  // The gated at the gate's limits; inf * 0 is NaN as IEEE has it (and PyTorch's compositions).
  struct Gated {
    double y, dgate, dup;
  };
  const auto gated = [](const char* spec, double gate, double up) {
    const std::vector<double> g = {gate}, u = {up}, dy = {1.0};
    std::vector<double> y(1), dg(1), du(1);
    const Activation act = Activation::parse(spec);
    act.gated_forward(g, u, y);
    act.gated_backward(g, u, dy, dg, du);
    return Gated{y[0], dg[0], du[0]};
  };
  EXPECT_EQ(gated("glu", inf, 2).y, 2);
  EXPECT_EQ(gated("glu", inf, 2).dgate, 0);
  EXPECT_EQ(gated("glu", inf, 2).dup, 1);
  EXPECT_EQ(gated("glu", -inf, 3).y, 0);
  EXPECT_EQ(gated("glu", 0, 3).dgate, 0.75);
  EXPECT_TRUE(std::isnan(gated("glu", -inf, inf).y));
  EXPECT_TRUE(std::isnan(gated("reglu", -1, inf).y));
  EXPECT_EQ(gated("reglu", 0, 5).dgate, 0);  // relu's f'(0) = 0
  EXPECT_EQ(gated("reglu", inf, 2).y, inf);
  EXPECT_EQ(gated("swiglu", -inf, 2).y, 0);
  EXPECT_TRUE(std::signbit(gated("swiglu", -inf, 2).y));
  EXPECT_EQ(gated("swiglu", inf, 2).dgate, 2);
  EXPECT_EQ(gated("geglu", 1e300, 0.5).y, 5e299);
  EXPECT_EQ(gated("geglu(approximate=tanh)", -inf, 1).dup, 0);
  // NaN in, NaN out, forward and backward, for every activation (the gated: up and gate).
  for (const Info& info : catalog()) {
    const Activation act(info.kind);
    const Layout layout = act.info().layout;
    std::vector<double> x(layout == Layout::kGroups || layout == Layout::kGated ? 2 : 1, std::nan("")), y(act.output_size(x.size()));
    std::vector<double> dy(y.size(), 1.0), dx(x.size());
    act.forward(x, y);
    act.backward(x, dy, dx);
    EXPECT_TRUE(std::isnan(y[0])) << info.name;
    EXPECT_TRUE(std::isnan(dx[0])) << info.name;
    if (layout == Layout::kGated) {
      EXPECT_TRUE(std::isnan(dx[1])) << info.name;
      EXPECT_TRUE(std::isnan(gated(info.name.data(), std::nan(""), 1).y)) << info.name;
      EXPECT_TRUE(std::isnan(gated(info.name.data(), 1, std::nan("")).y)) << info.name;
      EXPECT_TRUE(std::isnan(gated(info.name.data(), std::nan(""), 1).dgate)) << info.name;
      EXPECT_TRUE(std::isnan(gated(info.name.data(), 1, std::nan("")).dgate)) << info.name;
    }
  }
}

// Seed 000 / 002: ReLU's backward from the saved output equals the backward from the input.
TEST(Conventions, BackwardFromOutputEqualsFromInput) {
  for (const std::string& spec : catalog_specs()) {
    const Activation act = Activation::parse(spec);
    if (!act.has_backward_from_output() || act.info().layout == Layout::kRows) continue;
    std::vector<double> x;
    for (double v = -7; v <= 7; v += 0.25) x.push_back(v);
    std::vector<double> y(x.size()), dy(x.size(), 1.5), a(x.size()), b(x.size());
    act.forward(x, y);
    act.backward(x, dy, a);
    act.backward_from_output(y, dy, b);
    for (std::size_t i = 0; i < x.size(); ++i) {
      // Softplus jumps by softplus(t) - t at beta x = t, so y just above t/beta comes from both
      // sides; backward from y takes the linear side there (README, conventions).
      if (act.kind() == Kind::Softplus && x[i] * act.param("beta") == act.param("threshold")) continue;
      EXPECT_NEAR(a[i], b[i], 1e-9 * std::max(1.0, std::fabs(a[i]))) << spec << " at x = " << x[i];
    }
  }
}

}  // namespace
}  // namespace actlab::test
