// One persistent thread pool for every kernel. The calling (JavaScript) thread takes part in
// each job, so a pool of N threads runs N-1 workers. Jobs never overlap: a parallel_for issued
// while another is running (e.g. from a worker_thread) runs serially on its caller.
#pragma once
#include <cstddef>
#include <cstdint>

namespace fx {

// fn(ctx, begin, end) processes [begin, end).
using RangeFn = void (*)(void* ctx, int64_t begin, int64_t end);

int num_threads();
void set_num_threads(int n);
// Threads by default: FLUXION_NUM_THREADS if set, else the number of physical cores.
int default_num_threads();

// Splits [0, n) into at most num_threads() contiguous chunks of at least `grain` items and runs
// them in parallel. Runs inline when n <= grain or the pool has one thread.
void parallel_for(int64_t n, int64_t grain, RangeFn fn, void* ctx);

// Convenience for lambdas: parallel_for(n, grain, [&](int64_t b, int64_t e) {...}).
template <typename F>
void parallel_for(int64_t n, int64_t grain, const F& f) {
  parallel_for(
      n, grain, [](void* ctx, int64_t b, int64_t e) { (*static_cast<const F*>(ctx))(b, e); },
      const_cast<void*>(static_cast<const void*>(&f)));
}

}  // namespace fx
