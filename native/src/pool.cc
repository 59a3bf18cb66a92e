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
    const uint64_t gen = generation_.load(std::memory_order_acquire);
    for (int i = 1; i < n; i++) workers_.emplace_back([this, i, gen] { loop(i, gen); });
  }

  bool try_run(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    const int64_t max_chunks = std::max<int64_t>(1, n / std::max<int64_t>(1, grain));
    const int chunks = static_cast<int>(std::min<int64_t>(size(), max_chunks));
    if (chunks <= 1) {
      fn(ctx, 0, n);
      return true;
    }
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_fn_ = fn;
      job_ctx_ = ctx;
      job_n_ = n;
      job_chunks_ = chunks;
      pending_.store(chunks - 1, std::memory_order_relaxed);
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
      wake = sleeping_ > 0;
    }
    if (wake) cv_.notify_all();
    run_chunk(0);
    // Wait for the workers: spin briefly (jobs are short and balanced), then sleep.
    if (!spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lock(mu_);
      done_cv_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    return true;
  }

 private:
  void run_chunk(int c) {
    const int64_t per = (job_n_ + job_chunks_ - 1) / job_chunks_;
    const int64_t b = std::min<int64_t>(job_n_, per * c);
    const int64_t e = std::min<int64_t>(job_n_, b + per);
    if (b < e) job_fn_(job_ctx_, b, e);
  }

  void loop(int index, uint64_t seen) {
    for (;;) {
      // Spin for the next job a while (no syscall on either side), then sleep.
      spin_until([&] {
        return generation_.load(std::memory_order_acquire) != seen || stopping_flag_.load(std::memory_order_acquire);
      });
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (stopping_ || generation_.load(std::memory_order_relaxed) == seen) {
          sleeping_++;
          cv_.wait(lock, [&] { return stopping_ || generation_.load(std::memory_order_relaxed) != seen; });
          sleeping_--;
        }
        if (stopping_) return;
        seen = generation_.load(std::memory_order_relaxed);
        if (index >= job_chunks_) continue;
      }
      run_chunk(index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mu_);
        done_cv_.notify_one();
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
  bool stopping_ = false;                    // guarded by mu_
  std::atomic<bool> stopping_flag_{false};   // its lock-free mirror, for spinning workers
  std::atomic<uint64_t> generation_{0};      // written under mu_
  int sleeping_ = 0;                         // workers waiting on cv_ (guarded by mu_)
  RangeFn job_fn_ = nullptr;
  void* job_ctx_ = nullptr;
  int64_t job_n_ = 0;
  int job_chunks_ = 0;
  std::atomic<int> pending_{0};
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
