#include "lab/report/report.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "actlab/actlab.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace fs = std::filesystem;
namespace {

// A gnuplot double-quoted string.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  return std::isfinite(v) ? Format(v, 10) : "NaN";  // gnuplot skips NaN
}

std::string TableHtml(const Table& t) {
  std::ostringstream h;
  h << "<table>";
  if (!t.caption.empty()) h << "<caption>" << Html(t.caption) << "</caption>";
  h << "<tr>";
  for (const auto& c : t.header) h << "<th>" << Html(c) << "</th>";
  h << "</tr>";
  for (const auto& row : t.rows) {
    h << "<tr>";
    for (const auto& c : row) h << "<td>" << Html(c) << "</td>";
    h << "</tr>";
  }
  h << "</table>\n";
  return h.str();
}

std::string FigureHtml(const Figure& f) {
  return "<figure><a href=\"figures/" + f.id + ".svg\"><img src=\"figures/" + f.id + ".png\" alt=\"" + Html(f.title) +
         "\"></a><figcaption>" + Html(f.title) + "</figcaption></figure>\n";
}

nlohmann::json TableJson(const Table& t) { return {{"caption", t.caption}, {"header", t.header}, {"rows", t.rows}}; }

constexpr const char* kStyle = R"(body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-top:2px solid #ccc;padding-top:.8em;margin-top:2em}
.claim{background:#f4f4f8;border-left:4px solid #88a;padding:.5em 1em}
.verdict{font-weight:bold;padding:.1em .5em;border-radius:4px;color:#fff}
.confirmed{background:#2a7}.not-confirmed{background:#c33}.mixed{background:#c80}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#eee}caption{text-align:left;font-style:italic;margin-bottom:.3em}
figure{display:inline-block;margin:.5em;vertical-align:top;width:480px}figure img{width:100%;border:1px solid #ddd}
figcaption{font-size:.85em;color:#555}.summary td:first-child,.summary td:nth-child(2){text-align:left})";

}  // namespace

void Plot(const Figure& f, const fs::path& dir) {
  const fs::path data = dir / (f.id + ".dat");
  {
    std::ofstream out(data);
    for (std::size_t s = 0; s < f.series.size(); ++s) {
      if (s) out << "\n\n";
      out << "# " << f.series[s].label << "\n";
      for (std::size_t i = 0; i < f.series[s].x.size() && i < f.series[s].y.size(); ++i) {
        const double y = f.series[s].y[i];
        out << Number(f.series[s].x[i]) << ' ' << Number(f.logy && y <= 0 ? NAN : y) << '\n';
      }
    }
    if (!out) throw std::runtime_error("cannot write " + data.string());
  }
  std::ostringstream plot;
  plot << "set title " << Quoted(f.title) << " noenhanced\nset xlabel " << Quoted(f.xlabel) << " noenhanced\nset ylabel "
       << Quoted(f.ylabel) << " noenhanced\nset grid\nset key below noenhanced\n";
  if (f.logx) plot << "set logscale x\nset format x \"%g\"\n";
  if (f.logy) plot << "set logscale y\nset format y \"%g\"\n";
  plot << "plot ";
  for (std::size_t s = 0; s < f.series.size(); ++s) {
    if (s) plot << ", ";
    plot << Quoted(data.string()) << " index " << s << " with " << f.style << " lw 2 title " << Quoted(f.series[s].label);
  }
  plot << "\n";
  const std::string script = "set terminal pngcairo size 720,450 font 'Sans,10'\nset output " +
                             Quoted((dir / (f.id + ".png")).string()) + "\n" + plot.str() +
                             "set terminal svg size 720,450 font 'Sans,10'\nset output " +
                             Quoted((dir / (f.id + ".svg")).string()) + "\n" + plot.str() + "unset output\n";
  FILE* gp = popen("gnuplot 2>&1", "w");
  if (!gp) throw std::runtime_error("cannot start gnuplot (install Debian's gnuplot-nox)");
  std::fwrite(script.data(), 1, script.size(), gp);
  const int status = pclose(gp);
  if (status != 0) {
    throw std::runtime_error("gnuplot failed on figure " + f.id + " (exit status " + std::to_string(status) +
                             "; is Debian's gnuplot-nox installed?)");
  }
  for (const char* ext : {".png", ".svg"}) {
    const fs::path p = dir / (f.id + ext);
    if (!fs::exists(p) || fs::file_size(p) == 0) throw std::runtime_error("gnuplot wrote no " + p.string());
  }
}

std::vector<Figure> Gallery() {
  std::vector<Figure> figures;
  const auto curve = [](const std::string& spec, bool derivative, double lo, double hi) {
    const Activation act = Activation::parse(spec);
    std::vector<double> x, y, dy, one;
    for (int i = 0; i <= 1200; ++i) x.push_back(lo + (hi - lo) * i / 1200.0);
    y.resize(x.size());
    one.assign(x.size(), 1.0);
    act.forward(x, y);
    if (derivative) {
      dy.resize(x.size());
      act.backward(x, one, dy);
    }
    return Series{spec + (derivative ? " derivative" : ""), x, derivative ? dy : y};
  };
  // F12: every elementwise function and its derivative.
  for (const Info& info : catalog()) {
    if (info.layout != Layout::kElementwise && info.layout != Layout::kChannels) continue;
    const std::string name(info.name);
    figures.push_back({"gallery_" + name, "F12: " + name + " = " + std::string(info.formula) + " (kinks: " +
                                              std::string(info.kinks) + ")",
                       "x", "f(x), f'(x)", {curve(name, false, -6, 6), curve(name, true, -6, 6)}});
  }
  // SPEC.md section 5: the seeds' own figures and the parameter families.
  figures.push_back({"fig_sigmoid_tanh", "F2/F8: sigmoid and tanh on [-10, 10] (seed 001)", "x", "f(x)",
                     {curve("sigmoid", false, -10, 10), curve("tanh", false, -10, 10), curve("relu", false, -10, 10)}});
  figures.push_back({"fig_leaky_elu", "F3: Leaky ReLU (a = 0.01) and ELU (alpha = 1) (seed 001)", "x", "f(x)",
                     {curve("leaky_relu", false, -10, 10), curve("elu", false, -10, 10)}});
  figures.push_back({"fig_sigmoid_relu", "F4/F5: sigmoid and ReLU and their derivatives (seed 000)", "x", "f, f'",
                     {curve("sigmoid", false, -6, 6), curve("relu", false, -6, 6), curve("sigmoid", true, -6, 6),
                      curve("relu", true, -6, 6)}});
  figures.push_back({"fig_relu_softplus", "F6: ReLU next to softplus (seed 002's nearRelu)", "x", "f(x)",
                     {curve("relu", false, -4, 4), curve("softplus", false, -4, 4)}});
  figures.push_back({"fig_hard_soft", "F9: hard vs soft forms (MobileNetV3, seed 003)", "x", "f(x)",
                     {curve("sigmoid", false, -6, 6), curve("hardsigmoid", false, -6, 6), curve("swish", false, -6, 6),
                      curve("hardswish", false, -6, 6)}});
  figures.push_back({"fig_mish", "F10: Mish vs Swish vs ReLU (seed 003)", "x", "f(x)",
                     {curve("mish", false, -5, 3), curve("swish", false, -5, 3), curve("relu", false, -5, 3)}});
  Figure betas{"fig_swish_beta", "Swish family: x sigmoid(beta x); beta = 0 is x/2, large beta tends to ReLU", "x", "f(x)", {}};
  for (const char* b : {"0", "0.5", "1", "2", "10"}) betas.series.push_back(curve(std::string("swish(beta=") + b + ")", false, -4, 4));
  figures.push_back(betas);
  Figure slopes{"fig_leaky_slopes", "Leaky ReLU family: negative_slope a", "x", "f(x)", {}};
  for (const char* a : {"0", "0.01", "0.1", "0.3"}) slopes.series.push_back(curve(std::string("leaky_relu(") + a + ")", false, -4, 4));
  figures.push_back(slopes);
  return figures;
}

static void WriteReportInto(const std::vector<Result>& results, const fs::path& scratch, const ReportOptions& options);

void WriteReport(const std::vector<Result>& results, const fs::path& out, const ReportOptions& options) {
  // Everything goes to a scratch folder beside `out`, moved into place at the end, so that a
  // failed run never leaves a report that looks complete.
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::create_directories(parent);
  const fs::path scratch = parent / (out.filename().string() + ".partial");
  fs::remove_all(scratch);
  fs::create_directories(scratch / "figures");
  try {
    WriteReportInto(results, scratch, options);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
    throw;
  }
  // Swap into place: the old report (if any) goes only once the new one is complete.
  const fs::path old = parent / (out.filename().string() + ".old");
  fs::remove_all(old);
  if (fs::exists(out)) fs::rename(out, old);
  fs::rename(scratch, out);
  fs::remove_all(old);
}

static void WriteReportInto(const std::vector<Result>& results, const fs::path& scratch, const ReportOptions& options) {
  std::ostringstream html;
  html << "<!doctype html><html><head><meta charset=\"utf-8\"><title>actlab lab report</title><style>" << kStyle
       << "</style></head><body>\n<h1>actlab lab report</h1>\n<p>Every claim of the course notes in "
          "<code>shared/seeds/</code> that can be measured, measured: the seed's words, the setup, the figures, "
          "the numbers and a verdict computed from the numbers. "
       << (options.quick ? "<b>Quick run</b> (fewer seeds and epochs): numbers are indicative. " : "")
       << "Base seed " << options.seed << "; the experiments took " << Format(options.seconds, 3) << " s.</p>\n";
  html << "<table class=\"summary\"><tr><th>experiment</th><th>claim</th><th>verdict</th></tr>";
  for (const Result& r : results) {
    html << "<tr><td><a href=\"#" << r.id << "\">" << Html(r.id) << "</a></td><td>" << Html(r.title) << "</td><td>"
         << Name(r.verdict) << "</td></tr>";
  }
  html << "</table>\n";

  nlohmann::json json = {{"quick", options.quick}, {"seed", options.seed}, {"seconds", options.seconds},
                         {"experiments", nlohmann::json::array()}};
  for (const Result& r : results) {
    const std::string verdict_class = r.verdict == Verdict::kConfirmed      ? "confirmed"
                                      : r.verdict == Verdict::kNotConfirmed ? "not-confirmed"
                                                                            : "mixed";
    html << "<h2 id=\"" << r.id << "\">" << Html(r.id) << ": " << Html(r.title) << "</h2>\n<p class=\"claim\"><b>Claim</b> (seed "
         << Html(r.seeds) << "): " << Html(r.claim) << "</p>\n<p><b>Setup.</b> " << Html(r.setup) << "</p>\n";
    if (r.replication) {
      const Replication& p = *r.replication;
      html << "<table class=\"replication\"><tr><th>paper</th><td>" << Html(p.paper) << "</td></tr><tr><th>paper's setup</th><td>"
           << Html(p.paper_setup) << "</td></tr><tr><th>here, scaled down</th><td>" << Html(p.scaled_down)
           << "</td></tr><tr><th>paper's result</th><td>" << Html(p.paper_result) << "</td></tr><tr><th>ours</th><td>"
           << Html(p.ours) << "</td></tr><tr><th>verdict</th><td>" << Name(r.verdict) << "</td></tr></table>\n";
    }
    for (const Figure& f : r.figures) {
      Plot(f, scratch / "figures");
      html << FigureHtml(f);
    }
    for (const Table& t : r.tables) html << TableHtml(t);
    html << "<p><span class=\"verdict " << verdict_class << "\">" << Name(r.verdict) << "</span> " << Html(r.conclusion)
         << "</p>\n";
    nlohmann::json e = {{"id", r.id},           {"title", r.title},          {"claim", r.claim},
                        {"seeds", r.seeds},     {"setup", r.setup},          {"verdict", Name(r.verdict)},
                        {"conclusion", r.conclusion}, {"numbers", r.numbers}, {"tables", nlohmann::json::array()},
                        {"figures", nlohmann::json::array()}};
    if (r.replication) {
      const Replication& p = *r.replication;
      e["replication"] = {{"paper", p.paper}, {"paper_setup", p.paper_setup}, {"scaled_down", p.scaled_down},
                          {"paper_result", p.paper_result}, {"ours", p.ours}, {"verdict", Name(r.verdict)}};
    }
    for (const Table& t : r.tables) e["tables"].push_back(TableJson(t));
    for (const Figure& f : r.figures) e["figures"].push_back("figures/" + f.id + ".png");
    json["experiments"].push_back(e);
  }

  html << "<h2 id=\"gallery\">Gallery: every activation and its derivative</h2>\n";
  json["gallery"] = nlohmann::json::array();
  for (const Figure& f : Gallery()) {
    Plot(f, scratch / "figures");
    html << FigureHtml(f);
    json["gallery"].push_back("figures/" + f.id + ".png");
  }
  html << "</body></html>\n";
  {
    std::ofstream page(scratch / "index.html");
    page << html.str();
    std::ofstream results_json(scratch / "results.json");
    results_json << json.dump(2) << "\n";
    if (!page || !results_json) throw std::runtime_error("cannot write the report into " + scratch.string());
  }
}

}  // namespace actlab::lab
