// The front door: parameters, argument checks, then one kernel call per array.
// Every check happens before anything is written, so a refused call leaves all outputs as they
// were.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "registry.h"
#include "actlab/actlab.h"
#include "kernels/parallel.h"
#include "kernels/table.h"
#include "narrow_calls.h"

namespace actlab {
namespace {

[[noreturn]] void Fail(Kind kind, std::string_view where, const std::string& what) {
  throw Error(std::string(info(kind).name) + (where.empty() ? "" : ".") + std::string(where) +
              ": " + what);
}

std::string Number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string CheckParam(const ParamInfo& p, double v) {
  const std::string name(p.name);
  if (!std::isfinite(v)) return name + " must be a finite number, got " + Number(v);
  if (!p.choices.empty()) {
    if (v != std::floor(v) || v < 0 || v >= double(p.choices.size())) {
      std::string names;
      for (auto c : p.choices) names += (names.empty() ? "" : ", ") + std::string(c);
      return name + " must be one of " + names;
    }
    return {};
  }
  if (p.integer && v != std::floor(v)) return name + " must be a whole number, got " + Number(v);
  const bool low = p.min_inclusive ? v >= p.min : v > p.min;
  const bool high = p.max_inclusive ? v <= p.max : v < p.max;
  if (!low || !high) {
    std::string range = std::string(p.min_inclusive ? "[" : "(") + Number(p.min) + ", " +
                        Number(p.max) + (p.max_inclusive ? "]" : ")");
    return name + " must be in " + range + ", got " + Number(v);
  }
  return {};
}

template <typename T>
bool Overlaps(std::span<const T> a, std::span<const T> b) {
  if (a.empty() || b.empty()) return false;
  const auto a0 = reinterpret_cast<std::uintptr_t>(a.data()), b0 = reinterpret_cast<std::uintptr_t>(b.data());
  return a0 < b0 + b.size_bytes() && b0 < a0 + a.size_bytes();
}
template <typename T>
bool SameBuffer(std::span<const T> a, std::span<const T> b) {
  return a.data() == b.data() && a.size() == b.size();
}

}  // namespace

Activation::Activation(Kind kind, std::span<const Value> values, Tier tier)
    : kind_(kind), tier_(tier), info_(&actlab::info(kind)) {
  if (tier != Tier::kExact && tier != Tier::kFast) Fail(kind, "", "unknown tier " + std::to_string(int(tier)));
  const auto& params = info().params;
  params_.assign(kernels::kMaxParams, 0.0);
  for (std::size_t i = 0; i < params.size(); ++i) params_[i] = params[i].default_value;
  for (const Value& given : values) {
    const std::string_view name = given.first;
    const auto it = std::find_if(params.begin(), params.end(), [name](const ParamInfo& p) { return p.name == name; });
    if (it == params.end()) {
      std::string known;
      for (const auto& p : params) known += (known.empty() ? "" : ", ") + std::string(p.name);
      Fail(kind, "", "unknown parameter '" + std::string(name) + "' (parameters: " +
                         (known.empty() ? "none" : known) + ")");
    }
    params_[it - params.begin()] = given.second;
  }
  check_params();
  if (info().layout == Layout::kChannels) weights_.assign(std::size_t(params_[1]), params_[0]);
}

void Activation::check_params() const {
  const auto& params = info().params;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (auto what = CheckParam(params[i], params_[i]); !what.empty()) Fail(kind_, "", what);
  }
  if (auto check = definition(kind_).check) {
    if (const char* what = check(params_.data())) Fail(kind_, "", what);
  }
  if (info().layout == Layout::kGated && std::fmod(param("dim"), 2) != 0) {
    Fail(kind_, "", "dim must be even (rows split in halves), got " + Number(param("dim")));
  }
}

double Activation::param(std::string_view name) const {
  const auto& params = info().params;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == name) return params_[i];
  }
  Fail(kind_, "param", "no parameter named '" + std::string(name) + "'");
}

