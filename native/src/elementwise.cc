// Elementwise kernels: unary maps, broadcasting binary maps, select and cast, for float32 (SIMD
// via elementwise_avx2.cc where available), float64, int32 and bool. The portable path computes
// what the js reference computes: each element in double precision, stored once (so float64 and
// int32 results match it exactly and float32 results are correctly rounded), with float32 loops
// for the ops where single precision gives the same correctly rounded result, and the
// vectorizable float32 exp/log/tanh/sigmoid of simd_math_portable.h.
//
// The file is compiled without trapping math (GCC): it lets GCC if-convert the branch-free
// selects of simd_math_portable.h and vectorize those loops. No kernel reads floating-point flags.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "cpu_features.h"
#include "elementwise.h"
#include "pool.h"
#include "simd_math_portable.h"

namespace fx {
namespace {

constexpr int64_t kCheapGrain = 32768;     // elements per chunk for loads/stores/adds
constexpr int64_t kCostlyGrain = 4096;     // for transcendental functions

bool unary_is_cheap(int op) {
  switch (op) {
    case kNeg: case kAbs: case kSqrt: case kRsqrt: case kReciprocal: case kSquare: case kRelu: case kRelu6:
    case kLeakyRelu: case kFloor: case kCeil: case kRound: case kSign: case kStep: case kClip: case kSoftsign:
    case kIsNaN: case kIsFinite: case kIsInf: case kLogicalNot:
      return true;
    default:
      return false;
  }
}

double erf_d(double x) { return std::erf(x); }

// The js reference's definition of every unary op, in double precision.
inline double ref_unary(int op, double v, double a, double b) {
  switch (op) {
    case kNeg: return -v;
    case kAbs: return std::fabs(v);
    case kExp: return std::exp(v);
    case kExpm1: return std::expm1(v);
    case kLog: return std::log(v);
    case kLog1p: return std::log1p(v);
    case kSqrt: return std::sqrt(v);
    case kRsqrt: return 1.0 / std::sqrt(v);
    case kReciprocal: return 1.0 / v;
    case kSquare: return v * v;
    case kSin: return std::sin(v);
    case kCos: return std::cos(v);
    case kTan: return std::tan(v);
    case kAsin: return std::asin(v);
    case kAcos: return std::acos(v);
    case kAtan: return std::atan(v);
    case kAsinh: return std::asinh(v);
    case kAcosh: return std::acosh(v);
    case kAtanh: return std::atanh(v);
    case kSinh: return std::sinh(v);
    case kCosh: return std::cosh(v);
    case kTanh: return std::tanh(v);
    case kSigmoid: {
      if (v >= 0) return 1.0 / (1.0 + std::exp(-v));
      const double e = std::exp(v);
      return e / (1.0 + e);
    }
    case kSoftplus: return (v != v ? v : std::max(v, 0.0)) + std::log1p(std::exp(-std::fabs(v)));
    case kSoftsign: return v / (1.0 + std::fabs(v));
    case kRelu: return v < 0 ? 0.0 : v;
    case kRelu6: return v < 0 ? 0.0 : v > 6 ? 6.0 : v;
    case kElu: return v > 0 ? v : a * std::expm1(v);
    case kSelu: return v > 0 ? kSeluScale * v : kSeluScale * kSeluAlpha * std::expm1(v);
    case kLeakyRelu: return v > 0 ? v : a * v;
    case kGeluTanh: return 0.5 * v * (1.0 + std::tanh(kSqrt2OverPi * (v + kGeluCubic * v * v * v)));
    case kGeluErf: return 0.5 * v * std::erfc(-v * kSqrt1_2);
    case kErf: return erf_d(v);
    case kFloor: return std::floor(v);
    case kCeil: return std::ceil(v);
    case kRound: return std::nearbyint(v);  // the default rounding mode: half to even
    case kSign: return v > 0 ? 1.0 : v < 0 ? -1.0 : v == 0 ? 0.0 : v;
    case kStep: return v != v ? v : v > 0 ? 1.0 : a;
    case kClip: return v > b ? b : v < a ? a : v;
    case kIsNaN: return v != v ? 1.0 : 0.0;
    case kIsFinite: return std::isfinite(v) ? 1.0 : 0.0;
    case kIsInf: return std::isinf(v) ? 1.0 : 0.0;
    case kLogicalNot: return v != 0 ? 0.0 : 1.0;
  }
  return v;
}

template <class TI, class TO>
inline TO store_as(double v) {
  return static_cast<TO>(v);
}
template <>
inline int32_t store_as<int32_t, int32_t>(double v) {
  return to_int32(v);
}
template <>
inline int32_t store_as<float, int32_t>(double v) {
  return to_int32(v);
}
template <>
inline int32_t store_as<double, int32_t>(double v) {
  return to_int32(v);
}
template <>
inline int32_t store_as<uint8_t, int32_t>(double v) {
  return to_int32(v);
}

template <class TI, class TO, class F>
inline void map_unary(const TI* __restrict x, TO* __restrict y, int64_t n, const F& f) {
  for (int64_t i = 0; i < n; i++) y[i] = f(x[i]);
}

// One loop per op (the switch is outside the loop, so that simple ops vectorize).
template <class TI, class TO>
void unary_ref(int op, const TI* x, TO* y, int64_t n, double a, double b) {
#define FX_UNARY_CASE(OP)                                                                                 \
  case OP:                                                                                                \
    map_unary(x, y, n, [&](TI v) { return store_as<TI, TO>(ref_unary(OP, static_cast<double>(v), a, b)); }); \
    return;
  switch (op) {
    FX_UNARY_CASE(kNeg)
    FX_UNARY_CASE(kAbs)
    FX_UNARY_CASE(kExp)
    FX_UNARY_CASE(kExpm1)
    FX_UNARY_CASE(kLog)
    FX_UNARY_CASE(kLog1p)
    FX_UNARY_CASE(kSqrt)
    FX_UNARY_CASE(kRsqrt)
    FX_UNARY_CASE(kReciprocal)
    FX_UNARY_CASE(kSquare)
    FX_UNARY_CASE(kSin)
    FX_UNARY_CASE(kCos)
    FX_UNARY_CASE(kTan)
    FX_UNARY_CASE(kAsin)
    FX_UNARY_CASE(kAcos)
    FX_UNARY_CASE(kAtan)
    FX_UNARY_CASE(kAsinh)
    FX_UNARY_CASE(kAcosh)
    FX_UNARY_CASE(kAtanh)
    FX_UNARY_CASE(kSinh)
    FX_UNARY_CASE(kCosh)
    FX_UNARY_CASE(kTanh)
    FX_UNARY_CASE(kSigmoid)
    FX_UNARY_CASE(kSoftplus)
    FX_UNARY_CASE(kSoftsign)
    FX_UNARY_CASE(kRelu)
    FX_UNARY_CASE(kRelu6)
    FX_UNARY_CASE(kElu)
    FX_UNARY_CASE(kSelu)
    FX_UNARY_CASE(kLeakyRelu)
    FX_UNARY_CASE(kGeluTanh)
    FX_UNARY_CASE(kGeluErf)
    FX_UNARY_CASE(kErf)
    FX_UNARY_CASE(kFloor)
    FX_UNARY_CASE(kCeil)
    FX_UNARY_CASE(kRound)
    FX_UNARY_CASE(kSign)
    FX_UNARY_CASE(kStep)
    FX_UNARY_CASE(kClip)
    FX_UNARY_CASE(kIsNaN)
    FX_UNARY_CASE(kIsFinite)
    FX_UNARY_CASE(kIsInf)
    FX_UNARY_CASE(kLogicalNot)
  }
#undef FX_UNARY_CASE
}

}  // namespace

void unary_f32_portable(int op, const float* x, float* y, int64_t n, float a, float b) {
  switch (op) {
    // single precision gives the correctly rounded result for these
    case kNeg: map_unary(x, y, n, [](float v) { return -v; }); return;
    case kAbs: map_unary(x, y, n, [](float v) { return std::fabs(v); }); return;
    case kSqrt: map_unary(x, y, n, [](float v) { return std::sqrt(v); }); return;
    case kReciprocal: map_unary(x, y, n, [](float v) { return 1.0f / v; }); return;
    case kSquare: map_unary(x, y, n, [](float v) { return v * v; }); return;
    case kRelu: map_unary(x, y, n, [](float v) { return v < 0 ? 0.0f : v; }); return;
    case kRelu6: map_unary(x, y, n, [](float v) { return v < 0 ? 0.0f : v > 6 ? 6.0f : v; }); return;
    case kFloor: map_unary(x, y, n, [](float v) { return std::floor(v); }); return;
    case kCeil: map_unary(x, y, n, [](float v) { return std::ceil(v); }); return;
    case kClip: map_unary(x, y, n, [&](float v) { return v > b ? b : v < a ? a : v; }); return;
    case kExp: map_unary(x, y, n, [](float v) { return portable::exp_f(v); }); return;
    case kLog: map_unary(x, y, n, [](float v) { return portable::log_f(v); }); return;
    case kTanh: map_unary(x, y, n, [](float v) { return portable::tanh_f(v); }); return;
    case kSigmoid: map_unary(x, y, n, [](float v) { return portable::sigmoid_f(v); }); return;
    default: unary_ref(op, x, y, n, a, b); return;
  }
}

void unary(int op, int dt, const void* x, void* y, int64_t n, double a, double b) {
  const int64_t grain = unary_is_cheap(op) ? kCheapGrain : kCostlyGrain;
  const bool pred = unary_is_predicate(op);
  parallel_for(n, grain, [&](int64_t s, int64_t e) {
    const int64_t len = e - s;
    if (dt == kF32) {
      const float* xs = static_cast<const float*>(x) + s;
      if (pred) {
        unary_ref(op, xs, static_cast<uint8_t*>(y) + s, len, a, b);
        return;
      }
      float* ys = static_cast<float*>(y) + s;
#if defined(FLUXION_HAVE_AVX2)
      if (use_avx2() && unary_f32_avx2(op, xs, ys, len, static_cast<float>(a), static_cast<float>(b))) return;
#endif
      unary_f32_portable(op, xs, ys, len, static_cast<float>(a), static_cast<float>(b));
    } else if (dt == kF64) {
      const double* xs = static_cast<const double*>(x) + s;
      if (pred) unary_ref(op, xs, static_cast<uint8_t*>(y) + s, len, a, b);
      else unary_ref(op, xs, static_cast<double*>(y) + s, len, a, b);
    } else if (dt == kI32) {
      const int32_t* xs = static_cast<const int32_t*>(x) + s;
      if (pred) unary_ref(op, xs, static_cast<uint8_t*>(y) + s, len, a, b);
      else unary_ref(op, xs, static_cast<int32_t*>(y) + s, len, a, b);
    } else {
      const uint8_t* xs = static_cast<const uint8_t*>(x) + s;
      unary_ref(op, xs, static_cast<uint8_t*>(y) + s, len, a, b);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Binary maps

namespace {

inline double floor_mod(double x, double y) {
  const double rem = std::fmod(x, y);  // JS % is fmod
  return (x < 0 && y < 0) || (x >= 0 && y >= 0) ? rem : std::fmod(rem + y, y);
}

inline double js_max(double x, double y) {
  if (x != x || y != y) return NAN;
  return x > y ? x : y;
}
inline double js_min(double x, double y) {
  if (x != x || y != y) return NAN;
  return x < y ? x : y;
}

// The js reference's definition of every binary op, in double precision (`is_int`: int32 inputs).
inline double ref_binary(int op, double x, double y, bool is_int) {
  switch (op) {
    case kAdd: return x + y;
    case kSub: return x - y;
    case kMul: return x * y;
    case kDiv: return is_int ? std::floor(x / y) : x / y;
    case kMaximum: return js_max(x, y);
    case kMinimum: return js_min(x, y);
    case kPow: return std::pow(x, y);
    case kSquaredDifference: { const double d = x - y; return d * d; }
    case kEqual: return x == y;
    case kNotEqual: return x != y;
    case kLess: return x < y;
    case kLessEqual: return x <= y;
    case kGreater: return x > y;
    case kGreaterEqual: return x >= y;
    case kDivNoNan: return y == 0 ? 0.0 : is_int ? std::floor(x / y) : x / y;
    case kFloorDiv: return std::floor(x / y);
    case kMod: return floor_mod(x, y);
    case kAtan2: return std::atan2(x, y);
    case kPrelu: return x < 0 ? y * x : x;
    case kLogicalAnd: return (x != 0 && y != 0) ? 1.0 : 0.0;
    case kLogicalOr: return (x != 0 || y != 0) ? 1.0 : 0.0;
    case kLogicalXor: return ((x != 0) != (y != 0)) ? 1.0 : 0.0;
  }
  return 0;
}

// JS's Math.pow differs from C's pow in one place: pow(+-1, +-Infinity) and pow(1, NaN) are NaN.
inline double js_pow(double x, double y) {
  if (std::isnan(y)) return NAN;
  if (std::isinf(y) && std::fabs(x) == 1.0) return NAN;
  return std::pow(x, y);
}

template <class T, class TO>
void run_ref(int op, const T* a, bool sa, const T* b, bool sb, TO* o, int64_t n, bool is_int) {
  if (op == kPow) {
    for (int64_t i = 0; i < n; i++) o[i] = store_as<T, TO>(js_pow(static_cast<double>(a[sa ? i : 0]), static_cast<double>(b[sb ? i : 0])));
    return;
  }
  // one loop per op and operand layout (contiguous or broadcast scalar)
#define FX_BINARY_LOOP(OP, IA, IB)                                                                              \
  for (int64_t i = 0; i < n; i++) {                                                                              \
    o[i] = store_as<T, TO>(ref_binary(OP, static_cast<double>(a[IA]), static_cast<double>(b[IB]), is_int));     \
  }
#define FX_BINARY_CASE(OP)          \
  case OP:                          \
    if (sa && sb) {                 \
      FX_BINARY_LOOP(OP, i, i)      \
    } else if (sa) {                \
      FX_BINARY_LOOP(OP, i, 0)      \
    } else if (sb) {                \
      FX_BINARY_LOOP(OP, 0, i)      \
    } else {                        \
      FX_BINARY_LOOP(OP, 0, 0)      \
    }                               \
    return;
  switch (op) {
    FX_BINARY_CASE(kAdd)
    FX_BINARY_CASE(kSub)
    FX_BINARY_CASE(kMul)
    FX_BINARY_CASE(kDiv)
    FX_BINARY_CASE(kMaximum)
    FX_BINARY_CASE(kMinimum)
    FX_BINARY_CASE(kSquaredDifference)
    FX_BINARY_CASE(kEqual)
    FX_BINARY_CASE(kNotEqual)
    FX_BINARY_CASE(kLess)
    FX_BINARY_CASE(kLessEqual)
    FX_BINARY_CASE(kGreater)
    FX_BINARY_CASE(kGreaterEqual)
    FX_BINARY_CASE(kDivNoNan)
    FX_BINARY_CASE(kFloorDiv)
    FX_BINARY_CASE(kMod)
    FX_BINARY_CASE(kAtan2)
    FX_BINARY_CASE(kPrelu)
    FX_BINARY_CASE(kLogicalAnd)
    FX_BINARY_CASE(kLogicalOr)
    FX_BINARY_CASE(kLogicalXor)
  }
#undef FX_BINARY_CASE
#undef FX_BINARY_LOOP
}

template <class F>
inline void run_f32(const float* __restrict a, bool sa, const float* __restrict b, bool sb, float* __restrict o, int64_t n, const F& f) {
  if (sa && sb) {
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], b[i]);
  } else if (sa) {
    const float y = *b;
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], y);
  } else if (sb) {
    const float x = *a;
    for (int64_t i = 0; i < n; i++) o[i] = f(x, b[i]);
  } else {
    const float v = f(*a, *b);
    for (int64_t i = 0; i < n; i++) o[i] = v;
  }
}

template <class F>
inline void run_cmp(const float* __restrict a, bool sa, const float* __restrict b, bool sb, uint8_t* __restrict o, int64_t n, const F& f) {
  if (sa && sb) {
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], b[i]) ? 1 : 0;
  } else if (sa) {
    const float y = *b;
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], y) ? 1 : 0;
  } else if (sb) {
    const float x = *a;
    for (int64_t i = 0; i < n; i++) o[i] = f(x, b[i]) ? 1 : 0;
  } else {
    const uint8_t v = f(*a, *b) ? 1 : 0;
    for (int64_t i = 0; i < n; i++) o[i] = v;
  }
}

}  // namespace

