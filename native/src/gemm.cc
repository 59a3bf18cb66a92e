// GEMM entry points and the portable path (any architecture). The AVX2+FMA path lives in gemm_avx2.cc and is
// chosen at run time by cpu_features; the portable path runs the same blocked driver (gemm_driver.h) with a
// plain C++ micro-kernel that the compiler vectorizes for the baseline ISA (SSE2 on x86-64, NEON on arm64).
#include "gemm.h"

#include <type_traits>

#include "cpu_features.h"
#include "gemm_driver.h"

namespace fx {
namespace {

// MR x NR register tile in plain C++: the j loop vectorizes, the tile stays in registers (4x8 float: 8 xmm).
template <typename TT, int MR_, int NR_>
struct PortableKernel {
  using T = TT;
  static constexpr int MR = MR_;
  static constexpr int NR = NR_;
  static constexpr int64_t KC = 256;
  static constexpr int64_t MC = 128;
  static constexpr int64_t NC_ELEMS = int64_t{1} << 20;

  static void kernel(int64_t kc, const T* a, const T* b, T* c, int64_t ldc, int mr, int nr, bool load_c,
                     const Epilogue* ep, int64_t col0) {
    T acc[MR][NR] = {};
    for (int64_t p = 0; p < kc; p++) {
      const T* ap = a + p * MR;
      const T* bp = b + p * NR;
      for (int i = 0; i < MR; i++) {
        const T av = ap[i];
        for (int j = 0; j < NR; j++) acc[i][j] += av * bp[j];
      }
    }
    for (int i = 0; i < mr; i++) {
      T* crow = c + i * ldc;
      for (int j = 0; j < nr; j++) {
        T v = acc[i][j] + (load_c ? crow[j] : T(0));
        if constexpr (std::is_same_v<T, float>) {
          if (ep != nullptr) {
            v = activate_scalar(v + (ep->bias != nullptr ? ep->bias[col0 + j] : 0.f), ep->activation, ep->alpha);
          }
        }
        crow[j] = v;
      }
    }
  }
};

constexpr int64_t kParallelWork = int64_t{1} << 18;

}  // namespace

#if defined(FLUXION_HAVE_AVX2)
bool sgemm_avx2(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue);
bool dgemm_avx2(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda,
                const double* b, int64_t ldb, double* c, int64_t ldc, bool accumulate);
#endif

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue) {
#if defined(FLUXION_HAVE_AVX2)
  if (use_avx2() && sgemm_avx2(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, epilogue)) return;
#endif
  BlockedGemm<PortableKernel<float, 4, 8>>::run(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate,
                                                epilogue, kParallelWork);
}

void dgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
           int64_t ldb, double* c, int64_t ldc, bool accumulate) {
#if defined(FLUXION_HAVE_AVX2)
  if (use_avx2() && dgemm_avx2(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate)) return;
#endif
  BlockedGemm<PortableKernel<double, 4, 4>>::run(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate,
                                                 nullptr, kParallelWork);
}

}  // namespace fx
