// AVX2+FMA float32 kernels of the elementwise family (compiled with -mavx2 -mfma, x86-64 only;
// called only when fx::use_avx2()). Every loop handles any length: 8 lanes at a time, then a
// masked tail. Transcendental functions and their error bounds: simd_math_avx2.h.
#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "elementwise.h"
#include "simd_math_avx2.h"

namespace fx {
namespace avx2 {
namespace {

inline __m256i tail_mask(int64_t r) {
  alignas(32) static const int32_t m[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + 8 - r));
}

template <class F>
inline void map1(const float* x, float* y, int64_t n, const F& f) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
  if (i < n) {
    const __m256i m = tail_mask(n - i);
    _mm256_maskstore_ps(y + i, m, f(_mm256_maskload_ps(x + i, m)));
  }
}

// scalar operands are broadcast: sa/sb say whether a/b advance.
template <class F>
inline void map2(const float* a, bool sa, const float* b, bool sb, float* y, int64_t n, const F& f) {
  const __m256 av = _mm256_set1_ps(*a), bv = _mm256_set1_ps(*b);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, f(sa ? _mm256_loadu_ps(a + i) : av, sb ? _mm256_loadu_ps(b + i) : bv));
  }
  if (i < n) {
    const __m256i m = tail_mask(n - i);
    _mm256_maskstore_ps(y + i, m, f(sa ? _mm256_maskload_ps(a + i, m) : av, sb ? _mm256_maskload_ps(b + i, m) : bv));
  }
}

// 8 comparison bits -> 8 bytes of 0/1.
struct ByteTable {
  uint64_t v[256];
  constexpr ByteTable() : v() {
    for (int k = 0; k < 256; k++) {
      uint64_t w = 0;
      for (int j = 0; j < 8; j++) w |= static_cast<uint64_t>((k >> j) & 1) << (8 * j);
      v[k] = w;
    }
  }
};
constexpr ByteTable kBytes{};

template <int Pred>
inline void compare(const float* a, bool sa, const float* b, bool sb, uint8_t* y, int64_t n) {
  const __m256 av = _mm256_set1_ps(*a), bv = _mm256_set1_ps(*b);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 m = _mm256_cmp_ps(sa ? _mm256_loadu_ps(a + i) : av, sb ? _mm256_loadu_ps(b + i) : bv, Pred);
    const uint64_t w = kBytes.v[_mm256_movemask_ps(m)];
    std::memcpy(y + i, &w, 8);
  }
  for (; i < n; i++) {
    const float x = sa ? a[i] : *a, z = sb ? b[i] : *b;
    const __m128 m = _mm_cmp_ss(_mm_set_ss(x), _mm_set_ss(z), Pred);
    y[i] = static_cast<uint8_t>(_mm_movemask_ps(m) & 1);
  }
}

inline __m256 select_nan(__m256 r, __m256 a, __m256 b) {
  r = _mm256_blendv_ps(r, a, isnan_ps(a));
  return _mm256_blendv_ps(r, b, isnan_ps(b));
}

}  // namespace
}  // namespace avx2

