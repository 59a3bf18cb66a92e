/** Shape kernels (memory movement). */
import type { UnaryDef } from '../kernels.js';

export interface BroadcastToAttrs {
  shape: number[];
}
export interface TransposeAttrs {
  /** A full permutation of the input's axes. */
  perm: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    broadcastTo: UnaryDef<BroadcastToAttrs>;
    transpose: UnaryDef<TransposeAttrs>;
  }
}
