/** Reductions. `axes` are normalized, sorted and non-empty-safe; the output drops the reduced axes. */
import type { UnaryDef } from '../kernels.js';

export interface ReduceAttrs {
  axes: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    sum: UnaryDef<ReduceAttrs>;
  }
}
