// N-API bindings of the gemm kernels:
//   matMulF32(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB, bias | null, activation, alpha)
//   matMulF64(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB)
// a: [...batchA, m, k] (or [..., k, m] transposed), b: [...batchB, k, n] (or [..., n, k]), out: [...batch, m, n]
// where batch is the broadcast of batchA and batchB; bias (float32 only) has n entries, one per column.
#include <napi.h>

#include <algorithm>
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
  BatchPlan plan;
  bool b_shared;  // batchB has a single matrix
};

template <typename T>
Args<T> parse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 10) throw Napi::TypeError::New(env, "fluxion native matMul: expected at least 10 arguments");
  size_t la = 0, lb = 0, lo = 0;
  Args<T> r;
  r.a = array_arg<T>(info, 0, &la);
  r.b = array_arg<T>(info, 1, &lb);
  r.out = array_arg<T>(info, 2, &lo);
  const std::vector<int64_t> ba = ints_arg(info, 3);
  const std::vector<int64_t> bb = ints_arg(info, 4);
  r.m = int_arg(info, 5);
  r.n = int_arg(info, 6);
  r.k = int_arg(info, 7);
  r.ta = bool_arg(info, 8);
  r.tb = bool_arg(info, 9);
  const int64_t size_a = checked_mul(env, r.m, r.k);
  const int64_t size_b = checked_mul(env, r.k, r.n);
  const int64_t size_c = checked_mul(env, r.m, r.n);
  if (checked_mul(env, product(env, ba), size_a) != static_cast<int64_t>(la)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: a has " + std::to_string(la) + " elements, expected " +
                                         std::to_string(product(env, ba) * size_a));
  }
  if (checked_mul(env, product(env, bb), size_b) != static_cast<int64_t>(lb)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: b has " + std::to_string(lb) + " elements, expected " +
                                         std::to_string(product(env, bb) * size_b));
  }
  r.plan = plan_batches(env, ba, bb, size_a, size_b);
  const int64_t nbatch = static_cast<int64_t>(r.plan.off_a.size());
  if (checked_mul(env, nbatch, size_c) != static_cast<int64_t>(lo)) {
    throw Napi::RangeError::New(env, "fluxion native matMul: out has " + std::to_string(lo) + " elements, expected " +
                                         std::to_string(nbatch * size_c));
  }
  r.b_shared = product(env, bb) == 1;
  return r;
}

template <typename T, typename Gemm>
void run_batches(const Args<T>& r, const Gemm& gemm) {
  const int64_t nbatch = static_cast<int64_t>(r.plan.off_a.size());
  if (nbatch == 0 || r.m == 0 || r.n == 0) return;
  const int64_t lda = r.ta ? r.m : r.k;
  const int64_t ldb = r.tb ? r.k : r.n;
  if (nbatch > 1 && r.b_shared && !r.ta) {
    // One shared B and row-major A matrices: the batch is one [nbatch*m, k] x [k, n] product.
    gemm(false, r.tb, nbatch * r.m, r.n, r.k, r.a, lda, r.b, ldb, r.out, r.n);
    return;
  }
  const double work = static_cast<double>(r.m) * static_cast<double>(r.n) * static_cast<double>(r.k);
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
  const Args<float> r = parse<float>(info);
  Epilogue ep;
  bool use_ep = false;
  if (info.Length() > 10 && !info[10].IsNull() && !info[10].IsUndefined()) {
    size_t lbias = 0;
    ep.bias = array_arg<float>(info, 10, &lbias);
    if (static_cast<int64_t>(lbias) != r.n) {
      throw Napi::RangeError::New(env, "fluxion native matMul: bias has " + std::to_string(lbias) +
                                           " elements, expected n = " + std::to_string(r.n));
    }
    use_ep = true;
  }
  if (info.Length() > 11) {
    const int64_t act = int_arg(info, 11);
    if (act < 0 || act > static_cast<int64_t>(Activation::kLeakyRelu)) {
      throw Napi::RangeError::New(env, "fluxion native matMul: unknown activation " + std::to_string(act));
    }
    ep.activation = static_cast<Activation>(act);
    use_ep = use_ep || act != 0;
    if (info.Length() > 12) ep.alpha = static_cast<float>(double_arg(info, 12));
  }
  const Epilogue* epp = use_ep ? &ep : nullptr;
  run_batches(r, [epp](bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                       int64_t ldb, float* c, int64_t ldc) {
    sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, false, epp);
  });
  return env.Undefined();
}

Napi::Value MatMulF64(const Napi::CallbackInfo& info) {
  const Args<double> r = parse<double>(info);
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
