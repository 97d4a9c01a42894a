#include "lab/experiments/experiment.h"

#include <cmath>

namespace actlab::lab {

#define ACTLAB_EXPERIMENT(fn, id, title) Result fn(const Context&);
#include "lab/experiments/list.inc"
#undef ACTLAB_EXPERIMENT

namespace {
const Experiment kExperiments[] = {
#define ACTLAB_EXPERIMENT(fn, id, title) {id, title, fn},
#include "lab/experiments/list.inc"
#undef ACTLAB_EXPERIMENT
};
}  // namespace

std::span<const Experiment> Experiments() { return kExperiments; }

const Experiment* FindExperiment(const std::string& id) {
  for (const Experiment& e : kExperiments) {
    if (id == e.id) return &e;
  }
  return nullptr;
}

const char* Name(Verdict v) {
  switch (v) {
    case Verdict::kConfirmed: return "confirmed";
    case Verdict::kNotConfirmed: return "not confirmed";
    case Verdict::kMixed: return "mixed";
  }
  return "?";
}

nlohmann::json NumberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

std::vector<double> Count(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = double(i + 1);
  return v;
}

}  // namespace actlab::lab
