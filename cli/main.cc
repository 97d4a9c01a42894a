// actlab: the command line over the library's front door.
//   actlab list
//   actlab eval SPEC [--backward] [--from-output] [--dtype f32|f64] [--x A:B:STEP]
#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "actlab/actlab.h"

namespace {

std::string Join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : "|") + std::string(w);
  return out;
}

std::string Number(double v, bool f32) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", f32 ? 9 : 17, v);
  return buf;
}

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The catalogue as a Markdown table (the README's list of functions is made with it).
void ListMarkdown() {
  std::printf("| name | f(x) | f'(x) | f' from y | parameters (defaults) | range |\n|---|---|---|---|---|---|\n");
  for (const actlab::Info& info : actlab::catalog()) {
    std::string params;
    for (const auto& p : info.params) {
      params += (params.empty() ? "" : ", ") + std::string(p.name) + "=";
      params += p.choices.empty() ? Number(p.default_value, false) : std::string(p.choices[std::size_t(p.default_value)]);
    }
    const std::string from_y = info.derivative_from_output.empty() ? "-" : std::string(info.derivative_from_output);
    std::printf("| `%s` | %s | %s | %s | %s | %s |\n", std::string(info.name).c_str(),
                Cell(info.formula).c_str(), Cell(info.derivative).c_str(), Cell(from_y).c_str(),
                params.empty() ? "-" : params.c_str(), Cell(info.range).c_str());
  }
}

void List() {
  for (const actlab::Info& info : actlab::catalog()) {
    std::string params;
    for (const auto& p : info.params) {
      params += (params.empty() ? "" : ", ") + std::string(p.name) + "=";
      params += p.choices.empty() ? Number(p.default_value, false)
                                  : std::string(p.choices[std::size_t(p.default_value)]) + " {" +
                                        Join(p.choices) + "}";
    }
    const auto& pr = info.properties;
    std::string props;
    const auto add = [&](bool on, const char* word) {
      if (on) props += (props.empty() ? "" : ", ") + std::string(word);
    };
    add(pr.monotonic, "monotonic");
    add(pr.bounded_above, "bounded above");
    add(pr.bounded_below, "bounded below");
    add(pr.zero_centred, "zero-centred");
    add(pr.sparse, "sparse");
    add(!info.derivative_from_output.empty(), "backward from y");
    add(!info.learnable.empty(), "learnable");
    std::printf("%-12s %s\n", std::string(info.name).c_str(), std::string(info.summary).c_str());
    std::printf("    f(x)  = %s\n", std::string(info.formula).c_str());
    std::printf("    f'(x) = %s\n", std::string(info.derivative).c_str());
    if (!params.empty()) std::printf("    params: %s\n", params.c_str());
    std::printf("    range %s; %s; %s; saturating: %s\n", std::string(info.range).c_str(),
                std::string(pr.smoothness).c_str(), props.c_str(), std::string(pr.saturating).c_str());
  }
}

// Parses "A:B:STEP" into the inputs A, A+STEP, ... up to B.
std::vector<double> Range(const std::string& text) {
  double v[3];
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    const auto r = std::from_chars(p, end, v[i]);
    if (r.ec != std::errc() || (i < 2 && (r.ptr == end || *r.ptr != ':')) || (i == 2 && r.ptr != end)) {
      throw CLI::ValidationError("--x", "expected A:B:STEP, got '" + text + "'");
    }
    p = r.ptr + 1;
  }
  if (!(std::isfinite(v[0]) && std::isfinite(v[1]) && v[2] > 0 && std::isfinite(v[2]))) {
    throw CLI::ValidationError("--x", "A and B must be finite and STEP positive");
  }
  const double count = std::floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
  if (count < 1 || count > 1e8) throw CLI::ValidationError("--x", "gives " + Number(count, false) + " points (1 to 1e8)");
  std::vector<double> xs;
  for (std::size_t i = 0; i < std::size_t(count); ++i) xs.push_back(v[0] + double(i) * v[2]);
  return xs;
}

// One number per line from standard input; blank lines are skipped.
std::vector<double> ReadInputs() {
  std::vector<double> xs;
  std::string line;
  for (std::size_t number = 1; std::getline(std::cin, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    std::string word = line.substr(first, last - first + 1);
    double v = 0;
    const char* b = word.data();
    if (*b == '+') ++b;
    const auto r = std::from_chars(b, word.data() + word.size(), v);
    if (r.ec != std::errc() || r.ptr != word.data() + word.size()) {
      throw actlab::Error("standard input line " + std::to_string(number) + ": not a number: '" + word + "'");
    }
    xs.push_back(v);
  }
  return xs;
}

template <typename T>
void Eval(const actlab::Activation& act, const std::vector<double>& xs, bool backward, bool from_output) {
  const bool f32 = sizeof(T) == 4;
  std::vector<T> x(xs.begin(), xs.end()), y(act.output_size(x.size())), dx;
  act.forward(x, y);
  if (backward) {
    const std::vector<T> ones(y.size(), T(1));
    dx.resize(x.size());
    if (from_output) act.backward_from_output(y, ones, dx);
    else act.backward(x, ones, dx);
  }
  std::printf(backward ? "x\ty\tdy/dx\n" : "x\ty\n");
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::string yi = i < y.size() ? Number(y[i], f32) : "";
    if (backward) {
      std::printf("%s\t%s\t%s\n", Number(x[i], f32).c_str(), yi.c_str(), Number(dx[i], f32).c_str());
    } else {
      std::printf("%s\t%s\n", Number(x[i], f32).c_str(), yi.c_str());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"actlab: neural-network activation functions, forward and backward"};
  app.require_subcommand(1);

  auto* list = app.add_subcommand("list", "print every activation: formula, derivative, parameters, properties");
  bool markdown = false;
  list->add_flag("--markdown", markdown, "as a Markdown table");
  list->callback([&] { markdown ? ListMarkdown() : List(); });

  auto* eval = app.add_subcommand("eval", "evaluate an activation (and its derivative) at inputs");
  std::string spec, dtype = "f32", range;
  bool backward = false, from_output = false;
  eval->add_option("spec", spec, "activation spec, e.g. relu, leaky_relu(0.1), gelu(approximate=tanh)")->required();
  eval->add_flag("--backward", backward, "also print dy/dx (dy = 1)");
  eval->add_flag("--from-output", from_output, "compute dy/dx from y instead of x (implies --backward)");
  eval->add_option("--dtype", dtype, "f32 or f64")->check(CLI::IsMember({"f32", "f64"}));
  eval->add_option("--x", range, "inputs A:B:STEP; without it, one number per line from standard input");
  eval->callback([&] {
    const auto act = actlab::Activation::parse(spec);
    const std::vector<double> xs = range.empty() ? ReadInputs() : Range(range);
    if (dtype == "f32") Eval<float>(act, xs, backward || from_output, from_output);
    else Eval<double>(act, xs, backward || from_output, from_output);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const actlab::Error& e) {
    std::fprintf(stderr, "actlab: %s\n", e.what());
    return 2;
  }
  return 0;
}
