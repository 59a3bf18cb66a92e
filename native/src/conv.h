// Convolution and pooling kernels (channels-last). A 2-D convolution or pool is a 3-D one with
// depth 1, so one set of loops serves both. Every kernel overwrites its whole output.
//
// This header is included by conv.cc / pooling.cc (baseline flags) and by conv_avx2.cc (compiled
// with -mavx2 -mfma): it declares only plain structs and out-of-line functions, so no inline
// code can be emitted in both instruction sets and merged by the linker.
#pragma once
#include <cstdint>

namespace fx {

// Geometry of a convolution. For the depthwise kernels `out_c` is the channel multiplier.
struct ConvGeom {
  int64_t batch, in_d, in_h, in_w, in_c;
  int64_t f_d, f_h, f_w, out_c;
  int64_t out_d, out_h, out_w;
  int64_t s_d, s_h, s_w;
  int64_t dl_d, dl_h, dl_w;
  int64_t p_d, p_h, p_w;
};
constexpr int kConvGeomFields = 21;

// The direct (no im2col) forward kernel serves patches of at most kDirectMaxTaps filter taps and
// kDirectMaxPatch values (taps x input channels): first layers such as 3x3 over 1 or 3 channels.
constexpr int kDirectMaxTaps = 32;
constexpr int64_t kDirectMaxPatch = 64;

// Geometry of a pool over [batch, in_d, in_h, in_w, channels].
struct PoolGeom {
  int64_t batch, in_d, in_h, in_w, channels;
  int64_t f_d, f_h, f_w;
  int64_t s_d, s_h, s_w;
  int64_t p_d, p_h, p_w;
  int64_t out_d, out_h, out_w;
};
constexpr int kPoolGeomFields = 17;

// conv2d / conv3d (float32): im2col + fx::sgemm, or a direct kernel when the patch is short.
void conv_forward_f32(const ConvGeom& g, const float* x, const float* w, float* y);
void conv_backprop_input_f32(const ConvGeom& g, const float* dy, const float* w, float* dx);
void conv_backprop_filter_f32(const ConvGeom& g, const float* x, const float* dy, float* dw);

// depthwiseConv2dNative and its gradients (2-D only: in_d = f_d = out_d = 1).
template <typename T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, T* y);
template <typename T>
void depthwise_backprop_input(const ConvGeom& g, const T* dy, const T* w, T* dx);
template <typename T>
void depthwise_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw);

// Pools (see src/core/kernel-defs/pool.ts): windows clipped to the input, max keeps the first
// maximum and propagates NaN, average divides by the count of valid positions.
template <typename T>
void max_pool(const PoolGeom& g, const T* x, T* y);
template <typename T>
void avg_pool(const PoolGeom& g, const T* x, T* y);
template <typename T>
void max_pool_grad(const PoolGeom& g, const T* dy, const T* x, T* dx);
template <typename T>
void max_pool_grad_grad(const PoolGeom& g, const T* ddx, const T* x, T* out);
template <typename T>
void avg_pool_grad(const PoolGeom& g, const T* dy, T* dx);

// Leaf kernels with a portable and an AVX2+FMA implementation (namespaces fx::portable and
// fx::avx2). They process one output (or input) row and are called from the threaded drivers.
#define FX_CONV_LEAF_DECLS                                                                                      \
  /* Direct convolution of output row (od, oh) of one image: y_row[out_w, out_c]. */                           \
  void conv_direct_row(const ConvGeom& g, const float* x_img, const float* w, float* y_row, int64_t od,        \
                       int64_t oh);                                                                           \
  /* Depthwise forward of output row oh of one image: y_row[out_w, in_c * mult]. */                            \
  void dw_forward_row(const ConvGeom& g, const float* x_img, const float* w, float* y_row, int64_t oh);        \
  /* Depthwise input gradient of input row ih of one image (gather): dx_row[in_w, in_c]. */                    \
  void dw_backprop_input_row(const ConvGeom& g, const float* dy_img, const float* w, float* dx_row,            \
                             int64_t ih);                                                                     \
  /* Adds the filter gradient of output row oh of one image into dw[f_h, f_w, in_c, mult]. */                 \
  void dw_backprop_filter_row(const ConvGeom& g, const float* x_img, const float* dy_row, float* dw, int64_t oh);

namespace portable {
FX_CONV_LEAF_DECLS
}
#if defined(FLUXION_HAVE_AVX2)
namespace avx2 {
FX_CONV_LEAF_DECLS
// c[k, o_n] = a[rows, k]ᵀ · b[rows, o_n] (row-major, contiguous) for short k (the filter
// gradient of a short patch): register accumulators for 12 rows of c by 8 columns at a time.
void gemm_tn_short(const float* a, const float* b, int64_t rows, int64_t k, int64_t o_n, float* c);
}
#endif

}  // namespace fx
