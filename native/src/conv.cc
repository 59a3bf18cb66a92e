// Convolution kernels (channels-last; a 2-D convolution is a 3-D one with depth 1).
//
// conv forward / backprop: im2col over chunks of output positions (the rows of the patch matrix),
// each chunk's GEMM by fx::sgemm. Chunks run in parallel on the pool (the GEMM inside a chunk is
// then single-threaded); the im2col buffer of a chunk stays near kColsBytes so it lives in L2.
//   forward:         y[rows, O]  = cols[rows, K] · w[K, O]
//   backprop input:  cols[rows, K] = dy[rows, O] · wᵀ, scattered back by col2im (chunks of one
//                    image run on one thread, so the scatter never races)
//   backprop filter: dw[K, O] = Σ colsᵀ · dy, each chunk's product added into a float64
//                    accumulator per thread (the sum over batch x positions is long)
// Pointwise (1x1, stride 1, no padding) convolutions use x itself as the patch matrix, and short
// patches (first layers: 3x3 over 1 or 3 channels) use a direct kernel instead of im2col + GEMM.
// Depthwise kernels are direct loops over rows (conv_leaf.inc).
#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "conv.h"
#include "cpu_features.h"
#include "gemm.h"
#include "pool.h"

namespace fx {

namespace portable {

#define FX_MADD(a, b, c) ((a) * (b) + (c))
#include "conv_leaf.inc"
#undef FX_MADD

void conv_direct_row(const ConvGeom& g, const float* x_img, const float* w, float* y_row, int64_t od, int64_t oh) {
  const int64_t o_n = g.out_c, c_in = g.in_c;
  const int64_t d0 = od * g.s_d - g.p_d, h0 = oh * g.s_h - g.p_h;
  for (int64_t ow = 0; ow < g.out_w; ow++) {
    float* __restrict yp = y_row + ow * o_n;
    for (int64_t o = 0; o < o_n; o++) yp[o] = 0.f;
    const int64_t w0 = ow * g.s_w - g.p_w;
    for (int64_t kd = 0; kd < g.f_d; kd++) {
      const int64_t id = d0 + kd * g.dl_d;
      if (id < 0 || id >= g.in_d) continue;
      for (int64_t kh = 0; kh < g.f_h; kh++) {
        const int64_t ih = h0 + kh * g.dl_h;
        if (ih < 0 || ih >= g.in_h) continue;
        for (int64_t kw = 0; kw < g.f_w; kw++) {
          const int64_t iw = w0 + kw * g.dl_w;
          if (iw < 0 || iw >= g.in_w) continue;
          const float* xp = x_img + ((id * g.in_h + ih) * g.in_w + iw) * c_in;
          const float* wp = w + ((kd * g.f_h + kh) * g.f_w + kw) * c_in * o_n;
          for (int64_t c = 0; c < c_in; c++) {
            const float v = xp[c];
            const float* __restrict wr = wp + c * o_n;
            for (int64_t o = 0; o < o_n; o++) yp[o] += v * wr[o];
          }
        }
      }
    }
  }
}

}  // namespace portable

namespace {

constexpr int64_t kColsBytes = 256 * 1024;  // im2col chunk size target (L2 is 512 KB per core)
constexpr int64_t kGrainMacs = 1 << 16;     // about 20-50 µs of work per parallel chunk
constexpr int64_t kFilterChunkRows = 256;   // positions summed in float32 by one filter-gradient GEMM

// Items per parallel chunk when one item costs `work` multiply-adds (computed in double: the
// factors are validated one by one, not their product).
int64_t grain_for(double work) {
  return work >= kGrainMacs ? 1 : static_cast<int64_t>(kGrainMacs / std::max(work, 1.0));
}

int64_t positions(const ConvGeom& g) { return g.out_d * g.out_h * g.out_w; }
int64_t patch(const ConvGeom& g) { return g.f_d * g.f_h * g.f_w * g.in_c; }
int64_t image_size(const ConvGeom& g) { return g.in_d * g.in_h * g.in_w * g.in_c; }

bool is_pointwise(const ConvGeom& g) {
  return g.f_d == 1 && g.f_h == 1 && g.f_w == 1 && g.s_d == 1 && g.s_h == 1 && g.s_w == 1 && g.p_d == 0 &&
         g.p_h == 0 && g.p_w == 0 && g.out_d == g.in_d && g.out_h == g.in_h && g.out_w == g.in_w;
}

// Rows per im2col chunk: about kColsBytes of patches, and at least `min_tasks` chunks when the
// work allows it (so that every thread gets some).
int64_t chunk_rows(int64_t total_rows, int64_t k, int64_t min_tasks) {
  int64_t step = std::clamp<int64_t>(kColsBytes / (4 * std::max<int64_t>(k, 1)), 16, 4096);
  if (min_tasks > 1) {
    const int64_t balanced = (total_rows + min_tasks - 1) / min_tasks;
    step = std::min(step, std::max<int64_t>(balanced, 16));
  }
  return std::max<int64_t>(1, std::min(step, std::max<int64_t>(total_rows, 1)));
}

// Valid kw range [lo, hi) of a filter row whose first tap is at input column w0 (dilation 1).
inline void kw_range(const ConvGeom& g, int64_t w0, int64_t* lo, int64_t* hi) {
  *lo = std::clamp<int64_t>(-w0, 0, g.f_w);
  *hi = std::clamp<int64_t>(g.in_w - w0, *lo, g.f_w);
}

// Splits global row r (= n * positions + p) into its image and output coordinates.
struct RowPos {
  int64_t n, d0, h0, w0;
};
inline RowPos row_pos(const ConvGeom& g, int64_t r) {
  const int64_t p_all = positions(g), plane = g.out_h * g.out_w;
  const int64_t n = r / p_all, p = r % p_all;
  const int64_t od = p / plane, rem = p % plane;
  const int64_t oh = rem / g.out_w, ow = rem % g.out_w;
  return {n, od * g.s_d - g.p_d, oh * g.s_h - g.p_h, ow * g.s_w - g.p_w};
}

// cols[r1 - r0, K]: the patches of global rows [r0, r1); taps in the padding are zeros.
void im2col(const ConvGeom& g, const float* x, int64_t r0, int64_t r1, float* cols) {
  const int64_t c_in = g.in_c, row_len = g.f_w * c_in;
  float* dst = cols;
  for (int64_t r = r0; r < r1; r++) {
    const RowPos rp = row_pos(g, r);
    const float* xi = x + rp.n * image_size(g);
    for (int64_t kd = 0; kd < g.f_d; kd++) {
      const int64_t id = rp.d0 + kd * g.dl_d;
      if (id < 0 || id >= g.in_d) {
        std::fill(dst, dst + g.f_h * row_len, 0.f);
        dst += g.f_h * row_len;
        continue;
      }
      for (int64_t kh = 0; kh < g.f_h; kh++) {
        const int64_t ih = rp.h0 + kh * g.dl_h;
        if (ih < 0 || ih >= g.in_h) {
          std::fill(dst, dst + row_len, 0.f);
          dst += row_len;
          continue;
        }
        const float* xrow = xi + (id * g.in_h + ih) * g.in_w * c_in;
        if (g.dl_w == 1) {
          int64_t lo, hi;
          kw_range(g, rp.w0, &lo, &hi);
          std::fill(dst, dst + lo * c_in, 0.f);
          if (hi > lo) std::memcpy(dst + lo * c_in, xrow + (rp.w0 + lo) * c_in, sizeof(float) * (hi - lo) * c_in);
          std::fill(dst + hi * c_in, dst + row_len, 0.f);
        } else {
          for (int64_t kw = 0; kw < g.f_w; kw++) {
            const int64_t iw = rp.w0 + kw * g.dl_w;
            if (iw < 0 || iw >= g.in_w) {
              std::fill(dst + kw * c_in, dst + (kw + 1) * c_in, 0.f);
            } else {
              std::memcpy(dst + kw * c_in, xrow + iw * c_in, sizeof(float) * c_in);
            }
          }
        }
        dst += row_len;
      }
    }
  }
}

// Adds the patch gradients cols[r1 - r0, K] of global rows [r0, r1) onto dx.
void col2im(const ConvGeom& g, const float* cols, int64_t r0, int64_t r1, float* dx) {
  const int64_t c_in = g.in_c, row_len = g.f_w * c_in;
  const float* src = cols;
  for (int64_t r = r0; r < r1; r++) {
    const RowPos rp = row_pos(g, r);
    float* xi = dx + rp.n * image_size(g);
    for (int64_t kd = 0; kd < g.f_d; kd++) {
      const int64_t id = rp.d0 + kd * g.dl_d;
      if (id < 0 || id >= g.in_d) {
        src += g.f_h * row_len;
        continue;
      }
      for (int64_t kh = 0; kh < g.f_h; kh++) {
        const int64_t ih = rp.h0 + kh * g.dl_h;
        if (ih >= 0 && ih < g.in_h) {
          float* __restrict xrow = xi + (id * g.in_h + ih) * g.in_w * c_in;
          if (g.dl_w == 1) {
            int64_t lo, hi;
            kw_range(g, rp.w0, &lo, &hi);
            float* __restrict d = xrow + (rp.w0 + lo) * c_in;
            const float* __restrict s = src + lo * c_in;
            const int64_t len = (hi - lo) * c_in;
            for (int64_t i = 0; i < len; i++) d[i] += s[i];
          } else {
            for (int64_t kw = 0; kw < g.f_w; kw++) {
              const int64_t iw = rp.w0 + kw * g.dl_w;
              if (iw < 0 || iw >= g.in_w) continue;
              float* __restrict d = xrow + iw * c_in;
              const float* __restrict s = src + kw * c_in;
              for (int64_t c = 0; c < c_in; c++) d[c] += s[c];
            }
          }
        }
        src += row_len;
      }
    }
  }
}

using DirectRowFn = void (*)(const ConvGeom&, const float*, const float*, float*, int64_t, int64_t);

DirectRowFn direct_row_fn() {
#if defined(FLUXION_HAVE_AVX2)
  if (use_avx2()) return avx2::conv_direct_row;
#endif
  return portable::conv_direct_row;
}

}  // namespace

void conv_forward_f32(const ConvGeom& g, const float* x, const float* w, float* y) {
  const int64_t p_all = positions(g), k = patch(g), o_n = g.out_c, rows = g.batch * p_all;
  if (rows == 0 || o_n == 0) return;
  if (k == 0) {
    std::fill(y, y + rows * o_n, 0.f);
    return;
  }
  if (g.f_d * g.f_h * g.f_w <= kDirectMaxTaps && k <= kDirectMaxPatch) {
    const DirectRowFn leaf = direct_row_fn();
    const int64_t planes = g.out_d * g.out_h;
    const int64_t grain = grain_for(static_cast<double>(g.out_w) * k * o_n);
    parallel_for(g.batch * planes, grain, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; r++) {
        const int64_t n = r / planes, od = (r % planes) / g.out_h, oh = r % g.out_h;
        leaf(g, x + n * image_size(g), w, y + r * g.out_w * o_n, od, oh);
      }
    });
    return;
  }
  if (is_pointwise(g)) {
    sgemm(false, false, rows, o_n, k, x, k, w, o_n, y, o_n, false);
    return;
  }
  const int64_t step = chunk_rows(rows, k, 2 * num_threads());
  const int64_t tasks = (rows + step - 1) / step;
  parallel_for(tasks, 1, [&](int64_t b, int64_t e) {
    std::vector<float> cols(static_cast<size_t>(step * k));
    for (int64_t t = b; t < e; t++) {
      const int64_t r0 = t * step, r1 = std::min(rows, r0 + step);
      im2col(g, x, r0, r1, cols.data());
      sgemm(false, false, r1 - r0, o_n, k, cols.data(), k, w, o_n, y + r0 * o_n, o_n, false);
    }
  });
}

