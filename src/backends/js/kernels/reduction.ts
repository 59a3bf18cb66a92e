import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { computeStrides, reducedShape, sizeFromShape } from '../../../core/shape.js';
import { output } from './util.js';

/**
 * Calls `visit(outIndex, inIndex)` for every input element, where outIndex is the position of
 * its reduction slot. Shared by all reductions of the reference backend.
 */
export function forEachReduced(x: KernelTensor, axes: readonly number[], visit: (o: number, i: number) => void): number[] {
  const outShape = reducedShape(x.shape, axes, false);
  const rank = x.shape.length;
  const outStridesKeep = computeStrides(reducedShape(x.shape, axes, true));
  const size = x.values.length;
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    visit(o, i);
    for (let d = rank - 1; d >= 0; d--) {
      const reduced = axes.includes(d);
      const next = (idx[d] ?? 0) + 1;
      if (next < (x.shape[d] ?? 1)) {
        idx[d] = next;
        if (!reduced) o += outStridesKeep[d] ?? 0;
        break;
      }
      if (!reduced) o -= (outStridesKeep[d] ?? 0) * ((x.shape[d] ?? 1) - 1);
      idx[d] = 0;
    }
  }
  return outShape;
}

export const reductionKernels: KernelTable = {
  sum: ([x], { axes }) => {
    const outShape = reducedShape(x.shape, axes, false);
    const out = makeTypedArray(x.dtype === 'bool' ? 'int32' : x.dtype, sizeFromShape(outShape));
    const acc = new Float64Array(out.length);
    const v = x.values;
    forEachReduced(x, axes, (o, i) => {
      acc[o] = (acc[o] as number) + (v[i] as number);
    });
    out.set(acc);
    return output(out, outShape, out instanceof Int32Array ? 'int32' : x.dtype);
  },
};
