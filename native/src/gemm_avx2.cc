// AVX2+FMA GEMM (compiled with -mavx2 -mfma; called only when cpuid reports both).
//
// sgemm: the blocked driver of gemm_driver.h with a 6x16 micro-kernel (12 ymm accumulators, two B vectors and
// one broadcast A element per step: 12 FMAs per 3 loads), KC = 256 (the 16 KB B sliver plus the 6 KB A sliver
// stay in the 32 KB L1d), MC = 144 (the 144 KB packed A block in the 512 KB L2), packed B panels of at most
// 2 M floats (8 MB, in L3). The bias + activation epilogue is applied to the register tile on the last K block,
// before it is stored. Products with at most 4 rows (batch-1 inference) skip packing: they stream op(B) once.
// dgemm: the same driver with a 6x8 float64 micro-kernel (no epilogue).
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "gemm.h"
#include "gemm_driver.h"
#include "pool.h"

namespace fx {
namespace {

// ---------------------------------------------------------------- vector activations

// exp(x), Cephes expf: range reduction by ln2 (split in two constants) and a degree-5 polynomial; relative error
// below 2 ulp on [-87.3, 88.3]; inputs are clamped to [-88.38, 88.38] (results saturate at ~2.4e38 and ~0); NaN
// propagates.
inline __m256 exp256(__m256 x) {
  const __m256 hi = _mm256_set1_ps(88.3762626647949f);
  const __m256 lo = _mm256_set1_ps(-88.3762626647949f);
  x = _mm256_min_ps(hi, _mm256_max_ps(lo, x));  // operand order keeps NaN
  __m256 fx = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f));
  fx = _mm256_floor_ps(fx);
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
  __m256 y = _mm256_set1_ps(1.9875691500E-4f);
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507E-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073E-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894E-2f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459E-1f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201E-1f));
  y = _mm256_fmadd_ps(y, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.f)));
  __m256i n = _mm256_cvttps_epi32(fx);
  n = _mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(n));
}

// expm1(x) for x <= 0 (ELU): a degree-7 Taylor polynomial on (-0.35, 0] (truncation < 1e-8 relative), exp(x) - 1
// below (absolute error < 1e-7 there, where |expm1| > 0.29).
inline __m256 expm1_neg256(__m256 x) {
  __m256 t = _mm256_set1_ps(1.f / 5040.f);
  t = _mm256_fmadd_ps(t, x, _mm256_set1_ps(1.f / 720.f));
  t = _mm256_fmadd_ps(t, x, _mm256_set1_ps(1.f / 120.f));
  t = _mm256_fmadd_ps(t, x, _mm256_set1_ps(1.f / 24.f));
  t = _mm256_fmadd_ps(t, x, _mm256_set1_ps(1.f / 6.f));
  t = _mm256_fmadd_ps(t, x, _mm256_set1_ps(0.5f));
  t = _mm256_mul_ps(_mm256_mul_ps(t, x), x);
  t = _mm256_add_ps(t, x);
  const __m256 e = _mm256_sub_ps(exp256(x), _mm256_set1_ps(1.f));
  const __m256 small = _mm256_cmp_ps(x, _mm256_set1_ps(-0.35f), _CMP_GT_OQ);
  return _mm256_blendv_ps(e, t, small);
}

// tanh, Cephes tanhf: an odd polynomial for |x| < 0.625, 1 - 2 / (exp(2|x|) + 1) with the sign of x above
// (relative error a few ulp).
inline __m256 tanh256(__m256 x) {
  const __m256 sign = _mm256_set1_ps(-0.f);
  const __m256 ax = _mm256_andnot_ps(sign, x);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 p = _mm256_set1_ps(-5.70498872745E-3f);
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954E-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531E-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036E-1f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422E-1f));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
  const __m256 e = exp256(_mm256_add_ps(ax, ax));
  const __m256 one = _mm256_set1_ps(1.f);
  __m256 big = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.f), _mm256_add_ps(e, one)));
  big = _mm256_or_ps(big, _mm256_and_ps(sign, x));
  const __m256 is_small = _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ);
  return _mm256_blendv_ps(big, small, is_small);  // NaN: ax < 0.625 is false, big is NaN
}

inline __m256 activate256(__m256 v, Activation act, float alpha) {
  switch (act) {
    case Activation::kNone: return v;
    case Activation::kRelu: return _mm256_max_ps(_mm256_setzero_ps(), v);  // NaN and -0 kept, as v < 0 ? 0 : v
    case Activation::kRelu6:
      return _mm256_min_ps(_mm256_set1_ps(6.f), _mm256_max_ps(_mm256_setzero_ps(), v));
    case Activation::kSigmoid: {
      const __m256 one = _mm256_set1_ps(1.f);
      return _mm256_div_ps(one, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), v))));
    }
    case Activation::kTanh: return tanh256(v);
    case Activation::kElu: {
      const __m256 pos = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ);
      return _mm256_blendv_ps(expm1_neg256(_mm256_min_ps(_mm256_setzero_ps(), v)), v, pos);
    }
    case Activation::kLeakyRelu: {
      const __m256 pos = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ);
      return _mm256_blendv_ps(_mm256_mul_ps(v, _mm256_set1_ps(alpha)), v, pos);
    }
  }
  return v;
}

