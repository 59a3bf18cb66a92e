/**
 * Reference kernels of the reduction family: reductions over any axes, arg-reductions,
 * cumulative scans and softmax. Every sum accumulates in float64 (JS doubles) and is stored
 * once, so float32 results are rounded once.
 */
import { makeTypedArray, type DType } from '../../../core/dtype.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { computeStrides, reducedShape, sizeFromShape } from '../../../core/shape.js';
import { output } from './util.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Calls `visit(outIndex, inIndex)` for every input element, where outIndex is the position of
 * its reduction slot. Elements of one slot are visited in row-major order. Shared by all
 * reductions of the reference backend; returns the output shape (reduced axes dropped).
 */
export function forEachReduced(x: KernelTensor, axes: readonly number[], visit: (o: number, i: number) => void): number[] {
  const outShape = reducedShape(x.shape, axes, false);
  const rank = x.shape.length;
  const outStridesKeep = computeStrides(reducedShape(x.shape, axes, true));
  const reduced = x.shape.map((_, d) => axes.includes(d));
  const size = sizeFromShape(x.shape);
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    visit(o, i);
    for (let d = rank - 1; d >= 0; d--) {
      const next = (idx[d] ?? 0) + 1;
      const dim = x.shape[d] ?? 1;
      const stride = reduced[d] ? 0 : (outStridesKeep[d] ?? 0);
      if (next < dim) {
        idx[d] = next;
        o += stride;
        break;
      }
      o -= stride * (dim - 1);
      idx[d] = 0;
    }
  }
  return outShape;
}

/** Sizes of the dimensions before `axis`, along it, and after it. */
function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeFromShape(shape.slice(0, axis)), shape[axis] ?? 1, sizeFromShape(shape.slice(axis + 1))];
}

/**
 * A reduction that folds every slot from `init` with `step` in float64, then stores
 * `finish(acc, count)` into an array of `dtype`.
 */
function reduceWith(
  x: KernelTensor,
  axes: readonly number[],
  dtype: DType,
  init: number,
  step: (acc: number, v: number) => number,
  finish?: (acc: number, count: number) => number,
): KernelTensor {
  const outShape = reducedShape(x.shape, axes, false);
  const acc = new Float64Array(sizeFromShape(outShape)).fill(init);
  const v = x.values;
  forEachReduced(x, axes, (o, i) => {
    acc[o] = step(acc[o] as number, v[i] as number);
  });
  const out = makeTypedArray(dtype, acc.length);
  if (finish) {
    const count = sizeFromShape(axes.map((a) => x.shape[a] ?? 1));
    for (let k = 0; k < acc.length; k++) out[k] = finish(acc[k] as number, count);
  } else {
    out.set(acc);
  }
  return output(out, outShape, dtype);
}

/** Max (sign 1) or min (sign -1) with NaN propagation; empty slots hold the identity. */
function extremum(x: KernelTensor, axes: readonly number[], sign: 1 | -1): KernelTensor {
  const empty = sign * -Infinity;
  const intEmpty = sign > 0 ? INT32_MIN : INT32_MAX;
  return reduceWith(
    x,
    axes,
    x.dtype,
    empty,
    (acc, v) => (v * sign > acc * sign || Number.isNaN(v) ? v : acc),
    (acc) => (x.dtype === 'int32' && acc === empty ? intEmpty : acc),
  );
}

/** Index of the first extremum along `axis` (sign 1: max, -1: min), as int32. */
function argExtremum(x: KernelTensor, axis: number, sign: 1 | -1): KernelTensor {
  const [outer, n, inner] = splitAt(x.shape, axis);
  const outShape = x.shape.filter((_, d) => d !== axis);
  const out = new Int32Array(outer * inner);
  const v = x.values;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = (v[base] as number) * sign;
      let at = 0;
      for (let k = 1; k < n; k++) {
        const cur = (v[base + k * inner] as number) * sign;
        if (cur > best) {
          best = cur;
          at = k;
        }
      }
      out[o * inner + i] = at;
    }
  }
  return output(out, outShape, 'int32');
}

