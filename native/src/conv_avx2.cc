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

// Direct convolution for short patches (at most kDirectMaxTaps taps): for each output pixel the
// valid taps are listed once, then blocks of 32 output channels accumulate in four registers
// (a broadcast input value times a row of the filter).
void conv_direct_row(const ConvGeom& g, const float* x_img, const float* w, float* y_row, int64_t od, int64_t oh) {
  const int64_t o_n = g.out_c, c_in = g.in_c;
  const int64_t d0 = od * g.s_d - g.p_d, h0 = oh * g.s_h - g.p_h;
  int64_t xoff[kDirectMaxTaps];
  int64_t woff[kDirectMaxTaps];
  for (int64_t ow = 0; ow < g.out_w; ow++) {
    const int64_t w0 = ow * g.s_w - g.p_w;
    int taps = 0;
    for (int64_t kd = 0; kd < g.f_d; kd++) {
      const int64_t id = d0 + kd * g.dl_d;
      if (id < 0 || id >= g.in_d) continue;
      for (int64_t kh = 0; kh < g.f_h; kh++) {
        const int64_t ih = h0 + kh * g.dl_h;
        if (ih < 0 || ih >= g.in_h) continue;
        for (int64_t kw = 0; kw < g.f_w; kw++) {
          const int64_t iw = w0 + kw * g.dl_w;
          if (iw < 0 || iw >= g.in_w) continue;
          xoff[taps] = ((id * g.in_h + ih) * g.in_w + iw) * c_in;
          woff[taps] = ((kd * g.f_h + kh) * g.f_w + kw) * c_in * o_n;
          taps++;
        }
      }
    }
    float* yp = y_row + ow * o_n;
    int64_t ob = 0;
    for (; ob + 32 <= o_n; ob += 32) {
      __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
      for (int t = 0; t < taps; t++) {
        const float* xp = x_img + xoff[t];
        const float* wp = w + woff[t] + ob;
        for (int64_t c = 0; c < c_in; c++) {
          const __m256 v = _mm256_broadcast_ss(xp + c);
          const float* wr = wp + c * o_n;
          a0 = _mm256_fmadd_ps(v, _mm256_loadu_ps(wr), a0);
          a1 = _mm256_fmadd_ps(v, _mm256_loadu_ps(wr + 8), a1);
          a2 = _mm256_fmadd_ps(v, _mm256_loadu_ps(wr + 16), a2);
          a3 = _mm256_fmadd_ps(v, _mm256_loadu_ps(wr + 24), a3);
        }
      }
      _mm256_storeu_ps(yp + ob, a0);
      _mm256_storeu_ps(yp + ob + 8, a1);
      _mm256_storeu_ps(yp + ob + 16, a2);
      _mm256_storeu_ps(yp + ob + 24, a3);
    }
    for (; ob + 8 <= o_n; ob += 8) {
      __m256 a0 = _mm256_setzero_ps();
      for (int t = 0; t < taps; t++) {
        const float* xp = x_img + xoff[t];
        const float* wp = w + woff[t] + ob;
        for (int64_t c = 0; c < c_in; c++) a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(xp + c), _mm256_loadu_ps(wp + c * o_n), a0);
      }
      _mm256_storeu_ps(yp + ob, a0);
    }
    for (; ob < o_n; ob++) {
      float s = 0.f;
      for (int t = 0; t < taps; t++) {
        const float* xp = x_img + xoff[t];
        const float* wp = w + woff[t] + ob;
        for (int64_t c = 0; c < c_in; c++) s = __builtin_fmaf(xp[c], wp[c * o_n], s);
      }
      yp[ob] = s;
    }
  }
}

}  // namespace avx2
}  // namespace fx
