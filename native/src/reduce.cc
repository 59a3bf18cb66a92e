// Reductions, arg-reductions, softmax and the cross-entropies. Every reduction is brought into the
// form (outer, reduce, inner) over contiguous memory: adjacent axes are merged, and when the
// reduced axes are not one block the input is first transposed (kept axes first). Sums accumulate
// in double as the js reference does, so float32 results differ from it only by summation order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "cpu_features.h"
#include "elementwise.h"
#include "pool.h"

namespace fx {
namespace {

constexpr int64_t kGrain = 32768;
constexpr int64_t kBlock = 256;  // inner columns per unit of work when reducing a non-last axis

inline int32_t imul(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}

template <class T>
inline double init_of(int op) {
  switch (op) {
    case kProd: case kAll: return 1;
    case kMax: return -INFINITY;
    case kMin: return INFINITY;
    default: return 0;
  }
}

// acc <- acc (op) v, exactly as the js reference folds (in double; int32 products wrap).
template <class T>
inline double step(int op, double acc, T v, double shift) {
  const double d = static_cast<double>(v);
  switch (op) {
    case kSum: case kMean: return acc + d;
    case kEuclideanNorm: return acc + d * d;
    case kLogSumExp: return acc + std::exp(d - shift);
    case kProd:
      if constexpr (std::is_same<T, int32_t>::value) return imul(static_cast<int32_t>(acc), v);
      else return acc * d;
    case kMax: return (d > acc || d != d) ? d : acc;
    case kMin: return (d < acc || d != d) ? d : acc;
    case kAll: return (acc != 0 && d != 0) ? 1 : 0;
    case kAny: return (acc != 0 || d != 0) ? 1 : 0;
  }
  return acc;
}

// Reduces contiguous row x[0..n) (the fast paths, then the generic fold).
template <class T>
double reduce_row(int op, const T* x, int64_t n, double shift) {
  if constexpr (std::is_same<T, float>::value) {
#if defined(FLUXION_HAVE_AVX2)
    if (use_avx2()) {
      if (op == kSum || op == kMean) return sum_f32_avx2(x, n);
      if (op == kMax || op == kMin) return extremum_f32_avx2(x, n, op == kMax ? 1 : -1);
      if (op == kLogSumExp) return sum_exp_shift_f32_avx2(x, n, static_cast<float>(shift));
    }
#endif
  }
  if (op == kSum || op == kMean) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += static_cast<double>(x[i]);
      s1 += static_cast<double>(x[i + 1]);
      s2 += static_cast<double>(x[i + 2]);
      s3 += static_cast<double>(x[i + 3]);
    }
    double s = (s0 + s1) + (s2 + s3);
    for (; i < n; i++) s += static_cast<double>(x[i]);
    return s;
  }
  double acc = init_of<T>(op);
  for (int64_t i = 0; i < n; i++) acc = step(op, acc, x[i], shift);
  return acc;
}

double combine(int op, double a, double b) {
  switch (op) {
    case kProd: return a * b;
    case kMax: return (b > a || b != b) ? b : a;
    case kMin: return (b < a || b != b) ? b : a;
    case kAll: return (a != 0 && b != 0) ? 1 : 0;
    case kAny: return (a != 0 || b != 0) ? 1 : 0;
    default: return a + b;
  }
}

template <class T, class TO>
inline TO finish(int op, double acc, int64_t count, int dt) {
  double v = acc;
  if (op == kMean) v = acc / static_cast<double>(count);
  else if (op == kEuclideanNorm) v = std::sqrt(acc);
  if constexpr (std::is_same<TO, int32_t>::value) {
    if (op == kMax && acc == -INFINITY) return INT32_MIN;
    if (op == kMin && acc == INFINITY) return INT32_MAX;
    return to_int32(v);
  } else if constexpr (std::is_same<TO, uint8_t>::value) {
    return v != 0 ? 1 : 0;
  } else {
    return static_cast<TO>(v);
  }
}

