// The subcommands of `actlab`, one file each (cli/<name>.cc); each adds itself and its options to
// the app and runs from its callback. main.cc adds them in this order, which `actlab --help` keeps.
#pragma once

#include <CLI/CLI.hpp>

namespace actlab::cli {

void AddList(CLI::App& app);      // the catalogue, as text or as a Markdown table
void AddEval(CLI::App& app);      // f and f' at inputs from --x or standard input
void AddBench(CLI::App& app);     // speed against a copy and the peers
void AddAccuracy(CLI::App& app);  // error in ULP against the reference, and the peers'
void AddLab(CLI::App& app);       // the experiments and their report
void AddPlot(CLI::App& app);      // activations drawn with gnuplot
void AddHash(CLI::App& app);      // one hash of every output, to prove a change keeps every bit
void AddServe(CLI::App& app);     // the playground's server
void AddTrain(CLI::App& app);     // a playground run, headless

}  // namespace actlab::cli