bool unary_f32_avx2(int op, const float* x, float* y, int64_t n, float a, float b) {
  using namespace avx2;
  const __m256 zero = _mm256_setzero_ps(), one = set1(1.0f);
  switch (op) {
    case kNeg: map1(x, y, n, [](__m256 v) { return _mm256_xor_ps(v, set1(-0.0f)); }); return true;
    case kAbs: map1(x, y, n, [](__m256 v) { return abs_ps(v); }); return true;
    case kExp: map1(x, y, n, [](__m256 v) { return exp_ps(v); }); return true;
    case kExpm1: map1(x, y, n, [](__m256 v) { return expm1_ps(v); }); return true;
    case kLog: map1(x, y, n, [](__m256 v) { return log_ps(v); }); return true;
    case kLog1p:
      map1(x, y, n, [&](__m256 v) {
        // log1p(u) for u < -1 is NaN and -Inf at -1: log_ps of 1 + u gives both
        return _mm256_blendv_ps(log1p_ps(v), v, _mm256_cmp_ps(v, set1(INFINITY), _CMP_EQ_OQ));
      });
      return true;
    case kSqrt: map1(x, y, n, [](__m256 v) { return _mm256_sqrt_ps(v); }); return true;
    case kRsqrt: map1(x, y, n, [&](__m256 v) { return _mm256_div_ps(one, _mm256_sqrt_ps(v)); }); return true;
    case kReciprocal: map1(x, y, n, [&](__m256 v) { return _mm256_div_ps(one, v); }); return true;
    case kSquare: map1(x, y, n, [](__m256 v) { return _mm256_mul_ps(v, v); }); return true;
    case kTanh: map1(x, y, n, [](__m256 v) { return tanh_ps(v); }); return true;
    case kSigmoid: map1(x, y, n, [](__m256 v) { return sigmoid_ps(v); }); return true;
    case kSoftplus: map1(x, y, n, [](__m256 v) { return softplus_ps(v); }); return true;
    case kSoftsign: map1(x, y, n, [&](__m256 v) { return _mm256_div_ps(v, _mm256_add_ps(one, abs_ps(v))); }); return true;
    case kRelu: map1(x, y, n, [&](__m256 v) { return _mm256_blendv_ps(v, zero, _mm256_cmp_ps(v, zero, _CMP_LT_OQ)); }); return true;
    case kRelu6:
      map1(x, y, n, [&](__m256 v) {
        const __m256 six = set1(6.0f);
        v = _mm256_blendv_ps(v, zero, _mm256_cmp_ps(v, zero, _CMP_LT_OQ));
        return _mm256_blendv_ps(v, six, _mm256_cmp_ps(v, six, _CMP_GT_OQ));
      });
      return true;
    case kClip:
      map1(x, y, n, [&](__m256 v) {
        const __m256 lo = set1(a), hi = set1(b);
        const __m256 r = _mm256_blendv_ps(v, lo, _mm256_cmp_ps(v, lo, _CMP_LT_OQ));
        return _mm256_blendv_ps(r, hi, _mm256_cmp_ps(v, hi, _CMP_GT_OQ));
      });
      return true;
    case kElu:
      map1(x, y, n, [&](__m256 v) {
        return _mm256_blendv_ps(_mm256_mul_ps(set1(a), expm1_ps(v)), v, _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
      });
      return true;
    case kSelu:
      map1(x, y, n, [&](__m256 v) {
        const __m256 neg = _mm256_mul_ps(set1(static_cast<float>(kSeluScale * kSeluAlpha)), expm1_ps(v));
        return _mm256_blendv_ps(neg, _mm256_mul_ps(set1(static_cast<float>(kSeluScale)), v), _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
      });
      return true;
    case kLeakyRelu:
      map1(x, y, n, [&](__m256 v) { return _mm256_blendv_ps(_mm256_mul_ps(set1(a), v), v, _mm256_cmp_ps(v, zero, _CMP_GT_OQ)); });
      return true;
    case kGeluTanh: map1(x, y, n, [](__m256 v) { return gelu_tanh_ps(v); }); return true;
    case kGeluErf: map1(x, y, n, [](__m256 v) { return gelu_erf_ps(v); }); return true;
    case kErf: map1(x, y, n, [](__m256 v) { return erf_ps(v); }); return true;
    case kFloor: map1(x, y, n, [](__m256 v) { return _mm256_floor_ps(v); }); return true;
    case kCeil: map1(x, y, n, [](__m256 v) { return _mm256_ceil_ps(v); }); return true;
    case kRound:
      map1(x, y, n, [](__m256 v) { return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); });
      return true;
    case kSign:
      map1(x, y, n, [&](__m256 v) {
        __m256 r = _mm256_blendv_ps(v, zero, _mm256_cmp_ps(v, zero, _CMP_EQ_OQ));  // -0 -> 0, NaN stays
        r = _mm256_blendv_ps(r, one, _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
        return _mm256_blendv_ps(r, set1(-1.0f), _mm256_cmp_ps(v, zero, _CMP_LT_OQ));
      });
      return true;
    case kStep:
      map1(x, y, n, [&](__m256 v) {
        const __m256 r = _mm256_blendv_ps(set1(a), one, _mm256_cmp_ps(v, zero, _CMP_GT_OQ));
        return _mm256_blendv_ps(r, v, isnan_ps(v));
      });
      return true;
    default: return false;
  }
}

bool binary_run_f32_avx2(int op, const float* a, bool sa, const float* b, bool sb, void* out, int64_t n) {
  using namespace avx2;
  float* y = static_cast<float*>(out);
  uint8_t* yb = static_cast<uint8_t*>(out);
  switch (op) {
    case kAdd: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return _mm256_add_ps(u, v); }); return true;
    case kSub: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return _mm256_sub_ps(u, v); }); return true;
    case kMul: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return _mm256_mul_ps(u, v); }); return true;
    case kDiv: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return _mm256_div_ps(u, v); }); return true;
    case kMaximum: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return select_nan(_mm256_max_ps(u, v), u, v); }); return true;
    case kMinimum: map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) { return select_nan(_mm256_min_ps(u, v), u, v); }); return true;
    case kSquaredDifference:
      map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) {
        const __m256 d = _mm256_sub_ps(u, v);
        return _mm256_mul_ps(d, d);
      });
      return true;
    case kPrelu:
      map2(a, sa, b, sb, y, n, [](__m256 u, __m256 v) {
        return _mm256_blendv_ps(u, _mm256_mul_ps(u, v), _mm256_cmp_ps(u, _mm256_setzero_ps(), _CMP_LT_OQ));
      });
      return true;
    case kEqual: compare<_CMP_EQ_OQ>(a, sa, b, sb, yb, n); return true;
    case kNotEqual: compare<_CMP_NEQ_UQ>(a, sa, b, sb, yb, n); return true;
    case kLess: compare<_CMP_LT_OQ>(a, sa, b, sb, yb, n); return true;
    case kLessEqual: compare<_CMP_LE_OQ>(a, sa, b, sb, yb, n); return true;
    case kGreater: compare<_CMP_GT_OQ>(a, sa, b, sb, yb, n); return true;
    case kGreaterEqual: compare<_CMP_GE_OQ>(a, sa, b, sb, yb, n); return true;
    default: return false;
  }
}

