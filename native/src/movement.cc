// Movement kernels: strided copies (transpose, broadcast, tile, slice, pad, concat, reverse...),
// gathers and scatters, segment sums, mirror padding; and fused in-place optimizer updates.
// Elements are moved as bits through memcpy (no aliasing assumptions, every dtype alike).
#include "movement.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pool.h"

namespace fx {
namespace {

// A chunk handed to one thread is at least this many bytes of copying.
constexpr int64_t kGrainBytes = 512 * 1024;
// Long runs are split into pieces of this many bytes so that a few huge runs still spread over threads.
constexpr int64_t kPieceBytes = 64 * 1024;
// Bytes of the source-contiguous axis per transpose band (64 floats): with kBlockJ columns per block,
// blocks of 64x64 floats (16 KB in, 16 KB out) stay in L1 (best of bands of 16-32 and blocks of
// 32-64 measured on 4096x4096, 4000x4000 and 2048x2048).
constexpr int64_t kBandBytes = 256;

template <int ES>
struct Bits;
template <>
struct Bits<1> {
  using T = uint8_t;
};
template <>
struct Bits<2> {
  using T = uint16_t;
};
template <>
struct Bits<4> {
  using T = uint32_t;
};
template <>
struct Bits<8> {
  using T = uint64_t;
};

template <int ES>
inline void copy1(uint8_t* d, const uint8_t* s) {
  typename Bits<ES>::T v;
  std::memcpy(&v, s, ES);
  std::memcpy(d, &v, ES);
}

int64_t grain_items(int64_t item_bytes) { return std::max<int64_t>(1, kGrainBytes / std::max<int64_t>(1, item_bytes)); }

// Axes in bytes after dropping size-1 axes and merging axes contiguous in both buffers.
struct Dims {
  int r = 0;
  int64_t n[kMaxCopyRank];
  int64_t s[kMaxCopyRank];
  int64_t d[kMaxCopyRank];
};

Dims simplify(int es, const std::vector<int64_t>& shape, const std::vector<int64_t>& ss, const std::vector<int64_t>& ds) {
  // Innermost first while merging, reversed at the end.
  Dims rev;
  for (int k = static_cast<int>(shape.size()) - 1; k >= 0; k--) {
    const int64_t n = shape[k];
    if (n == 1) continue;
    const int64_t s = ss[k] * es, d = ds[k] * es;
    if (rev.r > 0) {
      const int g = rev.r - 1;
      if (s == rev.s[g] * rev.n[g] && d == rev.d[g] * rev.n[g]) {
        rev.n[g] *= n;
        continue;
      }
    }
    rev.n[rev.r] = n;
    rev.s[rev.r] = s;
    rev.d[rev.r] = d;
    rev.r++;
  }
  Dims out;
  out.r = rev.r;
  for (int k = 0; k < rev.r; k++) {
    out.n[k] = rev.n[rev.r - 1 - k];
    out.s[k] = rev.s[rev.r - 1 - k];
    out.d[k] = rev.d[rev.r - 1 - k];
  }
  return out;
}

// The axes walked by an odometer (all but the ones an inner kernel handles).
struct Outer {
  int r = 0;
  int64_t n[kMaxCopyRank];
  int64_t s[kMaxCopyRank];
  int64_t d[kMaxCopyRank];
  int64_t count() const {
    int64_t c = 1;
    for (int k = 0; k < r; k++) c *= n[k];
    return c;
  }
};

// Runs body(src_offset, dst_offset, piece) for items [b, e), item = outer_index * pieces + piece.
template <typename Body>
void walk(const Outer& o, int64_t pieces, int64_t b, int64_t e, const Body& body) {
  int64_t idx[kMaxCopyRank];
  int64_t oi = b / pieces, pc = b % pieces;
  int64_t so = 0, dof = 0;
  for (int k = o.r - 1; k >= 0; k--) {
    idx[k] = oi % o.n[k];
    oi /= o.n[k];
    so += idx[k] * o.s[k];
    dof += idx[k] * o.d[k];
  }
  for (int64_t it = b; it < e; it++) {
    body(so, dof, pc);
    if (++pc == pieces) {
      pc = 0;
      for (int k = o.r - 1; k >= 0; k--) {
        so += o.s[k];
        dof += o.d[k];
        if (++idx[k] < o.n[k]) break;
        so -= o.s[k] * o.n[k];
        dof -= o.d[k] * o.n[k];
        idx[k] = 0;
      }
    }
  }
}

// One run of `len` elements: contiguous copy, fill from one element, or a strided loop.
template <int ES>
inline void copy_run(uint8_t* dst, int64_t dl, const uint8_t* src, int64_t sl, int64_t len) {
  if (sl == ES && dl == ES) {
    std::memcpy(dst, src, static_cast<size_t>(len) * ES);
  } else if (sl == 0 && dl == ES) {
    if (ES == 1) {
      std::memset(dst, *src, static_cast<size_t>(len));
    } else {
      typename Bits<ES>::T v;
      std::memcpy(&v, src, ES);
      for (int64_t j = 0; j < len; j++) std::memcpy(dst + j * ES, &v, ES);
    }
  } else if (sl == -ES && dl == ES) {
    for (int64_t j = 0; j < len; j++) copy1<ES>(dst + j * ES, src - j * ES);
  } else {
    for (int64_t j = 0; j < len; j++) copy1<ES>(dst + j * dl, src + j * sl);
  }
}

// Transpose of a band: dst[i * da + j * ES] = src[i * ES + j * sb] for i in [i0, i1), j in [0, nb),
// in blocks of kBlockJ columns; inside a block, micro-tiles of 4x4 (float, SSE) or 2x2 (double).
constexpr int64_t kBlockJ = 64;

template <int ES>
void transpose_block_scalar(const uint8_t* src, int64_t sb, uint8_t* dst, int64_t da, int64_t i0, int64_t i1, int64_t j0,
                            int64_t j1) {
  for (int64_t i = i0; i < i1; i++)
    for (int64_t j = j0; j < j1; j++) copy1<ES>(dst + i * da + j * ES, src + i * ES + j * sb);
}

template <int ES>
void transpose_band(const uint8_t* src, int64_t sb, uint8_t* dst, int64_t da, int64_t i0, int64_t i1, int64_t nb) {
  for (int64_t j0 = 0; j0 < nb; j0 += kBlockJ) {
    const int64_t j1 = std::min(nb, j0 + kBlockJ);
#if defined(__SSE2__)
    if (ES == 4 || ES == 8) {
      constexpr int64_t T = ES == 4 ? 4 : 2;
      const int64_t ie = i0 + (i1 - i0) / T * T, je = j0 + (j1 - j0) / T * T;
      for (int64_t i = i0; i < ie; i += T) {
        for (int64_t j = j0; j < je; j += T) {
          const uint8_t* s = src + i * ES + j * sb;
          uint8_t* d = dst + i * da + j * ES;
          if (ES == 4) {
            __m128 r0 = _mm_loadu_ps(reinterpret_cast<const float*>(s));
            __m128 r1 = _mm_loadu_ps(reinterpret_cast<const float*>(s + sb));
            __m128 r2 = _mm_loadu_ps(reinterpret_cast<const float*>(s + 2 * sb));
            __m128 r3 = _mm_loadu_ps(reinterpret_cast<const float*>(s + 3 * sb));
            _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
            _mm_storeu_ps(reinterpret_cast<float*>(d), r0);
            _mm_storeu_ps(reinterpret_cast<float*>(d + da), r1);
            _mm_storeu_ps(reinterpret_cast<float*>(d + 2 * da), r2);
            _mm_storeu_ps(reinterpret_cast<float*>(d + 3 * da), r3);
          } else {
            const __m128d r0 = _mm_loadu_pd(reinterpret_cast<const double*>(s));
            const __m128d r1 = _mm_loadu_pd(reinterpret_cast<const double*>(s + sb));
            _mm_storeu_pd(reinterpret_cast<double*>(d), _mm_unpacklo_pd(r0, r1));
            _mm_storeu_pd(reinterpret_cast<double*>(d + da), _mm_unpackhi_pd(r0, r1));
          }
        }
      }
      // Edges: the last columns of every row, then the last rows.
      transpose_block_scalar<ES>(src, sb, dst, da, i0, ie, je, j1);
      transpose_block_scalar<ES>(src, sb, dst, da, ie, i1, j0, j1);
      continue;
    }
#endif
    transpose_block_scalar<ES>(src, sb, dst, da, i0, i1, j0, j1);
  }
}

template <int ES>
void strided_copy_es(const Dims& D, const uint8_t* src, uint8_t* dst) {
  if (D.r == 0) {
    copy1<ES>(dst, src);
    return;
  }
  const int last = D.r - 1;
  // A pair of axes (a contiguous in the source, b contiguous in the destination): blocked transpose.
  int a = -1, b = -1;
  if (D.d[last] == ES && D.s[last] != ES && D.n[last] >= 4) {
    for (int p = 0; p < last; p++)
      if (D.s[p] == ES && D.n[p] >= 4) a = p, b = last;
  } else if (D.s[last] == ES && D.d[last] != ES && D.n[last] >= 4) {
    for (int p = 0; p < last; p++)
      if (D.d[p] == ES && D.n[p] >= 4) a = last, b = p;
  }
  Outer o;
  if (a >= 0) {
    for (int k = 0; k < D.r; k++) {
      if (k == a || k == b) continue;
      o.n[o.r] = D.n[k], o.s[o.r] = D.s[k], o.d[o.r] = D.d[k];
      o.r++;
    }
    const int64_t na = D.n[a], nb = D.n[b], sb = D.s[b], da = D.d[a];
    constexpr int64_t kBand = kBandBytes / ES;
    const int64_t bands = (na + kBand - 1) / kBand;
    const int64_t total = o.count() * bands;
    parallel_for(total, grain_items(kBand * nb * ES), [&](int64_t lo, int64_t hi) {
      walk(o, bands, lo, hi, [&](int64_t so, int64_t dof, int64_t band) {
        const int64_t i0 = band * kBand;
        transpose_band<ES>(src + so, sb, dst + dof, da, i0, std::min(na, i0 + kBand), nb);
      });
    });
    return;
  }
  for (int k = 0; k < last; k++) {
    o.n[o.r] = D.n[k], o.s[o.r] = D.s[k], o.d[o.r] = D.d[k];
    o.r++;
  }
  const int64_t len = D.n[last], sl = D.s[last], dl = D.d[last];
  const int64_t piece = std::max<int64_t>(1, kPieceBytes / ES);
  const int64_t pieces = (len + piece - 1) / piece;
  const int64_t item_len = std::min(len, piece);
  parallel_for(o.count() * pieces, grain_items(item_len * ES), [&](int64_t lo, int64_t hi) {
    walk(o, pieces, lo, hi, [&](int64_t so, int64_t dof, int64_t pc) {
      const int64_t j0 = pc * piece;
      copy_run<ES>(dst + dof + j0 * dl, dl, src + so + j0 * sl, sl, std::min(len - j0, piece));
    });
  });
}

// Slices of `slice` elements, split into pieces of at most kPieceBytes: fn(n, j0, len) for each.
template <typename F>
void for_each_piece(int64_t count, int64_t slice, int es, const F& fn) {
  const int64_t piece = std::max<int64_t>(1, kPieceBytes / es);
  const int64_t pieces = (slice + piece - 1) / piece;
  const int64_t item_len = std::min(slice, piece);
  parallel_for(count * pieces, grain_items(item_len * es + 16), [&](int64_t lo, int64_t hi) {
    for (int64_t it = lo; it < hi; it++) {
      const int64_t n = it / pieces, j0 = (it % pieces) * piece;
      fn(n, j0, std::min(slice - j0, piece));
    }
  });
}

template <int ES>
void gather_es(const uint8_t* src, const int64_t* offs, int64_t count, int64_t slice, uint8_t* dst) {
  if (slice == 1) {
    parallel_for(count, grain_items(ES + 8), [&](int64_t lo, int64_t hi) {
      for (int64_t n = lo; n < hi; n++) copy1<ES>(dst + n * ES, src + offs[n] * ES);
    });
    return;
  }
  for_each_piece(count, slice, ES, [&](int64_t n, int64_t j0, int64_t len) {
    std::memcpy(dst + (n * slice + j0) * ES, src + (offs[n] + j0) * ES, static_cast<size_t>(len) * ES);
  });
}

template <int ES>
void gather_axis_es(const uint8_t* x, const int32_t* idx, int64_t rows, int64_t batch_rows, int64_t n, int64_t inner,
                    int64_t per, uint8_t* out) {
  const int64_t bytes = inner * ES;
  // Items: (row, chunk of indices); a chunk moves ~64 KB.
  const int64_t chunk = std::max<int64_t>(1, kPieceBytes / std::max<int64_t>(1, bytes));
  const int64_t chunks = (per + chunk - 1) / chunk;
  parallel_for(rows * chunks, grain_items(std::min(per, chunk) * bytes + 16), [&](int64_t lo, int64_t hi) {
    for (int64_t it = lo; it < hi; it++) {
      const int64_t r = it / chunks, j0 = (it % chunks) * chunk, j1 = std::min(per, j0 + chunk);
      const int32_t* ix = idx + (r / batch_rows) * per;
      const uint8_t* base = x + r * n * bytes;
      uint8_t* o = out + r * per * bytes;
      if (inner == 1) {
        for (int64_t j = j0; j < j1; j++) copy1<ES>(o + j * ES, base + static_cast<int64_t>(ix[j]) * ES);
      } else {
        for (int64_t j = j0; j < j1; j++) {
          std::memcpy(o + j * bytes, base + static_cast<int64_t>(ix[j]) * bytes, static_cast<size_t>(bytes));
        }
      }
    }
  });
}

// Applies fn(j0, j1) over column ranges of a slice: in parallel when slices are long (each thread
// then walks every slice in order over its columns, so the order of updates is kept), else serially.
template <typename F>
void by_columns(int64_t count, int64_t slice, int es, const F& fn) {
  const int64_t col_grain = std::max<int64_t>(1, kGrainBytes / std::max<int64_t>(1, count * es));
  if (slice >= 1024 / es) {
    parallel_for(slice, std::max<int64_t>(col_grain, 256), [&](int64_t j0, int64_t j1) { fn(j0, j1); });
  } else {
    fn(0, slice);
  }
}

template <typename T>
void accumulate_rows(T* acc, const T* src, int64_t n) {
  for (int64_t j = 0; j < n; j++) acc[j] += src[j];
}

}  // namespace

void strided_copy(int elem_size, const std::vector<int64_t>& shape, const uint8_t* src,
                  const std::vector<int64_t>& src_strides, uint8_t* dst, const std::vector<int64_t>& dst_strides) {
  for (int64_t n : shape)
    if (n == 0) return;
  const Dims D = simplify(elem_size, shape, src_strides, dst_strides);
  switch (elem_size) {
    case 1:
      return strided_copy_es<1>(D, src, dst);
    case 2:
      return strided_copy_es<2>(D, src, dst);
    case 4:
      return strided_copy_es<4>(D, src, dst);
    default:
      return strided_copy_es<8>(D, src, dst);
  }
}

void gather_slices(int elem_size, const uint8_t* src, const int64_t* src_offsets, int64_t count, int64_t slice,
                   uint8_t* dst) {
  if (count == 0 || slice == 0) return;
  switch (elem_size) {
    case 1:
      return gather_es<1>(src, src_offsets, count, slice, dst);
    case 2:
      return gather_es<2>(src, src_offsets, count, slice, dst);
    case 4:
      return gather_es<4>(src, src_offsets, count, slice, dst);
    default:
      return gather_es<8>(src, src_offsets, count, slice, dst);
  }
}

void gather_axis(int elem_size, const uint8_t* x, const int32_t* idx, int64_t batch, int64_t outer, int64_t n,
                 int64_t inner, int64_t per, uint8_t* out) {
  const int64_t rows = batch * outer;
  if (rows == 0 || per == 0 || inner == 0) return;
  switch (elem_size) {
    case 1:
      return gather_axis_es<1>(x, idx, rows, outer, n, inner, per, out);
    case 2:
      return gather_axis_es<2>(x, idx, rows, outer, n, inner, per, out);
    case 4:
      return gather_axis_es<4>(x, idx, rows, outer, n, inner, per, out);
    default:
      return gather_axis_es<8>(x, idx, rows, outer, n, inner, per, out);
  }
}

void scatter_slices(int elem_size, const uint8_t* src, int64_t count, int64_t slice, uint8_t* dst,
                    const int64_t* dst_offsets) {
  if (count == 0 || slice == 0) return;
  const int64_t es = elem_size;
  by_columns(count, slice, elem_size, [&](int64_t j0, int64_t j1) {
    for (int64_t n = 0; n < count; n++) {
      std::memcpy(dst + (dst_offsets[n] + j0) * es, src + (n * slice + j0) * es, static_cast<size_t>(j1 - j0) * es);
    }
  });
}

void scatter_add(AccumKind kind, const void* updates, int64_t count, int64_t slice, void* out, int64_t out_size,
                 const int64_t* dst_offsets) {
  if (count == 0 || slice == 0) return;
  switch (kind) {
    case AccumKind::kFloat32: {
      // The js backend sums in float64 and rounds once. A slot (an output slice; offsets are
      // multiples of `slice`) written once gets 0 + u exactly; slots written more often sum in a
      // float64 scratch of their own, in order, and are rounded once.
      const float* u = static_cast<const float*>(updates);
      float* o = static_cast<float*>(out);
      const int64_t slots = out_size / slice;
      std::vector<int32_t> hits(static_cast<size_t>(slots), 0);
      for (int64_t n = 0; n < count; n++) {
        int32_t& h = hits[static_cast<size_t>(dst_offsets[n] / slice)];
        if (h < 2) h++;
      }
      std::vector<int64_t> scratch_of(static_cast<size_t>(slots), -1);
      int64_t dup = 0;
      for (int64_t t = 0; t < slots; t++)
        if (hits[t] > 1) scratch_of[t] = dup++;
      std::vector<double> acc(static_cast<size_t>(dup * slice), 0.0);
      by_columns(count, slice, 4, [&](int64_t j0, int64_t j1) {
        for (int64_t n = 0; n < count; n++) {
          const int64_t slot = dst_offsets[n] / slice;
          const float* s = u + n * slice;
          if (scratch_of[slot] < 0) {
            float* a = o + dst_offsets[n];
            for (int64_t j = j0; j < j1; j++) a[j] = 0.0f + s[j];
          } else {
            double* a = acc.data() + scratch_of[slot] * slice;
            for (int64_t j = j0; j < j1; j++) a[j] += static_cast<double>(s[j]);
          }
        }
      });
      for (int64_t t = 0; t < slots; t++) {
        if (scratch_of[t] < 0) continue;
        const double* a = acc.data() + scratch_of[t] * slice;
        float* dst = o + t * slice;
        for (int64_t j = 0; j < slice; j++) dst[j] = static_cast<float>(a[j]);
      }
      return;
    }
    case AccumKind::kFloat64: {
      const double* u = static_cast<const double*>(updates);
      double* o = static_cast<double*>(out);
      by_columns(count, slice, 8, [&](int64_t j0, int64_t j1) {
        for (int64_t n = 0; n < count; n++) accumulate_rows(o + dst_offsets[n] + j0, u + n * slice + j0, j1 - j0);
      });
      return;
    }
    case AccumKind::kInt32: {
      // Wrapping (modulo 2^32) sums, like the js backend's float64 sum stored into an Int32Array.
      const int32_t* u = static_cast<const int32_t*>(updates);
      int32_t* o = static_cast<int32_t*>(out);
      by_columns(count, slice, 4, [&](int64_t j0, int64_t j1) {
        for (int64_t n = 0; n < count; n++) {
          int32_t* a = o + dst_offsets[n];
          const int32_t* s = u + n * slice;
          for (int64_t j = j0; j < j1; j++) {
            a[j] = static_cast<int32_t>(static_cast<uint32_t>(a[j]) + static_cast<uint32_t>(s[j]));
          }
        }
      });
      return;
    }
    case AccumKind::kBool: {
      const uint8_t* u = static_cast<const uint8_t*>(updates);
      uint8_t* o = static_cast<uint8_t*>(out);
      by_columns(count, slice, 1, [&](int64_t j0, int64_t j1) {
        for (int64_t n = 0; n < count; n++) {
          uint8_t* a = o + dst_offsets[n];
          const uint8_t* s = u + n * slice;
          for (int64_t j = j0; j < j1; j++) a[j] = (a[j] | s[j]) != 0 ? 1 : 0;
        }
      });
      return;
    }
  }
}

namespace {

// Segment sums over segment ranges [s0, s1): every thread scans all ids, keeping the order of sums.
template <typename Acc, typename In, typename Add>
void segment_sum_range(Acc* acc, const In* x, const int32_t* ids, int64_t count, int64_t inner, int64_t s0, int64_t s1,
                       int64_t j0, int64_t j1, const Add& add) {
  if (inner == 1) {
    // Scalars per id: no inner loop.
    for (int64_t s = 0; s < count; s++) {
      const int64_t id = ids[s];
      if (id >= s0 && id < s1) acc[id] = add(acc[id], x[s]);
    }
    return;
  }
  for (int64_t s = 0; s < count; s++) {
    const int64_t id = ids[s];
    if (id < s0 || id >= s1) continue;
    Acc* a = acc + id * inner;
    const In* v = x + s * inner;
    for (int64_t j = j0; j < j1; j++) a[j] = add(a[j], v[j]);
  }
}

template <typename Acc, typename In, typename Add>
void segment_sum(Acc* acc, const In* x, const int32_t* ids, int64_t count, int64_t inner, int64_t num_segments,
                 const Add& add) {
  if (inner * static_cast<int64_t>(sizeof(In)) >= 1024) {
    // Long slices: split the columns.
    parallel_for(inner, 256, [&](int64_t j0, int64_t j1) {
      segment_sum_range(acc, x, ids, count, inner, 0, num_segments, j0, j1, add);
    });
  } else if (inner >= 16) {
    // Medium slices: split the segments (each thread reads all ids but only its segments' rows).
    const int64_t work = count * inner;
    const int64_t grain = work >= (1 << 18) ? std::max<int64_t>(1, num_segments / 8) : num_segments;
    parallel_for(num_segments, grain, [&](int64_t s0, int64_t s1) {
      segment_sum_range(acc, x, ids, count, inner, s0, s1, 0, inner, add);
    });
  } else {
    // Short slices: one pass (a split by segments would cost each thread a mispredicted branch per id;
    // per-thread partial sums would change the order of the additions).
    segment_sum_range(acc, x, ids, count, inner, 0, num_segments, 0, inner, add);
  }
}

}  // namespace

void unsorted_segment_sum(AccumKind kind, const void* x, const int32_t* ids, int64_t count, int64_t inner, void* out,
                          int64_t num_segments) {
  if (count == 0 || inner == 0 || num_segments == 0) return;
  switch (kind) {
    case AccumKind::kFloat32: {
      std::vector<double> acc(static_cast<size_t>(num_segments * inner), 0.0);
      segment_sum(acc.data(), static_cast<const float*>(x), ids, count, inner, num_segments,
                  [](double a, float v) { return a + static_cast<double>(v); });
      float* o = static_cast<float*>(out);
      for (size_t i = 0; i < acc.size(); i++) o[i] = static_cast<float>(acc[i]);
      return;
    }
    case AccumKind::kFloat64:
      segment_sum(static_cast<double*>(out), static_cast<const double*>(x), ids, count, inner, num_segments,
                  [](double a, double v) { return a + v; });
      return;
    case AccumKind::kInt32:
      segment_sum(static_cast<int32_t*>(out), static_cast<const int32_t*>(x), ids, count, inner, num_segments,
                  [](int32_t a, int32_t v) {
                    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(v));
                  });
      return;
    case AccumKind::kBool:
      segment_sum(static_cast<uint8_t*>(out), static_cast<const uint8_t*>(x), ids, count, inner, num_segments,
                  [](uint8_t a, uint8_t v) -> uint8_t { return (a | v) != 0 ? 1 : 0; });
      return;
  }
}

