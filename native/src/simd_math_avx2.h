// AVX2+FMA float32 transcendental functions (8 lanes). Included only by *_avx2.cc files.
//
// Maximum errors, measured against double-precision libm over every 61st float32 bit pattern by
// native/tools/simd_math_check.cc (measured value, then the bound we state):
//   exp_ps      1.00 ulp -> <= 2 ulp over the full float range; +Inf for x > 88.7228, 0 below
//               -103.98, gradual underflow (denormal results) in between, NaN -> NaN.
//   log_ps      0.78 ulp -> <= 2 ulp for every positive float including denormals; log(0) = -Inf,
//               log(x < 0) = NaN, log(+Inf) = +Inf, NaN -> NaN.
//   expm1_ps    3.4 ulp, relative 2.4e-7 (x + x^2 P(x) for |x| < ln2/2, exp(x) - 1 elsewhere).
//   log1p_ps    2.4 ulp, relative 1.8e-7 (Goldberg: log(1 + u) * (u / ((1 + u) - 1))).
//   tanh_ps     1.5 ulp, relative 1.5e-7 (odd polynomial for |x| < 0.625, (1 - e)/(1 + e) with
//               e = exp(-2|x|) elsewhere: no overflow, tanh(+-Inf) = +-1).
//   sigmoid_ps  2.7 ulp, relative 1.9e-7 for all x (e = exp(-|x|); 1/(1+e) or e/(1+e): no overflow,
//               the left tail keeps its relative accuracy down to the denormals).
//   erf_ps      2.4 ulp, relative 1.8e-7, absolute 1.5e-7 (Maclaurin series to x^21 for |x| < 1;
//               1 - erfc(x) with Numerical Recipes' erfc (fractional error 1.2e-7) elsewhere).
//   softplus_ps 2.6 ulp, relative 2.2e-7.
//   gelu_erf_ps relative 6.8e-7 (x Phi(x) with erfc in the left tail: no cancellation).
//   gelu_tanh_ps relative <= 3e-7 + 1.2e-7 |2u| (u is rounded in float; 2e-6 where |gelu| > 1e-6),
//               computed as x sigmoid(2u), which stays accurate in the left tail where the
//               textbook form 0.5 x (1 + tanh(u)) cancels.
#pragma once
#include <immintrin.h>

