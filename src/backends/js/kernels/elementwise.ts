import type { KernelTable } from '../../../core/kernels.js';
import { mapBinary, mapUnary } from './util.js';

/** 1 / (1 + exp(-v)), in a form whose exp never overflows (exp of a non-positive number only). */
function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export const elementwiseKernels: KernelTable = {
  neg: ([x]) => mapUnary(x, (v) => -v),
  exp: ([x]) => mapUnary(x, Math.exp),
  log: ([x]) => mapUnary(x, Math.log),
  tanh: ([x]) => mapUnary(x, Math.tanh),
  sigmoid: ([x]) => mapUnary(x, sigmoidScalar),
  square: ([x]) => mapUnary(x, (v) => v * v),
  add: ([a, b]) => mapBinary(a, b, (x, y) => x + y, a.dtype, 'add'),
  sub: ([a, b]) => mapBinary(a, b, (x, y) => x - y, a.dtype, 'sub'),
  mul: ([a, b]) => mapBinary(a, b, (x, y) => x * y, a.dtype, 'mul'),
  div: ([a, b]) =>
    mapBinary(a, b, a.dtype === 'int32' ? (x, y) => Math.floor(x / y) : (x, y) => x / y, a.dtype, 'div'),
};
