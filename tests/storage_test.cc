// bfloat16 and float16: the conversions on every 16-bit pattern and on float32 and float64 values
// at the rounding boundaries, against a nearest-value search written here; then every activation,
// every direction and every compiled CPU target on every 16-bit input, each result equal to the
// quad reference correctly rounded (the library's own last resort: within 2^-113 of a
// midpoint, README's Accuracy, the two agree by construction; python/tests decide those with mpmath).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "kernels/table.h"
#include "util.h"

namespace actlab::test {
namespace {

// The value of a 16-bit pattern from its fields, written without half.h.
template <class S>
long double Decode(std::uint16_t h) {
  const bool bf = std::is_same_v<S, bfloat16>;
  const int mbits = bf ? 7 : 10, ebits = bf ? 8 : 5, bias = (1 << (ebits - 1)) - 1;
  const int e = (h >> mbits) & ((1 << ebits) - 1), m = h & ((1 << mbits) - 1);
  const long double sign = (h & 0x8000) ? -1 : 1;
  if (e == (1 << ebits) - 1) return m ? NAN : sign * INFINITY;
  if (e == 0) return sign * std::ldexp((long double)m, 1 - bias - mbits);
  return sign * std::ldexp((long double)(m + (1 << mbits)), e - bias - mbits);
}

// v rounded to nearest, ties to the even pattern, by search among all finite values of S.
template <class S>
std::uint16_t Nearest(Quad q) {
  if (q != q) return 0x7FFF;
  // The search in long double, with the part of q beyond it kept to break what it would tie.
  const long double v = static_cast<long double>(q);
  const Quad rest = q - Quad(v);
  static const std::vector<long double> values = [] {
    std::vector<long double> out;
    for (std::uint32_t h = 0; h < 0x8000; ++h) {
      if (std::isfinite(Decode<S>(std::uint16_t(h)))) out.push_back(Decode<S>(std::uint16_t(h)));
    }
    return out;  // increasing with the pattern
  }();
  const std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  const long double a = std::fabs(v), top = values.back(), half_gap = (top - values[values.size() - 2]) / 2;
  const Quad toward = std::signbit(v) ? rest : -rest;  // > 0: q's magnitude is below a
  const long double overflow = top + half_gap;  // ties go to inf (the even pattern)
  if (a > overflow || (a == overflow && !(toward > 0))) return sign | std::uint16_t(values.size());
  const auto hi = std::size_t(std::lower_bound(values.begin(), values.end(), a) - values.begin());
  if (hi == values.size()) return sign | std::uint16_t(hi - 1);  // above the largest, short of inf
  if (hi == 0 || values[hi] == a) return sign | std::uint16_t(hi);
  const long double down = a - values[hi - 1], up = values[hi] - a;
  // A tie in long double: the rest of q (toward or away from zero) decides, or the even pattern.
  const std::size_t pick = down < up ? hi - 1 : up < down ? hi : toward > 0 ? hi - 1 : toward < 0 ? hi : (hi % 2 == 0 ? hi : hi - 1);
  return sign | std::uint16_t(pick);
}

// The same value: equal patterns, or both NaN, or both zero (the sign of a zero is not compared).
template <class S>
bool Same(std::uint16_t got, std::uint16_t want) {
  const long double g = Decode<S>(got), w = Decode<S>(want);
  return got == want || (std::isnan(g) && std::isnan(w)) || (g == 0 && w == 0);
}

template <class S>
const char* Name() { return std::is_same_v<S, bfloat16> ? "bf16" : "f16"; }

template <class S>
std::vector<S> EveryPattern() {
  std::vector<S> out(1 << 16);
  for (std::uint32_t h = 0; h < out.size(); ++h) out[h] = S::from_bits(std::uint16_t(h));
  return out;
}

template <class S>
void CheckConversions() {
  for (std::uint32_t h = 0; h < (1u << 16); ++h) {
    const S s = S::from_bits(std::uint16_t(h));
    const long double want = Decode<S>(std::uint16_t(h));
    const float f = float(s);
    ASSERT_TRUE(std::isnan(want) ? std::isnan(f) : f == want) << Name<S>() << " pattern " << h;
    ASSERT_TRUE(Same<S>(S(f).bits, s.bits)) << Name<S>() << " round trip of pattern " << h;
  }
  // float32 patterns: a stride over all of them, and every pattern near the midpoints and edges
  // of the 16-bit grid.
  std::vector<float> fs;
  for (std::uint64_t b = 0; b < (1ull << 32); b += 65521) fs.push_back(FromBits<float>(std::uint32_t(b)));
  for (std::uint32_t h = 0; h < (1u << 16); h += 7) {
    const long double v = Decode<S>(std::uint16_t(h)), next = Decode<S>(std::uint16_t(h + 1));
    if (!std::isfinite(v) || !std::isfinite(next)) continue;
    const float mid = float((v + next) / 2);
    for (float m = mid, k = 0; k < 3; ++k, m = std::nextafter(m, INFINITY)) fs.push_back(m);
    for (float m = mid, k = 0; k < 3; ++k, m = std::nextafter(m, -INFINITY)) fs.push_back(m);
  }
  for (float f : {65504.0f, 65519.99f, 65520.0f, 65536.0f, 3.4e38f, INFINITY, -INFINITY, NAN, 0x1p-24f, 0x1p-25f,
                  0x1.000002p-25f, 0x1p-133f, 0x1p-134f, 0x1.000002p-134f}) {
    fs.push_back(f);
    fs.push_back(-f);
  }
  for (float f : fs) {
    ASSERT_TRUE(Same<S>(S(f).bits, Nearest<S>(f))) << Name<S>() << " from float " << f;
    // From double: near a midpoint by less than float's spacing, where rounding twice would tie.
    const double d = std::nextafter(double(f), INFINITY);
    ASSERT_TRUE(Same<S>(S(d).bits, Nearest<S>(d))) << Name<S>() << " from double " << d;
  }
  // The vector conversions of every target against the scalar ones.
  const auto& row = [](const kernels::Kernels& k) -> const kernels::Narrow& {
    return std::is_same_v<S, bfloat16> ? k.bf16 : k.f16;
  };
  std::vector<std::uint16_t> out(fs.size()), patterns(1 << 16);
  std::vector<std::uint32_t> unsure(fs.size() + 64);
  std::vector<float> wide(1 << 16);
  for (std::uint32_t h = 0; h < patterns.size(); ++h) patterns[h] = std::uint16_t(h);
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    const kernels::Narrow& conv = row(kernels::active());
    conv.narrow(fs.data(), nullptr, out.data(), fs.size(), 0, unsure.data());
    for (std::size_t i = 0; i < fs.size(); ++i) {
      ASSERT_TRUE(Same<S>(out[i], S(fs[i]).bits)) << Name<S>() << " narrow on " << target << " at " << fs[i];
    }
    conv.widen(patterns.data(), wide.data(), patterns.size());
    for (std::uint32_t h = 0; h < patterns.size(); ++h) {
      const float want = float(S::from_bits(std::uint16_t(h)));
      ASSERT_TRUE(std::isnan(want) ? std::isnan(wide[h]) : ToBits(wide[h]) == ToBits(want))
          << Name<S>() << " widen on " << target << " of pattern " << h;
    }
  }
  force_target("");
}

TEST(Storage, ConversionsRoundToNearestEven) {
  CheckConversions<bfloat16>();
  CheckConversions<float16>();
}

// Counts the results that differ from the reference correctly rounded, and shows the first few.
struct Mismatches {
  std::string what;
  std::size_t count = 0;
  template <class S>
  void Check(std::uint16_t got, Quad ref, double at, double other = NAN) {
    const std::uint16_t want = Nearest<S>(ref);
    if (Same<S>(got, want)) return;
    if (++count <= 5) {
      std::printf("  %s: at %.9g (%.9g) got %.9Lg, correctly rounded %.9Lg (reference %.17Lg)\n", what.c_str(), at,
                  other, Decode<S>(got), Decode<S>(want), static_cast<long double>(ref));
    }
  }
};

struct TargetScope {
  ~TargetScope() { force_target(""); }
};

// dy values that each storage type holds exactly: signs, a scale below 1 and above, a long mantissa.
template <class S>
std::vector<S> DyValues() {
  std::vector<S> out;
  for (double d : {1.0, -0.3, 7.5, -0.00123}) out.push_back(S(d));
  return out;
}

template <class S>
void CheckElementwise(const Activation& act) {
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  const std::vector<S> xs = EveryPattern<S>();
  const std::size_t n = xs.size();
  const auto ref = [&](RefFn fn, S v) { return std::isnan(float(v)) ? Quad(NAN) : fn.q(float(v), p.data()); };
  std::vector<Quad> ref_f(n), ref_df(n);
  for (std::size_t i = 0; i < n; ++i) ref_f[i] = ref(def.f, xs[i]), ref_df[i] = ref(def.df, xs[i]);
  std::vector<S> y(n), dx(n), dy(n), dx_y(n);
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    Mismatches fwd{"forward"}, bwd{"backward"}, from_y{"backward_from_output"};
    act.forward(xs, y);
    for (std::size_t i = 0; i < n; ++i) fwd.Check<S>(y[i].bits, ref_f[i], float(xs[i]));
    for (S d : DyValues<S>()) {
      std::fill(dy.begin(), dy.end(), d);
      act.backward(xs, dy, dx);
      for (std::size_t i = 0; i < n; ++i) bwd.Check<S>(dx[i].bits, Quad(float(d)) * ref_df[i], float(xs[i]), float(d));
      if (act.has_backward_from_output()) {
        act.backward_from_output(y, dy, dx_y);
        for (std::size_t i = 0; i < n; ++i) {
          from_y.Check<S>(dx_y[i].bits, Quad(float(d)) * ref(def.df_from_y, y[i]), float(y[i]), float(d));
        }
      }
    }
    std::printf("%-40s %-4s %-8s not correctly rounded: forward %zu, backward %zu, from y %zu\n", act.spec().c_str(),
                Name<S>(), target.c_str(), fwd.count, bwd.count, from_y.count);
    EXPECT_EQ(fwd.count, 0u) << act.spec() << " " << Name<S>() << " forward on " << target;
    EXPECT_EQ(bwd.count, 0u) << act.spec() << " " << Name<S>() << " backward on " << target;
    EXPECT_EQ(from_y.count, 0u) << act.spec() << " " << Name<S>() << " backward_from_output on " << target;
  }
}