namespace fx {
namespace avx2 {

static inline __m256 set1(float v) { return _mm256_set1_ps(v); }
static inline __m256 abs_ps(__m256 x) { return _mm256_andnot_ps(set1(-0.0f), x); }
static inline __m256 isnan_ps(__m256 x) { return _mm256_cmp_ps(x, x, _CMP_UNORD_Q); }

// 2^n for integer n in [-252, 254] as two factors (so that n down to -150 keeps gradual underflow).
static inline void pow2_split(__m256i n, __m256* s1, __m256* s2) {
  const __m256i n1 = _mm256_srai_epi32(n, 1);
  const __m256i n2 = _mm256_sub_epi32(n, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  *s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  *s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
}

// Cephes expf: x = n ln2 + r (Cody-Waite), exp(r) = 1 + r + r^2 P(r), |r| <= ln2/2.
static inline __m256 exp_ps(__m256 x) {
  const __m256 xc = _mm256_min_ps(_mm256_max_ps(x, set1(-105.0f)), set1(89.0f));  // NaN -> -105
  const __m256 fn = _mm256_round_ps(_mm256_mul_ps(xc, set1(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(fn, set1(0.693359375f), xc);
  r = _mm256_fnmadd_ps(fn, set1(-2.12194440e-4f), r);
  __m256 p = set1(1.9875691500E-4f);
  p = _mm256_fmadd_ps(p, r, set1(1.3981999507E-3f));
  p = _mm256_fmadd_ps(p, r, set1(8.3334519073E-3f));
  p = _mm256_fmadd_ps(p, r, set1(4.1665795894E-2f));
  p = _mm256_fmadd_ps(p, r, set1(1.6666665459E-1f));
  p = _mm256_fmadd_ps(p, r, set1(5.0000001201E-1f));
  const __m256 r2 = _mm256_mul_ps(r, r);
  __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, r2, r), set1(1.0f));
  __m256 s1, s2;
  pow2_split(_mm256_cvtps_epi32(fn), &s1, &s2);
  y = _mm256_mul_ps(_mm256_mul_ps(y, s1), s2);
  return _mm256_blendv_ps(y, x, isnan_ps(x));
}

// Cephes logf: x = 2^e m, m in [sqrt(1/2), sqrt(2)), log(m) = f - f^2/2 + f^3 P(f), f = m - 1.
static inline __m256 log_ps(__m256 x) {
  const __m256 den = _mm256_cmp_ps(x, set1(1.17549435e-38f), _CMP_LT_OQ);
  const __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, set1(8388608.0f)), den);
  const __m256 eadj = _mm256_and_ps(den, set1(23.0f));
  const __m256i bits = _mm256_castps_si256(xs);
  __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(_mm256_and_si256(bits, _mm256_set1_epi32(0x7f800000)), 23), _mm256_set1_epi32(126)));
  e = _mm256_sub_ps(e, eadj);
  __m256 m = _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
  // m in [0.5, 1): below sqrt(1/2) use 2m - 1 and e - 1
  const __m256 small = _mm256_cmp_ps(m, set1(0.707106781186547524f), _CMP_LT_OQ);
  e = _mm256_sub_ps(e, _mm256_and_ps(small, set1(1.0f)));
  const __m256 f = _mm256_sub_ps(_mm256_add_ps(m, _mm256_and_ps(small, m)), set1(1.0f));
  const __m256 z = _mm256_mul_ps(f, f);
  __m256 p = set1(7.0376836292E-2f);
  p = _mm256_fmadd_ps(p, f, set1(-1.1514610310E-1f));
  p = _mm256_fmadd_ps(p, f, set1(1.1676998740E-1f));
  p = _mm256_fmadd_ps(p, f, set1(-1.2420140846E-1f));
  p = _mm256_fmadd_ps(p, f, set1(1.4249322787E-1f));
  p = _mm256_fmadd_ps(p, f, set1(-1.6668057665E-1f));
  p = _mm256_fmadd_ps(p, f, set1(2.0000714765E-1f));
  p = _mm256_fmadd_ps(p, f, set1(-2.4999993993E-1f));
  p = _mm256_fmadd_ps(p, f, set1(3.3333331174E-1f));
  __m256 y = _mm256_mul_ps(_mm256_mul_ps(p, f), z);
  y = _mm256_fmadd_ps(e, set1(-2.12194440e-4f), y);
  y = _mm256_fnmadd_ps(set1(0.5f), z, y);
  __m256 r = _mm256_add_ps(f, y);
  r = _mm256_fmadd_ps(e, set1(0.693359375f), r);
  // specials: +Inf -> +Inf, 0 -> -Inf, negative or NaN -> NaN
  r = _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, set1(INFINITY), _CMP_EQ_OQ));
  r = _mm256_blendv_ps(r, set1(-INFINITY), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
  r = _mm256_blendv_ps(r, set1(NAN), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_NGE_UQ));  // x < 0 or NaN
  return r;
}

static inline __m256 expm1_ps(__m256 x) {
  // |x| < ln2/2: the exp polynomial with r = x, without its leading 1
  __m256 p = set1(1.9875691500E-4f);
  p = _mm256_fmadd_ps(p, x, set1(1.3981999507E-3f));
  p = _mm256_fmadd_ps(p, x, set1(8.3334519073E-3f));
  p = _mm256_fmadd_ps(p, x, set1(4.1665795894E-2f));
  p = _mm256_fmadd_ps(p, x, set1(1.6666665459E-1f));
  p = _mm256_fmadd_ps(p, x, set1(5.0000001201E-1f));
  const __m256 small = _mm256_fmadd_ps(p, _mm256_mul_ps(x, x), x);
  const __m256 big = _mm256_sub_ps(exp_ps(x), set1(1.0f));
  return _mm256_blendv_ps(big, small, _mm256_cmp_ps(abs_ps(x), set1(0.34657359f), _CMP_LT_OQ));
}

