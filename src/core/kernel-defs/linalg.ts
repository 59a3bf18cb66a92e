/** Linear algebra kernels. */
import type { BinaryDef } from '../kernels.js';

export interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** Batched: a [...batchA, m, k], b [...batchB, k, n] (before transposes); batch dims broadcast. */
    batchMatMul: BinaryDef<MatMulAttrs>;
  }
}