// Every gate with each of a few ups (and dys), on two inputs and in F.glu's halves layout.
template <class S>
void CheckGated(const Activation& act) {
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  const std::vector<S> gate = EveryPattern<S>();
  const std::size_t n = gate.size();
  const auto ref = [&](RefFn fn, S v) { return std::isnan(float(v)) ? Quad(NAN) : fn.q(float(v), p.data()); };
  std::vector<Quad> ref_f(n), ref_df(n);
  for (std::size_t i = 0; i < n; ++i) ref_f[i] = ref(def.f, gate[i]), ref_df[i] = ref(def.df, gate[i]);
  std::vector<S> up(n), dy(n), y(n), dgate(n), dup(n), halves(2 * n), y_halves(n), dx_halves(2 * n);
  const std::vector<S> dys = DyValues<S>();
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    Mismatches fwd{"forward"}, bwd_gate{"dgate"}, bwd_up{"dup"}, layout{"halves layout"};
    for (std::size_t k = 0; k < dys.size(); ++k) {
      const S u = dys[(k + 1) % dys.size()], d = dys[k];
      std::fill(up.begin(), up.end(), u);
      std::fill(dy.begin(), dy.end(), d);
      act.gated_forward(gate, up, y);
      act.gated_backward(gate, up, dy, dgate, dup);
      const Quad ru = float(u), rd = float(d);
      for (std::size_t i = 0; i < n; ++i) {
        fwd.Check<S>(y[i].bits, ru * ref_f[i], float(gate[i]), float(u));
        bwd_gate.Check<S>(dgate[i].bits, rd * ru * ref_df[i], float(gate[i]), float(u));
        bwd_up.Check<S>(dup[i].bits, rd * ref_f[i], float(gate[i]), float(u));
      }
    }
    // The halves layout, rows of 2 * 256: the same numbers as the two inputs (the last pass's).
    const Activation rows = WithParam(act, "dim", 512);
    for (std::size_t r = 0; r < n / 256; ++r) {
      std::copy_n(up.begin() + r * 256, 256, halves.begin() + r * 512);
      std::copy_n(gate.begin() + r * 256, 256, halves.begin() + r * 512 + 256);
    }
    rows.forward(halves, y_halves);
    rows.backward(halves, dy, dx_halves);
    for (std::size_t r = 0; r < n / 256; ++r) {
      for (std::size_t c = 0; c < 256; ++c) {
        const std::size_t i = r * 256 + c;
        const auto same = [&](S a, S b) { return Same<S>(a.bits, b.bits); };
        if (!same(y_halves[i], y[i]) || !same(dx_halves[r * 512 + c], dup[i]) || !same(dx_halves[r * 512 + 256 + c], dgate[i])) {
          ++layout.count;
        }
      }
    }
    std::printf("%-40s %-4s %-8s not correctly rounded: forward %zu, dgate %zu, dup %zu; halves differ %zu\n",
                act.spec().c_str(), Name<S>(), target.c_str(), fwd.count, bwd_gate.count, bwd_up.count, layout.count);
    EXPECT_EQ(fwd.count, 0u) << act.spec() << " " << Name<S>() << " forward on " << target;
    EXPECT_EQ(bwd_gate.count, 0u) << act.spec() << " " << Name<S>() << " dgate on " << target;
    EXPECT_EQ(bwd_up.count, 0u) << act.spec() << " " << Name<S>() << " dup on " << target;
    EXPECT_EQ(layout.count, 0u) << act.spec() << " " << Name<S>() << " halves layout on " << target;
  }
}

