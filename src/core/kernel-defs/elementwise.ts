/** Elementwise kernels: unary maps and broadcasting binary maps. Inputs of binary kernels share a dtype. */
import type { BinaryDef, UnaryDef } from '../kernels.js';

declare module '../kernels.js' {
  interface KernelRegistry {
    neg: UnaryDef;
    exp: UnaryDef;
    log: UnaryDef;
    tanh: UnaryDef;
    sigmoid: UnaryDef;
    square: UnaryDef;
    add: BinaryDef;
    sub: BinaryDef;
    mul: BinaryDef;
    div: BinaryDef;
  }
}
