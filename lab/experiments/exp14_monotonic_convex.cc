// EXP-14 (seed 000): "when the activation is monotonic, a single-layer network is guaranteed to
// be convex". A single sigmoid unit p = sigmoid(w.x + b) on 2-D data: the loss along random lines
// in (w1, w2, b) space and its second differences, with cross-entropy and with squared error.
// Convexity in the parameters is a property of the loss together with the activation: BCE on a
// sigmoid is convex (logistic regression), MSE on a sigmoid is not.
#include <algorithm>
#include <cmath>

#include "actlab/actlab.h"
#include "lab/data/datasets.h"
#include "lab/engine/layers.h"
#include "lab/engine/train.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

// The single unit as the engine's layers: a logit for BCE, and the same logit through the
// library's sigmoid for MSE.
struct Unit {
  Linear linear{2, 1};
  ActivationLayer sigmoid{Activation(Kind::Sigmoid)};

  void Set(const double theta[3]) { linear.W(0, 0) = theta[0], linear.W(0, 1) = theta[1], linear.b(0) = theta[2]; }
  double Bce(const Dataset& d) { return BceWithLogits(linear.Forward(d.x), d.y).loss; }
  double MseLoss(const Dataset& d) { return Mse(sigmoid.Forward(linear.Forward(d.x)), d.y).loss; }
};

struct Line {
  std::vector<double> bce, mse;  // loss at t_0 .. t_n
};

double MinSecondDifference(const std::vector<double>& f) {
  double m = 1e300;
  for (std::size_t i = 1; i + 1 < f.size(); ++i) m = std::min(m, f[i + 1] - 2 * f[i] + f[i - 1]);
  return m;
}

}  // namespace

Result RunExp14(const Context& ctx) {
  Result r;
  r.claim = "Monotonicity: when the activation function is monotonic, a single-layer network is guaranteed to be a "
            "convex function (of its parameters).";
  r.seeds = "000";
  const int lines = ctx.quick ? 100 : 1000, points = 201, samples = 100;
  const double half_width = 5, h = 2 * half_width / (points - 1), tolerance = 1e-12;
  r.setup = "One sigmoid unit p = sigmoid(w1 x1 + w2 x2 + b) on " + std::to_string(samples) +
            " points of two overlapping 2-D Gaussian blobs (spread 2, labels 0/1). Loss along " + std::to_string(lines) +
            " random lines theta(t) = theta0 + t d in (w1, w2, b) space (theta0 ~ N(0, 2^2 I), d uniform on the unit "
            "sphere, t in [-5, 5] at " + std::to_string(points) + " points, step h = " + Format(h) +
            "); second differences L(t+h) - 2 L(t) + L(t-h), convex means all >= 0 (tolerance -1e-12 for rounding). "
            "Losses: BCE on the logit (stable form) and MSE (p - y)^2 with p from the library's sigmoid. Seed " +
            std::to_string(ctx.seed) + ".";

  Rng rng(ctx.seed);
  const Dataset data = Blobs(samples, 2, 2, 2.0, rng);
  Unit unit;
  double bce_min = 1e300, mse_min = 1e300;
  int bce_negative = 0, mse_negative = 0;
  Line worst;  // the line with the most negative MSE second difference
  std::vector<double> bce_mins, mse_mins;
  for (int l = 0; l < lines; ++l) {
    double theta0[3], d[3], norm = 0;
    for (double& v : theta0) v = rng.Normal(0, 2);
    for (double& v : d) v = rng.Normal(), norm += v * v;
    for (double& v : d) v /= std::sqrt(norm);
    Line line;
    for (int i = 0; i < points; ++i) {
      const double t = -half_width + h * i;
      const double theta[3] = {theta0[0] + t * d[0], theta0[1] + t * d[1], theta0[2] + t * d[2]};
      unit.Set(theta);
      line.bce.push_back(unit.Bce(data));
      line.mse.push_back(unit.MseLoss(data));
    }
    const double b = MinSecondDifference(line.bce), m = MinSecondDifference(line.mse);
    bce_mins.push_back(b), mse_mins.push_back(m);
    bce_negative += b < -tolerance;
    mse_negative += m < -tolerance;
    bce_min = std::min(bce_min, b);
    if (m < mse_min) mse_min = m, worst = line;
  }

  Table t{"Second differences of the loss along " + std::to_string(lines) + " random lines (h = " + Format(h) + ")",
          {"loss", "smallest second difference", "as curvature (/ h^2)", "lines with a negative one (< -1e-12)", "convex on every line"}, {}};
  t.rows.push_back({"BCE (cross-entropy)", Format(bce_min, 3), Format(bce_min / (h * h), 3),
                    std::to_string(bce_negative) + " / " + std::to_string(lines), bce_negative == 0 ? "yes" : "no"});
  t.rows.push_back({"MSE (squared error)", Format(mse_min, 3), Format(mse_min / (h * h), 3),
                    std::to_string(mse_negative) + " / " + std::to_string(lines), mse_negative == 0 ? "yes" : "no"});
  r.tables.push_back(t);

  Figure f{"exp14_worst_line", "Loss along the line where MSE bends down most (sigmoid unit; log scale)", "t", "loss", {}};
  f.logy = true;  // the MSE stays below 1, the BCE grows linearly
  Series bce{"BCE", {}, {}}, mse{"MSE", {}, {}};
  for (int i = 0; i < points; ++i) {
    const double x = -half_width + h * i;
    bce.x.push_back(x), bce.y.push_back(worst.bce[std::size_t(i)]);
    mse.x.push_back(x), mse.y.push_back(worst.mse[std::size_t(i)]);
  }
  f.series = {mse, bce};
  r.figures.push_back(f);
  Figure hist{"exp14_min_second_difference", "Smallest second difference on each line (sorted)", "line (sorted)",
              "min second difference", {}};
  std::sort(bce_mins.begin(), bce_mins.end());
  std::sort(mse_mins.begin(), mse_mins.end());
  Series sb{"BCE", {}, bce_mins}, sm{"MSE", {}, mse_mins};
  for (int l = 0; l < lines; ++l) sb.x.push_back(l), sm.x.push_back(l);
  hist.series = {sm, sb};
  r.figures.push_back(hist);

  r.numbers = {{"lines", lines}, {"points_per_line", points}, {"h", h}, {"bce_min_second_difference", bce_min},
               {"mse_min_second_difference", mse_min}, {"bce_lines_with_negative", bce_negative},
               {"mse_lines_with_negative", mse_negative}, {"bce_min_curvature", bce_min / (h * h)},
               {"mse_min_curvature", mse_min / (h * h)}};
  const bool bce_convex = bce_negative == 0, mse_convex = mse_negative == 0;
  r.verdict = bce_convex && mse_convex ? Verdict::kConfirmed : bce_convex ? Verdict::kMixed : Verdict::kNotConfirmed;
  const auto describe = [&](int negative, double min) {
    return negative == 0 ? "convex on every line (smallest second difference " + Format(min, 2) + ")"
                         : "bends down on " + std::to_string(negative) + " of " + std::to_string(lines) +
                               " lines (smallest second difference " + Format(min, 3) + ", curvature " + Format(min / (h * h), 3) + ")";
  };
  r.conclusion = "With cross-entropy the sigmoid unit is " + describe(bce_negative, bce_min) + "; with squared error it " +
                 describe(mse_negative, mse_min) + "." +
                 (r.verdict == Verdict::kMixed ? " A monotonic activation alone does not make the problem convex: it holds "
                                                 "with the matching loss (BCE) only." : "");
  return r;
}

}  // namespace actlab::lab
