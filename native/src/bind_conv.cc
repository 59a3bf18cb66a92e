// N-API bindings of the conv and pooling kernels. Each function takes its input typed arrays,
// the preallocated output typed array, and the geometry as an array of integers (ConvGeom /
// PoolGeom field order, see conv.h). Every size is validated here, so that a bad call throws
// instead of reading or writing out of bounds.
#include <napi.h>

#include <string>

#include "conv.h"
#include "families.h"
#include "napi_util.h"

namespace fx {
namespace {

constexpr int64_t kMaxDim = (int64_t{1} << 31) - 1;
constexpr int64_t kMaxElements = int64_t{1} << 53;

[[noreturn]] void range_error(const Napi::CallbackInfo& info, const std::string& msg) {
  throw Napi::RangeError::New(info.Env(), "fluxion native: " + msg);
}

// The product of the factors. The product of the nonzero ones must stay below 2^53, so that every
// partial product a kernel forms from them fits in int64 even when the whole product is zero.
int64_t shape_size(const Napi::CallbackInfo& info, std::initializer_list<int64_t> dims, const char* what) {
  int64_t nonzero = 1;
  bool zero = false;
  for (int64_t d : dims) {
    if (d == 0) {
      zero = true;
      continue;
    }
    if (nonzero > kMaxElements / d) range_error(info, std::string(what) + " is too large");
    nonzero *= d;
  }
  return zero ? 0 : nonzero;
}

std::vector<int64_t> geom_ints(const Napi::CallbackInfo& info, size_t i, size_t count) {
  std::vector<int64_t> v = ints_arg(info, i);
  if (v.size() != count) {
    range_error(info, "the geometry must have " + std::to_string(count) + " entries, got " + std::to_string(v.size()));
  }
  return v;
}

void check_dim(const Napi::CallbackInfo& info, int64_t v, int64_t lo, const char* name) {
  if (v < lo || v > kMaxDim) range_error(info, std::string("geometry field ") + name + " out of range: " + std::to_string(v));
}

void check_pad(const Napi::CallbackInfo& info, int64_t v) {
  if (v < -kMaxDim || v > kMaxDim) range_error(info, "padding out of range: " + std::to_string(v));
}

ConvGeom conv_geom(const Napi::CallbackInfo& info, size_t i) {
  const std::vector<int64_t> v = geom_ints(info, i, kConvGeomFields);
  ConvGeom g{v[0],  v[1],  v[2],  v[3],  v[4],  v[5],  v[6],  v[7],  v[8],  v[9], v[10],
             v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20]};
  const char* names[] = {"batch", "inD", "inH", "inW", "inC", "fD", "fH", "fW", "outC", "outD", "outH", "outW"};
  for (int k = 0; k < 12; k++) check_dim(info, v[k], 0, names[k]);
  for (int k = 12; k < 18; k++) check_dim(info, v[k], 1, k < 15 ? "stride" : "dilation");
  for (int k = 18; k < 21; k++) check_pad(info, v[k]);
  return g;
}

PoolGeom pool_geom(const Napi::CallbackInfo& info, size_t i) {
  const std::vector<int64_t> v = geom_ints(info, i, kPoolGeomFields);
  PoolGeom g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16]};
  const char* names[] = {"batch", "inD", "inH", "inW", "channels", "fD", "fH", "fW"};
  for (int k = 0; k < 8; k++) check_dim(info, v[k], 0, names[k]);
  for (int k = 8; k < 11; k++) check_dim(info, v[k], 1, "stride");
  for (int k = 11; k < 14; k++) check_pad(info, v[k]);
  for (int k = 14; k < 17; k++) check_dim(info, v[k], 0, "outSize");
  // Window maxima are tracked as int32 spatial indices.
  if (static_cast<double>(g.in_d) * g.in_h * g.in_w > static_cast<double>(kMaxDim)) range_error(info, "pool input too large");
  return g;
}

template <typename T>
T* sized_array(const Napi::CallbackInfo& info, size_t i, int64_t expected, const char* name) {
  size_t len = 0;
  T* p = array_arg<T>(info, i, &len);
  if (static_cast<int64_t>(len) != expected) {
    range_error(info, std::string(name) + " has " + std::to_string(len) + " elements, expected " + std::to_string(expected));
  }
  return p;
}

napi_typedarray_type array_type(const Napi::CallbackInfo& info, size_t i) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray()) throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) + " must be a typed array");
  return v.As<Napi::TypedArray>().TypedArrayType();
}

// ---------------------------------------------------------------- conv

