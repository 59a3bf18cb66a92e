// N-API bindings of the gemm kernels:
//   matMulF32(a, b, out, bias | null, params)
//   matMulF64(a, b, out, params)
// params (a Float64Array): [m, n, k, transposeA, transposeB, activation, alpha, rankA, rankB, ...batchA, ...batchB]
// (activation and alpha are read by matMulF32 only). a: [...batchA, m, k] (or [..., k, m] transposed),
// b: [...batchB, k, n] (or [..., n, k]), out: [...batch, m, n] where batch is the broadcast of batchA and batchB;
// bias (float32 only) has n entries, one per column. The scalars travel in one typed array because each argument
// costs N-API calls: thirteen arguments took 0.7 us per call, a tenth of a batch-1 Dense layer.
#include <napi.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <string>
#include <vector>

#include "families.h"
#include "gemm.h"
#include "napi_util.h"
#include "pool.h"

namespace fx {
namespace {

constexpr int64_t kMaxElems = int64_t{1} << 50;

int64_t checked_mul(Napi::Env env, int64_t x, int64_t y) {
  if (x < 0 || y < 0) throw Napi::RangeError::New(env, "fluxion native matMul: negative size");
  if (x != 0 && y > kMaxElems / x) throw Napi::RangeError::New(env, "fluxion native matMul: size too large");
  return x * y;
}

int64_t product(Napi::Env env, const std::vector<int64_t>& dims) {
  int64_t p = 1;
  for (int64_t d : dims) p = checked_mul(env, p, d);
  return p;
}

struct BatchPlan {
  std::vector<int64_t> off_a, off_b;  // element offsets of each output matrix's operands
};

// Broadcast batch dims (aligned from the right; equal or 1) and the operand offsets of each output matrix.
BatchPlan plan_batches(Napi::Env env, const std::vector<int64_t>& ba, const std::vector<int64_t>& bb, int64_t size_a,
                       int64_t size_b) {
  const size_t rank = std::max(ba.size(), bb.size());
  std::vector<int64_t> da(rank, 1), db(rank, 1), dout(rank, 1);
  for (size_t i = 0; i < ba.size(); i++) da[rank - ba.size() + i] = ba[i];
  for (size_t i = 0; i < bb.size(); i++) db[rank - bb.size() + i] = bb[i];
  for (size_t d = 0; d < rank; d++) {
    if (da[d] < 0 || db[d] < 0) throw Napi::RangeError::New(env, "fluxion native matMul: negative batch dimension");
    if (da[d] != db[d] && da[d] != 1 && db[d] != 1) {
      throw Napi::RangeError::New(env, "fluxion native matMul: batch dimensions do not broadcast");
    }
    dout[d] = da[d] == 1 ? db[d] : da[d];
  }
  const int64_t nbatch = product(env, dout);
  // strides (in matrices) of each operand's batch dims; 0 where broadcast
  std::vector<int64_t> sa(rank, 0), sb(rank, 0);
  int64_t acc_a = 1, acc_b = 1;
  for (size_t d = rank; d-- > 0;) {
    sa[d] = da[d] == 1 ? 0 : acc_a;
    sb[d] = db[d] == 1 ? 0 : acc_b;
    acc_a *= da[d];
    acc_b *= db[d];
  }
  BatchPlan plan;
  plan.off_a.resize(static_cast<size_t>(nbatch));
  plan.off_b.resize(static_cast<size_t>(nbatch));
  std::vector<int64_t> idx(rank, 0);
  for (int64_t bi = 0; bi < nbatch; bi++) {
    int64_t oa = 0, ob = 0;
    for (size_t d = 0; d < rank; d++) {
      oa += idx[d] * sa[d];
      ob += idx[d] * sb[d];
    }
    plan.off_a[static_cast<size_t>(bi)] = oa * size_a;
    plan.off_b[static_cast<size_t>(bi)] = ob * size_b;
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < dout[d]) break;
      idx[d] = 0;
    }
  }
  return plan;
}

