// actlab's activations as PyTorch operators, with their autograd in C++, so that models that use
// them can be scripted, saved and loaded by torch.jit (from Python, or from C++ with libtorch):
//
//   actlab::activation(Tensor x, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::activation_(Tensor(a!) x, str spec, Tensor? weight=None, int dim=-1) -> Tensor(a!)
//   actlab::backward(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::backward_from_output(Tensor y, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::param_grad(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::set_num_threads(int n) -> ()
//
// `weight` holds the learnable values (PReLU's slopes, Swish's beta) and is differentiated when it
// requires grad; `dim` is the axis of softmax's rows and maxout's groups. The shape conventions are
// python/src/shapes.h's. Refusals are ValueError / TypeError in Python, before anything is written.
// The autograd kernel saves x and differentiates from it (softmax's rows: from y); the in-place
// form saves y, the only thing left, and differentiates from y.
#include <torch/csrc/autograd/VariableTypeUtils.h>
#include <torch/library.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "shapes.h"

namespace actlab::python {
namespace {

using torch::Tensor;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The library's refusals as Python's ValueError, with the library's message.
template <class F>
auto Guard(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    TORCH_CHECK_VALUE(false, e.what());
  }
}

// torch's names for dtypes ("torch.int32" where c10 says "Int").
std::string DTypeName(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat: return "torch.float32";
    case torch::kDouble: return "torch.float64";
    case torch::kHalf: return "torch.float16";
    case torch::kBFloat16: return "torch.bfloat16";
    case torch::kComplexFloat: return "torch.complex64";
    case torch::kComplexDouble: return "torch.complex128";
    case torch::kByte: return "torch.uint8";
    case torch::kChar: return "torch.int8";
    case torch::kShort: return "torch.int16";
    case torch::kInt: return "torch.int32";
    case torch::kLong: return "torch.int64";
    case torch::kBool: return "torch.bool";
    default: return c10::toString(t);
  }
}

void CheckTensor(const Activation& act, const Tensor& t, std::string_view name, std::string_view where) {
  const std::string at = std::string(act.info().name) + "." + std::string(where) + ": ";
  TORCH_CHECK_VALUE(t.defined(), at, name, " is undefined");
  TORCH_CHECK_VALUE(t.device().is_cpu(), at, name, " is on ", t.device(),
                    "; actlab computes on the CPU (move it with .cpu())");
  TORCH_CHECK_VALUE(t.layout() == torch::kStrided, at, name, " has layout ", t.layout(),
                    "; actlab takes dense (strided) tensors");
  TORCH_CHECK_TYPE(t.scalar_type() == torch::kFloat || t.scalar_type() == torch::kDouble, at, name,
                   " is ", DTypeName(t.scalar_type()), "; actlab takes float32 or float64 tensors");
}

