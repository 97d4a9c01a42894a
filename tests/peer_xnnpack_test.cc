// The XNNPACK peer runs the function its spec names: its forward agrees with actlab's on the
// runner's own inputs, and it declines what XNNPACK has no kernel for. Skipped where the peer is
// not built (no libxnnpack-dev, sanitizer builds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

const Peer* FindXnnpack() {
  static const std::vector<Peer> peers = Peers();
  const auto it = std::find_if(peers.begin(), peers.end(), [](const Peer& p) { return p.name == "XNNPACK"; });
  return it == peers.end() ? nullptr : &*it;
}

TEST(XnnpackPeer, ForwardAgreesWithActlab) {
  const Peer* xnnpack = FindXnnpack();
  if (!xnnpack) GTEST_SKIP() << "XNNPACK peer not built";
  // Parameters off their defaults too, so that a parameter dropped or swapped shows.
  for (const char* spec : {"sigmoid", "elu", "elu(alpha=0.5)", "hardswish", "leaky_relu", "leaky_relu(negative_slope=0.2)",
                           "relu", "relu6", "hardtanh", "hardtanh(min_val=-2, max_val=0.5)"}) {
    for (int threads : {1, 2}) {
      const Case c{spec, Direction::kForward, false, 4099, threads};  // odd n: the kernels' tails too
      auto runner = xnnpack->make(c);
      ASSERT_TRUE(runner) << spec;
      runner->Run();
      const auto* x = static_cast<const float*>(runner->input);
      const auto* got = static_cast<const float*>(runner->output);
      std::vector<float> want(c.n);
      Activation::parse(spec).forward(std::span<const float>(x, c.n), std::span<float>(want));
      // Loose: XNNPACK's sigmoid and elu are a few ULP off on these (normal, |x| < 20) inputs.
      for (std::size_t i = 0; i < c.n; ++i) {
        ASSERT_NEAR(got[i], want[i], 1e-5 * std::fabs(want[i]) + 1e-7) << spec << " at x = " << x[i] << ", " << threads << " thread(s)";
      }
    }
  }
}

TEST(XnnpackPeer, DeclinesWhatItHasNoKernelFor) {
  const Peer* xnnpack = FindXnnpack();
  if (!xnnpack) GTEST_SKIP() << "XNNPACK peer not built";
  EXPECT_FALSE(xnnpack->make(Case{"tanh"})) << "no float32 tanh in this XNNPACK";
  EXPECT_FALSE(xnnpack->make(Case{"gelu"}));
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kBackward})) << "forward only";
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kFromOutput}));
  EXPECT_FALSE(xnnpack->make(Case{"sigmoid", Direction::kForward, true})) << "float32 only";
  EXPECT_FALSE(xnnpack->make(Case{"elu(alpha=-1)"})) << "XNNPACK's elu takes alpha > 0 only";
}

}  // namespace
}  // namespace actlab::bench