// Lane masks for the first n (0..8) lanes.
alignas(32) const int32_t kMaskTable[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
inline __m256i lane_mask(int n) {
  n = n < 0 ? 0 : (n > 8 ? 8 : n);
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskTable + 8 - n));
}

// c[0:nr] = t[0:nr] for nr <= 16 (t: a 32-byte aligned tile row), nothing written past c[nr - 1].
inline void store_row_prefix(float* c, const float* t, int nr) {
  int j = 0;
  if (nr >= 8) {
    _mm256_storeu_ps(c, _mm256_load_ps(t));
    j = 8;
  }
  if (nr - j >= 4) {
    _mm_storeu_ps(c + j, _mm_loadu_ps(t + j));
    j += 4;
  }
  if (nr - j >= 2) {
    _mm_storel_pi(reinterpret_cast<__m64*>(c + j), _mm_loadu_ps(t + j));
    j += 2;
  }
  if (nr - j >= 1) c[j] = t[j];
}

// Stores one 16-wide row of a result tile: v (+ C) (+ bias) -> activation -> C[0:nr]. Never inlined: called once
// per row of a tile, and inlined into KernelF32::kernel it made GCC spill accumulators inside the K loop (a third
// slower at n = 1024, depending on what else the file holds).
__attribute__((noinline)) void finish_row16(float* c, __m256 v0, __m256 v1, int nr, bool load_c, const Epilogue* ep, int64_t col0) {
  if (nr == 16) {
    if (load_c) {
      v0 = _mm256_add_ps(v0, _mm256_loadu_ps(c));
      v1 = _mm256_add_ps(v1, _mm256_loadu_ps(c + 8));
    }
    if (ep != nullptr) {
      if (ep->bias != nullptr) {
        v0 = _mm256_add_ps(v0, _mm256_loadu_ps(ep->bias + col0));
        v1 = _mm256_add_ps(v1, _mm256_loadu_ps(ep->bias + col0 + 8));
      }
      v0 = activate256(v0, ep->activation, ep->alpha);
      v1 = activate256(v1, ep->activation, ep->alpha);
    }
    _mm256_storeu_ps(c, v0);
    _mm256_storeu_ps(c + 8, v1);
    return;
  }
  // Partial row: masked loads and stores; the second half is touched only when nr > 8.
  const bool two = nr > 8;
  const __m256i m0 = lane_mask(nr);
  const __m256i m1 = lane_mask(nr - 8);
  if (load_c) {
    v0 = _mm256_add_ps(v0, _mm256_maskload_ps(c, m0));
    if (two) v1 = _mm256_add_ps(v1, _mm256_maskload_ps(c + 8, m1));
  }
  if (ep != nullptr) {
    if (ep->bias != nullptr) {
      v0 = _mm256_add_ps(v0, _mm256_maskload_ps(ep->bias + col0, m0));
      if (two) v1 = _mm256_add_ps(v1, _mm256_maskload_ps(ep->bias + col0 + 8, m1));
    }
    v0 = activate256(v0, ep->activation, ep->alpha);
    if (two) v1 = activate256(v1, ep->activation, ep->alpha);
  }
  // Stores through a stack tile, in pieces of 8, 4, 2 and 1. A masked store (vmaskmovps) is slow on AMD cores: on
  // [128,128]x[128,10] the two of each row were a tenth of the product.
  alignas(32) float tile[16];
  _mm256_store_ps(tile, v0);
  if (two) _mm256_store_ps(tile + 8, v1);
  store_row_prefix(c, tile, nr);
}

// ---------------------------------------------------------------- packing

// Transposes the 8x8 block r[0..7] in place: afterwards r[q] holds column q of the input rows.
inline void transpose8x8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// ---------------------------------------------------------------- float32 6x16 micro-kernel

struct KernelF32 {
  using T = float;
  static constexpr int MR = 6;
  static constexpr int NR = 16;
  static constexpr int64_t KC = 256;
  static constexpr int64_t MC = 144;
  static constexpr int64_t NC_ELEMS = int64_t{1} << 21;

  // A full 6-row panel of row-major A (rows src, src + lda, ...; kc columns) as [kc][6]: 6x8 blocks transposed in
  // registers (rows 6 and 7 of the 8x8 transpose are don't-cares), each column stored as 8 floats of which the
  // next store overwrites the last 2; the block's last column is stored with a 6-lane mask.
  static void pack_a_full(const float* src, int64_t lda, int64_t kc, float* dst) {
    const __m256i m6 = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
    int64_t p = 0;
    for (; p + 8 <= kc; p += 8) {
      __m256 r[8];
      for (int i = 0; i < 6; i++) r[i] = _mm256_loadu_ps(src + i * lda + p);
      r[6] = r[5];
      r[7] = r[5];
      transpose8x8(r);
      float* d = dst + p * 6;
      for (int q = 0; q < 7; q++) _mm256_storeu_ps(d + q * 6, r[q]);
      _mm256_maskstore_ps(d + 42, m6, r[7]);
    }
    for (; p < kc; p++)
      for (int i = 0; i < 6; i++) dst[p * 6 + i] = src[i * lda + p];
  }

