#include "pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <immintrin.h>
#define FX_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define FX_CPU_RELAX() asm volatile("yield" ::: "memory")
#else
#define FX_CPU_RELAX() std::this_thread::yield()
#endif

namespace fx {
namespace {

// After a job a worker spins this long for the next one before sleeping on the condition variable: back-to-back
// jobs (a layer's GEMMs, a training step's kernels) then skip the futex wake-up (tens of microseconds), while an
// idle process stops burning CPU after this bound. The caller likewise spins this long for the workers to finish.
constexpr auto kSpin = std::chrono::microseconds(100);

// Chunks are claimed dynamically, so a thread that starts late (woken from sleep, or sharing its core with
// another process or with V8's compiler and GC threads) leaves its chunk to the others instead of holding up the
// whole job. There is one chunk per thread (fewer when there is too little work): the caller claims chunk 0, and
// with two threads a worker that is on time claims chunk 1 as in the previous job, so data that a job reuses (the
// weights of batch-1 inference, an optimizer's state) stays in that core's cache (with more threads the workers
// take the other chunks in the order they arrive). Kernels that want finer load balancing
// make more, smaller items themselves (GEMM's tiles).

// Spins (bounded by kSpin) until done() holds; returns whether it did.
template <typename F>
bool spin_until(const F& done) {
  if (done()) return true;
  const auto deadline = std::chrono::steady_clock::now() + kSpin;
  // A short burst of pause, then yield between checks, so that a spinner gives its core to any runnable
  // thread (the caller, another process) when the machine is oversubscribed.
  for (int i = 0; i < 256; i++) {
    FX_CPU_RELAX();
    if (done()) return true;
  }
  for (;;) {
    std::this_thread::yield();
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return done();
  }
}

// The job state is one 64-bit word, so that claiming a chunk is a single compare-and-swap that also proves the
// job is still the one the claimer saw: generation (32 bits) | next unclaimed chunk (16) | chunk count (16).
constexpr uint64_t pack_state(uint64_t gen, uint64_t next, uint64_t chunks) {
  return (gen << 32) | (next << 16) | chunks;
}
constexpr uint32_t state_gen(uint64_t s) { return static_cast<uint32_t>(s >> 32); }
constexpr int64_t state_next(uint64_t s) { return static_cast<int64_t>((s >> 16) & 0xffff); }
constexpr int64_t state_chunks(uint64_t s) { return static_cast<int64_t>(s & 0xffff); }

class ThreadPool {
 public:
  explicit ThreadPool(int n) { resize(n); }
  ~ThreadPool() { stop_all(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int n) {
    n = std::max(1, std::min(n, 256));
    if (n == size() && !workers_.empty()) return;
    stop_all();
    stopping_ = false;
    stopping_flag_.store(false, std::memory_order_release);
    const uint32_t gen = state_gen(state_.load(std::memory_order_acquire));
    for (int i = 1; i < n; i++) workers_.emplace_back([this, gen] { loop(gen); });
  }

  bool try_run(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    const int64_t max_chunks = std::max<int64_t>(1, n / std::max<int64_t>(1, grain));
    const int64_t chunks = std::min<int64_t>(size(), max_chunks);
    if (chunks <= 1) {
      fn(ctx, 0, n);
      return true;
    }
    job_fn_ = fn;
    job_ctx_ = ctx;
    job_n_ = n;
    job_chunks_ = chunks;
    done_.store(0, std::memory_order_relaxed);
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const uint32_t gen = state_gen(state_.load(std::memory_order_relaxed)) + 1;
      // The caller claims chunk 0 as it publishes the job.
      state_.store(pack_state(gen, 1, static_cast<uint64_t>(chunks)), std::memory_order_release);
      wake = sleeping_ > 0;
    }
    if (wake) cv_.notify_all();
    run_chunk(0);
    int64_t finished = 1 + claim_and_run(state_gen(state_.load(std::memory_order_relaxed)));
    if (done_.fetch_add(finished, std::memory_order_acq_rel) + finished == chunks) return true;
    // Wait for the chunks the workers claimed: spin briefly (they are short and balanced), then sleep.
    if (!spin_until([&] { return done_.load(std::memory_order_acquire) == chunks; })) {
      std::unique_lock<std::mutex> lock(mu_);
      done_cv_.wait(lock, [&] { return done_.load(std::memory_order_acquire) == chunks; });
    }
    return true;
  }