// One call: the activation for the tensor's shape, and the axis it works along.
struct Call {
  Call(const std::string& spec, const c10::optional<Tensor>& weight_arg, const Tensor& x,
       std::int64_t dim_arg, std::string_view where)
      : act(Guard([&] { return Activation::parse(spec); })), where(where) {
    CheckTensor(act, x, "x", where);
    const Layout layout = act.info().layout;
    if (weight_arg && weight_arg->defined()) {
      weight = *weight_arg;
      CheckTensor(act, weight, "weight", where);
      TORCH_CHECK_VALUE(!act.info().learnable.empty(), act.info().name, ".", where,
                        ": takes no weight (nothing is learnable)");
      TORCH_CHECK_TYPE(weight.scalar_type() == x.scalar_type(), act.info().name, ".", where, ": weight is ",
                       DTypeName(weight.scalar_type()), ", x is ", DTypeName(x.scalar_type()));
      const Tensor w = weight.detach().to(torch::kDouble).contiguous();
      const std::vector<double> values(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
      Guard([&] {
        if (layout == Layout::kChannels && values.size() != act.weights().size()) {
          act = Activation(act.kind(), {{"num_parameters", double(values.size())}});
        }
        act.set_weights(values);
        return 0;
      });
    }
    if (layout == Layout::kRows || layout == Layout::kGroups) {
      const std::int64_t rank = std::max<std::int64_t>(x.dim(), 1);
      TORCH_CHECK_VALUE(dim_arg >= -rank && dim_arg < rank, act.info().name, ".", where, ": dim ", dim_arg,
                        " is out of range for a tensor of ", x.dim(), " dimension(s)");
      dim = x.dim() == 0 ? 0 : (dim_arg + rank) % rank;
      moved = x.dim() > 0 && dim != x.dim() - 1;
    }
  }

  // t laid out for the kernels: dim moved last, and contiguous unless the activation is
  // elementwise and t is dense (channels_last stays as it is).
  Tensor In(const Tensor& t) const {
    const Tensor m = moved ? t.movedim(dim, -1) : t;
    if (!ShapeMatters(act) && m.is_non_overlapping_and_dense()) return m;
    return m.contiguous();
  }
  // `like`'s strides for t (dy must be laid out as x is).
  static Tensor As(const Tensor& t, const Tensor& like) {
    if (t.strides() == like.strides() && t.sizes() == like.sizes()) return t;
    return at::empty_like(like).copy_(t);
  }
  Tensor Out(const Tensor& t) const { return moved ? t.movedim(-1, dim) : t; }

  Activation Shaped(const Tensor& t) const {
    return Guard([&] { return ForShape(act, Shape(t.sizes().begin(), t.sizes().end())); });
  }

  template <typename T>
  static std::span<const T> Read(const Tensor& t) {
    return {t.data_ptr<T>(), std::size_t(t.numel())};
  }
  template <typename T>
  static std::span<T> Write(Tensor& t) {
    return {t.data_ptr<T>(), std::size_t(t.numel())};
  }

  Tensor Forward(const Tensor& x_arg) const {
    const Tensor x = In(x_arg);
    const Activation shaped = Shaped(x);
    const auto shape = Guard([&] { return OutputShape(shaped, Shape(x.sizes().begin(), x.sizes().end())); });
    Tensor y = ShapeMatters(act) ? at::empty(shape, x.options()) : at::empty_like(x);
    Guard([&] {
      if (x.scalar_type() == torch::kFloat) {
        shaped.forward(Read<float>(x), Write<float>(y));
      } else {
        shaped.forward(Read<double>(x), Write<double>(y));
      }
      return 0;
    });
    return Out(y);
  }

  // In place: x itself when the kernels can take it as it is laid out, else through a copy.
  // Refused where f' is not a function of y, with or without autograd: a model should not work
  // under no_grad and fail in training.
  void ForwardInPlace(Tensor& x_arg) const {
    TORCH_CHECK_VALUE(act.info().layout != Layout::kGroups, act.info().name,
                      ": in place is impossible, y is smaller than x");
    TORCH_CHECK_VALUE(act.has_backward_from_output(), act.info().name, ": in place needs f' as a function of y, which ",
                      act.spec(), " does not have; use inplace=False");
    Tensor x = In(x_arg);
    const Activation shaped = Shaped(x);
    Guard([&] {
      if (x.scalar_type() == torch::kFloat) {
        shaped.forward(Read<float>(x), Write<float>(x));
      } else {
        shaped.forward(Read<double>(x), Write<double>(x));
      }
      return 0;
    });
    if (!x.is_same(x_arg) && x.data_ptr() != x_arg.data_ptr()) x_arg.copy_(Out(x));
  }

  enum class From { kInput, kOutput };

  Tensor Backward(From from, const Tensor& v_arg, const Tensor& dy_arg) const {
    const std::string_view name = from == From::kInput ? "x" : "y";
    CheckTensor(act, dy_arg, "dy", where);
    TORCH_CHECK_TYPE(dy_arg.scalar_type() == v_arg.scalar_type(), act.info().name, ".", where, ": dy is ",
                     DTypeName(dy_arg.scalar_type()), ", ", name, " is ", DTypeName(v_arg.scalar_type()));
    const Tensor v = In(v_arg);
    const Activation shaped = Shaped(v);
    const auto v_shape = Shape(v.sizes().begin(), v.sizes().end());
    const auto y_shape = from == From::kInput ? Guard([&] { return OutputShape(shaped, v_shape); }) : v_shape;
    const Tensor dy_moved = moved ? dy_arg.movedim(dim, -1) : dy_arg;
    TORCH_CHECK_VALUE(Shape(dy_moved.sizes().begin(), dy_moved.sizes().end()) == y_shape, act.info().name,
                      ".", where, ": dy has shape ", dy_arg.sizes(), ", expected that of y, ",
                      Out(at::empty(y_shape, torch::kMeta)).sizes());
    const Tensor dy = ShapeMatters(act) ? dy_moved.contiguous() : As(dy_moved, v);
    Tensor dx = at::empty_like(v);
    Guard([&] {
      const auto run = [&]<typename T>(T) {
        if (from == From::kInput) {
          shaped.backward(Read<T>(v), Read<T>(dy), Write<T>(dx));
        } else {
          shaped.backward_from_output(Read<T>(v), Read<T>(dy), Write<T>(dx));
        }
      };
      v.scalar_type() == torch::kFloat ? run(float{}) : run(double{});
      return 0;
    });
    return Out(dx);
  }

  // dL/dweight, in the weight's shape and dtype.
  Tensor ParamGrad(const Tensor& x_arg, const Tensor& dy_arg) const {
    CheckTensor(act, dy_arg, "dy", where);
    TORCH_CHECK_TYPE(dy_arg.scalar_type() == x_arg.scalar_type(), act.info().name, ".", where,
                     ": dy is ", DTypeName(dy_arg.scalar_type()), ", x is ", DTypeName(x_arg.scalar_type()));
    TORCH_CHECK_VALUE(dy_arg.sizes() == x_arg.sizes(), act.info().name, ".", where, ": dy has shape ",
                      dy_arg.sizes(), ", x has ", x_arg.sizes());
    const Tensor x = In(x_arg);
    const Activation shaped = Shaped(x);
    const Tensor dy = ShapeMatters(act) ? In(dy_arg) : As(In(dy_arg), x);
    Tensor dw = at::empty({std::int64_t(act.weights().size())}, x.options());
    Guard([&] {
      if (x.scalar_type() == torch::kFloat) {
        shaped.param_grad(Read<float>(x), Read<float>(dy), Write<float>(dw));
      } else {
        shaped.param_grad(Read<double>(x), Read<double>(dy), Write<double>(dw));
      }
      return 0;
    });
    return weight.defined() ? dw.view(weight.sizes()) : dw;
  }

  Activation act;
  std::string_view where;
  Tensor weight;  // undefined: the spec's own values
  std::int64_t dim = 0;
  bool moved = false;
};

// Autograd for actlab::activation.
struct ActivationFunction : torch::autograd::Function<ActivationFunction> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x, const std::string& spec,
                        const c10::optional<Tensor>& weight, std::int64_t dim) {
    const Call call(spec, weight, x, dim, "forward");
    Tensor y;
    {
      at::AutoDispatchBelowADInplaceOrView below;
      y = call.Forward(x);
    }
    // f' from x, to the library's backward bound: from y it is exact for the rounded y only,
    // and where y rounds to its bound (sigmoid(20) to 1, elu(-20) to -1 in float32) f' from y
    // loses every digit. Rows are the exception: softmax's backward needs y anyway.
    const bool from_output = call.act.info().layout == Layout::kRows;
    ctx->saved_data["spec"] = spec;
    ctx->saved_data["dim"] = dim;
    ctx->saved_data["from_output"] = from_output;
    ctx->save_for_backward({from_output ? y : x, call.weight});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    TORCH_CHECK_NOT_IMPLEMENTED(!at::GradMode::is_enabled(),
                                "actlab: second derivatives are not implemented (backward with create_graph=True)");
    const variable_list saved = ctx->get_saved_variables();
    const Tensor& v = saved[0];
    const Tensor& weight = saved[1];
    const Tensor& dy = grads[0];
    if (!dy.defined()) return {Tensor(), Tensor(), Tensor(), Tensor()};
    const bool from_output = ctx->saved_data["from_output"].toBool();
    const Call call(ctx->saved_data["spec"].toStringRef(), weight, v, ctx->saved_data["dim"].toInt(),
                    from_output ? "backward_from_output" : "backward");
    const Tensor dx = ctx->needs_input_grad(0)
                          ? call.Backward(from_output ? Call::From::kOutput : Call::From::kInput, v, dy)
                          : Tensor();
    // needs_input_grad counts the tensor inputs only: x is 0, the weight (when given) 1.
    const Tensor dw = weight.defined() && ctx->needs_input_grad(1) ? call.ParamGrad(v, dy) : Tensor();
    return {dx, Tensor(), dw, Tensor()};
  }
};

