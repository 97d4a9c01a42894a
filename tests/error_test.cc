// Every refused call throws actlab::Error naming the activation, the argument and the problem,
// and writes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "actlab/actlab.h"

namespace actlab {
namespace {

// Runs fn, expects an Error whose message contains every fragment, and checks that the
// sentinel-filled output is untouched.
template <class Fn>
void ExpectRefused(Fn fn, std::vector<double>& out, std::initializer_list<const char*> fragments) {
  std::fill(out.begin(), out.end(), 12345.0);
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning " << *fragments.begin();
  } catch (const Error& e) {
    for (const char* f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what() << " lacks '" << f << "'";
  }
  for (double v : out) EXPECT_EQ(v, 12345.0) << "a refused call wrote its output";
}

TEST(Errors, UnknownNamesAndMalformedSpecs) {
  struct Case {
    const char* spec;
    const char* fragment;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"relux", "unknown activation 'relux'"},
           {"", "expected an activation name"},
           {"leaky_relu(", "missing ')'"},
           {"leaky_relu(0.1", "missing ')'"},
           {"leaky_relu(0.1))", "unexpected ')'"},
           {"leaky_relu(slope=0.1)", "unknown parameter 'slope'"},
           {"leaky_relu(0.1, 0.2)", "takes 1 parameter"},
           {"leaky_relu(abc)", "expected a number"},
           {"hardtanh(min_val=0, 2)", "positional value after a named one"},
           {"elu(alpha=1, alpha=2)", "given twice"},
           {"gelu(approximate=sigmoid)", "'sigmoid' is not a value of approximate"},
           {"relu(1)", "takes 0 parameter"},
           {"softplus(beta=0)", "beta must be in (0"},
           {"leaky_relu(nan)", "negative_slope must be a finite number"},
           {"leaky_relu(inf)", "must be a finite number"},
           {"maxout(k=0)", "k must be in [1"},
           {"maxout(k=2.5)", "k must be a whole number"},
           {"hardtanh(min_val=1, max_val=1)", "max_val must be greater than min_val"},
           {"leaky_relu(1e999)", "out of range"},
           {"sigmoid(tier=quick)", "'quick' is not a value of tier (one of: exact, fast)"},
           {"sigmoid(tier=fast, tier=exact)", "'tier' given twice"},
           {"sigmoid(fast)", "takes 0 parameter"},
           {"elu(tier=fast, 0.5)", "positional value after a named one"},
       }) {
    try {
      Activation::parse(c.spec);
      ADD_FAILURE() << "'" << c.spec << "' parsed";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos) << c.spec << ": " << e.what();
    }
  }
  EXPECT_THROW(Activation(Kind::Elu, {{"beta", 1.0}}), Error);
  EXPECT_THROW(Activation(Kind::Relu).param("alpha"), Error);
}