 private:
  void run_chunk(int64_t c) {
    const int64_t per = (job_n_ + job_chunks_ - 1) / job_chunks_;
    const int64_t b = std::min<int64_t>(job_n_, per * c);
    const int64_t e = std::min<int64_t>(job_n_, b + per);
    if (b < e) job_fn_(job_ctx_, b, e);
  }

  // Claims and runs chunks of job `gen` until none is left; returns how many it ran. A successful claim also
  // proves that the job's fields are the ones published with `gen`: the caller cannot return (and publish
  // another job) before this thread reports the chunk done.
  int64_t claim_and_run(uint32_t gen) {
    int64_t ran = 0;
    uint64_t s = state_.load(std::memory_order_acquire);
    for (;;) {
      if (state_gen(s) != gen || state_next(s) >= state_chunks(s)) return ran;
      if (!state_.compare_exchange_weak(s, s + (uint64_t{1} << 16), std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
        continue;
      }
      run_chunk(state_next(s));
      ran++;
      s = state_.load(std::memory_order_acquire);
    }
  }

  void loop(uint32_t seen) {
    for (;;) {
      // Spin for the next job a while (no syscall on either side), then sleep.
      spin_until([&] {
        return state_gen(state_.load(std::memory_order_acquire)) != seen ||
               stopping_flag_.load(std::memory_order_acquire);
      });
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (!stopping_ && state_gen(state_.load(std::memory_order_relaxed)) == seen) {
          sleeping_++;
          cv_.wait(lock, [&] { return stopping_ || state_gen(state_.load(std::memory_order_relaxed)) != seen; });
          sleeping_--;
        }
        if (stopping_) return;
        seen = state_gen(state_.load(std::memory_order_relaxed));
      }
      const int64_t ran = claim_and_run(seen);
      if (ran > 0) {
        const int64_t chunks = job_chunks_;  // still this job's: the caller waits for our chunks
        if (done_.fetch_add(ran, std::memory_order_acq_rel) + ran == chunks) {
          std::lock_guard<std::mutex> lock(mu_);
          done_cv_.notify_one();
        }
      }
    }
  }

  void stop_all() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      stopping_flag_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex busy_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable done_cv_;
  bool stopping_ = false;                   // guarded by mu_
  std::atomic<bool> stopping_flag_{false};  // its lock-free mirror, for spinning workers
  std::atomic<uint64_t> state_{0};          // see pack_state; a new generation is published under mu_
  std::atomic<int64_t> done_{0};            // chunks of the current job that have finished
  int sleeping_ = 0;                        // workers waiting on cv_ (guarded by mu_)
  RangeFn job_fn_ = nullptr;
  void* job_ctx_ = nullptr;
  int64_t job_n_ = 0;
  int64_t job_chunks_ = 0;
};

int count_physical_cores() {
  // Linux: distinct (package, core) pairs; elsewhere the logical count.
  std::set<std::string> cores;
  const unsigned logical = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned cpu = 0; cpu < logical; cpu++) {
    const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
    std::ifstream core(base + "core_id"), pkg(base + "physical_package_id");
    std::string c, p;
    if (!(core >> c) || !(pkg >> p)) return static_cast<int>(logical);
    cores.insert(p + ":" + c);
  }
  return cores.empty() ? static_cast<int>(logical) : static_cast<int>(cores.size());
}

ThreadPool& pool() {
  static ThreadPool instance(default_num_threads());
  return instance;
}

}  // namespace

int default_num_threads() {
  if (const char* env = std::getenv("FLUXION_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return count_physical_cores();
}

int num_threads() { return pool().size(); }

void set_num_threads(int n) { pool().resize(n); }

void parallel_for(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
  if (n <= 0) return;
  if (n <= grain || !pool().try_run(n, grain, fn, ctx)) fn(ctx, 0, n);
}

}  // namespace fx
