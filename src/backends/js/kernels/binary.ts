import { makeTypedArray } from '../../../core/dtype.js';
import { FluxionError } from '../../../core/errors.js';
import type { KernelTable } from '../../../core/kernels.js';
import { broadcastShapes, sizeFromShape } from '../../../core/shape.js';
import { broadcastIndexMap, mapBinary, output } from './util.js';

/** Floor-mod with the divisor's sign, as TensorFlow.js's cpu backend computes it. */
function floorMod(x: number, y: number): number {
  const rem = x % y;
  return (x < 0 && y < 0) || (x >= 0 && y >= 0) ? rem : (rem + y) % y;
}

export const binaryKernels: KernelTable = {
  equal: ([a, b]) => mapBinary(a, b, (x, y) => (x === y ? 1 : 0), 'bool', 'equal'),
  notEqual: ([a, b]) => mapBinary(a, b, (x, y) => (x !== y ? 1 : 0), 'bool', 'notEqual'),
  less: ([a, b]) => mapBinary(a, b, (x, y) => (x < y ? 1 : 0), 'bool', 'less'),
  lessEqual: ([a, b]) => mapBinary(a, b, (x, y) => (x <= y ? 1 : 0), 'bool', 'lessEqual'),
  greater: ([a, b]) => mapBinary(a, b, (x, y) => (x > y ? 1 : 0), 'bool', 'greater'),
  greaterEqual: ([a, b]) => mapBinary(a, b, (x, y) => (x >= y ? 1 : 0), 'bool', 'greaterEqual'),
  select: ([c, a, b]) => {
    const shape = broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
    const size = sizeFromShape(shape);
    const ic = broadcastIndexMap(c.shape, shape);
    const ia = broadcastIndexMap(a.shape, shape);
    const ib = broadcastIndexMap(b.shape, shape);
    const out = makeTypedArray(a.dtype, size);
    const cv = c.values;
    const av = a.values;
    const bv = b.values;
    for (let i = 0; i < size; i++) {
      out[i] = cv[ic[i] as number] ? (av[ia[i] as number] as number) : (bv[ib[i] as number] as number);
    }
    return output(out, shape, a.dtype);
  },
  divNoNan: ([a, b]) =>
    mapBinary(
      a,
      b,
      a.dtype === 'int32' ? (x, y) => (y === 0 ? 0 : Math.floor(x / y)) : (x, y) => (y === 0 ? 0 : x / y),
      a.dtype,
      'divNoNan',
    ),
  floorDiv: ([a, b]) => mapBinary(a, b, (x, y) => Math.floor(x / y), a.dtype, 'floorDiv'),
  mod: ([a, b]) => mapBinary(a, b, floorMod, a.dtype, 'mod'),
  pow: ([a, b]) => mapBinary(a, b, Math.pow, a.dtype, 'pow'),
  maximum: ([a, b]) => mapBinary(a, b, Math.max, a.dtype, 'maximum'),
  minimum: ([a, b]) => mapBinary(a, b, Math.min, a.dtype, 'minimum'),
  squaredDifference: ([a, b]) =>
    mapBinary(
      a,
      b,
      (x, y) => {
        const d = x - y;
        return d * d;
      },
      a.dtype,
      'squaredDifference',
    ),
  atan2: ([a, b]) => mapBinary(a, b, Math.atan2, a.dtype, 'atan2'),
  logicalAnd: ([a, b]) => mapBinary(a, b, (x, y) => (x && y ? 1 : 0), 'bool', 'logicalAnd'),
  logicalOr: ([a, b]) => mapBinary(a, b, (x, y) => (x || y ? 1 : 0), 'bool', 'logicalOr'),
  logicalXor: ([a, b]) => mapBinary(a, b, (x, y) => ((x ? 1 : 0) !== (y ? 1 : 0) ? 1 : 0), 'bool', 'logicalXor'),
  prelu: ([x, alpha]) => mapBinary(x, alpha, (v, al) => (v < 0 ? al * v : v), x.dtype, 'prelu'),
  addN: (tensors) => {
    const first = tensors[0];
    if (first === undefined) throw new FluxionError('addN: expected at least one input tensor, but received none.');
    // accumulate in doubles, store once in the inputs' dtype
    const acc = new Float64Array(first.values.length);
    for (const t of tensors) {
      const v = t.values;
      for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (v[i] as number);
    }
    const out = makeTypedArray(first.dtype, acc.length);
    for (let i = 0; i < acc.length; i++) out[i] = acc[i] as number;
    return output(out, first.shape, first.dtype);
  },
};
