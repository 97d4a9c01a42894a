// The definition of each activation, by kind (src/catalog.cc walks list.inc).
#pragma once

#include "definition.h"

#include <vector>

namespace actlab {
class Activation;
const Definition& definition(Kind kind);
// The parameters as the references (and kernels) take them: Info::params order, padded; for
// PReLU, p[0] is the (first) channel's slope.
std::vector<double> ReferenceParams(const Activation& act);
}  // namespace actlab
