// AVX2+FMA GEMM (compiled with -mavx2 -mfma; called only when cpuid reports both).
#include <cstdint>

#include "gemm.h"

namespace fx {

// Returns false when this path does not handle the call (the portable path then runs).
bool sgemm_avx2(bool, bool, int64_t, int64_t, int64_t, const float*, int64_t, const float*, int64_t, float*, int64_t,
                bool, const Epilogue*) {
  return false;
}

}  // namespace fx
