// Runtime CPU dispatch. Kernels keep an AVX2+FMA implementation (compiled separately with
// -mavx2 -mfma, x86-64 only) and a portable one; the choice is made once at load time from cpuid.
// FLUXION_SIMD=portable forces the portable path (tests run both).
#pragma once

namespace fx {

enum class SimdPath { kPortable, kAvx2Fma };

SimdPath simd_path();
const char* simd_path_name();

inline bool use_avx2() { return simd_path() == SimdPath::kAvx2Fma; }

}  // namespace fx
