// The catalogue: every activation's definition, in list.inc order, and lookup by name.
#include <array>

#include "activations/all-inl.h"  // generated from list.inc: every src/activations/<name>-inl.h
#include "registry.h"
#include "actlab/actlab.h"
#include "kernels/table.h"

namespace actlab {
namespace {
const Definition* const kDefinitions[] = {
#define ACTLAB_ACTIVATION(ident, name) &def::k##ident,
#include "actlab/list.inc"
#undef ACTLAB_ACTIVATION
};
static_assert(std::size(kDefinitions) == kernels::kNumKinds);
}  // namespace

const Definition& definition(Kind kind) { return *kDefinitions[static_cast<std::size_t>(kind)]; }

std::vector<double> ReferenceParams(const Activation& act) {
  std::vector<double> p(kernels::kMaxParams, 0.0);
  const auto& params = act.info().params;
  for (std::size_t i = 0; i < params.size(); ++i) p[i] = act.param(params[i].name);
  if (act.info().layout == Layout::kChannels) p[0] = act.weights()[0];
  return p;
}

std::span<const Info> catalog() {
  // Built on first use: the definitions live in inline variables of other headers.
  static const auto infos = [] {
    std::array<Info, kernels::kNumKinds> out;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = kDefinitions[i]->info;
    return out;
  }();
  return infos;
}

const Info& info(Kind kind) { return catalog()[static_cast<std::size_t>(kind)]; }

const Info* find(std::string_view name) {
  for (const Info& i : catalog()) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

std::vector<std::string> catalog_specs() {
  std::vector<std::string> specs;
  for (const Info& i : catalog()) specs.emplace_back(i.name);
  for (const Info& i : catalog()) specs.insert(specs.end(), i.variants.begin(), i.variants.end());
  for (const Info& i : catalog()) {
    if (i.ulp_f32_fast < 0) continue;
    specs.push_back(std::string(i.name) + "(tier=fast)");
    for (std::string_view v : i.variants) specs.push_back(Activation::parse(v).with_tier(Tier::kFast).spec());
  }
  return specs;
}
}  // namespace actlab
