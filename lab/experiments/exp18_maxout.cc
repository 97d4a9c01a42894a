// EXP-18 (seed 001): Maxout max(w1.x + b1, w2.x + b2): "linear regime, does not saturate, does
// not die; the drawback is that it doubles the parameters". Parameter counts of Maxout(10, 20, k)
// against Linear(10, 20) + ReLU; maxout with pieces (w, b), (0, 0) against ReLU and with
// (w, b), (a w, a b) against Leaky ReLU(a); input gradients as the input grows (saturation) and
// after a large negative bias shift (dying).
#include <algorithm>
#include <cmath>

#include "actlab/actlab.h"
#include "lab/engine/layers.h"
#include "lab/engine/train.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

Sequential LinearThen(const Matrix& w, const Vector& b, const std::string& act) {
  Sequential net;
  auto linear = std::make_unique<Linear>(int(w.cols()), int(w.rows()));
  linear->W = w, linear->b = b;
  net.Add(std::move(linear)).Add(std::make_unique<ActivationLayer>(Activation::parse(act)));
  return net;
}

// Maxout whose unit i has pieces (w_i, b_i) and (a w_i, a b_i): pieces 2i and 2i+1 of the
// underlying linear map (Maxout takes the max over consecutive groups of k).
Sequential MaxoutFrom(const Matrix& w, const Vector& b, double a) {
  Sequential net;
  auto maxout = std::make_unique<Maxout>(int(w.cols()), int(w.rows()), 2);
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    maxout->pieces().W.row(2 * i) = w.row(i), maxout->pieces().b(2 * i) = b(i);
    maxout->pieces().W.row(2 * i + 1) = a * w.row(i), maxout->pieces().b(2 * i + 1) = a * b(i);
  }
  net.Add(std::move(maxout));
  return net;
}

// Both pieces random (as trained pieces would be): W ~ N(0, 1/in), b ~ N(0, 1).
Sequential RandomMaxout(int in, int out, int k, std::uint64_t seed) {
  Rng rng(seed);
  Sequential net;
  auto maxout = std::make_unique<Maxout>(in, out, k);
  maxout->pieces().W = Gaussian(out * k, in, rng, 1 / std::sqrt(double(in)));
  for (Eigen::Index i = 0; i < maxout->pieces().b.size(); ++i) maxout->pieces().b(i) = rng.Normal();
  net.Add(std::move(maxout));
  return net;
}

// A large negative update to the ReLU's bias, or to the bias of each maxout unit's first piece.
void ShiftBiases(Sequential& net, double shift) {
  for (auto& layer : net.layers()) {
    if (auto* linear = dynamic_cast<Linear*>(layer.get())) linear->b.array() += shift;
    if (auto* maxout = dynamic_cast<Maxout*>(layer.get())) {
      for (Eigen::Index i = 0; i < maxout->pieces().b.size(); i += 2) maxout->pieces().b(i) += shift;
    }
  }
}

struct Gradients {
  double zero_input_gradient = 0;  // fraction of samples whose dL/dx is exactly 0
  double dead_units = 0;           // fraction of units whose parameters get no gradient on the batch
  double mean_input_gradient = 0;  // mean ||dL/dx|| per sample
};

// One backward pass with dL/dy = 1 for every output.
Gradients Probe(Sequential& net, const Matrix& x, int units) {
  const auto params = net.Params();
  ZeroGrads(params);
  const Matrix y = net.Forward(x);
  const Matrix dx = net.Backward(Matrix::Ones(y.rows(), y.cols()));
  Gradients g;
  for (Eigen::Index i = 0; i < dx.rows(); ++i) {
    g.zero_input_gradient += dx.row(i).isZero(0);
    g.mean_input_gradient += dx.row(i).norm();
  }
  g.zero_input_gradient /= double(dx.rows());
  g.mean_input_gradient /= double(dx.rows());
  // Weight gradient rows (and biases) of each unit: `units` groups of consecutive rows.
  const Param& w = params[0];
  const Param& b = params[1];
  const std::size_t rows_per_unit = b.size / std::size_t(units), in = w.size / b.size;
  int dead = 0;
  for (int u = 0; u < units; ++u) {
    bool zero = true;
    for (std::size_t row = std::size_t(u) * rows_per_unit; row < std::size_t(u + 1) * rows_per_unit; ++row) {
      zero = zero && b.grad[row] == 0;
      for (std::size_t j = 0; j < in; ++j) zero = zero && w.grad[row * in + j] == 0;
    }
    dead += zero;
  }
  g.dead_units = double(dead) / units;
  return g;
}

}  // namespace