void conv_backprop_input_f32(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const int64_t p_all = positions(g), k = patch(g), o_n = g.out_c, rows = g.batch * p_all;
  const int64_t img = image_size(g);
  if (rows == 0 || k == 0 || o_n == 0) {
    std::fill(dx, dx + g.batch * img, 0.f);
    return;
  }
  if (is_pointwise(g)) {
    sgemm(false, true, rows, k, o_n, dy, o_n, w, o_n, dx, k, false);
    return;
  }
  const int64_t step = chunk_rows(p_all, k, 1);
  // One image per task: col2im of different images never overlaps. With one image the GEMM
  // threads itself (a parallel_for of one item runs inline, outside the pool).
  parallel_for(g.batch, 1, [&](int64_t b, int64_t e) {
    std::vector<float> cols(static_cast<size_t>(step * k));
    for (int64_t n = b; n < e; n++) {
      std::fill(dx + n * img, dx + (n + 1) * img, 0.f);
      for (int64_t p0 = 0; p0 < p_all; p0 += step) {
        const int64_t r0 = n * p_all + p0, r1 = n * p_all + std::min(p_all, p0 + step);
        sgemm(false, true, r1 - r0, k, o_n, dy + r0 * o_n, o_n, w, o_n, cols.data(), k, false);
        col2im(g, cols.data(), r0, r1, dx);
      }
    }
  });
}