// shifts: per output slot (logSumExp's second pass), else null.
template <class T>
void reduce_slots(int op, const T* x, int64_t outer, int64_t r, int64_t inner, const double* shifts, double* acc) {
  if (inner == 1) {
    if (outer == 1 && r >= 2 * kGrain && op != kLogSumExp && op != kProd) {
      // one long row: partial results per chunk, combined in chunk order
      const int64_t chunks = std::min<int64_t>(64, r / kGrain);
      std::vector<double> part(static_cast<size_t>(chunks));
      parallel_for(chunks, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; c++) {
          const int64_t b = r * c / chunks, e = r * (c + 1) / chunks;
          part[c] = reduce_row(op, x + b, e - b, 0.0);
        }
      });
      double a = part[0];
      for (int64_t c = 1; c < chunks; c++) a = combine(op, a, part[c]);
      acc[0] = a;
      return;
    }
    parallel_for(outer, std::max<int64_t>(1, kGrain / std::max<int64_t>(r, 1)), [&](int64_t o0, int64_t o1) {
      for (int64_t o = o0; o < o1; o++) acc[o] = reduce_row(op, x + o * r, r, shifts ? shifts[o] : 0.0);
    });
    return;
  }
  const int64_t blocks = (inner + kBlock - 1) / kBlock;
  const int64_t units = outer * blocks;
  parallel_for(units, std::max<int64_t>(1, kGrain / std::max<int64_t>(r * kBlock, 1)), [&](int64_t u0, int64_t u1) {
    double a[kBlock];
    for (int64_t u = u0; u < u1; u++) {
      const int64_t o = u / blocks, i0 = (u % blocks) * kBlock, len = std::min(kBlock, inner - i0);
      double* dst = acc + o * inner + i0;
      const double init = init_of<T>(op);
      for (int64_t j = 0; j < len; j++) a[j] = init;
      const T* base = x + o * r * inner + i0;
      if (op == kSum || op == kMean) {
        for (int64_t k = 0; k < r; k++) {
          const T* row = base + k * inner;
          for (int64_t j = 0; j < len; j++) a[j] += static_cast<double>(row[j]);
        }
      } else if (op == kMax || op == kMin) {
        const double sg = op == kMax ? 1.0 : -1.0;  // max of sg * v, NaN propagating
        for (int64_t j = 0; j < len; j++) a[j] = -INFINITY;
        for (int64_t k = 0; k < r; k++) {
          const T* row = base + k * inner;
          for (int64_t j = 0; j < len; j++) {
            const double v = static_cast<double>(row[j]) * sg;
            a[j] = (v > a[j] || v != v) ? v : a[j];
          }
        }
        for (int64_t j = 0; j < len; j++) a[j] *= sg;
      } else {
        for (int64_t k = 0; k < r; k++) {
          const T* row = base + k * inner;
          for (int64_t j = 0; j < len; j++) a[j] = step(op, a[j], row[j], shifts ? shifts[o * inner + i0 + j] : 0.0);
        }
      }
      std::memcpy(dst, a, static_cast<size_t>(len) * sizeof(double));
    }
  });
}

template <class T>
void reduce_typed(int op, int dt, const T* x, int64_t outer, int64_t r, int64_t inner, void* out, int out_dt) {
  const int64_t slots = outer * inner;
  std::vector<double> acc(static_cast<size_t>(slots));
  if (op == kLogSumExp) {
    reduce_slots(kMax, x, outer, r, inner, nullptr, acc.data());
    std::vector<double> shift(acc.size());
    for (size_t k = 0; k < acc.size(); k++) shift[k] = std::isfinite(acc[k]) ? acc[k] : 0.0;
    if (r > 0) reduce_slots(kLogSumExp, x, outer, r, inner, shift.data(), acc.data());
    else std::fill(acc.begin(), acc.end(), 0.0);
    for (size_t k = 0; k < acc.size(); k++) acc[k] = std::log(acc[k]) + shift[k];
  } else if (r == 0) {
    std::fill(acc.begin(), acc.end(), init_of<T>(op));
  } else {
    reduce_slots(op, x, outer, r, inner, nullptr, acc.data());
  }
  for (int64_t k = 0; k < slots; k++) {
    switch (out_dt) {
      case kF32: static_cast<float*>(out)[k] = finish<T, float>(op, acc[k], r, dt); break;
      case kF64: static_cast<double*>(out)[k] = finish<T, double>(op, acc[k], r, dt); break;
      case kI32: static_cast<int32_t*>(out)[k] = finish<T, int32_t>(op, acc[k], r, dt); break;
      default: static_cast<uint8_t*>(out)[k] = finish<T, uint8_t>(op, acc[k], r, dt); break;
    }
  }
}