void mirror_pad(int elem_size, const uint8_t* x, const std::vector<int64_t>& x_shape,
                const std::vector<std::vector<int64_t>>& maps, int64_t last_before, uint8_t* out) {
  const int rank = static_cast<int>(x_shape.size());
  const int64_t es = elem_size;
  if (rank == 0) {
    std::memcpy(out, x, static_cast<size_t>(es));
    return;
  }
  for (const auto& m : maps)
    if (m.empty()) return;
  // Byte offset in x of each position of each output axis.
  std::vector<std::vector<int64_t>> offs(rank);
  int64_t stride = es;
  for (int d = rank - 1; d >= 0; d--) {
    offs[d].resize(maps[d].size());
    for (size_t j = 0; j < maps[d].size(); j++) offs[d][j] = maps[d][j] * stride;
    stride *= x_shape[d];
  }
  const int last = rank - 1;
  const int64_t row = static_cast<int64_t>(maps[last].size());
  const int64_t n_last = x_shape[last];
  // The middle of a row, where map[j] = j - before, is one contiguous copy.
  const int64_t before = std::min(std::max<int64_t>(last_before, 0), row);
  int64_t mid = 0;
  while (before + mid < row && mid < n_last && maps[last][before + mid] == mid) mid++;
  int64_t rows = 1;
  for (int d = 0; d < last; d++) rows *= static_cast<int64_t>(maps[d].size());
  const int64_t* lo_offs = offs[last].data();
  parallel_for(rows, grain_items(row * es + 64), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      int64_t so = 0, rem = r;
      for (int d = last - 1; d >= 0; d--) {
        const int64_t len = static_cast<int64_t>(maps[d].size());
        so += offs[d][rem % len];
        rem /= len;
      }
      const uint8_t* s = x + so;
      uint8_t* o = out + r * row * es;
      for (int64_t j = 0; j < before; j++) std::memcpy(o + j * es, s + lo_offs[j], static_cast<size_t>(es));
      std::memcpy(o + before * es, s, static_cast<size_t>(mid * es));
      for (int64_t j = before + mid; j < row; j++) std::memcpy(o + j * es, s + lo_offs[j], static_cast<size_t>(es));
    }
  });
}

