import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import { broadcastShapes, sizeFromShape } from '../../../core/shape.js';
import { broadcastIndexMap, mapBinary, output } from './util.js';

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
};
