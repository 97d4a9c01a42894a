// actlab: neural-network activation functions, forward and backward, float32 and float64, and
// bfloat16 and float16 storage (half.h), correctly rounded but within 2^-113 of a boundary.
//
//   auto act = actlab::Activation::parse("leaky_relu(negative_slope=0.1)");
//   act.forward(x, y);                    // y may be the very buffer x
//   act.backward(x, dy, dx);              // dx = dy * f'(x); dx may be the very buffer dy
//   act.backward_from_output(y, dy, dx);  // where f' is a function of y
//   act.param_grad(x, dy, dw);            // PReLU slopes (per channel), Swish beta
//   auto swiglu = actlab::Activation::parse("swiglu");
//   swiglu.gated_forward(gate, up, y);    // y = up * silu(gate)
//   swiglu.gated_backward(gate, up, dy, dgate, dup);
//   for (const actlab::Info& info : actlab::catalog()) ...
//
// Every refused call throws actlab::Error before writing to any output.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <utility>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/half.h"
#include "actlab/info.h"

namespace actlab {

// The one exception type. The message names the activation, the argument and what is wrong.
class Error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Every activation with its metadata, in catalogue order.
std::span<const Info> catalog();
const Info& info(Kind kind);
// nullptr when no activation has this name.
const Info* find(std::string_view name);
// Every activation's name (its defaults), then every Info::variants spec, then the fast tier of
// each activation that has fast math of its own and of its variants ("sigmoid(tier=fast)",
// "elu(alpha=0.5, tier=fast)"), in catalogue order: what
// the tests sweep and what `actlab bench` and `actlab accuracy` measure when given no spec.
std::vector<std::string> catalog_specs();

class Activation {
 public:
  // Parameters not given take their defaults; `values` is by name. Throws Error on an unknown
  // name or a value out of range.
  using Value = std::pair<std::string_view, double>;
  explicit Activation(Kind kind, std::span<const Value> values = {}, Tier tier = Tier::kExact);
  Activation(Kind kind, std::initializer_list<Value> values, Tier tier = Tier::kExact)
      : Activation(kind, std::span<const Value>(values.begin(), values.size()), tier) {}
  // "relu", "leaky_relu(0.1)", "swish(beta=1.5)", "gelu(approximate=tanh)", "sigmoid(tier=fast)"
  // (tier=exact|fast after the parameters, for every activation; see Tier).
  static Activation parse(std::string_view spec);

  Kind kind() const { return kind_; }
  Tier tier() const { return tier_; }
  // This activation, its parameters and weights, in another tier.
  Activation with_tier(Tier tier) const {
    Activation a = *this;
    a.tier_ = tier;
    return a;
  }
  // The largest error in ULP the tests hold this activation's results to, for its tier (the
  // forward bound or the backward one, which also covers backward_from_output).
  int ulp_bound_f32(bool backward) const;
  int ulp_bound_f64(bool backward) const;
  const Info& info() const { return *info_; }
  double param(std::string_view name) const;
  // The canonical spec, every parameter spelled out; parse(spec()) gives this activation back.
  std::string spec() const;

  // False when f' is not a function of y for these parameters (swish, mish, leaky_relu with a
  // non-positive slope...).
  bool has_backward_from_output() const;
  // Elements of y for an input of n elements (n / k for maxout, n / 2 for the gated, n otherwise).
  std::size_t output_size(std::size_t input_size) const;

  // Learnable values: PReLU's slopes (num_parameters of them, init `init`), Swish's beta.
  // Empty for the others.
  std::span<const double> weights() const;
  void set_weights(std::span<const double> values);

  // float32 and float64; spans convert from std::vector and arrays.
  void forward(std::span<const float> x, std::span<float> y) const { forward_impl(x, y); }
  void forward(std::span<const double> x, std::span<double> y) const { forward_impl(x, y); }
  void backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx) const {
    backward_impl(x, dy, dx);
  }
  void backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx) const {
    backward_impl(x, dy, dx);
  }
  void backward_from_output(std::span<const float> y, std::span<const float> dy,
                            std::span<float> dx) const {
    from_output_impl(y, dy, dx);
  }
  void backward_from_output(std::span<const double> y, std::span<const double> dy,
                            std::span<double> dx) const {
    from_output_impl(y, dy, dx);
  }
  // dw[j] = sum over elements of dy * df/dw_j (summed in double). Overwrites dw, which has
  // weights().size() entries.
  void param_grad(std::span<const float> x, std::span<const float> dy, std::span<float> dw) const {
    param_grad_impl(x, dy, dw);
  }
  void param_grad(std::span<const double> x, std::span<const double> dy, std::span<double> dw) const {
    param_grad_impl(x, dy, dw);
  }

  // bfloat16 and float16 (half.h): computed in float32, and in float64 where float32's bound
  // leaves the rounding in doubt, and by the quad reference where float64's does: each result is
  // the exact value correctly rounded unless that lies within 2^-113 of a 16-bit midpoint (README).
  // The same rules of size and aliasing as above.
