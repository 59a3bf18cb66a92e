/** Pooling kernels (2-D and 3-D, channels-last), their gradients and the gradient of maxPoolGrad. */
import { makeTypedArray, type TypedArray } from '../../../core/dtype.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import type { PoolAttrs, PoolGradAttrs } from '../../../core/kernel-defs/pool.js';
import { output } from './util.js';

/**
 * Walks every pooling window of an input of shape [batch, ...spatial, channels]. For each, calls
 * `visit(inBase, outBase, offsets, n)`: `offsets[0..n)` are the window's valid positions (spatial
 * flat index times channels, in window scan order) relative to `inBase`, the start of the batch
 * item; `outBase` is the flat index of the window's first channel in the output.
 */
function forEachWindow(
  inShape: readonly number[],
  attrs: PoolAttrs,
  visit: (inBase: number, outBase: number, offsets: Int32Array, n: number) => void,
): void {
  const { filterSize, strides, padBefore, outSize } = attrs;
  const k = filterSize.length;
  const batch = inShape[0] ?? 0;
  const channels = inShape[k + 1] ?? 0;
  const inSpatial = inShape.slice(1, k + 1);
  const spStride = new Array<number>(k);
  let acc = channels;
  for (let d = k - 1; d >= 0; d--) {
    spStride[d] = acc;
    acc *= inSpatial[d] ?? 0;
  }
  const inBatchSize = acc;
  const outCount = outSize.reduce((p, v) => p * v, 1);
  const offsets = new Int32Array(filterSize.reduce((p, v) => p * v, 1));
  const lo = new Array<number>(k).fill(0);
  const hi = new Array<number>(k).fill(0);
  const idx = new Array<number>(k).fill(0);
  const o = new Array<number>(k).fill(0);
  for (let b = 0; b < batch; b++) {
    o.fill(0);
    for (let oi = 0; oi < outCount; oi++) {
      let empty = false;
      for (let d = 0; d < k; d++) {
        const start = (o[d] ?? 0) * (strides[d] ?? 1) - (padBefore[d] ?? 0);
        lo[d] = Math.max(0, start);
        hi[d] = Math.min(inSpatial[d] ?? 0, start + (filterSize[d] ?? 1));
        if ((lo[d] ?? 0) >= (hi[d] ?? 0)) empty = true;
      }
      let n = 0;
      if (!empty) {
        for (let d = 0; d < k; d++) idx[d] = lo[d] ?? 0;
        for (;;) {
          let off = 0;
          for (let d = 0; d < k; d++) off += (idx[d] ?? 0) * (spStride[d] ?? 0);
          offsets[n++] = off;
          let d = k - 1;
          for (; d >= 0; d--) {
            const next = (idx[d] ?? 0) + 1;
            if (next < (hi[d] ?? 0)) {
              idx[d] = next;
              break;
            }
            idx[d] = lo[d] ?? 0;
          }
          if (d < 0) break;
        }
      }
      visit(b * inBatchSize, (b * outCount + oi) * channels, offsets, n);
      for (let d = k - 1; d >= 0; d--) {
        const next = (o[d] ?? 0) + 1;
        if (next < (outSize[d] ?? 0)) {
          o[d] = next;
          break;
        }
        o[d] = 0;
      }
    }
  }
}

/** Absolute index of the maximum of channel `c` over a window (first maximum; NaN wins), or -1 if empty. */
function argMaxInWindow(xv: TypedArray, inBase: number, offsets: Int32Array, n: number, c: number): number {
  let best = 0;
  let pos = -1;
  for (let j = 0; j < n; j++) {
    const at = inBase + (offsets[j] as number) + c;
    const v = xv[at] as number;
    if (pos < 0 || v > best || Number.isNaN(v)) {
      best = v;
      pos = at;
      if (Number.isNaN(v)) break;
    }
  }
  return pos;
}

function pooledShape(inShape: readonly number[], attrs: PoolAttrs): number[] {
  const k = attrs.filterSize.length;
  return [inShape[0] ?? 0, ...attrs.outSize, inShape[k + 1] ?? 0];
}

