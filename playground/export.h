// A playground run's configuration as something to run elsewhere: an `actlab train` command line
// (the same engine, headless) and a PyTorch script with actlab.torch's modules.
#pragma once

#include <string>

#include "playground/config.h"

namespace actlab::playground {

std::string CommandLine(const RunConfig& config);

// A self-contained script: the run's training points inline (2-D sets; digits are read from the
// same file the server reads), the networks as torch.nn.Sequential with actlab.torch activations,
// the same loss, optimiser, batch size and L1 / L2, trained for max_steps steps.
std::string PytorchScript(const RunConfig& config);

}  // namespace actlab::playground
