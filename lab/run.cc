#include "lab/run.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "lab/report/report.h"
#include "lab/threads.h"

namespace actlab::lab {

void ListExperiments() {
  for (const Experiment& e : Experiments()) std::printf("%-7s %s\n", e.id, e.title);
}

std::vector<Result> RunExperiments(const LabOptions& options, const Progress& progress) {
  std::vector<const Experiment*> chosen;
  for (const std::string& id : options.only) {
    const Experiment* e = FindExperiment(id);
    if (!e) {
      std::string known;
      for (const Experiment& x : Experiments()) known += (known.empty() ? "" : ", ") + std::string(x.id);
      throw std::invalid_argument("unknown experiment '" + id + "' (known: " + known + ")");
    }
    chosen.push_back(e);
  }
  if (chosen.empty()) {
    for (const Experiment& e : Experiments()) chosen.push_back(&e);
  }
  const Context context{options.quick, options.seed};
  const ScopedThreadCount one_thread(1);  // the lab's policy (lab/threads.h)
  std::vector<Result> results;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (progress) progress(i, chosen.size(), chosen[i]);
    Result r = chosen[i]->run(context);
    r.id = chosen[i]->id;
    r.title = chosen[i]->title;
    results.push_back(std::move(r));
  }
  if (progress) progress(chosen.size(), chosen.size(), nullptr);
  return results;
}

void RunLab(const LabOptions& options) {
  const bool tty = isatty(2);
  const auto show = [tty](std::size_t i, std::size_t n, const Experiment* next) {
    if (!next) {
      if (tty) std::fprintf(stderr, "\r%*s\r", 100, "");
    } else if (tty) {
      const int width = 30, filled = int(width * i / n);
      std::fprintf(stderr, "\r[%s%s] %zu/%zu %-7s %-50.50s", std::string(std::size_t(filled), '#').c_str(),
                   std::string(std::size_t(width - filled), ' ').c_str(), i, n, next->id, next->title);
    } else {
      std::fprintf(stderr, "lab: %zu/%zu %s %s\n", i + 1, n, next->id, next->title);
    }
  };
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Result> results = RunExperiments(options, show);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WriteReport(results, options.out, {options.quick, options.seed, seconds});
  std::printf("%-7s %-48s %s\n", "id", "claim", "verdict");
  for (const Result& r : results) std::printf("%-7s %-48.48s %s\n", r.id.c_str(), r.title.c_str(), Name(r.verdict));
  std::printf("report: %s/index.html (experiments %.1f s)\n", options.out.c_str(), seconds);
}

}  // namespace actlab::lab
