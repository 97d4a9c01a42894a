// REP-05: Glorot and Bengio (2010), "Understanding the difficulty of training deep feedforward
// neural networks", section 3: with the then-standard initialisation U(-1/sqrt(n), 1/sqrt(n)),
// a sigmoid network drives its top hidden layer into saturation at 0 early in training while the
// lower layers stay near 0.5, and leaves it slowly; a tanh network saturates one layer after
// another. Per-layer activation statistics over training, on Fashion-MNIST.
#include <algorithm>
#include <cmath>

#include "lab/engine/training_loop.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/fashion_subsets.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

// Every hidden layer's output on x, first layer first.
std::vector<Matrix> HiddenOutputs(Sequential& net, const Matrix& x) {
  std::vector<Matrix> out;
  Matrix h = x;
  for (auto& layer : net.layers()) {
    h = layer->Forward(h);
    if (dynamic_cast<ActivationLayer*>(layer.get())) out.push_back(h);
  }
  return out;
}

}  // namespace

Result RunRep05(const Context& ctx) {
  Result r;
  r.claim = "Sigmoid saturates and kills gradients; tanh is preferred to sigmoid (it is zero-centred), though it "
            "saturates too.";
  r.seeds = "001 (cs231n), 003";
  const int layers = 4, width = 256, epochs = ctx.quick ? 1 : 8, every = ctx.quick ? 10 : 40;
  const ImageData data = FashionSubset(ctx.quick ? 30 : 200, 10, ctx.seed + 10000);
  const Matrix probe = data.train.x.topRows(std::min<Eigen::Index>(300, data.train.x.rows()));
  r.setup = data.Describe() + ". MLP 784-" + std::to_string(layers) + "x" + std::to_string(width) + "-10, sigmoid "
            "or tanh, weights U(-1/sqrt(fan-in), 1/sqrt(fan-in)) and zero biases (the 'standard' initialisation the "
            "paper starts from), softmax cross-entropy, plain SGD lr 0.1, batch 10 (the paper's minibatch size), " + std::to_string(epochs) +
            " epochs, one seed. Every " + std::to_string(every) + " steps, on 300 training images: each hidden "
            "layer's mean output (sigmoid) and its share of outputs with |h| > 0.99 (tanh: saturated). The top "
            "layer counts as saturated at 0 when its mean falls below 0.1 while every lower layer's mean is above "
            "0.3; tanh saturates layer by layer when the step at which each layer first has 10% of its outputs "
            "saturated rises with the layer's index (a layer that never gets there counts as later than all).";
  r.replication = Replication{
      "Glorot and Bengio (2010), \"Understanding the difficulty of training deep feedforward neural networks\" "
      "(AISTATS 2010), section 3 (effect of activation functions and saturation during training)",
      "Networks of several hidden layers of 1000 units on their Shapeset-3x2 images (and others), standard "
      "initialisation, SGD with minibatches; activation values per hidden layer plotted over training.",
      "Four hidden layers of 256 units on " + std::to_string(data.train.x.rows()) + " Fashion-MNIST images, " +
          std::to_string(epochs) + " epochs, one seed.",
      "In words (no number quoted): with sigmoid the last hidden layer is pushed into saturation at 0 very early "
      "and leaves it only slowly, the lower layers staying near 0.5; with tanh the layers saturate one after "
      "another, starting with the first.",
      ""};

  Figure fs{"rep05_sigmoid_means", "Sigmoid net: mean output of each hidden layer during training", "step",
            "mean output", {}};
  Figure ft{"rep05_tanh_saturation", "Tanh net: share of outputs with |h| > 0.99, per hidden layer", "step",
            "saturated share", {}};
  Table t{"Per hidden layer: sigmoid mean output at the start, its minimum (and step), at the end; tanh first step "
          "with 10% of outputs saturated",
          {"layer", "sigmoid mean at step 0", "sigmoid minimum mean (step)", "sigmoid mean at the end",
           "tanh: first step with 10% saturated", "tanh saturated share at the end"},
          {}};
  std::vector<std::vector<double>> sig_means(static_cast<std::size_t>(layers)), tanh_sat(static_cast<std::size_t>(layers));
  std::vector<double> steps;
  for (const std::string act : {"sigmoid", "tanh"}) {
    Rng rng(ctx.seed + 10100);
    std::vector<int> sizes = {784};
    sizes.insert(sizes.end(), std::size_t(layers), width);
    sizes.push_back(10);
    Sequential net = Mlp(sizes, act);
    for (auto& layer : net.layers()) {
      if (auto* linear = dynamic_cast<Linear*>(layer.get())) {
        InitialiseLinear(*linear, Init::kUniform, rng, 1 / std::sqrt(double(linear->W.cols())));
      }
    }
    const auto record = [&](long step) {
      const std::vector<Matrix> h = HiddenOutputs(net, probe);
      if (act == "sigmoid") steps.push_back(double(step));
      for (int l = 0; l < layers; ++l) {
        if (act == "sigmoid") sig_means[std::size_t(l)].push_back(h[std::size_t(l)].mean());
        else tanh_sat[std::size_t(l)].push_back((h[std::size_t(l)].array().abs() > 0.99).cast<double>().mean());
      }
    };
    record(0);
    TrainHooks hooks;
    hooks.after_step = [&](Sequential&, long step) {
      if ((step + 1) % every == 0) record(step + 1);
    };
    TrainMulticlass(net, data.train, {.lr = 0.1, .batch = 10, .max_epochs = epochs, .log_accuracy = false}, rng, hooks);
  }
  // Steps of the tanh run are the same as the sigmoid run's: same data, batch and epochs.
  const int top = layers - 1;
  const auto min_at = [&](int l) {
    const auto& m = sig_means[std::size_t(l)];
    return std::size_t(std::min_element(m.begin(), m.end()) - m.begin());
  };
  const std::size_t t_min = min_at(top);
  bool top_saturates = sig_means[std::size_t(top)][t_min] < 0.1;
  for (int l = 0; l < top; ++l) top_saturates = top_saturates && sig_means[std::size_t(l)][t_min] > 0.3;
  std::vector<double> first_saturated;
  for (int l = 0; l < layers; ++l) {
    const auto& s = tanh_sat[std::size_t(l)];
    const auto it = std::find_if(s.begin(), s.end(), [](double v) { return v >= 0.1; });
    first_saturated.push_back(it == s.end() ? INFINITY : steps[std::size_t(it - s.begin())]);
  }
  bool layer_by_layer = std::isfinite(first_saturated.front());
  for (int l = 1; l < layers; ++l) layer_by_layer = layer_by_layer && first_saturated[std::size_t(l)] >= first_saturated[std::size_t(l - 1)];
  for (int l = 0; l < layers; ++l) {
    const auto& m = sig_means[std::size_t(l)];
    t.rows.push_back({std::to_string(l + 1), Format(m.front(), 3),
                      Format(m[min_at(l)], 3) + " (" + Format(steps[min_at(l)]) + ")", Format(m.back(), 3),
                      std::isfinite(first_saturated[std::size_t(l)]) ? Format(first_saturated[std::size_t(l)]) : "never",
                      Format(tanh_sat[std::size_t(l)].back(), 3)});
    fs.series.push_back({"layer " + std::to_string(l + 1), steps, m});
    ft.series.push_back({"layer " + std::to_string(l + 1), steps, tanh_sat[std::size_t(l)]});
    r.numbers["layer_" + std::to_string(l + 1)] = {{"sigmoid_mean", m}, {"tanh_saturated", tanh_sat[std::size_t(l)]},
                                                   {"tanh_first_saturated_step", NumberOrNull(first_saturated[std::size_t(l)])}};
  }
  r.numbers["steps"] = steps;
  r.numbers["sigmoid_top_saturates"] = top_saturates;
  r.numbers["tanh_layer_by_layer"] = layer_by_layer;
  r.tables = {t};
  r.figures = {fs, ft};
  const double top_min = sig_means[std::size_t(top)][t_min];
  r.replication->ours = "Sigmoid top layer: mean " + Format(sig_means[std::size_t(top)].front(), 3) + " at the start, " +
                        Format(top_min, 3) + " at its lowest (step " + Format(steps[t_min]) + "), " +
                        Format(sig_means[std::size_t(top)].back(), 3) + " at the end; tanh layers first 10% saturated at "
                        "steps " + Join(first_saturated) + ".";
  r.verdict = top_saturates && layer_by_layer ? Verdict::kConfirmed
              : top_saturates || layer_by_layer ? Verdict::kMixed
                                                : Verdict::kNotConfirmed;
  r.conclusion = std::string("Sigmoid: the top hidden layer's mean output ") +
                 (top_saturates ? "falls to " + Format(top_min, 3) + " (step " + Format(steps[t_min]) +
                                      ") while the lower layers stay above 0.3: saturated at 0, as Glorot and Bengio saw"
                                : "reaches at lowest " + Format(top_min, 3) + ": not the saturation at 0 the paper saw") +
                 (t_min + 1 == steps.size() ? "; its lowest point is the run's last step, so this run does not show it "
                                              "early nor leaving the saturation"
                                            : "") +
                 " (figure rep05_sigmoid_means). Tanh: the first steps with 10% of outputs saturated are " +
                 Join(first_saturated) + " for layers 1 to " + std::to_string(layers) +
                 (layer_by_layer ? ", in order: layer by layer." : ", not in layer order (inf: never).") +
                 " (figure rep05_tanh_saturation).";
  return r;
}

}  // namespace actlab::lab