// Copies x (shape `shape`) into y with its axes permuted by `perm` (y's axis d is x's axis perm[d]).
template <class T>
void transpose(const T* x, T* y, const std::vector<int64_t>& shape, const std::vector<int>& perm) {
  const size_t rank = shape.size();
  std::vector<int64_t> xs(rank, 1);
  for (size_t d = rank - 1; d-- > 0;) xs[d] = xs[d + 1] * shape[d + 1];
  std::vector<int64_t> dims(rank), st(rank);
  int64_t total = 1;
  for (size_t d = 0; d < rank; d++) {
    dims[d] = shape[perm[d]];
    st[d] = xs[perm[d]];
    total *= dims[d];
  }
  const int64_t inner = dims[rank - 1], sin = st[rank - 1];
  const int64_t rows = inner == 0 ? 0 : total / inner;
  parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(inner, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t row = r0; row < r1; row++) {
      int64_t rem = row, off = 0;
      for (size_t d = rank - 1; d-- > 0;) {
        off += (rem % dims[d]) * st[d];
        rem /= dims[d];
      }
      T* dst = y + row * inner;
      for (int64_t i = 0; i < inner; i++) dst[i] = x[off + i * sin];
    }
  });
}

template <class T>
void reduce_any_axes(int op, int dt, const T* x, const std::vector<int64_t>& shape, const std::vector<int64_t>& axes,
                     void* out, int out_dt) {
  const size_t rank = shape.size();
  std::vector<bool> red(rank, false);
  for (int64_t a : axes) red[static_cast<size_t>(a)] = true;
  // groups of adjacent kept / reduced axes (size-1 axes belong to neither)
  std::vector<std::pair<bool, int64_t>> groups;
  int64_t total = 1;
  for (size_t d = 0; d < rank; d++) {
    total *= shape[d];
    if (shape[d] == 1) continue;
    if (!groups.empty() && groups.back().first == red[d]) groups.back().second *= shape[d];
    else groups.emplace_back(red[d], shape[d]);
  }
  int nred = 0;
  for (auto& g : groups) nred += g.first ? 1 : 0;
  if (nred <= 1) {
    int64_t outer = 1, r = 1, inner = 1;
    bool seen = false;
    for (auto& g : groups) {
      if (g.first) { r = g.second; seen = true; }
      else if (seen) inner *= g.second;
      else outer *= g.second;
    }
    if (total == 0) {
      // some axis is empty: count the reduced and kept sizes directly
      outer = 1; inner = 1; r = 1;
      for (size_t d = 0; d < rank; d++) (red[d] ? r : outer) *= shape[d];
    }
    reduce_typed(op, dt, x, outer, r, inner, out, out_dt);
    return;
  }
  // several reduced blocks: transpose kept axes first, then reduce the trailing block
  std::vector<int> perm;
  int64_t kept = 1, r = 1;
  for (size_t d = 0; d < rank; d++) if (!red[d]) { perm.push_back(static_cast<int>(d)); kept *= shape[d]; }
  for (size_t d = 0; d < rank; d++) if (red[d]) { perm.push_back(static_cast<int>(d)); r *= shape[d]; }
  std::vector<T> tmp(static_cast<size_t>(total));
  transpose(x, tmp.data(), shape, perm);
  reduce_typed(op, dt, tmp.data(), kept, r, 1, out, out_dt);
}

}  // namespace

void reduce(int op, int dt, const void* x, const std::vector<int64_t>& shape, const std::vector<int64_t>& axes,
            void* out, int out_dt) {
  switch (dt) {
    case kF32: reduce_any_axes(op, dt, static_cast<const float*>(x), shape, axes, out, out_dt); break;
    case kF64: reduce_any_axes(op, dt, static_cast<const double*>(x), shape, axes, out, out_dt); break;
    case kI32: reduce_any_axes(op, dt, static_cast<const int32_t*>(x), shape, axes, out, out_dt); break;
    default: reduce_any_axes(op, dt, static_cast<const uint8_t*>(x), shape, axes, out, out_dt); break;
  }
}

// ---------------------------------------------------------------------------------------------

namespace {
template <class T>
void arg_typed(const T* x, int64_t outer, int64_t n, int64_t inner, int sign, int32_t* out) {
  parallel_for(outer * inner, std::max<int64_t>(1, kGrain / std::max<int64_t>(n, 1)), [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; s++) {
      const int64_t o = s / inner, i = s % inner;
      const T* base = x + o * n * inner + i;
      double best = static_cast<double>(base[0]) * sign;
      int32_t at = 0;
      for (int64_t k = 1; k < n; k++) {
        const double cur = static_cast<double>(base[k * inner]) * sign;
        if (cur > best) {
          best = cur;
          at = static_cast<int32_t>(k);
        }
      }
      out[s] = at;
    }
  });
}
}  // namespace

