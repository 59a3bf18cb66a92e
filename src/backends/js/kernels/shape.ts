import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import { broadcastIndexMap, output } from './util.js';

export const shapeKernels: KernelTable = {
  broadcastTo: ([x], { shape }) => {
    const map = broadcastIndexMap(x.shape, shape);
    const out = makeTypedArray(x.dtype, map.length);
    const v = x.values;
    for (let i = 0; i < map.length; i++) out[i] = v[map[i] as number] as number;
    return output(out, shape, x.dtype);
  },
};
