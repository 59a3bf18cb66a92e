/**
 * Native kernels of the linalg family for the cpu backend (see native/README.md): batchMatMul and
 * fusedMatMul on the native GEMM (native/src/gemm*.cc): packed, cache-blocked, multithreaded, with
 * the bias + activation epilogue applied to each output tile while it is in registers.
 */
import type { FusedActivation } from '../../../core/kernel-defs/fused.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { makeOutputArray } from '../../../core/output-array.js';
import { broadcastShapes, sizeFromShape } from '../../../core/shape.js';
import { jsKernels } from '../../js/index.js';
import { nativeAs } from '../native.js';

/**
 * The addon's gemm functions (native/src/bind_gemm.cc). Batch dims of a and b broadcast. `params` carries the
 * scalars in one Float64Array (see gemmParams): an N-API argument costs more than the whole call of a small product.
 */
interface GemmNative {
  matMulF32(a: Float32Array, b: Float32Array, out: Float32Array, bias: Float32Array | null, params: Float64Array): void;
  matMulF64(a: Float64Array, b: Float64Array, out: Float64Array, params: Float64Array): void;
}

/** Reused for unbatched products (the addon reads it during the call and keeps nothing). */
const params2d = new Float64Array(9);

/** [m, n, k, transposeA, transposeB, activation, alpha, rankA, rankB, ...batchA, ...batchB]. */
function gemmParams(d: Dims, transposeA: boolean, transposeB: boolean, activation: number, alpha: number): Float64Array {
  const ra = d.batchA.length;
  const rb = d.batchB.length;
  const p = ra + rb === 0 ? params2d : new Float64Array(9 + ra + rb);
  p[0] = d.m;
  p[1] = d.n;
  p[2] = d.k;
  p[3] = transposeA ? 1 : 0;
  p[4] = transposeB ? 1 : 0;
  p[5] = activation;
  p[6] = alpha;
  p[7] = ra;
  p[8] = rb;
  for (let i = 0; i < ra; i++) p[9 + i] = d.batchA[i] ?? 1;
  for (let i = 0; i < rb; i++) p[9 + ra + i] = d.batchB[i] ?? 1;
  return p;
}

/** fx::Activation in native/src/gemm.h. */
const ACTIVATION_CODE: Record<FusedActivation, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  tanh: 4,
  elu: 5,
  leakyrelu: 6,
};

interface Dims {
  m: number;
  n: number;
  k: number;
  batchA: readonly number[];
  batchB: readonly number[];
  outShape: number[];
}

const NO_BATCH: readonly number[] = [];

function dims(a: KernelTensor, b: KernelTensor, transposeA: boolean, transposeB: boolean): Dims {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) ?? 1;
  const k = (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) ?? 1;
  const n = (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) ?? 1;
  if (ra === 2 && rb === 2) return { m, n, k, batchA: NO_BATCH, batchB: NO_BATCH, outShape: [m, n] };
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  return { m, n, k, batchA, batchB, outShape: [...broadcastShapes('matMul', batchA, batchB), m, n] };
}

/** Whether a bias of this shape is one value per output column (shape [n], [1, n], [1, 1, n]...). */
function perColumnBias(bias: KernelTensor, n: number): boolean {
  const s = bias.shape;
  return s.length >= 1 && s[s.length - 1] === n && sizeFromShape(s) === n;
}

export const linalgKernels: KernelTable = {
  /** float32 (sgemm) and float64 (dgemm); int32 runs the js kernel (deliberate fallback). */
  batchMatMul: (inputs, attrs) => {
    const [a, b] = inputs;
    const { transposeA, transposeB } = attrs;
    const av = a.values;
    const bv = b.values;
    const d = dims(a, b, transposeA, transposeB);
    const size = sizeFromShape(d.outShape);
    if (av instanceof Float32Array && bv instanceof Float32Array) {
      const out = makeOutputArray('float32', size) as Float32Array;
      nativeAs<GemmNative>().matMulF32(av, bv, out, null, gemmParams(d, transposeA, transposeB, 0, 0));
      return { values: out, shape: d.outShape, dtype: 'float32' };
    }
    if (av instanceof Float64Array && bv instanceof Float64Array) {
      const out = makeOutputArray('float64', size) as Float64Array;
      nativeAs<GemmNative>().matMulF64(av, bv, out, gemmParams(d, transposeA, transposeB, 0, 0));
      return { values: out, shape: d.outShape, dtype: 'float64' };
    }
    const js = jsKernels.batchMatMul;
    if (!js) throw new Error('cpu batchMatMul: the js kernel is missing');
    return js(inputs, attrs);
  },

  /**
   * float32 with no bias or one bias value per output column: one native GEMM with the epilogue.
   * Deliberate fallbacks to the js kernel: float64, and biases of other shapes (e.g. per row).
   */
  fusedMatMul: (inputs, attrs) => {
    const [a, b, bias] = inputs as readonly [KernelTensor, KernelTensor, KernelTensor | undefined];
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs;
    const av = a.values;
    const bv = b.values;
    const d = dims(a, b, transposeA, transposeB);
    const biasValues = bias?.values ?? null;
    if (
      av instanceof Float32Array &&
      bv instanceof Float32Array &&
      (bias === undefined || (biasValues instanceof Float32Array && perColumnBias(bias, d.n)))
    ) {
      const out = makeOutputArray('float32', sizeFromShape(d.outShape)) as Float32Array;
      const biasArg = biasValues instanceof Float32Array ? biasValues : null;
      const params = gemmParams(d, transposeA, transposeB, ACTIVATION_CODE[activation], leakyreluAlpha);
      nativeAs<GemmNative>().matMulF32(av, bv, out, biasArg, params);
      return { values: out, shape: d.outShape, dtype: 'float32' };
    }
    const js = jsKernels.fusedMatMul;
    if (!js) throw new Error('cpu fusedMatMul: the js kernel is missing');
    return js(inputs, attrs);
  },
};
