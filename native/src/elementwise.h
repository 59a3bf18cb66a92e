// The elementwise family: unary maps, broadcasting binary maps, select, cast, reductions,
// softmax and the cross-entropies. Shared declarations of the portable and AVX2 code paths.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace fx {

// Unary ops; the numbering is part of the N-API interface (src/backends/cpu/kernels/elementwise-ops.ts).
enum UnaryOp : int {
  kNeg, kAbs, kExp, kExpm1, kLog, kLog1p, kSqrt, kRsqrt, kReciprocal, kSquare,
  kSin, kCos, kTan, kAsin, kAcos, kAtan, kAsinh, kAcosh, kAtanh, kSinh, kCosh,
  kTanh, kSigmoid, kSoftplus, kSoftsign, kRelu, kRelu6, kElu, kSelu, kLeakyRelu,
  kGeluTanh, kGeluErf, kErf, kFloor, kCeil, kRound, kSign, kStep, kClip,
  kIsNaN, kIsFinite, kIsInf, kLogicalNot, kUnaryCount
};

// Binary ops (same numbering contract).
enum BinaryOp : int {
  kAdd, kSub, kMul, kDiv, kMaximum, kMinimum, kPow, kSquaredDifference,
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kDivNoNan, kFloorDiv, kMod, kAtan2, kPrelu, kLogicalAnd, kLogicalOr, kLogicalXor, kBinaryCount
};

inline bool binary_is_comparison(int op) { return op >= kEqual && op <= kGreaterEqual; }
inline bool binary_is_logical(int op) { return op >= kLogicalAnd && op <= kLogicalXor; }
inline bool unary_is_predicate(int op) { return op >= kIsNaN; }

// Reductions (same numbering contract).
enum ReduceOp : int { kSum, kMean, kProd, kMax, kMin, kAll, kAny, kLogSumExp, kEuclideanNorm, kReduceCount };

constexpr double kSeluAlpha = 1.6732632423543772;
constexpr double kSeluScale = 1.0507009873554805;
constexpr double kSqrt2OverPi = 0.7978845608028654;
constexpr double kGeluCubic = 0.044715;
constexpr double kSqrt1_2 = 0.7071067811865476;

// JavaScript's ToInt32: what storing a number into an Int32Array does.
inline int32_t to_int32(double d) {
  if (d >= -2147483648.0 && d < 2147483648.0) return static_cast<int32_t>(d);  // truncates
  if (!std::isfinite(d)) return 0;
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  const uint32_t u = static_cast<uint32_t>(m);
  return static_cast<int32_t>(u);  // modular (well defined in GCC/Clang, C++20)
}

#if defined(FLUXION_HAVE_AVX2)
// AVX2+FMA float32 kernels (elementwise_avx2.cc). Each returns false for an op it does not have.
bool unary_f32_avx2(int op, const float* x, float* y, int64_t n, float a, float b);
bool binary_run_f32_avx2(int op, const float* a, bool sa, const float* b, bool sb, void* out, int64_t n);
double sum_f32_avx2(const float* x, int64_t n);
// max (sign > 0) or min of x[0..n) with NaN propagation.
float extremum_f32_avx2(const float* x, int64_t n, int sign);
// sum of exp(x[i] - shift) in double.
double sum_exp_shift_f32_avx2(const float* x, int64_t n, float shift);
// max(x, 0) - x z + log(1 + exp(-|x|)).
void sigmoid_xent_f32_avx2(const float* z, const float* x, float* y, int64_t n);
// softmax / logSoftmax of one contiguous row.
void softmax_row_f32_avx2(const float* x, float* y, int64_t n, bool log);
#endif

// Portable float32 kernels (elementwise.cc), same contracts.
void unary_f32_portable(int op, const float* x, float* y, int64_t n, float a, float b);
void binary_run_f32_portable(int op, const float* a, bool sa, const float* b, bool sb, void* out, int64_t n);

// Drivers (threaded). Types are checked by the bindings; `dt` codes: 0 float32, 1 float64, 2 int32, 3 bool.
enum DTypeCode : int { kF32 = 0, kF64 = 1, kI32 = 2, kBool = 3 };
inline int dtype_size(int dt) { return dt == kF64 ? 8 : dt == kBool ? 1 : 4; }

void unary(int op, int dt, const void* x, void* y, int64_t n, double a, double b);
// out shape `shape`; each input given with its strides over `shape` (0 where broadcast).
void binary(int op, int dt, const void* a, const std::vector<int64_t>& sa, const void* b,
            const std::vector<int64_t>& sb, void* out, const std::vector<int64_t>& shape);
void select(int dt, const uint8_t* c, const std::vector<int64_t>& sc, const void* a, const std::vector<int64_t>& sa,
            const void* b, const std::vector<int64_t>& sb, void* out, const std::vector<int64_t>& shape);
void cast(int from, const void* x, int to, void* y, int64_t n);

void reduce(int op, int dt, const void* x, const std::vector<int64_t>& shape, const std::vector<int64_t>& axes,
            void* out, int out_dt);
void arg_reduce(int dt, const void* x, int64_t outer, int64_t n, int64_t inner, int sign, int32_t* out);
void softmax(int dt, const void* x, void* y, int64_t outer, int64_t n, int64_t inner, bool log);
void softmax_xent(int dt, const void* labels, const void* logits, void* loss, void* logsm, int64_t outer, int64_t n,
                  int64_t inner);
void sigmoid_xent(int dt, const void* labels, const void* logits, void* out, int64_t n);

}  // namespace fx
