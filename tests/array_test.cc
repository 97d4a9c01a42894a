// Arrays: every size from 0 to past two vectors and large odd ones, misaligned pointers,
// in-place calls, per-channel PReLU, softmax rows. Results must not depend on size, alignment or
// aliasing: each element is the same as when computed alone.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "util.h"

namespace actlab::test {
namespace {

template <typename T>
bool SameBits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

template <typename T>
void CheckSizesAndAlignment(const Activation& act) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0, 4);
  const Layout layout = act.info().layout;
  const std::size_t unit = layout == Layout::kGroups ? std::size_t(act.param("k")) : layout == Layout::kGated ? 2 : 1;
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 2 * 64 + 1; ++n) sizes.push_back(n * unit);
  for (std::size_t n : {1001, 4097}) sizes.push_back(n * unit);
  for (std::size_t n : sizes) {
    for (std::size_t offset : {0, 1, 3}) {
      std::vector<T> storage(n + offset + 1), dy_storage(n + offset + 1);
      T* x = storage.data() + offset;
      T* dyp = dy_storage.data() + offset;
      for (std::size_t i = 0; i < n; ++i) x[i] = T(normal(rng)), dyp[i] = T(normal(rng));
      const std::size_t m = act.output_size(n);
      std::vector<T> y(m), dx(n), one_y(1), one_dx(unit);
      act.forward(std::span<const T>(x, n), std::span<T>(y));
      act.backward(std::span<const T>(x, n), std::span<const T>(dyp, m), std::span<T>(dx));
      // Each output equals the same element computed alone (rows: elements are not independent).
      for (std::size_t o = 0; o < m && act.info().layout != Layout::kRows; ++o) {
        act.forward(std::span<const T>(x + o * unit, unit), std::span<T>(one_y));
        act.backward(std::span<const T>(x + o * unit, unit), std::span<const T>(dyp + o, 1), std::span<T>(one_dx));
        ASSERT_TRUE(SameBits(y[o], one_y[0])) << act.spec() << " n=" << n << " offset=" << offset << " i=" << o;
        for (std::size_t j = 0; j < unit; ++j) {
          ASSERT_TRUE(SameBits(dx[o * unit + j], one_dx[j])) << act.spec() << " n=" << n << " i=" << o;
        }
      }
      // In place: y into x, dx into dy (softmax's fast rows then compute e again instead of keeping it).
      if (layout != Layout::kGroups && layout != Layout::kGated) {
        std::vector<T> xy(x, x + n), dxy(dyp, dyp + n);
        act.backward(std::span<const T>(x, n), std::span<const T>(dxy), std::span<T>(dxy));
        act.forward(std::span<const T>(xy), std::span<T>(xy));
        for (std::size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameBits(xy[i], y[i])) << act.spec() << " in-place forward, i=" << i;
          ASSERT_TRUE(SameBits(dxy[i], dx[i])) << act.spec() << " in-place backward, i=" << i;
        }
      }
    }
  }
}

