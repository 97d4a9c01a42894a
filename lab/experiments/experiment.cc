#include "lab/experiments/experiment.h"

#include <cmath>
#include <cstdio>

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

MeanStd Summarise(const std::vector<double>& values) {
  MeanStd m;
  if (values.empty()) return m;
  for (double v : values) m.mean += v;
  m.mean /= double(values.size());
  for (double v : values) m.std += (v - m.mean) * (v - m.mean);
  m.std = values.size() > 1 ? std::sqrt(m.std / double(values.size() - 1)) : 0;
  return m;
}

std::string Format(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string Format(const MeanStd& m, int digits) { return Format(m.mean, digits) + " ± " + Format(m.std, 2); }

}  // namespace actlab::lab
