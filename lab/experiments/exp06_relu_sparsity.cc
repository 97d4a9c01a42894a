// EXP-06 (seeds 000, 003, 004): "ReLU makes the network sparse". Counts exact zeros among the
// hidden outputs of the EXP-04 net, at initialisation and after EXP-04's training, next to the
// activations that cannot output an exact zero. Also counts dead units (zero on every training
// point), which seed 000 conflates with sparsity.
#include <algorithm>
#include <cmath>

#include "lab/engine/layers.h"
#include "lab/experiments/image_mlp.h"
#include "lab/experiments/spirals_study.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

using namespace spirals;

struct LayerStats {
  std::vector<double> zeros;  // fraction of exact zeros among the hidden outputs, per hidden layer
  std::vector<double> sd;     // standard deviation of the pre-activations, per hidden layer
  std::vector<double> dead;   // fraction of units that are zero on every input, per hidden layer
  std::vector<double> unit;   // each unit's fraction of inputs giving exactly 0 (all layers)
};

LayerStats Measure(Sequential& net, const std::string& spec, const Matrix& x) {
  const Activation act = Activation::parse(spec);
  LayerStats s;
  for (const Matrix& z : PreActivations(net, x)) {
    Matrix y(z.rows(), z.cols());
    act.forward(Flat(z), Flat(y));
    s.zeros.push_back(double((y.array() == 0).count()) / double(y.size()));
    s.sd.push_back(std::sqrt((z.array() - z.mean()).square().mean()));
    int dead = 0;
    for (Eigen::Index j = 0; j < y.cols(); ++j) {
      dead += (y.col(j).array() == 0).all();
      s.unit.push_back(double((y.col(j).array() == 0).count()) / double(y.rows()));
    }
    s.dead.push_back(double(dead) / double(y.cols()));
  }
  return s;
}

// n inputs x ~ N(0, I_2) drawn from Rng(seed).
Matrix NormalInputs(int n, std::uint64_t seed) {
  Rng rng(seed);
  return Gaussian(n, 2, rng);
}

// Mean +- std over seeds of one per-layer statistic, as "50.1 ± 0.3 | ..." in percent.
std::string Layers(const std::vector<LayerStats>& runs, std::vector<double> LayerStats::*field, nlohmann::json& out) {
  std::vector<std::string> cells;
  out = nlohmann::json::array();
  for (std::size_t l = 0; l < (runs[0].*field).size(); ++l) {
    std::vector<double> v;
    for (const LayerStats& s : runs) v.push_back((s.*field)[l]);
    out.push_back(v);
    const MeanStd m = Summarise(v);
    cells.push_back(Format(MeanStd{100 * m.mean, 100 * m.std}, 3));
  }
  return Join(cells, " | ");
}

double MeanOver(const std::vector<LayerStats>& runs, std::vector<double> LayerStats::*field) {
  double sum = 0;
  int n = 0;
  for (const LayerStats& s : runs) {
    for (double v : s.*field) sum += v, ++n;
  }
  return sum / n;
}

}  // namespace

