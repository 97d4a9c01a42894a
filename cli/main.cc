// actlab: the command line over the library's front door. Each subcommand is a file of its own
// (cli/commands.h); this one builds the app and turns errors into messages and exit codes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "actlab/actlab.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"actlab: neural-network activation functions, forward and backward"};
  app.require_subcommand(1);
  actlab::cli::AddList(app);
  actlab::cli::AddEval(app);
  actlab::cli::AddBench(app);
  actlab::cli::AddAccuracy(app);
  actlab::cli::AddLab(app);
  actlab::cli::AddPlot(app);
  actlab::cli::AddHash(app);
  actlab::cli::AddServe(app);
  actlab::cli::AddTrain(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11's own codes (105 for a failed check, 106 for a missing argument...) mean nothing to a
    // caller: a usage error is 1, help is 0.
    return app.exit(e) == 0 ? 0 : 1;
  } catch (const actlab::Error& e) {
    std::fprintf(stderr, "actlab: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {  // unwritable folders, a missing data file or gnuplot
    std::fprintf(stderr, "actlab: %s\n", e.what());
    return 2;
  }
  return 0;
}