void conv_backprop_filter_f32(const ConvGeom& g, const float* x, const float* dy, float* dw) {
  const int64_t p_all = positions(g), k = patch(g), o_n = g.out_c, rows = g.batch * p_all;
  const int64_t ko = k * o_n;
  if (ko == 0) return;
  if (rows == 0) {
    std::fill(dw, dw + ko, 0.f);
    return;
  }
  const bool pointwise = is_pointwise(g);
#if defined(FLUXION_HAVE_AVX2)
  const bool short_patch = use_avx2() && k <= kDirectMaxPatch;
#else
  const bool short_patch = false;
#endif
  // At most kFilterChunkRows positions per float32 GEMM: the long sum over positions is then
  // mostly carried by the float64 accumulators.
  const int64_t step = std::min(kFilterChunkRows, chunk_rows(rows, k, 2 * num_threads()));
  const int64_t tasks = (rows + step - 1) / step;
  const int64_t slots = std::max<int64_t>(1, std::min<int64_t>(num_threads(), tasks));
  std::vector<double> acc(static_cast<size_t>(slots * ko), 0.0);
  parallel_for(slots, 1, [&](int64_t b, int64_t e) {
    std::vector<float> cols(pointwise ? 0 : static_cast<size_t>(step * k));
    std::vector<float> part(static_cast<size_t>(ko));
    for (int64_t s = b; s < e; s++) {
      double* as = acc.data() + s * ko;
      for (int64_t t = s * tasks / slots; t < (s + 1) * tasks / slots; t++) {
        const int64_t r0 = t * step, r1 = std::min(rows, r0 + step);
        const float* a = x + r0 * k;
        if (!pointwise) {
          im2col(g, x, r0, r1, cols.data());
          a = cols.data();
        }
        if (short_patch) {
#if defined(FLUXION_HAVE_AVX2)
          avx2::gemm_tn_short(a, dy + r0 * o_n, r1 - r0, k, o_n, part.data());
#endif
        } else {
          sgemm(true, false, k, o_n, r1 - r0, a, k, dy + r0 * o_n, o_n, part.data(), o_n, false);
        }
        for (int64_t i = 0; i < ko; i++) as[i] += part[i];
      }
    }
  });
  for (int64_t i = 0; i < ko; i++) {
    double s = 0.0;
    for (int64_t sl = 0; sl < slots; sl++) s += acc[sl * ko + i];
    dw[i] = static_cast<float>(s);
  }
}

