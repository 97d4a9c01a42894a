// `actlab accuracy`: sweeps inputs in super-batches; the implementation under test computes each
// super-batch, then the references (the expensive part) run on all threads.
#include "actlab/accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "registry.h"
#include "float_bits.h"
#include "kernels/parallel.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace actlab::accuracy {
namespace {

// Reference precision: double for float32 results (within 2^-20 float32 ULP of the long double
// reference on the test sweep: Reference.DoubleIsEnoughForFloat32), quad for float64.
template <typename T>
using Ref = std::conditional_t<sizeof(T) == 4, double, Quad>;

// Floats in order as signed integers: -inf < ... < -0 < +0 < ... < +inf.
template <typename T>
std::int64_t Key(T v) {
  const Bits<T> b = ToBits(v);
  const Bits<T> sign = Bits<T>(1) << (8 * sizeof(T) - 1);
  return (b & sign) ? -std::int64_t(b & ~sign) - 1 : std::int64_t(b);
}
template <typename T>
T FromKey(std::int64_t k) {
  const Bits<T> sign = Bits<T>(1) << (8 * sizeof(T) - 1);
  return k < 0 ? FromBits<T>(Bits<T>(-(k + 1)) | sign) : FromBits<T>(Bits<T>(k));
}

// GatedUp: splitmix64 of the gate's bits gives the sign and the mantissa.
template <typename T>
T GatedUpOf(T gate) {
  std::uint64_t h = std::uint64_t(ToBits(gate)) + 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  h ^= h >> 31;
  constexpr int kBits = std::numeric_limits<T>::digits - 1;
  const T mantissa = T(1) + std::ldexp(T(h & ((std::uint64_t(1) << kBits) - 1)), -kBits);
  return (h >> 63) ? -mantissa : mantissa;
}

template <class R>
R NaN() {
  return R(0) / R(0);
}

template <typename T>
Ref<T> Call(const RefFn& fn, T v, const double* p) {
  if constexpr (sizeof(T) == 4) return fn.d(double(v), p);
  else return fn.q(Quad(v), p);
}

template <class R>
int ExponentOf(R r) {  // floor(log2 |r|) for finite nonzero r
  int e = 0;
  if constexpr (!std::is_same_v<R, Quad>) std::frexp(r, &e);
#if defined(__x86_64__) || defined(__i386__)
  else frexpq(r, &e);
#else
  else std::frexp(r, &e);
#endif
  return e - 1;
}

// |got - ref| / ulp(ref); `absolute`: / ulp(1).
template <typename T>
double UlpError(T got, Ref<T> ref, bool absolute) {
  using R = Ref<T>;
  const bool ref_nan = ref != ref, got_nan = got != got;
  if (ref_nan || got_nan) return ref_nan == got_nan ? 0 : INFINITY;
  const T rounded = T(ref);
  if (std::isinf(rounded) || std::isinf(got)) return got == rounded ? 0 : INFINITY;
  const int digits = std::numeric_limits<T>::digits;
  const int min_exp = std::numeric_limits<T>::min_exponent - 1;
  const int e = absolute ? 0 : ref == 0 ? min_exp : std::max(ExponentOf(ref), min_exp);
  R ulp;
  if constexpr (!std::is_same_v<R, Quad>) ulp = std::ldexp(R(1), e - (digits - 1));
#if defined(__x86_64__) || defined(__i386__)
  else ulp = ldexpq(Quad(1), e - (digits - 1));
#else
  else ulp = std::ldexp(Quad(1), e - (digits - 1));
#endif
  const R diff = R(got) > ref ? R(got) - ref : ref - R(got);
  return double(diff / ulp);
}

struct Stats {
  Result r;
  double sum = 0;
  std::uint64_t finite = 0;
  void Merge(const Stats& o) {
    if (o.r.max_ulp > r.max_ulp) r.max_ulp = o.r.max_ulp, r.worst_input = o.r.worst_input;
    if (!r.nonfinite_for_finite && o.r.nonfinite_for_finite) r.first_nonfinite_input = o.r.first_nonfinite_input;
    r.count += o.r.count;
    r.not_faithful += o.r.not_faithful;
    r.nan_wrong += o.r.nan_wrong;
    r.nonfinite_for_finite += o.r.nonfinite_for_finite;
    sum += o.sum;
    finite += o.finite;
  }
};


template <typename T>
std::vector<Result> MeasureT(const Activation& act, const Options& o, std::span<const Batch<T>> batches) {
  const Definition& def = definition(act.kind());
  const Layout layout = act.info().layout;
  const bool gated = layout == Layout::kGated;
  if (!(layout == Layout::kElementwise || gated || (layout == Layout::kChannels && act.weights().size() == 1))) {
    throw Error("accuracy: " + act.spec() + " is not elementwise (softmax, maxout and per-channel PReLU are "
                "measured by the test suite)");
  }
  const RefFn& fn = o.direction == Direction::kForward ? def.f : o.direction == Direction::kBackward ? def.df : def.df_from_y;
  if (o.direction == Direction::kFromOutput && !act.has_backward_from_output()) {
    throw Error("accuracy: " + act.spec() + " has no backward from the output");
  }
  if (o.exhaustive && sizeof(T) != 4) throw Error("accuracy: --exhaustive is for float32 (2^32 inputs)");
  const std::vector<double> p = ReferenceParams(act);
  if (def.indexed && def.indexed(p.data())) {
    throw Error("accuracy: " + act.spec() + " depends on each element's index in the call (measured by the test suite)");
  }
  const std::vector<double> roots = o.direction == Direction::kBackward ? DerivativeRoots(act) : std::vector<double>{};
  const int threads = o.threads > 0 ? o.threads : kernels::ThreadCount();

  // The inputs: every bit pattern, or `samples` keys evenly spaced over [lo, hi].
  const std::int64_t k_lo = Key<T>(T(std::max(o.lo, -double(std::numeric_limits<T>::infinity()))));
  const std::int64_t k_hi = Key<T>(T(std::min(o.hi, double(std::numeric_limits<T>::infinity()))));
  const std::uint64_t total = o.exhaustive ? (std::uint64_t(1) << 32) : std::max<std::uint64_t>(o.samples, 2);
  if (k_hi < k_lo) throw Error("accuracy: empty range");
  const auto input = [&](std::uint64_t i) -> T {
    if (o.exhaustive) return FromBits<T>(Bits<T>(i));
    // 128-bit: the span of float64 keys does not fit in 64 bits.
    const long double t = (long double)i / (long double)(total - 1);
    const __int128 span = __int128(k_hi) - __int128(k_lo);
    return FromKey<T>(std::int64_t(__int128(k_lo) + __int128(t * (long double)span)));
  };

  constexpr std::uint64_t kSuper = std::uint64_t(1) << 22;
  const std::size_t m = batches.size();
  std::vector<T> in, xs;
  std::vector<std::vector<T>> outs(m);
  std::vector<Stats> all(m);
  for (std::uint64_t start = 0; start < total; start += kSuper) {
    const std::uint64_t n = std::min(kSuper, total - start);
    xs.resize(n);
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) xs[std::size_t(i)] = input(start + std::uint64_t(i));
    // NaN patterns only in exhaustive mode; only inputs in [lo, hi].
    xs.erase(std::remove_if(xs.begin(), xs.end(), [&](T v) {
               return v != v ? !o.exhaustive : !(double(v) >= o.lo && double(v) <= o.hi);
             }), xs.end());
    in = xs;
    if (o.direction == Direction::kFromOutput) act.forward(std::span<const T>(xs), std::span<T>(in));
    for (std::size_t b = 0; b < m; ++b) {
      outs[b].assign(in.size(), T(0));
      batches[b](in, outs[b]);
    }

    std::vector<Stats> per_thread(static_cast<std::size_t>(threads) * m);
#pragma omp parallel for schedule(dynamic, 4096) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(in.size()); ++i) {
#ifdef _OPENMP
      Stats* stats = &per_thread[std::size_t(omp_get_thread_num()) * m];
#else
      Stats* stats = &per_thread[0];
#endif
      const T v = in[std::size_t(i)], x = xs[std::size_t(i)];
      const Ref<T> ref = v != v ? NaN<Ref<T>>() : gated ? Ref<T>(GatedUp(v)) * Call(fn, v, p.data()) : Call(fn, v, p.data());
      const bool ref_nan = ref != ref;
      const bool ref_finite = !ref_nan && std::isfinite(double(T(ref)));
      const bool near_root = NearRoot(roots, double(v));
      for (std::size_t b = 0; b < m; ++b) {
        Stats& s = stats[b];
        const T got = outs[b][std::size_t(i)];
        ++s.r.count;
        if (ref_nan != (got != got)) {  // counted on its own, kept out of the ULP figures
          ++s.r.nan_wrong;
          continue;
        }
        if (std::isfinite(double(x)) && ref_finite && !std::isfinite(got)) {
          if (!s.r.nonfinite_for_finite) s.r.first_nonfinite_input = double(x);
          ++s.r.nonfinite_for_finite;
        }
        const double err = UlpError<T>(got, ref, near_root);
        if (err >= 1) ++s.r.not_faithful;
        if (err > s.r.max_ulp) s.r.max_ulp = err, s.r.worst_input = double(v);
        if (ref_finite && std::isfinite(err)) s.sum += err, ++s.finite;
      }
    }
    for (std::size_t t = 0; t < static_cast<std::size_t>(threads); ++t) {
      for (std::size_t b = 0; b < m; ++b) all[b].Merge(per_thread[t * m + b]);
    }
    if (o.progress) o.progress(double(start + n) / double(total));
  }
  std::vector<Result> results;
  for (Stats& s : all) {
    s.r.mean_ulp = s.finite ? s.sum / double(s.finite) : 0;
    results.push_back(s.r);
  }
  return results;
}

}  // namespace

