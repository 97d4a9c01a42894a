// EXP-05 (seeds 002, 003, 004): "a large update can kill a ReLU unit for good; remedies are Leaky
// ReLU, a smaller learning rate, and momentum". (a) the interview notes' single neuron, exactly;
// (b) the fraction of dead hidden units of a 10-100-1 net after batch-1 SGD, against the rate.
#include <cmath>
#include <numeric>
#include <stdexcept>

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include "lab/engine/training_loop.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

// Part (a): z = W x + 1 on x = 0.1 .. 1.0, targets the neuron's outputs at W = 3 (it was right),
// then the update dW = -100, then SGD on the MSE moving W only (the seed's bias is the constant 1).
struct Neuron {
  double first_grad = 0, max_abs_grad_1000 = 0, w_after_1000 = 0;
  long revive_step = -1;  // first step after which z > 0 for some x again; -1: not within the cap
  Series path;            // W against step
};

Neuron SingleNeuron(const std::string& spec, double lr, long steps) {
  Sequential net;
  net.Add(std::make_unique<Linear>(1, 1)).Add(std::make_unique<ActivationLayer>(Activation::parse(spec)));
  auto& lin = dynamic_cast<Linear&>(*net.layers()[0]);
  Matrix x(10, 1);
  for (int i = 0; i < 10; ++i) x(i, 0) = 0.1 * (i + 1);
  lin.W(0, 0) = 3;
  lin.b(0) = 1;
  const Matrix t = net.Forward(x);
  lin.W(0, 0) += -100;
  Neuron n;
  n.path.label = spec;
  for (long s = 1; s <= steps; ++s) {
    lin.dW.setZero();
    net.Backward(Mse(net.Forward(x), t).grad);
    const double g = lin.dW(0, 0);
    if (s == 1) n.first_grad = g;
    if (s <= 1000) n.max_abs_grad_1000 = std::max(n.max_abs_grad_1000, std::fabs(g));
    lin.W(0, 0) -= lr * g;
    if (s == 1000) n.w_after_1000 = lin.W(0, 0);
    if (s % 100 == 0 || s == 1) n.path.x.push_back(double(s)), n.path.y.push_back(lin.W(0, 0));
    if (n.revive_step < 0 && (x * lin.W).array().maxCoeff() + 1 > 0) {
      n.revive_step = s;
      n.path.x.push_back(double(s)), n.path.y.push_back(lin.W(0, 0));
      if (s >= 1000) break;
    }
  }
  return n;
}

// Subnormal velocities (0.9^k times a gradient that has become exactly 0) make SGD with momentum
// several times slower; flushing them to zero changes no weight (they are far below an ulp of it).
class FlushSubnormals {
 public:
#if defined(__SSE2__)
  FlushSubnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }  // FTZ | DAZ
  ~FlushSubnormals() { _mm_setcsr(saved_); }

 private:
  unsigned saved_;
#endif
};

// Part (b): x ~ N(0, I_10), label [sin(w* . x) > 0] with w* ~ N(0, I_10); optionally 2% of the
// inputs scaled by 10 after labelling (the "abnormal data" the seed says momentum absorbs).
Dataset SineData(int n, bool outliers, Rng& rng) {
  Dataset d;
  d.x = Matrix(n, 10);
  d.y = Matrix(n, 1);
  Vector w(10);
  for (int j = 0; j < 10; ++j) w(j) = rng.Normal();
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 10; ++j) d.x(i, j) = rng.Normal();
    d.y(i, 0) = std::sin(d.x.row(i).dot(w)) > 0;
  }
  if (outliers) {
    std::vector<int> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);
    rng.Shuffle(rows.begin(), rows.end());
    for (int k = 0; k < n / 50; ++k) d.x.row(rows[std::size_t(k)]) *= 10;
  }
  return d;
}

struct Variant {
  std::string name, spec;
  double lr_factor, momentum;  // step = lr * lr_factor, with this momentum
};

