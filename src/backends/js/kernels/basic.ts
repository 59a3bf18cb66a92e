import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import { output } from './util.js';

export const basicKernels: KernelTable = {
  cast: ([x], { dtype }) => {
    const out = makeTypedArray(dtype, x.values.length);
    const src = x.values;
    if (dtype === 'bool') {
      for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
    } else if (dtype === 'int32') {
      for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i] as number);
    } else {
      out.set(src);
    }
    return output(out, x.shape, dtype);
  },
  identity: ([x]) => output(x.values, x.shape, x.dtype),
  // Tensors are immutable, so a reshape shares its input's storage.
  reshape: ([x], { shape }) => output(x.values, shape, x.dtype),
};
