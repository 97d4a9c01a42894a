// XNNPACK (Debian's libxnnpack-dev, git 2022-02-16) unary operators on the same data: forward
// only (XNNPACK is an inference library) and float32 only, through its public operator API as a
// framework calls it. That version has no float32 tanh. xnn_run_operator runs with denormals
// disabled (flush-to-zero and denormals-are-zero, restored after): subnormal inputs and results
// are 0 there, which `actlab accuracy` counts as its errors.
#include <pthreadpool.h>
#include <xnnpack.h>

#include <cmath>
#include <limits>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

// Its contiguous layout, as XNNPACK's own operator benchmarks use: one channel, strides 1, a
// batch of n. With strides equal to the channel count, setup treats the batch as one flat range
// (one microkernel call on one thread, 4 KiB tiles across the pool's threads), so channels = 1
// and channels = n run the same code.
xnn_status CreateOp(const Activation& act, xnn_operator_t* op) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  switch (act.kind()) {
    case Kind::Sigmoid: return xnn_create_sigmoid_nc_f32(1, 1, 1, 0, op);
    case Kind::Elu: return xnn_create_elu_nc_f32(1, 1, 1, float(act.param("alpha")), 0, op);
    case Kind::Hardswish: return xnn_create_hardswish_nc_f32(1, 1, 1, 0, op);
    case Kind::LeakyRelu: return xnn_create_leaky_relu_nc_f32(1, 1, 1, float(act.param("negative_slope")), 0, op);
    // Clamp to [0, inf) is XNNPACK's relu: it then picks its relu microkernel.
    case Kind::Relu: return xnn_create_clamp_nc_f32(1, 1, 1, 0.f, inf, 0, op);
    case Kind::Relu6: return xnn_create_clamp_nc_f32(1, 1, 1, 0.f, 6.f, 0, op);
    case Kind::Hardtanh:
      return xnn_create_clamp_nc_f32(1, 1, 1, float(act.param("min_val")), float(act.param("max_val")), 0, op);
    default: return xnn_status_unsupported_parameter;
  }
}

xnn_status SetupOp(Kind kind, xnn_operator_t op, std::size_t n, const float* x, float* y, pthreadpool_t pool) {
  switch (kind) {
    case Kind::Sigmoid: return xnn_setup_sigmoid_nc_f32(op, n, x, y, pool);
    case Kind::Elu: return xnn_setup_elu_nc_f32(op, n, x, y, pool);
    case Kind::Hardswish: return xnn_setup_hardswish_nc_f32(op, n, x, y, pool);
    case Kind::LeakyRelu: return xnn_setup_leaky_relu_nc_f32(op, n, x, y, pool);
    case Kind::Relu:
    case Kind::Relu6:
    case Kind::Hardtanh: return xnn_setup_clamp_nc_f32(op, n, x, y, pool);
    default: return xnn_status_unsupported_parameter;
  }
}

class XnnpackRunner : public Runner {
 public:
  // Takes the created operator; the pool is nullptr for one thread (XNNPACK then runs inline).
  XnnpackRunner(const Case& c, xnn_operator_t op, pthreadpool_t pool)
      : op_(op), pool_(pool), x_(c.n), dy_(c.n), out_(c.n) {
    FillInputs(x_.data(), c.n, 1);
    FillInputs(dy_.data(), c.n, 2);  // unused: forward only, but every runner has the three buffers
    input = x_.data(), gradient = dy_.data(), output = out_.data();
    bytes = 2 * c.n * sizeof(float);
  }
  ~XnnpackRunner() override {
    xnn_delete_operator(op_);
    if (pool_) pthreadpool_destroy(pool_);
  }
  XnnpackRunner(const XnnpackRunner&) = delete;
  XnnpackRunner& operator=(const XnnpackRunner&) = delete;
  // Setup binds the buffers once; each call only runs the operator.
  bool Bind(Kind kind) { return SetupOp(kind, op_, x_.size(), x_.data(), out_.data(), pool_) == xnn_status_success; }
  void Run() override { xnn_run_operator(op_, pool_); }

 private:
  xnn_operator_t op_;
  pthreadpool_t pool_;
  Buffer<float> x_, dy_, out_;
};

}  // namespace

Peer XnnpackPeer() {
  return {"XNNPACK", [](const Case& c) -> std::unique_ptr<Runner> {
            if (c.storage != Case::Storage::kNone) return nullptr;  // float32 and float64 only here
            if (c.f64 || c.direction != Direction::kForward) return nullptr;
            static const bool initialized = xnn_initialize(nullptr) == xnn_status_success;  // fails on CPUs it has no kernels for
            if (!initialized) return nullptr;
            const Activation act = Activation::parse(c.spec);
            xnn_operator_t op = nullptr;
            // Creation refuses parameters XNNPACK does not take (e.g. elu's alpha <= 0): no runner.
            if (CreateOp(act, &op) != xnn_status_success) return nullptr;
            pthreadpool_t pool = nullptr;
            if (c.threads > 1 && !(pool = pthreadpool_create(std::size_t(c.threads)))) {
              xnn_delete_operator(op);
              return nullptr;
            }
            auto runner = std::make_unique<XnnpackRunner>(c, op, pool);
            if (!runner->Bind(act.kind())) return nullptr;
            return runner;
          }};
}

}  // namespace actlab::bench

// The plugin's entry point (bench/peers.cc).
extern "C" __attribute__((visibility("default"))) void actlab_bench_peer(actlab::bench::Peer* out) {
  *out = actlab::bench::XnnpackPeer();
}