struct NetRun {
  std::vector<double> dead;  // fraction of hidden units <= 0 on every training input, after each epoch
  bool diverged = false;
  double error = 1;  // final training error
};

double DeadFraction(Sequential& net, const Matrix& x) {
  const Matrix z = PreActivations(net, x)[0];
  int dead = 0;
  for (Eigen::Index j = 0; j < z.cols(); ++j) dead += (z.col(j).array() <= 0).all();
  return double(dead) / double(z.cols());
}

NetRun TrainSine(const Variant& v, double lr, std::uint64_t seed, int points, int epochs, bool outliers) {
  Rng rng(seed);
  const Dataset d = SineData(points, outliers, rng);
  Sequential net = Mlp({10, 100, 1}, v.spec);
  Initialise(net, Init::kHeNormal, rng);
  TrainConfig config;
  config.lr = lr * v.lr_factor;
  config.momentum = v.momentum;
  config.batch = 1;
  config.max_epochs = epochs;
  config.log_accuracy = false;
  NetRun r;
  TrainHooks hooks;
  hooks.after_epoch = [&](Sequential& trained, const TrainLog&) {
    r.dead.push_back(DeadFraction(trained, d.x));
    return false;
  };
  r.diverged = TrainBinary(net, d, config, rng, hooks).diverged;
  if (!r.diverged) r.error = 1 - BinaryAccuracy(net, d);
  return r;
}

struct Cell {  // one variant at one rate, over the seeds
  std::vector<double> dead, error;  // final values of the runs that did not diverge
  int diverged = 0;
  std::vector<double> dead_per_epoch;  // mean over those runs
};

Cell RunCell(const Variant& v, double lr, const Context& ctx, int points, int epochs, bool outliers) {
  Cell c;
  std::vector<std::vector<double>> curves;
  for (int k = 0; k < ctx.Seeds(5); ++k) {
    const NetRun r = TrainSine(v, lr, ctx.seed + std::uint64_t(k), points, epochs, outliers);
    if (r.diverged) {
      ++c.diverged;
      continue;
    }
    c.dead.push_back(r.dead.back());
    c.error.push_back(r.error);
    curves.push_back(r.dead);
  }
  c.dead_per_epoch = MeanCurve(curves);
  return c;
}

std::string Percent(const std::vector<double>& v) {
  if (v.empty()) return "-";
  const MeanStd m = Summarise(v);
  return Format(MeanStd{100 * m.mean, 100 * m.std}, 3) + " %";
}

}  // namespace

