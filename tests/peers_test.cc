// The peers that compute forward results run the function their spec names: their forward agrees
// with actlab's on the runner's own inputs, and they decline what they have no kernel for.
// Skipped where a peer is not built (no libxnnpack-dev, sanitizer builds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

const Peer* Find(const std::string& name) {
  static const std::vector<Peer> peers = Peers();
  const auto it = std::find_if(peers.begin(), peers.end(), [&](const Peer& p) { return p.name == name; });
  return it == peers.end() ? nullptr : &*it;
}

// The peer's forward of `spec` on its own inputs, against actlab's, within `relative` of the
// result plus `absolute`.
template <typename T>
void ExpectForwardAgrees(const Peer& peer, const char* spec, int threads, double relative, double absolute = 1e-7) {
  const Case c{spec, Direction::kForward, sizeof(T) == 8, 4099, threads};  // odd n: the kernels' tails too
  auto runner = peer.make(c);
  ASSERT_TRUE(runner) << spec;
  runner->Run();
  const auto* x = static_cast<const T*>(runner->input);
  const auto* got = static_cast<const T*>(runner->output);
  std::vector<T> want(c.n);
  Activation::parse(spec).forward(std::span<const T>(x, c.n), std::span<T>(want));
  for (std::size_t i = 0; i < c.n; ++i) {
    ASSERT_NEAR(got[i], want[i], relative * std::fabs(want[i]) + absolute)
        << peer.name << " " << spec << " at x = " << x[i] << ", " << threads << " thread(s)";
  }
}

TEST(XnnpackPeer, ForwardAgreesWithActlab) {
  const Peer* xnnpack = Find("XNNPACK");
  if (!xnnpack) GTEST_SKIP() << "XNNPACK peer not built";
  // Parameters off their defaults too, so that a parameter dropped or swapped shows.
  for (const char* spec : {"sigmoid", "elu", "elu(alpha=0.5)", "hardswish", "leaky_relu", "leaky_relu(negative_slope=0.2)",
                           "relu", "relu6", "hardtanh", "hardtanh(min_val=-2, max_val=0.5)"}) {
    // Loose: XNNPACK's sigmoid and elu are a few ULP off on these (normal, |x| < 20) inputs.
    for (int threads : {1, 2}) ExpectForwardAgrees<float>(*xnnpack, spec, threads, 1e-5);
  }
}

TEST(XnnpackPeer, DeclinesWhatItHasNoKernelFor) {
  const Peer* xnnpack = Find("XNNPACK");
  if (!xnnpack) GTEST_SKIP() << "XNNPACK peer not built";
  EXPECT_FALSE(xnnpack->make(Case{"tanh"})) << "no float32 tanh in this XNNPACK";
  EXPECT_FALSE(xnnpack->make(Case{"gelu"}));
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kBackward})) << "forward only";
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kFromOutput}));
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kForward, true})) << "float32 only";
  EXPECT_FALSE(xnnpack->make(Case{"elu(alpha=-1)"})) << "XNNPACK's elu takes alpha > 0 only";
}

TEST(EigenPeer, ForwardAgreesWithActlab) {
  const Peer* eigen = Find("Eigen");
  if (!eigen) GTEST_SKIP() << "Eigen peer not built";
  for (const char* spec : {"sigmoid", "tanh", "silu", "gelu", "gelu(approximate=tanh)"}) {
    for (int threads : {1, 2}) {
      // Eigen's float32 tanh and logistic are rational fits good to about 1e-7 absolute, so a
      // small result near -5 is 1e-5 relative off: the bound is absolute there.
      ExpectForwardAgrees<float>(*eigen, spec, threads, 1e-5, 1e-6);
      ExpectForwardAgrees<double>(*eigen, spec, threads, 1e-12, 1e-15);
    }
  }
}

TEST(EigenPeer, DeclinesWhatItHasNoKernelFor) {
  const Peer* eigen = Find("Eigen");
  if (!eigen) GTEST_SKIP() << "Eigen peer not built";
  EXPECT_FALSE(eigen->make(Case{"elu"}));
  EXPECT_FALSE(eigen->make(Case{"tanh", Direction::kBackward})) << "forward only";
}

}  // namespace
}  // namespace actlab::bench
