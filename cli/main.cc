// actlab: the command line over the library's front door.
//   actlab list
//   actlab eval SPEC [--backward] [--from-output] [--dtype f32|f64] [--x A:B:STEP]
#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "actlab/accuracy.h"
#include "cli/commands.h"
#include "actlab/actlab.h"
#include "lab/report/report.h"
#include "lab/run.h"
#include "measure.h"

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

// One table row per case: actlab's rate, and its ratio to a copy of the same bytes and to each
// peer, all medians of repeated timings in this process.
void Bench(std::vector<std::string> specs, std::size_t n, int threads, const std::string& dtype,
           const std::string& direction, int repeats) {
  namespace b = actlab::bench;
  if (specs.empty()) specs = actlab::catalog_specs();
  for (const auto& spec : specs) (void)actlab::Activation::parse(spec);  // fail before timing
  std::vector<b::Direction> directions;
  if (direction == "forward" || direction == "all") directions.push_back(b::Direction::kForward);
  if (direction == "backward" || direction == "all") directions.push_back(b::Direction::kBackward);
  if (direction == "from-output" || direction == "all") directions.push_back(b::Direction::kFromOutput);
  const auto peers = b::Peers();
  std::printf("actlab bench: n = %zu, %d thread(s), target %s, median of %d timings; el/ns = elements per ns,\n"
              "GB/s counts bytes read + written, 'copy' = copy time / actlab time (1 = at the copy's speed),\n"
              "peer columns = peer time / actlab time (above 1: actlab is faster)\n",
              n, threads, actlab::current_target().c_str(), repeats);
  std::printf("%-24s %-11s %-4s %8s %8s %6s", "function", "direction", "type", "el/ns", "GB/s", "copy");
  for (const auto& p : peers) std::printf(" %10s", p.name.c_str());
  std::printf("\n");
  for (const auto& spec : specs) {
    for (b::Direction d : directions) {
      for (bool f64 : {false, true}) {
        if ((dtype == "f32" && f64) || (dtype == "f64" && !f64)) continue;
        const b::Case c{spec, d, f64, n, threads};
        auto ours = b::MakeActlab(c);
        if (!ours) continue;
        const double ns = b::MedianNs(*ours, repeats);
        auto copy = b::MakeCopy(c);
        const double copy_ns = b::MedianNs(*copy, repeats);
        std::printf("%-24s %-11s %-4s %8.3f %8.2f %6.2f", spec.c_str(), b::Name(d), f64 ? "f64" : "f32",
                    double(n) / ns, double(ours->bytes) / ns, copy_ns / ns);
        for (const auto& p : peers) {
          auto theirs = p.make(c);
          if (theirs) std::printf(" %10.2f", b::MedianNs(*theirs, repeats) / ns);
          else std::printf(" %10s", "-");
        }
        std::printf("\n");
        std::fflush(stdout);
      }
    }
  }
}

// A peer runner as an accuracy Batch: inputs go through its own buffers, `cap` at a time.
template <typename T>
actlab::accuracy::Batch<T> PeerBatch(std::shared_ptr<actlab::bench::Runner> r, std::size_t cap) {
  return [r, cap](std::span<const T> in, std::span<T> out) {
    T* x = static_cast<T*>(r->input);
    T* g = static_cast<T*>(r->gradient);
    const T* y = static_cast<const T*>(r->output);
    for (std::size_t s = 0; s < in.size(); s += cap) {
      const std::size_t m = std::min(cap, in.size() - s);
      std::copy_n(in.data() + s, m, x);
      std::fill(x + m, x + cap, T(0));
      std::fill(g, g + cap, T(1));
      r->Run();
      std::copy_n(y, m, out.data() + s);
    }
  };
}

