// actlab list [--markdown]: the catalogue, as text or as the README's table of functions.
#include <cstdio>
#include <string>

#include "actlab/actlab.h"
#include "cli/commands.h"
#include "cli/parse.h"

namespace actlab::cli {
namespace {

std::string Join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : "|") + std::string(w);
  return out;
}

std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The catalogue as a Markdown table (the README's list of functions is made with it).
void ListMarkdown() {
  std::printf("| name | f(x) | f'(x) | f' from y | parameters (defaults) | range |\n|---|---|---|---|---|---|\n");
  for (const Info& info : catalog()) {
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
  for (const Info& info : catalog()) {
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

}  // namespace

void AddList(CLI::App& app) {
  auto* list = app.add_subcommand("list", "print every activation: formula, derivative, parameters, properties");
  static bool markdown = false;
  list->add_flag("--markdown", markdown, "as a Markdown table");
  list->callback([] { markdown ? ListMarkdown() : List(); });
}

}  // namespace actlab::cli
