#include "shapes.h"

#include <string>
#include <utility>

namespace actlab::python {
namespace {

std::int64_t Product(std::span<const std::int64_t> dims) {
  std::int64_t n = 1;
  for (std::int64_t d : dims) n *= d;
  return n;
}

// `act` with one parameter replaced, the others, the tier and the learned weights kept.
Activation With(const Activation& act, std::string_view name, double value) {
  std::vector<Activation::Value> values;
  for (const ParamInfo& p : act.info().params) {
    values.emplace_back(p.name, p.name == name ? value : act.param(p.name));
  }
  Activation out(act.kind(), values, act.tier());
  if (!act.weights().empty()) out.set_weights(act.weights());
  return out;
}

[[noreturn]] void Refuse(const Activation& act, std::span<const std::int64_t> shape, const std::string& what) {
  throw Error(std::string(act.info().name) + ": input of shape " + ShapeText(shape) + " " + what);
}

}  // namespace

std::string ShapeText(std::span<const std::int64_t> shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return out + (shape.size() == 1 ? ",)" : ")");
}

Activation ForShape(const Activation& act, std::span<const std::int64_t> shape) {
  const std::int64_t last = shape.empty() ? 1 : shape.back();
  switch (act.info().layout) {
    case Layout::kElementwise:
      return act;
    case Layout::kChannels: {
      const std::int64_t weights = std::int64_t(act.weights().size());
      if (weights == 1) return act;
      const std::int64_t channels = shape.size() >= 2 ? shape[1] : 1;
      if (channels != weights) {
        Refuse(act, shape, "has " + std::to_string(channels) + " channel(s) on axis 1, but there are " +
                               std::to_string(weights) + " slopes (num_parameters)");
      }
      return With(act, "inner", double(std::max<std::int64_t>(1, Product(shape.subspan(2)))));
    }
    case Layout::kGroups: {  // a 0-d array has no axis to group
      const auto k = std::int64_t(act.param("k"));
      if (shape.empty() || last % k != 0) {
        Refuse(act, shape, "does not split its last axis into groups of k = " + std::to_string(k));
      }
      return act;
    }
    case Layout::kRows: {
      const auto dim = std::int64_t(act.param("dim"));  // a 0-d array is one row of one
      if (dim != 0 && dim != last) {
        Refuse(act, shape, "has rows of " + std::to_string(last) + " on its last axis, but dim = " +
                               std::to_string(dim));
      }
      return dim == last || last == 0 ? act : With(act, "dim", double(last));
    }
    case Layout::kGated: {  // a 0-d array has no axis to split
      if (shape.empty()) Refuse(act, shape, "has no last axis to split in halves (up, then the gate)");
      if (last % 2 != 0) {
        Refuse(act, shape, "has an odd last axis (" + std::to_string(last) +
                               "), which does not split in halves (up, then the gate)");
      }
      const auto dim = std::int64_t(act.param("dim"));
      if (dim != 0 && dim != last) {
        Refuse(act, shape, "has rows of " + std::to_string(last) + " on its last axis, but dim = " +
                               std::to_string(dim));
      }
      return dim == last || last == 0 ? act : With(act, "dim", double(last));
    }
  }
  return act;
}

Shape OutputShape(const Activation& act, std::span<const std::int64_t> shape) {
  Shape out(shape.begin(), shape.end());
  if (act.info().layout == Layout::kGroups) {
    ForShape(act, shape);
    out.back() /= std::int64_t(act.param("k"));
  } else if (act.info().layout == Layout::kGated) {
    ForShape(act, shape);
    out.back() /= 2;
  }
  return out;
}

}  // namespace actlab::python
