/** Shape kernels (memory movement). */
import type { UnaryDef } from '../kernels.js';

export interface BroadcastToAttrs {
  shape: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    broadcastTo: UnaryDef<BroadcastToAttrs>;
  }
}
