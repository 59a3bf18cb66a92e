import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import { broadcastShapes, computeStrides, sizeFromShape } from '../../../core/shape.js';
import { output } from './util.js';

const BLOCK = 64;

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
};