// ------------------------------------------------------------------ depthwise

namespace {

template <typename T>
void dw_forward_leaf(const ConvGeom& g, const T* x_img, const T* w, T* y_row, int64_t oh) {
  if constexpr (std::is_same_v<T, float>) {
#if defined(FLUXION_HAVE_AVX2)
    if (use_avx2()) return avx2::dw_forward_row(g, x_img, w, y_row, oh);
#endif
    portable::dw_forward_row(g, x_img, w, y_row, oh);
  } else {
    portable::dw_forward_row_t<T>(g, x_img, w, y_row, oh);
  }
}

template <typename T>
void dw_backprop_input_leaf(const ConvGeom& g, const T* dy_img, const T* w, T* dx_row, int64_t ih) {
  if constexpr (std::is_same_v<T, float>) {
#if defined(FLUXION_HAVE_AVX2)
    if (use_avx2()) return avx2::dw_backprop_input_row(g, dy_img, w, dx_row, ih);
#endif
    portable::dw_backprop_input_row(g, dy_img, w, dx_row, ih);
  } else {
    portable::dw_backprop_input_row_t<T>(g, dy_img, w, dx_row, ih);
  }
}

template <typename T>
void dw_backprop_filter_leaf(const ConvGeom& g, const T* x_img, const T* dy_row, T* dw, int64_t oh) {
  if constexpr (std::is_same_v<T, float>) {
#if defined(FLUXION_HAVE_AVX2)
    if (use_avx2()) return avx2::dw_backprop_filter_row(g, x_img, dy_row, dw, oh);
#endif
    portable::dw_backprop_filter_row(g, x_img, dy_row, dw, oh);
  } else {
    portable::dw_backprop_filter_row_t<T>(g, x_img, dy_row, dw, oh);
  }
}

int64_t dw_grain(const ConvGeom& g, int64_t width) {
  return grain_for(static_cast<double>(width) * g.f_h * g.f_w * g.in_c * g.out_c);
}

}  // namespace