void binary_run_f32_portable(int op, const float* a, bool sa, const float* b, bool sb, void* out, int64_t n) {
  float* o = static_cast<float*>(out);
  switch (op) {
    case kAdd: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return x + y; }); return;
    case kSub: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return x - y; }); return;
    case kMul: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return x * y; }); return;
    case kDiv: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return x / y; }); return;
    case kMaximum: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return (x != x || y != y) ? NAN : x > y ? x : y; }); return;
    case kMinimum: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return (x != x || y != y) ? NAN : x < y ? x : y; }); return;
    case kSquaredDifference: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return (x - y) * (x - y); }); return;
    case kPrelu: run_f32(a, sa, b, sb, o, n, [](float x, float y) { return x < 0 ? y * x : x; }); return;
    default: break;
  }
  uint8_t* ob = static_cast<uint8_t*>(out);
  switch (op) {
    case kEqual: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x == y; }); return;
    case kNotEqual: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x != y; }); return;
    case kLess: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x < y; }); return;
    case kLessEqual: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x <= y; }); return;
    case kGreater: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x > y; }); return;
    case kGreaterEqual: run_cmp(a, sa, b, sb, ob, n, [](float x, float y) { return x >= y; }); return;
    default: break;
  }
  if (binary_is_comparison(op)) run_ref(op, a, sa, b, sb, static_cast<uint8_t*>(out), n, false);
  else run_ref(op, a, sa, b, sb, o, n, false);
}

