// Each direction of Activation on the 16-bit types, as narrow::Run sees it: the shape of its
// units, its float32 kernel on a block, one element again in float64, and its reference.
#include "narrow_calls.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "actlab/accuracy.h"
#include "registry.h"

namespace actlab::narrow {
namespace {

using kernels::Args;

std::vector<double> Wide(const float* p, std::size_t n) { return {p, p + n}; }

// Where f' has roots (accuracy::DerivativeRoots, found once per spec): near them the backward's
// error bound is in ulps of |dy| (accuracy::NearRoot), elsewhere in ulps of the result. As float
// interval bounds, each widened by a float step outward.
const std::vector<float>& NearRoots(const Activation& act) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<float>> found;
  const std::lock_guard lock(mutex);
  const auto [it, added] = found.try_emplace(act.spec());
  if (added) {
    for (double r : accuracy::DerivativeRoots(act)) {
      const double w = accuracy::NearRootRadius(r);
      it->second.push_back(std::nextafter(float(r - w), -INFINITY));
      it->second.push_back(std::nextafter(float(r + w), INFINITY));
    }
  }
  return it->second;
}

struct Context {
  const Activation& act;
  const Args& args;
  const Definition& def = definition(act.kind());
  const kernels::Table<float>& t32 = kernels::active().get<float>(act.kind(), act.tier());
  const kernels::Table<double>& t64 = kernels::active().get<double>(act.kind());

  Compute Base(bool backward) const {
    Compute c;
    c.bound_f32 = act.ulp_bound_f32(backward);
    c.bound_f64 = act.ulp_bound_f64(backward);
    c.parallel_from = t32.parallel_from;
    return c;
  }
  Args At(std::size_t first) const {
    Args a = args;
    a.first = first;
    return a;
  }
  // The reference's parameters at element i (PReLU: its channel's slope first).
  std::vector<double> ParamsAt(std::size_t i) const {
    std::vector<double> p(args.params, args.params + kernels::kMaxParams);
    if (act.info().layout == Layout::kChannels) p[0] = args.weights[(i / args.inner) % args.channels];
    return p;
  }
  const std::vector<float>& roots = NearRoots(act);
  bool NearRoot(float x) const {
    for (std::size_t j = 0; j < roots.size(); j += 2) {
      if (x > roots[j] && x < roots[j + 1]) return true;
    }
    return false;
  }
  // Kernels::scale_near over the roots' intervals.
  const float* ScaleNear(const float* x, const float* a, const float* b, std::size_t n, float* out) const {
    kernels::active().scale_near(x, a, b, roots.data(), roots.size() / 2, out, n);
    return out;
  }
};

// Rows of PyTorch's F.glu layout: `unit` elements, up in the first half and the gate in the second.
struct Halves {
  std::size_t unit, half = unit / 2;
  float Up(const float* x, std::size_t row, std::size_t col) const { return x[row * unit + col]; }
  float Gate(const float* x, std::size_t row, std::size_t col) const { return x[row * unit + half + col]; }
};

}  // namespace

template <class S>
void Forward(const Activation& act, const Args& args, std::size_t unit, std::span<const S> x, std::span<S> y) {
  const Context cx{act, args};
  Compute c = cx.Base(false);
  const Layout layout = act.info().layout;
  Shape shape;
  shape.units = x.size() / unit;
  shape.in_unit[0] = unit;
  shape.out_unit[0] = act.output_size(unit);
  if (layout == Layout::kRows) {
    c.f64_block = [&](const double* const* in, double* const* out, std::size_t first, std::size_t count) {
      cx.t64.forward(in[0], out[0], count * unit, cx.At(first * unit));
    };
  } else {
    c.f32 = [&](const float* const* in, float* const* out, std::size_t first, std::size_t count) {
      cx.t32.forward(in[0], out[0], count * unit, cx.At(first * unit));
    };
  }
  const Halves h{unit};
  if (layout == Layout::kGated) {
    c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t) {
      double gate = h.Gate(in[0], j / h.half, j % h.half), up = h.Up(in[0], j / h.half, j % h.half), out;
      cx.t64.gated_forward(&gate, &up, &out, 1, cx.args);
      return out;
    };
    c.ref = [&](const float* const* in, int, std::size_t j, std::size_t) {
      return Quad(h.Up(in[0], j / h.half, j % h.half)) * cx.def.f.q(h.Gate(in[0], j / h.half, j % h.half), args.params);
    };
  } else if (layout != Layout::kRows) {  // output j from unit j: one element, or a maxout group
    c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t first) {
      double out, x = in[0][j];
      if (unit == 1) {
        cx.t64.forward(&x, &out, 1, cx.At(first + j));
      } else {
        const std::vector<double> w = Wide(in[0] + j * unit, unit);
        cx.t64.forward(w.data(), &out, unit, cx.At((first + j) * unit));
      }
      return out;
    };
    if (unit == 1 && cx.def.f) {
      c.ref = [&](const float* const* in, int, std::size_t j, std::size_t first) {
        const std::size_t i = first + j;
        return cx.def.f_at ? Quad(cx.def.f_at(in[0][j], args.params, i)) : cx.def.f.q(in[0][j], cx.ParamsAt(i).data());
      };
    }
  }
  const S* ins[] = {x.data()};
  S* outs[] = {y.data()};
  Run(shape, ins, outs, c);
}