// The gated on two inputs: each element as when computed alone, as on F.glu's layout (rows of
// [up, gate]), and the same in place (y into gate or up; dgate into gate or dy, dup into up).
template <typename T>
void CheckGatedArrays(const Activation& act) {
  std::mt19937_64 rng(12);
  std::normal_distribution<double> normal(0, 4);
  for (std::size_t n : {0, 1, 2, 7, 8, 15, 16, 17, 31, 33, 63, 65, 129, 1001, 4097}) {
    for (std::size_t offset : {0, 1, 3}) {
      std::vector<T> storage(3 * (n + offset + 1));
      T* gate = storage.data() + offset;
      T* up = gate + n + offset + 1;
      T* dy = up + n + offset + 1;
      for (std::size_t i = 0; i < n; ++i) gate[i] = T(normal(rng)), up[i] = T(normal(rng)), dy[i] = T(normal(rng));
      const std::span<const T> g(gate, n), u(up, n), d(dy, n);
      std::vector<T> y(n), dgate(n), dup(n), x(2 * n), halves_y(n), halves_dx(2 * n);
      act.gated_forward(g, u, y);
      act.gated_backward(g, u, d, dgate, dup);
      for (std::size_t i = 0; i < n; ++i) x[2 * i] = up[i], x[2 * i + 1] = gate[i];
      const Activation rows = WithParam(act, "dim", 2);
      rows.forward(x, halves_y);
      rows.backward(x, d, halves_dx);
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<T> one(1), one_dgate(1), one_dup(1);
        act.gated_forward(g.subspan(i, 1), u.subspan(i, 1), one);
        act.gated_backward(g.subspan(i, 1), u.subspan(i, 1), d.subspan(i, 1), one_dgate, one_dup);
        ASSERT_TRUE(SameBits(y[i], one[0]) && SameBits(y[i], halves_y[i])) << act.spec() << " n=" << n << " i=" << i;
        ASSERT_TRUE(SameBits(dgate[i], one_dgate[0]) && SameBits(dgate[i], halves_dx[2 * i + 1])) << act.spec() << " n=" << n << " i=" << i;
        ASSERT_TRUE(SameBits(dup[i], one_dup[0]) && SameBits(dup[i], halves_dx[2 * i])) << act.spec() << " n=" << n << " i=" << i;
      }
      std::vector<T> gy(g.begin(), g.end()), uy(u.begin(), u.end());
      act.gated_forward(std::span<const T>(gy), u, std::span<T>(gy));
      act.gated_forward(g, std::span<const T>(uy), std::span<T>(uy));
      std::vector<T> gg(g.begin(), g.end()), uu(u.begin(), u.end()), dd(d.begin(), d.end());
      act.gated_backward(std::span<const T>(gg), std::span<const T>(uu), d, std::span<T>(gg), std::span<T>(uu));
      std::vector<T> dd_up(n);
      act.gated_backward(g, u, std::span<const T>(dd), std::span<T>(dd), std::span<T>(dd_up));
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameBits(gy[i], y[i]) && SameBits(uy[i], y[i])) << act.spec() << " in-place forward, i=" << i;
        ASSERT_TRUE(SameBits(gg[i], dgate[i]) && SameBits(uu[i], dup[i])) << act.spec() << " in-place backward, i=" << i;
        ASSERT_TRUE(SameBits(dd[i], dgate[i]) && SameBits(dd_up[i], dup[i])) << act.spec() << " dgate into dy, i=" << i;
      }
    }
  }
}

class Arrays : public ::testing::TestWithParam<std::string> {};

