// EXP-17 (seeds 001, 004): "PReLU: alpha has to be optimised; during backpropagation alpha is
// updated like a weight". A PReLU layer (slope init 0.25) is fitted to a teacher PReLU by SGD on
// MSE, once with one shared slope (teacher 0.1) and once per channel on N x C x H x W input
// (teacher slopes 0, 0.1, 0.5). The slope's gradient is the library's param_grad.
#include <algorithm>
#include <cmath>

#include "actlab/actlab.h"
#include "lab/engine/layers.h"
#include "lab/engine/train.h"
#include "lab/engine/training_loop.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"
#include "lab/experiments/statistics.h"

namespace actlab::lab {
namespace {

// Fits a PReLU layer `student` to `teacher` on a fresh N(0,1) batch of rows x cols at each step
// (the batches drawn in order up front, then one pass of the training loop over them); returns
// the slopes before each step and after the last.
std::vector<std::vector<double>> Fit(const Activation& student, const Activation& teacher, int rows, int cols, int steps,
                                     double lr, Rng& rng) {
  Dataset data;
  data.x.resize(Eigen::Index(steps) * rows, cols);
  for (int s = 0; s < steps; ++s) data.x.middleRows(Eigen::Index(s) * rows, rows) = Gaussian(rows, cols, rng);
  data.y.resize(data.x.rows(), cols);
  teacher.forward(Flat(data.x), Flat(data.y));
  Sequential net;
  net.Add(std::make_unique<ActivationLayer>(student));
  const Param slopes = net.Params()[0];
  std::vector<std::vector<double>> path = {{slopes.value, slopes.value + slopes.size}};
  TrainHooks hooks;
  hooks.after_step = [&](Sequential&, long) { path.emplace_back(slopes.value, slopes.value + slopes.size); };
  TrainRegression(net, data, {.lr = lr, .batch = rows, .max_epochs = 1, .shuffle = false, .log_accuracy = false}, rng,
                  hooks);
  return path;
}

// First step after which the slope stays within tol of the target (-1: never).
int StepsToWithin(const std::vector<std::vector<double>>& path, std::size_t channel, double target, double tol) {
  int last_outside = -1;
  for (std::size_t s = 0; s < path.size(); ++s) {
    if (std::fabs(path[s][channel] - target) >= tol) last_outside = int(s);
  }
  return last_outside + 1 < int(path.size()) ? last_outside + 1 : -1;
}

}  // namespace

Result RunExp17(const Context& ctx) {
  Result r;
  r.claim = "PReLU makes Leaky ReLU's slope alpha a parameter that has to be optimised: during backpropagation alpha is "
            "updated like a weight.";
  r.seeds = "001, 004";
  const int seeds = ctx.Seeds(5), steps = 400, batch = 256, n = 16, c = 3, hw = 16;
  const double lr = 0.1, tol = 1e-3, shared_target = 0.1;
  const std::vector<double> channel_targets = {0, 0.1, 0.5};
  r.setup = "Student PReLU (slope init 0.25) against a teacher PReLU, x ~ N(0,1) fresh each step, MSE, SGD lr " + Format(lr) +
            ", " + std::to_string(steps) + " steps, " + std::to_string(seeds) + " seeds. (a) one shared slope, teacher "
            "0.1, batches of " + std::to_string(batch) + " values; (b) per channel: N x C x H x W = " + std::to_string(n) +
            " x 3 x 4 x 4 flattened to rows of C*H*W = 48, prelu(num_parameters=3, inner=16), teacher slopes 0, 0.1, 0.5. "
            "Tolerance 1e-3; 'steps' = first step after which the slope stays within it.";

  // Analytic dL/da (library param_grad through the layer) against a central difference, once.
  double grad_check = 0;
  {
    Rng rng(ctx.seed);
    const Matrix x = Gaussian(8, 8, rng);
    Matrix target(8, 8);
    const Activation teacher = Activation::parse("prelu(init=0.1)");
    teacher.forward(Flat(x), Flat(target));
    ActivationLayer layer(Activation::parse("prelu"));
    const auto params = layer.Params();
    ZeroGrads(params);
    layer.Backward(Mse(layer.Forward(x), target).grad);
    const double analytic = params[0].grad[0], h = 1e-6, a = params[0].value[0];
    params[0].value[0] = a + h;
    const double up = Mse(layer.Forward(x), target).loss;
    params[0].value[0] = a - h;
    const double down = Mse(layer.Forward(x), target).loss;
    params[0].value[0] = a;
    grad_check = std::fabs(analytic - (up - down) / (2 * h)) / std::fabs(analytic);
  }

  std::vector<double> shared_at_200, shared_steps, shared_final;
  std::vector<std::vector<double>> channel_at_200(3), channel_steps(3);
  std::vector<std::vector<double>> shared_path, channel_path;  // first seed
  for (int s = 0; s < seeds; ++s) {
    Rng rng(ctx.seed + std::uint64_t(s));
    const auto path = Fit(Activation::parse("prelu"), Activation::parse("prelu(init=0.1)"), batch, 1, steps, lr, rng);
    shared_at_200.push_back(path[200][0]);
    shared_final.push_back(path.back()[0]);
    shared_steps.push_back(StepsToWithin(path, 0, shared_target, tol));

    const Activation per_channel = Activation::parse("prelu(num_parameters=3, inner=16)");
    Activation teacher = Activation::parse("prelu(num_parameters=3, inner=16)");
    teacher.set_weights(channel_targets);
    const auto cpath = Fit(per_channel, teacher, n, c * hw, steps, lr, rng);
    for (std::size_t k = 0; k < 3; ++k) {
      channel_at_200[k].push_back(cpath[200][k]);
      channel_steps[k].push_back(StepsToWithin(cpath, k, channel_targets[k], tol));
    }
    if (s == 0) shared_path = path, channel_path = cpath;
  }

  Table t{"Learned slopes, " + std::to_string(seeds) + " seeds (init 0.25)",
          {"slope", "teacher", "after 200 steps (mean ± std)", "max |error| after 200 steps", "steps to within 1e-3 (mean ± std)",
           "max steps"}, {}};
  double worst_error = 0, worst_steps = 0;
  bool all_reached = true;
  nlohmann::json channel_numbers = nlohmann::json::array();
  const auto add = [&](const std::string& name, double target, const std::vector<double>& at200, const std::vector<double>& st) {
    double err = 0, most = 0;
    for (double v : at200) err = std::max(err, std::fabs(v - target));
    for (double v : st) most = std::max(most, v), all_reached = all_reached && v >= 0;
    worst_error = std::max(worst_error, err);
    worst_steps = std::max(worst_steps, most);
    t.rows.push_back({name, Format(target), Format(Summarise(at200), 6), Format(err, 2), Format(Summarise(st), 4), Format(most)});
    return nlohmann::json{{"teacher", target}, {"after_200", at200}, {"max_abs_error_after_200", err}, {"steps_to_tol", st}};
  };
  const nlohmann::json shared_numbers = add("shared", shared_target, shared_at_200, shared_steps);
  for (std::size_t k = 0; k < 3; ++k) {
    channel_numbers.push_back(add("channel " + std::to_string(k), channel_targets[k], channel_at_200[k], channel_steps[k]));
  }
  r.tables.push_back(t);

  Figure path{"exp17_alpha", "PReLU slopes during SGD (first seed; teacher 0.1 shared, 0 / 0.1 / 0.5 per channel)", "step",
              "slope", {}};
  Figure error{"exp17_alpha_error", "|slope - teacher| during SGD (first seed): geometric convergence", "step",
               "|slope - teacher|", {}};
  error.logy = true;
  const auto trace = [&](const std::string& label, const std::vector<std::vector<double>>& p, std::size_t k, double target) {
    Series a{label, {}, {}}, e{label, {}, {}};
    for (std::size_t s = 0; s < p.size(); ++s) {
      a.x.push_back(double(s)), a.y.push_back(p[s][k]);
      e.x.push_back(double(s)), e.y.push_back(std::fabs(p[s][k] - target));
    }
    path.series.push_back(a);
    error.series.push_back(e);
  };
  trace("shared (teacher 0.1)", shared_path, 0, shared_target);
  for (std::size_t k = 0; k < 3; ++k) {
    trace("channel " + std::to_string(k) + " (teacher " + Format(channel_targets[k]) + ")", channel_path, k, channel_targets[k]);
  }
  r.figures.push_back(path);
  r.figures.push_back(error);

  r.numbers = {{"seeds", seeds}, {"shared", shared_numbers}, {"channels", channel_numbers},
               {"shared_final", shared_final}, {"gradient_check_relative_error", grad_check},
               {"max_abs_error_after_200", worst_error}, {"max_steps_to_tol", worst_steps}};
  const bool learned = all_reached && worst_error < tol && worst_steps <= 200 && grad_check < 1e-6;
  r.verdict = learned ? Verdict::kConfirmed : Verdict::kNotConfirmed;
  r.conclusion = "Backpropagation through the library's PReLU learns the slope: the shared slope goes from 0.25 to " +
                 Format(Summarise(shared_at_200).mean, 6) + " in 200 steps (within 1e-3 after at most " +
                 Format(*std::max_element(shared_steps.begin(), shared_steps.end())) + " steps), and the three channel "
                 "slopes go to 0 / 0.1 / 0.5: every slope is within " + Format(worst_error, 2) + " of its teacher after 200 steps "
                 "(within 1e-3 after at most " +
                 Format(worst_steps) + " steps; each channel gets a third of the MSE gradient, so it is slower). The "
                 "slope gradient agrees with a central difference to " + Format(grad_check, 2) + " (relative).";
  return r;
}

}  // namespace actlab::lab
