// GEMM: C[M,N] = op(A)[M,K] * op(B)[K,N] (+ beta * C), row-major, with leading dimensions.
// op(A) = A or A^T (A stored [K,M] when transposed), likewise B. Threaded internally.
#pragma once
#include <cstdint>

namespace fx {

enum class Activation : int { kNone = 0, kRelu = 1, kRelu6 = 2, kSigmoid = 3, kTanh = 4, kElu = 5, kLeakyRelu = 6 };

// Applied to each output element after the product: c = act(c + bias[col]).
struct Epilogue {
  const float* bias = nullptr;  // length N, or null
  Activation activation = Activation::kNone;
  float alpha = 0.2f;  // leakyRelu slope
};

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, float* c, int64_t ldc, bool accumulate, const Epilogue* epilogue = nullptr);

void dgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
           int64_t ldb, double* c, int64_t ldc, bool accumulate);

}  // namespace fx