// ------------------------------------------------------------------ optimizers

namespace {
// About 30 bytes of traffic per element: chunks of 32K elements are ~1 MB.
constexpr int64_t kOptGrain = 32768;
}  // namespace

// The loops take __restrict pointers (the binding checks that the arrays do not overlap) so that
// they vectorize; the flags are template parameters so that each variant is a branch-free loop.
template <bool kMomentum, bool kNesterov>
void sgd_range(float* __restrict p, const float* __restrict g, float* __restrict m, int64_t b, int64_t e, float lr,
               float mu, float decay) {
  if (decay != 0.0f)
    for (int64_t i = b; i < e; i++) p[i] -= p[i] * decay;
  for (int64_t i = b; i < e; i++) {
    if (!kMomentum) {
      p[i] -= lr * g[i];
    } else {
      const float mi = mu * m[i] - lr * g[i];
      m[i] = mi;
      p[i] += kNesterov ? mu * mi - lr * g[i] : mi;
    }
  }
}

void sgd_update(float* p, const float* g, float* m, int64_t n, double lr, double momentum, bool nesterov,
                double weight_decay) {
  const float lr_f = static_cast<float>(lr), mu = static_cast<float>(momentum);
  const float decay = static_cast<float>(weight_decay * lr);
  parallel_for(n, kOptGrain, [&](int64_t b, int64_t e) {
    if (m == nullptr) sgd_range<false, false>(p, g, m, b, e, lr_f, mu, decay);
    else if (nesterov) sgd_range<true, true>(p, g, m, b, e, lr_f, mu, decay);
    else sgd_range<true, false>(p, g, m, b, e, lr_f, mu, decay);
  });
}

