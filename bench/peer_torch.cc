// libtorch (Debian's libtorch-dev, 1.13) ATen kernels on the same data, through their _out
// variants where they exist (no allocation per call); mish and hardswish backward have none in
// 1.13 and allocate. Debian's build runs its AVX2 kernels unless ATEN_CPU_CAPABILITY=avx512.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <functional>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

using Op = std::function<void(at::Tensor& out, const at::Tensor& x, const at::Tensor& dy)>;

// The ATen call for an activation and direction, or nothing.
Op Map(const Activation& act, Direction d) {
  const bool fwd = d == Direction::kForward, from_y = d == Direction::kFromOutput;
  switch (act.kind()) {
    case Kind::Relu:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::clamp_min_out(o, x, 0); };
      return [](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::threshold_backward_out(o, g, x, 0); };
    case Kind::Sigmoid:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::sigmoid_out(o, x); };
      if (from_y) return [](at::Tensor& o, const at::Tensor& y, const at::Tensor& g) { at::sigmoid_backward_out(o, g, y); };
      return nullptr;
    case Kind::Tanh:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::tanh_out(o, x); };
      if (from_y) return [](at::Tensor& o, const at::Tensor& y, const at::Tensor& g) { at::tanh_backward_out(o, g, y); };
      return nullptr;
    case Kind::LeakyRelu: {
      const double a = act.param("negative_slope");
      if (fwd) return [a](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::leaky_relu_out(o, x, a); };
      return [a, from_y](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::leaky_relu_backward_out(o, g, x, a, from_y); };
    }
    case Kind::Elu: {
      const double a = act.param("alpha");
      if (fwd) return [a](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::elu_out(o, x, a); };
      return [a, from_y](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::elu_backward_out(o, g, a, 1, 1, from_y, x); };
    }
    case Kind::Hardtanh:
    case Kind::Relu6: {
      const bool six = act.kind() == Kind::Relu6;
      const double lo = six ? 0 : act.param("min_val"), hi = six ? 6 : act.param("max_val");
      if (fwd) return [lo, hi](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::hardtanh_out(o, x, lo, hi); };
      return [lo, hi](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::hardtanh_backward_out(o, g, x, lo, hi); };
    }
    case Kind::Softplus: {
      const double b = act.param("beta"), t = act.param("threshold");
      if (fwd) return [b, t](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::softplus_out(o, x, b, t); };
      if (from_y) return nullptr;
      return [b, t](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::softplus_backward_out(o, g, x, b, t); };
    }
    case Kind::Gelu: {
      const std::string approx = act.param("approximate") == 0 ? "none" : "tanh";
      if (fwd) return [approx](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::gelu_out(o, x, approx); };
      if (from_y) return nullptr;
      return [approx](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::gelu_backward_out(o, g, x, approx); };
    }
    case Kind::Silu:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::silu_out(o, x); };
      if (from_y) return nullptr;
      return [](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::silu_backward_out(o, g, x); };
    case Kind::Mish:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::mish_out(o, x); };
      if (from_y) return nullptr;
      return [](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { o.copy_(at::mish_backward(g, x)); };
    case Kind::Hardswish:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::hardswish_out(o, x); };
      if (from_y) return nullptr;
      return [](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::hardswish_backward_out(o, g, x); };
    case Kind::Hardsigmoid:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::hardsigmoid_out(o, x); };
      if (from_y) return nullptr;
      return [](at::Tensor& o, const at::Tensor& x, const at::Tensor& g) { at::hardsigmoid_backward_out(o, g, x); };
    case Kind::Logsigmoid:
      if (fwd) return [](at::Tensor& o, const at::Tensor& x, const at::Tensor&) { at::log_sigmoid_out(o, x); };
      return nullptr;
    default:
      return nullptr;
  }
}

template <typename T>
class TorchRunner : public Runner {
 public:
  TorchRunner(const Case& c, Op op) : threads_(c.threads), op_(std::move(op)), x_(c.n), dy_(c.n), out_(c.n) {
    FillInputs(x_.data(), c.n, 1);
    FillInputs(dy_.data(), c.n, 2);
    input = x_.data(), gradient = dy_.data(), output = out_.data();
    const auto type = sizeof(T) == 4 ? at::kFloat : at::kDouble;
    const int64_t n = int64_t(c.n);
    x_t_ = at::from_blob(x_.data(), {n}, type);
    dy_t_ = at::from_blob(dy_.data(), {n}, type);
    out_t_ = at::from_blob(out_.data(), {n}, type);
    if (c.direction == Direction::kFromOutput) {  // feed it real outputs
      Activation act = Activation::parse(c.spec);
      act.forward(x_, x_);
    }
    bytes = (c.direction == Direction::kForward ? 2 : 3) * c.n * sizeof(T);
  }
  void Run() override {
    static int current = -1;  // at::set_num_threads rebuilds its pool: call it on change only
    if (current != threads_) at::set_num_threads(current = threads_);
    op_(out_t_, x_t_, dy_t_);
  }

 private:
  int threads_;
  Op op_;
  Buffer<T> x_, dy_, out_;
  at::Tensor x_t_, dy_t_, out_t_;
};

