/** Kernel definitions of the binary family (see docs/adding-ops.md). Inputs share a dtype. */
import type { BinaryDef, TernaryDef, VariadicDef } from '../kernels.js';

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
    /** a / b, 0 where b is 0 (int32 divides with floor). */
    divNoNan: BinaryDef;
    /** floor(a / b), in the inputs' dtype. */
    floorDiv: BinaryDef;
    /** Floor-mod: the result takes the sign of b. */
    mod: BinaryDef;
    /** a ** b (int32 results truncate toward zero). */
    pow: BinaryDef;
    maximum: BinaryDef;
    minimum: BinaryDef;
    /** (a - b) ** 2. */
    squaredDifference: BinaryDef;
    /** atan2(a, b) on floats. */
    atan2: BinaryDef;
    /** bool in, bool out. */
    logicalAnd: BinaryDef;
    logicalOr: BinaryDef;
    logicalXor: BinaryDef;
    /** prelu(x, alpha): x where x >= 0, alpha * x elsewhere; x and alpha broadcast, floats only. */
    prelu: BinaryDef;
    /** Sum of one or more tensors of the same shape and dtype. */
    addN: VariadicDef;
  }
}
