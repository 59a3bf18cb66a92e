// N-API bindings of the elementwise family (unary, binary, select, cast, reductions, softmax,
// cross-entropies). Every size, shape and dtype is validated here, so that no call can read or
// write outside the typed arrays it was given.
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "elementwise.h"
#include "families.h"
#include "napi_util.h"

namespace fx {
namespace {

struct Arr {
  int dt;
  void* data;
  int64_t len;
};

Arr typed_arg(const Napi::CallbackInfo& info, size_t i) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray()) {
    throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) + " must be a typed array");
  }
  auto t = v.As<Napi::TypedArray>();
  int dt;
  switch (t.TypedArrayType()) {
    case napi_float32_array: dt = kF32; break;
    case napi_float64_array: dt = kF64; break;
    case napi_int32_array: dt = kI32; break;
    case napi_uint8_array: dt = kBool; break;
    default:
      throw Napi::TypeError::New(info.Env(), "fluxion native: argument " + std::to_string(i) +
                                                 " must be a Float32Array, Float64Array, Int32Array or Uint8Array");
  }
  auto buf = t.ArrayBuffer();
  void* data = static_cast<uint8_t*>(buf.Data()) + t.ByteOffset();
  return {dt, data, static_cast<int64_t>(t.ElementLength())};
}

[[noreturn]] void range_error(const Napi::CallbackInfo& info, const std::string& what) {
  throw Napi::RangeError::New(info.Env(), "fluxion native: " + what);
}

int64_t checked_size(const Napi::CallbackInfo& info, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) range_error(info, "negative dimension");
    if (__builtin_mul_overflow(n, d, &n) || n > (int64_t{1} << 53)) range_error(info, "shape too large");
  }
  return n;
}

int64_t checked_int(const Napi::CallbackInfo& info, size_t i, int64_t lo, int64_t hi) {
  const int64_t v = int_arg(info, i);
  if (v < lo || v > hi) range_error(info, "argument " + std::to_string(i) + " out of range");
  return v;
}

// Strides of an input of shape `in` broadcast to `out` (0 along broadcast axes).
std::vector<int64_t> broadcast_strides(const Napi::CallbackInfo& info, const std::vector<int64_t>& in,
                                       const std::vector<int64_t>& out) {
  if (in.size() > out.size()) range_error(info, "input rank exceeds the output rank");
  const size_t off = out.size() - in.size();
  std::vector<int64_t> st(out.size(), 0);
  int64_t s = 1;
  for (size_t k = in.size(); k-- > 0;) {
    if (in[k] != out[k + off] && in[k] != 1) range_error(info, "shapes do not broadcast");
    st[k + off] = in[k] == 1 ? 0 : s;
    s *= in[k];
  }
  return st;
}

void expect_len(const Napi::CallbackInfo& info, const Arr& a, int64_t n, const char* what) {
  if (a.len != n) range_error(info, std::string(what) + " has the wrong length");
}
void expect_dt(const Napi::CallbackInfo& info, const Arr& a, int dt, const char* what) {
  if (a.dt != dt) throw Napi::TypeError::New(info.Env(), std::string("fluxion native: ") + what + " has the wrong type");
}

// unary(op, x, out, a, b)
void Unary(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(checked_int(info, 0, 0, kUnaryCount - 1));
  const Arr x = typed_arg(info, 1), y = typed_arg(info, 2);
  expect_len(info, y, x.len, "out");
  expect_dt(info, y, unary_is_predicate(op) ? kBool : x.dt, "out");
  if (x.dt == kBool && !unary_is_predicate(op)) throw Napi::TypeError::New(info.Env(), "fluxion native: unary op on bool");
  unary(op, x.dt, x.data, y.data, x.len, double_arg(info, 3), double_arg(info, 4));
}