Result RunExp05(const Context& ctx) {
  Result r;
  r.claim = "When the learning rate and the gradient are large, an update can push a ReLU unit's input below 0 for "
            "every training example; its gradient is then 0 and it never updates again (\"dies\"). Example: z = Wx + 1, "
            "W = 3, an update dW = -100 gives z = -97x + 1 < 0 for all x > 1/97. Remedies: Leaky ReLU (a gradient "
            "for x < 0), a smaller learning rate, and momentum (\"suppresses the abnormal update\").";
  r.seeds = "002 (ai-edu), 003 (interview notes: the example and the three remedies), 004";
  const FlushSubnormals flush;

  // (a) The single neuron.
  const double lr_a = 0.1;
  const long cap_a = 200000;
  const Neuron relu = SingleNeuron("relu", lr_a, cap_a / 100);
  const Neuron leaky = SingleNeuron("leaky_relu(negative_slope=0.01)", lr_a, cap_a);
  const bool relu_frozen = relu.max_abs_grad_1000 == 0 && relu.w_after_1000 == -97 && relu.path.y.back() == -97;
  const bool leaky_moves = leaky.first_grad != 0 && leaky.w_after_1000 > -97;

  // (b) The 10-100-1 net.
  const int points = 1000, epochs = ctx.quick ? 5 : 20;
  const std::vector<double> rates = ctx.quick ? std::vector<double>{0.01, 0.3} : std::vector<double>{0.01, 0.1, 0.3, 1.0};
  const std::vector<Variant> variants = {{"ReLU", "relu", 1, 0},
                                         {"Leaky ReLU 0.01", "leaky_relu(negative_slope=0.01)", 1, 0},
                                         {"ReLU + momentum 0.9, lr x 0.1", "relu", 0.1, 0.9}};
  const double probe = 0.3;  // the rate where ReLU units die but training still runs
  r.setup = "(a) Linear(1,1) + activation from actlab; x = 0.1, 0.2, .., 1.0; targets = the neuron's outputs at "
            "W = 3, b = 1; then W += -100; then full-batch SGD on the MSE, lr " + Format(lr_a) + ", W only (b stays "
            "1 as in the seed): 1000 steps, Leaky continued until z > 0 again for some x (cap " + std::to_string(cap_a) +
            " steps), ReLU for " + std::to_string(cap_a / 100) + " steps. (b) x ~ N(0, I_10), label [sin(w*.x) > 0], "
            "w* ~ N(0, I_10), " + std::to_string(points) + " samples; MLP 10-100-1, He init, BCE, batch-1 SGD, " +
            std::to_string(epochs) + " epochs; " + std::to_string(ctx.Seeds(5)) + " seeds. Momentum runs use lr x 0.1 "
            "with momentum 0.9, the same effective step lr x 0.1 / (1 - 0.9). Dead unit: pre-activation <= 0 on every "
            "training sample (for Leaky the same count means 'all inputs negative', the units still get 0.01 of the "
            "gradient). A run diverges at a non-finite loss; its dead fraction is left out. Outlier variant: 2% of "
            "the inputs scaled by 10 after labelling, at lr " + Format(probe) + "." +
            (ctx.quick ? " Quick run: 5 epochs, rates 0.01 and 0.3." : "");

  Table ta{"(a) The single neuron after W = 3 -> -97 (lr " + Format(lr_a) + ")",
           {"activation", "dL/dW at step 1", "max |dL/dW| over steps 1-1000", "W after 1000 steps",
            "steps until z > 0 for some x"}, {}};
  for (const auto* n : {&relu, &leaky}) {
    ta.rows.push_back({n->path.label, Format(n->first_grad, 6), Format(n->max_abs_grad_1000, 6), Format(n->w_after_1000, 10),
                       n->revive_step > 0 ? std::to_string(n->revive_step)
                                          : "never (" + Format(n->path.x.back(), 6) + " steps run)"});
  }
  Figure fa{"exp05_single_neuron", "Single neuron after dW = -100: W against SGD step", "step", "W", {relu.path, leaky.path}};

  Table tb{"(b) Dead hidden units of the 10-100-1 net after " + std::to_string(epochs) + " epochs of batch-1 SGD",
           {"variant", "effective step", "dead (Leaky: all-negative) units", "runs diverged", "training error"}, {}};
  Figure fb{"exp05_dead_vs_lr", "F13: dead hidden units after training against the effective step", "effective step",
            "dead units (%)", {}};
  fb.logx = true;
  fb.style = "linespoints";
  Figure fe{"exp05_dead_per_epoch", "Dead hidden units per epoch at effective step " + Format(probe), "epoch",
            "dead units (%)", {}};
  fe.style = "linespoints";
  std::vector<std::vector<Cell>> cells;
  for (const Variant& v : variants) {
    Series s{v.name, {}, {}};
    cells.emplace_back();
    nlohmann::json rows = nlohmann::json::array();
    for (double lr : rates) {
      const Cell c = RunCell(v, lr, ctx, points, epochs, false);
      cells.back().push_back(c);
      tb.rows.push_back({v.name, Format(lr), Percent(c.dead), std::to_string(c.diverged) + "/" + std::to_string(ctx.Seeds(5)),
                         Percent(c.error)});
      if (!c.dead.empty()) s.x.push_back(lr), s.y.push_back(100 * Summarise(c.dead).mean);
      if (lr == probe) {
        Series p{v.name, {}, {}};
        for (std::size_t e = 0; e < c.dead_per_epoch.size(); ++e) p.x.push_back(double(e + 1)), p.y.push_back(100 * c.dead_per_epoch[e]);
        fe.series.push_back(p);
      }
      rows.push_back({{"lr", lr}, {"dead_fraction", c.dead}, {"diverged", c.diverged}, {"train_error", c.error},
                      {"dead_per_epoch", c.dead_per_epoch}});
    }
    fb.series.push_back(s);
    r.numbers["b"][v.spec + (v.momentum > 0 ? "+momentum" : "")] = rows;
  }

  Table to{"(b') Outlier variant: 2% of the inputs x 10, effective step " + Format(probe),
           {"variant", "dead units", "runs diverged", "training error"}, {}};
  std::vector<Cell> outlier;
  for (const Variant& v : {variants[0], variants[2]}) {
    outlier.push_back(RunCell(v, probe, ctx, points, epochs, true));
    const Cell& c = outlier.back();
    to.rows.push_back({v.name, Percent(c.dead), std::to_string(c.diverged) + "/" + std::to_string(ctx.Seeds(5)), Percent(c.error)});
    r.numbers["outliers"][v.name] = {{"dead_fraction", c.dead}, {"diverged", c.diverged}, {"train_error", c.error}};
  }
  r.tables = {ta, tb, to};
  r.figures = {fa, fb, fe};
  r.numbers["a"] = {{"lr", lr_a},
                    {"relu", {{"first_grad", relu.first_grad}, {"max_abs_grad_1000", relu.max_abs_grad_1000},
                              {"w_after_1000", relu.w_after_1000}, {"w_final", relu.path.y.back()},
                              {"steps_run", relu.path.x.back()}, {"revive_step", relu.revive_step}}},
                    {"leaky", {{"first_grad", leaky.first_grad}, {"max_abs_grad_1000", leaky.max_abs_grad_1000},
                               {"w_after_1000", leaky.w_after_1000}, {"revive_step", leaky.revive_step}}}};

  // The deciding numbers: ReLU's dead fraction at the smallest rate and at the probe rate, and
  // momentum against plain SGD at the probe rate (a difference beyond two standard errors).
  const auto at = [&](int variant, double lr) -> const Cell& {
    for (std::size_t i = 0; i < rates.size(); ++i) {
      if (rates[i] == lr) return cells[std::size_t(variant)][i];
    }
    throw std::logic_error("EXP-05: rate not in the grid");
  };
  const auto mean = [](const Cell& c) { return c.dead.empty() ? std::nan("") : Summarise(c.dead).mean; };
  const auto se = [](const Cell& c) {
    return c.dead.size() < 2 ? 0.0 : Summarise(c.dead).std / std::sqrt(double(c.dead.size()));
  };
  const Cell &small = at(0, rates.front()), &large = at(0, probe), &mom = at(2, probe), &leak = at(1, probe);
  const bool rate_kills = mean(large) - mean(small) >= 0.10;
  const double margin = 2 * std::hypot(se(large), se(mom));
  const bool momentum_helps = mean(mom) < mean(large) - margin;
  // null where every run diverged
  r.numbers["relu_dead_small_lr"] = NumberOrNull(mean(small));
  r.numbers["relu_dead_probe_lr"] = NumberOrNull(mean(large));
  r.numbers["momentum_dead_probe_lr"] = NumberOrNull(mean(mom));
  r.numbers["leaky_all_negative_probe_lr"] = NumberOrNull(mean(leak));
  r.numbers["checks"] = {{"relu_frozen", relu_frozen}, {"leaky_moves", leaky_moves}, {"rate_kills", rate_kills},
                         {"momentum_helps", momentum_helps}};
  const auto pct = [](double v) { return std::isnan(v) ? std::string("n/a") : Format(100 * v, 3) + "%"; };
  // (c) Real images: the 784-100-10 ReLU net of EXP-04 (c) on its Fashion-MNIST subset, one epoch of
  // plain SGD (batch 64) from He init at growing rates; dead = hidden units whose pre-activation is
  // <= 0 on every training image afterwards.
  const std::vector<double> image_rates = {0.01, 0.1, 1.0};
  const ImageData& images = Baseline("relu", ctx).data;
  Table tc{"(c) Fashion-MNIST, 784-100-10 ReLU, one epoch of plain SGD (batch 64) from He init: dead hidden units "
               "(zero on every training image), mean over seeds",
           {"lr", "dead units per seed", "dead (mean)", "final loss (mean)"}, {}};
  std::vector<double> image_dead;
  for (double lr : image_rates) {
    std::vector<double> dead, loss;
    for (int k = 0; k < ctx.Seeds(3); ++k) {
      ImageRun run = TrainImageMlp("relu", images, {.epochs = 1, .lr = lr, .adam = false}, ctx.seed + 6000 + std::uint64_t(k));
      if (run.log.diverged) continue;
      const Matrix z = PreActivations(run.net, images.train.x)[0];
      dead.push_back(double((z.array() <= 0).colwise().all().count()) / double(z.cols()));
      loss.push_back(run.log.loss.back());
    }
    image_dead.push_back(dead.empty() ? std::nan("") : Summarise(dead).mean);
    std::vector<std::string> per_seed;
    for (double d : dead) per_seed.push_back(Format(100 * d, 3) + "%");
    tc.rows.push_back({Format(lr), dead.empty() ? "all diverged" : Join(per_seed), pct(image_dead.back()),
                       loss.empty() ? "n/a" : Format(Summarise(loss).mean, 3)});
    r.numbers["fashion"].push_back({{"lr", lr}, {"dead_fraction", dead}, {"final_loss", loss}});
  }
  r.tables.push_back(tc);
  const bool image_rate_kills = !std::isnan(image_dead.front()) && !std::isnan(image_dead.back()) &&
                                image_dead.back() - image_dead.front() >= 0.10;
  r.numbers["fashion_rate_kills"] = image_rate_kills;
  r.setup += " (c) EXP-04 (c)'s Fashion-MNIST subset and 784-100-10 ReLU net, one epoch of plain SGD (batch 64) from "
             "He init at lr 0.01, 0.1 and 1, " + std::to_string(ctx.Seeds(3)) + " seeds; a unit is dead when its "
             "pre-activation is <= 0 on every training image.";

  const bool exact = relu_frozen && leaky_moves;
  r.verdict = exact && rate_kills && momentum_helps ? Verdict::kConfirmed
              : exact && rate_kills                 ? Verdict::kMixed
                                                    : Verdict::kNotConfirmed;
  r.conclusion =
      std::string("(a) ") + (relu_frozen ? "ReLU: dL/dW is exactly 0 at every step and W stays -97 bit for bit"
                                         : "ReLU: W moved, contrary to the seed") +
      "; Leaky: dL/dW = " + Format(leaky.first_grad, 4) + ", W = " + Format(leaky.w_after_1000, 6) +
      " after 1000 steps, z > 0 again after " + (leaky.revive_step > 0 ? std::to_string(leaky.revive_step) : "no") +
      " steps (slow: 1% of the gradient). (b) Dead ReLU units: " + pct(mean(small)) + " at lr " + Format(rates.front()) +
      ", " + pct(mean(large)) + " at lr " + Format(probe) + (rate_kills ? " (a smaller rate is a remedy)" : "") +
      "; momentum 0.9 at the same effective step: " + pct(mean(mom)) +
      (momentum_helps ? ", fewer: momentum helps" : ", not fewer: momentum is not confirmed as a remedy") +
      "; Leaky leaves " + pct(mean(leak)) + " of its units negative on every input, alive only through the 0.01 slope." +
      " (c) On Fashion-MNIST (784-100-10): " + pct(image_dead.front()) + " dead at lr 0.01, " + pct(image_dead[1]) +
      " at 0.1, " + pct(image_dead.back()) + " at 1" +
      (image_rate_kills ? ": large rates kill units on real images too." : ": no rise of 10 points with the rate here.");
  return r;
}

}  // namespace actlab::lab
