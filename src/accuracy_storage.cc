// accuracy::MeasureStorage: the 16-bit types over all of their inputs (65,536, so one pass).
#include <cmath>
#include <vector>

#include "actlab/accuracy.h"
#include "registry.h"

namespace actlab::accuracy {
namespace {

// |got - ref| in units of S's spacing at ref (its subnormal spacing below the normals); a
// reference beyond S's range must give inf.
template <class S>
double StorageUlpError(S got_s, Real ref) {
  constexpr bool bf = std::is_same_v<S, bfloat16>;
  constexpr int digits = bf ? 8 : 11, min_exp = bf ? -126 : -14;
  const float got = float(got_s);
  const S rounded{static_cast<double>(ref)};  // inf exactly where the reference rounds beyond the range
  if (std::isinf(float(rounded)) || std::isinf(got)) return float(rounded) == got ? 0 : INFINITY;
  const int e = ref == 0 ? min_exp : std::max(int(std::ilogb(ref)), min_exp);
  return double(std::fabs(Real(got) - ref) / std::ldexp(Real(1), e - (digits - 1)));
}

template <class S>
Result Measure(const Activation& act, Direction d) {
  const Definition& def = definition(act.kind());
  const Layout layout = act.info().layout;
  const bool gated = layout == Layout::kGated;
  if (layout != Layout::kElementwise && layout != Layout::kChannels && !gated) {
    throw Error("accuracy: " + act.spec() + " is not elementwise (softmax, maxout: the test suite measures them)");
  }
  if (d == Direction::kFromOutput && (gated || !act.has_backward_from_output())) {
    throw Error("accuracy: " + act.spec() + " has no backward from the output");
  }
  const std::vector<double> p = ReferenceParams(act);
  const std::size_t n = 1 << 16;
  std::vector<S> x(n), up(n), in(n), out(n), spare(n);
  const std::vector<S> ones(n, S(1.0f));
  for (std::size_t h = 0; h < n; ++h) {
    x[h] = S::from_bits(std::uint16_t(h));
    up[h] = S(GatedUp(float(x[h])));
  }
  in = x;
  if (gated) {
    if (d == Direction::kForward) act.gated_forward(x, up, out);
    else act.gated_backward(x, up, ones, out, spare);
  } else if (d == Direction::kForward) {
    act.forward(x, out);
  } else if (d == Direction::kBackward) {
    act.backward(x, ones, out);
  } else {
    act.forward(x, in);
    act.backward_from_output(in, ones, out);
  }
  const RefFn& fn = d == Direction::kForward ? def.f : d == Direction::kBackward ? def.df : def.df_from_y;
  // One call over all inputs: element i's index in it is i (rrelu's training slopes).
  const auto at = d == Direction::kForward ? def.f_at : d == Direction::kBackward ? def.df_at : def.df_from_y_at;
  Result r;
  double sum = 0;
  std::uint64_t finite = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = float(in[i]), got = float(out[i]);
    const Real ref = std::isnan(v) ? Real(NAN) : (gated ? Real(float(up[i])) : Real(1)) * (at ? at(v, p.data(), i) : fn(v, p.data()));
    ++r.count;
    if (std::isnan(ref) != std::isnan(got)) {
      ++r.nan_wrong;
      continue;
    }
    const bool ref_finite = !std::isnan(ref) && std::isfinite(float(S(double(ref))));
    if (std::isfinite(float(x[i])) && ref_finite && !std::isfinite(got)) {
      if (!r.nonfinite_for_finite) r.first_nonfinite_input = float(x[i]);
      ++r.nonfinite_for_finite;
    }
    const double err = std::isnan(ref) ? 0 : StorageUlpError<S>(out[i], ref);
    if (err >= 1) ++r.not_faithful;
    if (err > r.max_ulp) r.max_ulp = err, r.worst_input = v;
    if (ref_finite && std::isfinite(err)) sum += err, ++finite;
  }
  r.mean_ulp = finite ? sum / double(finite) : 0;
  return r;
}

}  // namespace

Result MeasureStorage(const Activation& act, Direction direction, Storage storage) {
  return storage == Storage::kBFloat16 ? Measure<bfloat16>(act, direction) : Measure<float16>(act, direction);
}

}  // namespace actlab::accuracy
