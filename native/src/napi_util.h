// Argument helpers for the N-API boundary: kernels read and write the tensors' typed arrays in
// place (no copies); shapes and small parameter lists arrive as JS arrays or Int32Arrays.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fx {

template <typename T>
struct TypedArrayKind;
template <>
struct TypedArrayKind<float> {
  static constexpr napi_typedarray_type value = napi_float32_array;
  static constexpr const char* name = "Float32Array";
};
template <>
struct TypedArrayKind<double> {
  static constexpr napi_typedarray_type value = napi_float64_array;
  static constexpr const char* name = "Float64Array";
};
template <>
struct TypedArrayKind<int32_t> {
  static constexpr napi_typedarray_type value = napi_int32_array;
  static constexpr const char* name = "Int32Array";
};
template <>
struct TypedArrayKind<uint8_t> {
  static constexpr napi_typedarray_type value = napi_uint8_array;
  static constexpr const char* name = "Uint8Array";
};

// Pointer to the data of argument i, which must be a typed array of element type T. One N-API call (the argument
// checks are a measurable part of a small kernel's time: node-addon-api's IsTypedArray + As<> take three).
template <typename T>
T* array_arg(const Napi::CallbackInfo& info, size_t i, size_t* length = nullptr) {
  napi_typedarray_type type = napi_int8_array;
  size_t len = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &len, &data, nullptr, nullptr) != napi_ok ||
      type != TypedArrayKind<T>::value) {
    throw Napi::TypeError::New(info.Env(), std::string("fluxion native: argument ") + std::to_string(i) +
                                               " must be a " + TypedArrayKind<T>::name);
  }
  if (length != nullptr) *length = len;
  return static_cast<T*>(data);
}

inline int64_t int_arg(const Napi::CallbackInfo& info, size_t i) {
  int64_t v = 0;
  if (napi_get_value_int64(info.Env(), info[i], &v) != napi_ok) {
    throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) + " must be a number");
  }
  return v;
}

inline double double_arg(const Napi::CallbackInfo& info, size_t i) {
  double v = 0;
  if (napi_get_value_double(info.Env(), info[i], &v) != napi_ok) {
    throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) + " must be a number");
  }
  return v;
}

// A boolean, or any value by its truthiness.
inline bool bool_arg(const Napi::CallbackInfo& info, size_t i) {
  bool v = false;
  if (napi_get_value_bool(info.Env(), info[i], &v) == napi_ok) return v;
  return info[i].ToBoolean().Value();
}

// A shape or index list given as a JS array of numbers or an Int32Array.
inline std::vector<int64_t> ints_arg(const Napi::CallbackInfo& info, size_t i) {
  const Napi::Value v = info[i];
  std::vector<int64_t> out;
  if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    auto arr = v.As<Napi::Int32Array>();
    out.assign(arr.Data(), arr.Data() + arr.ElementLength());
    return out;
  }
  if (!v.IsArray()) {
    throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) + " must be an array of integers");
  }
  auto arr = v.As<Napi::Array>();
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) out.push_back(arr.Get(k).As<Napi::Number>().Int64Value());
  return out;
}

}  // namespace fx
