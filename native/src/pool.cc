#include "pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fx {
namespace {

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
    for (int i = 1; i < n; i++) workers_.emplace_back([this, i] { loop(i); });
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
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_fn_ = fn;
      job_ctx_ = ctx;
      job_n_ = n;
      job_chunks_ = chunks;
      pending_.store(chunks - 1, std::memory_order_relaxed);
      generation_++;
    }
    cv_.notify_all();
    run_chunk(0);
    // Wait for the workers: spin briefly (jobs are short), then sleep.
    for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; spin++) {
      if (spin > 4000) {
        std::unique_lock<std::mutex> lock(mu_);
        done_cv_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
        break;
      }
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

  void loop(int index) {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
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
  bool stopping_ = false;
  uint64_t generation_ = 0;
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
