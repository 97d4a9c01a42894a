#include "lab/engine/rnn.h"

namespace actlab::lab {

Rnn::Rnn(int input, int hidden, int output, Activation act)
    : W(Matrix::Zero(hidden, hidden)), U(Matrix::Zero(hidden, input)), V(Matrix::Zero(output, hidden)),
      dW(Matrix::Zero(hidden, hidden)), dU(Matrix::Zero(hidden, input)), dV(Matrix::Zero(output, hidden)),
      b(Vector::Zero(hidden)), c(Vector::Zero(output)), db(Vector::Zero(hidden)), dc(Vector::Zero(output)),
      act_(std::move(act)) {}

std::vector<Matrix> Rnn::Forward(const std::vector<Matrix>& xs) {
  x_ = xs;
  a_.clear();
  h_.clear();
  std::vector<Matrix> ys;
  for (std::size_t t = 0; t < xs.size(); ++t) {
    Matrix a = xs[t] * U.transpose();
    if (t > 0) a.noalias() += h_[t - 1] * W.transpose();
    a.rowwise() += b;
    Matrix h(a.rows(), a.cols());
    act_.forward(Flat(a), Flat(h));
    Matrix y = h * V.transpose();
    y.rowwise() += c;
    a_.push_back(std::move(a));
    h_.push_back(std::move(h));
    ys.push_back(std::move(y));
  }
  return ys;
}

void Rnn::Backward(const std::vector<Matrix>& dys) {
  Matrix dh_next;  // dL/dh_t arriving from step t+1
  for (std::size_t t = dys.size(); t-- > 0;) {
    dV.noalias() += dys[t].transpose() * h_[t];
    dc += dys[t].colwise().sum();
    Matrix dh = dys[t] * V;
    if (dh_next.size()) dh += dh_next;
    Matrix da(dh.rows(), dh.cols());
    act_.backward(Flat(a_[t]), Flat(dh), Flat(da));
    dU.noalias() += da.transpose() * x_[t];
    db += da.colwise().sum();
    if (t > 0) {
      dW.noalias() += da.transpose() * h_[t - 1];
      dh_next = da * W;
    }
  }
}

std::vector<Param> Rnn::Params() {
  return {{W.data(), dW.data(), std::size_t(W.size())},
          {U.data(), dU.data(), std::size_t(U.size())},
          {V.data(), dV.data(), std::size_t(V.size())},
          {b.data(), db.data(), std::size_t(b.size()), false},
          {c.data(), dc.data(), std::size_t(c.size()), false}};
}

}  // namespace actlab::lab