template <typename T>
struct Args {
  const T* a;
  const T* b;
  T* out;
  int64_t m, n, k;
  bool ta, tb;
  int64_t nbatch;  // output matrices
  BatchPlan plan;  // built only when nbatch > 1
  bool b_shared;   // batchB has a single matrix
};

std::string fmt_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The integer at params[i]: finite, whole and in [0, 2^50].
int64_t param_int(Napi::Env env, const double* params, size_t i) {
  const double v = params[i];
  if (!(v >= 0 && v <= static_cast<double>(kMaxElems)) || v != static_cast<double>(static_cast<int64_t>(v))) {
    throw Napi::RangeError::New(env, "fluxion native matMul: params[" + std::to_string(i) +
                                         "] must be a non-negative integer, got " + fmt_number(v));
  }
  return static_cast<int64_t>(v);
}

template <typename T>
Args<T> parse(const Napi::CallbackInfo& info, size_t params_index, const double** params_out) {
  Napi::Env env = info.Env();
  if (info.Length() <= params_index) {
    throw Napi::TypeError::New(env, "fluxion native matMul: expected " + std::to_string(params_index + 1) +
                                        " arguments");
  }
  size_t la = 0, lb = 0, lo = 0, lp = 0;
  Args<T> r;
  r.a = array_arg<T>(info, 0, &la);
  r.b = array_arg<T>(info, 1, &lb);
  r.out = array_arg<T>(info, 2, &lo);
  const double* params = array_arg<double>(info, params_index, &lp);
  if (lp < 9) throw Napi::RangeError::New(env, "fluxion native matMul: params has fewer than 9 entries");
  r.m = param_int(env, params, 0);
  r.n = param_int(env, params, 1);
  r.k = param_int(env, params, 2);
  r.ta = params[3] != 0;
  r.tb = params[4] != 0;
  const int64_t rank_a = param_int(env, params, 7);
  const int64_t rank_b = param_int(env, params, 8);
  if (static_cast<int64_t>(lp) != 9 + rank_a + rank_b) {
    throw Napi::RangeError::New(env, "fluxion native matMul: params has " + std::to_string(lp) + " entries, expected " +
                                         std::to_string(9 + rank_a + rank_b));
  }
  std::vector<int64_t> ba, bb;
  int64_t batch_a = 1, batch_b = 1;
  for (int64_t d = 0; d < rank_a; d++) {
    ba.push_back(param_int(env, params, static_cast<size_t>(9 + d)));
    batch_a = checked_mul(env, batch_a, ba.back());
  }
  for (int64_t d = 0; d < rank_b; d++) {
    bb.push_back(param_int(env, params, static_cast<size_t>(9 + rank_a + d)));
    batch_b = checked_mul(env, batch_b, bb.back());
  }
  const int64_t size_a = checked_mul(env, r.m, r.k);
  const int64_t size_b = checked_mul(env, r.k, r.n);
  const int64_t size_c = checked_mul(env, r.m, r.n);
  if (checked_mul(env, batch_a, size_a) != static_cast<int64_t>(la)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: a has " + std::to_string(la) + " elements, expected " +
                                         std::to_string(batch_a * size_a));
  }
  if (checked_mul(env, batch_b, size_b) != static_cast<int64_t>(lb)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: b has " + std::to_string(lb) + " elements, expected " +
                                         std::to_string(batch_b * size_b));
  }
  if (batch_a == 1 && batch_b == 1) {
    r.nbatch = 1;  // one product (the usual Dense layer): every batch dim is 1, nothing to plan
  } else {
    r.plan = plan_batches(env, ba, bb, size_a, size_b);
    r.nbatch = static_cast<int64_t>(r.plan.off_a.size());
  }
  if (checked_mul(env, r.nbatch, size_c) != static_cast<int64_t>(lo)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: out has " + std::to_string(lo) + " elements, expected " +
                                         std::to_string(r.nbatch * size_c));
  }
  r.b_shared = batch_b == 1;
  *params_out = params;
  return r;
}