std::vector<double> DerivativeRoots(const Activation& act) {
  const Definition& def = definition(act.kind());
  std::vector<double> roots;
  if (!def.df || def.df_relative_at_roots) return roots;
  const std::vector<double> pv = ReferenceParams(act);
  const double* p = pv.data();
  // The grid: steps of 1/64 on [-30, 30], then 2% steps out to 1e300 on both sides (the root of
  // swish' sits at -1.28 / beta).
  std::vector<Real> far;
  for (Real x = 30 * 1.02L; x < 1e300L; x *= 1.02L) far.push_back(x);
  std::vector<Real> grid;
  for (auto it = far.rbegin(); it != far.rend(); ++it) grid.push_back(-*it);
  for (Real x = -30; x <= 30; x += 1.0L / 64) grid.push_back(x);
  grid.insert(grid.end(), far.begin(), far.end());
  // prev: the last grid point where f' was not exactly 0; last: the grid point before x. An
  // exact zero is a root too, once where f' reaches it (not at every point of a flat zero run,
  // which would make the search of every measured input long).
  Real prev_x = grid[0], prev = def.df(prev_x, p), last = prev;
  for (const Real x : std::span(grid).subspan(1)) {
    const Real v = def.df(x, p);
    if (v == 0 && last != 0) {
      roots.push_back(double(x));
    } else if ((prev < 0 && v > 0) || (prev > 0 && v < 0)) {
      Real lo = prev_x, hi = x;
      for (int i = 0; i < 80; ++i) {
        const Real mid = (lo + hi) / 2;
        ((def.df(mid, p) < 0) == (prev < 0) ? lo : hi) = mid;
      }
      roots.push_back(double(lo));
    }
    if (v != 0) prev_x = x, prev = v;
    last = v;
  }
  return roots;
}