  // np adjacent full 16-column panels of row-major B (row p at src + p * ldb), panel g as [k][16] at
  // dst + g * dst_stride, row by row.
  static void pack_b_full(const float* src, int64_t ldb, int64_t k, int64_t np, float* dst, int64_t dst_stride) {
    for (int64_t p = 0; p < k; p++) {
      const float* row = src + p * ldb;
      float* d = dst + p * 16;
      for (int64_t g = 0; g < np; g++) {
        _mm256_storeu_ps(d + g * dst_stride, _mm256_loadu_ps(row + g * 16));
        _mm256_storeu_ps(d + g * dst_stride + 8, _mm256_loadu_ps(row + g * 16 + 8));
      }
    }
  }

  // A full 16-column panel of op(B) = B^T, where column jj of the panel is row jj of B (src + jj * ldb, k long),
  // as [k][16]: two 8x8 transposes per 8 values of p.
  static void pack_bt_full(const float* src, int64_t ldb, int64_t k, float* dst) {
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
      for (int half = 0; half < 2; half++) {
        __m256 r[8];
        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + (half * 8 + i) * ldb + p);
        transpose8x8(r);
        for (int q = 0; q < 8; q++) _mm256_storeu_ps(dst + (p + q) * 16 + half * 8, r[q]);
      }
    }
    for (; p < k; p++)
      for (int jj = 0; jj < 16; jj++) dst[p * 16 + jj] = src[jj * ldb + p];
  }

  // noinline: inlined into the driver, GCC spills accumulators inside the K loop.
  __attribute__((noinline)) static void kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc,
                                               int mr, int nr, bool load_c, const Epilogue* ep, int64_t col0) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
#define FX_STEP(P)                                                 \
  {                                                                \
    const __m256 b0 = _mm256_load_ps(b + (P) * 16);                \
    const __m256 b1 = _mm256_load_ps(b + (P) * 16 + 8);            \
    __m256 av = _mm256_broadcast_ss(a + (P) * 6 + 0);              \
    c00 = _mm256_fmadd_ps(av, b0, c00);                            \
    c01 = _mm256_fmadd_ps(av, b1, c01);                            \
    av = _mm256_broadcast_ss(a + (P) * 6 + 1);                     \
    c10 = _mm256_fmadd_ps(av, b0, c10);                            \
    c11 = _mm256_fmadd_ps(av, b1, c11);                            \
    av = _mm256_broadcast_ss(a + (P) * 6 + 2);                     \
    c20 = _mm256_fmadd_ps(av, b0, c20);                            \
    c21 = _mm256_fmadd_ps(av, b1, c21);                            \
    av = _mm256_broadcast_ss(a + (P) * 6 + 3);                     \
    c30 = _mm256_fmadd_ps(av, b0, c30);                            \
    c31 = _mm256_fmadd_ps(av, b1, c31);                            \
    av = _mm256_broadcast_ss(a + (P) * 6 + 4);                     \
    c40 = _mm256_fmadd_ps(av, b0, c40);                            \
    c41 = _mm256_fmadd_ps(av, b1, c41);                            \
    av = _mm256_broadcast_ss(a + (P) * 6 + 5);                     \
    c50 = _mm256_fmadd_ps(av, b0, c50);                            \
    c51 = _mm256_fmadd_ps(av, b1, c51);                            \
  }
    int64_t p = 0;
    for (; p + 4 <= kc; p += 4) {
      FX_STEP(0) FX_STEP(1) FX_STEP(2) FX_STEP(3)
      a += 24;
      b += 64;
    }
    for (; p < kc; p++) {
      FX_STEP(0)
      a += 6;
      b += 16;
    }
#undef FX_STEP
    if (mr == 6 && nr == 16 && ep == nullptr) {
      // A full tile with no epilogue (all but the edges and the last K block of a fused product): stored here, as
      // twelve calls of finish_row16 cost 5-8% of a tile at K = 256.
#define FX_ROW(I, V0, V1)                                                               \
  {                                                                                     \
    float* cr = c + (I) * ldc;                                                          \
    _mm256_storeu_ps(cr, load_c ? _mm256_add_ps(V0, _mm256_loadu_ps(cr)) : V0);         \
    _mm256_storeu_ps(cr + 8, load_c ? _mm256_add_ps(V1, _mm256_loadu_ps(cr + 8)) : V1); \
  }
      FX_ROW(0, c00, c01) FX_ROW(1, c10, c11) FX_ROW(2, c20, c21) FX_ROW(3, c30, c31) FX_ROW(4, c40, c41)
      FX_ROW(5, c50, c51)
#undef FX_ROW
      return;
    }
    const __m256 rows[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    for (int i = 0; i < mr; i++) finish_row16(c + i * ldc, rows[i][0], rows[i][1], nr, load_c, ep, col0);
  }
};

// ---------------------------------------------------------------- float64 6x8 micro-kernel

struct KernelF64 {
  using T = double;
  static constexpr int MR = 6;
  static constexpr int NR = 8;
  static constexpr int64_t KC = 256;
  static constexpr int64_t MC = 96;
  static constexpr int64_t NC_ELEMS = int64_t{1} << 20;

