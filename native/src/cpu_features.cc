#include "cpu_features.h"

#include <cstdlib>
#include <cstring>

namespace fx {
namespace {

SimdPath detect() {
  const char* force = std::getenv("FLUXION_SIMD");
  if (force != nullptr && std::strcmp(force, "portable") == 0) return SimdPath::kPortable;
#if defined(FLUXION_HAVE_AVX2) && (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdPath::kAvx2Fma;
#endif
  return SimdPath::kPortable;
}

}  // namespace

SimdPath simd_path() {
  static const SimdPath path = detect();
  return path;
}

const char* simd_path_name() { return simd_path() == SimdPath::kAvx2Fma ? "avx2+fma" : "portable"; }

}  // namespace fx
