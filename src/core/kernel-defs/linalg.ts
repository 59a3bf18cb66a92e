/** Linear algebra kernels. */
import type { BinaryDef, UnaryDef } from '../kernels.js';

export interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Band widths kept below and above the diagonal; negative keeps the whole triangle. */
export interface BandPartAttrs {
  numLower: number;
  numUpper: number;
}

export interface QrAttrs {
  fullMatrices: boolean;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** Batched: a [...batchA, m, k], b [...batchB, k, n] (before transposes); batch dims broadcast. */
    batchMatMul: BinaryDef<MatMulAttrs>;
    /** Zeroes the entries of each inner matrix outside the band (any dtype). */
    bandPart: UnaryDef<BandPartAttrs>;
    /** Inverse of each inner [n, n] matrix (float); throws on a singular matrix. */
    matrixInverse: UnaryDef;
    /** x with a·x = b for each inner matrix: a [...batch, n, n], b [...batch, n, k] (equal batch dims, float). */
    matrixSolve: BinaryDef;
    /** Lower-triangular L with L·Lᵀ = a, reading the lower triangle of each inner matrix (float). */
    cholesky: UnaryDef;
    /**
     * Householder QR of each inner [m, n] matrix (float): outputs [q, r]. With fullMatrices false
     * q is [m, min(m,n)] and r [min(m,n), n]; with true, q is [m, m] and r [m, n].
     */
    qr: UnaryDef<QrAttrs>;
  }
}