template <class S>
void Backward(const Activation& act, const Args& args, std::size_t unit, std::span<const S> x,
              std::span<const S> dy, std::span<S> dx) {
  const Context cx{act, args};
  Compute c = cx.Base(true);
  const Layout layout = act.info().layout;
  const std::size_t dy_unit = act.output_size(unit);
  Shape shape;
  shape.units = x.size() / unit;
  shape.inputs = 2;
  shape.in_unit[0] = unit;
  shape.in_unit[1] = dy_unit;
  shape.out_unit[0] = unit;
  if (layout == Layout::kRows) {
    c.f64_block = [&](const double* const* in, double* const* out, std::size_t first, std::size_t count) {
      cx.t64.backward(in[0], in[1], out[0], count * unit, cx.At(first * unit));
    };
  } else {
    c.f32 = [&](const float* const* in, float* const* out, std::size_t first, std::size_t count) {
      cx.t32.backward(in[0], in[1], out[0], count * unit, cx.At(first * unit));
    };
  }
  const Halves h{unit};
  if (layout == Layout::kGated) {
    // dx's row: dup = dy f(gate) in the first half, dgate = dy up f'(gate) in the second.
    c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t) {
      const std::size_t row = j / unit, col = j % h.half;
      double gate = h.Gate(in[0], row, col), up = h.Up(in[0], row, col), d = in[1][row * h.half + col], dgate, dup;
      cx.t64.gated_backward(&gate, &up, &d, &dgate, &dup, 1, cx.args);
      return j % unit < h.half ? dup : dgate;
    };
    c.ref = [&](const float* const* in, int, std::size_t j, std::size_t) {
      const std::size_t row = j / unit, col = j % h.half;
      const Quad gate = h.Gate(in[0], row, col), up = h.Up(in[0], row, col), d = in[1][row * h.half + col];
      return j % unit < h.half ? d * cx.def.f.q(gate, args.params) : d * up * cx.def.df.q(gate, args.params);
    };
    if (!cx.roots.empty()) {
      c.scale = [&](const float* const* in, int, std::size_t n, float* scale) {
        for (std::size_t j = 0; j < n; ++j) {
          const std::size_t row = j / unit, col = j % h.half;
          const bool near = j % unit >= h.half && cx.NearRoot(h.Gate(in[0], row, col));
          scale[j] = near ? in[1][row * h.half + col] * h.Up(in[0], row, col) : 0.0f;
        }
        return static_cast<const float*>(scale);
      };
    }
  } else if (layout != Layout::kRows) {  // dx's element j from x's unit and dy's element j / unit
    c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t first) {
      if (unit == 1) {
        double x = in[0][j], d = in[1][j], out;
        cx.t64.backward(&x, &d, &out, 1, cx.At(first + j));
        return out;
      }
      const std::size_t u = j / unit;
      const std::vector<double> w = Wide(in[0] + u * unit, unit), d = Wide(in[1] + u * dy_unit, dy_unit);
      std::vector<double> out(unit);
      cx.t64.backward(w.data(), d.data(), out.data(), unit, cx.At((first + u) * unit));
      return out[j % unit];
    };
    if (unit == 1 && cx.def.df) {
      c.ref = [&](const float* const* in, int, std::size_t j, std::size_t first) {
        const std::size_t i = first + j;
        return Quad(in[1][j]) * (cx.def.df_at ? Quad(cx.def.df_at(in[0][j], args.params, i))
                                              : cx.def.df.q(in[0][j], cx.ParamsAt(i).data()));
      };
      if (!cx.roots.empty()) {
        c.scale = [&](const float* const* in, int, std::size_t n, float* scale) {
          return cx.ScaleNear(in[0], in[1], nullptr, n, scale);
        };
      }
    }
  }
  const S* ins[] = {x.data(), dy.data()};
  S* outs[] = {dx.data()};
  Run(shape, ins, outs, c);
}

template <class S>
void FromOutput(const Activation& act, const Args& args, std::size_t unit, std::span<const S> y,
                std::span<const S> dy, std::span<S> dx) {
  const Context cx{act, args};
  Compute c = cx.Base(true);
  Shape shape;
  shape.units = y.size() / unit;
  shape.inputs = 2;
  shape.in_unit[0] = shape.in_unit[1] = shape.out_unit[0] = unit;
  if (act.info().layout == Layout::kRows) {
    c.f64_block = [&](const double* const* in, double* const* out, std::size_t first, std::size_t count) {
      cx.t64.from_output(in[0], in[1], out[0], count * unit, cx.At(first * unit));
    };
  } else {
    c.f32 = [&](const float* const* in, float* const* out, std::size_t first, std::size_t count) {
      cx.t32.from_output(in[0], in[1], out[0], count * unit, cx.At(first * unit));
    };
    c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t first) {
      double yv = in[0][j], d = in[1][j], out;
      cx.t64.from_output(&yv, &d, &out, 1, cx.At(first + j));
      return out;
    };
    c.ref = [&](const float* const* in, int, std::size_t j, std::size_t first) {
      const std::size_t i = first + j;
      return Quad(in[1][j]) * (cx.def.df_from_y_at ? Quad(cx.def.df_from_y_at(in[0][j], args.params, i))
                                                   : cx.def.df_from_y.q(in[0][j], cx.ParamsAt(i).data()));
    };
  }
  const S* ins[] = {y.data(), dy.data()};
  S* outs[] = {dx.data()};
  Run(shape, ins, outs, c);
}

