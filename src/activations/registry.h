// The definition of each activation, by kind (src/catalog.cc walks list.inc).
#pragma once

#include "activations/definition.h"

namespace actlab {
const Definition& definition(Kind kind);
}  // namespace actlab
