/** Kernel definitions of the binary family (see docs/adding-ops.md). Inputs share a dtype. */
import type { BinaryDef, TernaryDef } from '../kernels.js';

declare module '../kernels.js' {
  interface KernelRegistry {
    equal: BinaryDef;
    notEqual: BinaryDef;
    less: BinaryDef;
    lessEqual: BinaryDef;
    greater: BinaryDef;
    greaterEqual: BinaryDef;
    /** select(condition (bool), a, b), all three broadcast together; a and b share a dtype. */
    select: TernaryDef;
  }
}
