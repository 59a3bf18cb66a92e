// N-API bindings of the movement kernels and of the fused optimizer updates. Every offset a kernel
// will touch is checked here first: a bad call throws (RangeError/TypeError), it never reads or
// writes outside the typed arrays.
#include <napi.h>

#include <algorithm>
#include <initializer_list>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "families.h"
#include "movement.h"
#include "napi_util.h"

namespace fx {
namespace {

// Sizes and strides beyond this are refused (keeps every product below 2^62).
constexpr int64_t kMaxExtent = int64_t{1} << 40;

[[noreturn]] void range_error(const Napi::Env& env, const std::string& fn, const std::string& what) {
  throw Napi::RangeError::New(env, "fluxion native " + fn + ": " + what);
}

// A fresh output's first touch costs a page fault per 4 KB page (most of a big copy's time: ~1.5 GB/s
// instead of 10+). Transparent huge pages (2 MB) cut the faults 512-fold; where the system only grants
// them on request (THP "madvise" mode), ask for the output's 2 MB-aligned interior. Advisory only:
// the contents are unchanged and a refusal is harmless.
void hint_huge_pages(uint8_t* p, int64_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < static_cast<int64_t>(2 * kHuge)) return;
  const uintptr_t b = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t e = (reinterpret_cast<uintptr_t>(p) + static_cast<uintptr_t>(bytes)) & ~(kHuge - 1);
  if (e > b) (void)madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

// Any typed array of a Fluxion dtype (Float32Array, Float64Array, Int32Array, Uint8Array), in place.
struct Raw {
  uint8_t* data = nullptr;
  int64_t length = 0;
  int es = 0;
  napi_typedarray_type type = napi_uint8_array;
};

Raw raw_arg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray()) {
    throw Napi::TypeError::New(info.Env(), std::string("fluxion native ") + fn + ": argument " + std::to_string(i) +
                                               " must be a typed array");
  }
  auto arr = v.As<Napi::TypedArray>();
  const napi_typedarray_type t = arr.TypedArrayType();
  if (t != napi_float32_array && t != napi_float64_array && t != napi_int32_array && t != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), std::string("fluxion native ") + fn + ": argument " + std::to_string(i) +
                                               " must be a Float32Array, Float64Array, Int32Array or Uint8Array");
  }
  Raw r;
  r.type = t;
  r.es = static_cast<int>(arr.ElementSize());
  r.length = static_cast<int64_t>(arr.ElementLength());
  r.data = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
  return r;
}

void same_type(const Napi::Env& env, const char* fn, const Raw& a, const Raw& b) {
  if (a.type != b.type) throw Napi::TypeError::New(env, std::string("fluxion native ") + fn + ": the arrays' types differ");
}

std::vector<int64_t> checked_shape(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  std::vector<int64_t> s = ints_arg(info, i);
  for (int64_t d : s)
    if (d < 0 || d > kMaxExtent) range_error(info.Env(), fn, "a dimension is negative or too large");
  return s;
}

int64_t checked_count(const Napi::Env& env, const char* fn, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (__builtin_mul_overflow(n, d, &n) || n > kMaxExtent) range_error(env, fn, "the shape is too large");
  }
  return n;
}

int64_t checked_int(const Napi::CallbackInfo& info, size_t i, const char* fn, int64_t lo, int64_t hi) {
  const int64_t v = int_arg(info, i);
  if (v < lo || v > hi) range_error(info.Env(), fn, "argument " + std::to_string(i) + " is out of range");
  return v;
}

// Checks that offset + sum_d i_d * strides[d] stays in [0, length) for every index of `shape` (non-empty).
void check_extent(const Napi::Env& env, const char* fn, const char* which, int64_t offset, const std::vector<int64_t>& shape,
                  const std::vector<int64_t>& strides, int64_t length) {
  int64_t lo = offset, hi = offset;
  for (size_t d = 0; d < shape.size(); d++) {
    if (strides[d] < -kMaxExtent || strides[d] > kMaxExtent) range_error(env, fn, std::string(which) + " stride is too large");
    int64_t span;
    if (__builtin_mul_overflow(shape[d] - 1, strides[d], &span)) range_error(env, fn, "overflow");
    if (span < 0) {
      if (__builtin_add_overflow(lo, span, &lo)) range_error(env, fn, "overflow");
    } else {
      if (__builtin_add_overflow(hi, span, &hi)) range_error(env, fn, "overflow");
    }
  }
  if (lo < 0 || hi >= length) range_error(env, fn, std::string(which) + " positions fall outside the array");
}

