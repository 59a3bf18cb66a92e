/** Image resizing kernels and their adjoints (the gradients), following TensorFlow's coordinate rules. */
import { makeTypedArray } from '../../../core/dtype.js';
import type { KernelTable } from '../../../core/kernels.js';
import '../../../core/kernel-defs/image.js';
import { output } from './util.js';

function resizeScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

interface LinearTable {
  lower: Int32Array;
  upper: Int32Array;
  lerp: Float64Array;
}

/** For each output coordinate: the two input neighbours and the weight of the upper one. */
function bilinearTable(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): LinearTable {
  const scale = resizeScale(inSize, outSize, alignCorners);
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const lerp = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixelCenters ? (i + 0.5) * scale - 0.5 : i * scale;
    const f = Math.floor(src);
    lower[i] = Math.max(f, 0);
    upper[i] = Math.min(Math.ceil(src), inSize - 1);
    lerp[i] = src - f;
  }
  return { lower, upper, lerp };
}

/** For each output coordinate: the nearest input coordinate. */
function nearestTable(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const scale = resizeScale(inSize, outSize, alignCorners);
  const near = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixelCenters ? (i + 0.5) * scale : i * scale;
    let j = Math.min(alignCorners ? Math.round(src) : Math.floor(src), inSize - 1);
    if (halfPixelCenters) j = Math.max(0, j);
    near[i] = j;
  }
  return near;
}

export const imageKernels: KernelTable = {
  resizeBilinear: ([x], { size, alignCorners, halfPixelCenters }) => {
    const [batch = 0, inH = 0, inW = 0, channels = 0] = x.shape;
    const [outH, outW] = size;
    const shape = [batch, outH, outW, channels];
    const out = makeTypedArray(x.dtype, batch * outH * outW * channels);
    const xv = x.values;
    const rows = bilinearTable(inH, outH, alignCorners, halfPixelCenters);
    const cols = bilinearTable(inW, outW, alignCorners, halfPixelCenters);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const inBatch = b * inH * inW * channels;
      for (let r = 0; r < outH; r++) {
        const top = inBatch + (rows.lower[r] as number) * inW * channels;
        const bottom = inBatch + (rows.upper[r] as number) * inW * channels;
        const yl = rows.lerp[r] as number;
        for (let c = 0; c < outW; c++) {
          const left = (cols.lower[c] as number) * channels;
          const right = (cols.upper[c] as number) * channels;
          const xl = cols.lerp[c] as number;
          for (let ch = 0; ch < channels; ch++) {
            // TensorFlow's lerp order: along the width, then the height
            const tl = xv[top + left + ch] as number;
            const tr = xv[top + right + ch] as number;
            const bl = xv[bottom + left + ch] as number;
            const br = xv[bottom + right + ch] as number;
            const t = tl + (tr - tl) * xl;
            const btm = bl + (br - bl) * xl;
            out[o++] = t + (btm - t) * yl;
          }
        }
      }
    }
    return output(out, shape, x.dtype);
  },

  // The exact adjoint of resizeBilinear: out = (1-yl)((1-xl) tl + xl tr) + yl((1-xl) bl + xl br).
  resizeBilinearGrad: ([dy], { inSize, alignCorners, halfPixelCenters }) => {
    const [batch = 0, outH = 0, outW = 0, channels = 0] = dy.shape;
    const [inH, inW] = inSize;
    const acc = new Float64Array(batch * inH * inW * channels);
    const dv = dy.values;
    const rows = bilinearTable(inH, outH, alignCorners, halfPixelCenters);
    const cols = bilinearTable(inW, outW, alignCorners, halfPixelCenters);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const inBatch = b * inH * inW * channels;
      for (let r = 0; r < outH; r++) {
        const top = inBatch + (rows.lower[r] as number) * inW * channels;
        const bottom = inBatch + (rows.upper[r] as number) * inW * channels;
        const yl = rows.lerp[r] as number;
        for (let c = 0; c < outW; c++) {
          const left = (cols.lower[c] as number) * channels;
          const right = (cols.upper[c] as number) * channels;
          const xl = cols.lerp[c] as number;
          const wtl = (1 - yl) * (1 - xl);
          const wtr = (1 - yl) * xl;
          const wbl = yl * (1 - xl);
          const wbr = yl * xl;
          for (let ch = 0; ch < channels; ch++) {
            const g = dv[o++] as number;
            acc[top + left + ch] = (acc[top + left + ch] as number) + wtl * g;
            acc[top + right + ch] = (acc[top + right + ch] as number) + wtr * g;
            acc[bottom + left + ch] = (acc[bottom + left + ch] as number) + wbl * g;
            acc[bottom + right + ch] = (acc[bottom + right + ch] as number) + wbr * g;
          }
        }
      }
    }
    const out = makeTypedArray(dy.dtype, acc.length);
    out.set(acc);
    return output(out, [batch, inH, inW, channels], dy.dtype);
  },

  resizeNearestNeighbor: ([x], { size, alignCorners, halfPixelCenters }) => {
    const [batch = 0, inH = 0, inW = 0, channels = 0] = x.shape;
    const [outH, outW] = size;
    const out = makeTypedArray(x.dtype, batch * outH * outW * channels);
    const xv = x.values;
    const rows = nearestTable(inH, outH, alignCorners, halfPixelCenters);
    const cols = nearestTable(inW, outW, alignCorners, halfPixelCenters);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let r = 0; r < outH; r++) {
        const rowBase = (b * inH + (rows[r] as number)) * inW * channels;
        for (let c = 0; c < outW; c++) {
          const at = rowBase + (cols[c] as number) * channels;
          for (let ch = 0; ch < channels; ch++) out[o++] = xv[at + ch] as number;
        }
      }
    }
    return output(out, [batch, outH, outW, channels], x.dtype);
  },

  resizeNearestNeighborGrad: ([dy], { inSize, alignCorners, halfPixelCenters }) => {
    const [batch = 0, outH = 0, outW = 0, channels = 0] = dy.shape;
    const [inH, inW] = inSize;
    const acc = new Float64Array(batch * inH * inW * channels);
    const dv = dy.values;
    const rows = nearestTable(inH, outH, alignCorners, halfPixelCenters);
    const cols = nearestTable(inW, outW, alignCorners, halfPixelCenters);
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let r = 0; r < outH; r++) {
        const rowBase = (b * inH + (rows[r] as number)) * inW * channels;
        for (let c = 0; c < outW; c++) {
          const at = rowBase + (cols[c] as number) * channels;
          for (let ch = 0; ch < channels; ch++) acc[at + ch] = (acc[at + ch] as number) + (dv[o++] as number);
        }
      }
    }
    const out = makeTypedArray(dy.dtype, acc.length);
    out.set(acc);
    return output(out, [batch, inH, inW, channels], dy.dtype);
  },
};
