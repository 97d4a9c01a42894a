// actlab.torch._eager: the operators called from eager Python through pybind11 and torch's own
// tensor casters, then the dispatcher (autograd included), instead of torch.ops' generic entry,
// which matches the call against the schema from Python objects each time (about 1 µs a call).
// TorchScript keeps calling torch.ops.actlab.*: same operators, same results.
#include <torch/extension.h>

namespace {

using torch::Tensor;

// Looked up on first use: the operators are registered when libactlab_torch.so loads.
template <class Signature>
c10::TypedOperatorHandle<Signature> Op(const char* name) {
  return c10::Dispatcher::singleton().findSchemaOrThrow(name, "").typed<Signature>();
}

}  // namespace

PYBIND11_MODULE(_eager, m) {
  using Activation = Tensor(const Tensor&, c10::string_view, const c10::optional<Tensor>&, int64_t);
  using InPlace = Tensor&(Tensor&, c10::string_view, const c10::optional<Tensor>&, int64_t);
  m.def("activation", [](const Tensor& x, const std::string& spec, const c10::optional<Tensor>& weight, int64_t dim) {
    static const auto op = Op<Activation>("actlab::activation");
    pybind11::gil_scoped_release no_gil;  // as torch's own bindings
    return op.call(x, spec, weight, dim);
  });
  m.def("activation_", [](Tensor& x, const std::string& spec, const c10::optional<Tensor>& weight, int64_t dim) {
    static const auto op = Op<InPlace>("actlab::activation_");
    pybind11::gil_scoped_release no_gil;
    return op.call(x, spec, weight, dim);
  });
  using Gated = Tensor(const Tensor&, const Tensor&, c10::string_view);
  m.def("gated", [](const Tensor& gate, const Tensor& up, const std::string& spec) {
    static const auto op = Op<Gated>("actlab::gated");
    pybind11::gil_scoped_release no_gil;
    return op.call(gate, up, spec);
  });
}