Result RunExp06(const Context& ctx) {
  Result r;
  r.claim = "ReLU makes the activations sparse: negative inputs give exactly 0, so many hidden outputs are zero "
            "(\"increases the sparsity of the network\"; seed 000 also calls a unit that no longer trains 'sparse').";
  r.seeds = "000, 003 (table: advantages of ReLU), 004";
  const int seeds = ctx.Seeds(5), n = Points(ctx.quick);
  const std::vector<std::string> acts = {"relu",  "relu6", "hardswish", "leaky_relu", "elu",
                                         "silu",  "mish",  "sigmoid",   "tanh"};
  r.setup = "The EXP-04 net (2-64-64-64-1) with the initial weights of EXP-04's runs (He init, Xavier for tanh and "
            "sigmoid, zero biases) for seeds " + std::to_string(ctx.seed) + ".." + std::to_string(ctx.seed + seeds - 1) +
            ", fed " + std::to_string(n) + " inputs x ~ N(0, I_2); then EXP-04's trained ReLU and tanh nets (best "
            "rate, trained to 95% training accuracy) fed the same N(0, I_2) inputs and their own training spirals. "
            "Counted: hidden outputs exactly 0.0 (per layer, in %), units that are 0 for every input (dead). For "
            "h-swish the Gaussian estimate of P(z <= -3) from each layer's pre-activation std is shown.";

  Table init{"At initialisation, N(0, I_2) inputs: exact zeros among hidden outputs, layers 1 | 2 | 3 (%)",
             {"activation", "exact zeros (%)", "pre-activation std", "units zero on every input (%)"}, {}};
  std::vector<double> relu_init, exact_zero_free, relu_init_dead;  // ReLU's fractions; the never-zero activations' fractions
  for (const std::string& act : acts) {
    std::vector<LayerStats> runs;
    for (int k = 0; k < seeds; ++k) {
      const std::uint64_t seed = ctx.seed + std::uint64_t(k);
      Sequential net = InitialNet({act, 0.1, seed, 0, Stop::kTarget, false, ctx.quick});
      runs.push_back(Measure(net, act, NormalInputs(n, seed + 100)));
    }
    nlohmann::json zeros, sd, dead;
    init.rows.push_back({act, Layers(runs, &LayerStats::zeros, zeros), "", Layers(runs, &LayerStats::dead, dead)});
    std::vector<std::string> sds;
    for (std::size_t l = 0; l < runs[0].sd.size(); ++l) {
      std::vector<double> v;
      for (const LayerStats& s : runs) v.push_back(s.sd[l]);
      sds.push_back(Format(Summarise(v).mean, 3));
      if (act == "hardswish") sds.back() += " (P(z<=-3) ≈ " + Format(100 * 0.5 * std::erfc(3 / (Summarise(v).mean * std::sqrt(2))), 2) + "%)";
    }
    Layers(runs, &LayerStats::sd, sd);
    init.rows.back()[2] = Join(sds, " | ");
    r.numbers["init"][act] = {{"zero_fraction", zeros}, {"preactivation_std", sd}, {"dead_fraction", dead}};
    if (act == "relu") {
      for (const LayerStats& s : runs) relu_init.insert(relu_init.end(), s.zeros.begin(), s.zeros.end());
      std::vector<std::vector<double>> dead_per_layer;
      for (const LayerStats& s : runs) dead_per_layer.push_back(s.dead);
      relu_init_dead = MeanCurve(dead_per_layer);  // per layer, mean over seeds
    }
    if (act != "relu" && act != "relu6" && act != "hardswish") {
      for (const LayerStats& s : runs) exact_zero_free.insert(exact_zero_free.end(), s.zeros.begin(), s.zeros.end());
    }
  }

  Table trained{"After EXP-04's training (to 95% training accuracy): exact zeros among hidden outputs, layers 1 | 2 | 3 (%)",
                {"activation", "inputs", "exact zeros (%)", "units zero on every input (%)"}, {}};
  double relu_trained = 0, tanh_trained = 0, relu_dead = 0;
  for (const std::string& act : {std::string("relu"), std::string("tanh")}) {
    const Study& study = BestLrStudy(act, ctx);
    std::vector<LayerStats> gauss, spirals;
    for (Run* run : study.runs) {
      gauss.push_back(Measure(run->net, act, NormalInputs(n, run->config.seed + 100)));
      spirals.push_back(Measure(run->net, act, run->data.x));
    }
    nlohmann::json zg, dg, zs, ds;
    trained.rows.push_back({act + " (lr " + Format(study.best_lr) + ")", "N(0, I_2)", Layers(gauss, &LayerStats::zeros, zg),
                            Layers(gauss, &LayerStats::dead, dg)});
    trained.rows.push_back({act + " (lr " + Format(study.best_lr) + ")", "training spirals",
                            Layers(spirals, &LayerStats::zeros, zs), Layers(spirals, &LayerStats::dead, ds)});
    r.numbers["trained"][act] = {{"gaussian_zero_fraction", zg}, {"gaussian_dead_fraction", dg},
                                 {"spirals_zero_fraction", zs}, {"spirals_dead_fraction", ds}};
    (act == "relu" ? relu_trained : tanh_trained) = MeanOver(spirals, &LayerStats::zeros);
    if (act == "relu") relu_dead = MeanOver(spirals, &LayerStats::dead);
  }
  r.tables = {init, trained};

  const MeanStd relu0 = Summarise(relu_init);
  double others_max = 0;
  for (double v : exact_zero_free) others_max = std::max(others_max, v);
  others_max = std::max(others_max, tanh_trained);
  const bool half_at_init = std::fabs(relu0.mean - 0.5) <= 0.03;
  const bool others_none = others_max == 0;
  const bool stays = relu_trained >= 0.25;  // "substantial": at least a quarter of the outputs
  r.numbers["relu_init_zero_fraction"] = relu0.mean;
  r.numbers["relu_trained_zero_fraction"] = relu_trained;
  r.numbers["relu_trained_dead_fraction"] = relu_dead;
  r.numbers["max_zero_fraction_non_sparse"] = others_max;

  // Sparsity is per input, death is for every input: each ReLU unit's share of training inputs on
  // which it outputs 0, sorted, at initialisation and after training (seed ctx.seed).
  Figure units{"exp06_relu_units", "ReLU units of the EXP-04 net (seed " + std::to_string(ctx.seed) +
                                       "): share of training inputs giving exactly 0, units sorted",
               "units, sorted (% of the 192 hidden units)", "inputs with output 0 (%)", {}};
  Run& trained_relu = *BestLrStudy("relu", ctx).runs[0];
  Sequential initial = InitialNet(trained_relu.config);
  for (auto [label, net] : {std::pair{"initialisation", &initial}, std::pair{"after training", &trained_relu.net}}) {
    std::vector<double> u = Measure(*net, "relu", trained_relu.data.x).unit;
    std::sort(u.rbegin(), u.rend());
    Series s{label, {}, {}};
    for (std::size_t i = 0; i < u.size(); ++i) s.x.push_back(100.0 * double(i + 1) / double(u.size())), s.y.push_back(100 * u[i]);
    units.series.push_back(s);
  }
  r.figures.push_back(units);

  // (c) Real images: the hidden layer of EXP-04 (c)'s Fashion-MNIST nets (784-100-10, Adam) on
  // their test images: exact zeros per input, and units zero on every test image.
  Table images{"(c) Fashion-MNIST, EXP-04 (c)'s trained 784-100-10 nets on their test images: exact zeros among the "
                   "100 hidden outputs, and units that are zero on every test image (mean over seeds, %)",
               {"activation", "exact zeros", "units zero on every image"}, {}};
  double image_relu_zeros = 0, image_tanh_zeros = 0;
  for (const std::string act : {"relu", "tanh"}) {
    FashionBaseline& base = Baseline(act, ctx);
    std::vector<double> zeros, dead;
    for (ImageRun& run : base.runs) {
      const Matrix h = PreActivations(run.net, base.data.test.x)[0];
      // Pre-activation <= 0 is ReLU's exact zero; for tanh only an exact 0 input gives 0.
      const auto is_zero = [&](double z) { return act == "relu" ? z <= 0 : z == 0; };
      double n = 0, all_zero_units = 0;
      for (Eigen::Index j = 0; j < h.cols(); ++j) {
        bool unit_dead = true;
        for (Eigen::Index i = 0; i < h.rows(); ++i) {
          const bool z = is_zero(h(i, j));
          n += z;
          unit_dead = unit_dead && z;
        }
        all_zero_units += unit_dead;
      }
      zeros.push_back(n / double(h.size()));
      dead.push_back(all_zero_units / double(h.cols()));
    }
    images.rows.push_back({act, Format(100 * Summarise(zeros).mean, 3), Format(100 * Summarise(dead).mean, 3)});
    r.numbers["fashion"][act] = {{"zero_fraction", zeros}, {"dead_fraction", dead}};
    (act == std::string("relu") ? image_relu_zeros : image_tanh_zeros) = Summarise(zeros).mean;
  }
  r.tables.push_back(images);
  const bool images_sparse = image_relu_zeros >= 0.25 && image_tanh_zeros == 0;
  r.numbers["fashion_relu_sparse"] = images_sparse;
  r.setup += " (c) EXP-04 (c)'s Fashion-MNIST nets (784-100-10 trained with Adam), their hidden outputs on the " +
             std::to_string(Baseline("relu", ctx).data.test.x.rows()) + " test images.";

  r.verdict = half_at_init && others_none && stays && images_sparse ? Verdict::kConfirmed
              : half_at_init && others_none         ? Verdict::kMixed
                                                    : Verdict::kNotConfirmed;
  r.conclusion = "At initialisation " + Format(100 * relu0.mean, 3) + "% of ReLU's hidden outputs are exactly 0 (" +
                 (half_at_init ? "within 3 points of 50%" : "not near 50%") + "); sigmoid, tanh, Leaky, ELU, SiLU and "
                 "Mish give " + (others_none ? "none" : Format(100 * others_max, 3) + "%") +
                 ". After EXP-04's training, " + Format(100 * relu_trained, 3) + "% of ReLU's outputs on the training "
                 "data are still exactly 0" + (stays ? " (substantial)" : " (less than a quarter)") + ", while " +
                 Format(100 * relu_dead, 3) + "% of its units are zero on every training point: sparsity is per input, "
                 "not dead units (seed 000 mixes the two). With only 2 inputs, even the untrained net has " +
                 Format(100 * relu_init_dead.back(), 3) + "% of its last hidden layer's units zero on every N(0, I_2) input. On Fashion-MNIST's test images the trained "
                 "784-100-10 ReLU net outputs exactly 0 in " + Format(100 * image_relu_zeros, 3) + "% of its hidden outputs, "
                 "tanh in " + Format(100 * image_tanh_zeros, 3) + "% (third table)" +
                 (images_sparse ? ": sparse on real images too." : ": not the substantial sparsity of the claim.");
  return r;
}

}  // namespace actlab::lab
