// actlab lab [--out DIR] [--quick] [--only EXP-NN...] [--seed N] [--list]: the experiments that
// measure the seeds' claims, and their report.
#include "cli/commands.h"
#include "lab/run.h"

namespace actlab::cli {

void AddLab(CLI::App& app) {
  auto* lab = app.add_subcommand("lab", "run the experiments that measure the seeds' claims and write the report");
  static actlab::lab::LabOptions options;
  static bool list = false;
  lab->add_option("--out", options.out, "report folder (index.html, results.json, figures/)");
  lab->add_flag("--quick", options.quick, "fewer seeds and epochs");
  lab->add_option("--only", options.only, "experiment ids, e.g. EXP-12");
  lab->add_option("--seed", options.seed, "base seed");
  lab->add_flag("--list", list, "list the experiments");
  lab->callback([] {
    if (list) return actlab::lab::ListExperiments();
    actlab::lab::RunLab(options);
  });
}

}  // namespace actlab::cli