std::string Activation::spec() const {
  std::string args;
  const auto& params = info().params;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) args += ", ";
    args += std::string(params[i].name) + "=";
    args += params[i].choices.empty() ? Number(params_[i]) : std::string(params[i].choices[std::size_t(params_[i])]);
  }
  if (tier_ == Tier::kFast) args += args.empty() ? "tier=fast" : ", tier=fast";
  return std::string(info().name) + (args.empty() ? "" : "(" + args + ")");
}

int Activation::ulp_bound_f32(bool backward) const {
  const Info& i = info();
  const auto pick = [backward](int forward, int back) { return backward && back >= 0 ? back : forward; };
  if (tier_ == Tier::kFast && i.ulp_f32_fast >= 0) return pick(i.ulp_f32_fast, i.ulp_f32_fast_backward);
  return pick(i.ulp_f32, i.ulp_f32_backward);
}

int Activation::ulp_bound_f64(bool backward) const {
  return backward && info().ulp_f64_backward >= 0 ? info().ulp_f64_backward : info().ulp_f64;
}

bool Activation::has_backward_from_output() const {
  const Definition& def = definition(kind_);
  if (info().layout == Layout::kRows) return true;
  if (!def.df_from_y) return false;
  if (info().layout == Layout::kChannels) {
    return std::all_of(weights_.begin(), weights_.end(), [](double a) { return a > 0; });
  }
  return !def.from_output_valid || def.from_output_valid(params_.data());
}

std::size_t Activation::layout_unit(std::size_t n) const {
  switch (info().layout) {
    case Layout::kGroups: return std::size_t(params_[0]);
    case Layout::kRows: return params_[0] == 0 ? std::max<std::size_t>(n, 1) : std::size_t(params_[0]);
    case Layout::kGated: {
      const auto dim = std::size_t(param("dim"));
      return dim == 0 ? std::max<std::size_t>(n, 1) : dim;
    }
    default: return 1;
  }
}

std::size_t Activation::output_size(std::size_t input_size) const {
  switch (info().layout) {
    case Layout::kGroups: return input_size / std::size_t(params_[0]);
    case Layout::kGated: return input_size / 2;
    default: return input_size;
  }
}

std::span<const double> Activation::weights() const {
  if (info().layout == Layout::kChannels) return weights_;
  if (!info().learnable.empty()) return {params_.data(), 1};
  return {};
}

void Activation::set_weights(std::span<const double> values) {
  const auto current = weights();
  if (values.size() != current.size()) {
    Fail(kind_, "set_weights", "got " + std::to_string(values.size()) + " values, expected " +
                                   std::to_string(current.size()));
  }
  for (double v : values) {
    if (!std::isfinite(v)) Fail(kind_, "set_weights", "weights must be finite, got " + Number(v));
  }
  if (info().layout == Layout::kChannels) {
    weights_.assign(values.begin(), values.end());
  } else if (!values.empty()) {
    if (auto what = CheckParam(info().params[0], values[0]); !what.empty()) Fail(kind_, "set_weights", what);
    params_[0] = values[0];
  }
}