double sum_f32_avx2(const float* x, int64_t n) {
  __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm_loadu_ps(x + i)));
    s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4)));
    s2 = _mm256_add_pd(s2, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8)));
    s3 = _mm256_add_pd(s3, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12)));
  }
  for (; i + 4 <= n; i += 4) s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm_loadu_ps(x + i)));
  const __m256d s = _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3));
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, s);
  double total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  for (; i < n; i++) total += x[i];
  return total;
}

float extremum_f32_avx2(const float* x, int64_t n, int sign) {
  float best = sign > 0 ? -INFINITY : INFINITY;
  bool nan = false;
  int64_t i = 0;
  if (n >= 16) {
    __m256 m0 = _mm256_set1_ps(best), m1 = m0, bad = _mm256_setzero_ps();
    for (; i + 16 <= n; i += 16) {
      const __m256 u = _mm256_loadu_ps(x + i), v = _mm256_loadu_ps(x + i + 8);
      bad = _mm256_or_ps(bad, _mm256_cmp_ps(u, v, _CMP_UNORD_Q));
      if (sign > 0) {
        m0 = _mm256_max_ps(m0, u);
        m1 = _mm256_max_ps(m1, v);
      } else {
        m0 = _mm256_min_ps(m0, u);
        m1 = _mm256_min_ps(m1, v);
      }
    }
    m0 = sign > 0 ? _mm256_max_ps(m0, m1) : _mm256_min_ps(m0, m1);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, m0);
    for (float v : lanes) best = sign > 0 ? (v > best ? v : best) : (v < best ? v : best);
    nan = _mm256_movemask_ps(bad) != 0;
  }
  for (; i < n; i++) {
    const float v = x[i];
    if (v != v) nan = true;
    best = sign > 0 ? (v > best ? v : best) : (v < best ? v : best);
  }
  return nan ? NAN : best;
}

void softmax_row_f32_avx2(const float* x, float* y, int64_t n, bool log) {
  using namespace avx2;
  const float m = extremum_f32_avx2(x, n, 1);
  const __m256 mv = _mm256_set1_ps(m);
  // exp(x - max) stored and summed (in double) in one pass; the masked tail's extra lanes are zeroed
  __m256d s0 = _mm256_setzero_pd(), s1 = s0;
  auto add = [&](__m256 e) {
    s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
    s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
  };
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 e = exp_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), mv));
    _mm256_storeu_ps(y + i, e);
    add(e);
  }
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    const __m256 e = _mm256_and_ps(exp_ps(_mm256_sub_ps(_mm256_maskload_ps(x + i, mask), mv)), _mm256_castsi256_ps(mask));
    _mm256_maskstore_ps(y + i, mask, e);
    add(e);
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(s0, s1));
  const double total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  if (log) {
    const __m256 lt = _mm256_set1_ps(static_cast<float>(std::log(total)));
    map1(x, y, n, [&](__m256 v) { return _mm256_sub_ps(_mm256_sub_ps(v, mv), lt); });
  } else {
    const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / total));
    map1(y, y, n, [&](__m256 v) { return _mm256_mul_ps(v, inv); });
  }
}

}  // namespace fx

namespace fx {

double sum_exp_shift_f32_avx2(const float* x, int64_t n, float shift) {
  using namespace avx2;
  const __m256 sv = _mm256_set1_ps(shift);
  __m256d s0 = _mm256_setzero_pd(), s1 = s0;
  int64_t i = 0;
  auto acc = [&](__m256 e) {
    s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
    s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
  };
  for (; i + 8 <= n; i += 8) acc(exp_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), sv)));
  if (i < n) {
    const __m256i m = avx2::tail_mask(n - i);
    acc(_mm256_and_ps(exp_ps(_mm256_sub_ps(_mm256_maskload_ps(x + i, m), sv)), _mm256_castsi256_ps(m)));
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(s0, s1));
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

void sigmoid_xent_f32_avx2(const float* z, const float* x, float* y, int64_t n) {
  using namespace avx2;
  map2(z, true, x, true, y, n, [](__m256 zv, __m256 xv) {
    const __m256 lin = _mm256_fnmadd_ps(xv, zv, _mm256_max_ps(xv, _mm256_setzero_ps()));
    const __m256 r = _mm256_add_ps(lin, log1p_ps(exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), abs_ps(xv)))));
    return _mm256_blendv_ps(r, xv, isnan_ps(xv));
  });
}

}  // namespace fx
