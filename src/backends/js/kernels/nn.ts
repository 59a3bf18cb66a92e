/** Normalization and cross-entropy kernels. */
import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import '../../../core/kernel-defs/nn.js';
import { mapUnary, output } from './util.js';

/** Sums x (or x^2 with `squared`) over the channel window [c - r, c + r] of the last axis, in float64. */
function windowSum(values: ArrayLike<number>, channels: number, radius: number, squared: boolean): Float64Array {
  const out = new Float64Array(values.length);
  for (let base = 0; base < values.length; base += channels) {
    for (let c = 0; c < channels; c++) {
      const hi = Math.min(channels - 1, c + radius);
      let s = 0;
      for (let j = Math.max(0, c - radius); j <= hi; j++) {
        const v = values[base + j] as number;
        s += squared ? v * v : v;
      }
      out[base + c] = s;
    }
  }
  return out;
}

export const nnKernels: KernelTable = {
  batchNormInvStd: ([v], { varianceEpsilon }) => mapUnary(v, (x) => 1 / Math.sqrt(x + varianceEpsilon)),

  lrn: ([x], { depthRadius, bias, alpha, beta }) => {
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const sums = windowSum(x.values, channels, depthRadius, true);
    const out = makeTypedArray(x.dtype, x.values.length);
    const xv = x.values;
    for (let i = 0; i < out.length; i++) out[i] = (xv[i] as number) * Math.pow(bias + alpha * (sums[i] as number), -beta);
    return output(out, x.shape, x.dtype);
  },

  lrnWindowSum: ([x], { depthRadius }) => {
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const out = makeTypedArray(x.dtype, x.values.length);
    out.set(windowSum(x.values, channels, depthRadius, false));
    return output(out, x.shape, x.dtype);
  },

  softmaxCrossEntropyWithLogits: ([labels, logits], { axis }) => {
    const shape = logits.shape;
    const n = shape[axis] ?? 1;
    let inner = 1;
    for (let d = axis + 1; d < shape.length; d++) inner *= shape[d] ?? 1;
    let outer = 1;
    for (let d = 0; d < axis; d++) outer *= shape[d] ?? 1;
    const zv = labels.values;
    const xv = logits.values;
    const loss = makeTypedArray(logits.dtype, outer * inner);
    const logSm = makeTypedArray(logits.dtype, xv.length);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let m = -Infinity;
        for (let j = 0; j < n; j++) m = Math.max(m, xv[base + j * inner] as number);
        if (!Number.isFinite(m)) m = 0; // no finite shift exists: exp/log below give the IEEE result
        let s = 0;
        for (let j = 0; j < n; j++) s += Math.exp((xv[base + j * inner] as number) - m);
        const lse = m + Math.log(s);
        let l = 0;
        for (let j = 0; j < n; j++) {
          const at = base + j * inner;
          const ls = (xv[at] as number) - lse;
          logSm[at] = ls;
          const z = zv[at] as number;
          if (z !== 0) l -= z * ls;
        }
        loss[o * inner + i] = l;
      }
    }
    const lossShape = shape.filter((_, d) => d !== axis);
    return [output(loss, lossShape, logits.dtype), output(logSm, shape, logits.dtype)];
  },

  sigmoidCrossEntropyWithLogits: ([labels, logits]) => {
    const zv = labels.values;
    const xv = logits.values;
    const out = makeTypedArray(logits.dtype, xv.length);
    for (let i = 0; i < out.length; i++) {
      const x = xv[i] as number;
      const z = zv[i] as number;
      out[i] = Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));
    }
    return output(out, logits.shape, logits.dtype);
  },
};