// Shape checks shared by every call: the input size fits the layout.
namespace {
kernels::Args ShapeArgs(const Activation& act, const std::vector<double>& params,
                        std::span<const double> weights, std::size_t n, std::string_view where) {
  kernels::Args args{.params = params.data(), .weights = weights};
  const auto size = [n] { return std::to_string(n); };  // for the messages only
  switch (act.info().layout) {
    case Layout::kElementwise:
      break;
    case Layout::kChannels: {
      args.channels = weights.size();
      args.inner = args.channels == 1 ? std::max<std::size_t>(n, 1) : std::size_t(params[2]);
      const std::size_t block = args.channels * args.inner;
      if (n % block != 0) {
        Fail(act.kind(), where, "input of " + size() + " elements does not split into (outer, " +
                                    std::to_string(args.channels) + " channels, " +
                                    std::to_string(args.inner) + " inner)");
      }
      break;
    }
    case Layout::kGroups:
      args.group = std::size_t(params[0]);
      if (n % args.group != 0) {
        Fail(act.kind(), where, "input of " + size() + " elements is not a multiple of k = " +
                                    std::to_string(args.group));
      }
      break;
    case Layout::kRows:
      args.dim = std::size_t(params[0]);
      if (args.dim != 0 && n % args.dim != 0) {
        Fail(act.kind(), where, "input of " + size() + " elements is not a whole number of rows of dim = " +
                                    std::to_string(args.dim));
      }
      break;
    case Layout::kGated: {
      const auto dim = std::size_t(act.param("dim"));  // even: check_params
      if (dim == 0 ? n % 2 != 0 : n % dim != 0) {
        Fail(act.kind(), where, "input of " + size() + " elements is not a whole number of rows of dim = " +
                                    (dim == 0 ? "the whole input, split in halves" : std::to_string(dim)));
      }
      args.dim = (dim == 0 ? n : dim) / 2;
      break;
    }
  }
  return args;
}

template <typename T>
void CheckSize(Kind kind, std::string_view where, std::string_view name, std::size_t got,
               std::size_t expected, std::string_view of) {
  if (got != expected) {
    Fail(kind, where, std::string(name) + " has " + std::to_string(got) + " elements, expected " +
                          std::to_string(expected) + " (" + std::string(of) + ")");
  }
}

// out may be the very buffer of one of `may_alias`, and must not overlap any input otherwise.
template <typename T>
void CheckAliasing(Kind kind, std::string_view where, std::string_view out_name, std::span<const T> out,
                   std::initializer_list<std::pair<std::span<const T>, bool>> inputs) {
  for (const auto& [in, may_alias] : inputs) {
    if (Overlaps(out, in) && !(may_alias && SameBuffer(out, in))) {
      Fail(kind, where, std::string(out_name) +
                            (may_alias ? " overlaps an input without being the very same buffer"
                                       : " must not overlap this input"));
    }
  }
}
}  // namespace

template <typename T>
void Activation::forward_impl(std::span<const T> x, std::span<T> y) const {
  const kernels::Args args = ShapeArgs(*this, params_, weights_, x.size(), "forward");
  CheckSize<T>(kind_, "forward", "y", y.size(), output_size(x.size()), "the output size for x");
  const bool elementwise = info().layout != Layout::kGroups && info().layout != Layout::kGated;
  CheckAliasing<T>(kind_, "forward", "y", y, {{x, elementwise}});
  if constexpr (narrow::kIsNarrow<T>) {
    return narrow::Forward(*this, args, layout_unit(x.size()), x, y);
  } else {
    const kernels::Table<T>& table = kernels::active().get<T>(kind_, tier_);
    const auto run = table.forward;
    const std::size_t unit = layout_unit(x.size());
    kernels::ForEachChunk(x.size(), unit, table.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
      kernels::Args chunk = args;
      chunk.first = b;
      run(x.data() + b, y.data() + output_size(b), e - b, chunk);
    });
  }
}