// The gated as PyTorch code writes them: F.glu on [up, gate] (one buffer, its halves), and the
// compositions F.relu(gate) * up, F.gelu(gate) * up, F.silu(gate) * up (swiglu's beta = 1). Their
// backward is what autograd runs for the composition: t = dy * up, dgate = f_backward(t, gate),
// dup = dy * f(gate) with f(gate) saved by the forward (computed once here). Intermediates are
// allocated once, which eager PyTorch does per call.
template <typename T>
class GatedTorchRunner : public Runner {
 public:
  using Fn = std::function<void(at::Tensor& out, const at::Tensor& gate)>;
  using Slope = std::function<void(at::Tensor& out, const at::Tensor& grad, const at::Tensor& gate)>;
  GatedTorchRunner(const Case& c, bool glu, Fn f, Slope slope)
      : threads_(c.threads), forward_(c.direction == Direction::kForward), glu_(glu), f_(std::move(f)),
        slope_(std::move(slope)), x_(2 * c.n), dy_(c.n), out_(2 * c.n), tmp_(c.n) {
    FillInputs(x_.data() + c.n, c.n, 1);  // the gate, as actlab's runner has it
    FillInputs(x_.data(), c.n, 3);        // up
    FillInputs(dy_.data(), c.n, 2);
    input = x_.data() + c.n, gradient = dy_.data(), output = out_.data();
    const auto type = sizeof(T) == 4 ? at::kFloat : at::kDouble;
    const int64_t n = int64_t(c.n);
    x_t_ = at::from_blob(x_.data(), {2, n}, type);
    up_t_ = x_t_[0], gate_t_ = x_t_[1];
    dy_t_ = at::from_blob(dy_.data(), {1, n}, type);
    out_t_ = at::from_blob(out_.data(), {2, n}, type);
    dgate_t_ = out_t_[1], dup_t_ = out_t_[0];
    y_t_ = out_t_[0].view({1, n});
    x_row_ = x_t_.view({1, 2 * n}), grad_row_ = out_t_.view({1, 2 * n});
    tmp_t_ = at::from_blob(tmp_.data(), {n}, type);
    saved_ = at::empty({n}, type);
    if (!glu_) f_(saved_, gate_t_);
    bytes = (forward_ ? 3 : 5) * c.n * sizeof(T);
  }
  void Run() override {
    static int current = -1;
    if (current != threads_) at::set_num_threads(current = threads_);
    if (glu_) {
      if (forward_) at::glu_out(y_t_, x_row_, -1);
      else at::glu_backward_out(grad_row_, dy_t_, x_row_, -1);
      return;
    }
    if (forward_) {
      f_(tmp_t_, gate_t_);
      at::mul_out(dup_t_, tmp_t_, up_t_);
      return;
    }
    at::mul_out(tmp_t_, dy_t_[0], up_t_);
    slope_(dgate_t_, tmp_t_, gate_t_);
    at::mul_out(dup_t_, dy_t_[0], saved_);
  }

 private:
  int threads_;
  bool forward_, glu_;
  Fn f_;
  Slope slope_;
  Buffer<T> x_, dy_, out_, tmp_;
  at::Tensor x_t_, up_t_, gate_t_, dy_t_, out_t_, dgate_t_, dup_t_, y_t_, tmp_t_, saved_, x_row_, grad_row_;
};

template <typename T>
std::unique_ptr<Runner> MakeGated(const Case& c, const Activation& act) {
  using R = GatedTorchRunner<T>;
  switch (act.kind()) {
    case Kind::Glu:
      return std::make_unique<R>(c, true, nullptr, nullptr);
    case Kind::Reglu:
      return std::make_unique<R>(c, false, [](at::Tensor& o, const at::Tensor& g) { at::clamp_min_out(o, g, 0); },
                                 [](at::Tensor& o, const at::Tensor& t, const at::Tensor& g) { at::threshold_backward_out(o, t, g, 0); });
    case Kind::Geglu: {
      const std::string approx = act.param("approximate") == 0 ? "none" : "tanh";
      return std::make_unique<R>(c, false, [approx](at::Tensor& o, const at::Tensor& g) { at::gelu_out(o, g, approx); },
                                 [approx](at::Tensor& o, const at::Tensor& t, const at::Tensor& g) { at::gelu_backward_out(o, t, g, approx); });
    }
    case Kind::Swiglu:
      if (act.param("beta") != 1) return nullptr;
      return std::make_unique<R>(c, false, [](at::Tensor& o, const at::Tensor& g) { at::silu_out(o, g); },
                                 [](at::Tensor& o, const at::Tensor& t, const at::Tensor& g) { at::silu_backward_out(o, t, g); });
    default:
      return nullptr;
  }
}

}  // namespace

Peer TorchPeer() {
  return {"libtorch", [](const Case& c) -> std::unique_ptr<Runner> {
            if (c.storage != Case::Storage::kNone) return nullptr;  // float32 and float64 only here
            const Activation act = Activation::parse(c.spec);
            if (act.info().layout == Layout::kGated) {
              if (c.direction == Direction::kFromOutput) return nullptr;
              return c.f64 ? MakeGated<double>(c, act) : MakeGated<float>(c, act);
            }
            Op op = Map(act, c.direction);
            if (!op) return nullptr;
            if (c.f64) return std::make_unique<TorchRunner<double>>(c, std::move(op));
            return std::make_unique<TorchRunner<float>>(c, std::move(op));
          }};
}

}  // namespace actlab::bench

// The plugin's entry point (bench/peers.cc).
extern "C" __attribute__((visibility("default"))) void actlab_bench_peer(actlab::bench::Peer* out) {
  *out = actlab::bench::TorchPeer();
}
