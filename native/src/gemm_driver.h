// The blocked GEMM driver shared by the portable path (gemm.cc) and the AVX2+FMA path (gemm_avx2.cc), in the
// style of BLIS/OpenBLAS: op(B) is packed once per NC-column panel into NR-wide micro-panels (each by the first
// tile that reads it, shared with the tiles of other row groups), each thread packs MR-high micro-panels of op(A) for its MC x KC block (kept in L2), and the
// micro-kernel multiplies one MR x KC sliver of A by one KC x NR sliver of B (in L1) into an MR x NR register
// tile. Packing reads the operands in either orientation, so transposed operands cost the same as plain ones.
//
// Everything here has internal linkage (anonymous namespace): each translation unit gets its own copy, compiled
// with its own flags, so the AVX2 build of this code can never be picked by the linker for the portable path.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <thread>
#include <type_traits>

#include "gemm.h"
#include "pool.h"

namespace fx {
namespace {

// A growable 64-byte-aligned scratch buffer (one per thread and purpose, reused across calls).
template <typename T>
class ScratchBuffer {
 public:
  ~ScratchBuffer() { std::free(p_); }
  T* get(size_t n) {
    if (n > cap_) {
      std::free(p_);
      p_ = nullptr;
      cap_ = 0;
      const size_t bytes = ((n * sizeof(T) + 63) / 64) * 64;
      p_ = static_cast<T*>(std::aligned_alloc(64, bytes));
      if (p_ == nullptr) throw std::bad_alloc();
      cap_ = n;
    }
    return p_;
  }

 private:
  T* p_ = nullptr;
  size_t cap_ = 0;
};

inline float activate_scalar(float v, Activation act, float alpha) {
  switch (act) {
    case Activation::kNone: return v;
    case Activation::kRelu: return v < 0.f ? 0.f : v;
    case Activation::kRelu6: return v < 0.f ? 0.f : (v > 6.f ? 6.f : v);
    case Activation::kSigmoid: return 1.f / (1.f + std::exp(-v));
    case Activation::kTanh: return std::tanh(v);
    case Activation::kElu: return v > 0.f ? v : std::expm1(v);
    case Activation::kLeakyRelu: return v > 0.f ? v : alpha * v;
  }
  return v;
}

// Null when the epilogue does nothing.
inline const Epilogue* effective_epilogue(const Epilogue* ep) {
  if (ep == nullptr || (ep->bias == nullptr && ep->activation == Activation::kNone)) return nullptr;
  return ep;
}

// k == 0 (or an empty product): C = (accumulate ? C : 0), then the epilogue.
template <typename T>
void gemm_k0(int64_t m, int64_t n, T* c, int64_t ldc, bool accumulate, const Epilogue* ep) {
  for (int64_t i = 0; i < m; i++) {
    for (int64_t j = 0; j < n; j++) {
      T v = accumulate ? c[i * ldc + j] : T(0);
      if (ep != nullptr) {
        float f = static_cast<float>(v) + (ep->bias != nullptr ? ep->bias[j] : 0.f);
        v = static_cast<T>(activate_scalar(f, ep->activation, ep->alpha));
      }
      c[i * ldc + j] = v;
    }
  }
}

inline void spin_pause(int& spins) {
  if (++spins > 64) std::this_thread::yield();
}

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

// Whether K packs full panels itself with SIMD (K::pack_a_full / K::pack_b_full / K::pack_bt_full); the generic
// loops below handle edges, and every panel when K has no such functions.
template <class K, class = void>
struct HasFastPack : std::false_type {};
template <class K>
struct HasFastPack<K, std::void_t<decltype(&K::pack_a_full), decltype(&K::pack_b_full), decltype(&K::pack_bt_full)>>
    : std::true_type {};

// K: the micro-kernel traits: T, MR, NR, KC, MC, and
//   static void kernel(int64_t kc, const T* a, const T* b, T* c, int64_t ldc, int mr, int nr, bool load_c,
//                      const Epilogue* ep, int64_t col0);
// computing C[0:mr, 0:nr] (+)= A_panel * B_panel, then (when ep) c = act(c + bias[col0 + j]).
template <class K>
struct BlockedGemm {
  using T = typename K::T;
  static constexpr int MR = K::MR;
  static constexpr int NR = K::NR;
  static constexpr int kUnpacked = 0, kPacking = 1, kPacked = 2;