// Softmax and log_softmax: random rows against the long double rows, forward correctly rounded
// and backward within one unit of the storage type (float64 inside, rounded once).
template <class S>
void CheckRows(const Activation& base) {
  const Definition& def = definition(base.kind());
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0, 4);
  for (std::size_t dim : {1, 7, 100, 3000}) {
    const Activation act(base.kind(), {{"dim", double(dim)}}, base.tier());
    const std::size_t n = dim * 20;
    std::vector<S> x(n), dy(n), y(n), dx(n);
    std::vector<Real> rx(n), rdy(n), ry(n), rdx(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = S(normal(rng)), dy[i] = S(normal(rng));
      rx[i] = float(x[i]), rdy[i] = float(dy[i]);
    }
    for (std::size_t i = 0; i < n; i += dim) {
      def.row_forward.ld(&rx[i], nullptr, &ry[i], dim);
      def.row_backward.ld(&rx[i], &rdy[i], &rdx[i], dim);
    }
    act.forward(x, y);
    act.backward(x, dy, dx);
    Mismatches fwd{"forward"};
    std::size_t far = 0;
    for (std::size_t i = 0; i < n; ++i) {
      fwd.Check<S>(y[i].bits, ry[i], float(x[i]));
      const std::uint16_t want = Nearest<S>(rdx[i]);
      const int apart = std::abs(int(dx[i].bits & 0x7FFF) - int(want & 0x7FFF));
      if (!Same<S>(dx[i].bits, want) && ((dx[i].bits ^ want) & 0x8000 || apart > 1)) ++far;
    }
    EXPECT_EQ(fwd.count, 0u) << act.spec() << " " << Name<S>() << " forward";
    EXPECT_EQ(far, 0u) << act.spec() << " " << Name<S>() << " backward beyond one unit";
  }
}