static inline __m256 log1p_ps(__m256 u) {
  const __m256 w = _mm256_add_ps(u, set1(1.0f));
  const __m256 d = _mm256_sub_ps(w, set1(1.0f));
  const __m256 r = _mm256_mul_ps(log_ps(w), _mm256_div_ps(u, d));
  return _mm256_blendv_ps(r, u, _mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

static inline __m256 tanh_ps(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, set1(-0.0f));
  const __m256 ax = abs_ps(x);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 p = set1(-5.70498872745E-3f);
  p = _mm256_fmadd_ps(p, z, set1(2.06390887954E-2f));
  p = _mm256_fmadd_ps(p, z, set1(-5.37397155531E-2f));
  p = _mm256_fmadd_ps(p, z, set1(1.33314422036E-1f));
  p = _mm256_fmadd_ps(p, z, set1(-3.33332819422E-1f));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
  const __m256 e = exp_ps(_mm256_mul_ps(ax, set1(-2.0f)));
  const __m256 big = _mm256_or_ps(_mm256_div_ps(_mm256_sub_ps(set1(1.0f), e), _mm256_add_ps(set1(1.0f), e)), sign);
  return _mm256_blendv_ps(big, small, _mm256_cmp_ps(ax, set1(0.625f), _CMP_LT_OQ));
}

static inline __m256 sigmoid_ps(__m256 x) {
  const __m256 e = exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), abs_ps(x)));
  const __m256 r = _mm256_div_ps(set1(1.0f), _mm256_add_ps(set1(1.0f), e));
  const __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
  return _mm256_blendv_ps(r, _mm256_mul_ps(e, r), neg);
}

// erfc(z) for z >= 0 (Numerical Recipes' erfcc, fractional error < 1.2e-7), where z^2 = zz_hi + zz_lo
// exactly: exp(-zz_hi) * exp(-zz_lo + c(t)) avoids the rounding of a large exp argument.
static inline __m256 erfc_nr_ps(__m256 z, __m256 zz_hi, __m256 zz_lo) {
  const __m256 t = _mm256_div_ps(set1(1.0f), _mm256_fmadd_ps(set1(0.5f), z, set1(1.0f)));
  __m256 p = set1(0.17087277f);
  p = _mm256_fmadd_ps(p, t, set1(-0.82215223f));
  p = _mm256_fmadd_ps(p, t, set1(1.48851587f));
  p = _mm256_fmadd_ps(p, t, set1(-1.13520398f));
  p = _mm256_fmadd_ps(p, t, set1(0.27886807f));
  p = _mm256_fmadd_ps(p, t, set1(-0.18628806f));
  p = _mm256_fmadd_ps(p, t, set1(0.09678418f));
  p = _mm256_fmadd_ps(p, t, set1(0.37409196f));
  p = _mm256_fmadd_ps(p, t, set1(1.00002368f));
  p = _mm256_fmadd_ps(p, t, set1(-1.26551223f));
  const __m256 arg = _mm256_sub_ps(p, zz_lo);
  return _mm256_mul_ps(_mm256_mul_ps(t, exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), zz_hi))), exp_ps(arg));
}