TEST_P(Arrays, SizeAlignmentAndAliasingDoNotChangeResults) {
  const Activation parsed = Activation::parse(GetParam());
  // The gated on rows of one pair: each y from its own [up, gate].
  const Activation act = parsed.info().layout == Layout::kGated ? WithParam(parsed, "dim", 2) : parsed;
  CheckSizesAndAlignment<float>(act);
  CheckSizesAndAlignment<double>(act);
  if (act.info().layout == Layout::kGated) {
    CheckGatedArrays<float>(parsed);
    CheckGatedArrays<double>(parsed);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, Arrays, ::testing::ValuesIn(catalog_specs()),
                         [](const auto& info) { return TestName(info.param); });

// PReLU with one slope per channel on (outer=2, channels=3, inner=4), as nn.PReLU(3) on N x C x H x W.
TEST(Prelu, PerChannelSlopesAndGradients) {
  const Activation act = Activation::parse("prelu(num_parameters=3, inner=4)");
  ASSERT_EQ(act.weights().size(), 3u);
  Activation trained = act;
  const std::vector<double> slopes = {0.0, 0.1, 0.5};
  trained.set_weights(slopes);
  std::vector<double> x(24), y(24), dy(24), dx(24), dw(3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i % 7) - 3.5, dy[i] = 1 + 0.1 * double(i);
  trained.forward(x, y);
  trained.backward(x, dy, dx);
  trained.param_grad(x, dy, dw);
  std::vector<double> expected_dw(3, 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t c = (i / 4) % 3;
    const double a = slopes[c];
    EXPECT_EQ(y[i], x[i] > 0 ? x[i] : a * x[i]) << i;
    EXPECT_EQ(dx[i], dy[i] * (x[i] > 0 ? 1 : a)) << i;
    if (x[i] <= 0) expected_dw[c] += dy[i] * x[i];
  }
  for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(dw[c], expected_dw[c], 1e-12) << c;
  EXPECT_FALSE(trained.has_backward_from_output());  // a slope of 0 hides x from y
  EXPECT_TRUE(act.has_backward_from_output());       // 0.25 everywhere
}

TEST(Softmax, RowsSumToOneAndLimitsHold) {
  const double inf = std::numeric_limits<double>::infinity();
  const Activation softmax = Activation::parse("softmax(dim=4)");
  const Activation log_softmax = Activation::parse("log_softmax(dim=4)");
  std::vector<double> x = {1, 2, 3, 4, 1000, 1000, -inf, 0, inf, 1, inf, 2, -inf, -inf, -inf, -inf};
  std::vector<double> y(x.size()), ly(x.size());
  softmax.forward(x, y);
  log_softmax.forward(x, ly);
  double sum = y[0] + y[1] + y[2] + y[3];
  EXPECT_NEAR(sum, 1, 1e-15);
  EXPECT_NEAR(ly[3], std::log(y[3]), 1e-15);
  EXPECT_EQ(y[4], 0.5);  // no overflow at 1000
  EXPECT_EQ(y[6], 0);
  EXPECT_EQ(ly[6], -inf);
  EXPECT_EQ(y[8], 0.5);  // two +inf share the mass
  EXPECT_EQ(y[9], 0);
  EXPECT_TRUE(std::isnan(y[12]));  // all -inf: no limit
  // Whole array as one row (dim = 0).
  const Activation whole = Activation::parse("softmax");
  std::vector<double> z = {0, 0, 0, 0}, zy(4);
  whole.forward(z, zy);
  for (double v : zy) EXPECT_EQ(v, 0.25);
}

// Large arrays run on several threads: the results, sums included, must not depend on how many.
TEST(Threads, ResultsIdenticalWhateverTheCount) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0, 3);
  const std::size_t n = 3 * 5 * 7 * 4099;  // above the threshold; chunks split channel blocks
  std::vector<double> x(n), dy(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = normal(rng), dy[i] = normal(rng);
  for (const char* spec : {"gelu", "prelu(num_parameters=5, inner=7)", "swish", "maxout(k=3)",
                           "softmax(dim=35)", "log_softmax(dim=35)", "sigmoid"}) {
    Activation act = Activation::parse(spec);
    if (act.kind() == Kind::Prelu) act.set_weights(std::vector<double>{0.1, -0.2, 0.3, 0.0, 2.0});
    std::vector<std::vector<double>> runs;
    for (int threads : {1, 2, 3}) {
      set_num_threads(threads);
      std::vector<double> y(act.output_size(n)), dx(n), dyo(y.size());
      std::copy_n(dy.begin(), dyo.size(), dyo.begin());
      act.forward(x, y);
      act.backward(x, dyo, dx);
      std::vector<double> all = y;
      all.insert(all.end(), dx.begin(), dx.end());
      if (!act.weights().empty()) {
        std::vector<double> dw(act.weights().size());
        act.param_grad(x, dy, dw);
        all.insert(all.end(), dw.begin(), dw.end());
      }
      runs.push_back(all);
    }
    set_num_threads(0);
    // The chunked call equals the same array done in small single-chunk pieces of 105 elements
    // (whole PReLU channel blocks, maxout groups and softmax rows).
    std::vector<double> pieces;
    std::vector<double> piece_dx;
    for (std::size_t b = 0; b < n; b += 105) {
      const std::span<const double> xs(x.data() + b, 105);
      std::vector<double> y(act.output_size(105)), dx(105);
      act.forward(xs, y);
      act.backward(xs, std::span<const double>(dy.data() + act.output_size(b), y.size()), dx);
      pieces.insert(pieces.end(), y.begin(), y.end());
      piece_dx.insert(piece_dx.end(), dx.begin(), dx.end());
    }
    pieces.insert(pieces.end(), piece_dx.begin(), piece_dx.end());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      ASSERT_TRUE(SameBits(runs[0][i], pieces[i])) << spec << " chunked value " << i;
    }
    for (std::size_t r = 1; r < runs.size(); ++r) {
      ASSERT_EQ(runs[r].size(), runs[0].size());
      for (std::size_t i = 0; i < runs[0].size(); ++i) {
        ASSERT_TRUE(SameBits(runs[r][i], runs[0][i])) << spec << " value " << i << " with " << r + 1 << " threads";
      }
    }
  }
  EXPECT_THROW(set_num_threads(-1), Error);
}

}  // namespace
}  // namespace actlab::test
