// The subcommands of `actlab` that live in files of their own (cli/<name>.cc); each adds itself
// to the app and runs from its callback.
#pragma once

#include <CLI/CLI.hpp>

namespace actlab::cli {

void AddServe(CLI::App& app);  // the playground's server
void AddTrain(CLI::App& app);  // a playground run, headless

}  // namespace actlab::cli
