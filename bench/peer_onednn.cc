// oneDNN (Debian's libdnnl-dev, 2.6) eltwise primitives on the same data: forward, backward from
// the source, and the *_use_dst_for_bwd variants for backward from the output; its softmax
// primitives for softmax and log_softmax. float32 only.
#include <omp.h>

#include <dnnl.hpp>
#include <optional>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

struct Algorithm {
  dnnl::algorithm forward, from_output;  // from_output: undef when oneDNN has no use_dst variant
  float alpha = 0, beta = 0;
};

std::optional<Algorithm> Map(const Activation& act) {
  using A = dnnl::algorithm;
  switch (act.kind()) {
    case Kind::Relu: return Algorithm{A::eltwise_relu, A::eltwise_relu_use_dst_for_bwd};
    case Kind::LeakyRelu:
      return Algorithm{A::eltwise_relu, A::eltwise_relu_use_dst_for_bwd, float(act.param("negative_slope"))};
    case Kind::Elu: return Algorithm{A::eltwise_elu, A::eltwise_elu_use_dst_for_bwd, float(act.param("alpha"))};
    case Kind::Sigmoid: return Algorithm{A::eltwise_logistic, A::eltwise_logistic_use_dst_for_bwd};
    case Kind::Tanh: return Algorithm{A::eltwise_tanh, A::eltwise_tanh_use_dst_for_bwd};
    case Kind::Relu6: return Algorithm{A::eltwise_clip_v2, A::eltwise_clip_v2_use_dst_for_bwd, 0.f, 6.f};
    case Kind::Hardtanh:
      return Algorithm{A::eltwise_clip_v2, A::eltwise_clip_v2_use_dst_for_bwd, float(act.param("min_val")),
                       float(act.param("max_val"))};
    case Kind::Softplus:
      if (act.param("beta") != 1) return std::nullopt;  // 2.6's soft_relu has no beta
      return Algorithm{A::eltwise_soft_relu, A::undef};
    case Kind::Gelu:
      return Algorithm{act.param("approximate") == 0 ? A::eltwise_gelu_erf : A::eltwise_gelu_tanh, A::undef};
    case Kind::Silu: return Algorithm{A::eltwise_swish, A::undef, 1.f};
    case Kind::Swish: return Algorithm{A::eltwise_swish, A::undef, float(act.param("beta"))};
    case Kind::Mish: return Algorithm{A::eltwise_mish, A::undef};
    case Kind::Hardswish: return Algorithm{A::eltwise_hardswish, A::undef};
    case Kind::Logsigmoid: return Algorithm{A::eltwise_logsigmoid, A::undef};
    case Kind::Identity: return Algorithm{A::eltwise_linear, A::undef, 1.f, 0.f};
    default: return std::nullopt;
  }
}

// What every oneDNN runner holds: the engine and stream, the case's buffers, one primitive and
// its arguments. The thread count is set before the primitive is made: oneDNN plans its work for
// the threads it sees then (made first, a 1-thread case ran on every core).
class DnnlRunner : public Runner {
 public:
  void Run() override {
    omp_set_num_threads(threads_);
    primitive_.execute(stream_, args_);
    stream_.wait();
  }

 protected:
  explicit DnnlRunner(const Case& c)
      : threads_(c.threads), engine_(dnnl::engine::kind::cpu, 0), stream_(engine_), x_(c.n), dy_(c.n), out_(c.n) {
    omp_set_num_threads(threads_);
    // 16-bit cases keep their elements in the first half of the float buffers.
    if (c.storage == Case::Storage::kBF16) {
      FillInputs(reinterpret_cast<bfloat16*>(x_.data()), c.n, 1);
      FillInputs(reinterpret_cast<bfloat16*>(dy_.data()), c.n, 2);
    } else if (c.storage == Case::Storage::kF16) {
      FillInputs(reinterpret_cast<float16*>(x_.data()), c.n, 1);
      FillInputs(reinterpret_cast<float16*>(dy_.data()), c.n, 2);
    } else {
      FillInputs(x_.data(), c.n, 1);
      FillInputs(dy_.data(), c.n, 2);
    }
    input = x_.data(), gradient = dy_.data(), output = out_.data();
  }
  int threads_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  Buffer<float> x_, dy_, out_;
  dnnl::primitive primitive_;
  std::unordered_map<int, dnnl::memory> args_;
};