template <typename T>
void Activation::backward_impl(std::span<const T> x, std::span<const T> dy, std::span<T> dx) const {
  const kernels::Args args = ShapeArgs(*this, params_, weights_, x.size(), "backward");
  CheckSize<T>(kind_, "backward", "dy", dy.size(), output_size(x.size()), "the output size for x");
  CheckSize<T>(kind_, "backward", "dx", dx.size(), x.size(), "the size of x");
  const Layout layout = info().layout;
  // kGated: dx[i] and dx[i + dim/2] come from x[i] and x[i + dim/2] alone, read first.
  const bool pointwise = layout == Layout::kElementwise || layout == Layout::kChannels || layout == Layout::kGated;
  const bool dy_sized = layout != Layout::kGroups && layout != Layout::kGated;
  CheckAliasing<T>(kind_, "backward", "dx", dx, {{x, pointwise}, {dy, dy_sized}});
  if constexpr (narrow::kIsNarrow<T>) {
    return narrow::Backward(*this, args, layout_unit(x.size()), x, dy, dx);
  } else {
    const kernels::Table<T>& table = kernels::active().get<T>(kind_, tier_);
    const auto run = table.backward;
    const std::size_t unit = layout_unit(x.size());
    kernels::ForEachChunk(x.size(), unit, table.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
      kernels::Args chunk = args;
      chunk.first = b;
      run(x.data() + b, dy.data() + output_size(b), dx.data() + b, e - b, chunk);
    });
  }
}

template <typename T>
void Activation::from_output_impl(std::span<const T> y, std::span<const T> dy, std::span<T> dx) const {
  if (!has_backward_from_output()) {
    Fail(kind_, "backward_from_output",
         definition(kind_).df_from_y
             ? "f' is not a function of y for these parameters (" + spec() + "); use backward from x"
             : "f' is not a function of y; use backward from x");
  }
  const kernels::Args args = ShapeArgs(*this, params_, weights_, y.size(), "backward_from_output");
  CheckSize<T>(kind_, "backward_from_output", "dy", dy.size(), y.size(), "the size of y");
  CheckSize<T>(kind_, "backward_from_output", "dx", dx.size(), y.size(), "the size of y");
  CheckAliasing<T>(kind_, "backward_from_output", "dx", dx, {{y, true}, {dy, true}});
  if constexpr (narrow::kIsNarrow<T>) {
    return narrow::FromOutput(*this, args, layout_unit(y.size()), y, dy, dx);
  } else {
    const kernels::Table<T>& table = kernels::active().get<T>(kind_, tier_);
    const auto run = table.from_output;
    const std::size_t unit = layout_unit(y.size());
    kernels::ForEachChunk(y.size(), unit, table.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
      kernels::Args chunk = args;
      chunk.first = b;
      run(y.data() + b, dy.data() + b, dx.data() + b, e - b, chunk);
    });
  }
}

template <typename T>
void Activation::param_grad_impl(std::span<const T> x, std::span<const T> dy, std::span<T> dw) const {
  if (info().learnable.empty()) Fail(kind_, "param_grad", "has no learnable parameters");
  const kernels::Args args = ShapeArgs(*this, params_, weights_, x.size(), "param_grad");
  CheckSize<T>(kind_, "param_grad", "dy", dy.size(), x.size(), "the size of x");
  CheckSize<T>(kind_, "param_grad", "dw", dw.size(), weights().size(), "one per learnable value");
  // One row of sums per chunk, added in chunk order: the same result on any number of threads.
  const std::size_t nw = dw.size();
  // 16-bit x and dy: the float32 kernel's sums over widened blocks.
  using K = std::conditional_t<narrow::kIsNarrow<T>, float, T>;
  const kernels::Table<K>& table = kernels::active().get<K>(kind_, tier_);
  std::vector<double> partial(kernels::Chunking(x.size(), 1, table.parallel_from).count * nw, 0.0);
  kernels::ForEachChunk(x.size(), 1, table.parallel_from, [&](std::size_t c, std::size_t b, std::size_t e) {
    kernels::Args chunk = args;
    chunk.first = b;
    if constexpr (narrow::kIsNarrow<T>) {
      narrow::ParamGrad(table, x.data() + b, dy.data() + b, partial.data() + c * nw, e - b, chunk);
    } else {
      table.param_grad(x.data() + b, dy.data() + b, partial.data() + c * nw, e - b, chunk);
    }
  });
  for (std::size_t j = 0; j < nw; ++j) {
    double sum = 0;
    for (std::size_t c = 0; c * nw < partial.size(); ++c) sum += partial[c * nw + j];
    dw[j] = T(sum);
  }
}

