// Measures the error of the AVX2 float32 functions of native/src/simd_math_avx2.h against double
// precision libm over every `step`-th float32 bit pattern (both signs), printing the maximum ulp
// and relative errors. Build and run (x86-64 with AVX2+FMA):
//   g++ -std=c++17 -O2 -mavx2 -mfma -ffp-contract=off -Inative/src native/tools/simd_math_check.cc -o /tmp/smc && /tmp/smc 7
// and `/tmp/smc 7 --portable` for the functions of simd_math_portable.h (the lanes are computed
// one by one by the scalar code, which without -ffp-contract gives the vectorized results).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "simd_math_avx2.h"
#include "simd_math_portable.h"

using namespace fx::avx2;

static double ulp_of(double ref) {
  const float f = static_cast<float>(ref);
  if (!std::isfinite(f)) return std::ldexp(1.0, 104);
  const float up = std::nextafter(std::fabs(f), INFINITY);
  const double u = static_cast<double>(up) - std::fabs(static_cast<double>(f));
  return u > 0 ? u : std::ldexp(1.0, -149);
}

struct Stat {
  const char* name;
  double max_ulp = 0, max_rel = 0, max_abs = 0, worst_x = 0;
  long bad_special = 0;
};

template <class V, class R>
static void check(Stat& st, V vec, R ref, uint32_t step, float lo, float hi) {
  alignas(32) float xs[8], ys[8];
  int k = 0;
  for (uint64_t b = 0; b <= 0xffffffffull; b += step) {
    const uint32_t bits = static_cast<uint32_t>(b);
    float x;
    std::memcpy(&x, &bits, 4);
    if (!(x >= lo && x <= hi) && !std::isnan(x)) continue;
    xs[k++] = x;
    if (k < 8) continue;
    k = 0;
    _mm256_store_ps(ys, vec(_mm256_load_ps(xs)));
    for (int j = 0; j < 8; j++) {
      const double r = ref(static_cast<double>(xs[j]));
      const double y = ys[j];
      if (std::isnan(r) || std::isinf(r) || std::isnan(y) || std::isinf(y)) {
        const float rf = static_cast<float>(r);
        if (!(std::isnan(rf) && std::isnan(y)) && !(rf == y)) {
          if (st.bad_special++ < 5) std::printf("  %s special mismatch x=%g got %g want %g\n", st.name, xs[j], y, r);
        }
        continue;
      }
      const double err = std::fabs(y - r);
      const double u = err / ulp_of(r);
      const double rel = r != 0 ? err / std::fabs(r) : (y == 0 ? 0 : INFINITY);
      if (std::fabs(r) >= 1.1754943508222875e-38 && u > st.max_ulp) { st.max_ulp = u; st.worst_x = xs[j]; }
      if (std::fabs(r) >= 1.1754943508222875e-38 && rel > st.max_rel) st.max_rel = rel;
      if (err > st.max_abs) st.max_abs = err;
    }
  }
  std::printf("%-10s [%g, %g]: max %.2f ulp (at x=%.9g), max rel %.3g, max abs %.3g, special mismatches %ld\n", st.name, lo, hi,
              st.max_ulp, st.worst_x, st.max_rel, st.max_abs, st.bad_special);
}

static double sigmoid_d(double v) { return v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v)); }

// A portable scalar function applied lane by lane.
template <float (*F)(float)>
static __m256 lanes(__m256 v) {
  alignas(32) float a[8];
  _mm256_store_ps(a, v);
  for (float& x : a) x = F(x);
  return _mm256_load_ps(a);
}

int main(int argc, char** argv) {
  const uint32_t step = argc > 1 ? static_cast<uint32_t>(std::atoi(argv[1])) : 7;
  const float inf = INFINITY;
  if (argc > 2 && std::strcmp(argv[2], "--portable") == 0) {
    using namespace fx::portable;
    { Stat s{"exp_f"}; check(s, lanes<exp_f>, [](double v) { return std::exp(v); }, step, -inf, inf); }
    { Stat s{"log_f"}; check(s, lanes<log_f>, [](double v) { return std::log(v); }, step, -inf, inf); }
    { Stat s{"tanh_f"}; check(s, lanes<tanh_f>, [](double v) { return std::tanh(v); }, step, -inf, inf); }
    { Stat s{"sigmoid_f"}; check(s, lanes<sigmoid_f>, sigmoid_d, step, -inf, inf); }
    return 0;
  }
  { Stat s{"exp"}; check(s, [](__m256 v) { return exp_ps(v); }, [](double v) { return std::exp(v); }, step, -inf, inf); }
  { Stat s{"log"}; check(s, [](__m256 v) { return log_ps(v); }, [](double v) { return std::log(v); }, step, -inf, inf); }
  { Stat s{"expm1"}; check(s, [](__m256 v) { return expm1_ps(v); }, [](double v) { return std::expm1(v); }, step, -inf, inf); }
  { Stat s{"log1p"}; check(s, [](__m256 v) { return log1p_ps(v); }, [](double v) { return std::log1p(v); }, step, -1, 3.4e38f); }
  { Stat s{"tanh"}; check(s, [](__m256 v) { return tanh_ps(v); }, [](double v) { return std::tanh(v); }, step, -inf, inf); }
  { Stat s{"sigmoid"}; check(s, [](__m256 v) { return sigmoid_ps(v); }, sigmoid_d, step, -inf, inf); }
  { Stat s{"erf"}; check(s, [](__m256 v) { return erf_ps(v); }, [](double v) { return std::erf(v); }, step, -inf, inf); }
  { Stat s{"softplus"}; check(s, [](__m256 v) { return softplus_ps(v); }, [](double v) { return std::max(v, 0.0) + std::log1p(std::exp(-std::fabs(v))); }, step, -inf, inf); }
  { Stat s{"gelu"}; check(s, [](__m256 v) { return gelu_erf_ps(v); }, [](double v) { return 0.5 * v * std::erfc(-v * 0.7071067811865476); }, step, -1e30f, 1e30f); }
  { Stat s{"gelu_tanh"}; check(s, [](__m256 v) { return gelu_tanh_ps(v); }, [](double v) { return v * sigmoid_d(2 * 0.7978845608028654 * (v + 0.044715 * v * v * v)); }, step, -1e12f, 1e12f); }
  return 0;
}
