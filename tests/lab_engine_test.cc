// The lab's engine: every layer's gradient against central differences of the loss, the
// initialisers' variances, and reproducibility from the seed.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>

#include "lab/data/datasets.h"
#include "lab/engine/layers.h"
#include "lab/engine/rnn.h"
#include "lab/engine/train.h"

namespace actlab::lab {
namespace {

// Checks every parameter's analytic gradient (filled by `loss_and_grad`) against central
// differences of `loss`.
void CheckGradients(const std::vector<Param>& params, const std::function<double()>& loss,
                    const std::function<void()>& loss_and_grad, const std::string& what) {
  ZeroGrads(params);
  loss_and_grad();
  for (std::size_t k = 0; k < params.size(); ++k) {
    for (std::size_t i = 0; i < params[k].size; ++i) {
      double& w = params[k].value[i];
      const double saved = w, h = 1e-6;
      w = saved + h;
      const double up = loss();
      w = saved - h;
      const double down = loss();
      w = saved;
      const double fd = (up - down) / (2 * h), g = params[k].grad[i];
      EXPECT_NEAR(g, fd, 1e-6 * std::max(1.0, std::fabs(fd))) << what << ": param " << k << " entry " << i;
    }
  }
}

TEST(Engine, MlpGradientsMatchFiniteDifferences) {
  for (const char* act : {"tanh", "sigmoid", "elu", "gelu", "softplus", "mish", "leaky_relu(0.1)"}) {
    Rng rng(3);
    Sequential net = Mlp({3, 5, 4, 2}, act);
    Initialise(net, Init::kXavierNormal, rng);
    const Matrix x = Gaussian(6, 3, rng), t = Gaussian(6, 2, rng);
    const auto params = net.Params();
    CheckGradients(params, [&] { return Mse(net.Forward(x), t).loss; },
                   [&] { net.Backward(Mse(net.Forward(x), t).grad); }, act);
  }
}

TEST(Engine, LearnableActivationsAndBce) {
  for (const char* act : {"prelu(num_parameters=4, init=0.2)", "swish(beta=1.3)", "prelu"}) {
    Rng rng(4);
    Sequential net;
    net.Add(std::make_unique<Linear>(3, 4)).Add(std::make_unique<ActivationLayer>(Activation::parse(act)))
        .Add(std::make_unique<Linear>(4, 1));
    Initialise(net, Init::kHeNormal, rng);
    const Matrix x = Gaussian(8, 3, rng);
    Matrix t(8, 1);
    for (int i = 0; i < 8; ++i) t(i, 0) = i % 2;
    const auto params = net.Params();
    ASSERT_EQ(params.size(), 5u) << act;  // W, b, the activation's values, W, b
    CheckGradients(params, [&] { return BceWithLogits(net.Forward(x), t).loss; },
                   [&] { net.Backward(BceWithLogits(net.Forward(x), t).grad); }, act);
  }
}

TEST(Engine, MaxoutAndSoftmaxCrossEntropy) {
  Rng rng(5);
  Sequential net;
  net.Add(std::make_unique<Maxout>(4, 3, 2)).Add(std::make_unique<Linear>(3, 3));
  Initialise(net, Init::kXavierNormal, rng);
  EXPECT_EQ(net.ParamCount(), 2u * (4 * 3 + 3) + (3 * 3 + 3));  // k times a linear layer's
  const Matrix x = Gaussian(7, 4, rng);
  const std::vector<int> labels = {0, 1, 2, 0, 1, 2, 0};
  const auto params = net.Params();
  CheckGradients(params, [&] { return SoftmaxCrossEntropy(net.Forward(x), labels).loss; },
                 [&] { net.Backward(SoftmaxCrossEntropy(net.Forward(x), labels).grad); }, "maxout");
}

TEST(Engine, RnnGradientsThroughTime) {
  for (const char* act : {"tanh", "relu"}) {
    Rng rng(6);
    Rnn rnn(2, 4, 1, Activation::parse(act));
    for (Matrix* m : {&rnn.W, &rnn.U, &rnn.V}) *m = Gaussian(int(m->rows()), int(m->cols()), rng) * 0.5;
    const Sequences s = RunningMean(5, 3, rng);
    std::vector<Matrix> xs;
    for (const Matrix& x : s.x) xs.push_back(Matrix::Ones(3, 2) * 0.3 + x.replicate(1, 2));
    const auto loss = [&] {
      const auto ys = rnn.Forward(xs);
      double l = 0;
      for (std::size_t t = 0; t < ys.size(); ++t) l += Mse(ys[t], s.y[t]).loss;
      return l;
    };
    const auto loss_and_grad = [&] {
      const auto ys = rnn.Forward(xs);
      std::vector<Matrix> dys;
      for (std::size_t t = 0; t < ys.size(); ++t) dys.push_back(Mse(ys[t], s.y[t]).grad);
      rnn.Backward(dys);
    };
    CheckGradients(rnn.Params(), loss, loss_and_grad, act);
  }
}

TEST(Engine, InitialisersHaveTheirVariance) {
  Rng rng(7);
  Linear layer(400, 300);
  InitialiseLinear(layer, Init::kHeNormal, rng);
  EXPECT_NEAR(layer.W.squaredNorm() / double(layer.W.size()), 2.0 / 400, 0.02 * 2.0 / 400);
  InitialiseLinear(layer, Init::kXavierNormal, rng);
  EXPECT_NEAR(layer.W.squaredNorm() / double(layer.W.size()), 2.0 / 700, 0.02 * 2.0 / 700);
  InitialiseLinear(layer, Init::kSmallNormal, rng, 0.01);
  EXPECT_NEAR(layer.W.squaredNorm() / double(layer.W.size()), 1e-4, 2e-6);
  EXPECT_THROW(ParseInit("glorot"), std::invalid_argument);
}

TEST(Engine, ClippingAndOptimisersAndSeeds) {
  double w[2] = {1, 2}, g[2] = {3, 4};
  const std::vector<Param> p = {{w, g, 2}};
  EXPECT_DOUBLE_EQ(ClipGradNorm(p, 1), 5);
  EXPECT_NEAR(GradNorm(p), 1, 1e-15);
  Sgd sgd(0.5, 0.9);
  sgd.Step(p);
  EXPECT_NEAR(w[0], 1 - 0.5 * 0.6, 1e-15);
  // The same seed gives the same data bit for bit.
  Rng a(11), b(11);
  EXPECT_EQ(Spirals(50, 0.1, 1.5, a).x, Spirals(50, 0.1, 1.5, b).x);
}

TEST(Data, DigitsOrAClearError) {
  try {
    const Dataset d = Digits();
    EXPECT_EQ(d.x.rows(), 1797);
    EXPECT_EQ(d.x.cols(), 64);
    EXPECT_LE(d.x.maxCoeff(), 1.0);
    EXPECT_EQ(d.classes, 10);
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("python3-sklearn"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Digits("/nonexistent/digits.csv.gz"), std::runtime_error);
  // A corrupt file (a short row) is an error that names the line, not a crash.
  const std::string corrupt = ::testing::TempDir() + "digits-corrupt.csv";
  {
    std::ofstream out(corrupt);
    out << "0,1,2\n";
  }
  try {
    Digits(corrupt);
    ADD_FAILURE() << "a corrupt digits file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace actlab::lab
