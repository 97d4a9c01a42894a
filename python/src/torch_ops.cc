// actlab's activations as PyTorch operators, with their autograd in C++, so that models that use
// them can be scripted, saved and loaded by torch.jit (from Python, or from C++ with libtorch):
//
//   actlab::activation(Tensor x, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::activation_(Tensor(a!) x, str spec, Tensor? weight=None, int dim=-1) -> Tensor(a!)
//   actlab::backward(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::backward_from_output(Tensor y, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::param_grad(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor
//   actlab::gated(Tensor gate, Tensor up, str spec) -> Tensor
//   actlab::gated_backward(Tensor gate, Tensor up, Tensor dy, str spec) -> (Tensor, Tensor)
//   actlab::set_num_threads(int n) -> ()
//
// `weight` holds the learnable values (PReLU's slopes, Swish's beta) and is differentiated when it
// requires grad; `dim` is the axis of softmax's rows, maxout's groups and the halves (up, then the
// gate) that the gated (glu, reglu, geglu, swiglu) split as F.glu does. `gated` is their two-tensor
// form, up * f(gate) for a gate and up of one shape, differentiated in both. The shape conventions
// are python/src/shapes.h's. Tensors are float32, float64, bfloat16 or float16, every input of a
// call of one dtype, the results and gradients in it too (the 16-bit ones from the library's
// 16-bit calls on the tensors' own bits, rounded once). Refusals are ValueError / TypeError in
// Python, before anything is written.
//
// Autograd is written as torch writes its own operators (a Node per call, SavedVariable, edges),
// which costs less per call than torch::autograd::Function. Out of place, the node keeps x and
// differentiates from it (softmax's rows: from y); in place, it keeps y, the only thing left.
#include <torch/csrc/autograd/VariableTypeUtils.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>
#include <torch/library.h>
#include <torch/torch.h>

#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "actlab/actlab.h"
#include "shapes.h"