// Distinct destination positions (so threads never write one place twice): sorted by |stride|, each
// stride exceeds the span of all smaller ones.
void check_distinct(const Napi::Env& env, const char* fn, const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  std::vector<std::pair<int64_t, int64_t>> axes;
  for (size_t d = 0; d < shape.size(); d++)
    if (shape[d] > 1) axes.emplace_back(strides[d] < 0 ? -strides[d] : strides[d], shape[d]);
  std::sort(axes.begin(), axes.end());
  int64_t span = 0;
  for (const auto& [s, n] : axes) {
    if (s <= span) range_error(env, fn, "destination positions overlap");
    span += s * (n - 1);
  }
}

// stridedCopy(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape)
Napi::Value StridedCopy(const Napi::CallbackInfo& info) {
  const char* fn = "stridedCopy";
  const Napi::Env env = info.Env();
  const Raw src = raw_arg(info, 0, fn);
  const int64_t so = int_arg(info, 1);
  const std::vector<int64_t> ss = ints_arg(info, 2);
  const Raw dst = raw_arg(info, 3, fn);
  const int64_t dof = int_arg(info, 4);
  const std::vector<int64_t> ds = ints_arg(info, 5);
  const std::vector<int64_t> shape = checked_shape(info, 6, fn);
  same_type(env, fn, src, dst);
  if (ss.size() != shape.size() || ds.size() != shape.size()) range_error(env, fn, "strides and shape differ in length");
  if (shape.size() > static_cast<size_t>(kMaxCopyRank)) range_error(env, fn, "too many axes");
  if (checked_count(env, fn, shape) == 0) return env.Undefined();
  check_extent(env, fn, "source", so, shape, ss, src.length);
  check_extent(env, fn, "destination", dof, shape, ds, dst.length);
  check_distinct(env, fn, shape, ds);
  hint_huge_pages(dst.data, dst.length * dst.es);
  strided_copy(src.es, shape, src.data + so * src.es, ss, dst.data + dof * dst.es, ds);
  return env.Undefined();
}

// Flat element offsets of index tuples indices[n*k .. n*k+k) into a tensor of `shape`, each entry checked.
std::vector<int64_t> tuple_offsets(const Napi::Env& env, const char* fn, const int32_t* idx, int64_t count, int64_t k,
                                   const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  std::vector<int64_t> offs(static_cast<size_t>(count));
  for (int64_t n = 0; n < count; n++) {
    int64_t off = 0;
    for (int64_t d = 0; d < k; d++) {
      const int64_t i = idx[n * k + d];
      if (i < 0 || i >= shape[d]) range_error(env, fn, "index " + std::to_string(i) + " is out of range");
      off += i * strides[d];
    }
    offs[n] = off;
  }
  return offs;
}

// gather(x, indices, out, batch, outer, n, inner, per)
Napi::Value Gather(const Napi::CallbackInfo& info) {
  const char* fn = "gather";
  const Napi::Env env = info.Env();
  const Raw x = raw_arg(info, 0, fn);
  size_t nidx = 0;
  const int32_t* idx = array_arg<int32_t>(info, 1, &nidx);
  const Raw out = raw_arg(info, 2, fn);
  same_type(env, fn, x, out);
  const int64_t batch = checked_int(info, 3, fn, 0, kMaxExtent), outer = checked_int(info, 4, fn, 0, kMaxExtent);
  const int64_t n = checked_int(info, 5, fn, 0, kMaxExtent), inner = checked_int(info, 6, fn, 0, kMaxExtent);
  const int64_t per = checked_int(info, 7, fn, 0, kMaxExtent);
  const int64_t x_size = checked_count(env, fn, {batch, outer, n, inner});
  const int64_t out_size = checked_count(env, fn, {batch, outer, per, inner});
  if (x.length != x_size || out.length != out_size || static_cast<int64_t>(nidx) != checked_count(env, fn, {batch, per})) {
    range_error(env, fn, "array lengths do not match the sizes");
  }
  if (out_size == 0) return env.Undefined();
  for (size_t k = 0; k < nidx; k++)
    if (idx[k] < 0 || idx[k] >= n) range_error(env, fn, "index " + std::to_string(idx[k]) + " is out of range");
  hint_huge_pages(out.data, out.length * out.es);
  gather_axis(x.es, x.data, idx, batch, outer, n, inner, per, out.data);
  return env.Undefined();
}