Result RunExp18(const Context& ctx) {
  Result r;
  r.claim = "Maxout, max(w1^T x + b1, w2^T x + b2), does not apply an activation to a product but takes the larger of two "
            "outputs: 'Linear regime! Does not saturate! Does not die!' Its drawback is that it doubles the parameters.";
  r.seeds = "001";
  const int in = 10, out = 20, samples = ctx.quick ? 500 : 10000;
  r.setup = "Maxout(10, 20, k) against Linear(10, 20) + ReLU, parameter counts from the engine. Random W ~ N(0, 1/10), "
            "b ~ N(0, 1); maxout with pieces (w_i, b_i), (0, 0) against Linear + ReLU and with (w_i, b_i), (a w_i, a b_i) "
            "against Linear + leaky_relu(a), a in {0.25, 0.01}, on " + std::to_string(samples) + " N(0,1) inputs: outputs "
            "and input gradients (dL/dy ~ N(0,1)). Saturation: mean ||dL/dx|| (dL/dy = 1) with inputs scaled by s, "
            "against Linear + tanh / sigmoid with the same W, b. Dying: the ReLU's biases, and the first piece's bias of "
            "each maxout unit, shifted by -10 (as after one large update); 'dead' = a unit whose parameters get exactly zero gradient on "
            "the whole batch. Seed " + std::to_string(ctx.seed) + ".";

  // Parameter counts.
  Table counts{"Parameters, 10 -> 20", {"layer", "parameters", "ratio to Linear + ReLU"}, {}};
  Sequential relu_layer = Mlp({in, out}, "relu");
  relu_layer.Add(std::make_unique<ActivationLayer>(Activation(Kind::Relu)));
  const double base = double(relu_layer.ParamCount());
  counts.rows.push_back({"Linear + ReLU", Format(base), "1"});
  nlohmann::json count_numbers = {{"linear_relu", base}};
  double maxout2 = 0;
  for (int k = 2; k <= 4; ++k) {
    Sequential m;
    m.Add(std::make_unique<Maxout>(in, out, k));
    const double p = double(m.ParamCount());
    if (k == 2) maxout2 = p;
    counts.rows.push_back({"Maxout k = " + std::to_string(k), Format(p), Format(p / base)});
    count_numbers["maxout_k" + std::to_string(k)] = p;
  }
  r.tables.push_back(counts);

  // Special cases: exact equality of outputs and input gradients.
  Rng rng(ctx.seed);
  const Matrix w = Gaussian(out, in, rng, 1 / std::sqrt(double(in)));
  Vector b(out);
  for (Eigen::Index i = 0; i < out; ++i) b(i) = rng.Normal();
  const Matrix x = Gaussian(samples, in, rng);
  const Matrix dy = Gaussian(samples, out, rng);
  Table equal{"Maxout special cases against the activation they should equal (" + std::to_string(samples) + " inputs)",
              {"maxout pieces", "compared with", "max |output difference|", "max |input-gradient difference|"}, {}};
  nlohmann::json equal_numbers;
  for (const auto& [a, act] : std::vector<std::pair<double, std::string>>{
           {0.0, "relu"}, {0.25, "leaky_relu(0.25)"}, {0.01, "leaky_relu(0.01)"}}) {
    Sequential maxout = MaxoutFrom(w, b, a), reference = LinearThen(w, b, act);
    const double dout = (maxout.Forward(x) - reference.Forward(x)).cwiseAbs().maxCoeff();
    const double dgrad = (maxout.Backward(dy) - reference.Backward(dy)).cwiseAbs().maxCoeff();
    equal.rows.push_back({a == 0 ? "(w, b), (0, 0)" : "(w, b), (" + Format(a) + " w, " + Format(a) + " b)", act,
                          Format(dout, 3), Format(dgrad, 3)});
    equal_numbers[act] = {{"max_abs_output_difference", dout}, {"max_abs_input_gradient_difference", dgrad}};
  }
  r.tables.push_back(equal);

  // Saturation: input gradients as inputs grow.
  Figure saturation{"exp18_saturation", "Mean ||dL/dx|| per sample as the input is scaled (10 -> 20 layers, dL/dy = 1)",
                    "input scale s", "mean ||dL/dx||", {}};
  saturation.logx = saturation.logy = true;
  saturation.style = "linespoints";
  Table sat{"Saturation: mean ||dL/dx|| per sample", {"layer", "s = 1", "s = 10", "s = 100", "s = 1000"}, {}};
  nlohmann::json sat_numbers;
  for (const std::string name : {"maxout (random pieces)", "relu", "tanh", "sigmoid"}) {
    Sequential net = name[0] == 'm' ? RandomMaxout(in, out, 2, ctx.seed + 1) : LinearThen(w, b, name);
    Series s{name, {}, {}};
    std::vector<std::string> row = {name};
    for (double scale = 0.1; scale < 2000; scale *= std::sqrt(10.0)) {
      const double g = Probe(net, x * scale, out).mean_input_gradient;
      s.x.push_back(scale), s.y.push_back(g);
      if (std::fabs(std::log10(scale) - std::round(std::log10(scale))) < 1e-9 && scale > 0.5) row.push_back(Format(g, 3));
      sat_numbers[name].push_back({{"scale", scale}, {"mean_input_gradient", g}});
    }
    saturation.series.push_back(s);
    sat.rows.push_back(row);
  }
  r.tables.push_back(sat);
  r.figures.push_back(saturation);

  // Dying: after a large negative bias shift.
  Table dying{"Dying: after shifting the ReLU's biases / each maxout unit's first-piece bias by -10",
              {"layer", "bias shift", "samples with dL/dx = 0", "dead units"}, {}};
  nlohmann::json dying_numbers;
  double maxout_dead = 0, relu_dead_shifted = 0, maxout_zero_grad = 0;
  for (const double shift : {0.0, -10.0}) {
    for (const std::string name : {"relu", "maxout (random pieces)", "maxout (w, b), (0, 0)"}) {
      const bool random = name.find("random") != std::string::npos;
      Sequential net = name == "relu" ? LinearThen(w, b, "relu") : random ? RandomMaxout(in, out, 2, ctx.seed + 1) : MaxoutFrom(w, b, 0);
      ShiftBiases(net, shift);
      const Gradients g = Probe(net, x, out);
      dying.rows.push_back({name, Format(shift), Format(g.zero_input_gradient, 3), Format(g.dead_units, 3)});
      dying_numbers[name + (shift == 0 ? "" : " shifted")] = {{"zero_input_gradient_fraction", g.zero_input_gradient},
                                                              {"dead_unit_fraction", g.dead_units}};
      if (name != "relu") maxout_dead = std::max(maxout_dead, g.dead_units);
      if (name == "relu" && shift != 0) relu_dead_shifted = g.dead_units;
      if (random) maxout_zero_grad = std::max(maxout_zero_grad, g.zero_input_gradient);
    }
  }
  r.tables.push_back(dying);

  // 1-D picture: maxout units of one input.
  Figure shapes{"exp18_pieces", "One-input maxout units: max of k lines", "x", "y", {}};
  {
    Matrix xs(241, 1);
    for (int i = 0; i < 241; ++i) xs(i, 0) = -3 + 0.025 * i;
    const auto draw = [&](const std::string& label, const std::vector<double>& slopes, const std::vector<double>& offsets) {
      Sequential net;
      auto m = std::make_unique<Maxout>(1, 1, int(slopes.size()));
      for (std::size_t j = 0; j < slopes.size(); ++j) m->pieces().W(Eigen::Index(j), 0) = slopes[j], m->pieces().b(Eigen::Index(j)) = offsets[j];
      net.Add(std::move(m));
      const Matrix ys = net.Forward(xs);
      Series s{label, {}, {}};
      for (int i = 0; i < 241; ++i) s.x.push_back(xs(i, 0)), s.y.push_back(ys(i, 0));
      shapes.series.push_back(s);
    };
    draw("(x, 0), (0, 0) = ReLU", {1, 0}, {0, 0});
    draw("(x, 0), (0.25 x, 0) = Leaky(0.25)", {1, 0.25}, {0, 0});
    draw("k = 2: (0.8x + 0.5), (-1.2x - 1)", {0.8, -1.2}, {0.5, -1});
    draw("k = 4: convex, piecewise linear", {-1.5, -0.3, 0.4, 1.2}, {-1.2, 0.3, 0.2, -1.5});
  }
  r.figures.push_back(shapes);

  const double relu_out = equal_numbers["relu"]["max_abs_output_difference"];
  const double relu_grad = equal_numbers["relu"]["max_abs_input_gradient_difference"];
  const double leaky_out = equal_numbers["leaky_relu(0.25)"]["max_abs_output_difference"];
  const double leaky_grad = equal_numbers["leaky_relu(0.25)"]["max_abs_input_gradient_difference"];
  const double leaky001 = equal_numbers["leaky_relu(0.01)"]["max_abs_output_difference"];
  const auto& sat_maxout = sat_numbers["maxout (random pieces)"];
  const auto& sat_tanh = sat_numbers["tanh"];
  const double maxout_ratio = double(sat_maxout.back()["mean_input_gradient"]) / double(sat_maxout[2]["mean_input_gradient"]);
  const double tanh_ratio = double(sat_tanh.back()["mean_input_gradient"]) / double(sat_tanh[2]["mean_input_gradient"]);
  r.numbers = {{"parameters", count_numbers}, {"parameter_ratio_k2", maxout2 / base}, {"special_cases", equal_numbers},
               {"saturation", sat_numbers}, {"dying", dying_numbers}, {"maxout_max_dead_fraction", maxout_dead},
               {"relu_dead_fraction_after_shift", relu_dead_shifted}, {"maxout_random_zero_input_gradient", maxout_zero_grad},
               {"maxout_gradient_ratio_large_over_unit_scale", maxout_ratio},
               {"tanh_gradient_ratio_large_over_unit_scale", tanh_ratio}};
  const double relu_shaped_zero = dying_numbers["maxout (w, b), (0, 0) shifted"]["zero_input_gradient_fraction"];
  const bool doubles = maxout2 == 440 && base == 220;
  // Outputs are bitwise equal; input gradients are the same sum with zeros interleaved (the
  // losing pieces' rows), so they agree to rounding only.
  const bool exact = relu_out == 0 && leaky_out == 0 && relu_grad < 1e-12 && leaky_grad < 1e-12;
  const bool no_saturation = maxout_ratio > 0.5 && maxout_ratio < 2;
  const bool no_death = maxout_dead == 0 && maxout_zero_grad == 0;
  r.verdict = doubles && exact && no_saturation && no_death ? Verdict::kConfirmed : Verdict::kMixed;
  r.conclusion = "Maxout(10, 20, 2) has " + Format(maxout2) + " parameters against " + Format(base) +
                 " for Linear + ReLU (k times in general). Pieces (w, b), (0, 0) give ReLU's outputs exactly (max difference " +
                 Format(relu_out) + ") and (w, b), (0.25 w, 0.25 b) give Leaky ReLU(0.25)'s exactly (" + Format(leaky_out) +
                 "; with a = 0.01, whose products round, " + Format(leaky001, 2) + "); input gradients agree to rounding (" +
                 Format(std::max(relu_grad, leaky_grad), 2) + ", the same sums with the losing pieces' zeros in them). Scaling the input from 1 to 1000 leaves maxout's input "
                 "gradient at " + Format(maxout_ratio, 3) + " times its size while tanh's falls to " + Format(tanh_ratio, 2) +
                 " times (no saturation). After a -10 bias shift " + Format(100 * relu_dead_shifted, 3) +
                 "% of ReLU units are dead and no maxout unit is (" + Format(100 * maxout_dead) + "%): the winning piece always "
                 "gets the gradient. Caveat: the ReLU-shaped maxout then passes no gradient to x on " +
                 Format(100 * relu_shaped_zero, 3) + "% of the samples (its zero piece wins), but that zero piece still learns.";
  return r;
}

}  // namespace actlab::lab
