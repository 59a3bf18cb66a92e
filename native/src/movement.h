// Movement kernels (memory-bound copies, gathers, scatters) and fused in-place optimizer updates.
// Copies are element-size generic (1, 2, 4 or 8 bytes): they move bits, so every dtype works.
// Callers (bind_movement.cc) validate every offset; these functions trust their arguments.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fx {

// The most axes a strided copy takes (tile doubles the rank of its input).
constexpr int kMaxCopyRank = 64;

// For every index i of `shape`: dst[sum_d i_d * dst_strides[d]] = src[sum_d i_d * src_strides[d]].
// Strides are in elements and may be zero or negative on the source side (broadcast, reverse);
// destination positions must be distinct. Contiguous runs become memcpy, zero-stride runs fills,
// a pair of axes contiguous in the source and in the destination a cache-blocked transpose.
// Threaded above ~1 MB.
void strided_copy(int elem_size, const std::vector<int64_t>& shape, const uint8_t* src,
                  const std::vector<int64_t>& src_strides, uint8_t* dst, const std::vector<int64_t>& dst_strides);

// Copies `count` slices of `slice` elements: dst slice n <- src at element offset src_offsets[n]
// (gather_slices), or dst at dst_offsets[n] <- src slice n, in order, later slices winning (scatter_slices).
void gather_slices(int elem_size, const uint8_t* src, const int64_t* src_offsets, int64_t count, int64_t slice, uint8_t* dst);
// gather along an axis: out[r, j, :] = x[r, idx[(r / outer) * per + j], :] for the batch*outer rows r
// of x viewed as [batch*outer, n, inner] (indices already checked to be in [0, n)).
void gather_axis(int elem_size, const uint8_t* x, const int32_t* idx, int64_t batch, int64_t outer, int64_t n,
                 int64_t inner, int64_t per, uint8_t* out);
void scatter_slices(int elem_size, const uint8_t* src, int64_t count, int64_t slice, uint8_t* dst, const int64_t* dst_offsets);

// out[dst_offsets[n] + j] += updates[n * slice + j] in order of n (bool: or). `out` is zeroed by the caller.
// float32 accumulates in float64 (rounded once, like the js backend); int32 wraps modulo 2^32.
enum class AccumKind { kFloat32, kFloat64, kInt32, kBool };
void scatter_add(AccumKind kind, const void* updates, int64_t count, int64_t slice, void* out, int64_t out_size,
                 const int64_t* dst_offsets);

// out[ids[s] * inner + j] += x[s * inner + j] for ids[s] >= 0 (ids < num_segments, checked by the caller).
void unsorted_segment_sum(AccumKind kind, const void* x, const int32_t* ids, int64_t count, int64_t inner, void* out,
                          int64_t num_segments);

// Mirror padding: out[o] = x[map_0[o_0], ..., map_{r-1}[o_{r-1}]] (maps already validated); the
// last axis's positions from last_before on that map to 0, 1, 2... are copied as one run.
void mirror_pad(int elem_size, const uint8_t* x, const std::vector<int64_t>& x_shape,
                const std::vector<std::vector<int64_t>>& maps, int64_t last_before, uint8_t* out);

// ------------------------------------------------------------------ optimizers (Keras 3 update rules)
// Weight decay (decoupled, as Keras applies it before the update): p -= p * weight_decay * lr.

// SGD: m = momentum * m - lr * g; p += nesterov ? momentum * m - lr * g : m. With momentum = 0 (m may
// be null): p -= lr * g.
void sgd_update(float* p, const float* g, float* m, int64_t n, double lr, double momentum, bool nesterov,
                double weight_decay);

// Adam (local step t >= 1): m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); amsgrad: vhat = max(vhat, v);
// p -= m * alpha / (sqrt(amsgrad ? vhat : v) + eps), alpha = lr sqrt(1 - b2^t) / (1 - b1^t).
void adam_update(float* p, const float* g, float* m, float* v, float* vhat, int64_t n, double lr, double beta1,
                 double beta2, double epsilon, double step, double weight_decay);
// The same update out of place: reads p, m, v (, vhat) and writes the new values to po, mo, vo (, vho), all
// disjoint; one pass over the seven arrays instead of copying the state first and updating it in place.
void adam_update_to(const float* p, const float* g, const float* m, const float* v, const float* vhat, float* po,
                    float* mo, float* vo, float* vho, int64_t n, double lr, double beta1, double beta2, double epsilon,
                    double step, double weight_decay);

// TensorFlow.js's Adam (tf.train.adam), out of place, each operation rounded to float32 as its kernels do:
// m' = m b1 + g (1 - b1); v' = v b2 + g^2 (1 - b2); p' = (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps) (-lr) + p.
// The scalars come rounded to float32 (oneMinusAccBeta = 1 - beta^t as TensorFlow.js accumulates it).
void adam_tfjs_update(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                      int64_t n, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                      float one_minus_acc_beta1, float one_minus_acc_beta2, float epsilon, float neg_lr);

// RMSprop: v = rho v + (1 - rho) g^2; centered: a = rho a + (1 - rho) g, denom = v - a^2 + eps, else
// denom = v + eps; inc = lr g / sqrt(denom); momentum > 0: mom = momentum mom + inc, p -= mom; else p -= inc.
void rmsprop_update(float* p, const float* g, float* v, float* mom, float* avg, int64_t n, double lr, double rho,
                    double momentum, double epsilon, double weight_decay);

}  // namespace fx