TEST(Errors, SizesShapesAndAliasing) {
  const Activation relu(Kind::Relu);
  std::vector<double> x(8, 1.0), dy(8, 1.0), out(7);
  ExpectRefused([&] { relu.forward(x, out); }, out, {"relu.forward", "y has 7 elements, expected 8"});
  ExpectRefused([&] { relu.backward(x, dy, out); }, out, {"relu.backward", "dx has 7 elements"});
  std::vector<double> buf(16, 1.0);
  const std::span<const double> in(buf.data(), 8);
  std::vector<double> untouched(buf.begin() + 4, buf.begin() + 12);
  try {
    relu.forward(in, std::span<double>(buf.data() + 4, 8));
    ADD_FAILURE() << "partial overlap accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("overlaps"), std::string::npos) << e.what();
  }
  EXPECT_EQ(std::vector<double>(buf.begin() + 4, buf.begin() + 12), untouched);

  const Activation maxout = Activation::parse("maxout(k=3)");
  std::vector<double> y(2);
  ExpectRefused([&] { maxout.forward(std::span<const double>(x.data(), 7), y); }, y, {"maxout.forward", "not a multiple of k = 3"});
  const Activation prelu = Activation::parse("prelu(num_parameters=3, inner=2)");
  std::vector<double> py(8);
  ExpectRefused([&] { prelu.forward(x, py); }, py, {"prelu.forward", "3 channels"});
  const Activation softmax = Activation::parse("softmax(dim=3)");
  ExpectRefused([&] { softmax.forward(x, py); }, py, {"softmax.forward", "rows of dim = 3"});

  // The gated: halves of rows, two inputs of one size, outputs that alias only whole buffers.
  EXPECT_THROW(Activation::parse("glu(dim=3)"), Error);
  const Activation glu = Activation::parse("glu(dim=4)");
  std::vector<double> half(3), gx(6, 1.0), gdx(6);
  ExpectRefused([&] { glu.forward(gx, half); }, half, {"glu.forward", "rows of dim = 4"});
  ExpectRefused([&] { Activation(Kind::Glu).forward(std::span<const double>(x.data(), 7), half); }, half,
                {"glu.forward", "split in halves"});
  ExpectRefused([&] { Activation(Kind::Glu).forward(x, y); }, y, {"glu.forward", "y has 2 elements, expected 4"});
  ExpectRefused([&] { Activation(Kind::Glu).backward(gx, std::span<const double>(gdx.data(), 2), gdx); }, gdx,
                {"glu.backward", "dy has 2 elements, expected 3"});
  std::vector<double> shared(8, 1.0);
  ExpectRefused([&] {
    Activation(Kind::Glu).forward(std::span<const double>(shared), std::span<double>(shared.data(), 4));
  }, shared, {"glu.forward", "must not overlap"});
  const Activation swiglu(Kind::Swiglu);
  std::vector<double> g(4, 1.0), u(4, 1.0), d(4, 1.0), gy(3), dg(4), du(4);
  ExpectRefused([&] { swiglu.gated_forward(g, u, gy); }, gy, {"swiglu.gated_forward", "y has 3 elements, expected 4"});
  ExpectRefused([&] { swiglu.gated_forward(g, std::span<const double>(u.data(), 3), std::span<double>(dg)); }, dg,
                {"swiglu.gated_forward", "up has 3 elements"});
  ExpectRefused([&] { swiglu.gated_backward(g, u, d, dg, dg); }, dg, {"swiglu.gated_backward", "dup must not overlap"});
  ExpectRefused([&] { swiglu.gated_backward(g, u, std::span<const double>(d.data(), 2), dg, du); }, dg,
                {"swiglu.gated_backward", "dy has 2 elements"});
  ExpectRefused([&] {
    swiglu.gated_backward(std::span<const double>(shared.data(), 4), u, d, std::span<double>(shared.data() + 1, 4), du);
  }, shared, {"swiglu.gated_backward", "overlaps an input without being the very same buffer"});
  ExpectRefused([&] { relu.gated_forward(g, u, dg); }, dg, {"relu.gated_forward", "is not gated"});
  ExpectRefused([&] { relu.gated_backward(g, u, d, dg, du); }, dg, {"relu.gated_backward", "is not gated"});
}

TEST(Errors, DirectionsAndWeights) {
  std::vector<double> x(4, -1.0), dy(4, 1.0), dx(4);
  ExpectRefused([&] { Activation(Kind::Swish).backward_from_output(x, dy, dx); }, dx,
                {"swish.backward_from_output", "not a function of y"});
  ExpectRefused([&] { Activation::parse("leaky_relu(-0.1)").backward_from_output(x, dy, dx); }, dx,
                {"leaky_relu.backward_from_output", "for these parameters"});
  ExpectRefused([&] { Activation::parse("threshold(0, 1)").backward_from_output(x, dy, dx); }, dx,
                {"threshold.backward_from_output"});
  std::vector<double> dw(2);
  ExpectRefused([&] { Activation(Kind::Relu).param_grad(x, dy, dw); }, dw, {"relu.param_grad", "no learnable"});
  ExpectRefused([&] { Activation(Kind::Swish).param_grad(x, dy, dw); }, dw, {"swish.param_grad", "dw has 2 elements, expected 1"});
  Activation prelu = Activation::parse("prelu(num_parameters=2)");
  EXPECT_THROW(prelu.set_weights(std::vector<double>{1.0}), Error);
  EXPECT_THROW(prelu.set_weights(std::vector<double>{1.0, std::nan("")}), Error);
  Activation swish(Kind::Swish);
  EXPECT_THROW(swish.set_weights(std::vector<double>{-1.0}), Error);
  swish.set_weights(std::vector<double>{2.0});
  EXPECT_EQ(swish.param("beta"), 2.0);
  EXPECT_THROW(force_target("NOPE"), Error);
}

TEST(Spec, RoundTripsThroughCanonicalForm) {
  for (const Info& info : catalog()) {
    const Activation act(info.kind);
    EXPECT_EQ(Activation::parse(act.spec()).spec(), act.spec());
  }
  EXPECT_EQ(Activation::parse(" leaky_relu ( 0.1 ) ").param("negative_slope"), 0.1);
  EXPECT_EQ(Activation::parse("swish(beta=1.5)").spec(), "swish(beta=1.5)");
  EXPECT_EQ(Activation::parse("gelu(approximate=tanh)").param("approximate"), 1);
  EXPECT_EQ(Activation::parse("gelu(approximate=tanh)").spec(), "gelu(approximate=tanh)");
  EXPECT_EQ(Activation::parse("hardtanh(-2, max_val=+3)").param("max_val"), 3);
  EXPECT_EQ(Activation::parse("leaky_relu(1e-3)").param("negative_slope"), 1e-3);
  EXPECT_EQ(find("relu")->kind, Kind::Relu);
  EXPECT_EQ(find("nope"), nullptr);
  EXPECT_EQ(catalog().size(), 40u);
}