// One element of Adam: the decayed parameter first, then the moments and the step, in this order in both the
// in-place and the out-of-place loops, so that they give equal bits.
struct AdamElem {
  float p, m, v, vhat;
};

// The step's float32 coefficients, from the hyperparameters in double (bias corrections folded into alpha).
struct AdamCoef {
  float alpha, c1, c2, eps, decay;
};

static AdamCoef adam_coef(double lr, double beta1, double beta2, double epsilon, double step, double weight_decay) {
  const double b1p = std::pow(beta1, step), b2p = std::pow(beta2, step);
  return {static_cast<float>(lr * std::sqrt(1.0 - b2p) / (1.0 - b1p)), static_cast<float>(1.0 - beta1),
          static_cast<float>(1.0 - beta2), static_cast<float>(epsilon), static_cast<float>(weight_decay * lr)};
}

template <bool kAmsgrad>
inline AdamElem adam_elem(float p, float g, float m, float v, float vhat, const AdamCoef& k) {
  const float pi = k.decay != 0.0f ? p - p * k.decay : p;
  const float mi = m + (g - m) * k.c1;
  const float vi = v + (g * g - v) * k.c2;
  const float denom_v = kAmsgrad ? (vhat > vi ? vhat : vi) : vi;
  return {pi - (mi * k.alpha) / (std::sqrt(denom_v) + k.eps), mi, vi, denom_v};
}