  // MR-high panels of op(A)[i0:i0+mc, p0:p0+kc], each [kc][MR], zero-padded to a multiple of MR rows.
  static void pack_a(const T* a, int64_t lda, bool trans, int64_t i0, int64_t mc, int64_t p0, int64_t kc, T* out) {
    for (int64_t ir = 0; ir < mc; ir += MR) {
      const int64_t mr = std::min<int64_t>(MR, mc - ir);
      T* dst = out + ir * kc;
      if (!trans) {
        const T* src = a + (i0 + ir) * lda + p0;
        if constexpr (HasFastPack<K>::value) {
          if (mr == MR) {
            K::pack_a_full(src, lda, kc, dst);
            continue;
          }
        }
        if (mr == MR) {
          for (int64_t p = 0; p < kc; p++)
            for (int ii = 0; ii < MR; ii++) dst[p * MR + ii] = src[ii * lda + p];
        } else {
          for (int64_t p = 0; p < kc; p++)
            for (int ii = 0; ii < MR; ii++) dst[p * MR + ii] = ii < mr ? src[ii * lda + p] : T(0);
        }
      } else {
        const T* src = a + p0 * lda + i0 + ir;
        if (mr == MR) {
          for (int64_t p = 0; p < kc; p++)
            for (int ii = 0; ii < MR; ii++) dst[p * MR + ii] = src[p * lda + ii];
        } else {
          for (int64_t p = 0; p < kc; p++)
            for (int ii = 0; ii < MR; ii++) dst[p * MR + ii] = ii < mr ? src[p * lda + ii] : T(0);
        }
      }
    }
  }

  // NR-wide panel q of op(B)[0:k, j0 + q*NR : ...], laid out [k][NR] at out + q*NR*k, zero-padded columns.
  static void pack_b_panel(const T* b, int64_t ldb, bool trans, int64_t k, int64_t j, int64_t nr, T* dst) {
    if constexpr (HasFastPack<K>::value) {
      if (nr == NR) {
        if (!trans) K::pack_b_full(b + j, ldb, k, 1, dst, NR * k);
        else K::pack_bt_full(b + j * ldb, ldb, k, dst);
        return;
      }
    }
    if (!trans) {
      const T* src = b + j;
      for (int64_t p = 0; p < k; p++) {
        const T* row = src + p * ldb;
        T* d = dst + p * NR;
        if (nr == NR) {
          for (int jj = 0; jj < NR; jj++) d[jj] = row[jj];
        } else {
          for (int jj = 0; jj < NR; jj++) d[jj] = jj < nr ? row[jj] : T(0);
        }
      }
    } else {
      // op(B)(p, j) = b[j * ldb + p]: read 8 contiguous elements of each of the NR rows, write an 8 x NR block.
      const T* src = b + j * ldb;
      constexpr int64_t PB = 8;
      for (int64_t p0 = 0; p0 < k; p0 += PB) {
        const int64_t pe = std::min<int64_t>(k, p0 + PB);
        for (int jj = 0; jj < NR; jj++) {
          if (jj < nr) {
            const T* row = src + jj * ldb;
            for (int64_t p = p0; p < pe; p++) dst[p * NR + jj] = row[p];
          } else {
            for (int64_t p = p0; p < pe; p++) dst[p * NR + jj] = T(0);
          }
        }
      }
    }
  }

  struct alignas(64) Cursor {
    std::atomic<int64_t> next{0};
  };

  struct Job {
    bool ta, tb, accumulate;
    int64_t m, n, k, lda, ldb, ldc;
    const T* a;
    const T* b;
    T* c;
    const Epilogue* ep;
    int64_t jc, nc, panels;  // the current column panel of C and its NR-panel count
    T* bpack;
    int tm, tn;              // the thread grid (tm row groups x tn column groups)
    int64_t rows_per;        // rows per row group (multiple of MR)
    int64_t panels_per;      // NR-panels per column group
    int64_t kc_block;        // KC used (balanced)
    int threads;                        // the threads that share the tiles (each with a home list of them)
    bool home_groups;                   // home lists by column group (tn a multiple of threads), else by tile
    Cursor* cursors;                    // cursors[h]: the next unclaimed entry of thread h's home list
    std::atomic<int>* ready = nullptr;  // the state of NR-panel q of B: kUnpacked, kPacking, kPacked
  };

