// Every activation in the registry, both types, every compiled CPU target, every direction:
// the largest error in ULP against the long double reference stays within the bound that the
// activation's file declares. A new activation is covered by adding it to list.inc.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "util.h"

namespace actlab::test {
namespace {

struct Worst {
  double ulp = 0;
  double x = 0;
  void Add(double e, double at) {
    if (e > ulp || std::isnan(e)) ulp = e, x = at;
  }
};

// A declared bound of 0 ULP means correctly rounded: within half a unit.
template <typename T>
double DeclaredBound(const Activation& act, bool backward = false) {
  return std::max(0.5, double(sizeof(T) == 4 ? act.ulp_bound_f32(backward) : act.ulp_bound_f64(backward)));
}

// Restores the best target even when an assertion returns early.
struct TargetScope {
  ~TargetScope() { force_target(""); }
};

template <typename T>
void CheckElementwise(const Activation& act) {
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  const std::vector<T> xs = SweepInputs<T>(def);
  const std::size_t n = xs.size();
  std::vector<Real> ref_f(n), ref_df(n);
  for (std::size_t i = 0; i < n; ++i) {
    // The rule for every activation: NaN in, NaN out (the references need not know it).
    ref_f[i] = std::isnan(xs[i]) ? NAN : def.f(xs[i], p.data());
    ref_df[i] = std::isnan(xs[i]) ? NAN : def.df(xs[i], p.data());
  }
  // Near a root of f', f' = A + B cancels: measure its error in ULPs of 1 there.
  const std::vector<double> roots = accuracy::DerivativeRoots(act);
  const auto near_root = [&](T x) { return accuracy::NearRoot(roots, double(x)); };
  const double bound = DeclaredBound<T>(act), backward_bound = DeclaredBound<T>(act, true);
  const std::vector<T> ones(n, T(1));
  std::vector<T> y(n), dx(n), dx_y(n);
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    act.forward(xs, y);
    act.backward(xs, ones, dx);
    Worst fwd, bwd, from_y;
    for (std::size_t i = 0; i < n; ++i) {
      fwd.Add(UlpError(y[i], ref_f[i]), xs[i]);
      bwd.Add(near_root(xs[i]) ? AbsoluteUlpError(dx[i], ref_df[i]) : UlpError(dx[i], ref_df[i]), xs[i]);
    }
    if (act.has_backward_from_output()) {
      act.backward_from_output(y, ones, dx_y);
      for (std::size_t i = 0; i < n; ++i) from_y.Add(UlpError(dx_y[i], std::isnan(y[i]) ? Real(NAN) : def.df_from_y(y[i], p.data())), y[i]);
    }
    std::printf("%-40s %s %-8s forward %6.3g ulp (x=%-14.9g) backward %6.3g ulp (x=%-14.9g) from_y %6.3g ulp\n",
                act.spec().c_str(), sizeof(T) == 4 ? "f32" : "f64", target.c_str(), fwd.ulp, fwd.x,
                bwd.ulp, bwd.x, from_y.ulp);
    EXPECT_LE(fwd.ulp, bound) << act.spec() << " forward on " << target << " at x = " << fwd.x;
    EXPECT_LE(bwd.ulp, backward_bound) << act.spec() << " backward on " << target << " at x = " << bwd.x;
    EXPECT_LE(from_y.ulp, backward_bound) << act.spec() << " backward_from_output on " << target << " at y = " << from_y.x;
  }
}

// Softmax and log_softmax: random rows of several lengths against the long double rows.
template <typename T>
void CheckRows(const Activation& base) {
  const Definition& def = definition(base.kind());
  std::mt19937_64 rng(7);
  const double bound = DeclaredBound<T>(base);
  std::map<std::string, Worst> worst;  // forward, per target
  TargetScope restore;
  // Rows from tight (sigma 0.001: every entry near the maximum) to spread out (sigma 300: most
  // results near underflow).
  for (double sigma : {0.001, 1.0, 6.0, 30.0, 300.0})
  for (std::size_t dim : {1, 3, 17, 64, 1000}) {
    std::normal_distribution<double> normal(0, sigma);
    const Activation act(base.kind(), {{"dim", double(dim)}}, base.tier());
    const std::size_t n = dim * (dim == 1000 ? 10 : 50);
    std::vector<T> x(n), dy(n), y(n), dx(n), dx_y(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = T(normal(rng)), dy[i] = T(normal(rng));
    std::vector<Real> rx(x.begin(), x.end()), rdy(dy.begin(), dy.end()), ry(n), rdx(n);
    for (std::size_t i = 0; i < n; i += dim) {
      def.row_forward.ld(&rx[i], nullptr, &ry[i], dim);
      def.row_backward.ld(&rx[i], &rdy[i], &rdx[i], dim);
    }
    for (const std::string& target : compiled_targets()) {
      force_target(target);
      act.forward(x, y);
      act.backward(x, dy, dx);
      act.backward_from_output(y, dy, dx_y);
      Worst fwd;
      double bwd = 0, from_y = 0, scale = 1;
      for (std::size_t i = 0; i < n; ++i) {
        fwd.Add(UlpError(y[i], ry[i]), x[i]);
        worst[target].Add(UlpError(y[i], ry[i]), x[i]);
        // dx sums terms of both signs: bound its error relative to the row's terms, sum |dy|.
        if (i % dim == 0) {
          scale = 1;
          for (std::size_t j = i; j < i + dim; ++j) scale += std::fabs(double(dy[j]));
        }
        bwd = std::max(bwd, double(std::fabs(Real(dx[i]) - rdx[i])) / scale);
        from_y = std::max(from_y, double(std::fabs(Real(dx_y[i]) - rdx[i])) / scale);
      }
      const double eps = std::numeric_limits<T>::epsilon();
      EXPECT_LE(fwd.ulp, bound) << act.spec() << " forward on " << target << " at x = " << fwd.x;
      EXPECT_LE(bwd, 4 * eps * double(dim)) << act.spec() << " backward on " << target;
      EXPECT_LE(from_y, 4 * eps * double(dim)) << act.spec() << " backward_from_output on " << target;
    }
  }
  for (const auto& [target, w] : worst) {
    std::printf("%-12s %s %-8s forward %6.3g ulp (x=%-14.9g) over rows of 1 to 1000, sigma 0.001 to 300\n",
                base.info().name.data(), sizeof(T) == 4 ? "f32" : "f64", target.c_str(), w.ulp, w.x);
  }
}

// Maxout: exact against the definition, ties to the lowest index, NaN wins.
template <typename T>
void CheckGroups(const Activation& act) {
  const std::size_t k = std::size_t(act.param("k"));
  std::vector<T> x = {1, 3, 3, 1, -2, -2, T(NAN), 1, 5, T(NAN), -1, 0, 4, 4, 4, 4};
  x.resize(x.size() / k * k);
  std::vector<T> y(x.size() / k), dy(y.size()), dx(x.size());
  for (std::size_t i = 0; i < dy.size(); ++i) dy[i] = T(i + 1);
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    act.forward(x, y);
    act.backward(x, dy, dx);
    for (std::size_t o = 0; o < y.size(); ++o) {
      std::size_t w = o * k;
      for (std::size_t j = o * k + 1; j < o * k + k && !std::isnan(x[w]); ++j) {
        if (std::isnan(x[j]) || x[j] > x[w]) w = j;
      }
      EXPECT_TRUE(std::isnan(x[w]) ? std::isnan(y[o]) : y[o] == x[w]) << "group " << o;
      for (std::size_t j = o * k; j < o * k + k; ++j) {
        if (j != w) EXPECT_EQ(dx[j], T(0)) << "group " << o << " piece " << j;
        else if (std::isnan(x[w])) EXPECT_TRUE(std::isnan(dx[j]));
        else EXPECT_EQ(dx[j], dy[o]);
      }
    }
  }
}

// The GLU family: y = up * f(gate), dgate = dy * up * f'(gate) and dup = dy * f(gate) against
// long double products of the gate's references, every gate of the sweep paired with an up and
// a dy of random sign, mantissa and scale (2^-8 to 2^8).
template <typename T>
void CheckGated(const Activation& act) {
  const Definition& def = definition(act.kind());
  const std::vector<double> p = ReferenceParams(act);
  const std::vector<T> gate = SweepInputs<T>(def);
  const std::size_t n = gate.size();
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> mantissa(1, 2);
  std::uniform_int_distribution<int> scale(-8, 8);
  const auto random = [&] { return T(std::ldexp(mantissa(rng), scale(rng)) * (rng() % 2 ? 1 : -1)); };
  std::vector<T> up(n), dy(n);
  std::vector<Real> ref_y(n), ref_dgate(n), ref_dup(n);
  // float64 only: where f(gate) or f'(gate) is subnormal, its own rounding (up to one subnormal
  // ULP, 2^-1074) is multiplied by up and dy before the product rounds, and is allowed for.
  std::vector<Real> slack_f(n), slack_df(n);
  const Real subnormal_ulp = std::numeric_limits<T>::denorm_min();
  const auto slack = [&](Real v) { return sizeof(T) == 8 && std::fabs(v) < std::numeric_limits<T>::min() ? subnormal_ulp : Real(0); };
  for (std::size_t i = 0; i < n; ++i) {
    up[i] = random(), dy[i] = random();
    const Real f = std::isnan(gate[i]) ? NAN : def.f(gate[i], p.data());
    const Real df = std::isnan(gate[i]) ? NAN : def.df(gate[i], p.data());
    ref_y[i] = Real(up[i]) * f;
    ref_dgate[i] = Real(dy[i]) * Real(up[i]) * df;
    ref_dup[i] = Real(dy[i]) * f;
    slack_f[i] = slack(f), slack_df[i] = slack(df);
  }
  // The ULP error beyond `allowed` (an absolute amount).
  const auto error = [](T got, Real ref, Real allowed) {
    if (allowed == 0 || !std::isfinite(got) || !std::isfinite(ref)) return UlpError(got, ref);
    const Real diff = std::fabs(Real(got) - ref), beyond = std::max(Real(0), diff - allowed);
    return diff == 0 ? 0.0 : UlpError(got, ref) * double(beyond / diff);
  };
  // Near a root of f', dgate in ULPs of |dy up| (f' there is a difference of O(1) terms).
  const std::vector<double> roots = accuracy::DerivativeRoots(act);
  const double bound = DeclaredBound<T>(act), backward_bound = DeclaredBound<T>(act, true);
  std::vector<T> y(n), dgate(n), dup(n);
  TargetScope restore;
  for (const std::string& target : compiled_targets()) {
    force_target(target);
    act.gated_forward(gate, up, y);
    act.gated_backward(gate, up, dy, dgate, dup);
    Worst fwd, bwd_gate, bwd_up;
    for (std::size_t i = 0; i < n; ++i) {
      const Real u = std::fabs(Real(up[i])), d = std::fabs(Real(dy[i]));
      fwd.Add(error(y[i], ref_y[i], u * slack_f[i]), gate[i]);
      const double dgate_err = accuracy::NearRoot(roots, double(gate[i]))
                                   ? AbsoluteUlpError(dgate[i], ref_dgate[i]) / double(d * u)
                                   : error(dgate[i], ref_dgate[i], d * u * slack_df[i]);
      bwd_gate.Add(dgate_err, gate[i]);
      bwd_up.Add(error(dup[i], ref_dup[i], d * slack_f[i]), gate[i]);
    }
    std::printf("%-40s %s %-8s forward %6.3g ulp (gate=%-14.9g) dgate %6.3g ulp (gate=%-14.9g) dup %6.3g ulp\n",
                act.spec().c_str(), sizeof(T) == 4 ? "f32" : "f64", target.c_str(), fwd.ulp, fwd.x,
                bwd_gate.ulp, bwd_gate.x, bwd_up.ulp);
    EXPECT_LE(fwd.ulp, bound) << act.spec() << " forward on " << target << " at gate = " << fwd.x;
    EXPECT_LE(bwd_gate.ulp, backward_bound) << act.spec() << " dgate on " << target << " at gate = " << bwd_gate.x;
    EXPECT_LE(bwd_up.ulp, backward_bound) << act.spec() << " dup on " << target << " at gate = " << bwd_up.x;
  }
}

class Sweep : public ::testing::TestWithParam<std::string> {};

TEST_P(Sweep, WithinDeclaredUlpOnEveryTarget) {
  const Activation act = Activation::parse(GetParam());
  switch (act.info().layout) {
    case Layout::kElementwise:
    case Layout::kChannels:
      CheckElementwise<float>(act);
      CheckElementwise<double>(act);
      break;
    case Layout::kRows:
      CheckRows<float>(act);
      CheckRows<double>(act);
      break;
    case Layout::kGated:
      CheckGated<float>(act);
      CheckGated<double>(act);
      break;
    case Layout::kGroups:
      for (int k : {1, 2, 3, 4}) {
        CheckGroups<float>(Activation(act.kind(), {{"k", double(k)}}));
        CheckGroups<double>(Activation(act.kind(), {{"k", double(k)}}));
      }
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, Sweep, ::testing::ValuesIn(catalog_specs()),
                         [](const auto& info) { return TestName(info.param); });

// Parameter gradients (Swish beta, PReLU slopes) against a long double sum of the reference.
TEST(ParamGrad, MatchesReferenceSum) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0, 3);
  for (const char* spec : {"swish", "swish(beta=0.6)", "prelu", "prelu(init=-0.3)"}) {
    const Activation act = Activation::parse(spec);
    const Definition& def = definition(act.kind());
    const std::vector<double> p = ReferenceParams(act);
    for (std::size_t n : {0, 1, 7, 1000, 4099}) {
      std::vector<double> x(n), dy(n);
      for (std::size_t i = 0; i < n; ++i) x[i] = normal(rng), dy[i] = normal(rng);
      Real expected = 0, magnitude = 0;
      for (std::size_t i = 0; i < n; ++i) {
        expected += dy[i] * def.dparam(x[i], p.data());
        magnitude += std::fabs(dy[i] * def.dparam(x[i], p.data()));
      }
      std::vector<double> dw(1);
      act.param_grad(x, dy, dw);
      EXPECT_NEAR(dw[0], double(expected), 1e-13 * double(magnitude) + 1e-300) << spec << " n=" << n;
      const std::vector<float> xf(x.begin(), x.end()), dyf(dy.begin(), dy.end());
      std::vector<float> dwf(1);
      act.param_grad(xf, dyf, dwf);
      Real expected_f = 0;
      for (std::size_t i = 0; i < n; ++i) expected_f += Real(dyf[i]) * def.dparam(xf[i], p.data());
      EXPECT_NEAR(dwf[0], double(expected_f), 1e-6 * double(magnitude) + 1e-30) << spec << " n=" << n;
    }
  }
}

}  // namespace
}  // namespace actlab::test