template <typename T, typename Gemm>
void run_batches(const Args<T>& r, const Gemm& gemm) {
  const int64_t nbatch = r.nbatch;
  if (nbatch == 0 || r.m == 0 || r.n == 0) return;
  const int64_t lda = r.ta ? r.m : r.k;
  const int64_t ldb = r.tb ? r.k : r.n;
  if (nbatch > 1 && r.b_shared && !r.ta) {
    // One shared B and row-major A matrices: the batch is one [nbatch*m, k] x [k, n] product.
    gemm(false, r.tb, nbatch * r.m, r.n, r.k, r.a, lda, r.b, ldb, r.out, r.n);
    return;
  }
  const double work = static_cast<double>(r.m) * static_cast<double>(r.n) * static_cast<double>(r.k);
  if (nbatch == 1) {
    gemm(r.ta, r.tb, r.m, r.n, r.k, r.a, lda, r.b, ldb, r.out, r.n);
    return;
  }
  auto one = [&](int64_t bi) {
    gemm(r.ta, r.tb, r.m, r.n, r.k, r.a + r.plan.off_a[static_cast<size_t>(bi)], lda,
         r.b + r.plan.off_b[static_cast<size_t>(bi)], ldb, r.out + bi * r.m * r.n, r.n);
  };
  if (nbatch > 1 && work < static_cast<double>(int64_t{1} << 20)) {
    // Small matrices: threads take whole matrices (each product then runs on its thread alone).
    const int64_t grain = std::max<int64_t>(1, static_cast<int64_t>((int64_t{1} << 16) / std::max(work, 1.0)));
    parallel_for(nbatch, grain, [&](int64_t b0, int64_t b1) {
      for (int64_t bi = b0; bi < b1; bi++) one(bi);
    });
  } else {
    for (int64_t bi = 0; bi < nbatch; bi++) one(bi);
  }
}

Napi::Value MatMulF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const double* params = nullptr;
  const Args<float> r = parse<float>(info, 4, &params);
  Epilogue ep;
  bool use_ep = false;
  napi_valuetype bias_type = napi_undefined;
  if (napi_typeof(env, info[3], &bias_type) != napi_ok) throw Napi::Error::New(env, "fluxion native matMul: bias");
  if (bias_type != napi_null && bias_type != napi_undefined) {
    size_t lbias = 0;
    ep.bias = array_arg<float>(info, 3, &lbias);
    if (static_cast<int64_t>(lbias) != r.n) {
      throw Napi::RangeError::New(env, "fluxion native matMul: bias has " + std::to_string(lbias) +
                                           " elements, expected n = " + std::to_string(r.n));
    }
    use_ep = true;
  }
  const double act = params[5];
  if (!(act >= 0 && act <= static_cast<double>(Activation::kLeakyRelu)) || act != static_cast<double>(static_cast<int>(act))) {
    throw Napi::RangeError::New(env, "fluxion native matMul: unknown activation " + fmt_number(act));
  }
  ep.activation = static_cast<Activation>(static_cast<int>(act));
  use_ep = use_ep || act != 0;
  // (a double outside float's range would make the conversion undefined: it saturates to an infinity)
  const double alpha = params[6];
  ep.alpha = alpha > FLT_MAX ? INFINITY : alpha < -FLT_MAX ? -INFINITY : static_cast<float>(alpha);
  const Epilogue* epp = use_ep ? &ep : nullptr;
  run_batches(r, [epp](bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                       int64_t ldb, float* c, int64_t ldc) {
    sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, false, epp);
  });
  return env.Undefined();
}

Napi::Value MatMulF64(const Napi::CallbackInfo& info) {
  const double* params = nullptr;
  const Args<double> r = parse<double>(info, 3, &params);
  run_batches(r, [](bool ta, bool tb, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda, const double* b,
                    int64_t ldb, double* c, int64_t ldc) { dgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, false); });
  return info.Env().Undefined();
}

}  // namespace

void InitGemm(Napi::Env env, Napi::Object exports) {
  exports.Set("matMulF32", Napi::Function::New(env, MatMulF32));
  exports.Set("matMulF64", Napi::Function::New(env, MatMulF64));
}

}  // namespace fx