template <bool kAmsgrad>
void adam_range(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v,
                float* __restrict vhat, int64_t b, int64_t e, const AdamCoef k) {
  for (int64_t i = b; i < e; i++) {
    const AdamElem r = adam_elem<kAmsgrad>(p[i], g[i], m[i], v[i], kAmsgrad ? vhat[i] : 0.0f, k);
    p[i] = r.p;
    m[i] = r.m;
    v[i] = r.v;
    if (kAmsgrad) vhat[i] = r.vhat;
  }
}

void adam_update(float* p, const float* g, float* m, float* v, float* vhat, int64_t n, double lr, double beta1,
                 double beta2, double epsilon, double step, double weight_decay) {
  const AdamCoef k = adam_coef(lr, beta1, beta2, epsilon, step, weight_decay);
  parallel_for(n, kOptGrain, [&](int64_t b, int64_t e) {
    if (vhat == nullptr) adam_range<false>(p, g, m, v, vhat, b, e, k);
    else adam_range<true>(p, g, m, v, vhat, b, e, k);
  });
}

template <bool kAmsgrad>
void adam_range_to(const float* __restrict p, const float* __restrict g, const float* __restrict m,
                   const float* __restrict v, const float* __restrict vhat, float* __restrict po, float* __restrict mo,
                   float* __restrict vo, float* __restrict vho, int64_t b, int64_t e, const AdamCoef k) {
  for (int64_t i = b; i < e; i++) {
    const AdamElem r = adam_elem<kAmsgrad>(p[i], g[i], m[i], v[i], kAmsgrad ? vhat[i] : 0.0f, k);
    po[i] = r.p;
    mo[i] = r.m;
    vo[i] = r.v;
    if (kAmsgrad) vho[i] = r.vhat;
  }
}

