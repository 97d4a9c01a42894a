#include "lab/run.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "actlab/actlab.h"
#include "lab/experiments/experiment.h"
#include "lab/report/report.h"

namespace actlab::lab {

void ListExperiments() {
  for (const Experiment& e : Experiments()) std::printf("%-7s %s\n", e.id, e.title);
}

void RunLab(const LabOptions& options) {
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
  const bool tty = isatty(2);
  const Context context{options.quick, options.seed};
  // The lab's arrays are small (a batch of a small net): threads would only add fork/join cost,
  // and on a busy machine much more. Results are the same for any thread count.
  const int threads_before = num_threads();
  set_num_threads(1);
  std::vector<Result> results;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (tty) {
      const int width = 30, filled = int(width * i / chosen.size());
      std::fprintf(stderr, "\r[%s%s] %zu/%zu %-7s %-50.50s", std::string(std::size_t(filled), '#').c_str(),
                   std::string(std::size_t(width - filled), ' ').c_str(), i, chosen.size(), chosen[i]->id, chosen[i]->title);
    } else {
      std::fprintf(stderr, "lab: %zu/%zu %s %s\n", i + 1, chosen.size(), chosen[i]->id, chosen[i]->title);
    }
    Result r = chosen[i]->run(context);
    r.id = chosen[i]->id;
    r.title = chosen[i]->title;
    results.push_back(std::move(r));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  set_num_threads(threads_before);
  if (tty) std::fprintf(stderr, "\r%*s\r", 100, "");
  WriteReport(results, options.out, {options.quick, options.seed, seconds});
  std::printf("%-7s %-48s %s\n", "id", "claim", "verdict");
  for (const Result& r : results) std::printf("%-7s %-48.48s %s\n", r.id.c_str(), r.title.c_str(), Name(r.verdict));
  std::printf("report: %s/index.html (experiments %.1f s)\n", options.out.c_str(), seconds);
}

}  // namespace actlab::lab