  static void kernel(int64_t kc, const double* a, const double* b, double* c, int64_t ldc, int mr, int nr,
                     bool load_c, const Epilogue*, int64_t) {
    __m256d acc[6][2];
    for (int i = 0; i < 6; i++) acc[i][0] = acc[i][1] = _mm256_setzero_pd();
    for (int64_t p = 0; p < kc; p++) {
      const __m256d b0 = _mm256_load_pd(b);
      const __m256d b1 = _mm256_load_pd(b + 4);
#pragma GCC unroll 6
      for (int i = 0; i < 6; i++) {
        const __m256d av = _mm256_broadcast_sd(a + i);
        acc[i][0] = _mm256_fmadd_pd(av, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_pd(av, b1, acc[i][1]);
      }
      a += 6;
      b += 8;
    }
    alignas(32) double tile[8];
    for (int i = 0; i < mr; i++) {
      double* crow = c + i * ldc;
      if (nr == 8) {
        __m256d v0 = acc[i][0], v1 = acc[i][1];
        if (load_c) {
          v0 = _mm256_add_pd(v0, _mm256_loadu_pd(crow));
          v1 = _mm256_add_pd(v1, _mm256_loadu_pd(crow + 4));
        }
        _mm256_storeu_pd(crow, v0);
        _mm256_storeu_pd(crow + 4, v1);
      } else {
        _mm256_store_pd(tile, acc[i][0]);
        _mm256_store_pd(tile + 4, acc[i][1]);
        for (int j = 0; j < nr; j++) crow[j] = (load_c ? crow[j] : 0.0) + tile[j];
      }
    }
  }
};

// ---------------------------------------------------------------- few rows: no packing

// C[0:M, :] for M <= 4 and op(B) not transposed: each (8 V)-column block of B is streamed once, all M rows at a
// time (M * V <= 8 accumulators: V = 8 for one row, 4 for two, 2 for three or four). M is a template parameter so
// that the accumulators live in registers (indexed by a runtime row count they were spilled to the stack, which
// made the batch-1 product four times slower). `arows` holds the M rows of op(A) contiguously (M x k).
template <int M, int V>
void small_m_nn_v(int64_t j0, int64_t j1, int64_t k, const float* arows, const float* b, int64_t ldb, float* c,
                  int64_t ldc, bool accumulate, const Epilogue* ep) {
  constexpr int W = 8 * V;
  for (int64_t j = j0; j < j1; j += W) {
    const int nr = static_cast<int>(std::min<int64_t>(W, j1 - j));
    __m256 acc[M][V];
    for (int i = 0; i < M; i++)
      for (int v = 0; v < V; v++) acc[i][v] = _mm256_setzero_ps();
    const float* bp = b + j;
    if (nr == W) {
      for (int64_t p = 0; p < k; p++) {
        const float* row = bp + p * ldb;
        if constexpr (M == 1) {
          // One row: the B loads fold into the FMAs (no B registers), leaving the 16 for the accumulators.
          const __m256 av = _mm256_broadcast_ss(arows + p);
          for (int v = 0; v < V; v++) acc[0][v] = _mm256_fmadd_ps(av, _mm256_loadu_ps(row + 8 * v), acc[0][v]);
        } else {
          __m256 bv[V];
          for (int v = 0; v < V; v++) bv[v] = _mm256_loadu_ps(row + 8 * v);
          for (int i = 0; i < M; i++) {
            const __m256 av = _mm256_broadcast_ss(arows + i * k + p);
            for (int v = 0; v < V; v++) acc[i][v] = _mm256_fmadd_ps(av, bv[v], acc[i][v]);
          }
        }
      }
    } else {
      const int nv = (nr + 7) / 8;  // vectors with at least one valid lane
      for (int64_t p = 0; p < k; p++) {
        __m256 bv[V];
        for (int v = 0; v < V; v++) {
          bv[v] = v < nv ? _mm256_maskload_ps(bp + p * ldb + 8 * v, lane_mask(nr - 8 * v)) : _mm256_setzero_ps();
        }
        for (int i = 0; i < M; i++) {
          const __m256 av = _mm256_broadcast_ss(arows + i * k + p);
          for (int v = 0; v < V; v++) acc[i][v] = _mm256_fmadd_ps(av, bv[v], acc[i][v]);
        }
      }
    }
    for (int i = 0; i < M; i++) {
      for (int v = 0; v < V; v += 2) {
        const int rem = nr - 8 * v;
        if (rem <= 0) break;
        finish_row16(c + i * ldc + j + 8 * v, acc[i][v], acc[i][v + 1], std::min(rem, 16), accumulate, ep, j + 8 * v);
      }
    }
  }
}

// Full blocks of W = 8 V columns, then the last partial block with the fewest vectors that cover it (masked loads
// and FMAs on all-zero lanes are what a narrow product like [1,128]x[128,10] would otherwise spend its time on).
template <int M, int V>
void small_m_nn_blocks(int64_t j0, int64_t j1, int64_t k, const float* arows, const float* b, int64_t ldb, float* c,
                       int64_t ldc, bool accumulate, const Epilogue* ep) {
  constexpr int64_t W = 8 * V;
  const int64_t full_end = j0 + (j1 - j0) / W * W;
  if (full_end > j0) small_m_nn_v<M, V>(j0, full_end, k, arows, b, ldb, c, ldc, accumulate, ep);
  const int64_t rest = j1 - full_end;
  if (rest <= 0) return;
  if (rest <= 16 || V <= 2) {
    small_m_nn_v<M, 2>(full_end, j1, k, arows, b, ldb, c, ldc, accumulate, ep);
  } else if (rest <= 32 || V <= 4) {
    small_m_nn_v<M, (V < 4 ? V : 4)>(full_end, j1, k, arows, b, ldb, c, ldc, accumulate, ep);
  } else {
    small_m_nn_v<M, V>(full_end, j1, k, arows, b, ldb, c, ldc, accumulate, ep);
  }
}

void small_m_nn(int64_t m, int64_t j0, int64_t j1, int64_t k, const float* arows, const float* b, int64_t ldb,
                float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  switch (m) {
    case 1: small_m_nn_blocks<1, 8>(j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep); break;
    case 2: small_m_nn_blocks<2, 4>(j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep); break;
    case 3: small_m_nn_blocks<3, 2>(j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep); break;
    default: small_m_nn_blocks<4, 2>(j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep); break;
  }
}

inline float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// C[0:m, :] for m <= 4 and op(B) transposed (B stored [n, k]): dot products of the rows of A with the rows of B.
void small_m_nt(int64_t m, int64_t j0, int64_t j1, int64_t k, const float* arows, const float* b, int64_t ldb,
                float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  const int64_t k8 = k & ~int64_t{7};
  const __m256i mk = lane_mask(static_cast<int>(k - k8));
  alignas(32) float tile[4][16];
  for (int64_t j = j0; j < j1; j += 16) {
    const int nr = static_cast<int>(std::min<int64_t>(16, j1 - j));
    for (int jj = 0; jj < nr; jj++) {
      const float* brow = b + (j + jj) * ldb;
      __m256 acc[4];
      for (int i = 0; i < 4; i++) acc[i] = _mm256_setzero_ps();
      for (int64_t p = 0; p < k8; p += 8) {
        const __m256 bv = _mm256_loadu_ps(brow + p);
        for (int64_t i = 0; i < m; i++) acc[i] = _mm256_fmadd_ps(_mm256_loadu_ps(arows + i * k + p), bv, acc[i]);
      }
      if (k8 < k) {
        const __m256 bv = _mm256_maskload_ps(brow + k8, mk);
        for (int64_t i = 0; i < m; i++)
          acc[i] = _mm256_fmadd_ps(_mm256_maskload_ps(arows + i * k + k8, mk), bv, acc[i]);
      }
      for (int64_t i = 0; i < m; i++) tile[i][jj] = hsum256(acc[i]);
    }
    for (int64_t i = 0; i < m; i++) {
      finish_row16(c + i * ldc + j, _mm256_load_ps(tile[i]), _mm256_load_ps(tile[i] + 8), nr, accumulate, ep, j);
    }
  }
}

void sgemm_small_m(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                   const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  // The m rows of op(A), contiguous (m * k floats: cheap next to streaming the k x n operand B).
  thread_local ScratchBuffer<float> rows_buf;
  float* arows = rows_buf.get(static_cast<size_t>(m * k));
  for (int64_t i = 0; i < m; i++) {
    for (int64_t p = 0; p < k; p++) arows[i * k + p] = trans_a ? a[p * lda + i] : a[i * lda + p];
  }
  constexpr int64_t kBlock = 64;  // a multiple of every small_m_nn_v width
  const int64_t blocks = ceil_div(n, kBlock);
  // At least 64k multiply-adds (256 KB of B) per chunk. Back-to-back calls (batch-1 inference) find the workers
  // still spinning, and split by columns each core keeps its part of B in its own L2 from one call to the next:
  // [1,784]x[784,256] takes 14 us on one thread (B streamed from L3) and about half that on two.
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, kBlock * m * k));
  parallel_for(blocks, grain, [&](int64_t q0, int64_t q1) {
    const int64_t j0 = q0 * kBlock;
    const int64_t j1 = std::min<int64_t>(n, q1 * kBlock);
    if (trans_b) {
      small_m_nt(m, j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep);
    } else {
      small_m_nn(m, j0, j1, k, arows, b, ldb, c, ldc, accumulate, ep);
    }
  });
}