struct ConvSizes {
  int64_t x, w, y;
};
ConvSizes conv_sizes(const Napi::CallbackInfo& info, const ConvGeom& g) {
  return {shape_size(info, {g.batch, g.in_d, g.in_h, g.in_w, g.in_c}, "x"),
          shape_size(info, {g.f_d, g.f_h, g.f_w, g.in_c, g.out_c}, "filter"),
          shape_size(info, {g.batch, g.out_d, g.out_h, g.out_w, g.out_c}, "y")};
}

// convForward(x, w, y, geom)
void ConvForward(const Napi::CallbackInfo& info) {
  const ConvGeom g = conv_geom(info, 3);
  const ConvSizes s = conv_sizes(info, g);
  const float* x = sized_array<float>(info, 0, s.x, "x");
  const float* w = sized_array<float>(info, 1, s.w, "filter");
  float* y = sized_array<float>(info, 2, s.y, "y");
  conv_forward_f32(g, x, w, y);
}

// convBackpropInput(dy, w, dx, geom)
void ConvBackpropInput(const Napi::CallbackInfo& info) {
  const ConvGeom g = conv_geom(info, 3);
  const ConvSizes s = conv_sizes(info, g);
  const float* dy = sized_array<float>(info, 0, s.y, "dy");
  const float* w = sized_array<float>(info, 1, s.w, "filter");
  float* dx = sized_array<float>(info, 2, s.x, "dx");
  conv_backprop_input_f32(g, dy, w, dx);
}

// convBackpropFilter(x, dy, dw, geom)
void ConvBackpropFilter(const Napi::CallbackInfo& info) {
  const ConvGeom g = conv_geom(info, 3);
  const ConvSizes s = conv_sizes(info, g);
  const float* x = sized_array<float>(info, 0, s.x, "x");
  const float* dy = sized_array<float>(info, 1, s.y, "dy");
  float* dw = sized_array<float>(info, 2, s.w, "dw");
  conv_backprop_filter_f32(g, x, dy, dw);
}

// ---------------------------------------------------------------- depthwise

ConvGeom depthwise_geom(const Napi::CallbackInfo& info, size_t i) {
  const ConvGeom g = conv_geom(info, i);
  if (g.in_d != 1 || g.f_d != 1 || g.out_d != 1) range_error(info, "depthwise kernels are 2-D (depth must be 1)");
  return g;
}

ConvSizes depthwise_sizes(const Napi::CallbackInfo& info, const ConvGeom& g) {
  return {shape_size(info, {g.batch, g.in_h, g.in_w, g.in_c}, "x"), shape_size(info, {g.f_h, g.f_w, g.in_c, g.out_c}, "filter"),
          shape_size(info, {g.batch, g.out_h, g.out_w, g.in_c, g.out_c}, "y")};
}

template <typename T>
void depthwise_forward_t(const Napi::CallbackInfo& info, const ConvGeom& g, const ConvSizes& s) {
  depthwise_forward<T>(g, sized_array<T>(info, 0, s.x, "x"), sized_array<T>(info, 1, s.w, "filter"),
                       sized_array<T>(info, 2, s.y, "y"));
}
template <typename T>
void depthwise_backprop_input_t(const Napi::CallbackInfo& info, const ConvGeom& g, const ConvSizes& s) {
  depthwise_backprop_input<T>(g, sized_array<T>(info, 0, s.y, "dy"), sized_array<T>(info, 1, s.w, "filter"),
                              sized_array<T>(info, 2, s.x, "dx"));
}
template <typename T>
void depthwise_backprop_filter_t(const Napi::CallbackInfo& info, const ConvGeom& g, const ConvSizes& s) {
  depthwise_backprop_filter<T>(g, sized_array<T>(info, 0, s.x, "x"), sized_array<T>(info, 1, s.y, "dy"),
                               sized_array<T>(info, 2, s.w, "dw"));
}

// depthwiseForward(x, w, y, geom), depthwiseBackpropInput(dy, w, dx, geom),
// depthwiseBackpropFilter(x, dy, dw, geom): Float32Array or Float64Array (all the same type).
template <void (*F32)(const Napi::CallbackInfo&, const ConvGeom&, const ConvSizes&),
          void (*F64)(const Napi::CallbackInfo&, const ConvGeom&, const ConvSizes&)>
void Depthwise(const Napi::CallbackInfo& info) {
  const ConvGeom g = depthwise_geom(info, 3);
  const ConvSizes s = depthwise_sizes(info, g);
  if (array_type(info, 0) == napi_float64_array) {
    F64(info, g, s);
  } else {
    F32(info, g, s);
  }
}

// ---------------------------------------------------------------- pooling