namespace {

// A broadcast over `shape` with the inputs' strides, simplified: size-1 dims dropped and
// adjacent dims merged where every operand is contiguous across them. The last dim's strides
// are then 0 (broadcast) or 1 (contiguous) for every operand.
struct Plan {
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> st;  // per operand
  int64_t size = 1;
};

Plan make_plan(const std::vector<int64_t>& shape, const std::vector<const std::vector<int64_t>*>& strides) {
  Plan p;
  const size_t k = strides.size();
  p.st.assign(k, {});
  for (size_t d = 0; d < shape.size(); d++) {
    p.size *= shape[d];
    if (shape[d] == 1) continue;
    bool merge = !p.dims.empty();
    for (size_t j = 0; j < k && merge; j++) merge = p.st[j].back() == (*strides[j])[d] * shape[d];
    if (merge) {
      p.dims.back() *= shape[d];
      for (size_t j = 0; j < k; j++) p.st[j].back() = (*strides[j])[d];
    } else {
      p.dims.push_back(shape[d]);
      for (size_t j = 0; j < k; j++) p.st[j].push_back((*strides[j])[d]);
    }
  }
  if (p.dims.empty()) {
    p.dims.push_back(1);
    for (size_t j = 0; j < k; j++) p.st[j].push_back(1);
  }
  return p;
}

// Calls run(offsets[k], out_offset, len) for the contiguous inner runs covering [begin, end).
template <class Run>
void for_runs(const Plan& p, int64_t begin, int64_t end, const Run& run) {
  const size_t rank = p.dims.size(), k = p.st.size();
  const int64_t inner = p.dims[rank - 1];
  std::vector<int64_t> idx(rank, 0);
  int64_t rem = begin;
  for (size_t d = rank; d-- > 0;) {
    idx[d] = rem % p.dims[d];
    rem /= p.dims[d];
  }
  std::vector<int64_t> off(k, 0);
  for (size_t j = 0; j < k; j++)
    for (size_t d = 0; d < rank; d++) off[j] += idx[d] * p.st[j][d];
  int64_t pos = begin;
  while (pos < end) {
    const int64_t len = std::min(inner - idx[rank - 1], end - pos);
    run(off.data(), pos, len);
    pos += len;
    // advance the multi-index by len (to the start of the next run)
    idx[rank - 1] += len;
    for (size_t j = 0; j < k; j++) off[j] += len * p.st[j][rank - 1];
    for (size_t d = rank - 1; d > 0 && idx[d] == p.dims[d]; d--) {
      for (size_t j = 0; j < k; j++) off[j] += p.st[j][d - 1] - p.dims[d] * p.st[j][d];
      idx[d] = 0;
      idx[d - 1]++;
    }
  }
}

template <class T>
void binary_typed(int op, int dt, const T* a, const T* b, void* out, const Plan& p, int64_t grain) {
  const bool cmp = binary_is_comparison(op) || binary_is_logical(op);
  const size_t last = p.dims.size() - 1;
  const bool sa = p.st[0][last] != 0, sb = p.st[1][last] != 0;
  parallel_for(p.size, grain, [&](int64_t s, int64_t e) {
    for_runs(p, s, e, [&](const int64_t* off, int64_t o, int64_t len) {
      const T* ap = a + off[0];
      const T* bp = b + off[1];
      if constexpr (std::is_same<T, float>::value) {
        void* op_out = cmp ? static_cast<void*>(static_cast<uint8_t*>(out) + o) : static_cast<void*>(static_cast<float*>(out) + o);
#if defined(FLUXION_HAVE_AVX2)
        if (use_avx2() && binary_run_f32_avx2(op, ap, sa, bp, sb, op_out, len)) return;
#endif
        binary_run_f32_portable(op, ap, sa, bp, sb, op_out, len);
      } else {
        if (cmp) run_ref(op, ap, sa, bp, sb, static_cast<uint8_t*>(out) + o, len, dt == kI32);
        else run_ref(op, ap, sa, bp, sb, static_cast<T*>(out) + o, len, dt == kI32);
      }
    });
  });
}

}  // namespace