// gatherNd(x, xShape, indices, k, count, out)
Napi::Value GatherNd(const Napi::CallbackInfo& info) {
  const char* fn = "gatherNd";
  const Napi::Env env = info.Env();
  const Raw x = raw_arg(info, 0, fn);
  const std::vector<int64_t> shape = checked_shape(info, 1, fn);
  size_t nidx = 0;
  const int32_t* idx = array_arg<int32_t>(info, 2, &nidx);
  const int64_t k = checked_int(info, 3, fn, 0, static_cast<int64_t>(shape.size()));
  const int64_t count = checked_int(info, 4, fn, 0, kMaxExtent);
  const Raw out = raw_arg(info, 5, fn);
  same_type(env, fn, x, out);
  const int64_t slice = checked_count(env, fn, std::vector<int64_t>(shape.begin() + k, shape.end()));
  if (x.length != checked_count(env, fn, shape) || static_cast<int64_t>(nidx) != checked_count(env, fn, {count, k}) ||
      out.length != checked_count(env, fn, {count, slice})) {
    range_error(env, fn, "array lengths do not match the sizes");
  }
  if (out.length == 0) return env.Undefined();
  const std::vector<int64_t> offs = tuple_offsets(env, fn, idx, count, k, shape);
  hint_huge_pages(out.data, out.length * out.es);
  gather_slices(x.es, x.data, offs.data(), count, slice, out.data);
  return env.Undefined();
}

AccumKind accum_kind(napi_typedarray_type t) {
  switch (t) {
    case napi_float32_array:
      return AccumKind::kFloat32;
    case napi_float64_array:
      return AccumKind::kFloat64;
    case napi_int32_array:
      return AccumKind::kInt32;
    default:
      return AccumKind::kBool;
  }
}

// scatterNd(indices, k, count, updates, out (zeros), outShape)
Napi::Value ScatterNd(const Napi::CallbackInfo& info) {
  const char* fn = "scatterNd";
  const Napi::Env env = info.Env();
  size_t nidx = 0;
  const int32_t* idx = array_arg<int32_t>(info, 0, &nidx);
  const Raw upd = raw_arg(info, 3, fn);
  const Raw out = raw_arg(info, 4, fn);
  same_type(env, fn, upd, out);
  const std::vector<int64_t> shape = checked_shape(info, 5, fn);
  const int64_t k = checked_int(info, 1, fn, 0, static_cast<int64_t>(shape.size()));
  const int64_t count = checked_int(info, 2, fn, 0, kMaxExtent);
  const int64_t slice = checked_count(env, fn, std::vector<int64_t>(shape.begin() + k, shape.end()));
  if (out.length != checked_count(env, fn, shape) || static_cast<int64_t>(nidx) != checked_count(env, fn, {count, k}) ||
      upd.length != checked_count(env, fn, {count, slice})) {
    range_error(env, fn, "array lengths do not match the sizes");
  }
  if (upd.length == 0) return env.Undefined();
  const std::vector<int64_t> offs = tuple_offsets(env, fn, idx, count, k, shape);
  scatter_add(accum_kind(out.type), upd.data, count, slice, out.data, out.length, offs.data());
  return env.Undefined();
}

// tensorScatterUpdate(tensor, indices, k, count, updates, out, shape)
Napi::Value TensorScatterUpdate(const Napi::CallbackInfo& info) {
  const char* fn = "tensorScatterUpdate";
  const Napi::Env env = info.Env();
  const Raw t = raw_arg(info, 0, fn);
  size_t nidx = 0;
  const int32_t* idx = array_arg<int32_t>(info, 1, &nidx);
  const Raw upd = raw_arg(info, 4, fn);
  const Raw out = raw_arg(info, 5, fn);
  same_type(env, fn, t, out);
  same_type(env, fn, upd, out);
  const std::vector<int64_t> shape = checked_shape(info, 6, fn);
  const int64_t k = checked_int(info, 2, fn, 0, static_cast<int64_t>(shape.size()));
  const int64_t count = checked_int(info, 3, fn, 0, kMaxExtent);
  const int64_t size = checked_count(env, fn, shape);
  const int64_t slice = checked_count(env, fn, std::vector<int64_t>(shape.begin() + k, shape.end()));
  if (t.length != size || out.length != size || static_cast<int64_t>(nidx) != checked_count(env, fn, {count, k}) ||
      upd.length != checked_count(env, fn, {count, slice})) {
    range_error(env, fn, "array lengths do not match the sizes");
  }
  if (size == 0) return env.Undefined();
  const std::vector<int64_t> offs = tuple_offsets(env, fn, idx, count, k, shape);
  hint_huge_pages(out.data, out.length * out.es);
  strided_copy(t.es, {size}, t.data, {1}, out.data, {1});
  scatter_slices(upd.es, upd.data, count, slice, out.data, offs.data());
  return env.Undefined();
}