// ---------------------------------------------------------------- few columns: A read where it is

// C[rows, 0:nr] for n <= 16 (a Dense layer's 10 logits, its weight gradient [128,128]^T x [128,10]): op(B) is packed
// by each thread into [k][V * 8] (zero-padded columns, k * 64 bytes: a thread-local buffer that keeps the largest
// size seen, on every pool thread), and the M rows of op(A) are broadcast from where
// they lie, so A is not packed at all (the blocked path packs all of it, and pads 10 columns to 16 as this does).
// TA: op(A)(i, p) = a[p * lda + i] (the M elements of one p are contiguous); else a[i * lda + p].
// Rows per register block: 6, so 12 accumulators (two vectors a row) hide the FMA latency as in the 6x16 kernel.
constexpr int kNarrowMR = 6;

template <int M, int V, bool TA>
void narrow_n_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int nr,
                   bool load_c, const Epilogue* ep) {
  constexpr int W = 8 * V;
  __m256 acc[M][V];
  for (int i = 0; i < M; i++)
    for (int v = 0; v < V; v++) acc[i][v] = _mm256_setzero_ps();
  for (int64_t p = 0; p < kc; p++) {
    __m256 bv[V];
    for (int v = 0; v < V; v++) bv[v] = _mm256_load_ps(bp + p * W + 8 * v);
    for (int i = 0; i < M; i++) {
      const __m256 av = _mm256_broadcast_ss(TA ? a + p * lda + i : a + i * lda + p);
      for (int v = 0; v < V; v++) acc[i][v] = _mm256_fmadd_ps(av, bv[v], acc[i][v]);
    }
  }
  // Unrolled, or GCC keeps acc in memory for this loop and stores it on every step of the one above.
#pragma GCC unroll 8
  for (int i = 0; i < M; i++) {
    finish_row16(c + i * ldc, acc[i][0], V > 1 ? acc[i][V - 1] : _mm256_setzero_ps(), nr, load_c, ep, 0);
  }
}

