// Picks the best CPU target at run time (Highway's foreach_target.h / HWY_EXPORT /
// HWY_DYNAMIC_DISPATCH) and gives its kernels: one table per target, gathered from the shards that
// compile every activation's vector math once per target (shard.cc), chosen once per array call,
// never per element.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/dispatch.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <utility>

#include "hwy/highway.h"
#include "kernels/narrow-inl.h"
#include "kernels/table.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::HWY_NAMESPACE {

// Defined by shard.cc, one instantiation per shard.
template <int shard>
void FillShard(kernels::Kernels& k);

template <int... shard>
void FillShards(kernels::Kernels& k, std::integer_sequence<int, shard...>) {
  (FillShard<shard>(k), ...);
}

const kernels::Kernels* GetKernels() {
  static const kernels::Kernels table = [] {
    kernels::Kernels k;
    k.bf16 = MakeNarrowBF16();
    k.f16 = MakeNarrowF16();
    k.scale_near = narrow::ScaleNear;
    FillShards(k, std::make_integer_sequence<int, ACTLAB_KERNEL_SHARDS>());
    return k;
  }();
  return &table;
}

}  // namespace actlab::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "actlab/actlab.h"

namespace actlab {
HWY_EXPORT(GetKernels);

namespace kernels {
const Kernels& active() { return *HWY_DYNAMIC_DISPATCH(GetKernels)(); }
}  // namespace kernels

const std::vector<std::string>& CompiledTargets() {
  // Read once, before any force_target narrows what Highway reports.
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int64_t target : hwy::SupportedAndGeneratedTargets()) out.emplace_back(hwy::TargetName(target));
    return out;
  }();
  return names;
}

std::string& ForcedTarget() {
  static std::string forced;
  return forced;
}

std::vector<std::string> compiled_targets() { return CompiledTargets(); }

std::string current_target() {
  // SupportedAndGeneratedTargets() lists the best target first.
  return ForcedTarget().empty() ? CompiledTargets().front() : ForcedTarget();
}

void force_target(std::string_view name) {
  const auto& names = CompiledTargets();
  if (name.empty()) {
    hwy::SetSupportedTargetsForTest(0);
    ForcedTarget().clear();
    return;
  }
  for (int64_t bits = 1; bits != 0 && bits <= HWY_TARGETS; bits <<= 1) {
    if ((bits & HWY_TARGETS) && name == hwy::TargetName(bits)) {
      if (std::find(names.begin(), names.end(), name) == names.end()) break;
      hwy::SetSupportedTargetsForTest(bits);
      ForcedTarget() = std::string(name);
      return;
    }
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw Error("force_target: unknown or unsupported CPU target '" + std::string(name) +
              "' (this CPU runs: " + list + ")");
}

namespace {
// ACTLAB_TARGET=AVX2 forces a target for a whole process (tests, benchmarks, the CLI).
const bool kTargetFromEnvironment = [] {
  const char* name = std::getenv("ACTLAB_TARGET");
  if (!name || !*name) return false;
  try {
    force_target(name);
  } catch (const Error& e) {
    std::fprintf(stderr, "actlab: ACTLAB_TARGET ignored: %s\n", e.what());
    return false;
  }
  return true;
}();
}  // namespace
}  // namespace actlab
#endif