void arg_reduce(int dt, const void* x, int64_t outer, int64_t n, int64_t inner, int sign, int32_t* out) {
  switch (dt) {
    case kF32: arg_typed(static_cast<const float*>(x), outer, n, inner, sign, out); break;
    case kF64: arg_typed(static_cast<const double*>(x), outer, n, inner, sign, out); break;
    case kI32: arg_typed(static_cast<const int32_t*>(x), outer, n, inner, sign, out); break;
    default: arg_typed(static_cast<const uint8_t*>(x), outer, n, inner, sign, out); break;
  }
}

namespace {
// One softmax slot as the js reference computes it (double precision), along stride `st`.
template <class T>
void softmax_ref(const T* x, T* y, int64_t n, int64_t st, bool log) {
  double mx = -INFINITY;
  for (int64_t k = 0; k < n; k++) {
    const double v = static_cast<double>(x[k * st]);
    if (v > mx || v != v) mx = v;
  }
  double total = 0;
  for (int64_t k = 0; k < n; k++) total += std::exp(static_cast<double>(x[k * st]) - mx);
  const double lt = std::log(total);
  for (int64_t k = 0; k < n; k++) {
    const double s = static_cast<double>(x[k * st]) - mx;
    y[k * st] = static_cast<T>(log ? s - lt : std::exp(s) / total);
  }
}

// exp of a row of shifted values in place (float32: the SIMD exp where available).
inline void exp_row(float* v, int64_t n) {
#if defined(FLUXION_HAVE_AVX2)
  if (use_avx2() && unary_f32_avx2(kExp, v, v, n, 0.f, 0.f)) return;
#endif
  unary_f32_portable(kExp, v, v, n, 0.f, 0.f);
}
inline void exp_row(double* v, int64_t n) {
  for (int64_t i = 0; i < n; i++) v[i] = std::exp(v[i]);
}

// Softmax along a non-last axis: a block of up to kBlock adjacent slots at a time, walking the
// axis row by row (contiguous loads) instead of one strided slot at a time.
template <class T>
void softmax_block(const T* x, T* y, int64_t n, int64_t inner, int64_t len, bool log) {
  double m[kBlock], s[kBlock];
  T e[kBlock];
  for (int64_t j = 0; j < len; j++) {
    m[j] = -INFINITY;
    s[j] = 0;
  }
  for (int64_t k = 0; k < n; k++) {
    const T* row = x + k * inner;
    for (int64_t j = 0; j < len; j++) {
      const double v = static_cast<double>(row[j]);
      if (v > m[j] || v != v) m[j] = v;
    }
  }
  for (int64_t k = 0; k < n; k++) {
    const T* row = x + k * inner;
    for (int64_t j = 0; j < len; j++) e[j] = static_cast<T>(static_cast<double>(row[j]) - m[j]);
    exp_row(e, len);
    T* out = y + k * inner;
    for (int64_t j = 0; j < len; j++) {
      s[j] += static_cast<double>(e[j]);
      if (!log) out[j] = e[j];
    }
  }
  for (int64_t j = 0; j < len; j++) s[j] = log ? std::log(s[j]) : 1.0 / s[j];
  for (int64_t k = 0; k < n; k++) {
    const T* row = x + k * inner;
    T* out = y + k * inner;
    if (log) {
      for (int64_t j = 0; j < len; j++) out[j] = static_cast<T>(static_cast<double>(row[j]) - m[j] - s[j]);
    } else {
      for (int64_t j = 0; j < len; j++) out[j] = static_cast<T>(static_cast<double>(out[j]) * s[j]);
    }
  }
}

template <class T>
void softmax_typed(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool log) {
  if (inner > 1) {
    const int64_t blocks = (inner + kBlock - 1) / kBlock;
    const int64_t grain = std::max<int64_t>(1, 8192 / std::max<int64_t>(n * kBlock, 1));
    parallel_for(outer * blocks, grain, [&](int64_t u0, int64_t u1) {
      for (int64_t u = u0; u < u1; u++) {
        const int64_t o = u / blocks, i0 = (u % blocks) * kBlock, len = std::min(kBlock, inner - i0);
        const int64_t base = o * n * inner + i0;
        softmax_block(x + base, y + base, n, inner, len, log);
      }
    });
    return;
  }
  const int64_t grain = std::max<int64_t>(1, 8192 / std::max<int64_t>(n, 1));
  parallel_for(outer, grain, [&](int64_t s0, int64_t s1) {
    for (int64_t o = s0; o < s1; o++) {
      const int64_t base = o * n;
      if constexpr (std::is_same<T, float>::value) {
#if defined(FLUXION_HAVE_AVX2)
        if (use_avx2()) {
          softmax_row_f32_avx2(x + base, y + base, n, log);
          continue;
        }
#endif
      }
      softmax_ref(x + base, y + base, n, 1, log);
    }
  });
}

template <class T>
void softmax_xent_typed(const T* z, const T* x, T* loss, T* logsm, int64_t outer, int64_t n, int64_t inner) {
  const int64_t grain = std::max<int64_t>(1, 8192 / std::max<int64_t>(n, 1));
  parallel_for(outer * inner, grain, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; s++) {
      const int64_t o = s / inner, i = s % inner;
      const int64_t base = o * n * inner + i;
      const T* xs = x + base;
      double m = -INFINITY;
      for (int64_t j = 0; j < n; j++) {
        const double v = static_cast<double>(xs[j * inner]);
        m = (v != v || m != m) ? NAN : std::max(m, v);  // Math.max
      }
      if (!std::isfinite(m)) m = 0;
      double sum = 0;
      bool done = false;
      if constexpr (std::is_same<T, float>::value) {
#if defined(FLUXION_HAVE_AVX2)
        if (inner == 1 && use_avx2()) {
          sum = sum_exp_shift_f32_avx2(xs, n, static_cast<float>(m));
          done = true;
        }
#endif
      }
      if (!done)
        for (int64_t j = 0; j < n; j++) sum += std::exp(static_cast<double>(xs[j * inner]) - m);
      const double lse = m + std::log(sum);
      double l = 0;
      for (int64_t j = 0; j < n; j++) {
        const int64_t at = base + j * inner;
        const double ls = static_cast<double>(x[at]) - lse;
        logsm[at] = static_cast<T>(ls);
        const double zz = static_cast<double>(z[at]);
        if (zz != 0) l -= zz * ls;
      }
      loss[s] = static_cast<T>(l);
    }
  });
}
}  // namespace