namespace actlab::python {
namespace {

using torch::Tensor;
using torch::autograd::variable_list;

// The library's refusals as Python's ValueError, with the library's message.
template <class F>
auto Guard(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    TORCH_CHECK_VALUE(false, e.what());
    throw;  // not reached
  }
}

// Parsed specs, per thread: a training loop calls the same few thousands of times.
const Activation& Parse(c10::string_view spec) {
  thread_local std::unordered_map<std::string, Activation> parsed;
  std::string key(spec);
  if (const auto it = parsed.find(key); it != parsed.end()) return it->second;
  Activation act = Guard([&] { return Activation::parse(key); });
  if (parsed.size() >= 256) parsed.clear();  // bounded, whatever specs a program makes
  return parsed.emplace(std::move(key), std::move(act)).first->second;
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
  TORCH_CHECK_VALUE(t.defined(), act.info().name, ".", where, ": ", name, " is undefined");
  TORCH_CHECK_VALUE(t.device().is_cpu(), act.info().name, ".", where, ": ", name, " is on ", t.device(),
                    "; actlab computes on the CPU (move it with .cpu())");
  TORCH_CHECK_VALUE(t.layout() == torch::kStrided, act.info().name, ".", where, ": ", name, " has layout ",
                    t.layout(), "; actlab takes dense (strided) tensors");
  const torch::ScalarType type = t.scalar_type();
  TORCH_CHECK_TYPE(type == torch::kFloat || type == torch::kDouble || type == torch::kBFloat16 || type == torch::kHalf,
                   act.info().name, ".", where, ": ", name, " is ", DTypeName(type),
                   "; actlab takes float32, float64, bfloat16 or float16 tensors");
}

bool Given(const c10::optional<Tensor>& t) { return t && t->defined(); }

// The library's element type for torch's: the 16-bit ones are other structs of the same 16 bits,
// which the library reads through a cast of the tensor's pointer.
template <typename T>
struct TorchElement {
  using type = T;
};
template <>
struct TorchElement<bfloat16> {
  using type = c10::BFloat16;
};
template <>
struct TorchElement<float16> {
  using type = c10::Half;
};
static_assert(sizeof(c10::BFloat16) == sizeof(bfloat16) && alignof(c10::BFloat16) == alignof(bfloat16));
static_assert(sizeof(c10::Half) == sizeof(float16) && alignof(c10::Half) == alignof(float16));

// f(T{}) with T the library's element type of a tensor that CheckTensor accepted, the library's
// refusals as ValueError.
template <class F>
void ForType(torch::ScalarType type, F&& f) {
  Guard([&] {
    switch (type) {
      case torch::kFloat: f(float{}); break;
      case torch::kDouble: f(double{}); break;
      case torch::kBFloat16: f(bfloat16{}); break;
      case torch::kHalf: f(float16{}); break;
      default: TORCH_CHECK_TYPE(false, "actlab: no kernel for ", DTypeName(type));  // not reached: CheckTensor refuses it
    }
    return 0;
  });
}

// One call: the activation (with the weight's values) and the axis it works along. Kept by the
// autograd node for the backward, so that nothing is parsed twice.
struct Call {
  Call(c10::string_view spec, const c10::optional<Tensor>& weight, const Tensor& x, std::int64_t dim_arg,
       std::string_view where)
      : act(Parse(spec)), where(where) {
    CheckTensor(act, x, "x", where);
    const Layout layout = act.info().layout;
    if (Given(weight)) {
      CheckTensor(act, *weight, "weight", where);
      TORCH_CHECK_VALUE(!act.info().learnable.empty(), act.info().name, ".", where,
                        ": takes no weight (nothing is learnable)");
      TORCH_CHECK_TYPE(weight->scalar_type() == x.scalar_type(), act.info().name, ".", where, ": weight is ",
                       DTypeName(weight->scalar_type()), ", x is ", DTypeName(x.scalar_type()));
      const Tensor w = weight->detach().to(torch::kDouble).contiguous();
      const std::vector<double> values(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
      Guard([&] {
        if (layout == Layout::kChannels && values.size() != act.weights().size()) {
          act = Activation(act.kind(), {{"num_parameters", double(values.size())}});
        }
        act.set_weights(values);
        return 0;
      });
      weight_shape.assign(weight->sizes().begin(), weight->sizes().end());
    }
    if (layout == Layout::kRows || layout == Layout::kGroups || layout == Layout::kGated) {
      const std::int64_t rank = std::max<std::int64_t>(x.dim(), 1);
      TORCH_CHECK_VALUE(dim_arg >= -rank && dim_arg < rank, act.info().name, ".", where, ": dim ", dim_arg,
                        " is out of range for a tensor of ", x.dim(), " dimension(s)");
      dim = x.dim() == 0 ? 0 : (dim_arg + rank) % rank;
      moved = x.dim() > 0 && dim != x.dim() - 1;
      // Here, in the caller's terms: after the move, shapes.cc would name the moved shape.
      TORCH_CHECK_VALUE(layout != Layout::kGated || x.dim() == 0 || x.size(dim) % 2 == 0, act.info().name, ".",
                        where, ": dim ", dim_arg, " of a tensor of shape ", x.sizes(), " has size ", x.size(dim),
                        ", which does not split in halves (up, then the gate)");
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

  static Shape ShapeOf(const Tensor& t) { return Shape(t.sizes().begin(), t.sizes().end()); }
  // The activation for t's shape (a copy only where the shape matters).
  Shaped For(const Tensor& t) const {
    return Guard([&] { return Shaped(act, ShapeOf(t)); });
  }

  // data_ptr<torch's type> checks the dtype; the cast only renames the 16-bit structs.
  template <typename T>
  static std::span<const T> Read(const Tensor& t) {
    return {reinterpret_cast<const T*>(t.data_ptr<typename TorchElement<T>::type>()), std::size_t(t.numel())};
  }
  template <typename T>
  static std::span<T> Write(Tensor& t) {
    return {reinterpret_cast<T*>(t.data_ptr<typename TorchElement<T>::type>()), std::size_t(t.numel())};
  }

  Tensor Forward(const Tensor& x_arg) const {
    const Tensor x = In(x_arg);
    const Shaped shaped = For(x);
    Tensor y = ShapeMatters(act) ? at::empty(Guard([&] { return OutputShape(shaped.get(), ShapeOf(x)); }), x.options())
                                 : at::empty_like(x);
    ForType(x.scalar_type(), [&]<typename T>(T) { shaped.get().forward(Read<T>(x), Write<T>(y)); });
    return Out(y);
  }

  // In place: x itself when the kernels can take it as it is laid out, else through a copy.
  // Refused where f' is not a function of y, with or without autograd: a model should not work
  // under no_grad and fail in training.
  void ForwardInPlace(Tensor& x_arg) const {
    TORCH_CHECK_VALUE(act.info().layout != Layout::kGroups && act.info().layout != Layout::kGated, act.info().name,
                      ": in place is impossible, y is smaller than x");
    TORCH_CHECK_VALUE(act.has_backward_from_output(), act.info().name, ": in place needs f' as a function of y, which ",
                      act.spec(), " does not have; use inplace=False");
    Tensor x = In(x_arg);
    const Shaped shaped = For(x);
    ForType(x.scalar_type(), [&]<typename T>(T) { shaped.get().forward(Read<T>(x), Write<T>(x)); });
    if (x.data_ptr() != x_arg.data_ptr()) x_arg.copy_(Out(x));
  }

  enum class From { kInput, kOutput };

  Tensor Backward(From from, const Tensor& v_arg, const Tensor& dy_arg) const {
    const std::string_view name = from == From::kInput ? "x" : "y";
    CheckTensor(act, dy_arg, "dy", where);
    TORCH_CHECK_TYPE(dy_arg.scalar_type() == v_arg.scalar_type(), act.info().name, ".", where, ": dy is ",
                     DTypeName(dy_arg.scalar_type()), ", ", name, " is ", DTypeName(v_arg.scalar_type()));
    const Tensor v = In(v_arg);
    const Shaped shaped = For(v);
    const Shape v_shape = ShapeOf(v);
    const Shape y_shape = from == From::kInput ? Guard([&] { return OutputShape(shaped.get(), v_shape); }) : v_shape;
    const Tensor dy_moved = moved ? dy_arg.movedim(dim, -1) : dy_arg;
    TORCH_CHECK_VALUE(ShapeOf(dy_moved) == y_shape, act.info().name, ".", where, ": dy has shape ", dy_arg.sizes(),
                      ", expected that of y, ", Out(at::empty(y_shape, torch::kMeta)).sizes());
    const Tensor dy = ShapeMatters(act) ? dy_moved.contiguous() : As(dy_moved, v);
    Tensor dx = at::empty_like(v);
    ForType(v.scalar_type(), [&]<typename T>(T) {
      if (from == From::kInput) {
        shaped.get().backward(Read<T>(v), Read<T>(dy), Write<T>(dx));
      } else {
        shaped.get().backward_from_output(Read<T>(v), Read<T>(dy), Write<T>(dx));
      }
    });
    return Out(dx);
  }

  // dL/dweight, in the weight's shape and x's dtype.
  Tensor ParamGrad(const Tensor& x_arg, const Tensor& dy_arg) const {
    TORCH_CHECK_VALUE(!act.info().learnable.empty(), act.info().name, ".", where, ": has no learnable parameters");
    CheckTensor(act, dy_arg, "dy", where);
    TORCH_CHECK_TYPE(dy_arg.scalar_type() == x_arg.scalar_type(), act.info().name, ".", where,
                     ": dy is ", DTypeName(dy_arg.scalar_type()), ", x is ", DTypeName(x_arg.scalar_type()));
    TORCH_CHECK_VALUE(dy_arg.sizes() == x_arg.sizes(), act.info().name, ".", where, ": dy has shape ",
                      dy_arg.sizes(), ", x has ", x_arg.sizes());
    const Tensor x = In(x_arg);
    const Shaped shaped = For(x);
    const Tensor dy = ShapeMatters(act) ? In(dy_arg) : As(In(dy_arg), x);
    Tensor dw = at::empty({std::int64_t(act.weights().size())}, x.options());
    ForType(x.scalar_type(), [&]<typename T>(T) { shaped.get().param_grad(Read<T>(x), Read<T>(dy), Write<T>(dw)); });
    return weight_shape.empty() ? dw : dw.view(weight_shape);
  }

  Activation act;
  std::string_view where;
  std::vector<std::int64_t> weight_shape;  // empty: no weight given, the spec's own values
  std::int64_t dim = 0;
  bool moved = false;
};

// The backward of one call: dx from the kept x (or y), and dweight when a weight was given.
// The weight's values were copied into the call, so the gradient is that of the forward that
// ran, whatever happens to the weight tensor meanwhile.
struct ActivationBackward : torch::autograd::Node {
  ActivationBackward(Call call, Call::From from) : call(std::move(call)), from(from) {}

  variable_list apply(variable_list&& grads) override {
    TORCH_CHECK_NOT_IMPLEMENTED(!at::GradMode::is_enabled(),
                                "actlab: second derivatives are not implemented (backward with create_graph=True)");
    std::lock_guard<std::mutex> lock(mutex_);
    variable_list out(num_outputs());
    const Tensor& dy = grads[0];
    if (!dy.defined()) return out;
    const Tensor v = kept.unpack(shared_from_this());
    call.where = from == Call::From::kInput ? "backward" : "backward_from_output";
    if (task_should_compute_output(0)) out[0] = call.Backward(from, v, dy);
    if (num_outputs() > 1 && task_should_compute_output(1)) out[1] = call.ParamGrad(v, dy);
    return out;
  }
  std::string name() const override { return "ActlabActivationBackward"; }
  void release_variables() override {
    std::lock_guard<std::mutex> lock(mutex_);
    kept.reset_data();
  }

  Call call;
  Call::From from;
  torch::autograd::SavedVariable kept;
};

// Without a gradient to record (no_grad, or no input that requires one), straight to the kernel.
bool Records(const Tensor& x, const c10::optional<Tensor>& weight) {
  return at::GradMode::is_enabled() && (x.requires_grad() || (Given(weight) && weight->requires_grad()));
}

Tensor ActivationKernel(const Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight,
                        std::int64_t dim) {
  return Call(spec, weight, x, dim, "forward").Forward(x);
}

Tensor ActivationAutograd(const Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight,
                          std::int64_t dim) {
  if (!Records(x, weight)) {
    at::AutoDispatchBelowADInplaceOrView below;
    return ActivationKernel(x, spec, weight, dim);
  }
  Call call(spec, weight, x, dim, "forward");
  // From x, to the library's backward bound: from y, f' is exact for the rounded y only, and
  // where y rounds to its bound (sigmoid(20) to 1, elu(-20) to -1 in float32) it loses every
  // digit. Rows are the exception: softmax's backward needs y anyway.
  const auto from = call.act.info().layout == Layout::kRows ? Call::From::kOutput : Call::From::kInput;
  Tensor y;
  {
    at::AutoDispatchBelowADInplaceOrView below;
    y = call.Forward(x);
  }
  auto node = std::shared_ptr<ActivationBackward>(new ActivationBackward(std::move(call), from),
                                                  torch::autograd::deleteNode);
  node->set_next_edges(Given(weight) ? torch::autograd::collect_next_edges(x, *weight)
                                     : torch::autograd::collect_next_edges(x));
  torch::autograd::set_history(y, node);
  node->kept = torch::autograd::SavedVariable(from == Call::From::kOutput ? y : x, from == Call::From::kOutput);
  return y;
}

Tensor& InPlaceKernel(Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight, std::int64_t dim) {
  Call(spec, weight, x, dim, "forward").ForwardInPlace(x);
  if (!c10::InferenceMode::is_enabled() && !x.is_inference()) torch::autograd::increment_version(x);
  return x;
}

Tensor& InPlaceAutograd(Tensor& x, c10::string_view spec, const c10::optional<Tensor>& weight, std::int64_t dim) {
  if (!Records(x, weight)) {
    at::AutoDispatchBelowADInplaceOrView below;
    return InPlaceKernel(x, spec, weight, dim);
  }
  Call call(spec, weight, x, dim, "forward");
  TORCH_CHECK_VALUE(!(x.is_leaf() && x.requires_grad()), call.act.info().name,
                    ": in place on a leaf tensor that requires grad; use inplace=False or work on a copy");
  TORCH_CHECK_VALUE(!(Given(weight) && weight->requires_grad()), call.act.info().name,
                    ": in place overwrites x, which the weight's gradient needs; use inplace=False");
  {
    at::AutoDispatchBelowADInplaceOrView below;
    call.ForwardInPlace(x);
  }
  torch::autograd::increment_version(x);
  auto node = std::shared_ptr<ActivationBackward>(new ActivationBackward(std::move(call), Call::From::kOutput),
                                                  torch::autograd::deleteNode);
  node->set_next_edges(torch::autograd::collect_next_edges(x));  // x's history before the write
  torch::autograd::rebase_history(x, node);
  node->kept = torch::autograd::SavedVariable(x, true);
  return x;
}

Tensor BackwardKernel(const Tensor& x, const Tensor& dy, c10::string_view spec,
                      const c10::optional<Tensor>& weight, std::int64_t dim) {
  return Call(spec, weight, x, dim, "backward").Backward(Call::From::kInput, x, dy);
}

Tensor FromOutputKernel(const Tensor& y, const Tensor& dy, c10::string_view spec,
                        const c10::optional<Tensor>& weight, std::int64_t dim) {
  return Call(spec, weight, y, dim, "backward_from_output").Backward(Call::From::kOutput, y, dy);
}

Tensor ParamGradKernel(const Tensor& x, const Tensor& dy, c10::string_view spec,
                       const c10::optional<Tensor>& weight, std::int64_t dim) {
  return Call(spec, weight, x, dim, "param_grad").ParamGrad(x, dy);
}

// The gated on two tensors (a transformer MLP's gate and up projections): one shape, one dtype.
// The product is elementwise, so any shape as it is; both are read in the gate's memory order
// (kept when it is dense: channels_last stays), up copied into it when its strides differ.
struct GatedCall {
  GatedCall(const Activation& act_arg, const Tensor& gate_arg, const Tensor& up_arg, std::string_view where)
      : act(act_arg), where(where) {
    TORCH_CHECK_VALUE(act.info().layout == Layout::kGated, act.info().name, ".", where,
                      ": is not gated (glu, reglu, geglu, swiglu are)");
    CheckTensor(act, gate_arg, "gate", where);
    CheckTensor(act, up_arg, "up", where);
    TORCH_CHECK_TYPE(up_arg.scalar_type() == gate_arg.scalar_type(), act.info().name, ".", where, ": up is ",
                     DTypeName(up_arg.scalar_type()), ", gate is ", DTypeName(gate_arg.scalar_type()));
    TORCH_CHECK_VALUE(up_arg.sizes() == gate_arg.sizes(), act.info().name, ".", where, ": up has shape ",
                      up_arg.sizes(), ", gate has ", gate_arg.sizes(), "; they must be the same");
    gate = gate_arg.is_non_overlapping_and_dense() ? gate_arg : gate_arg.contiguous();
    up = Call::As(up_arg, gate);
  }

  Tensor Forward() const {
    Tensor y = at::empty_like(gate);
    ForType(gate.scalar_type(), [&]<typename T>(T) {
      act.gated_forward(Call::Read<T>(gate), Call::Read<T>(up), Call::Write<T>(y));
    });
    return y;
  }

  // (dgate, dup), in the gate's memory order.
  std::tuple<Tensor, Tensor> Backward(const Tensor& dy_arg) const {
    CheckTensor(act, dy_arg, "dy", where);
    TORCH_CHECK_TYPE(dy_arg.scalar_type() == gate.scalar_type(), act.info().name, ".", where, ": dy is ",
                     DTypeName(dy_arg.scalar_type()), ", gate is ", DTypeName(gate.scalar_type()));
    TORCH_CHECK_VALUE(dy_arg.sizes() == gate.sizes(), act.info().name, ".", where, ": dy has shape ",
                      dy_arg.sizes(), ", expected that of y, ", gate.sizes());
    const Tensor dy = Call::As(dy_arg, gate);
    Tensor dgate = at::empty_like(gate), dup = at::empty_like(gate);
    ForType(gate.scalar_type(), [&]<typename T>(T) {
      act.gated_backward(Call::Read<T>(gate), Call::Read<T>(up), Call::Read<T>(dy), Call::Write<T>(dgate),
                         Call::Write<T>(dup));
    });
    return {dgate, dup};
  }

  Activation act;  // a copy: the parsed specs' cache may be cleared before the backward runs
  std::string_view where;
  Tensor gate, up;
};

// The backward of one two-tensor call: dgate and dup from the kept gate and up, both computed in
// one pass (the library's), each returned where autograd wants it.
struct GatedNode : torch::autograd::Node {
  explicit GatedNode(Activation act) : act(std::move(act)) {}

  variable_list apply(variable_list&& grads) override {
    TORCH_CHECK_NOT_IMPLEMENTED(!at::GradMode::is_enabled(),
                                "actlab: second derivatives are not implemented (backward with create_graph=True)");
    std::lock_guard<std::mutex> lock(mutex_);
    variable_list out(2);
    const Tensor& dy = grads[0];
    if (!dy.defined() || !(task_should_compute_output(0) || task_should_compute_output(1))) return out;
    const Tensor gate = kept_gate.unpack(shared_from_this()), up = kept_up.unpack(shared_from_this());
    auto [dgate, dup] = GatedCall(act, gate, up, "gated_backward").Backward(dy);
    if (task_should_compute_output(0)) out[0] = dgate;
    if (task_should_compute_output(1)) out[1] = dup;
    return out;
  }
  std::string name() const override { return "ActlabGatedBackward"; }
  void release_variables() override {
    std::lock_guard<std::mutex> lock(mutex_);
    kept_gate.reset_data();
    kept_up.reset_data();
  }

  Activation act;
  torch::autograd::SavedVariable kept_gate, kept_up;
};

Tensor GatedKernel(const Tensor& gate, const Tensor& up, c10::string_view spec) {
  return GatedCall(Parse(spec), gate, up, "gated").Forward();
}

Tensor GatedAutograd(const Tensor& gate, const Tensor& up, c10::string_view spec) {
  if (!(at::GradMode::is_enabled() && (gate.requires_grad() || up.requires_grad()))) {
    at::AutoDispatchBelowADInplaceOrView below;
    return GatedKernel(gate, up, spec);
  }
  const GatedCall call(Parse(spec), gate, up, "gated");
  Tensor y;
  {
    at::AutoDispatchBelowADInplaceOrView below;
    y = call.Forward();
  }
  auto node = std::shared_ptr<GatedNode>(new GatedNode(call.act), torch::autograd::deleteNode);
  node->set_next_edges(torch::autograd::collect_next_edges(gate, up));
  torch::autograd::set_history(y, node);
  node->kept_gate = torch::autograd::SavedVariable(gate, false);
  node->kept_up = torch::autograd::SavedVariable(up, false);
  return y;
}

std::tuple<Tensor, Tensor> GatedBackwardKernel(const Tensor& gate, const Tensor& up, const Tensor& dy,
                                               c10::string_view spec) {
  return GatedCall(Parse(spec), gate, up, "gated_backward").Backward(dy);
}

}  // namespace
}  // namespace actlab::python

TORCH_LIBRARY(actlab, m) {
  m.def("activation(Tensor x, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("activation_(Tensor(a!) x, str spec, Tensor? weight=None, int dim=-1) -> Tensor(a!)");
  m.def("backward(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("backward_from_output(Tensor y, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("param_grad(Tensor x, Tensor dy, str spec, Tensor? weight=None, int dim=-1) -> Tensor");
  m.def("gated(Tensor gate, Tensor up, str spec) -> Tensor");
  m.def("gated_backward(Tensor gate, Tensor up, Tensor dy, str spec) -> (Tensor, Tensor)");
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
  m.impl("gated", GatedKernel);
  m.impl("gated_backward", GatedBackwardKernel);
}

TORCH_LIBRARY_IMPL(actlab, Autograd, m) {
  using namespace actlab::python;
  m.impl("activation", ActivationAutograd);
  m.impl("activation_", InPlaceAutograd);
  m.impl("gated", GatedAutograd);
}