/** Inclusive or exclusive scan along `axis`, forward or reversed. */
function scan(
  x: KernelTensor,
  axis: number,
  exclusive: boolean,
  reverse: boolean,
  identity: number,
  step: (acc: number, v: number) => number,
): KernelTensor {
  const dtype: DType = x.dtype === 'bool' ? 'int32' : x.dtype;
  const [outer, n, inner] = splitAt(x.shape, axis);
  const out = makeTypedArray(dtype, x.values.length);
  const v = x.values;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = identity;
      for (let k = 0; k < n; k++) {
        const at = base + (reverse ? n - 1 - k : k) * inner;
        if (exclusive) {
          out[at] = acc;
          acc = step(acc, v[at] as number);
        } else {
          acc = step(acc, v[at] as number);
          out[at] = acc;
        }
      }
    }
  }
  return output(out, x.shape, dtype);
}

/** Softmax (log = false) or log-softmax along `axis`, shifted by the maximum. */
function softmaxAlong(x: KernelTensor, axis: number, log: boolean): KernelTensor {
  const [outer, n, inner] = splitAt(x.shape, axis);
  const out = makeTypedArray(x.dtype, x.values.length);
  const v = x.values;
  const shifted = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0; k < n; k++) {
        const cur = v[base + k * inner] as number;
        if (cur > max || Number.isNaN(cur)) max = cur;
      }
      let total = 0;
      for (let k = 0; k < n; k++) {
        const s = (v[base + k * inner] as number) - max;
        shifted[k] = s;
        total += Math.exp(s);
      }
      const logTotal = Math.log(total);
      for (let k = 0; k < n; k++) {
        const s = shifted[k] as number;
        out[base + k * inner] = log ? s - logTotal : Math.exp(s) / total;
      }
    }
  }
  return output(out, x.shape, x.dtype);
}

export const reductionKernels: KernelTable = {
  sum: ([x], { axes }) => reduceWith(x, axes, x.dtype === 'bool' ? 'int32' : x.dtype, 0, (acc, v) => acc + v),
  mean: ([x], { axes }) => reduceWith(x, axes, x.dtype, 0, (acc, v) => acc + v, (acc, count) => acc / count),
  prod: ([x], { axes }) =>
    x.dtype === 'int32'
      ? reduceWith(x, axes, 'int32', 1, (acc, v) => Math.imul(acc, v))
      : reduceWith(x, axes, x.dtype, 1, (acc, v) => acc * v),
  max: ([x], { axes }) => extremum(x, axes, 1),
  min: ([x], { axes }) => extremum(x, axes, -1),
  all: ([x], { axes }) => reduceWith(x, axes, 'bool', 1, (acc, v) => (acc !== 0 && v !== 0 ? 1 : 0)),
  any: ([x], { axes }) => reduceWith(x, axes, 'bool', 0, (acc, v) => (acc !== 0 || v !== 0 ? 1 : 0)),
  logSumExp: ([x], { axes }) => {
    const max = reduceWith(x, axes, 'float64', -Infinity, (acc, v) => (v > acc || Number.isNaN(v) ? v : acc));
    // As TensorFlow: shift by the maximum only where it is finite (all -Infinity gives -Infinity).
    const shift = Float64Array.from(max.values, (m) => (Number.isFinite(m) ? m : 0));
    const total = new Float64Array(shift.length);
    const v = x.values;
    forEachReduced(x, axes, (o, i) => {
      total[o] = (total[o] as number) + Math.exp((v[i] as number) - (shift[o] as number));
    });
    const out = makeTypedArray(x.dtype, total.length);
    for (let k = 0; k < total.length; k++) out[k] = Math.log(total[k] as number) + (shift[k] as number);
    return output(out, max.shape, x.dtype);
  },
  euclideanNorm: ([x], { axes }) => reduceWith(x, axes, x.dtype, 0, (acc, v) => acc + v * v, (acc) => Math.sqrt(acc)),
  argMax: ([x], { axis }) => argExtremum(x, axis, 1),
  argMin: ([x], { axis }) => argExtremum(x, axis, -1),
  cumsum: ([x], { axis, exclusive, reverse }) =>
    x.dtype === 'float32' || x.dtype === 'float64'
      ? scan(x, axis, exclusive, reverse, 0, (acc, v) => acc + v)
      : scan(x, axis, exclusive, reverse, 0, (acc, v) => (acc + v) | 0),
  cumprod: ([x], { axis, exclusive, reverse }) =>
    x.dtype === 'float32' || x.dtype === 'float64'
      ? scan(x, axis, exclusive, reverse, 1, (acc, v) => acc * v)
      : scan(x, axis, exclusive, reverse, 1, (acc, v) => Math.imul(acc, v)),
  softmax: ([x], { axis }) => softmaxAlong(x, axis, false),
  logSoftmax: ([x], { axis }) => softmaxAlong(x, axis, true),
};