template <int V, bool TA>
void narrow_n_block(int mr, int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int nr,
                    bool load_c, const Epilogue* ep) {
  switch (mr) {
    case 6: narrow_n_rows<6, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
    case 5: narrow_n_rows<5, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
    case 4: narrow_n_rows<4, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
    case 3: narrow_n_rows<3, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
    case 2: narrow_n_rows<2, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
    default: narrow_n_rows<1, V, TA>(kc, a, lda, bp, c, ldc, nr, load_c, ep); break;
  }
}

template <int V, bool TA>
void sgemm_narrow_n_rows(int64_t r0, int64_t r1, int64_t k, const float* a, int64_t lda, const float* bpack, float* c,
                         int64_t ldc, int nr, bool accumulate, const Epilogue* ep) {
  constexpr int MR = kNarrowMR;
  constexpr int64_t KC = 1024;  // a [KC][16] block of packed B is 64 KB: it stays in L2 across the row blocks
  for (int64_t pc = 0; pc < k; pc += KC) {
    const int64_t kc = std::min<int64_t>(KC, k - pc);
    const bool load_c = accumulate || pc > 0;
    const Epilogue* e = pc + kc >= k ? ep : nullptr;
    const float* ap = TA ? a + pc * lda : a + pc;
    for (int64_t i = r0; i < r1; i += MR) {
      const int mr = static_cast<int>(std::min<int64_t>(MR, r1 - i));
      narrow_n_block<V, TA>(mr, kc, TA ? ap + i : ap + i * lda, lda, bpack + pc * 8 * V, c + i * ldc, ldc, nr,
                            load_c, e);
    }
  }
}

void sgemm_narrow_n(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                    const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  const int V = n > 8 ? 2 : 1;
  const int64_t W = 8 * V;
  const int nr = static_cast<int>(n);
  // Blocks of kNarrowMR rows; at least 16k multiply-adds (of the padded width) per chunk.
  const int64_t blocks = ceil_div(m, kNarrowMR);
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, kNarrowMR * W * k));
  parallel_for(blocks, grain, [&](int64_t q0, int64_t q1) {
    // Each thread packs op(B) itself: k * W floats, less than its share of the work, and a copy packed by
    // another core would reach this one through the caches of both (several microseconds on [128,128]x[128,10]).
    thread_local ScratchBuffer<float> bbuf;
    float* bpack = bbuf.get(static_cast<size_t>(k * W));
    if (trans_b) {
      std::fill(bpack, bpack + k * W, 0.f);
      for (int64_t j = 0; j < n; j++) {
        const float* row = b + j * ldb;
        for (int64_t p = 0; p < k; p++) bpack[p * W + j] = row[p];
      }
    } else {
      // Masked loads (the lanes past n read nothing and give zeros), aligned stores.
      const __m256i m0 = lane_mask(nr);
      const __m256i m1 = lane_mask(nr - 8);
      for (int64_t p = 0; p < k; p++) {
        const float* row = b + p * ldb;
        _mm256_store_ps(bpack + p * W, _mm256_maskload_ps(row, m0));
        if (V == 2) _mm256_store_ps(bpack + p * W + 8, _mm256_maskload_ps(row + 8, m1));
      }
    }
    const int64_t r0 = q0 * kNarrowMR;
    const int64_t r1 = std::min<int64_t>(m, q1 * kNarrowMR);
    if (V == 2) {
      if (trans_a) sgemm_narrow_n_rows<2, true>(r0, r1, k, a, lda, bpack, c, ldc, nr, accumulate, ep);
      else sgemm_narrow_n_rows<2, false>(r0, r1, k, a, lda, bpack, c, ldc, nr, accumulate, ep);
    } else {
      if (trans_a) sgemm_narrow_n_rows<1, true>(r0, r1, k, a, lda, bpack, c, ldc, nr, accumulate, ep);
      else sgemm_narrow_n_rows<1, false>(r0, r1, k, a, lda, bpack, c, ldc, nr, accumulate, ep);
    }
  });
}

// ---------------------------------------------------------------- few columns: dot products along k

// C[rows, 0:n] for n <= 16 and op(A) = A (its rows contiguous along k), where narrow_dot_pays: each output is the
// dot product of a row of A with a column of op(B), 8 k at a time, so no lane is idle. [128,128]x[128,10] is then
// 128 * 16 * 10 vector FMAs, against 128 * 128 * 2 for 16-wide rows of which 10 lanes count (one thread: 60 ->
// 83 GFLOP/s; two: 101 -> 138). op(B)^T is read where it lies when B is stored transposed ([n, k]); otherwise each
// thread packs it to [n][k] (n * k floats, less than its share of the work).
// A block is R rows x C columns: R + C loads per R * C FMAs, R * C accumulators (8-12: the FMA latency is covered).

