#include <cstdio>
#include <vector>

#include "actlab/actlab.h"

int main() {
  const auto act = actlab::Activation::parse("leaky_relu(negative_slope=0.1)");
  std::vector<float> x = {-2, 3}, y(2);
  act.forward(x, y);
  std::printf("consumer: %s(-2) = %g, catalogue of %zu\n", act.spec().c_str(), y[0], actlab::catalog().size());
  return y[0] == -0.2f && y[1] == 3 ? 0 : 1;
}
