#include "lab/data/datasets.h"

#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <numbers>
#include <stdexcept>

namespace actlab::lab {
namespace {
Dataset Binary(int n) {
  Dataset d;
  d.x = Matrix(n, 2);
  d.y = Matrix(n, 1);
  d.labels.resize(std::size_t(n));
  d.classes = 2;
  return d;
}
void Label(Dataset& d, int i, int label) {
  d.labels[std::size_t(i)] = label;
  d.y(i, 0) = label;
}
}  // namespace

Dataset Xor() {
  Dataset d = Binary(4);
  const double pts[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  for (int i = 0; i < 4; ++i) {
    d.x(i, 0) = pts[i][0];
    d.x(i, 1) = pts[i][1];
    Label(d, i, int(pts[i][0]) ^ int(pts[i][1]));
  }
  return d;
}

Dataset TwoMoons(int n, double noise, Rng& rng) {
  Dataset d = Binary(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const double t = rng.Uniform(0, std::numbers::pi);
    d.x(i, 0) = (c == 0 ? std::cos(t) : 1 - std::cos(t)) + rng.Normal(0, noise);
    d.x(i, 1) = (c == 0 ? std::sin(t) : 0.5 - std::sin(t)) + rng.Normal(0, noise);
    Label(d, i, c);
  }
  return d;
}

Dataset Circles(int n, double noise, double factor, Rng& rng) {
  Dataset d = Binary(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const double t = rng.Uniform(0, 2 * std::numbers::pi), r = c == 0 ? 1 : factor;
    d.x(i, 0) = r * std::cos(t) + rng.Normal(0, noise);
    d.x(i, 1) = r * std::sin(t) + rng.Normal(0, noise);
    Label(d, i, c);
  }
  return d;
}

Dataset Spirals(int n, double noise, double turns, Rng& rng) {
  Dataset d = Binary(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const double t = std::sqrt(rng.Uniform(0, 1)) * turns * 2 * std::numbers::pi;
    const double r = t / (turns * 2 * std::numbers::pi);
    const double angle = t + c * std::numbers::pi;
    d.x(i, 0) = r * std::cos(angle) + rng.Normal(0, noise);
    d.x(i, 1) = r * std::sin(angle) + rng.Normal(0, noise);
    Label(d, i, c);
  }
  return d;
}

Dataset Blobs(int n, int k, int dims, double spread, Rng& rng) {
  Dataset d;
  d.x = Matrix(n, dims);
  d.y = Matrix(n, 1);
  d.labels.resize(std::size_t(n));
  d.classes = k;
  Matrix centres(k, dims);
  for (Eigen::Index i = 0; i < centres.size(); ++i) centres.data()[i] = rng.Uniform(-5, 5);
  for (int i = 0; i < n; ++i) {
    const int c = i % k;
    for (int j = 0; j < dims; ++j) d.x(i, j) = centres(c, j) + rng.Normal(0, spread);
    d.labels[std::size_t(i)] = c;
    d.y(i, 0) = c;
  }
  return d;
}

Sequences RunningMean(int steps, int batch, Rng& rng) {
  Sequences s;
  Matrix sum = Matrix::Zero(batch, 1);
  for (int t = 0; t < steps; ++t) {
    Matrix x(batch, 1);
    for (int b = 0; b < batch; ++b) x(b, 0) = rng.Uniform(-1, 1);
    sum += x;
    s.x.push_back(x);
    s.y.push_back(sum / double(t + 1));
  }
  return s;
}

Sequences Adding(int steps, int batch, Rng& rng) {
  Sequences s;
  std::vector<int> first(static_cast<std::size_t>(batch)), second(static_cast<std::size_t>(batch));
  for (int b = 0; b < batch; ++b) {
    first[std::size_t(b)] = int(rng.Index(std::size_t(steps / 2)));
    second[std::size_t(b)] = steps / 2 + int(rng.Index(std::size_t(steps - steps / 2)));
  }
  Matrix total = Matrix::Zero(batch, 1);
  for (int t = 0; t < steps; ++t) {
    Matrix x(batch, 2);
    for (int b = 0; b < batch; ++b) {
      x(b, 0) = rng.Uniform(0, 1);
      x(b, 1) = (t == first[std::size_t(b)] || t == second[std::size_t(b)]) ? 1 : 0;
      if (x(b, 1) == 1) total(b, 0) += x(b, 0);
    }
    s.x.push_back(x);
    s.y.push_back(t + 1 == steps ? total : Matrix::Constant(batch, 1, NAN));
  }
  return s;
}

std::string DigitsPath() {
  if (const char* env = std::getenv("ACTLAB_DIGITS")) return env;
  return "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
}

Dataset Digits(const std::string& path_arg) {
  const std::string path = path_arg.empty() ? DigitsPath() : path_arg;
  const std::string hint = " (scikit-learn's digits: install Debian's python3-sklearn, or set ACTLAB_DIGITS)";
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw std::runtime_error("cannot open " + path + hint);
  Dataset d;
  std::vector<double> values;
  char line[4096];
  int rows = 0;
  while (gzgets(file, line, sizeof line)) {
    std::vector<double> row;
    char* p = line;
    while (*p && *p != '\n') {
      char* end = nullptr;
      const double v = std::strtod(p, &end);
      if (end == p) break;
      row.push_back(v);
      p = *end == ',' ? end + 1 : end;
    }
    if (row.empty()) continue;
    if (row.size() != 65) {
      gzclose(file);
      throw std::runtime_error(path + ": line " + std::to_string(rows + 1) + " has " + std::to_string(row.size()) +
                               " values, expected 65" + hint);
    }
    values.insert(values.end(), row.begin(), row.end());
    ++rows;
  }
  gzclose(file);
  if (rows != 1797) throw std::runtime_error(path + ": " + std::to_string(rows) + " rows, expected 1797" + hint);
  d.x = Matrix(rows, 64);
  d.y = Matrix(rows, 1);
  d.classes = 10;
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < 64; ++j) d.x(r, j) = values[std::size_t(r) * 65 + std::size_t(j)] / 16.0;
    const double label = values[std::size_t(r) * 65 + 64];
    if (label != std::floor(label) || label < 0 || label > 9) throw std::runtime_error(path + ": bad label" + hint);
    d.labels.push_back(int(label));
    d.y(r, 0) = label;
  }
  return d;
}

}  // namespace actlab::lab
