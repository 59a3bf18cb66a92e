// Portable GEMM (any architecture). The AVX2+FMA path lives in gemm_avx2.cc and is chosen at
// run time by cpu_features; this file is the reference the fast path is tested against.
#include "gemm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cpu_features.h"
#include "pool.h"

namespace fx {
namespace {

template <typename T>
inline T at(const T* p, bool trans, int64_t row, int64_t col, int64_t ld) {
  return trans ? p[col * ld + row] : p[row * ld + col];
}

inline float activate(float v, const Epilogue& ep) {
  switch (ep.activation) {
    case Activation::kNone: return v;
    case Activation::kRelu: return v > 0.f ? v : 0.f;
    case Activation::kRelu6: return std::min(std::max(v, 0.f), 6.f);
    case Activation::kSigmoid: return 1.f / (1.f + std::exp(-v));
    case Activation::kTanh: return std::tanh(v);
    case Activation::kElu: return v > 0.f ? v : std::expm1(v);
    case Activation::kLeakyRelu: return v > 0.f ? v : ep.alpha * v;
  }
  return v;
}

// Rows [r0, r1) of C: a blocked i-p-j loop over a packed copy of op(B) (K x N, contiguous rows).
template <typename T>
void gemm_rows(int64_t r0, int64_t r1, bool trans_a, int64_t n, int64_t k, const T* a, int64_t lda, const T* bp,
               T* c, int64_t ldc, bool accumulate) {
  std::vector<T> acc(static_cast<size_t>(n));
  for (int64_t i = r0; i < r1; i++) {
    if (accumulate) {
      for (int64_t j = 0; j < n; j++) acc[j] = c[i * ldc + j];
    } else {
      std::fill(acc.begin(), acc.end(), T(0));
    }
    for (int64_t p = 0; p < k; p++) {
      const T aip = at(a, trans_a, i, p, lda);
      const T* brow = bp + p * n;
      for (int64_t j = 0; j < n; j++) acc[j] += aip * brow[j];
    }
    for (int64_t j = 0; j < n; j++) c[i * ldc + j] = acc[j];
  }
}

template <typename T>
void gemm_portable(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
                   int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  if (m == 0 || n == 0) return;
  std::vector<T> bp(static_cast<size_t>(k * n));
  for (int64_t p = 0; p < k; p++)
    for (int64_t j = 0; j < n; j++) bp[p * n + j] = at(b, trans_b, p, j, ldb);
  const int64_t grain = std::max<int64_t>(1, 65536 / std::max<int64_t>(1, n * std::max<int64_t>(k, 1)));
  parallel_for(m, grain, [&](int64_t r0, int64_t r1) { gemm_rows(r0, r1, trans_a, n, k, a, lda, bp.data(), c, ldc, accumulate); });
}

}  // namespace

#if defined(FLUXION_HAVE_AVX2)
bool sgemm_avx2(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue);
#endif

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue) {
#if defined(FLUXION_HAVE_AVX2)
  if (use_avx2() && sgemm_avx2(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, epilogue)) return;
#endif
  gemm_portable(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  if (epilogue != nullptr && (epilogue->bias != nullptr || epilogue->activation != Activation::kNone)) {
    for (int64_t i = 0; i < m; i++) {
      for (int64_t j = 0; j < n; j++) {
        float v = c[i * ldc + j] + (epilogue->bias != nullptr ? epilogue->bias[j] : 0.f);
        c[i * ldc + j] = activate(v, *epilogue);
      }
    }
  }
}

void dgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
           int64_t ldb, double* c, int64_t ldc, bool accumulate) {
  gemm_portable(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

}  // namespace fx