// Autograd for actlab::activation_: y overwrites x, so f' comes from y.
struct InPlaceFunction : torch::autograd::Function<InPlaceFunction> {
  static Tensor forward(AutogradContext* ctx, Tensor x, const std::string& spec,
                        const c10::optional<Tensor>& weight, std::int64_t dim) {
    const Call call(spec, weight, x, dim, "forward");
    TORCH_CHECK_VALUE(!(call.weight.defined() && call.weight.requires_grad()), call.act.info().name,
                      ": in place overwrites x, which the weight's gradient needs; use inplace=False");
    {
      at::AutoDispatchBelowADInplaceOrView below;
      call.ForwardInPlace(x);
    }
    ctx->mark_dirty({x});  // which also bumps x's version, as any in-place op does
    ctx->saved_data["spec"] = spec;
    ctx->saved_data["dim"] = dim;
    ctx->save_for_backward({x, call.weight});
    return x;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    TORCH_CHECK_NOT_IMPLEMENTED(!at::GradMode::is_enabled(),
                                "actlab: second derivatives are not implemented (backward with create_graph=True)");
    const variable_list saved = ctx->get_saved_variables();
    const Tensor& dy = grads[0];
    if (!dy.defined()) return {Tensor(), Tensor(), Tensor(), Tensor()};
    const Call call(ctx->saved_data["spec"].toStringRef(), saved[1], saved[0], ctx->saved_data["dim"].toInt(),
                    "backward_from_output");
    return {call.Backward(Call::From::kOutput, saved[0], dy), Tensor(), Tensor(), Tensor()};
  }
};