  // Rows [r0, r1) x panels [q0, q1) of the current column panel.
  static void compute(Job& J, int64_t r0, int64_t r1, int64_t q0, int64_t q1, T* apack) {
    if (r0 >= r1 || q0 >= q1) return;
    const int64_t rows = r1 - r0;
    const int64_t nmb = ceil_div(rows, K::MC);
    const int64_t mcb = round_up(ceil_div(rows, nmb), MR);
    for (int64_t ic = r0; ic < r1; ic += mcb) {
      const int64_t mc = std::min<int64_t>(mcb, r1 - ic);
      for (int64_t pc = 0; pc < J.k; pc += J.kc_block) {
        const int64_t kc = std::min<int64_t>(J.kc_block, J.k - pc);
        pack_a(J.a, J.lda, J.ta, ic, mc, pc, kc, apack);
        const bool load_c = J.accumulate || pc > 0;
        const Epilogue* ep = pc + kc >= J.k ? J.ep : nullptr;
        for (int64_t q = q0; q < q1; q++) {
          // Panels are packed by whichever thread claimed them: wait for this one only (not for all of B), so
          // a thread computes its first panels while the others still pack their last ones.
          if (ic == r0 && pc == 0 && J.ready != nullptr) {
            int spins = 0;
            while (J.ready[q].load(std::memory_order_acquire) != kPacked) spin_pause(spins);
          }
          const T* bp = J.bpack + q * NR * J.k + pc * NR;
          const int64_t j = J.jc + q * NR;
          const int nr = static_cast<int>(std::min<int64_t>(NR, J.jc + J.nc - j));
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int mr = static_cast<int>(std::min<int64_t>(MR, mc - ir));
            K::kernel(kc, apack + ir * kc, bp, J.c + (ic + ir) * J.ldc + j, J.ldc, mr, nr, load_c, ep, j);
          }
        }
      }
    }
  }

  // Packs panels [q0, q1) of B (claimed already) as one group: full panels of plain B row by row (one contiguous
  // stretch of each row of B at a time, which the prefetchers follow; panel by panel reads a strided column).
  static void pack_run(Job& J, int64_t q0, int64_t q1) {
    int64_t q = q0;
    if constexpr (HasFastPack<K>::value) {
      const int64_t full = std::min<int64_t>(q1, (J.nc / NR));  // panels q < full have NR columns
      if (!J.tb && full > q0) {
        K::pack_b_full(J.b + J.jc + q0 * NR, J.ldb, J.k, full - q0, J.bpack + q0 * NR * J.k, NR * J.k);
        q = full;
      }
    }
    for (; q < q1; q++) {
      const int64_t j = J.jc + q * NR;
      pack_b_panel(J.b, J.ldb, J.tb, J.k, j, std::min<int64_t>(NR, J.jc + J.nc - j), J.bpack + q * NR * J.k);
    }
    if (J.ready != nullptr) {
      for (q = q0; q < q1; q++) J.ready[q].store(kPacked, std::memory_order_release);
    }
  }

  // Claims and packs the panels of [s0, s1) that no other tile has claimed, in runs of up to 4.
  static void pack_unclaimed(Job& J, int64_t s0, int64_t s1) {
    constexpr int64_t G = 4;
    int64_t q = s0;
    while (q < s1) {
      int expected = kUnpacked;
      if (!J.ready[q].compare_exchange_strong(expected, kPacking, std::memory_order_acq_rel)) {
        q++;
        continue;
      }
      int64_t e = q + 1;
      while (e < s1 && e - q < G) {
        expected = kUnpacked;
        if (!J.ready[e].compare_exchange_strong(expected, kPacking, std::memory_order_acq_rel)) break;
        e++;
      }
      pack_run(J, q, e);
      q = e;
    }
  }

