// How an activation meets an n-dimensional array, as numpy and PyTorch callers lay them out.
// The library sees flat arrays; these are the conventions of the Python layers, written once for
// both (python/src/numpy_module.cc, python/src/torch_ops.cc):
//   elementwise  any shape; y has x's shape.
//   prelu        the channels are axis 1 when there are two or more axes (torch.nn.PReLU), else
//                there is one channel; num_parameters is 1 or that axis's size.
//   maxout       groups of k along the last axis, whose size must be a multiple of k; y's last
//                axis is k times shorter.
//   softmax,     rows along the last axis; the spec's dim is 0 (the last axis) or its size.
//   log_softmax
//   glu, reglu,  the last axis (even) split in halves, up then the gate, as torch's F.glu(x, -1);
//   geglu,       the spec's dim is 0 (the last axis) or its size; y's last axis is half as long.
//   swiglu       (Their two-input form, gate and up of one shape, needs no shape: any shape.)
// Other axes for rows and groups are moved to the last place by the callers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actlab/actlab.h"

namespace actlab::python {

using Shape = std::vector<std::int64_t>;

// False for elementwise activations: they run on any shape as they are, without ForShape.
inline bool ShapeMatters(const Activation& act) { return act.info().layout != Layout::kElementwise; }

// The activation to run on a C-ordered array of this shape: `act` with PReLU's inner size or the
// row length set from the shape, weights kept. Throws actlab::Error, naming the activation, the
// shape and what does not fit.
Activation ForShape(const Activation& act, std::span<const std::int64_t> shape);

// ForShape(act, shape), without a copy where the shape does not matter. Movable: it holds the
// copy or a pointer to `act`, which must outlive it.
class Shaped {
 public:
  Shaped(const Activation& act, std::span<const std::int64_t> shape)
      : base_(&act), own_(ShapeMatters(act) ? std::optional<Activation>(ForShape(act, shape)) : std::nullopt) {}
  const Activation& get() const { return own_ ? *own_ : *base_; }

 private:
  const Activation* base_;
  std::optional<Activation> own_;
};

// y's shape for an input of this shape (ForShape's checks first).
Shape OutputShape(const Activation& act, std::span<const std::int64_t> shape);

// "(2, 3, 4)", for messages.
std::string ShapeText(std::span<const std::int64_t> shape);

}  // namespace actlab::python
