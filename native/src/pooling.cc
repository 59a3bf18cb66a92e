// Pooling kernels (channels-last; a 2-D pool is a 3-D one with depth 1). The loops run over the
// window's positions in scan order and, inside, over the contiguous channels, which the compiler
// vectorizes; pooling is memory-bound, so the baseline (SSE2 / NEON) vectors suffice.
//
// Forward kernels and maxPoolGradGrad (gathers) run in parallel over output rows; the scatters
// maxPoolGrad and avgPoolGrad run in parallel over images, whose outputs never overlap.
// Accumulation order is the js reference's (outputs in order, window positions in scan order).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "conv.h"
#include "pool.h"

namespace fx {
namespace {

constexpr int64_t kGrainOps = 1 << 15;

struct Window {
  int64_t d_lo, d_hi, h_lo, h_hi, w_lo, w_hi;
  bool empty() const { return d_lo >= d_hi || h_lo >= h_hi || w_lo >= w_hi; }
  int64_t count() const { return empty() ? 0 : (d_hi - d_lo) * (h_hi - h_lo) * (w_hi - w_lo); }
};

inline void clip(int64_t o, int64_t stride, int64_t pad, int64_t filter, int64_t size, int64_t* lo, int64_t* hi) {
  const int64_t start = o * stride - pad;
  *lo = std::max<int64_t>(0, start);
  *hi = std::min<int64_t>(size, start + filter);
}

inline Window window(const PoolGeom& g, int64_t od, int64_t oh, int64_t ow) {
  Window wd{};
  clip(od, g.s_d, g.p_d, g.f_d, g.in_d, &wd.d_lo, &wd.d_hi);
  clip(oh, g.s_h, g.p_h, g.f_h, g.in_h, &wd.h_lo, &wd.h_hi);
  clip(ow, g.s_w, g.p_w, g.f_w, g.in_w, &wd.w_lo, &wd.w_hi);
  return wd;
}

// Calls f(spatial_index) for every valid position of the window, in scan order.
template <typename F>
inline void for_each_position(const PoolGeom& g, const Window& wd, const F& f) {
  for (int64_t id = wd.d_lo; id < wd.d_hi; id++)
    for (int64_t ih = wd.h_lo; ih < wd.h_hi; ih++)
      for (int64_t iw = wd.w_lo; iw < wd.w_hi; iw++) f((id * g.in_h + ih) * g.in_w + iw);
}

// The running maximum takes v when v is larger, or when v is the first NaN (NaN then stays).
// Bitwise operators, not short-circuit ones, so that the loops over channels stay branch-free
// and vectorize.
template <typename T>
inline bool takes(T v, T best) {
  if constexpr (std::is_floating_point_v<T>) {
    return (v > best) | ((v != v) & (best == best));
  } else {
    return v > best;
  }
}

int64_t image_spatial(const PoolGeom& g) { return g.in_d * g.in_h * g.in_w; }
int64_t out_spatial(const PoolGeom& g) { return g.out_d * g.out_h * g.out_w; }

int64_t row_grain(const PoolGeom& g) {
  const double work = static_cast<double>(g.out_w) * g.f_d * g.f_h * g.f_w * g.channels;
  return work >= kGrainOps ? 1 : static_cast<int64_t>(kGrainOps / std::max(work, 1.0));
}

// Runs row_fn(n, od, oh, out_row_index) over every output row, in parallel.
template <typename F>
void for_rows(const PoolGeom& g, const F& row_fn) {
  const int64_t planes = g.out_d * g.out_h;
  parallel_for(g.batch * planes, row_grain(g), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) row_fn(r / planes, (r % planes) / g.out_h, r % g.out_h, r);
  });
}

