import { makeTypedArray } from '../../../core/dtype.js';
import { FluxionError } from '../../../core/errors.js';
import type { KernelTable } from '../../../core/kernels.js';
import { broadcastShapes, computeStrides, sizeFromShape } from '../../../core/shape.js';
import { output } from './util.js';

const BLOCK = 64;

/** Number of inner matrices of a [...batch, rows, cols] tensor. */
function batchCount(shape: readonly number[]): number {
  return sizeFromShape(shape.slice(0, -2));
}

function whichMatrix(b: number, nBatch: number): string {
  return nBatch === 1 ? 'the matrix' : `matrix ${b} of the batch`;
}

/**
 * In-place LU factorization with partial pivoting of the n×n row-major matrix `a` (PA = LU, unit
 * lower L below the diagonal, U on and above it). Returns the row permutation, or the index of
 * the first zero pivot when the matrix is singular.
 */
function luFactor(a: Float64Array, n: number): { perm: Int32Array } | { singularAt: number } {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k] as number);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0)) return { singularAt: k };
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number;
        a[k * n + j] = a[p * n + j] as number;
        a[p * n + j] = t;
      }
      const t = perm[k] as number;
      perm[k] = perm[p] as number;
      perm[p] = t;
    }
    const pivot = a[k * n + k] as number;
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] as number) / pivot;
      a[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - f * (a[k * n + j] as number);
    }
  }
  return { perm };
}

/** Solves LU·x = P·b for the n×k right-hand side `b` (row-major), returning x. */
function luSolve(lu: Float64Array, perm: Int32Array, n: number, b: ArrayLike<number>, bOffset: number, k: number): Float64Array {
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const src = bOffset + (perm[i] as number) * k;
    for (let c = 0; c < k; c++) x[i * k + c] = b[src + c] as number;
  }
  // forward substitution with the unit lower factor
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const l = lu[i * n + j] as number;
      if (l === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] as number) - l * (x[j * k + c] as number);
    }
  }
  // back substitution with the upper factor
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) {
      const u = lu[i * n + j] as number;
      if (u === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] as number) - u * (x[j * k + c] as number);
    }
    const d = lu[i * n + i] as number;
    for (let c = 0; c < k; c++) x[i * k + c] = (x[i * k + c] as number) / d;
  }
  return x;
}

function singularError(op: 'linalg.inv' | 'linalg.solve', b: number, nBatch: number, pivot: number): FluxionError {
  const subject = op === 'linalg.inv' ? `${whichMatrix(b, nBatch)} is singular (not invertible)` : nBatch === 1
    ? 'a is singular, so a·x = b has no unique solution'
    : `a (matrix ${b} of the batch) is singular, so a·x = b has no unique solution`;
  return new FluxionError(
    `${op}: ${subject}: LU factorization found a zero pivot in column ${pivot}. Check for linearly dependent rows or columns.`,
  );
}

/** Householder QR of one m×n matrix (doubles), with TensorFlow.js's sign convention: R[j,j] = -sign(x₀)·‖x‖. */
function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const r = a;
  const q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) q[i * m + i] = 1;
  const w = new Float64Array(m);
  const iters = Math.min(m, n);
  for (let j = 0; j < iters; j++) {
    let sq = 0;
    for (let i = j; i < m; i++) sq += (r[i * n + j] as number) ** 2;
    const norm = Math.sqrt(sq);
    if (norm === 0) continue; // the column is already zero below the diagonal: H = I
    const rjj = r[j * n + j] as number;
    const s = rjj > 0 ? -1 : 1;
    const u1 = rjj - s * norm;
    w[j] = 1;
    for (let i = j + 1; i < m; i++) w[i] = (r[i * n + j] as number) / u1;
    const tau = (-s * u1) / norm;
    // R[j:, :] -= tau * w (wᵀ R[j:, :])
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += (w[i] as number) * (r[i * n + c] as number);
      const f = tau * dot;
      if (f === 0) continue;
      for (let i = j; i < m; i++) r[i * n + c] = (r[i * n + c] as number) - f * (w[i] as number);
    }
    // Q[:, j:] -= (Q[:, j:] w) (tau w)ᵀ
    for (let row = 0; row < m; row++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += (q[row * m + i] as number) * (w[i] as number);
      const f = tau * dot;
      if (f === 0) continue;
      for (let i = j; i < m; i++) q[row * m + i] = (q[row * m + i] as number) - f * (w[i] as number);
    }
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
  }
  return { q, r };
}