// The four sums of a0..a3 (8 lanes each), in lanes 0..3.
inline __m128 hsum4(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
  return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

constexpr int kDotTileW = 24;  // a tile row: 16 columns, and room for the 4-wide stores of the last group

// tile[i * kDotTileW + j] = dot(A row i, op(B) column j) for i < R, j < C. bt: op(B)^T, row j at bt + j * ldbt.
template <int R, int C>
void dot_block(int64_t k, const float* a, int64_t lda, const float* bt, int64_t ldbt, float* tile) {
  __m256 acc[R][C];
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) acc[i][j] = _mm256_setzero_ps();
  const int64_t k8 = k & ~int64_t{7};
  for (int64_t p = 0; p < k8; p += 8) {
    __m256 av[R];
    for (int i = 0; i < R; i++) av[i] = _mm256_loadu_ps(a + i * lda + p);
    for (int j = 0; j < C; j++) {
      __m256 bv = _mm256_loadu_ps(bt + j * ldbt + p);
      // In a register: GCC would otherwise fold the load into each of the R FMAs (R loads instead of one).
      asm("" : "+x"(bv));
      for (int i = 0; i < R; i++) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
    }
  }
  if (k8 < k) {  // the last k % 8: masked loads read nothing past the rows
    const __m256i mk = lane_mask(static_cast<int>(k - k8));
    __m256 av[R];
    for (int i = 0; i < R; i++) av[i] = _mm256_maskload_ps(a + i * lda + k8, mk);
    for (int j = 0; j < C; j++) {
      const __m256 bv = _mm256_maskload_ps(bt + j * ldbt + k8, mk);
      for (int i = 0; i < R; i++) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
    }
  }
  const __m256 z = _mm256_setzero_ps();
  for (int i = 0; i < R; i++) {
    for (int j = 0; j < C; j += 4) {
      const __m128 s = hsum4(acc[i][j], j + 1 < C ? acc[i][j + 1] : z, j + 2 < C ? acc[i][j + 2] : z,
                             j + 3 < C ? acc[i][j + 3] : z);
      _mm_storeu_ps(tile + i * kDotTileW + j, s);
    }
  }
}

// Rows per block for a group of C columns: 2 rows for 4-6 columns, more for fewer (8-12 accumulators in all).
constexpr int dot_rows_for(int c) { return c >= 4 ? 2 : (c == 3 ? 3 : (c == 2 ? 4 : 8)); }

template <int C>
void dot_group(int r, int64_t k, const float* a, int64_t lda, const float* bt, int64_t ldbt, float* tile) {
  constexpr int R = dot_rows_for(C);
  int i = 0;
  for (; i + R <= r; i += R) dot_block<R, C>(k, a + i * lda, lda, bt, ldbt, tile + i * kDotTileW);
  for (; i < r; i++) dot_block<1, C>(k, a + i * lda, lda, bt, ldbt, tile + i * kDotTileW);
}

void sgemm_narrow_dot_rows(int64_t r0, int64_t r1, int64_t n, int64_t k, const float* a, int64_t lda, const float* bt,
                           int64_t ldbt, float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  // Column groups of at most 6, as even as possible: 10 -> 5 + 5, 15 -> 5 + 5 + 5, 7 -> 4 + 3.
  const int nr = static_cast<int>(n);
  const int groups = (nr + 5) / 6;
  constexpr int kStrip = 24;  // rows per strip: a multiple of every dot_rows_for
  // Zeroed: the epilogue below reads whole 16-wide rows, of which only the first nr columns are written.
  alignas(32) float tile[kStrip * kDotTileW] = {};
  // The bias as two vectors (zeros past nr), loaded once.
  const __m256 bias0 = ep != nullptr && ep->bias != nullptr ? _mm256_maskload_ps(ep->bias, lane_mask(nr))
                                                             : _mm256_setzero_ps();
  const __m256 bias1 = ep != nullptr && ep->bias != nullptr && nr > 8
                           ? _mm256_maskload_ps(ep->bias + 8, lane_mask(nr - 8))
                           : _mm256_setzero_ps();
  for (int64_t i0 = r0; i0 < r1; i0 += kStrip) {
    const int rows = static_cast<int>(std::min<int64_t>(kStrip, r1 - i0));
    const float* ai = a + i0 * lda;
    int j0 = 0;
    for (int g = 0; g < groups; g++) {
      const int cols = (nr - j0) / (groups - g);
      const float* bj = bt + j0 * ldbt;
      float* tj = tile + j0;
      switch (cols) {
        case 6: dot_group<6>(rows, k, ai, lda, bj, ldbt, tj); break;
        case 5: dot_group<5>(rows, k, ai, lda, bj, ldbt, tj); break;
        case 4: dot_group<4>(rows, k, ai, lda, bj, ldbt, tj); break;
        case 3: dot_group<3>(rows, k, ai, lda, bj, ldbt, tj); break;
        case 2: dot_group<2>(rows, k, ai, lda, bj, ldbt, tj); break;
        default: dot_group<1>(rows, k, ai, lda, bj, ldbt, tj); break;
      }
      j0 += cols;
    }
    if (accumulate) {  // C is read: the general row finish (no caller accumulates today)
      for (int i = 0; i < rows; i++) {
        const float* t = tile + i * kDotTileW;
        finish_row16(c + (i0 + i) * ldc, _mm256_load_ps(t), _mm256_load_ps(t + 8), nr, true, ep, 0);
      }
      continue;
    }
    // Bias and activation on the tile, then the first nr columns of each row copied out: a call of finish_row16
    // per row, with its masks and element-by-element tail, was a sixth of [128,128]x[128,10].
    for (int i = 0; i < rows; i++) {
      float* t = tile + i * kDotTileW;
      if (ep != nullptr) {
        const __m256 v0 = _mm256_add_ps(_mm256_load_ps(t), bias0);
        const __m256 v1 = _mm256_add_ps(_mm256_load_ps(t + 8), bias1);
        _mm256_store_ps(t, activate256(v0, ep->activation, ep->alpha));
        _mm256_store_ps(t + 8, activate256(v1, ep->activation, ep->alpha));
      }
      store_row_prefix(c + (i0 + i) * ldc, t, nr);
    }
  }
}