// Kernels below autograd (inference mode, no_grad on inputs that do not require grad, and the
// raw backward operators).
Tensor ActivationKernel(const Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight,
                        std::int64_t dim) {
  return Call(std::string(spec), weight, x, dim, "forward").Forward(x);
}

Tensor& InPlaceKernel(Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight, std::int64_t dim) {
  const Call call(std::string(spec), weight, x, dim, "forward");
  call.ForwardInPlace(x);
  if (!c10::InferenceMode::is_enabled() && !x.is_inference()) torch::autograd::increment_version(x);
  return x;
}

Tensor BackwardKernel(const Tensor& x, const Tensor& dy, c10::string_view spec,
                      const c10::optional<Tensor>& weight, std::int64_t dim) {
  return Call(std::string(spec), weight, x, dim, "backward").Backward(Call::From::kInput, x, dy);
}

Tensor FromOutputKernel(const Tensor& y, const Tensor& dy, c10::string_view spec,
                        const c10::optional<Tensor>& weight, std::int64_t dim) {
  return Call(std::string(spec), weight, y, dim, "backward_from_output").Backward(Call::From::kOutput, y, dy);
}

Tensor ParamGradKernel(const Tensor& x, const Tensor& dy, c10::string_view spec,
                       const c10::optional<Tensor>& weight, std::int64_t dim) {
  const Call call(std::string(spec), weight, x, dim, "param_grad");
  TORCH_CHECK_VALUE(!call.act.info().learnable.empty(), call.act.info().name,
                    ".param_grad: has no learnable parameters");
  return call.ParamGrad(x, dy);
}

// Without a gradient to record (no_grad, or no input that requires one), straight to the kernel.
bool Records(const Tensor& x, const c10::optional<Tensor>& weight) {
  return at::GradMode::is_enabled() && (x.requires_grad() || (weight && weight->defined() && weight->requires_grad()));
}

Tensor ActivationAutograd(const Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight,
                          std::int64_t dim) {
  if (!Records(x, weight)) {
    at::AutoDispatchBelowADInplaceOrView below;
    return ActivationKernel(x, spec, weight, dim);
  }
  return ActivationFunction::apply(x, std::string(spec), weight, dim);
}

Tensor& InPlaceAutograd(Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight, std::int64_t dim) {
  if (!Records(x, weight)) {
    at::AutoDispatchBelowADInplaceOrView below;
    return InPlaceKernel(x, spec, weight, dim);
  }
  // Here, not in forward: Function::apply runs forward with grad mode off.
  TORCH_CHECK_VALUE(!(x.is_leaf() && x.requires_grad()), std::string(spec),
                    ": in place on a leaf tensor that requires grad; use inplace=False or work on a copy");
  InPlaceFunction::apply(x, std::string(spec), weight, dim);
  return x;
}

}  // namespace
}  // namespace actlab::python

TORCH_LIBRARY(actlab, m) {
  m.def("activation(Tensor x, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("activation_(Tensor(a!) x, str spec, Tensor? weight=None, int dim=-1) -> Tensor(a!)");
  m.def("backward(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("backward_from_output(Tensor y, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("param_grad(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("set_num_threads(int n) -> ()", [](std::int64_t n) {
    TORCH_CHECK_VALUE(n >= 0 && n <= 1024, "actlab.set_num_threads: n must be in [0, 1024], got ", n);
    actlab::set_num_threads(int(n));
  });
  m.def("num_threads() -> int", [] { return std::int64_t(actlab::num_threads()); });
}

// One kernel for every backend: the device check inside gives CUDA and meta tensors a clear
// ValueError instead of the dispatcher's "could not run".
TORCH_LIBRARY_IMPL(actlab, CompositeExplicitAutograd, m) {
  using namespace actlab::python;
  m.impl("activation", ActivationKernel);
  m.impl("activation_", InPlaceKernel);
  m.impl("backward", BackwardKernel);
  m.impl("backward_from_output", FromOutputKernel);
  m.impl("param_grad", ParamGradKernel);
}

TORCH_LIBRARY_IMPL(actlab, Autograd, m) {
  using namespace actlab::python;
  m.impl("activation", ActivationAutograd);
  m.impl("activation_", InPlaceAutograd);
}