void binary(int op, int dt, const void* a, const std::vector<int64_t>& sa, const void* b,
            const std::vector<int64_t>& sb, void* out, const std::vector<int64_t>& shape) {
  const Plan p = make_plan(shape, {&sa, &sb});
  if (p.size == 0) return;
  const int64_t grain = (op == kPow || op == kAtan2 || op == kMod || op == kFloorDiv || dt != kF32) ? kCostlyGrain : kCheapGrain;
  switch (dt) {
    case kF32: binary_typed(op, dt, static_cast<const float*>(a), static_cast<const float*>(b), out, p, grain); break;
    case kF64: binary_typed(op, dt, static_cast<const double*>(a), static_cast<const double*>(b), out, p, grain); break;
    case kI32: binary_typed(op, dt, static_cast<const int32_t*>(a), static_cast<const int32_t*>(b), out, p, grain); break;
    default: binary_typed(op, dt, static_cast<const uint8_t*>(a), static_cast<const uint8_t*>(b), out, p, grain); break;
  }
}

namespace {
template <class T>
void select_typed(const uint8_t* c, const T* a, const T* b, T* out, const Plan& p) {
  const size_t last = p.dims.size() - 1;
  const int64_t sc = p.st[0][last], sa = p.st[1][last], sb = p.st[2][last];
  parallel_for(p.size, kCheapGrain, [&](int64_t s, int64_t e) {
    for_runs(p, s, e, [&](const int64_t* off, int64_t o, int64_t len) {
      const uint8_t* cp = c + off[0];
      const T* ap = a + off[1];
      const T* bp = b + off[2];
      T* op = out + o;
      // Both sides are loaded before choosing, so that the choice compiles to a blend (vectorized) rather
      // than a branch, which a random condition (a relu mask) mispredicts half the time.
      if (sc == 1 && sa == 1 && sb == 1) {
        for (int64_t i = 0; i < len; i++) {
          const T av = ap[i], bv = bp[i];
          op[i] = cp[i] != 0 ? av : bv;
        }
      } else if (sc == 1 && sa == 1 && sb == 0) {
        const T bv = bp[0];
        for (int64_t i = 0; i < len; i++) {
          const T av = ap[i];
          op[i] = cp[i] != 0 ? av : bv;
        }
      } else {
        for (int64_t i = 0; i < len; i++) {
          const T av = ap[i * sa], bv = bp[i * sb];
          op[i] = cp[i * sc] != 0 ? av : bv;
        }
      }
    });
  });
}
}  // namespace