export const linalgKernels: KernelTable = {
  batchMatMul: ([a, b], { transposeA, transposeB }) => {
    const ra = a.shape.length;
    const rb = b.shape.length;
    const m = (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) ?? 1;
    const k = (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) ?? 1;
    const n = (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) ?? 1;
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    const batch = broadcastShapes('matMul', batchA, batchB);
    const nBatch = sizeFromShape(batch);
    const out = makeTypedArray(a.dtype, nBatch * m * n);
    const av = a.values;
    const bv = b.values;
    // element strides of rows/columns of the (logical, transposed) operands
    const aRow = transposeA ? 1 : k;
    const aCol = transposeA ? m : 1;
    const bRow = transposeB ? 1 : n;
    const bCol = transposeB ? k : 1;
    const stridesA = computeStrides(batchA);
    const stridesB = computeStrides(batchB);
    const acc = new Float64Array(m * n);
    const batchIdx = new Array<number>(batch.length).fill(0);
    for (let bi = 0; bi < nBatch; bi++) {
      let offA = 0;
      let offB = 0;
      for (let d = 0; d < batch.length; d++) {
        const da = d - (batch.length - batchA.length);
        const db = d - (batch.length - batchB.length);
        const id = batchIdx[d] ?? 0;
        if (da >= 0 && (batchA[da] ?? 1) !== 1) offA += id * (stridesA[da] ?? 0);
        if (db >= 0 && (batchB[db] ?? 1) !== 1) offB += id * (stridesB[db] ?? 0);
      }
      offA *= m * k;
      offB *= k * n;
      acc.fill(0);
      // blocked i-p-j loop: accumulates in float64, rounds once on store
      for (let p0 = 0; p0 < k; p0 += BLOCK) {
        const p1 = Math.min(k, p0 + BLOCK);
        for (let i = 0; i < m; i++) {
          const rowOut = i * n;
          for (let p = p0; p < p1; p++) {
            const aip = av[offA + i * aRow + p * aCol] as number;
            const rowB = offB + p * bRow;
            for (let j = 0; j < n; j++) acc[rowOut + j] = (acc[rowOut + j] as number) + aip * (bv[rowB + j * bCol] as number);
          }
        }
      }
      out.set(acc, bi * m * n);
      for (let d = batch.length - 1; d >= 0; d--) {
        const next = (batchIdx[d] ?? 0) + 1;
        if (next < (batch[d] ?? 1)) {
          batchIdx[d] = next;
          break;
        }
        batchIdx[d] = 0;
      }
    }
    return output(out, [...batch, m, n], a.dtype);
  },

  bandPart: ([x], { numLower, numUpper }) => {
    const rank = x.shape.length;
    const rows = x.shape[rank - 2] ?? 1;
    const cols = x.shape[rank - 1] ?? 1;
    const out = makeTypedArray(x.dtype, x.values.length);
    const src = x.values;
    const inner = rows * cols;
    for (let base = 0; base < src.length; base += inner) {
      for (let i = 0; i < rows; i++) {
        const lo = numLower < 0 ? 0 : Math.max(0, i - numLower);
        const hi = numUpper < 0 ? cols - 1 : Math.min(cols - 1, i + numUpper);
        for (let j = lo; j <= hi; j++) out[base + i * cols + j] = src[base + i * cols + j] as number;
      }
    }
    return output(out, x.shape, x.dtype);
  },

  matrixInverse: ([x]) => {
    const n = x.shape[x.shape.length - 1] ?? 0;
    const nBatch = batchCount(x.shape);
    const out = makeTypedArray(x.dtype, x.values.length);
    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    for (let b = 0; b < nBatch; b++) {
      const lu = Float64Array.from(x.values.subarray(b * n * n, (b + 1) * n * n));
      const f = luFactor(lu, n);
      if ('singularAt' in f) throw singularError('linalg.inv', b, nBatch, f.singularAt);
      out.set(luSolve(lu, f.perm, n, identity, 0, n), b * n * n);
    }
    return output(out, x.shape, x.dtype);
  },

  matrixSolve: ([a, rhs]) => {
    const n = a.shape[a.shape.length - 1] ?? 0;
    const k = rhs.shape[rhs.shape.length - 1] ?? 0;
    const nBatch = batchCount(a.shape);
    const out = makeTypedArray(a.dtype, rhs.values.length);
    for (let b = 0; b < nBatch; b++) {
      const lu = Float64Array.from(a.values.subarray(b * n * n, (b + 1) * n * n));
      const f = luFactor(lu, n);
      if ('singularAt' in f) throw singularError('linalg.solve', b, nBatch, f.singularAt);
      out.set(luSolve(lu, f.perm, n, rhs.values, b * n * k, k), b * n * k);
    }
    return output(out, rhs.shape, rhs.dtype);
  },

  cholesky: ([x]) => {
    const n = x.shape[x.shape.length - 1] ?? 0;
    const nBatch = batchCount(x.shape);
    const out = makeTypedArray(x.dtype, x.values.length);
    const l = new Float64Array(n * n);
    const src = x.values;
    for (let b = 0; b < nBatch; b++) {
      const off = b * n * n;
      l.fill(0);
      for (let j = 0; j < n; j++) {
        let d = src[off + j * n + j] as number;
        for (let p = 0; p < j; p++) d -= (l[j * n + p] as number) ** 2;
        if (!(d > 0)) {
          throw new FluxionError(
            `linalg.cholesky: ${whichMatrix(b, nBatch)} is not positive definite (the pivot of row ${j} is ${d}). ` +
              'Cholesky needs a symmetric positive-definite matrix; if it is only semi-definite, add a small multiple of the identity.',
          );
        }
        const ljj = Math.sqrt(d);
        l[j * n + j] = ljj;
        for (let i = j + 1; i < n; i++) {
          let v = src[off + i * n + j] as number;
          for (let p = 0; p < j; p++) v -= (l[i * n + p] as number) * (l[j * n + p] as number);
          l[i * n + j] = v / ljj;
        }
      }
      out.set(l, off);
    }
    return output(out, x.shape, x.dtype);
  },

  qr: ([x], { fullMatrices }) => {
    const rank = x.shape.length;
    const m = x.shape[rank - 2] ?? 0;
    const n = x.shape[rank - 1] ?? 0;
    const batch = x.shape.slice(0, -2);
    const nBatch = batchCount(x.shape);
    const qCols = fullMatrices || m <= n ? m : n;
    const rRows = qCols;
    const qOut = makeTypedArray(x.dtype, nBatch * m * qCols);
    const rOut = makeTypedArray(x.dtype, nBatch * rRows * n);
    for (let b = 0; b < nBatch; b++) {
      const { q, r } = householderQr(Float64Array.from(x.values.subarray(b * m * n, (b + 1) * m * n)), m, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < qCols; j++) qOut[b * m * qCols + i * qCols + j] = q[i * m + j] as number;
      }
      rOut.set(r.subarray(0, rRows * n), b * rRows * n);
    }
    return [output(qOut, [...batch, m, qCols], x.dtype), output(rOut, [...batch, rRows, n], x.dtype)];
  },
};
