// actlab plot SPEC... [--derivative] [-o FILE.svg|FILE.png] [--x A:B]: activations (and their
// derivatives) drawn with gnuplot.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "actlab/actlab.h"
#include "cli/commands.h"
#include "cli/parse.h"
#include "lab/report/report.h"

namespace actlab::cli {
namespace {

void Plot(const std::vector<std::string>& specs, bool derivative, const std::string& output, const std::string& range) {
  namespace fs = std::filesystem;
  const fs::path out(output);
  const std::string ext = out.extension().string();
  if (ext != ".svg" && ext != ".png") throw CLI::ValidationError("-o", "must end in .svg or .png");
  const std::vector<double> bounds = ParseFields(range, 2, false, "--x", "expected A:B");
  const double lo = bounds[0], hi = bounds[1];
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) throw CLI::ValidationError("--x", "expected A:B with A < B");
  lab::Figure f{out.stem().string(), "", "x", derivative ? "f(x), f'(x)" : "f(x)", {}};
  for (const auto& spec : specs) {
    const auto act = Activation::parse(spec);
    if (act.info().layout != Layout::kElementwise && act.info().layout != Layout::kChannels) {
      throw Error(spec + ": only elementwise activations can be plotted against x");
    }
    std::vector<double> x, y, d, one;
    for (int i = 0; i <= 1000; ++i) x.push_back(lo + (hi - lo) * i / 1000.0);
    y.resize(x.size());
    act.forward(x, y);
    f.series.push_back({act.spec(), x, y});
    if (derivative) {
      d.resize(x.size());
      one.assign(x.size(), 1.0);
      act.backward(x, one, d);
      f.series.push_back({act.spec() + " derivative", x, d});
    }
    f.title += (f.title.empty() ? "" : ", ") + act.spec();
  }
  // Plot writes both formats into a scratch folder; keep the one asked for.
  const fs::path dir = fs::temp_directory_path() / ("actlab-plot-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    lab::Plot(f, dir);
    fs::copy_file(dir / (f.id + ext), out, fs::copy_options::overwrite_existing);
  } catch (...) {
    fs::remove_all(dir);
    throw;
  }
  fs::remove_all(dir);
  std::printf("wrote %s\n", out.string().c_str());
}

}  // namespace

void AddPlot(CLI::App& app) {
  auto* plot = app.add_subcommand("plot", "draw activations (and derivatives) with gnuplot");
  static std::vector<std::string> specs;
  static bool derivative = false;
  static std::string output = "activations.svg", range = "-6:6";
  plot->add_option("spec", specs, "activation specs")->required();
  plot->add_flag("--derivative", derivative, "also draw f'");
  plot->add_option("-o,--output", output, "FILE.svg or FILE.png");
  plot->add_option("--x", range, "A:B, the range of x");
  plot->callback([] { Plot(specs, derivative, output, range); });
}

}  // namespace actlab::cli
