// Eigen (Debian's libeigen3-dev, 3.4) array expressions on the same data: forward only, float32
// and float64, the functions Eigen has as its own vectorised packet math (tanh, logistic, erf)
// and the compositions a user would write with them (silu, both gelus). Eigen's expressions run
// on one thread; for more, the array is split across OpenMP threads in equal static chunks, as a
// user of Eigen would split it. Built for this CPU (-march=native, bench/CMakeLists.txt): Eigen
// picks its packet width at compile time.
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <unsupported/Eigen/SpecialFunctions>

#include "actlab/actlab.h"
#include "measure.h"

namespace actlab::bench {
namespace {

enum class Function { kTanh, kSigmoid, kSilu, kGelu, kGeluTanh };

template <typename T>
using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

template <typename T>
void Apply(Function f, Eigen::Map<const Array<T>> x, Eigen::Map<Array<T>> y) {
  switch (f) {
    case Function::kTanh: y = x.tanh(); break;
    case Function::kSigmoid: y = x.logistic(); break;
    case Function::kSilu: y = x * x.logistic(); break;
    case Function::kGelu: y = T(0.5) * x * (T(1) + (x * T(M_SQRT1_2)).erf()); break;
    case Function::kGeluTanh:
      y = T(0.5) * x * (T(1) + (T(0.7978845608028654) * (x + T(0.044715) * x.cube())).tanh());
      break;
  }
}

template <typename T>
class EigenRunner : public Runner {
 public:
  EigenRunner(const Case& c, Function f) : f_(f), threads_(c.threads), x_(c.n), dy_(c.n), out_(c.n) {
    FillInputs(x_.data(), c.n, 1);
    FillInputs(dy_.data(), c.n, 2);  // unused: forward only, but every runner has the three buffers
    input = x_.data(), gradient = dy_.data(), output = out_.data();
    bytes = 2 * c.n * sizeof(T);
  }
  void Run() override {
    const std::ptrdiff_t n = std::ptrdiff_t(x_.size()), chunk = (n + threads_ - 1) / threads_;
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
    for (int t = 0; t < threads_; ++t) {
      const std::ptrdiff_t begin = std::min(n, t * chunk), count = std::min(n, begin + chunk) - begin;
      Apply<T>(f_, Eigen::Map<const Array<T>>(x_.data() + begin, count), Eigen::Map<Array<T>>(out_.data() + begin, count));
    }
  }

 private:
  Function f_;
  int threads_;
  Buffer<T> x_, dy_, out_;
};

}  // namespace

Peer EigenPeer() {
  return {"Eigen", [](const Case& c) -> std::unique_ptr<Runner> {
            if (c.storage != Case::Storage::kNone) return nullptr;  // float32 and float64 only here
            if (c.direction != Direction::kForward) return nullptr;
            const Activation act = Activation::parse(c.spec);
            Function f;
            switch (act.kind()) {
              case Kind::Tanh: f = Function::kTanh; break;
              case Kind::Sigmoid: f = Function::kSigmoid; break;
              case Kind::Silu: f = Function::kSilu; break;
              case Kind::Gelu: f = act.param("approximate") == 0 ? Function::kGelu : Function::kGeluTanh; break;
              default: return nullptr;
            }
            if (c.f64) return std::make_unique<EigenRunner<double>>(c, f);
            return std::make_unique<EigenRunner<float>>(c, f);
          }};
}

}  // namespace actlab::bench

// The plugin's entry point (bench/peers.cc).
extern "C" __attribute__((visibility("default"))) void actlab_bench_peer(actlab::bench::Peer* out) {
  *out = actlab::bench::EigenPeer();
}