template <typename T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, T* y) {
  const int64_t img = g.in_h * g.in_w * g.in_c, y_row = g.out_w * g.in_c * g.out_c;
  parallel_for(g.batch * g.out_h, dw_grain(g, g.out_w), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) dw_forward_leaf<T>(g, x + (r / g.out_h) * img, w, y + r * y_row, r % g.out_h);
  });
}

template <typename T>
void depthwise_backprop_input(const ConvGeom& g, const T* dy, const T* w, T* dx) {
  const int64_t dy_img = g.out_h * g.out_w * g.in_c * g.out_c, dx_row = g.in_w * g.in_c;
  parallel_for(g.batch * g.in_h, dw_grain(g, g.in_w), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) {
      dw_backprop_input_leaf<T>(g, dy + (r / g.in_h) * dy_img, w, dx + r * dx_row, r % g.in_h);
    }
  });
}

// Per output row, the products are summed in a row buffer of T and then added into a float64
// accumulator per thread; the threads' accumulators are summed at the end.
template <typename T>
void depthwise_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw) {
  const int64_t f_n = g.f_h * g.f_w * g.in_c * g.out_c;
  if (f_n == 0) return;
  const int64_t rows = g.batch * g.out_h;
  const int64_t img = g.in_h * g.in_w * g.in_c, dy_row = g.out_w * g.in_c * g.out_c;
  const int64_t grain = dw_grain(g, g.out_w);
  const int64_t slots = std::max<int64_t>(1, std::min<int64_t>(num_threads(), rows / grain));
  std::vector<double> acc(static_cast<size_t>(slots * f_n), 0.0);
  parallel_for(slots, 1, [&](int64_t b, int64_t e) {
    std::vector<T> buf(static_cast<size_t>(f_n));
    for (int64_t s = b; s < e; s++) {
      double* as = acc.data() + s * f_n;
      for (int64_t r = s * rows / slots; r < (s + 1) * rows / slots; r++) {
        std::fill(buf.begin(), buf.end(), T(0));
        dw_backprop_filter_leaf<T>(g, x + (r / g.out_h) * img, dy + r * dy_row, buf.data(), r % g.out_h);
        for (int64_t i = 0; i < f_n; i++) as[i] += buf[i];
      }
    }
  });
  for (int64_t i = 0; i < f_n; i++) {
    double s = 0.0;
    for (int64_t sl = 0; sl < slots; sl++) s += acc[sl * f_n + i];
    dw[i] = static_cast<T>(s);
  }
}

template void depthwise_forward<float>(const ConvGeom&, const float*, const float*, float*);
template void depthwise_forward<double>(const ConvGeom&, const double*, const double*, double*);
template void depthwise_backprop_input<float>(const ConvGeom&, const float*, const float*, float*);
template void depthwise_backprop_input<double>(const ConvGeom&, const double*, const double*, double*);
template void depthwise_backprop_filter<float>(const ConvGeom&, const float*, const float*, float*);
template void depthwise_backprop_filter<double>(const ConvGeom&, const double*, const double*, double*);

}  // namespace fx