// binary(op, a, aShape, b, bShape, out, outShape)
void Binary(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(checked_int(info, 0, 0, kBinaryCount - 1));
  const Arr a = typed_arg(info, 1), b = typed_arg(info, 3), y = typed_arg(info, 5);
  const auto as = ints_arg(info, 2), bs = ints_arg(info, 4), os = ints_arg(info, 6);
  expect_len(info, a, checked_size(info, as), "a");
  expect_len(info, b, checked_size(info, bs), "b");
  expect_len(info, y, checked_size(info, os), "out");
  expect_dt(info, b, a.dt, "b");
  const bool to_bool = binary_is_comparison(op) || binary_is_logical(op);
  expect_dt(info, y, to_bool ? kBool : a.dt, "out");
  if (a.dt == kBool && !to_bool) throw Napi::TypeError::New(info.Env(), "fluxion native: arithmetic on bool");
  binary(op, a.dt, a.data, broadcast_strides(info, as, os), b.data, broadcast_strides(info, bs, os), y.data, os);
}

// select(c, cShape, a, aShape, b, bShape, out, outShape)
void Select(const Napi::CallbackInfo& info) {
  const Arr c = typed_arg(info, 0), a = typed_arg(info, 2), b = typed_arg(info, 4), y = typed_arg(info, 6);
  const auto cs = ints_arg(info, 1), as = ints_arg(info, 3), bs = ints_arg(info, 5), os = ints_arg(info, 7);
  expect_dt(info, c, kBool, "condition");
  expect_dt(info, b, a.dt, "b");
  expect_dt(info, y, a.dt, "out");
  expect_len(info, c, checked_size(info, cs), "condition");
  expect_len(info, a, checked_size(info, as), "a");
  expect_len(info, b, checked_size(info, bs), "b");
  expect_len(info, y, checked_size(info, os), "out");
  select(a.dt, static_cast<const uint8_t*>(c.data), broadcast_strides(info, cs, os), a.data,
         broadcast_strides(info, as, os), b.data, broadcast_strides(info, bs, os), y.data, os);
}

// cast(x, out): the output's type is the target dtype
void Cast(const Napi::CallbackInfo& info) {
  const Arr x = typed_arg(info, 0), y = typed_arg(info, 1);
  expect_len(info, y, x.len, "out");
  cast(x.dt, x.data, y.dt, y.data, x.len);
}

// reduce(op, x, shape, axes, out)
void Reduce(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(checked_int(info, 0, 0, kReduceCount - 1));
  const Arr x = typed_arg(info, 1), y = typed_arg(info, 4);
  const auto shape = ints_arg(info, 2), axes = ints_arg(info, 3);
  expect_len(info, x, checked_size(info, shape), "x");
  int64_t kept = 1, prev = -1;
  std::vector<bool> red(shape.size(), false);
  for (int64_t a : axes) {
    if (a <= prev || a >= static_cast<int64_t>(shape.size())) range_error(info, "axes must be sorted, unique and in range");
    red[static_cast<size_t>(a)] = true;
    prev = a;
  }
  for (size_t d = 0; d < shape.size(); d++) if (!red[d]) kept *= shape[d];
  expect_len(info, y, kept, "out");
  const int out_dt = (op == kAll || op == kAny) ? kBool : (op == kSum && x.dt == kBool) ? kI32 : x.dt;
  expect_dt(info, y, out_dt, "out");
  reduce(op, x.dt, x.data, shape, axes, y.data, out_dt);
}

void check_split(const Napi::CallbackInfo& info, int64_t total, int64_t outer, int64_t n, int64_t inner) {
  int64_t t = 0;
  if (__builtin_mul_overflow(outer, n, &t) || __builtin_mul_overflow(t, inner, &t) || t != total) {
    range_error(info, "outer * n * inner does not match the length");
  }
}