// What the sweeps and the CLI's defaults run: each name once, then the variants, each one a spec of
// its own activation with other parameters than the defaults.
TEST(Spec, CatalogSpecsAreTheNamesThenTheVariants) {
  const std::vector<std::string> specs = catalog_specs();
  ASSERT_GE(specs.size(), catalog().size());
  std::size_t k = 0;
  for (const Info& info : catalog()) EXPECT_EQ(specs[k++], info.name);
  for (const Info& info : catalog()) {
    for (std::string_view variant : info.variants) {
      ASSERT_LT(k, specs.size());
      EXPECT_EQ(specs[k++], variant);
      const Activation act = Activation::parse(variant);
      EXPECT_EQ(act.kind(), info.kind) << variant;
      EXPECT_NE(act.spec(), Activation(info.kind).spec()) << variant << " gives the defaults";
    }
  }
  for (const Info& info : catalog()) {
    if (info.ulp_f32_fast < 0) continue;
    ASSERT_LT(k, specs.size());
    EXPECT_EQ(specs[k++], std::string(info.name) + "(tier=fast)");
    for (std::string_view variant : info.variants) {
      ASSERT_LT(k, specs.size());
      const Activation act = Activation::parse(specs[k++]);
      EXPECT_EQ(act.tier(), Tier::kFast) << variant;
      EXPECT_EQ(act.with_tier(Tier::kExact).spec(), Activation::parse(variant).spec()) << variant;
    }
  }
  EXPECT_EQ(k, specs.size());
}

// The fast tier is chosen only by name, goes through the spec and changes the float32 kernels
// only where the activation has fast math of its own (on AVX-512, where that math lives).
TEST(Spec, TierIsExplicitAndRoundTrips) {
  EXPECT_EQ(Activation::parse("sigmoid").tier(), Tier::kExact);
  EXPECT_EQ(Activation::parse("sigmoid(tier=exact)").spec(), "sigmoid");
  const Activation fast = Activation::parse("sigmoid(tier=fast)");
  EXPECT_EQ(fast.tier(), Tier::kFast);
  EXPECT_EQ(fast.spec(), "sigmoid(tier=fast)");
  EXPECT_EQ(Activation::parse("elu(tier=fast, alpha=0.5)").spec(), "elu(alpha=0.5, tier=fast)");
  EXPECT_EQ(Activation::parse(Activation(Kind::Relu, {}, Tier::kFast).spec()).tier(), Tier::kFast);
  EXPECT_EQ(fast.ulp_bound_f32(false), fast.info().ulp_f32_fast);
  EXPECT_EQ(Activation::parse("sigmoid").ulp_bound_f32(false), fast.info().ulp_f32);
  EXPECT_EQ(Activation::parse("relu(tier=fast)").ulp_bound_f32(true), Activation::parse("relu").ulp_bound_f32(true));

  std::vector<float> x(4096);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = -20.0f + 40.0f * float(i) / float(x.size());
  std::vector<float> exact(x.size()), quick(x.size());
  std::vector<double> x64(x.begin(), x.end()), exact64(x.size()), quick64(x.size());
  for (const Info& info : catalog()) {
    if (info.layout != Layout::kElementwise) continue;
    const Activation e(info.kind), f(info.kind, {}, Tier::kFast);
    e.forward(x, exact);
    f.forward(x, quick);
    if (info.ulp_f32_fast < 0 || current_target() != "AVX3") {
      EXPECT_EQ(exact, quick) << info.name;
    }
    e.forward(x64, exact64);
    f.forward(x64, quick64);
    EXPECT_EQ(exact64, quick64) << info.name << ": float64 has one tier";
  }
  // Where there is fast math, it is used, in both directions (softsign: the forward only).
  if (current_target() == "AVX3") {
    const std::vector<float> dy(x.size(), 1.0f);
    std::vector<float> exact_dx(x.size()), quick_dx(x.size());
    for (const char* spec : {"sigmoid", "tanh", "silu", "swish", "swish(beta=1.7)", "elu", "selu", "celu", "gelu",
                             "gelu(approximate=tanh)", "softplus", "logsigmoid", "mish", "tanhshrink", "softsign"}) {
      const Activation e = Activation::parse(spec);
      const Activation f = e.with_tier(Tier::kFast);
      e.forward(x, exact);
      f.forward(x, quick);
      EXPECT_NE(exact, quick) << f.spec();
      if (e.kind() == Kind::Softsign) continue;
      e.backward(x, dy, exact_dx);
      f.backward(x, dy, quick_dx);
      EXPECT_NE(exact_dx, quick_dx) << f.spec() << " backward";
    }
  }
}

}  // namespace
}  // namespace actlab