  // One tile: packs the B panels of its columns that no other tile has claimed, then computes (waiting for panels
  // that another tile is packing). A tile packs only panels it reads, so with the column groups spread over the
  // threads a thread reads the panels it packed itself: a panel packed on the other core reaches this one through
  // both caches, which cost 10-15% of a [128,256]x[256,128] product when the threads split the rows and shared B.
  // Row groups that share panels start packing at different places (tr's share of the range) and split the work.
  // `taken`: a tile of another thread's home list (see run_tiles), computed from this thread's own copy of its B
  // panels, packed here, rather than from the owner's: reading the owner's panels would pull their lines to this
  // core, and the owner, packing them again in the next product, would then have to take every line back. With
  // the two vCPUs of this project's shared VM far apart (a 300-400 ns round trip), that cost a thread that had
  // lost one tile 3x longer packs (6 us a panel instead of 2), so it lost the next product's tiles too, and the
  // threads took each other's tiles on most calls ([128,256]x[256,128]: tiles 15-23 us instead of 13).
  static void work(Job& J, int tid, bool taken = false) {
    const int tr = tid / J.tn;
    const int tc = tid % J.tn;
    const int64_t r0 = std::min<int64_t>(J.m, tr * J.rows_per);
    const int64_t r1 = std::min<int64_t>(J.m, r0 + J.rows_per);
    const int64_t q0 = std::min<int64_t>(J.panels, tc * J.panels_per);
    const int64_t q1 = std::min<int64_t>(J.panels, q0 + J.panels_per);
    if (r0 >= r1 || q0 >= q1) return;
    thread_local ScratchBuffer<T> abuf;
    const int64_t max_mc = round_up(std::min<int64_t>(K::MC, round_up(J.m, MR)) + MR, MR);
    T* apack = abuf.get(static_cast<size_t>(max_mc * J.kc_block));
    if (taken) {
      thread_local ScratchBuffer<T> own_b;
      Job L = J;  // the panels [q0, q1) as a column panel of their own, in own_b, with no shared states
      L.jc = J.jc + q0 * NR;
      L.nc = std::min<int64_t>(J.nc - q0 * NR, (q1 - q0) * NR);
      L.panels = q1 - q0;
      L.bpack = own_b.get(static_cast<size_t>(L.panels * NR * J.k));
      L.ready = nullptr;
      pack_run(L, 0, L.panels);
      compute(L, r0, r1, 0, L.panels, apack);
      return;
    }
    const int64_t start = q0 + (q1 - q0) * tr / J.tm;
    pack_unclaimed(J, start, q1);
    pack_unclaimed(J, q0, start);
    compute(J, r0, r1, q0, q1, apack);
  }

  // Entry i of thread h's home list (nt / threads entries each). With column groups spread over the threads, a home
  // list holds whole column groups, each with its row groups in turn: the thread packs the group's B panels and
  // reads them from its own cache for every row group. (Tiles handed out from one counter followed that pattern
  // only while the threads kept pace; a thread falling one tile behind swapped every later tile's group, and each
  // tile then read the panels from the other core: 20-50% slower tiles on [128,784]x[784,256].)
  static int home_tile(const Job& J, int h, int64_t i) {
    if (!J.home_groups) return static_cast<int>(h + J.threads * i);
    const int64_t tc = h + J.threads * (i / J.tm);
    const int64_t tr = i % J.tm;
    return static_cast<int>(tr * J.tn + tc);
  }

  static void run_tiles(Job& J, int h) {
    const int64_t per = J.tm * J.tn / J.threads;
    for (int v = 0; v < J.threads; v++) {
      const int owner = (h + v) % J.threads;
      for (;;) {
        const int64_t i = J.cursors[owner].next.fetch_add(1, std::memory_order_relaxed);
        if (i >= per) break;
        work(J, home_tile(J, owner, i), owner != h && J.home_groups);
      }
    }
  }

