#include "narrow.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/parallel.h"
#include "kernels/table.h"

namespace actlab::narrow {
namespace {

// Elements of the longest stream per block: the block's float32 copies stay in L1.
constexpr std::size_t kBlock = 2048;

template <class S>
const kernels::Narrow& Conversions() {
  if constexpr (std::is_same_v<S, bfloat16>) return kernels::active().bf16;
  else return kernels::active().f16;
}

template <class S>
const std::uint16_t* Raw(const S* p) { return reinterpret_cast<const std::uint16_t*>(p); }
template <class S>
std::uint16_t* Raw(S* p) { return reinterpret_cast<std::uint16_t*>(p); }

// The spacing of double at |v| (2^-1074 below the normals).
double Ulp(double v) {
  v = std::fabs(v);
  return v < 0x1p-1022 ? 0x1p-1074 : std::ldexp(1.0, std::ilogb(v) - 52);
}

// v correctly rounded to S: through double rounded to odd, then half.h's rounding.
template <class S>
std::uint16_t RoundQuad(Quad v) {
  double d = static_cast<double>(v);
  if (v == v && static_cast<Quad>(d) != v) {
    if ((d < 0 ? -Quad(d) : Quad(d)) > (v < 0 ? -v : v)) d = std::nextafter(d, 0.0);
    std::uint64_t b;
    std::memcpy(&b, &d, sizeof b);
    b |= 1;
    std::memcpy(&d, &b, sizeof d);
  }
  return S(d).bits;
}

struct Buffers {
  std::vector<float> in[3], out[2], scale;
  std::vector<double> wide_in[3], wide_out[2];
  std::vector<std::uint32_t> unsure;
};
thread_local Buffers buffers;

// One block of `count` units from unit `first`.
template <class S>
void Block(const Shape& shape, const S* const* in, S* const* out, const Compute& c, std::size_t first,
           std::size_t count, std::size_t block_units, Buffers& buf) {
  const kernels::Narrow& conv = Conversions<S>();
  float* fin[3] = {};
  float* fout[2] = {};
  for (int i = 0; i < shape.inputs; ++i) {
    buf.in[i].resize(block_units * shape.in_unit[i]);
    fin[i] = buf.in[i].data();
    conv.widen(Raw(in[i]) + first * shape.in_unit[i], fin[i], count * shape.in_unit[i]);
  }
  for (int k = 0; k < shape.outputs; ++k) {
    buf.out[k].resize(block_units * shape.out_unit[k]);
    fout[k] = buf.out[k].data();
  }
  if (c.f64_block) {
    double* win[3] = {};
    double* wout[2] = {};
    for (int i = 0; i < shape.inputs; ++i) {
      buf.wide_in[i].assign(fin[i], fin[i] + count * shape.in_unit[i]);
      win[i] = buf.wide_in[i].data();
    }
    for (int k = 0; k < shape.outputs; ++k) {
      buf.wide_out[k].resize(count * shape.out_unit[k]);
      wout[k] = buf.wide_out[k].data();
    }
    c.f64_block(win, wout, first, count);
    for (int k = 0; k < shape.outputs; ++k) {
      std::uint16_t* o = Raw(out[k]) + first * shape.out_unit[k];
      for (std::size_t j = 0; j < count * shape.out_unit[k]; ++j) o[j] = S(wout[k][j]).bits;
    }
    return;
  }
  c.f32(fin, fout, first, count);
  const float steps32 = float(2 * c.bound_f32 + 2);
  const double steps64 = double(2 * c.bound_f64 + 2);
  for (int k = 0; k < shape.outputs; ++k) {
    const std::size_t n = count * shape.out_unit[k];
    buf.scale.resize(block_units * shape.out_unit[k]);
    const float* scale = c.scale ? c.scale(fin, k, n, buf.scale.data()) : nullptr;
    buf.unsure.resize(block_units * shape.out_unit[k] + 64);
    std::uint16_t* o = Raw(out[k]) + first * shape.out_unit[k];
    const std::size_t m = conv.narrow(fout[k], scale, o, n, steps32, buf.unsure.data());
    for (std::size_t u = 0; u < m; ++u) {
      const std::size_t j = buf.unsure[u];
      const double v = c.f64(fin, k, j, first);
      std::uint16_t r = S(v).bits;
      if (c.ref && std::isfinite(v)) {
        const double width = steps64 * std::max(Ulp(v), scale ? Ulp(scale[j]) : 0.0);
        const double a = std::fabs(v);
        if (S(std::max(a - width, 0.0)).bits != S(a + width).bits) r = RoundQuad<S>(c.ref(fin, k, j, first));
      }
      o[j] = r;
    }
  }
}

}  // namespace

template <class S>
void Run(const Shape& shape, const S* const* in, S* const* out, const Compute& c) {
  std::size_t longest = 1;
  for (int i = 0; i < shape.inputs; ++i) longest = std::max(longest, shape.in_unit[i]);
  for (int k = 0; k < shape.outputs; ++k) longest = std::max(longest, shape.out_unit[k]);
  const std::size_t block_units = std::max<std::size_t>(1, kBlock / longest);
  const std::size_t unit0 = shape.in_unit[0];
  kernels::ForEachChunk(shape.units * unit0, unit0, c.parallel_from, [&](std::size_t, std::size_t b, std::size_t e) {
    Buffers& buf = buffers;
    for (std::size_t u = b / unit0; u < e / unit0; u += block_units) {
      Block(shape, in, out, c, u, std::min(block_units, e / unit0 - u), block_units, buf);
    }
  });
}

template <class S>
void Widen(const S* in, float* out, std::size_t n) {
  Conversions<S>().widen(Raw(in), out, n);
}

template void Run<bfloat16>(const Shape&, const bfloat16* const*, bfloat16* const*, const Compute&);
template void Widen<bfloat16>(const bfloat16*, float*, std::size_t);
template void Widen<float16>(const float16*, float*, std::size_t);
template void Run<float16>(const Shape&, const float16* const*, float16* const*, const Compute&);

}  // namespace actlab::narrow
