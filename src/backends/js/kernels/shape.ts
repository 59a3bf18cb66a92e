import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import { computeStrides } from '../../../core/shape.js';
import { broadcastIndexMap, output } from './util.js';

export const shapeKernels: KernelTable = {
  broadcastTo: ([x], { shape }) => {
    const map = broadcastIndexMap(x.shape, shape);
    const out = makeTypedArray(x.dtype, map.length);
    const v = x.values;
    for (let i = 0; i < map.length; i++) out[i] = v[map[i] as number] as number;
    return output(out, shape, x.dtype);
  },
  transpose: ([x], { perm }) => {
    const rank = x.shape.length;
    const outShape = perm.map((p) => x.shape[p] ?? 1);
    const inStrides = computeStrides(x.shape);
    const stride = perm.map((p) => inStrides[p] ?? 0); // input stride of each output axis
    const size = x.values.length;
    const out = makeTypedArray(x.dtype, size);
    const v = x.values;
    const idx = new Array<number>(rank).fill(0);
    let pos = 0;
    for (let i = 0; i < size; i++) {
      out[i] = v[pos] as number;
      for (let d = rank - 1; d >= 0; d--) {
        const next = (idx[d] ?? 0) + 1;
        if (next < (outShape[d] ?? 1)) {
          idx[d] = next;
          pos += stride[d] ?? 0;
          break;
        }
        pos -= (stride[d] ?? 0) * ((outShape[d] ?? 1) - 1);
        idx[d] = 0;
      }
    }
    return output(out, outShape, x.dtype);
  },
};