void adam_update_to(const float* p, const float* g, const float* m, const float* v, const float* vhat, float* po,
                    float* mo, float* vo, float* vho, int64_t n, double lr, double beta1, double beta2, double epsilon,
                    double step, double weight_decay) {
  const AdamCoef k = adam_coef(lr, beta1, beta2, epsilon, step, weight_decay);
  parallel_for(n, kOptGrain, [&](int64_t b, int64_t e) {
    if (vhat == nullptr) adam_range_to<false>(p, g, m, v, vhat, po, mo, vo, vho, b, e, k);
    else adam_range_to<true>(p, g, m, v, vhat, po, mo, vo, vho, b, e, k);
  });
}

void adam_tfjs_update(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                      int64_t n, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
                      float one_minus_acc_beta1, float one_minus_acc_beta2, float epsilon, float neg_lr) {
  parallel_for(n, kOptGrain, [&](int64_t b, int64_t e) {
    const float* __restrict pp = p;
    const float* __restrict gp = g;
    const float* __restrict mp = m;
    const float* __restrict vp = v;
    float* __restrict pop = po;
    float* __restrict mop = mo;
    float* __restrict vop = vo;
    for (int64_t i = b; i < e; i++) {
      const float gi = gp[i];
      const float mi = mp[i] * beta1 + gi * one_minus_beta1;
      const float vi = vp[i] * beta2 + (gi * gi) * one_minus_beta2;
      mop[i] = mi;
      vop[i] = vi;
      pop[i] = ((mi / one_minus_acc_beta1) / (std::sqrt(vi / one_minus_acc_beta2) + epsilon)) * neg_lr + pp[i];
    }
  });
}