// unsortedSegmentSum(x, ids, numSegments, inner, out (zeros))
Napi::Value UnsortedSegmentSum(const Napi::CallbackInfo& info) {
  const char* fn = "unsortedSegmentSum";
  const Napi::Env env = info.Env();
  const Raw x = raw_arg(info, 0, fn);
  size_t nids = 0;
  const int32_t* ids = array_arg<int32_t>(info, 1, &nids);
  const int64_t segments = checked_int(info, 2, fn, 0, kMaxExtent);
  const int64_t inner = checked_int(info, 3, fn, 0, kMaxExtent);
  const Raw out = raw_arg(info, 4, fn);
  same_type(env, fn, x, out);
  const int64_t count = static_cast<int64_t>(nids);
  if (x.length != checked_count(env, fn, {count, inner}) || out.length != checked_count(env, fn, {segments, inner})) {
    range_error(env, fn, "array lengths do not match the sizes");
  }
  for (int64_t s = 0; s < count; s++)
    if (ids[s] >= segments) range_error(env, fn, "segment id " + std::to_string(ids[s]) + " is out of range");
  unsorted_segment_sum(accum_kind(out.type), x.data, ids, count, inner, out.data, segments);
  return env.Undefined();
}

// mirrorPad(x, xShape, paddings [b0, a0, b1, a1, ...], reflect, out)
Napi::Value MirrorPad(const Napi::CallbackInfo& info) {
  const char* fn = "mirrorPad";
  const Napi::Env env = info.Env();
  const Raw x = raw_arg(info, 0, fn);
  const std::vector<int64_t> shape = checked_shape(info, 1, fn);
  const std::vector<int64_t> pads = ints_arg(info, 2);
  const bool reflect = bool_arg(info, 3);
  const Raw out = raw_arg(info, 4, fn);
  same_type(env, fn, x, out);
  const size_t rank = shape.size();
  if (pads.size() != 2 * rank) range_error(env, fn, "paddings must have two entries per axis");
  if (x.length != checked_count(env, fn, shape)) range_error(env, fn, "x's length does not match its shape");
  std::vector<std::vector<int64_t>> maps(rank);
  std::vector<int64_t> out_shape(rank);
  for (size_t d = 0; d < rank; d++) {
    const int64_t n = shape[d], before = pads[2 * d], after = pads[2 * d + 1];
    const int64_t limit = n == 0 ? 0 : reflect ? n - 1 : n;
    if (before < 0 || after < 0 || before > limit || after > limit) range_error(env, fn, "a padding is out of range");
    out_shape[d] = n + before + after;
    if (n == 0) continue;
    maps[d].resize(static_cast<size_t>(out_shape[d]));
    for (int64_t j = 0; j < out_shape[d]; j++) {
      int64_t p = j - before;
      if (p < 0) p = reflect ? -p : -p - 1;
      else if (p >= n) p = reflect ? 2 * (n - 1) - p : 2 * n - 1 - p;
      if (p < 0 || p >= n) range_error(env, fn, "a padding is out of range");
      maps[d][j] = p;
    }
  }
  const int64_t out_size = checked_count(env, fn, out_shape);
  if (out.length != out_size) range_error(env, fn, "out's length does not match the padded shape");
  if (out_size == 0) return env.Undefined();
  hint_huge_pages(out.data, out.length * out.es);
  mirror_pad(x.es, x.data, shape, maps, rank > 0 ? pads[2 * (rank - 1)] : 0, out.data);
  return env.Undefined();
}

// ------------------------------------------------------------------ optimizers

// A Float32Array of length n at argument i, or null when the argument is null/undefined and optional.
float* f32_arg(const Napi::CallbackInfo& info, size_t i, const char* fn, int64_t n, bool optional) {
  if (optional && (info[i].IsNull() || info[i].IsUndefined())) return nullptr;
  size_t len = 0;
  float* p = array_arg<float>(info, i, &len);
  if (static_cast<int64_t>(len) != n) range_error(info.Env(), fn, "argument " + std::to_string(i) + " has the wrong length");
  return p;
}