// First-maximum positions (spatial indices) of each channel over a non-empty window.
template <typename T>
void window_argmax(const PoolGeom& g, const T* xi, const Window& wd, T* __restrict best, int32_t* __restrict arg) {
  const int64_t c_n = g.channels;
  bool first = true;
  for_each_position(g, wd, [&](int64_t s) {
    const T* __restrict xp = xi + s * c_n;
    const int32_t si = static_cast<int32_t>(s);
    if (first) {
      for (int64_t c = 0; c < c_n; c++) {
        best[c] = xp[c];
        arg[c] = si;
      }
      first = false;
      return;
    }
    for (int64_t c = 0; c < c_n; c++) {
      const T v = xp[c];
      const bool t = takes(v, best[c]);
      best[c] = t ? v : best[c];
      arg[c] = t ? si : arg[c];
    }
  });
}

}  // namespace

template <typename T>
void max_pool(const PoolGeom& g, const T* x, T* y) {
  const int64_t c_n = g.channels, img = image_spatial(g) * c_n;
  const T empty_value = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : T(0);
  for_rows(g, [&](int64_t n, int64_t od, int64_t oh, int64_t r) {
    const T* xi = x + n * img;
    for (int64_t ow = 0; ow < g.out_w; ow++) {
      T* __restrict yp = y + (r * g.out_w + ow) * c_n;
      const Window wd = window(g, od, oh, ow);
      if (wd.empty()) {
        std::fill(yp, yp + c_n, empty_value);
        continue;
      }
      bool first = true;
      for_each_position(g, wd, [&](int64_t s) {
        const T* __restrict xp = xi + s * c_n;
        if (first) {
          std::copy(xp, xp + c_n, yp);
          first = false;
          return;
        }
        for (int64_t c = 0; c < c_n; c++) {
          const T v = xp[c], b = yp[c];
          yp[c] = takes(v, b) ? v : b;
        }
      });
    }
  });
}

template <typename T>
void avg_pool(const PoolGeom& g, const T* x, T* y) {
  const int64_t c_n = g.channels, img = image_spatial(g) * c_n;
  const int64_t planes = g.out_d * g.out_h;
  parallel_for(g.batch * planes, row_grain(g), [&](int64_t b, int64_t e) {
    std::vector<double> acc(static_cast<size_t>(c_n));
    for (int64_t r = b; r < e; r++) {
      const int64_t n = r / planes, od = (r % planes) / g.out_h, oh = r % g.out_h;
      const T* xi = x + n * img;
      for (int64_t ow = 0; ow < g.out_w; ow++) {
        const Window wd = window(g, od, oh, ow);
        double* __restrict a = acc.data();
        std::fill(a, a + c_n, 0.0);
        for_each_position(g, wd, [&](int64_t s) {
          const T* __restrict xp = xi + s * c_n;
          for (int64_t c = 0; c < c_n; c++) a[c] += static_cast<double>(xp[c]);
        });
        // An empty window divides 0 by 0 (NaN), as the reference does.
        const double count = static_cast<double>(wd.count());
        T* __restrict yp = y + (r * g.out_w + ow) * c_n;
        for (int64_t c = 0; c < c_n; c++) yp[c] = static_cast<T>(a[c] / count);
      }
    }
  });
}

template <typename T>
void max_pool_grad(const PoolGeom& g, const T* dy, const T* x, T* dx) {
  const int64_t c_n = g.channels, img = image_spatial(g) * c_n, out_img = out_spatial(g) * c_n;
  const int64_t grain = img + out_img >= kGrainOps ? 1 : kGrainOps / std::max<int64_t>(1, img + out_img);
  parallel_for(g.batch, grain, [&](int64_t b, int64_t e) {
    std::vector<T> best(static_cast<size_t>(c_n));
    std::vector<int32_t> arg(static_cast<size_t>(c_n));
    for (int64_t n = b; n < e; n++) {
      const T* xi = x + n * img;
      T* di = dx + n * img;
      std::fill(di, di + img, T(0));
      for (int64_t od = 0; od < g.out_d; od++)
        for (int64_t oh = 0; oh < g.out_h; oh++)
          for (int64_t ow = 0; ow < g.out_w; ow++) {
            const Window wd = window(g, od, oh, ow);
            if (wd.empty()) continue;
            window_argmax(g, xi, wd, best.data(), arg.data());
            const T* dyp = dy + n * out_img + ((od * g.out_h + oh) * g.out_w + ow) * c_n;
            for (int64_t c = 0; c < c_n; c++) di[static_cast<int64_t>(arg[c]) * c_n + c] += dyp[c];
          }
    }
  });
}