template <bool kCentered, bool kMomentum>
void rmsprop_range(float* __restrict p, const float* __restrict g, float* __restrict v, float* __restrict mom,
                   float* __restrict avg, int64_t b, int64_t e, float lr, float r, float c, float mu, float eps,
                   float decay) {
  if (decay != 0.0f)
    for (int64_t i = b; i < e; i++) p[i] -= p[i] * decay;
  for (int64_t i = b; i < e; i++) {
    const float gi = g[i];
    const float vi = r * v[i] + c * (gi * gi);
    v[i] = vi;
    float denom = vi + eps;
    if (kCentered) {
      const float ai = r * avg[i] + c * gi;
      avg[i] = ai;
      denom = vi - ai * ai + eps;
    }
    const float inc = lr * gi / std::sqrt(denom);
    if (kMomentum) {
      const float mi = mu * mom[i] + inc;
      mom[i] = mi;
      p[i] -= mi;
    } else {
      p[i] -= inc;
    }
  }
}

void rmsprop_update(float* p, const float* g, float* v, float* mom, float* avg, int64_t n, double lr, double rho,
                    double momentum, double epsilon, double weight_decay) {
  const float lr_f = static_cast<float>(lr), r = static_cast<float>(rho), c = static_cast<float>(1.0 - rho);
  const float mu = static_cast<float>(momentum), eps = static_cast<float>(epsilon);
  const float decay = static_cast<float>(weight_decay * lr);
  parallel_for(n, kOptGrain, [&](int64_t b, int64_t e) {
    if (avg != nullptr && mom != nullptr) rmsprop_range<true, true>(p, g, v, mom, avg, b, e, lr_f, r, c, mu, eps, decay);
    else if (avg != nullptr) rmsprop_range<true, false>(p, g, v, mom, avg, b, e, lr_f, r, c, mu, eps, decay);
    else if (mom != nullptr) rmsprop_range<false, true>(p, g, v, mom, avg, b, e, lr_f, r, c, mu, eps, decay);
    else rmsprop_range<false, false>(p, g, v, mom, avg, b, e, lr_f, r, c, mu, eps, decay);
  });
}

}  // namespace fx