// The update loops take __restrict pointers: the arrays (each n floats) must not overlap.
void check_disjoint(const Napi::Env& env, const char* fn, std::initializer_list<const float*> arrays, int64_t n) {
  std::vector<uintptr_t> starts;
  for (const float* a : arrays)
    if (a != nullptr) starts.push_back(reinterpret_cast<uintptr_t>(a));
  std::sort(starts.begin(), starts.end());
  const uintptr_t bytes = static_cast<uintptr_t>(n) * sizeof(float);
  for (size_t k = 1; k < starts.size(); k++) {
    if (n > 0 && starts[k] - starts[k - 1] < bytes) range_error(env, fn, "the parameter, gradient and state arrays must not overlap");
  }
}

// Out-of-place updates only read their inputs (which may share memory, e.g. a gradient that is the parameter's
// own storage): each output must not overlap another output or any input.
void check_outputs_disjoint(const Napi::Env& env, const char* fn, std::initializer_list<const float*> outputs,
                            std::initializer_list<const float*> inputs, int64_t n) {
  const uintptr_t bytes = static_cast<uintptr_t>(n) * sizeof(float);
  auto overlap = [bytes](const float* a, const float* b) {
    const uintptr_t x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
    return x < y + bytes && y < x + bytes;
  };
  if (n <= 0) return;
  for (auto o = outputs.begin(); o != outputs.end(); ++o) {
    if (*o == nullptr) continue;
    for (auto q = o + 1; q != outputs.end(); ++q)
      if (*q != nullptr && overlap(*o, *q)) range_error(env, fn, "the output arrays must not overlap each other or the inputs");
    for (const float* in : inputs)
      if (in != nullptr && overlap(*o, in)) range_error(env, fn, "the output arrays must not overlap each other or the inputs");
  }
}

double finite_arg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  const double v = double_arg(info, i);
  if (!(v == v) || v == std::numeric_limits<double>::infinity() || v == -std::numeric_limits<double>::infinity()) {
    range_error(info.Env(), fn, "argument " + std::to_string(i) + " must be finite");
  }
  return v;
}

// sgdMomentum(param, grad, m | null, lr, momentum, nesterov, weightDecay)
Napi::Value SgdMomentum(const Napi::CallbackInfo& info) {
  const char* fn = "sgdMomentum";
  size_t n = 0;
  float* p = array_arg<float>(info, 0, &n);
  const int64_t len = static_cast<int64_t>(n);
  const float* g = f32_arg(info, 1, fn, len, false);
  float* m = f32_arg(info, 2, fn, len, true);
  const double lr = finite_arg(info, 3, fn), momentum = finite_arg(info, 4, fn);
  const bool nesterov = bool_arg(info, 5);
  const double wd = finite_arg(info, 6, fn);
  if (momentum != 0.0 && m == nullptr) range_error(info.Env(), fn, "momentum needs a momentum buffer");
  check_disjoint(info.Env(), fn, {p, g, momentum != 0.0 ? m : nullptr}, len);
  sgd_update(p, g, momentum != 0.0 ? m : nullptr, len, lr, momentum, nesterov, wd);
  return info.Env().Undefined();
}

// adam(param, grad, m, v, vHat | null, lr, beta1, beta2, epsilon, step, weightDecay[, outParam, outM, outV,
// outVHat | null]); adamw: the same. With the outputs, the inputs are read and the new values written there.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  const char* fn = "adam";
  size_t n = 0;
  float* p = array_arg<float>(info, 0, &n);
  const int64_t len = static_cast<int64_t>(n);
  const float* g = f32_arg(info, 1, fn, len, false);
  float* m = f32_arg(info, 2, fn, len, false);
  float* v = f32_arg(info, 3, fn, len, false);
  float* vhat = f32_arg(info, 4, fn, len, true);
  const double lr = finite_arg(info, 5, fn), b1 = finite_arg(info, 6, fn), b2 = finite_arg(info, 7, fn);
  const double eps = finite_arg(info, 8, fn), step = finite_arg(info, 9, fn), wd = finite_arg(info, 10, fn);
  if (step < 1) range_error(info.Env(), fn, "step must be at least 1");
  if (b1 < 0 || b1 >= 1 || b2 < 0 || b2 >= 1) range_error(info.Env(), fn, "beta1 and beta2 must be in [0, 1)");
  if (info.Length() > 11) {
    float* po = f32_arg(info, 11, fn, len, false);
    float* mo = f32_arg(info, 12, fn, len, false);
    float* vo = f32_arg(info, 13, fn, len, false);
    float* vho = f32_arg(info, 14, fn, len, true);
    if ((vhat == nullptr) != (vho == nullptr)) range_error(info.Env(), fn, "vHat and outVHat must both be given or both be null");
    check_outputs_disjoint(info.Env(), fn, {po, mo, vo, vho}, {p, g, m, v, vhat}, len);
    adam_update_to(p, g, m, v, vhat, po, mo, vo, vho, len, lr, b1, b2, eps, step, wd);
    return info.Env().Undefined();
  }
  check_disjoint(info.Env(), fn, {p, g, m, v, vhat}, len);
  adam_update(p, g, m, v, vhat, len, lr, b1, b2, eps, step, wd);
  return info.Env().Undefined();
}

