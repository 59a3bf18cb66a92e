// Portable float32 transcendental functions: the algorithms of simd_math_avx2.h written as
// branch-free scalar code over plain floats, so that the compiler vectorizes the loops that call
// them with the baseline SIMD of any target (SSE2 on x86-64, NEON on arm64). No FMA is assumed.
//
// Maximum errors against double-precision libm (native/tools/simd_math_check.cc --portable, every
// 61st float32 bit pattern, without FMA contraction): exp 0.97 ulp, log 0.80 ulp, tanh 1.5 ulp
// (relative 1.5e-7), sigmoid 2.7 ulp (relative 1.9e-7); stated bounds: 2 ulp for exp and log,
// 3e-7 relative for tanh and sigmoid. Where the compiler contracts a * b + c into FMAs (GCC on
// arm64) the roundings differ slightly; the conformance rows check the results there too.
// Special values as in the AVX2 versions: overflow to +Inf, gradual underflow, NaN propagation,
// log of 0 / negatives / +Inf.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace fx {
namespace portable {

inline float bits_to_float(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline uint32_t float_to_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// exp: Cody-Waite reduction x = n ln2 + r, the Cephes polynomial, 2^n in two factors.
inline float exp_f(float x) {
  float xc = x < -105.0f ? -105.0f : x;
  xc = xc > 89.0f ? 89.0f : xc;
  xc = x != x ? -105.0f : xc;
  // round to nearest by the 1.5 * 2^23 trick (|xc * log2e| < 2^22)
  const float fn = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = xc - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  const float y = p * (r * r) + r + 1.0f;
  const int32_t n = static_cast<int32_t>(fn);
  const int32_t n1 = n / 2;  // |n| <= 152: both halves are normal exponents
  const int32_t n2 = n - n1;
  const float s1 = bits_to_float(static_cast<uint32_t>(n1 + 127) << 23);
  const float s2 = bits_to_float(static_cast<uint32_t>(n2 + 127) << 23);
  const float res = y * s1 * s2;
  return x != x ? x : res;
}

// log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), the Cephes polynomial in f = m - 1.
inline float log_f(float x) {
  const bool den = x < 1.17549435e-38f;
  const float xs = den ? x * 8388608.0f : x;
  const uint32_t bits = float_to_bits(xs);
  float e = static_cast<float>(static_cast<int32_t>((bits >> 23) & 0xff) - 126) - (den ? 23.0f : 0.0f);
  const float m = bits_to_float((bits & 0x007fffffu) | 0x3f000000u);
  const bool small = m < 0.707106781186547524f;
  e = small ? e - 1.0f : e;
  const float f = (small ? m + m : m) - 1.0f;
  const float z = f * f;
  float p = 7.0376836292E-2f;
  p = p * f - 1.1514610310E-1f;
  p = p * f + 1.1676998740E-1f;
  p = p * f - 1.2420140846E-1f;
  p = p * f + 1.4249322787E-1f;
  p = p * f - 1.6668057665E-1f;
  p = p * f + 2.0000714765E-1f;
  p = p * f - 2.4999993993E-1f;
  p = p * f + 3.3333331174E-1f;
  float y = p * f * z;
  y = y + e * -2.12194440e-4f;
  y = y - 0.5f * z;
  float r = f + y;
  r = r + e * 0.693359375f;
  r = x == INFINITY ? x : r;
  r = x == 0.0f ? -INFINITY : r;
  return (x < 0.0f || x != x) ? NAN : r;
}

inline float tanh_f(float x) {
  const float ax = std::fabs(x);
  const float z = x * x;
  float p = -5.70498872745E-3f;
  p = p * z + 2.06390887954E-2f;
  p = p * z - 5.37397155531E-2f;
  p = p * z + 1.33314422036E-1f;
  p = p * z - 3.33332819422E-1f;
  const float small = p * z * x + x;
  const float e = exp_f(-2.0f * ax);
  const float big = std::copysign((1.0f - e) / (1.0f + e), x);
  return ax < 0.625f ? small : big;
}

inline float sigmoid_f(float x) {
  const float e = exp_f(-std::fabs(x));
  const float r = 1.0f / (1.0f + e);
  return x < 0.0f ? e * r : r;
}

}  // namespace portable
}  // namespace fx
