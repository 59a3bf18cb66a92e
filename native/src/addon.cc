// The `cpu` backend's native addon: kernels in C++17 with runtime SIMD dispatch and one thread pool.
#include <napi.h>

#include <cstdlib>
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cpu_features.h"
#include "families.h"
#include "pool.h"

namespace {

// Tensors' ArrayBuffers come from malloc (V8's allocator) and return to it only when the garbage collector
// frees them. glibc serves blocks of 128 KB and more with fresh mmap()s (then munmap()s them) and trims the top
// of the heap when 128 KB are free there, so a training step's activations (MBs each) fault in fresh pages on
// every step: a relu over 1M floats took 4.2 ms instead of 0.4. Raising both thresholds keeps freed blocks in
// the heap for the next step. FLUXION_MALLOC_TUNING=0 leaves glibc's defaults alone.
bool tune_malloc() {
#if defined(__GLIBC__)
  const char* opt = std::getenv("FLUXION_MALLOC_TUNING");
  if (opt != nullptr && std::strcmp(opt, "0") == 0) return false;
  const bool mmap_ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;  // glibc's maximum for this setting
  const bool trim_ok = mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
  return mmap_ok && trim_ok;
#else
  return false;
#endif
}

bool malloc_tuned = false;

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("simd", fx::simd_path_name());
  out.Set("threads", fx::num_threads());
  out.Set("defaultThreads", fx::default_num_threads());
  out.Set("mallocTuned", malloc_tuned);
  return out;
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber() || info[0].As<Napi::Number>().Int32Value() < 1) {
    throw Napi::RangeError::New(info.Env(), "setNumThreads: expected a positive integer");
  }
  fx::set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), fx::num_threads());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  malloc_tuned = tune_malloc();
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  fx::InitGemm(env, exports);
  fx::InitElementwise(env, exports);
  fx::InitConv(env, exports);
  fx::InitMovement(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(fluxion, Init)