// adamTfjs(param, grad, m, v, outParam, outM, outV, beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1,
//          oneMinusAccBeta2, epsilon, negLr): TensorFlow.js's rule, out of place (see movement.h).
Napi::Value AdamTfjs(const Napi::CallbackInfo& info) {
  const char* fn = "adamTfjs";
  size_t n = 0;
  const float* p = array_arg<float>(info, 0, &n);
  const int64_t len = static_cast<int64_t>(n);
  const float* g = f32_arg(info, 1, fn, len, false);
  const float* m = f32_arg(info, 2, fn, len, false);
  const float* v = f32_arg(info, 3, fn, len, false);
  float* po = f32_arg(info, 4, fn, len, false);
  float* mo = f32_arg(info, 5, fn, len, false);
  float* vo = f32_arg(info, 6, fn, len, false);
  float s[8];
  for (size_t i = 0; i < 8; i++) s[i] = static_cast<float>(finite_arg(info, 7 + i, fn));
  if (s[4] <= 0 || s[5] <= 0) range_error(info.Env(), fn, "oneMinusAccBeta1 and oneMinusAccBeta2 must be positive");
  check_outputs_disjoint(info.Env(), fn, {po, mo, vo}, {p, g, m, v}, len);
  adam_tfjs_update(p, g, m, v, po, mo, vo, len, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
  return info.Env().Undefined();
}

// rmsprop(param, grad, velocity, momentum | null, averageGrad | null, lr, rho, momentum, epsilon, weightDecay)
Napi::Value Rmsprop(const Napi::CallbackInfo& info) {
  const char* fn = "rmsprop";
  size_t n = 0;
  float* p = array_arg<float>(info, 0, &n);
  const int64_t len = static_cast<int64_t>(n);
  const float* g = f32_arg(info, 1, fn, len, false);
  float* vel = f32_arg(info, 2, fn, len, false);
  float* mom = f32_arg(info, 3, fn, len, true);
  float* avg = f32_arg(info, 4, fn, len, true);
  const double lr = finite_arg(info, 5, fn), rho = finite_arg(info, 6, fn), momentum = finite_arg(info, 7, fn);
  const double eps = finite_arg(info, 8, fn), wd = finite_arg(info, 9, fn);
  if (momentum > 0 && mom == nullptr) range_error(info.Env(), fn, "momentum > 0 needs a momentum buffer");
  check_disjoint(info.Env(), fn, {p, g, vel, momentum > 0 ? mom : nullptr, avg}, len);
  rmsprop_update(p, g, vel, momentum > 0 ? mom : nullptr, avg, len, lr, rho, momentum, eps, wd);
  return info.Env().Undefined();
}

}  // namespace

void InitMovement(Napi::Env env, Napi::Object exports) {
  exports.Set("stridedCopy", Napi::Function::New(env, StridedCopy));
  exports.Set("gather", Napi::Function::New(env, Gather));
  exports.Set("gatherNd", Napi::Function::New(env, GatherNd));
  exports.Set("scatterNd", Napi::Function::New(env, ScatterNd));
  exports.Set("tensorScatterUpdate", Napi::Function::New(env, TensorScatterUpdate));
  exports.Set("unsortedSegmentSum", Napi::Function::New(env, UnsortedSegmentSum));
  exports.Set("mirrorPad", Napi::Function::New(env, MirrorPad));
  exports.Set("sgdMomentum", Napi::Function::New(env, SgdMomentum));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("adamw", Napi::Function::New(env, Adam));
  exports.Set("rmsprop", Napi::Function::New(env, Rmsprop));
  exports.Set("adamTfjs", Napi::Function::New(env, AdamTfjs));
}

}  // namespace fx