// erf(x) for |x| < 1 by its Maclaurin series (terms to x^21; truncation error < 2e-9).
static inline __m256 erf_series_ps(__m256 x) {
  const __m256 z = _mm256_mul_ps(x, x);
  // c_n = 2/sqrt(pi) (-1)^n / (n! (2n + 1))
  static const float c[11] = {
      1.1283791670955126f,    -0.37612638903183754f,  0.11283791670955126f,  -0.026866170645131252f,
      0.005223977625442188f,  -0.0008548327023450852f, 0.00012055332981789664f, -1.4925650358406252e-05f,
      1.6462114365889246e-06f, -1.6365844691234924e-07f, 1.4807192815879218e-08f};
  __m256 q = set1(c[10]);
  for (int k = 9; k >= 0; k--) q = _mm256_fmadd_ps(q, z, set1(c[k]));
  return _mm256_mul_ps(q, x);
}

static inline void square_split(__m256 x, __m256* hi, __m256* lo) {
  *hi = _mm256_mul_ps(x, x);
  // the exact remainder; 0 where x*x >= 256 (exp(-x*x) is 0 there, and x*x may overflow)
  *lo = _mm256_and_ps(_mm256_fmsub_ps(x, x, *hi), _mm256_cmp_ps(*hi, set1(256.0f), _CMP_LT_OQ));
}

static inline __m256 erf_ps(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, set1(-0.0f));
  const __m256 ax = abs_ps(x);
  __m256 hi, lo;
  square_split(ax, &hi, &lo);
  const __m256 big = _mm256_or_ps(_mm256_sub_ps(set1(1.0f), erfc_nr_ps(ax, hi, lo)), sign);
  return _mm256_blendv_ps(big, erf_series_ps(x), _mm256_cmp_ps(ax, set1(1.0f), _CMP_LT_OQ));
}

// gelu(x) = x Phi(x) = x/2 (1 + erf(x/sqrt2)); for x < 0 the factor is erfc(|x|/sqrt2), computed
// without cancellation, with z^2 = x^2/2 split exactly.
static inline __m256 gelu_erf_ps(__m256 x) {
  const __m256 z = _mm256_mul_ps(x, set1(0.70710678118654752f));
  const __m256 az = abs_ps(z);
  __m256 hi, lo;
  square_split(x, &hi, &lo);
  hi = _mm256_mul_ps(hi, set1(0.5f));
  lo = _mm256_mul_ps(lo, set1(0.5f));
  const __m256 ec = erfc_nr_ps(az, hi, lo);         // erfc(|z|)
  const __m256 es = erf_series_ps(az);              // erf(|z|), |z| < 1
  const __m256 small = _mm256_cmp_ps(az, set1(1.0f), _CMP_LT_OQ);
  const __m256 erf_abs = _mm256_blendv_ps(_mm256_sub_ps(set1(1.0f), ec), es, small);
  // 1 - erf(|z|) cancels for |z| near 1: use erfc directly from |z| >= 0.5
  const __m256 erfc_abs = _mm256_blendv_ps(ec, _mm256_sub_ps(set1(1.0f), es), _mm256_cmp_ps(az, set1(0.5f), _CMP_LT_OQ));
  const __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
  const __m256 factor = _mm256_blendv_ps(_mm256_add_ps(set1(1.0f), erf_abs), erfc_abs, neg);  // 1 + erf(z)
  const __m256 r = _mm256_mul_ps(_mm256_mul_ps(set1(0.5f), x), factor);
  return _mm256_blendv_ps(r, x, isnan_ps(x));
}

// gelu, tanh form: 0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
static inline __m256 gelu_tanh_ps(__m256 x) {
  const __m256 x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
  const __m256 u = _mm256_mul_ps(set1(0.7978845608028654f), _mm256_fmadd_ps(set1(0.044715f), x3, x));
  return _mm256_mul_ps(x, sigmoid_ps(_mm256_add_ps(u, u)));
}

static inline __m256 softplus_ps(__m256 x) {
  const __m256 e = exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), abs_ps(x)));
  const __m256 r = _mm256_add_ps(_mm256_max_ps(x, _mm256_setzero_ps()), log1p_ps(e));
  return _mm256_blendv_ps(r, x, isnan_ps(x));
}

}  // namespace avx2
}  // namespace fx
