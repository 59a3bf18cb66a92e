// Kernels of this family are added by its owner; see native/README.md.
#include <cstdint>

namespace fx {}  // namespace fx