template <class S>
void GatedForward(const Activation& act, const Args& args, std::span<const S> gate, std::span<const S> up,
                  std::span<S> y) {
  const Context cx{act, args};
  Compute c = cx.Base(false);
  Shape shape;
  shape.units = gate.size();
  shape.inputs = 2;
  c.f32 = [&](const float* const* in, float* const* out, std::size_t, std::size_t count) {
    cx.t32.gated_forward(in[0], in[1], out[0], count, cx.args);
  };
  c.f64 = [&](const float* const* in, int, std::size_t j, std::size_t) {
    double g = in[0][j], u = in[1][j], out;
    cx.t64.gated_forward(&g, &u, &out, 1, cx.args);
    return out;
  };
  c.ref = [&](const float* const* in, int, std::size_t j, std::size_t) {
    return Quad(in[1][j]) * cx.def.f.q(in[0][j], args.params);
  };
  const S* ins[] = {gate.data(), up.data()};
  S* outs[] = {y.data()};
  Run(shape, ins, outs, c);
}

template <class S>
void GatedBackward(const Activation& act, const Args& args, std::span<const S> gate, std::span<const S> up,
                   std::span<const S> dy, std::span<S> dgate, std::span<S> dup) {
  const Context cx{act, args};
  Compute c = cx.Base(true);
  Shape shape;
  shape.units = gate.size();
  shape.inputs = 3;
  shape.outputs = 2;
  c.f32 = [&](const float* const* in, float* const* out, std::size_t, std::size_t count) {
    cx.t32.gated_backward(in[0], in[1], in[2], out[0], out[1], count, cx.args);
  };
  c.f64 = [&](const float* const* in, int k, std::size_t j, std::size_t) {
    double g = in[0][j], u = in[1][j], d = in[2][j], dg, du;
    cx.t64.gated_backward(&g, &u, &d, &dg, &du, 1, cx.args);
    return k == 0 ? dg : du;
  };
  c.ref = [&](const float* const* in, int k, std::size_t j, std::size_t) {
    const Quad g = in[0][j], u = in[1][j], d = in[2][j];
    return k == 0 ? d * u * cx.def.df.q(g, args.params) : d * cx.def.f.q(g, args.params);
  };
  if (!cx.roots.empty()) {
    c.scale = [&](const float* const* in, int k, std::size_t n, float* scale) -> const float* {
      return k == 0 ? cx.ScaleNear(in[0], in[2], in[1], n, scale) : nullptr;
    };
  }
  const S* ins[] = {gate.data(), up.data(), dy.data()};
  S* outs[] = {dgate.data(), dup.data()};
  Run(shape, ins, outs, c);
}

template <class S>
void ParamGrad(const kernels::Table<float>& t32, const S* x, const S* dy, double* dw, std::size_t n, const Args& args) {
  constexpr std::size_t kBlock = 2048;
  std::vector<float> wx(std::min(n, kBlock)), wdy(wx.size());
  for (std::size_t b = 0; b < n; b += kBlock) {
    const std::size_t m = std::min(kBlock, n - b);
    Widen(x + b, wx.data(), m);
    Widen(dy + b, wdy.data(), m);
    Args a = args;
    a.first = args.first + b;
    t32.param_grad(wx.data(), wdy.data(), dw, m, a);
  }
}

#define ACTLAB_NARROW_CALLS(S)                                                                                  \
  template void Forward<S>(const Activation&, const Args&, std::size_t, std::span<const S>, std::span<S>);     \
  template void Backward<S>(const Activation&, const Args&, std::size_t, std::span<const S>, std::span<const S>, \
                            std::span<S>);                                                                    \
  template void FromOutput<S>(const Activation&, const Args&, std::size_t, std::span<const S>,                 \
                              std::span<const S>, std::span<S>);                                              \
  template void GatedForward<S>(const Activation&, const Args&, std::span<const S>, std::span<const S>,        \
                                std::span<S>);                                                                \
  template void GatedBackward<S>(const Activation&, const Args&, std::span<const S>, std::span<const S>,       \
                                 std::span<const S>, std::span<S>, std::span<S>);                             \
  template void ParamGrad<S>(const kernels::Table<float>&, const S*, const S*, double*, std::size_t, const Args&);
ACTLAB_NARROW_CALLS(bfloat16)
ACTLAB_NARROW_CALLS(float16)
#undef ACTLAB_NARROW_CALLS

}  // namespace actlab::narrow