#define ACTLAB_STORAGE_OVERLOADS(S)                                                                     \
  void forward(std::span<const S> x, std::span<S> y) const { forward_impl(x, y); }                     \
  void backward(std::span<const S> x, std::span<const S> dy, std::span<S> dx) const {                  \
    backward_impl(x, dy, dx);                                                                          \
  }                                                                                                    \
  void backward_from_output(std::span<const S> y, std::span<const S> dy, std::span<S> dx) const {      \
    from_output_impl(y, dy, dx);                                                                       \
  }                                                                                                    \
  void param_grad(std::span<const S> x, std::span<const S> dy, std::span<S> dw) const {                \
    param_grad_impl(x, dy, dw);                                                                        \
  }                                                                                                    \
  void gated_forward(std::span<const S> gate, std::span<const S> up, std::span<S> y) const {           \
    gated_forward_impl(gate, up, y);                                                                   \
  }                                                                                                    \
  void gated_backward(std::span<const S> gate, std::span<const S> up, std::span<const S> dy,           \
                      std::span<S> dgate, std::span<S> dup) const {                                    \
    gated_backward_impl(gate, up, dy, dgate, dup);                                                     \
  }
  ACTLAB_STORAGE_OVERLOADS(bfloat16)
  ACTLAB_STORAGE_OVERLOADS(float16)
#undef ACTLAB_STORAGE_OVERLOADS

  // The GLU family (Layout::kGated: glu, reglu, geglu, swiglu) on two inputs of one size, as a
  // transformer's MLP holds its gate and up projections: y = up * f(gate); backward
  // dgate = dy * up * f'(gate) and dup = dy * f(gate). (forward and backward take x with up and
  // the gate as the halves of each row, PyTorch's F.glu layout.) y may be the very buffer of
  // gate or up; dgate and dup each the very buffer of an input, not of each other.
  void gated_forward(std::span<const float> gate, std::span<const float> up, std::span<float> y) const {
    gated_forward_impl(gate, up, y);
  }
  void gated_forward(std::span<const double> gate, std::span<const double> up, std::span<double> y) const {
    gated_forward_impl(gate, up, y);
  }
  void gated_backward(std::span<const float> gate, std::span<const float> up, std::span<const float> dy,
                      std::span<float> dgate, std::span<float> dup) const {
    gated_backward_impl(gate, up, dy, dgate, dup);
  }
  void gated_backward(std::span<const double> gate, std::span<const double> up, std::span<const double> dy,
                      std::span<double> dgate, std::span<double> dup) const {
    gated_backward_impl(gate, up, dy, dgate, dup);
  }

 private:
  void check_params() const;
  // Elements that must stay together when a call is split across threads (a group, a row).
  std::size_t layout_unit(std::size_t n) const;
  template <typename T>
  void forward_impl(std::span<const T> x, std::span<T> y) const;
  template <typename T>
  void backward_impl(std::span<const T> x, std::span<const T> dy, std::span<T> dx) const;
  template <typename T>
  void from_output_impl(std::span<const T> y, std::span<const T> dy, std::span<T> dx) const;
  template <typename T>
  void param_grad_impl(std::span<const T> x, std::span<const T> dy, std::span<T> dw) const;
  template <typename T>
  void gated_forward_impl(std::span<const T> gate, std::span<const T> up, std::span<T> y) const;
  template <typename T>
  void gated_backward_impl(std::span<const T> gate, std::span<const T> up, std::span<const T> dy,
                           std::span<T> dgate, std::span<T> dup) const;

  Kind kind_ = Kind::Identity;
  Tier tier_ = Tier::kExact;
  const Info* info_;              // &actlab::info(kind_), kept: every call reads it several times
  std::vector<double> params_;   // info().params in order, padded with zeros for the kernels
  std::vector<double> weights_;  // PReLU's slopes; Swish's beta lives in params_[0]
};

// Threads for large arrays (OpenMP), for every later call; 0 (the default) means all cores.
// Results are identical whatever the count: the split of an array depends only on its size.
void set_num_threads(int n);
int num_threads();

// CPU targets compiled into the library ("AVX3", "AVX2", "SSE4", "EMU128"...), best first, and
// the one calls use now. force_target("AVX2") makes every later call use that target (for tests
// and benchmarks); force_target("") goes back to the best the CPU supports. Also set from the
// environment variable ACTLAB_TARGET when the library loads.
std::vector<std::string> compiled_targets();
std::string current_target();
void force_target(std::string_view name);

}  // namespace actlab
