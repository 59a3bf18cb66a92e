/** Kernel definitions of the image family (see docs/adding-ops.md). */
import type { UnaryDef } from '../kernels.js';

declare module '../kernels.js' {
  interface KernelRegistry {
    // name: UnaryDef<Attrs>;
  }
}

export type { UnaryDef };
