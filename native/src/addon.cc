// The `cpu` backend's native addon: kernels in C++17 with runtime SIMD dispatch and one thread pool.
#include <napi.h>

#include "cpu_features.h"
#include "families.h"
#include "pool.h"

namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("simd", fx::simd_path_name());
  out.Set("threads", fx::num_threads());
  out.Set("defaultThreads", fx::default_num_threads());
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