bool NearRoot(std::span<const double> roots, double x) {
  return std::any_of(roots.begin(), roots.end(), [x](double r) { return std::fabs(x - r) < NearRootRadius(r); });
}

std::vector<Result> Measure(const Activation& act, const Options& options, std::span<const Batch<float>> batches) {
  return MeasureT<float>(act, options, batches);
}
std::vector<Result> Measure(const Activation& act, const Options& options, std::span<const Batch<double>> batches) {
  return MeasureT<double>(act, options, batches);
}

float GatedUp(float gate) { return GatedUpOf(gate); }
double GatedUp(double gate) { return GatedUpOf(gate); }

template <typename T>
static Batch<T> ActlabBatch(const Activation& act, Direction d) {
  return [act, d, ones = std::vector<T>(), ups = std::vector<T>(), dup = std::vector<T>()](
             std::span<const T> in, std::span<T> out) mutable {
    if (act.info().layout == Layout::kGated) {
      ups.resize(in.size());
      std::transform(in.begin(), in.end(), ups.begin(), [](T g) { return GatedUp(g); });
      if (d == Direction::kForward) return act.gated_forward(in, ups, out);
      ones.assign(in.size(), T(1));
      dup.resize(in.size());
      return act.gated_backward(in, ups, ones, out, dup);
    }
    if (d == Direction::kForward) return act.forward(in, out);
    ones.assign(in.size(), T(1));
    if (d == Direction::kBackward) act.backward(in, ones, out);
    else act.backward_from_output(in, ones, out);
  };
}
Batch<float> ActlabBatchF32(const Activation& act, Direction d) { return ActlabBatch<float>(act, d); }
Batch<double> ActlabBatchF64(const Activation& act, Direction d) { return ActlabBatch<double>(act, d); }

}  // namespace actlab::accuracy