class OneDnnRunner : public DnnlRunner {
 public:
  OneDnnRunner(const Case& c, const Algorithm& a) : DnnlRunner(c) {
    using S = Case::Storage;
    const auto type = c.storage == S::kBF16  ? dnnl::memory::data_type::bf16
                      : c.storage == S::kF16 ? dnnl::memory::data_type::f16
                                             : dnnl::memory::data_type::f32;
    const std::size_t element = c.storage == S::kNone ? sizeof(float) : 2;
    const dnnl::memory::desc md({dnnl::memory::dim(c.n)}, type, dnnl::memory::format_tag::a);
    dnnl::memory x(md, engine_, x_.data()), dy(md, engine_, dy_.data()), out(md, engine_, out_.data());
    const bool from_output = c.direction == Direction::kFromOutput;
    const dnnl::algorithm alg = from_output ? a.from_output : a.forward;
    const dnnl::eltwise_forward::primitive_desc fwd(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, alg, md, a.alpha, a.beta), engine_);
    if (c.direction == Direction::kForward) {
      primitive_ = dnnl::eltwise_forward(fwd);
      args_ = {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}};
      bytes = 2 * c.n * element;
    } else {
      if (from_output) {  // feed it real outputs
        dnnl::eltwise_forward(fwd).execute(stream_, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, x}});
        stream_.wait();
      }
      const dnnl::eltwise_backward::primitive_desc bwd(dnnl::eltwise_backward::desc(alg, md, md, a.alpha, a.beta),
                                                       engine_, fwd);
      primitive_ = dnnl::eltwise_backward(bwd);
      args_ = {{from_output ? DNNL_ARG_DST : DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_SRC, out}};
      bytes = 3 * c.n * element;
    }
  }
};

// softmax and log_softmax: the softmax_v2 primitives over rows of `dim` (axis 1 of rows x dim);
// oneDNN's backward takes the output (DNNL_ARG_DST), so it serves actlab's backward from y.
class SoftmaxRunner : public DnnlRunner {
 public:
  SoftmaxRunner(const Case& c, dnnl::algorithm alg, std::size_t dim) : DnnlRunner(c) {
    const dnnl::memory::desc md({dnnl::memory::dim(c.n / dim), dnnl::memory::dim(dim)}, dnnl::memory::data_type::f32,
                                dnnl::memory::format_tag::ab);
    dnnl::memory x(md, engine_, x_.data()), dy(md, engine_, dy_.data()), out(md, engine_, out_.data());
    const dnnl::softmax_v2_forward::primitive_desc fwd(
        dnnl::softmax_v2_forward::desc(dnnl::prop_kind::forward_training, alg, md, md, 1), engine_);
    if (c.direction == Direction::kForward) {
      primitive_ = dnnl::softmax_v2_forward(fwd);
      args_ = {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}};
      bytes = 2 * c.n * sizeof(float);
    } else {
      dnnl::softmax_v2_forward(fwd).execute(stream_, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, x}});  // real outputs
      stream_.wait();
      const dnnl::softmax_v2_backward::primitive_desc bwd(dnnl::softmax_v2_backward::desc(alg, md, md, md, 1),
                                                          engine_, fwd);
      primitive_ = dnnl::softmax_v2_backward(bwd);
      args_ = {{DNNL_ARG_DST, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_SRC, out}};
      bytes = 3 * c.n * sizeof(float);
    }
  }
};

std::unique_ptr<Runner> MakeSoftmaxRunner(const Case& c, const Activation& act) {
  if (c.direction == Direction::kBackward) return nullptr;  // oneDNN's backward needs the output
  const std::size_t dim = act.param("dim") == 0 ? c.n : std::size_t(act.param("dim"));
  if (dim == 0 || c.n % dim != 0) return nullptr;
  const auto alg = act.kind() == Kind::Softmax ? dnnl::algorithm::softmax_accurate : dnnl::algorithm::softmax_log;
  return std::make_unique<SoftmaxRunner>(c, alg, dim);
}

}  // namespace

Peer OneDnnPeer() {
  return {"oneDNN", [](const Case& c) -> std::unique_ptr<Runner> {
            if (c.f64) return nullptr;  // no f64 eltwise in oneDNN
            const Activation act = Activation::parse(c.spec);
            if (act.kind() == Kind::Softmax || act.kind() == Kind::LogSoftmax) {
              return c.storage == Case::Storage::kNone ? MakeSoftmaxRunner(c, act) : nullptr;
            }
            const auto a = Map(act);
            if (!a || (c.direction == Direction::kFromOutput && a->from_output == dnnl::algorithm::undef)) return nullptr;
            try {
              return std::make_unique<OneDnnRunner>(c, *a);
            } catch (const dnnl::error&) {  // a type this CPU's oneDNN has no kernel for (float16 before AVX512-FP16)
              return nullptr;
            }
          }};
}

}  // namespace actlab::bench

// The plugin's entry point (bench/peers.cc).
extern "C" __attribute__((visibility("default"))) void actlab_bench_peer(actlab::bench::Peer* out) {
  *out = actlab::bench::OneDnnPeer();
}
