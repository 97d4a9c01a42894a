#include "lab/experiments/cost.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "actlab/actlab.h"
#include "lab/engine/tensor.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"
#include "lab/threads.h"

namespace actlab::lab {
namespace {

// Seconds taken by one call of `f`.
template <class F>
double Seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

const Cost& CostRun::operator[](const std::string& label) const {
  for (const Cost& c : costs) {
    if (c.label == label) return c;
  }
  throw std::invalid_argument("no cost measured for '" + label + "'");
}

CostRun MeasureCosts(const std::vector<CostSubject>& subjects, const Context& ctx) {
  CostRun run;
  run.elements = ctx.quick ? std::size_t(1) << 16 : std::size_t(1) << 20;
  run.reps = ctx.quick ? 7 : 11;
  run.target = current_target();
  Rng rng(ctx.seed);
  std::vector<float> x(run.elements), dy(run.elements), y(run.elements), dx(run.elements);
  for (std::size_t i = 0; i < run.elements; ++i) x[i] = float(rng.Uniform(-6, 6)), dy[i] = float(rng.Uniform(-1, 1));

  std::vector<Activation> acts;
  for (const CostSubject& s : subjects) acts.push_back(Activation::parse(s.spec));
  std::vector<std::vector<double>> fwd(acts.size()), bwd(acts.size()), from_y(acts.size());
  const ScopedThreadCount one_thread(1);  // the cost on one thread is what the tables report
  for (int rep = -1; rep < run.reps; ++rep) {  // rep -1 warms up (code, caches, pages)
    for (std::size_t a = 0; a < acts.size(); ++a) {
      const Activation& f = acts[a];
      const double tf = Seconds([&] { f.forward(std::span<const float>(x), std::span<float>(y)); });
      const double tb = Seconds([&] {
        f.backward(std::span<const float>(x), std::span<const float>(dy), std::span<float>(dx));
      });
      double ty = -1;
      if (f.has_backward_from_output()) {
        ty = Seconds([&] {
          f.backward_from_output(std::span<const float>(y), std::span<const float>(dy), std::span<float>(dx));
        });
      }
      if (rep < 0) continue;
      fwd[a].push_back(tf), bwd[a].push_back(tb), from_y[a].push_back(ty);
    }
  }
  const double ns = 1e9 / double(run.elements);
  for (std::size_t a = 0; a < acts.size(); ++a) {
    Cost c{subjects[a].label, subjects[a].spec, Median(fwd[a]) * ns, Median(bwd[a]) * ns, 0, 0, -1, {}};
    c.both = c.forward + c.backward;
    for (int k = 0; k < run.reps; ++k) {
      c.each_forward.push_back(fwd[a][k] * ns);
      c.each_both.push_back((fwd[a][k] + bwd[a][k]) * ns);
    }
    c.min_both = *std::min_element(c.each_both.begin(), c.each_both.end());
    if (acts[a].has_backward_from_output()) c.from_output = Median(from_y[a]) * ns;
    run.costs.push_back(c);
  }
  return run;
}

std::string CostSetup(const CostRun& run) {
  const std::string size = run.elements == std::size_t(1) << 20
                               ? "2^20 rather than SPEC's 10^7 elements, to stay within the lab's time budget (4 MB "
                                 "per array)."
                               : "2^16 elements in the quick run.";
  return std::to_string(run.elements) + " float32 elements (x ~ U(-6, 6), dy ~ U(-1, 1)) through actlab::Activation "
         "(forward; backward from x; backward from y where f' is a function of y), one thread, CPU target " +
         run.target + ", std::chrono::steady_clock around each call, median of " + std::to_string(run.reps) +
         " repetitions after one warm-up, the activations taking turns within each repetition; forward+backward is "
         "the sum of the two medians (a call preempted by another process inflates one timing, not the median). " +
         size;
}

Table CostTable(const CostRun& run, const std::string& caption) {
  Table t{caption, {"activation", "spec", "forward ns/elem", "backward ns/elem", "forward+backward ns/elem",
                    "forward+backward, fastest repetition", "backward from y ns/elem"}, {}};
  for (const Cost& c : run.costs) {
    t.rows.push_back({c.label, c.spec, Format(c.forward, 3), Format(c.backward, 3), Format(c.both, 3),
                      Format(c.min_both, 3), c.from_output < 0 ? "-" : Format(c.from_output, 3)});
  }
  return t;
}

Figure CostFigure(const CostRun& run, const std::string& id, const std::string& title) {
  Figure f{id, title, "rank of the repetition (1 = fastest)", "forward+backward, ns per element", {}};
  f.style = "linespoints";
  for (const Cost& c : run.costs) {
    Series s{c.label, Count(c.each_both.size()), c.each_both};
    std::sort(s.y.begin(), s.y.end());
    f.series.push_back(s);
  }
  return f;
}

nlohmann::json CostJson(const CostRun& run) {
  nlohmann::json j = {{"elements", run.elements}, {"repetitions", run.reps}, {"target", run.target}};
  for (const Cost& c : run.costs) {
    j["ns_per_element"][c.spec] = {{"forward", c.forward},
                                   {"backward", c.backward},
                                   {"forward_backward", c.both},
                                   {"fastest_forward_backward", c.min_both}};
    if (c.from_output >= 0) j["ns_per_element"][c.spec]["backward_from_output"] = c.from_output;
  }
  return j;
}

CostRatio Ratio(const CostRun& run, const std::string& a, const std::string& b, Part part) {
  const Cost &x = run[a], &y = run[b];
  const auto& xs = part == Part::kForward ? x.each_forward : x.each_both;
  const auto& ys = part == Part::kForward ? y.each_forward : y.each_both;
  std::vector<double> r;
  for (std::size_t k = 0; k < xs.size() && k < ys.size(); ++k) r.push_back(xs[k] / ys[k]);
  if (r.empty()) return {};
  std::sort(r.begin(), r.end());
  const std::size_t q = (r.size() - 1) / 4;
  return {Median(r), Min(xs) / Min(ys), r[q], r[r.size() - 1 - q]};
}

std::string Describe(const CostRatio& ratio) {
  return Format(ratio.median, 3) + "x (fastest repetitions " + Format(ratio.fastest, 3) +
         "x; middle half of the repetitions " + Format(ratio.low, 3) + "x to " + Format(ratio.high, 3) + "x)";
}

nlohmann::json RatioJson(const CostRatio& ratio) {
  return {{"median", ratio.median}, {"fastest", ratio.fastest}, {"middle_half_low", ratio.low},
          {"middle_half_high", ratio.high}};
}

Reading AtLeast(const CostRatio& ratio, double factor) {
  const double lo = std::min(ratio.median, ratio.fastest), hi = std::max(ratio.median, ratio.fastest);
  if (lo >= factor) return Reading::kYes;
  if (hi <= 1) return Reading::kNo;
  return hi < factor ? Reading::kShort : Reading::kWithinNoise;
}

std::string TimingCaveat(const CostRun& run) {
  // ReLU only selects; Mish, and hard sigmoid's backward, are computed in float64 on every target
  // (README, "How float32 is computed").
  const bool avx512 = run.target.rfind("AVX3", 0) == 0;  // AVX3, AVX3_DL, AVX3_ZEN4, AVX3_SPR
  std::vector<std::string> own, wide;
  for (const Cost& c : run.costs) {
    if (c.spec == "relu") continue;
    if (c.spec == "mish") wide.push_back(c.label);
    else own.push_back(c.label + (avx512 && c.spec == "hardsigmoid" ? " (forward; its backward in float64)" : ""));
  }
  std::string text = "These timings are this machine's (CPU target " + run.target + ", one thread, a shared machine) "
                     "and depend on how actlab computes float32 there (README, 'How float32 is computed'): ";
  if (avx512) {
    text += "on AVX-512 targets such as this one " + Join(own) +
            (own.size() > 1 ? " have float32 math of their own" : " has float32 math of its own") +
            ", each result rounding once from a value carried in two parts; ";
    if (!wide.empty()) text += Join(wide) + " is computed in float64 and rounded once; ";
    text += "on AVX2 and below every smooth float32 function is computed in float64, so the ratios differ there.";
  } else {
    std::vector<std::string> all = own;
    all.insert(all.end(), wide.begin(), wide.end());
    text += "on this target " + Join(all) + (all.size() > 1 ? " are" : " is") +
            " computed in float64 and rounded once; AVX-512 targets have float32 math of their own for most smooth "
            "functions, so the ratios differ there.";
  }
  return text;
}

}  // namespace actlab::lab