void softmax(int dt, const void* x, void* y, int64_t outer, int64_t n, int64_t inner, bool log) {
  if (dt == kF32) softmax_typed(static_cast<const float*>(x), static_cast<float*>(y), outer, n, inner, log);
  else softmax_typed(static_cast<const double*>(x), static_cast<double*>(y), outer, n, inner, log);
}

void softmax_xent(int dt, const void* labels, const void* logits, void* loss, void* logsm, int64_t outer, int64_t n,
                  int64_t inner) {
  if (dt == kF32) {
    softmax_xent_typed(static_cast<const float*>(labels), static_cast<const float*>(logits), static_cast<float*>(loss),
                       static_cast<float*>(logsm), outer, n, inner);
  } else {
    softmax_xent_typed(static_cast<const double*>(labels), static_cast<const double*>(logits), static_cast<double*>(loss),
                       static_cast<double*>(logsm), outer, n, inner);
  }
}

void sigmoid_xent(int dt, const void* labels, const void* logits, void* out, int64_t n) {
  parallel_for(n, 4096, [&](int64_t s, int64_t e) {
    if (dt == kF32) {
      const float* z = static_cast<const float*>(labels) + s;
      const float* x = static_cast<const float*>(logits) + s;
      float* y = static_cast<float*>(out) + s;
#if defined(FLUXION_HAVE_AVX2)
      if (use_avx2()) {
        sigmoid_xent_f32_avx2(z, x, y, e - s);
        return;
      }
#endif
      for (int64_t i = 0; i < e - s; i++) {
        const double xv = x[i], zv = z[i];
        y[i] = static_cast<float>((xv != xv ? xv : std::max(xv, 0.0)) - xv * zv + std::log1p(std::exp(-std::fabs(xv))));
      }
    } else {
      const double* z = static_cast<const double*>(labels);
      const double* x = static_cast<const double*>(logits);
      double* y = static_cast<double*>(out);
      for (int64_t i = s; i < e; i++) {
        const double xv = x[i], zv = z[i];
        y[i] = (xv != xv ? xv : std::max(xv, 0.0)) - xv * zv + std::log1p(std::exp(-std::fabs(xv)));
      }
    }
  });
}

}  // namespace fx