void Accuracy(std::vector<std::string> specs, const std::string& direction, const std::string& dtype,
              bool exhaustive, std::uint64_t samples, const std::string& range, int threads, bool peers) {
  namespace a = actlab::accuracy;
  namespace b = actlab::bench;
  if (specs.empty()) {
    for (std::string& spec : actlab::catalog_specs()) {
      const actlab::Layout layout = actlab::Activation::parse(spec).info().layout;
      if (layout == actlab::Layout::kElementwise || layout == actlab::Layout::kChannels) specs.push_back(std::move(spec));
    }
  }
  a::Options o;
  o.exhaustive = exhaustive;
  o.samples = samples;
  o.threads = threads;
  if (!range.empty()) {
    const auto colon = range.find(':');
    if (colon == std::string::npos) throw CLI::ValidationError("--range", "expected A:B");
    o.lo = std::stod(range.substr(0, colon));
    o.hi = std::stod(range.substr(colon + 1));
    if (!(o.lo <= o.hi)) throw CLI::ValidationError("--range", "expected A <= B");
  }
  const bool tty = isatty(2);
  o.progress = [tty](double done) {
    if (!tty) return;
    const int width = 40, filled = int(done * width);
    std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(std::size_t(filled), '#').c_str(),
                 std::string(std::size_t(width - filled), ' ').c_str(), int(done * 100));
    if (done >= 1) std::fprintf(stderr, "\r%*s\r", width + 8, "");
  };
  std::vector<std::pair<a::Direction, const char*>> directions;
  if (direction == "forward" || direction == "all") directions.emplace_back(a::Direction::kForward, "forward");
  if (direction == "backward" || direction == "all") directions.emplace_back(a::Direction::kBackward, "backward");
  if (direction == "from-output" || direction == "all") directions.emplace_back(a::Direction::kFromOutput, "from_output");
  const bool f64 = dtype == "f64";
  std::printf("actlab accuracy: %s, %s, reference %s; error in ULP of the result (of 1 within 1/4 of a root of f')\n",
              f64 ? "float64" : "float32",
              exhaustive ? "every float32 input (2^32)" : (std::to_string(samples) + " inputs evenly spaced in bit patterns").c_str(),
              f64 ? "quad (113-bit)" : "double (within 2^-20 ULP of long double)");
  std::printf("%-24s %-11s %-9s %10s %16s %10s %12s %9s %10s\n", "function", "direction", "impl", "max ulp",
              "at input", "mean ulp", "not faithful", "NaN wrong", "non-finite");
  constexpr std::size_t kCap = std::size_t(1) << 20;
  for (const auto& spec : specs) {
    const auto act = actlab::Activation::parse(spec);
    for (const auto& [d, dname] : directions) {
      if (d == a::Direction::kFromOutput && !act.has_backward_from_output()) continue;
      o.direction = d;
      std::vector<std::pair<std::string, std::shared_ptr<b::Runner>>> impls = {{"actlab", nullptr}};
      if (peers) {
        const b::Direction bd = d == a::Direction::kForward ? b::Direction::kForward
                                : d == a::Direction::kBackward ? b::Direction::kBackward : b::Direction::kFromOutput;
        for (const auto& p : b::Peers()) {
          if (auto r = p.make(b::Case{spec, bd, f64, kCap, actlab::num_threads()})) impls.emplace_back(p.name, std::move(r));
        }
      }
      // One reference pass for every implementation.
      std::vector<a::Batch<float>> f32_batches;
      std::vector<a::Batch<double>> f64_batches;
      for (const auto& [name, runner] : impls) {
        if (f64) f64_batches.push_back(runner ? PeerBatch<double>(runner, kCap) : a::ActlabBatchF64(act, d));
        else f32_batches.push_back(runner ? PeerBatch<float>(runner, kCap) : a::ActlabBatchF32(act, d));
      }
      const std::vector<a::Result> results =
          f64 ? a::Measure(act, o, std::span<const a::Batch<double>>(f64_batches))
              : a::Measure(act, o, std::span<const a::Batch<float>>(f32_batches));
      for (std::size_t k = 0; k < impls.size(); ++k) {
        const a::Result& r = results[k];
        const std::string& name = impls[k].first;
        std::printf("%-24s %-11s %-9s %10.3g %16.9g %10.3g %12llu %9llu %10llu", spec.c_str(), dname, name.c_str(),
                    r.max_ulp, r.worst_input, r.mean_ulp, (unsigned long long)r.not_faithful,
                    (unsigned long long)r.nan_wrong, (unsigned long long)r.nonfinite_for_finite);
        if (r.nonfinite_for_finite) std::printf("  (first at x = %.9g)", r.first_nonfinite_input);
        std::printf("\n");
        std::fflush(stdout);
      }
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

  auto* bench = app.add_subcommand("bench", "time activations against a copy of the same bytes and the peers");
  std::vector<std::string> bench_specs;
  std::size_t bench_n = 1 << 18;
  int bench_threads = 1, bench_repeats = 7;
  std::string bench_dtype = "f32", bench_direction = "all";
  bench->add_option("spec", bench_specs, "activation specs (default: every activation, then the catalogue's variants)");
  bench->add_option("--size", bench_n, "elements per call")->check(CLI::Range(std::size_t(1), std::size_t(1) << 30));
  bench->add_option("--threads", bench_threads, "threads (0: all cores)")->check(CLI::Range(0, 1024));
  bench->add_option("--dtype", bench_dtype, "f32, f64 or both")->check(CLI::IsMember({"f32", "f64", "both"}));
  bench->add_option("--direction", bench_direction, "forward, backward, from-output or all")
      ->check(CLI::IsMember({"forward", "backward", "from-output", "all"}));
  bench->add_option("--repeats", bench_repeats, "timings per median")->check(CLI::Range(1, 1000));
  bench->callback([&] {
    Bench(bench_specs, bench_n, bench_threads == 0 ? actlab::num_threads() : bench_threads, bench_dtype,
          bench_direction, bench_repeats);
  });

  auto* accuracy = app.add_subcommand("accuracy", "measure the error in ULP against the reference, and the peers'");
  std::vector<std::string> acc_specs;
  std::string acc_direction = "all", acc_dtype = "f32", acc_range;
  bool acc_exhaustive = false, acc_no_peers = false;
  std::uint64_t acc_samples = 1 << 22;
  int acc_threads = 0;
  accuracy->add_option("spec", acc_specs, "activation specs (default: every elementwise activation, then their variants)");
  accuracy->add_option("--direction", acc_direction, "forward, backward, from-output or all")
      ->check(CLI::IsMember({"forward", "backward", "from-output", "all"}));
  accuracy->add_option("--dtype", acc_dtype, "f32 or f64")->check(CLI::IsMember({"f32", "f64"}));
  auto* exhaustive_flag = accuracy->add_flag("--exhaustive", acc_exhaustive, "every float32 input (2^32)");
  accuracy->add_option("--samples", acc_samples, "inputs evenly spaced in bit patterns")
      ->check(CLI::Range(std::uint64_t(2), std::uint64_t(1) << 40))
      ->excludes(exhaustive_flag);
  accuracy->add_option("--range", acc_range, "only inputs in [A, B]");
  accuracy->add_option("--threads", acc_threads, "threads (0: all cores)")->check(CLI::Range(0, 1024));
  accuracy->add_flag("--no-peers", acc_no_peers, "measure actlab only");
  accuracy->callback([&] {
    if (acc_exhaustive && acc_dtype == "f64") throw CLI::ValidationError("--exhaustive", "is for f32 only");
    Accuracy(acc_specs, acc_direction, acc_dtype, acc_exhaustive, acc_samples, acc_range, acc_threads, !acc_no_peers);
  });

  auto* lab = app.add_subcommand("lab", "run the experiments that measure the seeds' claims and write the report");
  actlab::lab::LabOptions lab_options;
  bool lab_list = false;
  lab->add_option("--out", lab_options.out, "report folder (index.html, results.json, figures/)");
  lab->add_flag("--quick", lab_options.quick, "fewer seeds and epochs");
  lab->add_option("--only", lab_options.only, "experiment ids, e.g. EXP-12");
  lab->add_option("--seed", lab_options.seed, "base seed");
  lab->add_flag("--list", lab_list, "list the experiments");
  lab->callback([&] {
    if (lab_list) return actlab::lab::ListExperiments();
    actlab::lab::RunLab(lab_options);
  });

  auto* plot = app.add_subcommand("plot", "draw activations (and derivatives) with gnuplot");
  std::vector<std::string> plot_specs;
  bool plot_derivative = false;
  std::string plot_out = "activations.svg", plot_range = "-6:6";
  plot->add_option("spec", plot_specs, "activation specs")->required();
  plot->add_flag("--derivative", plot_derivative, "also draw f'");
  plot->add_option("-o,--output", plot_out, "FILE.svg or FILE.png");
  plot->add_option("--x", plot_range, "A:B, the range of x");
  plot->callback([&] {
    namespace fs = std::filesystem;
    const fs::path out(plot_out);
    const std::string ext = out.extension().string();
    if (ext != ".svg" && ext != ".png") throw CLI::ValidationError("-o", "must end in .svg or .png");
    const auto colon = plot_range.find(':');
    double lo = 0, hi = 0;
    try {
      lo = std::stod(plot_range.substr(0, colon));
      hi = std::stod(plot_range.substr(colon + 1));
    } catch (const std::exception&) {
      throw CLI::ValidationError("--x", "expected A:B");
    }
    if (colon == std::string::npos || !(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
      throw CLI::ValidationError("--x", "expected A:B with A < B");
    }
    actlab::lab::Figure f{out.stem().string(), "", "x", plot_derivative ? "f(x), f'(x)" : "f(x)", {}};
    for (const auto& spec : plot_specs) {
      const auto act = actlab::Activation::parse(spec);
      if (act.info().layout != actlab::Layout::kElementwise && act.info().layout != actlab::Layout::kChannels) {
        throw actlab::Error(spec + ": only elementwise activations can be plotted against x");
      }
      std::vector<double> x, y, d, one;
      for (int i = 0; i <= 1000; ++i) x.push_back(lo + (hi - lo) * i / 1000.0);
      y.resize(x.size());
      act.forward(x, y);
      f.series.push_back({act.spec(), x, y});
      if (plot_derivative) {
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
      actlab::lab::Plot(f, dir);
      fs::copy_file(dir / (f.id + ext), out, fs::copy_options::overwrite_existing);
    } catch (...) {
      fs::remove_all(dir);
      throw;
    }
    fs::remove_all(dir);
    std::printf("wrote %s\n", out.string().c_str());
  });

  actlab::cli::AddServe(app);
  actlab::cli::AddTrain(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const actlab::Error& e) {
    std::fprintf(stderr, "actlab: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {  // unwritable folders, a missing data file or gnuplot
    std::fprintf(stderr, "actlab: %s\n", e.what());
    return 2;
  }
  return 0;
}
