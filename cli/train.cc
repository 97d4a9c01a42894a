// actlab train --config JSON|@FILE [--every N]: a playground run without the browser (the
// playground's export gives the command), printing the networks' curves as it goes.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "playground/run.h"

namespace actlab::cli {
namespace {

std::string ReadConfig(const std::string& text) {
  if (text.empty() || text[0] != '@') return text;
  std::ifstream in(text.substr(1));
  if (!in) throw std::runtime_error("cannot read " + text.substr(1));
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

std::string Cell(const nlohmann::json& v) {
  if (v.is_null()) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v.get<double>());
  return buf;
}

void Train(const std::string& config_text, long every) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(ReadConfig(config_text));
  } catch (const nlohmann::json::parse_error& e) {
    throw playground::ConfigError(std::string("--config: not JSON (") + e.what() + ")");
  }
  const playground::Limits limits;
  playground::Run run(playground::ParseRunConfig(body, limits), limits);
  const long total = run.config().max_steps;
  if (every <= 0) every = std::max(1L, total / 20);
  std::printf("step\tnetwork\ttrain_loss\ttrain_accuracy\ttest_loss\ttest_accuracy\n");
  const auto print = [&] {
    const nlohmann::json snap = run.Snapshot(false);
    for (const auto& net : snap["networks"]) {
      std::printf("%ld\t%s\t%s\t%s\t%s\t%s\n", run.step(), net["label"].get<std::string>().c_str(),
                  Cell(net["train"]["loss"]).c_str(), Cell(net["train"]["accuracy"]).c_str(),
                  Cell(net["test"]["loss"]).c_str(), Cell(net["test"]["accuracy"]).c_str());
    }
    std::fflush(stdout);
  };
  print();
  run.Play();
  while (run.state() != playground::State::kDone) {
    run.Step(every);
    print();
  }
}

}  // namespace

void AddTrain(CLI::App& app) {
  auto* train = app.add_subcommand("train", "train a playground configuration headless (its export gives the command)");
  static std::string config;
  static long every = 0;
  train->add_option("--config", config, "the run as JSON (playground/API.md, POST /api/runs), or @FILE")->required();
  train->add_option("--every", every, "print every N steps (default: 20 lines)")->check(CLI::Range(0L, 1000000000L));
  train->callback([] { Train(config, every); });
}

}  // namespace actlab::cli
