// EXP-02 (seeds 000, 001): "however many layers you stack, without an activation the result is
// still a linear function: the network is a product of matrices, equivalent to a single layer".
// Random nets with biases; the collapsed map W' = W3 W2 W1, b' = W3 W2 b1 + W3 b2 + b3 against the
// net itself, the rank of W' behind a 2-unit bottleneck, and the same nets with ReLU (and tanh)
// between the layers, which break additivity.
#include <Eigen/SVD>
#include <cmath>

#include "lab/engine/layers.h"
#include "lab/engine/train.h"
#include "lab/experiments/experiment.h"
#include "lab/experiments/format.h"

namespace actlab::lab {
namespace {

// A net of `sizes` with `act` between the layers: Xavier-normal weights and N(0,1) biases.
Sequential RandomNet(const std::vector<int>& sizes, const std::string& act, std::uint64_t seed) {
  Rng rng(seed);
  Sequential net = Mlp(sizes, act);
  Initialise(net, Init::kXavierNormal, rng);
  for (auto& layer : net.layers()) {
    if (auto* linear = dynamic_cast<Linear*>(layer.get())) {
      for (Eigen::Index i = 0; i < linear->b.size(); ++i) linear->b(i) = rng.Normal();
    }
  }
  return net;
}

struct Affine {
  Matrix W;  // out x in
  Vector b;
};

// W' and b' by multiplying the layers out: (W3 (W2 (W1 x + b1) + b2) + b3).
Affine Collapse(Sequential& net) {
  Affine a;
  for (auto& layer : net.layers()) {
    auto* linear = dynamic_cast<Linear*>(layer.get());
    if (!linear) continue;
    if (a.W.size() == 0) {
      a.W = linear->W, a.b = linear->b;
    } else {
      a.b = a.b * linear->W.transpose() + linear->b;
      a.W = linear->W * a.W;
    }
  }
  return a;
}

Matrix Apply(const Affine& a, const Matrix& x) {
  Matrix y = x * a.W.transpose();
  y.rowwise() += a.b;
  return y;
}

// Largest |f(x+y) - f(x) - f(y) + f(0)| over the pairs: 0 for an affine f.
double AdditivityDefect(Sequential& net, const Matrix& x, const Matrix& y) {
  const Matrix zero = Matrix::Zero(1, x.cols());
  Matrix f0 = net.Forward(zero).replicate(x.rows(), 1);
  const Matrix fxy = net.Forward(x + y), fx = net.Forward(x), fy = net.Forward(y);
  return (fxy - fx - fy + f0).cwiseAbs().maxCoeff();
}

// Relative residual of the best affine fit of the net's outputs on x (least squares): 0 when the
// net is affine.
double AffineFitResidual(Sequential& net, const Matrix& x) {
  const Matrix y = net.Forward(x);
  Matrix design(x.rows(), x.cols() + 1);
  design << x, Matrix::Ones(x.rows(), 1);
  const Matrix beta = design.colPivHouseholderQr().solve(y);
  const Matrix centred = y.rowwise() - y.colwise().mean();
  return (design * beta - y).norm() / centred.norm();
}

std::vector<double> SingularValues(const Matrix& w) {
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(w);
  const auto& s = svd.singularValues();
  return {s.data(), s.data() + s.size()};
}

int NumericalRank(const std::vector<double>& s) {
  int rank = 0;
  for (double v : s) rank += v > 1e-10 * s.front();
  return rank;
}

}  // namespace

Result RunExp02(const Context& ctx) {
  Result r;
  r.claim = "Without an activation function, stacking layers gives nothing new: substituting one layer into the next "
            "still gives a linear function (only a more complicated one); a multi-layer network is just repeated "
            "matrix multiplication, equivalent to a single-layer network.";
  r.seeds = "000, 001";
  const int seeds = ctx.Seeds(5), samples = 1000;
  r.setup = "Random nets with Xavier-normal weights and N(0,1) biases: 5->7->6->3 and the bottleneck 5->2->5, with identity "
            "activation layers (through the library) between the Linear layers; collapsed map W' = W3 W2 W1, "
            "b' = W3 W2 b1 + W3 b2 + b3 (bottleneck: W2 W1, W2 b1 + b2) against the net on " + std::to_string(samples) +
            " N(0,1) inputs; rank of W' from its singular values (tolerance 1e-10 sigma_max); additivity defect "
            "max |f(x+y) - f(x) - f(y) + f(0)| over " + std::to_string(samples) + " N(0,1) pairs; relative residual of the "
            "least-squares affine fit of the outputs. The same nets with ReLU and tanh in place of identity. " +
            std::to_string(seeds) + " seeds; maxima over the seeds.";

  struct Row {
    std::string net, act;
    double collapse_error = 0, additivity = 0, fit_residual = 0, output_rms = 0;  // maxima over the seeds
    double min_additivity = 1e300, min_fit_residual = 1e300;                      // minima over the seeds
  };
  const std::vector<std::vector<int>> shapes = {{5, 7, 6, 3}, {5, 2, 5}};
  const auto shape_name = [](const std::vector<int>& s) {
    std::vector<std::string> sizes;
    for (int v : s) sizes.push_back(std::to_string(v));
    return Join(sizes, "->");
  };
  std::vector<Row> rows;
  std::vector<double> bottleneck_sv, deep_sv;
  int bottleneck_rank = 0, deep_rank = 0;
  for (const auto& shape : shapes) {
    for (const std::string act : {"identity", "relu", "tanh"}) {
      Row row{shape_name(shape), act};
      for (int s = 0; s < seeds; ++s) {
        Rng rng(ctx.seed + 1000 + std::uint64_t(s));
        const Matrix x = Gaussian(samples, shape.front(), rng), y = Gaussian(samples, shape.front(), rng);
        Sequential net = RandomNet(shape, act, ctx.seed + std::uint64_t(s));
        const Affine a = Collapse(net);
        const Matrix out = net.Forward(x);
        row.collapse_error = std::max(row.collapse_error, (out - Apply(a, x)).cwiseAbs().maxCoeff());
        row.output_rms = std::max(row.output_rms, std::sqrt(out.squaredNorm() / double(out.size())));
        const double additivity = AdditivityDefect(net, x, y), residual = AffineFitResidual(net, x);
        row.additivity = std::max(row.additivity, additivity);
        row.min_additivity = std::min(row.min_additivity, additivity);
        row.fit_residual = std::max(row.fit_residual, residual);
        row.min_fit_residual = std::min(row.min_fit_residual, residual);
        if (act == "identity") {
          const auto sv = SingularValues(a.W);
          const int rank = NumericalRank(sv);
          if (shape.size() == 3) bottleneck_rank = std::max(bottleneck_rank, rank);
          else deep_rank = std::max(deep_rank, rank);
          if (s == 0) (shape.size() == 3 ? bottleneck_sv : deep_sv) = sv;
        }
      }
      rows.push_back(row);
    }
  }

  Table t{"Collapse to one affine map, maxima over " + std::to_string(seeds) + " random nets",
          {"net", "between layers", "max |net(x) - (W'x + b')|", "max additivity defect", "affine-fit residual (relative)",
           "output RMS"}, {}};
  nlohmann::json per_net;
  for (const Row& row : rows) {
    t.rows.push_back({row.net, row.act, Format(row.collapse_error, 3), Format(row.additivity, 3), Format(row.fit_residual, 3),
                      Format(row.output_rms, 3)});
    per_net[row.net][row.act] = {{"collapse_error", row.collapse_error}, {"additivity_defect", row.additivity},
                                 {"affine_fit_residual", row.fit_residual}, {"output_rms", row.output_rms},
                                 {"min_additivity_defect", row.min_additivity}, {"min_affine_fit_residual", row.min_fit_residual}};
  }
  r.tables.push_back(t);
  r.tables.push_back({"Singular values of the collapsed W' (first seed)", {"net", "W' shape", "singular values", "rank (max over seeds)"},
                      {{"5->7->6->3", "3 x 5", Join(deep_sv, 3), std::to_string(deep_rank)},
                       {"5->2->5", "5 x 5", Join(bottleneck_sv, 3), std::to_string(bottleneck_rank)}}});

  // The first output along a line through input space: straight for the linear net, bent for the others.
  Figure line{"exp02_line", "First output of the 5->7->6->3 nets along x0 + t d (first seed)", "t", "output 1", {}};
  {
    Rng rng(ctx.seed + 2000);
    const Matrix x0 = Gaussian(1, 5, rng), d = Gaussian(1, 5, rng);
    Matrix xs(401, 5);
    for (int i = 0; i < 401; ++i) xs.row(i) = x0 + (-4 + 0.02 * i) * d;
    for (const std::string act : {"identity", "relu", "tanh"}) {
      Sequential net = RandomNet({5, 7, 6, 3}, act, ctx.seed);
      const Matrix out = net.Forward(xs);
      Series s{act, {}, {}};
      for (int i = 0; i < 401; ++i) s.x.push_back(-4 + 0.02 * i), s.y.push_back(out(i, 0));
      line.series.push_back(s);
    }
  }
  r.figures.push_back(line);

  double linear_error = 0, linear_additivity = 0, relu_additivity = 1e300, relu_residual = 1e300, relu_rms = 0;
  for (const Row& row : rows) {
    if (row.act == "identity") {
      linear_error = std::max(linear_error, row.collapse_error);
      linear_additivity = std::max(linear_additivity, row.additivity);
    } else if (row.act == "relu") {
      relu_additivity = std::min(relu_additivity, row.min_additivity);
      relu_residual = std::min(relu_residual, row.min_fit_residual);
      relu_rms = std::max(relu_rms, row.output_rms);
    }
  }
  r.numbers = {{"nets", per_net}, {"deep_singular_values", deep_sv}, {"bottleneck_singular_values", bottleneck_sv},
               {"deep_rank", deep_rank}, {"bottleneck_rank", bottleneck_rank}, {"linear_max_collapse_error", linear_error},
               {"linear_max_additivity_defect", linear_additivity}, {"relu_min_additivity_defect", relu_additivity},
               {"relu_min_affine_fit_residual", relu_residual}, {"seeds", seeds}};
  const bool collapses = linear_error < 1e-12 && linear_additivity < 1e-12 && bottleneck_rank <= 2;
  const bool relu_breaks = relu_additivity > 0.1;
  r.verdict = collapses && relu_breaks ? Verdict::kConfirmed : Verdict::kNotConfirmed;
  r.conclusion = "The identity nets equal their collapsed map W'x + b' to " + Format(linear_error, 2) +
                 " (additivity defect " + Format(linear_additivity, 2) + "), and behind the 2-unit bottleneck W' (5 x 5) has rank " +
                 std::to_string(bottleneck_rank) + " (third singular value " + Format(bottleneck_sv[2], 2) +
                 "): stacked linear layers are one linear layer, and a narrow one at that. With ReLU between the layers "
                 "the additivity defect is at least " + Format(relu_additivity, 3) + " in every net (outputs of RMS up to " + Format(relu_rms, 2) + ") and no "
                 "affine map fits the outputs (relative residual >= " + Format(relu_residual, 3) + ").";
  return r;
}

}  // namespace actlab::lab