template <typename T>
void Activation::gated_forward_impl(std::span<const T> gate, std::span<const T> up, std::span<T> y) const {
  if (info().layout != Layout::kGated) Fail(kind_, "gated_forward", "is not gated (glu, reglu, geglu, swiglu are)");
  CheckSize<T>(kind_, "gated_forward", "up", up.size(), gate.size(), "the size of gate");
  CheckSize<T>(kind_, "gated_forward", "y", y.size(), gate.size(), "the size of gate");
  CheckAliasing<T>(kind_, "gated_forward", "y", y, {{gate, true}, {up, true}});
  const kernels::Args args{.params = params_.data()};
  if constexpr (narrow::kIsNarrow<T>) {
    return narrow::GatedForward(*this, args, gate, up, y);
  } else {
    const kernels::Table<T>& table = kernels::active().get<T>(kind_, tier_);
    const auto run = table.gated_forward;
    kernels::ForEachChunk(gate.size(), 1, table.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
      run(gate.data() + b, up.data() + b, y.data() + b, e - b, args);
    });
  }
}

template <typename T>
void Activation::gated_backward_impl(std::span<const T> gate, std::span<const T> up, std::span<const T> dy,
                                     std::span<T> dgate, std::span<T> dup) const {
  if (info().layout != Layout::kGated) Fail(kind_, "gated_backward", "is not gated (glu, reglu, geglu, swiglu are)");
  const std::size_t n = gate.size();
  CheckSize<T>(kind_, "gated_backward", "up", up.size(), n, "the size of gate");
  CheckSize<T>(kind_, "gated_backward", "dy", dy.size(), n, "the size of gate");
  CheckSize<T>(kind_, "gated_backward", "dgate", dgate.size(), n, "the size of gate");
  CheckSize<T>(kind_, "gated_backward", "dup", dup.size(), n, "the size of gate");
  CheckAliasing<T>(kind_, "gated_backward", "dgate", dgate, {{gate, true}, {up, true}, {dy, true}});
  CheckAliasing<T>(kind_, "gated_backward", "dup", dup, {{gate, true}, {up, true}, {dy, true}, {dgate, false}});
  const kernels::Args args{.params = params_.data()};
  if constexpr (narrow::kIsNarrow<T>) {
    return narrow::GatedBackward(*this, args, gate, up, dy, dgate, dup);
  } else {
    const kernels::Table<T>& table = kernels::active().get<T>(kind_, tier_);
    const auto run = table.gated_backward;
    kernels::ForEachChunk(n, 1, table.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
      run(gate.data() + b, up.data() + b, dy.data() + b, dgate.data() + b, dup.data() + b, e - b, args);
    });
  }
}

#define ACTLAB_INSTANTIATE(T)                                                                   \
  template void Activation::forward_impl<T>(std::span<const T>, std::span<T>) const;             \
  template void Activation::backward_impl<T>(std::span<const T>, std::span<const T>, std::span<T>) \
      const;                                                                                    \
  template void Activation::from_output_impl<T>(std::span<const T>, std::span<const T>,          \
                                                std::span<T>) const;                             \
  template void Activation::param_grad_impl<T>(std::span<const T>, std::span<const T>, std::span<T>) const; \
  template void Activation::gated_forward_impl<T>(std::span<const T>, std::span<const T>, std::span<T>) const; \
  template void Activation::gated_backward_impl<T>(std::span<const T>, std::span<const T>, std::span<const T>, \
                                                   std::span<T>, std::span<T>) const;
ACTLAB_INSTANTIATE(float)
ACTLAB_INSTANTIATE(double)
ACTLAB_INSTANTIATE(bfloat16)
ACTLAB_INSTANTIATE(float16)
#undef ACTLAB_INSTANTIATE

}  // namespace actlab