struct PoolSizes {
  int64_t in, out;
};
PoolSizes pool_sizes(const Napi::CallbackInfo& info, const PoolGeom& g) {
  return {shape_size(info, {g.batch, g.in_d, g.in_h, g.in_w, g.channels}, "x"),
          shape_size(info, {g.batch, g.out_d, g.out_h, g.out_w, g.channels}, "y")};
}

// maxPool(x, y, geom): Float32Array, Float64Array or Int32Array.
void MaxPool(const Napi::CallbackInfo& info) {
  const PoolGeom g = pool_geom(info, 2);
  const PoolSizes s = pool_sizes(info, g);
  switch (array_type(info, 0)) {
    case napi_float64_array:
      return max_pool<double>(g, sized_array<double>(info, 0, s.in, "x"), sized_array<double>(info, 1, s.out, "y"));
    case napi_int32_array:
      return max_pool<int32_t>(g, sized_array<int32_t>(info, 0, s.in, "x"), sized_array<int32_t>(info, 1, s.out, "y"));
    default:
      return max_pool<float>(g, sized_array<float>(info, 0, s.in, "x"), sized_array<float>(info, 1, s.out, "y"));
  }
}

template <typename T>
void avg_pool_t(const Napi::CallbackInfo& info, const PoolGeom& g, const PoolSizes& s) {
  avg_pool<T>(g, sized_array<T>(info, 0, s.in, "x"), sized_array<T>(info, 1, s.out, "y"));
}
template <typename T>
void max_pool_grad_t(const Napi::CallbackInfo& info, const PoolGeom& g, const PoolSizes& s) {
  max_pool_grad<T>(g, sized_array<T>(info, 0, s.out, "dy"), sized_array<T>(info, 1, s.in, "x"),
                   sized_array<T>(info, 2, s.in, "dx"));
}
template <typename T>
void max_pool_grad_grad_t(const Napi::CallbackInfo& info, const PoolGeom& g, const PoolSizes& s) {
  max_pool_grad_grad<T>(g, sized_array<T>(info, 0, s.in, "ddx"), sized_array<T>(info, 1, s.in, "x"),
                        sized_array<T>(info, 2, s.out, "out"));
}
template <typename T>
void avg_pool_grad_t(const Napi::CallbackInfo& info, const PoolGeom& g, const PoolSizes& s) {
  avg_pool_grad<T>(g, sized_array<T>(info, 0, s.out, "dy"), sized_array<T>(info, 1, s.in, "dx"));
}

// avgPool(x, y, geom), maxPoolGrad(dy, x, dx, geom), maxPoolGradGrad(ddx, x, out, geom),
// avgPoolGrad(dy, dx, geom): Float32Array or Float64Array (all the same type).
template <void (*F32)(const Napi::CallbackInfo&, const PoolGeom&, const PoolSizes&),
          void (*F64)(const Napi::CallbackInfo&, const PoolGeom&, const PoolSizes&), size_t GeomArg>
void Pool(const Napi::CallbackInfo& info) {
  const PoolGeom g = pool_geom(info, GeomArg);
  const PoolSizes s = pool_sizes(info, g);
  if (array_type(info, 0) == napi_float64_array) {
    F64(info, g, s);
  } else {
    F32(info, g, s);
  }
}

}  // namespace

void InitConv(Napi::Env env, Napi::Object exports) {
  exports.Set("convForward", Napi::Function::New(env, ConvForward));
  exports.Set("convBackpropInput", Napi::Function::New(env, ConvBackpropInput));
  exports.Set("convBackpropFilter", Napi::Function::New(env, ConvBackpropFilter));
  exports.Set("depthwiseForward",
              Napi::Function::New(env, Depthwise<depthwise_forward_t<float>, depthwise_forward_t<double>>));
  exports.Set("depthwiseBackpropInput",
              Napi::Function::New(env, Depthwise<depthwise_backprop_input_t<float>, depthwise_backprop_input_t<double>>));
  exports.Set("depthwiseBackpropFilter",
              Napi::Function::New(env, Depthwise<depthwise_backprop_filter_t<float>, depthwise_backprop_filter_t<double>>));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("avgPool", Napi::Function::New(env, Pool<avg_pool_t<float>, avg_pool_t<double>, 2>));
  exports.Set("maxPoolGrad", Napi::Function::New(env, Pool<max_pool_grad_t<float>, max_pool_grad_t<double>, 3>));
  exports.Set("maxPoolGradGrad",
              Napi::Function::New(env, Pool<max_pool_grad_grad_t<float>, max_pool_grad_grad_t<double>, 3>));
  exports.Set("avgPoolGrad", Napi::Function::New(env, Pool<avg_pool_grad_t<float>, avg_pool_grad_t<double>, 2>));
}

}  // namespace fx