template <typename T>
void max_pool_grad_grad(const PoolGeom& g, const T* ddx, const T* x, T* out) {
  const int64_t c_n = g.channels, img = image_spatial(g) * c_n;
  const int64_t planes = g.out_d * g.out_h;
  parallel_for(g.batch * planes, row_grain(g), [&](int64_t b, int64_t e) {
    std::vector<T> best(static_cast<size_t>(c_n));
    std::vector<int32_t> arg(static_cast<size_t>(c_n));
    for (int64_t r = b; r < e; r++) {
      const int64_t n = r / planes, od = (r % planes) / g.out_h, oh = r % g.out_h;
      for (int64_t ow = 0; ow < g.out_w; ow++) {
        T* op = out + (r * g.out_w + ow) * c_n;
        const Window wd = window(g, od, oh, ow);
        if (wd.empty()) {
          std::fill(op, op + c_n, T(0));
          continue;
        }
        window_argmax(g, x + n * img, wd, best.data(), arg.data());
        const T* gi = ddx + n * img;
        for (int64_t c = 0; c < c_n; c++) op[c] = gi[static_cast<int64_t>(arg[c]) * c_n + c];
      }
    }
  });
}

template <typename T>
void avg_pool_grad(const PoolGeom& g, const T* dy, T* dx) {
  const int64_t c_n = g.channels, img = image_spatial(g) * c_n, out_img = out_spatial(g) * c_n;
  const int64_t grain = img + out_img >= kGrainOps ? 1 : kGrainOps / std::max<int64_t>(1, img + out_img);
  parallel_for(g.batch, grain, [&](int64_t b, int64_t e) {
    std::vector<T> share(static_cast<size_t>(c_n));
    for (int64_t n = b; n < e; n++) {
      T* di = dx + n * img;
      std::fill(di, di + img, T(0));
      for (int64_t od = 0; od < g.out_d; od++)
        for (int64_t oh = 0; oh < g.out_h; oh++)
          for (int64_t ow = 0; ow < g.out_w; ow++) {
            const Window wd = window(g, od, oh, ow);
            const int64_t count = wd.count();
            if (count == 0) continue;
            const T* dyp = dy + n * out_img + ((od * g.out_h + oh) * g.out_w + ow) * c_n;
            for (int64_t c = 0; c < c_n; c++) share[c] = static_cast<T>(static_cast<double>(dyp[c]) / count);
            const T* __restrict sp = share.data();
            for_each_position(g, wd, [&](int64_t s) {
              T* __restrict dp = di + s * c_n;
              for (int64_t c = 0; c < c_n; c++) dp[c] += sp[c];
            });
          }
    }
  });
}

template void max_pool<float>(const PoolGeom&, const float*, float*);
template void max_pool<double>(const PoolGeom&, const double*, double*);
template void max_pool<int32_t>(const PoolGeom&, const int32_t*, int32_t*);
template void avg_pool<float>(const PoolGeom&, const float*, float*);
template void avg_pool<double>(const PoolGeom&, const double*, double*);
template void max_pool_grad<float>(const PoolGeom&, const float*, const float*, float*);
template void max_pool_grad<double>(const PoolGeom&, const double*, const double*, double*);
template void max_pool_grad_grad<float>(const PoolGeom&, const float*, const float*, float*);
template void max_pool_grad_grad<double>(const PoolGeom&, const double*, const double*, double*);
template void avg_pool_grad<float>(const PoolGeom&, const float*, float*);
template void avg_pool_grad<double>(const PoolGeom&, const double*, double*);

}  // namespace fx