function channelsOf(shape: readonly number[]): number {
  return shape[shape.length - 1] ?? 0;
}

function maxPool([x]: readonly [KernelTensor], attrs: PoolAttrs): KernelTensor {
  const shape = pooledShape(x.shape, attrs);
  const out = makeTypedArray(x.dtype, shape.reduce((p, v) => p * v, 1));
  const xv = x.values;
  const channels = channelsOf(x.shape);
  forEachWindow(x.shape, attrs, (inBase, outBase, offsets, n) => {
    for (let c = 0; c < channels; c++) {
      const pos = argMaxInWindow(xv, inBase, offsets, n, c);
      out[outBase + c] = pos < 0 ? -Infinity : (xv[pos] as number);
    }
  });
  return output(out, shape, x.dtype);
}

function avgPool([x]: readonly [KernelTensor], attrs: PoolAttrs): KernelTensor {
  const shape = pooledShape(x.shape, attrs);
  const out = makeTypedArray(x.dtype, shape.reduce((p, v) => p * v, 1));
  const xv = x.values;
  const channels = channelsOf(x.shape);
  forEachWindow(x.shape, attrs, (inBase, outBase, offsets, n) => {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += xv[inBase + (offsets[j] as number) + c] as number;
      out[outBase + c] = s / n;
    }
  });
  return output(out, shape, x.dtype);
}

function maxPoolGrad([dy, x]: readonly [KernelTensor, KernelTensor], attrs: PoolAttrs): KernelTensor {
  const acc = new Float64Array(x.values.length);
  const xv = x.values;
  const dv = dy.values;
  const channels = channelsOf(x.shape);
  forEachWindow(x.shape, attrs, (inBase, outBase, offsets, n) => {
    for (let c = 0; c < channels; c++) {
      const pos = argMaxInWindow(xv, inBase, offsets, n, c);
      if (pos >= 0) acc[pos] = (acc[pos] as number) + (dv[outBase + c] as number);
    }
  });
  const out = makeTypedArray(dy.dtype, acc.length);
  out.set(acc);
  return output(out, x.shape, dy.dtype);
}

function maxPoolGradGrad([ddx, x]: readonly [KernelTensor, KernelTensor], attrs: PoolAttrs): KernelTensor {
  const shape = pooledShape(x.shape, attrs);
  const out = makeTypedArray(ddx.dtype, shape.reduce((p, v) => p * v, 1));
  const xv = x.values;
  const gv = ddx.values;
  const channels = channelsOf(x.shape);
  forEachWindow(x.shape, attrs, (inBase, outBase, offsets, n) => {
    for (let c = 0; c < channels; c++) {
      const pos = argMaxInWindow(xv, inBase, offsets, n, c);
      out[outBase + c] = pos < 0 ? 0 : (gv[pos] as number);
    }
  });
  return output(out, shape, ddx.dtype);
}

function avgPoolGrad([dy]: readonly [KernelTensor], attrs: PoolGradAttrs): KernelTensor {
  const { inShape } = attrs;
  const acc = new Float64Array(inShape.reduce((p, v) => p * v, 1));
  const dv = dy.values;
  const channels = channelsOf(inShape);
  forEachWindow(inShape, attrs, (inBase, outBase, offsets, n) => {
    for (let c = 0; c < channels; c++) {
      const g = (dv[outBase + c] as number) / n;
      for (let j = 0; j < n; j++) {
        const at = inBase + (offsets[j] as number) + c;
        acc[at] = (acc[at] as number) + g;
      }
    }
  });
  const out = makeTypedArray(dy.dtype, acc.length);
  out.set(acc);
  return output(out, inShape, dy.dtype);
}

export const poolKernels: KernelTable = {
  maxPool,
  avgPool,
  maxPoolGrad,
  maxPoolGradGrad,
  avgPoolGrad,
  // The loops above are generic in the number of spatial dimensions.
  maxPool3d: maxPool,
  avgPool3d: avgPool,
  maxPool3dGrad: maxPoolGrad,
  maxPool3dGradGrad: maxPoolGradGrad,
  avgPool3dGrad: avgPoolGrad,
};
