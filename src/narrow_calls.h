// Activation's calls on bfloat16 and float16 (src/activation.cc hands them over once its checks
// have passed): each direction described to narrow::Run (narrow.h).
#pragma once

#include <cstddef>
#include <span>

#include "actlab/actlab.h"
#include "kernels/table.h"
#include "narrow.h"

namespace actlab::narrow {

// unit: Activation::layout_unit; args: the call's shape (ShapeArgs).
template <class S>
void Forward(const Activation& act, const kernels::Args& args, std::size_t unit, std::span<const S> x, std::span<S> y);
template <class S>
void Backward(const Activation& act, const kernels::Args& args, std::size_t unit, std::span<const S> x,
              std::span<const S> dy, std::span<S> dx);
template <class S>
void FromOutput(const Activation& act, const kernels::Args& args, std::size_t unit, std::span<const S> y,
                std::span<const S> dy, std::span<S> dx);
template <class S>
void GatedForward(const Activation& act, const kernels::Args& args, std::span<const S> gate, std::span<const S> up,
                  std::span<S> y);
template <class S>
void GatedBackward(const Activation& act, const kernels::Args& args, std::span<const S> gate, std::span<const S> up,
                   std::span<const S> dy, std::span<S> dgate, std::span<S> dup);
// The float32 kernel's sums (Table::param_grad) over n elements of 16-bit x and dy.
template <class S>
void ParamGrad(const kernels::Table<float>& t32, const S* x, const S* dy, double* dw, std::size_t n,
               const kernels::Args& args);

}  // namespace actlab::narrow
