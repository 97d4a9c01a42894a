// What the catalogue says about each activation: formulas, parameters, properties.
// Plain data, filled in by each activation's own file (src/activations/<name>-inl.h).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace actlab {

// Every activation, in catalogue order. Generated from the one list.
enum class Kind {
#define ACTLAB_ACTIVATION(ident, name) ident,
#include "actlab/list.inc"
#undef ACTLAB_ACTIVATION
};

// How the activation walks its input.
enum class Layout {
  kElementwise,  // y[i] = f(x[i])
  kChannels,     // (outer, channels, inner) with one learnable value per channel (PReLU)
  kGroups,       // y[i] = max over x[k*i .. k*i+k-1] (Maxout)
  kRows,         // over the last axis, rows of `dim` elements (softmax, log_softmax)
  kGated,        // y = up * f(gate) (the GLU family): two inputs of one size, or rows of 2 * dim
                 // elements split in halves as PyTorch's F.glu does (up first, the gate second)
};

// How float32 is computed. kExact (the default): within the bounds below, almost all correctly
// rounded. kFast, chosen explicitly ("sigmoid(tier=fast)"): plain float32 arithmetic within
// ulp_f32_fast, the same IEEE behaviour (NaN, the limits at +-inf); float64 is the same in both.
enum class Tier { kExact, kFast };

struct ParamInfo {
  std::string_view name;
  double default_value;
  double min, max;  // valid range
  bool min_inclusive = true, max_inclusive = true;
  bool integer = false;
  // A choice among names: the value is the index into `choices` (e.g. gelu approximate).
  std::span<const std::string_view> choices = {};
  std::string_view doc = {};
};

struct Properties {
  bool monotonic;
  std::string_view smoothness;  // "C^inf", "C^0 (kink at 0)"...
  bool bounded_above, bounded_below;
  bool zero_centred;
  std::string_view saturating;  // "no", "left", "both"...
  bool sparse;                  // exact zeros on a set of positive measure
};

struct Info {
  Kind kind;
  std::string_view name;
  std::string_view summary;
  std::string_view formula, formula_latex;
  std::string_view derivative, derivative_latex;
  std::string_view derivative_from_output;  // empty: backward needs x
  std::string_view range;
  std::string_view kinks;  // conventions at points where f' jumps
  Properties properties;
  std::span<const ParamInfo> params;
  std::string_view learnable;  // what param_grad differentiates: "" if nothing
  Layout layout = Layout::kElementwise;
  // Largest error in ULP against the exact result that the tests hold this activation to:
  // forward, and backward (from x and from y); -1 there means the forward bound.
  int ulp_f32 = 1, ulp_f64 = 1;
  int ulp_f32_backward = -1, ulp_f64_backward = -1;
  // The fast tier's float32 bounds (forward; backward, -1 there: the forward one), proven over
  // all 2^32 inputs. -1: no fast math of its own, the fast tier runs the exact kernels.
  int ulp_f32_fast = -1, ulp_f32_fast_backward = -1;
  std::string_view seeds;  // which seed documents discuss it
  std::string_view reference;
  // Specs with other parameters that take other paths through the math; the tests (C++ and
  // Python) run them as well as the defaults.
  std::span<const std::string_view> variants = {};
};

}  // namespace actlab