class StorageSweep : public ::testing::TestWithParam<std::string> {};

TEST_P(StorageSweep, CorrectlyRoundedOnEveryInput) {
  const Activation act = Activation::parse(GetParam());
  switch (act.info().layout) {
    case Layout::kElementwise:
    case Layout::kChannels:
      CheckElementwise<bfloat16>(act);
      CheckElementwise<float16>(act);
      break;
    case Layout::kGated:
      CheckGated<bfloat16>(act);
      CheckGated<float16>(act);
      break;
    case Layout::kRows:
      CheckRows<bfloat16>(act);
      CheckRows<float16>(act);
      break;
    case Layout::kGroups: {  // maxout: exact, the float32 results themselves
      const std::vector<bfloat16> x = EveryPattern<bfloat16>();
      const Activation maxout(act.kind(), {{"k", 4.0}});
      std::vector<bfloat16> y(x.size() / 4), dy(y.size(), bfloat16(2.0f)), dx(x.size());
      std::vector<float> xf(x.size()), yf(y.size()), dyf(y.size(), 2.0f), dxf(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) xf[i] = float(x[i]);
      maxout.forward(x, y);
      maxout.backward(x, dy, dx);
      maxout.forward(xf, yf);
      maxout.backward(xf, dyf, dxf);
      for (std::size_t i = 0; i < y.size(); ++i) ASSERT_TRUE(Same<bfloat16>(y[i].bits, bfloat16(yf[i]).bits)) << i;
      for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(Same<bfloat16>(dx[i].bits, bfloat16(dxf[i]).bits)) << i;
      break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, StorageSweep, ::testing::ValuesIn(catalog_specs()),
                         [](const auto& info) { return TestName(info.param); });

// The parameter gradients of 16-bit inputs: float32's sums of the same values, rounded once.
TEST(Storage, ParamGradIsTheWidenedSum) {
  for (const char* spec : {"swish(beta=1.5)", "prelu(num_parameters=3, inner=5)"}) {
    const Activation act = Activation::parse(spec);
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal(0, 2);
    const std::size_t n = 3 * 5 * 1000;
    std::vector<bfloat16> x(n), dy(n), dw(act.weights().size());
    std::vector<float> xf(n), dyf(n), dwf(dw.size());
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = bfloat16(normal(rng)), dy[i] = bfloat16(normal(rng));
      xf[i] = float(x[i]), dyf[i] = float(dy[i]);
    }
    act.param_grad(x, dy, dw);
    act.param_grad(xf, dyf, dwf);
    for (std::size_t j = 0; j < dw.size(); ++j) {
      EXPECT_LE(std::abs(int(dw[j].bits) - int(bfloat16(dwf[j]).bits)), 1) << spec << " weight " << j;
    }
  }
}

// Any size (vector tails, block edges, threads) and in place give the results of one large call.
TEST(Storage, EverySizeAndInPlaceAgree) {
  for (const char* spec : {"gelu", "swish(beta=1.5)", "squared_relu"}) {
    const Activation act = Activation::parse(spec);
    std::vector<bfloat16> xs = EveryPattern<bfloat16>(), dy(xs.size(), bfloat16(-0.3)), all(xs.size()), all_dx(xs.size());
    std::rotate(xs.begin(), xs.begin() + 0x3F00, xs.end());  // ordinary values first
    act.forward(xs, all);
    act.backward(xs, dy, all_dx);
    for (std::size_t n : {1, 3, 17, 33, 2047, 2049, 40000}) {
      std::vector<bfloat16> y(xs.begin(), xs.begin() + std::ptrdiff_t(n)), dx(dy.begin(), dy.begin() + std::ptrdiff_t(n));
      act.backward(std::span<const bfloat16>(xs.data(), n), dx, dx);
      act.forward(y, y);
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(Same<bfloat16>(y[i].bits, all[i].bits)) << spec << " n = " << n << " at " << i;
        ASSERT_TRUE(Same<bfloat16>(dx[i].bits, all_dx[i].bits)) << spec << " backward n = " << n << " at " << i;
      }
    }
  }
}

