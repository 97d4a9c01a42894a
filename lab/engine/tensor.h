// The lab's numbers: row-major double matrices (one row per example), Eigen for the products,
// and the one random source with the random matrices drawn from it.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace actlab::lab {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::RowVectorXd;

// A matrix's storage as a flat span, for the activation library's front door.
inline std::span<double> Flat(Matrix& m) { return {m.data(), std::size_t(m.size())}; }
inline std::span<const double> Flat(const Matrix& m) { return {m.data(), std::size_t(m.size())}; }

// The one random source of a run: every initialiser, dataset and shuffle draws from it, so a
// run is reproducible bit for bit from its seed.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double Normal(double mean = 0, double stddev = 1) { return std::normal_distribution<double>(mean, stddev)(engine_); }
  double Uniform(double lo = 0, double hi = 1) { return std::uniform_real_distribution<double>(lo, hi)(engine_); }
  std::size_t Index(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(engine_); }
  template <class It>
  void Shuffle(It first, It last) { std::shuffle(first, last, engine_); }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// A rows x cols matrix of N(0, stddev^2) draws.
inline Matrix Gaussian(int rows, int cols, Rng& rng, double stddev = 1) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.Normal(0, stddev);
  return m;
}

// A Haar-random orthogonal n x n matrix: QR of a Gaussian matrix, with the signs fixed by R's
// diagonal (without the fix the distribution is not uniform over the orthogonal group).
inline Matrix RandomOrthogonal(int n, Rng& rng) {
  const Eigen::MatrixXd a = Gaussian(n, n, rng);
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ();
  for (int j = 0; j < n; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) *= -1;
  }
  return q;
}

// A learnable array and its gradient, as the optimisers see it.
struct Param {
  double* value;
  double* grad;
  std::size_t size;
  bool decay = true;  // PReLU slopes and Swish beta take no weight decay
};

}  // namespace actlab::lab
