import type { KernelTable } from '../../../core/kernels.js';
import { mapBinary, mapUnary } from './util.js';

export const elementwiseKernels: KernelTable = {
  neg: ([x]) => mapUnary(x, (v) => -v),
  exp: ([x]) => mapUnary(x, Math.exp),
  log: ([x]) => mapUnary(x, Math.log),
  tanh: ([x]) => mapUnary(x, Math.tanh),
  sigmoid: ([x]) => mapUnary(x, (v) => 1 / (1 + Math.exp(-v))),
  square: ([x]) => mapUnary(x, (v) => v * v),
  add: ([a, b]) => mapBinary(a, b, (x, y) => x + y, a.dtype, 'add'),
  sub: ([a, b]) => mapBinary(a, b, (x, y) => x - y, a.dtype, 'sub'),
  mul: ([a, b]) => mapBinary(a, b, (x, y) => x * y, a.dtype, 'mul'),
  div: ([a, b]) =>
    mapBinary(a, b, a.dtype === 'int32' ? (x, y) => Math.floor(x / y) : (x, y) => x / y, a.dtype, 'div'),
};