// Whether the dot-product path is the faster one, from vector FMAs per row weighted by how fast each path runs
// them (fitted on 256-row products, one thread, n = 1..16 and k = 8..512): 16-wide rows reach ~80% of the FMA
// rate from 9 columns on, and 60% up to 8 (6 accumulators: FMA latency bound); dot products pay a horizontal sum
// per output, about two FMAs' worth. So 10 columns take dot products from k ~ 40 on, 8 columns from k ~ 64, and
// 14-16 columns never do.
bool narrow_dot_pays(bool trans_a, int64_t n, int64_t k) {
  if (trans_a) return false;
  const int64_t dot = 20 * ((k + 7) / 8 * n + 2 * n);
  const int64_t rows16 = k * ((n + 7) / 8) * (n <= 8 ? 25 : 19);
  return dot < rows16;
}

// t[j * ldt + p] = b[p * ldb + j] for j < n <= 16, p < k: 8x8 blocks transposed in registers, the last k % 8 rows
// one by one.
void pack_bt(int64_t n, int64_t k, const float* b, int64_t ldb, float* t, int64_t ldt) {
  const int64_t k8 = k & ~int64_t{7};
  for (int64_t j0 = 0; j0 < n; j0 += 8) {
    const int w = static_cast<int>(std::min<int64_t>(8, n - j0));
    const __m256i mw = lane_mask(w);
    for (int64_t p0 = 0; p0 < k8; p0 += 8) {
      __m256 r[8];
      for (int q = 0; q < 8; q++) r[q] = _mm256_maskload_ps(b + (p0 + q) * ldb + j0, mw);
      transpose8x8(r);
      for (int q = 0; q < w; q++) _mm256_store_ps(t + (j0 + q) * ldt + p0, r[q]);
    }
  }
  for (int64_t p = k8; p < k; p++) {
    for (int64_t j = 0; j < n; j++) t[j * ldt + p] = b[p * ldb + j];
  }
}

void sgemm_narrow_dot(bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                      int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  // Blocks of 8 rows (a multiple of every dot_rows_for); at least 16k multiply-adds per chunk.
  constexpr int64_t kRows = 8;
  const int64_t blocks = ceil_div(m, kRows);
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, kRows * n * k));
  parallel_for(blocks, grain, [&](int64_t q0, int64_t q1) {
    const float* bt = b;
    int64_t ldbt = ldb;
    if (!trans_b) {
      thread_local ScratchBuffer<float> bbuf;
      ldbt = (k + 7) & ~int64_t{7};  // rows 32-byte aligned
      float* t = bbuf.get(static_cast<size_t>(n * ldbt));
      pack_bt(n, k, b, ldb, t, ldbt);
      bt = t;
    }
    sgemm_narrow_dot_rows(q0 * kRows, std::min<int64_t>(m, q1 * kRows), n, k, a, lda, bt, ldbt, c, ldc, accumulate,
                          ep);
  });
}

// Below this many multiply-adds the product runs on one thread (waking the pool costs more).
constexpr int64_t kParallelWork = int64_t{1} << 20;

}  // namespace

// Returns false when this path does not handle the call (the portable path then runs).
bool sgemm_avx2(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue) {
  if (m <= 0 || n <= 0) return true;
  const Epilogue* ep = effective_epilogue(epilogue);
  if (k > 0 && m <= 4) {
    sgemm_small_m(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, ep);
    return true;
  }
  if (k > 0 && n <= 16 && narrow_dot_pays(trans_a, n, k)) {
    sgemm_narrow_dot(trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, ep);
    return true;
  }
  if (k > 0 && n <= 16) {
    sgemm_narrow_n(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, ep);
    return true;
  }
  BlockedGemm<KernelF32>::run(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, ep, kParallelWork);
  return true;
}

bool dgemm_avx2(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda,
                const double* b, int64_t ldb, double* c, int64_t ldc, bool accumulate) {
  BlockedGemm<KernelF64>::run(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, nullptr,
                              kParallelWork / 2);
  return true;
}

}  // namespace fx