  static void run(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
                  T* c, int64_t ldc, bool accumulate, const Epilogue* ep, int64_t parallel_threshold) {
    if (m <= 0 || n <= 0) return;
    ep = effective_epilogue(ep);
    if (k <= 0) {
      gemm_k0(m, n, c, ldc, accumulate, ep);
      return;
    }
    const double flops = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
    const int threads = flops >= static_cast<double>(parallel_threshold) ? std::max(1, num_threads()) : 1;
    // Tiles (tasks) per thread. The pool hands tasks out dynamically, so when a product is short next to the
    // time a worker may take to start (a wake-up, a core shared with V8's compiler or another process), it is
    // cut into up to kTasksPerThread tiles of at least kMinTaskFlops and a late thread computes fewer of them.
    // A long product keeps one tile per thread: there a start-up delay is small, while the last tile of an
    // oversplit product can leave one thread idle for a whole tile.
    constexpr double kMinTaskFlops = 1 << 19;
    constexpr double kStaticFlopsPerThread = 1 << 25;
    constexpr int kTasksPerThread = 4;
    const int per_thread =
        threads == 1 || flops >= kStaticFlopsPerThread * threads
            ? 1
            : std::max(1, std::min(kTasksPerThread, static_cast<int>(flops / (kMinTaskFlops * threads))));
    const int nt = threads * per_thread;
    // The packed op(B) of one column panel: k x NC, NC bounded so that it stays in L3.
    const int64_t nc_max = std::max<int64_t>(NR * 4, (std::max<int64_t>(K::NC_ELEMS / k, 1) / NR) * NR);
    const int64_t nkb = ceil_div(k, K::KC);
    const int64_t kc_block = ceil_div(k, nkb);
    thread_local ScratchBuffer<T> bbuf;
    const int64_t ncp = std::min<int64_t>(round_up(n, NR), nc_max);
    T* bpack = bbuf.get(static_cast<size_t>(ncp * k));
    const int64_t max_panels = ceil_div(ncp, NR);
    thread_local std::unique_ptr<std::atomic<int>[]> ready_buf;
    thread_local int64_t ready_cap = 0;
    if (ready_cap < max_panels) {
      ready_buf.reset(new std::atomic<int>[static_cast<size_t>(max_panels)]);
      ready_cap = max_panels;
    }
    for (int64_t jc = 0; jc < n; jc += nc_max) {
      Job J;
      J.ta = ta;
      J.tb = tb;
      J.accumulate = accumulate;
      J.m = m;
      J.n = n;
      J.k = k;
      J.lda = lda;
      J.ldb = ldb;
      J.ldc = ldc;
      J.a = a;
      J.b = b;
      J.c = c;
      J.ep = ep;
      J.jc = jc;
      J.nc = std::min<int64_t>(nc_max, n - jc);
      J.panels = ceil_div(J.nc, NR);
      J.bpack = bpack;
      J.ready = ready_buf.get();
      for (int64_t q = 0; q < J.panels; q++) J.ready[q].store(kUnpacked, std::memory_order_relaxed);
      J.kc_block = kc_block;
      // Thread grid: tm row groups x tn column groups, the one with the least estimated time per tile, in cycles
      // per unit of k: the multiply-adds of the padded tile (16 a cycle), packing the tile's rows of A (about half a
      // cycle an element: a column split packs the same rows once per column group), and reading B panels that the
      // other core packed (about 2 cycles an element, measured: cache-to-cache). With tn a multiple of the thread count,
      // each thread's home list holds whole column groups (home_tile), so it packs and reads its own panels unless
      // it takes over tiles of a late thread (the results do not depend on who computes a tile); otherwise most of
      // a tile's panels were packed elsewhere.
      int best_tm = 1;
      double best_cost = -1;
      for (int tm = nt; tm >= 1; tm--) {
        if (nt % tm != 0) continue;
        const int tn = nt / tm;
        const double rows = static_cast<double>(round_up(ceil_div(m, tm), MR));
        const double cols = static_cast<double>(ceil_div(J.panels, tn) * NR);
        const bool local_b = threads == 1 || tn % threads == 0;
        const double bytes = static_cast<double>(sizeof(T)) / 4.0;  // the estimates above are for float
        const double cost = rows * cols * bytes / 16.0 +
                            (rows * 0.5 + (local_b ? 0.0 : cols * 2.0 * (threads - 1) / threads)) * bytes;
        if (best_cost < 0 || cost < best_cost) {
          best_cost = cost;
          best_tm = tm;
        }
      }
      J.tm = best_tm;
      J.tn = nt / best_tm;
      J.rows_per = round_up(ceil_div(m, J.tm), MR);
      J.panels_per = ceil_div(J.panels, J.tn);
      if (nt == 1) {
        work(J, 0);
      } else {
        J.threads = threads;
        J.home_groups = J.tn % threads == 0;
        thread_local std::unique_ptr<Cursor[]> cursor_buf;
        thread_local int cursor_cap = 0;
        if (cursor_cap < threads) {
          cursor_buf.reset(new Cursor[static_cast<size_t>(threads)]);
          cursor_cap = threads;
        }
        J.cursors = cursor_buf.get();
        for (int h = 0; h < threads; h++) J.cursors[h].next.store(0, std::memory_order_relaxed);
        // Pool chunk h works through home list h, then takes what is left of the others' (a thread that starts
        // late computes fewer tiles).
        parallel_for(threads, 1, [&J](int64_t c0, int64_t c1) {
          for (int64_t h = c0; h < c1; h++) run_tiles(J, static_cast<int>(h));
        });
      }
    }
  }
};

}  // namespace
}  // namespace fx