// argReduce(x, outer, n, inner, sign, out)
void ArgReduce(const Napi::CallbackInfo& info) {
  const Arr x = typed_arg(info, 0), y = typed_arg(info, 5);
  const int64_t outer = checked_int(info, 1, 0, INT64_MAX / 4), n = checked_int(info, 2, 1, INT32_MAX),
                inner = checked_int(info, 3, 0, INT64_MAX / 4);
  const int sign = checked_int(info, 4, -1, 1) < 0 ? -1 : 1;
  check_split(info, x.len, outer, n, inner);
  expect_dt(info, y, kI32, "out");
  expect_len(info, y, outer * inner, "out");
  arg_reduce(x.dt, x.data, outer, n, inner, sign, static_cast<int32_t*>(y.data));
}

// softmax(x, out, outer, n, inner, log)
void Softmax(const Napi::CallbackInfo& info) {
  const Arr x = typed_arg(info, 0), y = typed_arg(info, 1);
  const int64_t outer = checked_int(info, 2, 0, INT64_MAX / 4), n = checked_int(info, 3, 0, INT64_MAX / 4),
                inner = checked_int(info, 4, 0, INT64_MAX / 4);
  if (x.dt != kF32 && x.dt != kF64) throw Napi::TypeError::New(info.Env(), "fluxion native: softmax of a non-float");
  expect_dt(info, y, x.dt, "out");
  check_split(info, x.len, outer, n, inner);
  expect_len(info, y, x.len, "out");
  softmax(x.dt, x.data, y.data, outer, n, inner, bool_arg(info, 5));
}

// softmaxXent(labels, logits, loss, logSoftmax, outer, n, inner)
void SoftmaxXent(const Napi::CallbackInfo& info) {
  const Arr z = typed_arg(info, 0), x = typed_arg(info, 1), loss = typed_arg(info, 2), ls = typed_arg(info, 3);
  const int64_t outer = checked_int(info, 4, 0, INT64_MAX / 4), n = checked_int(info, 5, 0, INT64_MAX / 4),
                inner = checked_int(info, 6, 0, INT64_MAX / 4);
  if (x.dt != kF32 && x.dt != kF64) throw Napi::TypeError::New(info.Env(), "fluxion native: cross-entropy of a non-float");
  expect_dt(info, z, x.dt, "labels");
  expect_dt(info, loss, x.dt, "loss");
  expect_dt(info, ls, x.dt, "logSoftmax");
  check_split(info, x.len, outer, n, inner);
  expect_len(info, z, x.len, "labels");
  expect_len(info, ls, x.len, "logSoftmax");
  expect_len(info, loss, outer * inner, "loss");
  softmax_xent(x.dt, z.data, x.data, loss.data, ls.data, outer, n, inner);
}

// sigmoidXent(labels, logits, out)
void SigmoidXent(const Napi::CallbackInfo& info) {
  const Arr z = typed_arg(info, 0), x = typed_arg(info, 1), y = typed_arg(info, 2);
  if (x.dt != kF32 && x.dt != kF64) throw Napi::TypeError::New(info.Env(), "fluxion native: cross-entropy of a non-float");
  expect_dt(info, z, x.dt, "labels");
  expect_dt(info, y, x.dt, "out");
  expect_len(info, z, x.len, "labels");
  expect_len(info, y, x.len, "out");
  sigmoid_xent(x.dt, z.data, x.data, y.data, x.len);
}

}  // namespace

void InitElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("ewUnary", Napi::Function::New(env, Unary));
  exports.Set("ewBinary", Napi::Function::New(env, Binary));
  exports.Set("ewSelect", Napi::Function::New(env, Select));
  exports.Set("ewCast", Napi::Function::New(env, Cast));
  exports.Set("ewReduce", Napi::Function::New(env, Reduce));
  exports.Set("ewArgReduce", Napi::Function::New(env, ArgReduce));
  exports.Set("ewSoftmax", Napi::Function::New(env, Softmax));
  exports.Set("ewSoftmaxXent", Napi::Function::New(env, SoftmaxXent));
  exports.Set("ewSigmoidXent", Napi::Function::New(env, SigmoidXent));
}

}  // namespace fx
