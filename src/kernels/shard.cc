// One shard of the kernel tables: the activations whose index in list.inc is ACTLAB_KERNEL_SHARD
// modulo ACTLAB_KERNEL_SHARDS, compiled once per CPU target (foreach_target.h). The tables are
// split so that a build compiles them in parallel: in one file they were the longest step of every
// build (12 minutes under the sanitizers). dispatch.cc gathers the shards of each target.
#ifndef ACTLAB_KERNEL_SHARD
#error "compile with -DACTLAB_KERNEL_SHARD=i (CMakeLists.txt does, once per shard)"
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/shard.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "activations/all-inl.h"  // generated from list.inc: every src/activations/<name>-inl.h
#include "hwy/highway.h"
#include "kernels/driver-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {
namespace {

// Instantiates an activation's tables only in its own shard (a discarded branch of a template
// is not instantiated).
template <class Op, Kind kind, int shard>
void FillRow(kernels::Kernels& k) {
  constexpr auto row = static_cast<std::size_t>(kind);
  if constexpr (row % ACTLAB_KERNEL_SHARDS == shard) {
    k.f32[row] = MakeTable<Op, float>();
    k.f32_fast[row] = MakeFastTable<Op>(k.f32[row]);
    k.f64[row] = MakeTable<Op, double>();
  }
}

}  // namespace

template <int shard>
void FillShard(kernels::Kernels& k) {
#define ACTLAB_ACTIVATION(ident, name) FillRow<ops::ident, Kind::ident, shard>(k);
#include "actlab/list.inc"
#undef ACTLAB_ACTIVATION
}
template void FillShard<ACTLAB_KERNEL_SHARD>(kernels::Kernels&);

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();