// rrelu's training slopes: each 16-bit result is the element's own slope times x, correctly rounded.
TEST(Storage, IndexedSlopesRoundOnce) {
  const Activation act = Activation::parse("rrelu(mode=train, seed=3)");
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  const std::vector<float16> x = EveryPattern<float16>();
  std::vector<float16> y(x.size()), dx(x.size()), dy(x.size(), float16(-0.3));
  act.forward(x, y);
  act.backward(x, dy, dx);
  Mismatches fwd{"forward"}, bwd{"backward"};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Real v = float(x[i]);
    fwd.Check<float16>(y[i].bits, std::isnan(v) ? Quad(v) : Quad(def.f_at(v, p.data(), i)), double(v));
    bwd.Check<float16>(dx[i].bits, std::isnan(v) ? Quad(v) : Quad(float(dy[i])) * Quad(def.df_at(v, p.data(), i)), double(v));
  }
  EXPECT_EQ(fwd.count, 0u);
  EXPECT_EQ(bwd.count, 0u);
}

// The front door's checks hold for the 16-bit types as for float32.
TEST(Storage, RefusesWhatFloat32Refuses) {
  const Activation act = Activation::parse("gelu");
  std::vector<bfloat16> x(10), y(9);
  EXPECT_THROW(act.forward(x, y), Error);
  std::vector<float16> a(10), b(10);
  EXPECT_THROW(act.backward(std::span<const float16>(a), std::span<const float16>(a.data() + 1, 9), std::span<float16>(b)), Error);
  EXPECT_THROW(act.backward_from_output(a, a, b), Error);  // gelu's f' is not a function of y
  std::vector<float16> big(20);
  EXPECT_THROW(act.forward(std::span<const float16>(big.data(), 10), std::span<float16>(big.data() + 5, 10)), Error);
}

}  // namespace
}  // namespace actlab::test