void select(int dt, const uint8_t* c, const std::vector<int64_t>& sc, const void* a, const std::vector<int64_t>& sa,
            const void* b, const std::vector<int64_t>& sb, void* out, const std::vector<int64_t>& shape) {
  const Plan p = make_plan(shape, {&sc, &sa, &sb});
  if (p.size == 0) return;
  switch (dt) {
    case kF32: select_typed(c, static_cast<const float*>(a), static_cast<const float*>(b), static_cast<float*>(out), p); break;
    case kF64: select_typed(c, static_cast<const double*>(a), static_cast<const double*>(b), static_cast<double*>(out), p); break;
    case kI32: select_typed(c, static_cast<const int32_t*>(a), static_cast<const int32_t*>(b), static_cast<int32_t*>(out), p); break;
    default: select_typed(c, static_cast<const uint8_t*>(a), static_cast<const uint8_t*>(b), static_cast<uint8_t*>(out), p); break;
  }
}

// ---------------------------------------------------------------------------------------------
// Cast: to bool is `!= 0` (NaN is true), to int32 truncates and wraps as JS's ToInt32.

namespace {
template <class TI, class TO>
void cast_typed(const TI* x, TO* y, int64_t n, int to) {
  parallel_for(n, kCheapGrain, [&](int64_t s, int64_t e) {
    if (to == kBool) {
      for (int64_t i = s; i < e; i++) y[i] = static_cast<TO>(x[i] != 0 ? 1 : 0);
    } else {
      for (int64_t i = s; i < e; i++) y[i] = store_as<TI, TO>(static_cast<double>(x[i]));
    }
  });
}
template <class TI>
void cast_from(const TI* x, int to, void* y, int64_t n) {
  switch (to) {
    case kF32: cast_typed(x, static_cast<float*>(y), n, to); break;
    case kF64: cast_typed(x, static_cast<double*>(y), n, to); break;
    case kI32: cast_typed(x, static_cast<int32_t*>(y), n, to); break;
    default: cast_typed(x, static_cast<uint8_t*>(y), n, to); break;
  }
}
}  // namespace

void cast(int from, const void* x, int to, void* y, int64_t n) {
  switch (from) {
    case kF32: cast_from(static_cast<const float*>(x), to, y, n); break;
    case kF64: cast_from(static_cast<const double*>(x), to, y, n); break;
    case kI32: cast_from(static_cast<const int32_t*>(x), to, y, n); break;
    default: cast_from(static_cast<const uint8_t*>(x), to, y, n); break;
  }
}

}  // namespace fx
