// AVX2+FMA conv leaf kernels (compiled with -mavx2 -mfma; called only when cpuid reports both).
// No standard-library templates here: see conv.h about inline code compiled in two instruction sets.
#include <immintrin.h>

#include <cstdint>

#include "conv.h"

namespace fx {
namespace avx2 {

#define FX_MADD(a, b, c) __builtin_fmaf((a), (b), (c))
#include "conv_leaf.inc"
#undef FX_MADD

// Direct convolution for short patches (at most kDirectMaxTaps taps): the valid (kd, kh) filter
// rows of the output row are listed once; per pixel only the valid kw range varies. Blocks of 32
// output channels accumulate in registers (a broadcast input value times a row of the filter);
// two interior pixels at a time share each load of the filter.
namespace {

struct RowTaps {
  int n = 0;
  const float* x[kDirectMaxTaps];  // start of input row (id, ih)
  int64_t w[kDirectMaxTaps];       // offset of filter row (kd, kh, kw = 0)
};

inline void kw_valid(const ConvGeom& g, int64_t w0, int64_t* lo, int64_t* hi) {
  // kw is valid when 0 <= w0 + kw * dl_w < in_w.
  int64_t l = 0;
  if (w0 < 0) l = (-w0 + g.dl_w - 1) / g.dl_w;
  int64_t h = 0;
  if (g.in_w - w0 > 0) h = (g.in_w - w0 + g.dl_w - 1) / g.dl_w;
  if (h > g.f_w) h = g.f_w;
  if (l > h) l = h;
  *lo = l;
  *hi = h;
}

// One pixel, output channels [ob, ob + 8 * NV) (NV vectors), taps from `rt`, kw in [lo, hi).
template <int NV>
inline void direct_pixel(const ConvGeom& g, const RowTaps& rt, const float* w, int64_t w0, int64_t lo, int64_t hi,
                         int64_t ob, float* yp) {
  const int64_t o_n = g.out_c, c_in = g.in_c;
  __m256 a[NV];
  for (int v = 0; v < NV; v++) a[v] = _mm256_setzero_ps();
  for (int t = 0; t < rt.n; t++) {
    for (int64_t kw = lo; kw < hi; kw++) {
      const float* xp = rt.x[t] + (w0 + kw * g.dl_w) * c_in;
      const float* wp = w + rt.w[t] + kw * c_in * o_n + ob;
      for (int64_t c = 0; c < c_in; c++) {
        const __m256 xv = _mm256_broadcast_ss(xp + c);
        for (int v = 0; v < NV; v++) a[v] = _mm256_fmadd_ps(xv, _mm256_loadu_ps(wp + c * o_n + 8 * v), a[v]);
      }
    }
  }
  for (int v = 0; v < NV; v++) _mm256_storeu_ps(yp + ob + 8 * v, a[v]);
}

// Two interior pixels (all kw valid) whose first input columns are w0 and w0 + s_w.
inline void direct_pair32(const ConvGeom& g, const RowTaps& rt, const float* w, int64_t w0, int64_t ob, float* yp0,
                          float* yp1) {
  const int64_t o_n = g.out_c, c_in = g.in_c, step = g.s_w * c_in;
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
  __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
  for (int t = 0; t < rt.n; t++) {
    for (int64_t kw = 0; kw < g.f_w; kw++) {
      const float* xp = rt.x[t] + (w0 + kw * g.dl_w) * c_in;
      const float* wp = w + rt.w[t] + kw * c_in * o_n + ob;
      for (int64_t c = 0; c < c_in; c++) {
        const __m256 x0 = _mm256_broadcast_ss(xp + c), x1 = _mm256_broadcast_ss(xp + step + c);
        const float* wr = wp + c * o_n;
        const __m256 w0v = _mm256_loadu_ps(wr), w1v = _mm256_loadu_ps(wr + 8);
        const __m256 w2v = _mm256_loadu_ps(wr + 16), w3v = _mm256_loadu_ps(wr + 24);
        a0 = _mm256_fmadd_ps(x0, w0v, a0);
        a1 = _mm256_fmadd_ps(x0, w1v, a1);
        a2 = _mm256_fmadd_ps(x0, w2v, a2);
        a3 = _mm256_fmadd_ps(x0, w3v, a3);
        b0 = _mm256_fmadd_ps(x1, w0v, b0);
        b1 = _mm256_fmadd_ps(x1, w1v, b1);
        b2 = _mm256_fmadd_ps(x1, w2v, b2);
        b3 = _mm256_fmadd_ps(x1, w3v, b3);
      }
    }
  }
  _mm256_storeu_ps(yp0 + ob, a0);
  _mm256_storeu_ps(yp0 + ob + 8, a1);
  _mm256_storeu_ps(yp0 + ob + 16, a2);
  _mm256_storeu_ps(yp0 + ob + 24, a3);
  _mm256_storeu_ps(yp1 + ob, b0);
  _mm256_storeu_ps(yp1 + ob + 8, b1);
  _mm256_storeu_ps(yp1 + ob + 16, b2);
  _mm256_storeu_ps(yp1 + ob + 24, b3);
}

}  // namespace

void conv_direct_row(const ConvGeom& g, const float* x_img, const float* w, float* y_row, int64_t od, int64_t oh) {
  const int64_t o_n = g.out_c, c_in = g.in_c;
  const int64_t d0 = od * g.s_d - g.p_d, h0 = oh * g.s_h - g.p_h;
  RowTaps rt;
  for (int64_t kd = 0; kd < g.f_d; kd++) {
    const int64_t id = d0 + kd * g.dl_d;
    if (id < 0 || id >= g.in_d) continue;
    for (int64_t kh = 0; kh < g.f_h; kh++) {
      const int64_t ih = h0 + kh * g.dl_h;
      if (ih < 0 || ih >= g.in_h) continue;
      rt.x[rt.n] = x_img + (id * g.in_h + ih) * g.in_w * c_in;
      rt.w[rt.n] = (kd * g.f_h + kh) * g.f_w * c_in * o_n;
      rt.n++;
    }
  }
  for (int64_t ow = 0; ow < g.out_w; ow++) {
    const int64_t w0 = ow * g.s_w - g.p_w;
    int64_t lo, hi;
    kw_valid(g, w0, &lo, &hi);
    float* yp = y_row + ow * o_n;
    int64_t ob = 0;
    // A pair of interior pixels when this one and the next have every kw valid.
    if (o_n % 32 == 0 && ow + 1 < g.out_w && lo == 0 && hi == g.f_w && w0 + g.s_w + (g.f_w - 1) * g.dl_w < g.in_w) {
      for (; ob < o_n; ob += 32) direct_pair32(g, rt, w, w0, ob, yp, yp + o_n);
      ow++;
      continue;
    }
    for (; ob + 32 <= o_n; ob += 32) direct_pixel<4>(g, rt, w, w0, lo, hi, ob, yp);
    for (; ob + 8 <= o_n; ob += 8) direct_pixel<1>(g, rt, w, w0, lo, hi, ob, yp);
    for (; ob < o_n; ob++) {
      float s = 0.f;
      for (int t = 0; t < rt.n; t++) {
        for (int64_t kw = lo; kw < hi; kw++) {
          const float* xp = rt.x[t] + (w0 + kw * g.dl_w) * c_in;
          const float* wp = w + rt.w[t] + kw * c_in * o_n + ob;
          for (int64_t c = 0; c < c_in; c++) s = __builtin_fmaf(xp[c], wp[c * o_n], s);
        }
      }
      yp[ob] = s;
    }
  }
}

namespace {

template <int KN>
void tn_block(const float* a, int64_t k, const float* b, int64_t o_n, int64_t rows, int64_t kb, int64_t ob,
              __m256i mask, bool full, float* c) {
  __m256 acc[KN];
  for (int j = 0; j < KN; j++) acc[j] = _mm256_setzero_ps();
  for (int64_t r = 0; r < rows; r++) {
    const float* bp = b + r * o_n + ob;
    const __m256 bv = full ? _mm256_loadu_ps(bp) : _mm256_maskload_ps(bp, mask);
    const float* ar = a + r * k + kb;
    for (int j = 0; j < KN; j++) acc[j] = _mm256_fmadd_ps(_mm256_broadcast_ss(ar + j), bv, acc[j]);
  }
  for (int j = 0; j < KN; j++) {
    float* cp = c + (kb + j) * o_n + ob;
    if (full) {
      _mm256_storeu_ps(cp, acc[j]);
    } else {
      _mm256_maskstore_ps(cp, mask, acc[j]);
    }
  }
}

}  // namespace

void gemm_tn_short(const float* a, const float* b, int64_t rows, int64_t k, int64_t o_n, float* c) {
  for (int64_t ob = 0; ob < o_n; ob += 8) {
    const int64_t n = o_n - ob < 8 ? o_n - ob : 8;
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const bool full = n == 8;
    for (int64_t kb = 0; kb < k; kb += 12) {
      switch (k - kb < 12 ? k - kb : 12) {
        case 1: tn_block<1>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 2: tn_block<2>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 3: tn_block<3>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 4: tn_block<4>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 5: tn_block<5>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 6: tn_block<6>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 7: tn_block<7>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 8: tn_block<8>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 9: tn_block<9>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 10: tn_block<10>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        case 11: tn_block<11>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
        default: tn_block<12>(a, k, b, o_n, rows, kb, ob, mask, full, c); break;
      }
    }
  }
}

}  // namespace avx2
}  // namespace fx
