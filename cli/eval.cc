// actlab eval SPEC [--backward] [--from-output] [--dtype f32|f64|bf16|f16] [--x A:B:STEP]: x, y
// and dy/dx (dy = 1), one input per line; without --x the inputs are read from standard input.
// bf16 and f16 round each input to the type first and print the values stored. The gated
// (glu, swiglu...) take the inputs as gates, each with the one --up value (default 1), and print
// dgate and dup.
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "cli/commands.h"
#include "cli/parse.h"

namespace actlab::cli {
namespace {

// One number per line from standard input; blank lines are skipped.
std::vector<double> ReadInputs(bool f32) {
  std::vector<double> xs;
  std::string line;
  for (std::size_t number = 1; std::getline(std::cin, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    try {
      xs.push_back(ParseNumber(std::string_view(line).substr(first, last - first + 1), f32));
    } catch (const std::invalid_argument& e) {
      throw Error("standard input line " + std::to_string(number) + ": " + e.what());
    }
  }
  return xs;
}

template <typename T>
void Eval(const Activation& act, const std::vector<double>& xs, bool backward, bool from_output) {
  const bool f32 = sizeof(T) <= 4;  // the 16-bit types print as the float32 values they hold
  std::vector<T> x(xs.begin(), xs.end()), y(act.output_size(x.size())), dx;
  act.forward(x, y);
  if (backward) {
    const std::vector<T> ones(y.size(), T(1.0));
    dx.resize(x.size());
    if (from_output) act.backward_from_output(y, ones, dx);
    else act.backward(x, ones, dx);
  }
  std::printf(backward ? "x\ty\tdy/dx\n" : "x\ty\n");
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::string yi = i < y.size() ? Number(double(y[i]), f32) : "";
    if (backward) {
      std::printf("%s\t%s\t%s\n", Number(double(x[i]), f32).c_str(), yi.c_str(), Number(double(dx[i]), f32).c_str());
    } else {
      std::printf("%s\t%s\n", Number(double(x[i]), f32).c_str(), yi.c_str());
    }
  }
}

template <typename T>
void EvalGated(const Activation& act, const std::vector<double>& xs, double up_value, bool backward) {
  const bool f32 = sizeof(T) <= 4;
  const std::vector<T> gate(xs.begin(), xs.end()), up(gate.size(), T(up_value)), ones(gate.size(), T(1.0));
  std::vector<T> y(gate.size()), dgate(gate.size()), dup(gate.size());
  act.gated_forward(gate, up, y);
  if (backward) act.gated_backward(gate, up, ones, dgate, dup);
  std::printf(backward ? "gate\tup\ty\tdy/dgate\tdy/dup\n" : "gate\tup\ty\n");
  for (std::size_t i = 0; i < gate.size(); ++i) {
    std::printf("%s\t%s\t%s", Number(double(gate[i]), f32).c_str(), Number(double(up[i]), f32).c_str(),
                Number(double(y[i]), f32).c_str());
    if (backward) std::printf("\t%s\t%s", Number(double(dgate[i]), f32).c_str(), Number(double(dup[i]), f32).c_str());
    std::printf("\n");
  }
}

}  // namespace

void AddEval(CLI::App& app) {
  auto* eval = app.add_subcommand("eval", "evaluate an activation (and its derivative) at inputs");
  static std::string spec, dtype = "f32", range, up;
  static bool backward = false, from_output = false;
  eval->add_option("spec", spec, "activation spec, e.g. relu, leaky_relu(0.1), gelu(approximate=tanh)")->required();
  eval->add_flag("--backward", backward, "also print dy/dx (dy = 1)");
  eval->add_flag("--from-output", from_output, "compute dy/dx from y instead of x (implies --backward)");
  eval->add_option("--dtype", dtype, "f32, f64, bf16 or f16")->check(CLI::IsMember({"f32", "f64", "bf16", "f16"}));
  eval->add_option("--x", range, "inputs A:B:STEP; without it, one number per line from standard input");
  eval->add_option("--up", up, "the gated (glu, reglu, geglu, swiglu): up, paired with every input as the gate (default 1)");
  eval->callback([] {
    const auto act = Activation::parse(spec);
    const bool f32 = dtype != "f64";  // parse with float32's range
    const bool gated = act.info().layout == Layout::kGated;
    if (!up.empty() && !gated) throw CLI::ValidationError("--up", "is for the gated activations (glu, reglu, geglu, swiglu)");
    if (gated && from_output) throw CLI::ValidationError("--from-output", act.spec() + " has no backward from the output");
    double up_value = 1.0;
    try {
      if (!up.empty()) up_value = ParseNumber(up, f32);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--up", e.what());
    }
    const std::vector<double> xs = range.empty() ? ReadInputs(f32) : Range(range, f32);
    const auto run = [&]<typename T>(T) {
      if (gated) EvalGated<T>(act, xs, up_value, backward);
      else Eval<T>(act, xs, backward || from_output, from_output);
    };
    if (dtype == "f32") run(float());
    else if (dtype == "f64") run(double());
    else if (dtype == "bf16") run(bfloat16());
    else run(float16());
  });
}

}  // namespace actlab::cli
