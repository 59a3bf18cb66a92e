/**
 * Shape kernels of the reference backend: pure memory movement. Copies work on the longest
 * contiguous runs the layout allows (typed-array `set` for long runs, a plain loop for short ones).
 */
import { makeTypedArray, type TypedArray } from '../../../core/dtype.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { computeStrides, sizeFromShape } from '../../../core/shape.js';
import { broadcastIndexMap, output } from './util.js';

/** Below this length a loop beats creating a subarray view for `set`. */
const SHORT_RUN = 16;

/** Copies `len` elements from src[from..] to dst[to..]. */
export function copyRun(src: TypedArray, from: number, dst: TypedArray, to: number, len: number): void {
  if (len >= SHORT_RUN) {
    dst.set(src.subarray(from, from + len), to);
  } else {
    for (let i = 0; i < len; i++) dst[to + i] = src[from + i] as number;
  }
}

/**
 * Copies the box of shape `box` that starts at `srcStart` in `src` (shape `srcShape`) to
 * `dstStart` in `dst` (shape `dstShape`). Trailing axes that the box covers completely in both
 * tensors merge into one contiguous run.
 */
export function copyBox(
  src: TypedArray,
  srcShape: readonly number[],
  srcStart: readonly number[],
  dst: TypedArray,
  dstShape: readonly number[],
  dstStart: readonly number[],
  box: readonly number[],
): void {
  const rank = box.length;
  if (rank === 0) {
    dst[0] = src[0] as number;
    return;
  }
  if (box.some((d) => d === 0)) return;
  let k = rank - 1;
  let run = box[k] as number;
  while (k > 0 && box[k] === srcShape[k] && box[k] === dstShape[k]) {
    k--;
    run *= box[k] as number;
  }
  const ss = computeStrides(srcShape);
  const ds = computeStrides(dstShape);
  let so = 0;
  let dof = 0;
  for (let d = 0; d < rank; d++) {
    so += (srcStart[d] ?? 0) * (ss[d] ?? 0);
    dof += (dstStart[d] ?? 0) * (ds[d] ?? 0);
  }
  let outer = 1;
  for (let d = 0; d < k; d++) outer *= box[d] as number;
  const idx = new Array<number>(k).fill(0);
  for (let n = 0; n < outer; n++) {
    copyRun(src, so, dst, dof, run);
    for (let d = k - 1; d >= 0; d--) {
      const next = (idx[d] as number) + 1;
      if (next < (box[d] as number)) {
        idx[d] = next;
        so += ss[d] as number;
        dof += ds[d] as number;
        break;
      }
      so -= (ss[d] as number) * ((box[d] as number) - 1);
      dof -= (ds[d] as number) * ((box[d] as number) - 1);
      idx[d] = 0;
    }
  }
}

/**
 * For each output position, the flat input index, where output axis d reads input index
 * maps[d][i] (one map per axis, of the output's length along it).
 */
function axisMapIndex(inShape: readonly number[], maps: readonly Int32Array[]): Int32Array {
  const rank = inShape.length;
  const outShape = maps.map((m) => m.length);
  const size = sizeFromShape(outShape);
  const result = new Int32Array(size);
  if (size === 0) return result;
  const strides = computeStrides(inShape);
  const idx = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let d = 0; d < rank; d++) pos += ((maps[d] as Int32Array)[0] as number) * (strides[d] as number);
  for (let i = 0; i < size; i++) {
    result[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      const map = maps[d] as Int32Array;
      const cur = idx[d] as number;
      if (cur + 1 < map.length) {
        idx[d] = cur + 1;
        pos += ((map[cur + 1] as number) - (map[cur] as number)) * (strides[d] as number);
        break;
      }
      pos -= ((map[cur] as number) - (map[0] as number)) * (strides[d] as number);
      idx[d] = 0;
    }
  }
  return result;
}

/** Per-axis source index of each position of a mirror-padded axis. */
function mirrorMaps(shape: readonly number[], paddings: ReadonlyArray<readonly [number, number]>, mode: 'reflect' | 'symmetric'): Int32Array[] {
  return shape.map((n, d) => {
    const [before, after] = paddings[d] ?? [0, 0];
    const map = new Int32Array(before + n + after);
    for (let j = 0; j < map.length; j++) {
      let p = j - before;
      if (p < 0) p = mode === 'reflect' ? -p : -p - 1;
      else if (p >= n) p = mode === 'reflect' ? 2 * (n - 1) - p : 2 * n - 1 - p;
      map[j] = p;
    }
    return map;
  });
}

/** Visits every position of a strided box: `visit(boxIndex, sourceIndex)`. */
function forEachStrided(
  shape: readonly number[],
  begin: readonly number[],
  strides: readonly number[],
  size: readonly number[],
  visit: (o: number, i: number) => void,
): void {
  const rank = size.length;
  const total = sizeFromShape(size);
  if (total === 0) return;
  const inStrides = computeStrides(shape);
  const step = strides.map((s, d) => s * (inStrides[d] ?? 0));
  let pos = 0;
  for (let d = 0; d < rank; d++) pos += (begin[d] ?? 0) * (inStrides[d] ?? 0);
  if (rank === 0) {
    visit(0, pos);
    return;
  }
  const last = rank - 1;
  const inner = size[last] as number;
  const innerStep = step[last] as number;
  const outer = total / inner;
  const idx = new Array<number>(rank).fill(0);
  let o = 0;
  for (let n = 0; n < outer; n++) {
    let p = pos;
    for (let j = 0; j < inner; j++, p += innerStep) visit(o++, p);
    for (let d = last - 1; d >= 0; d--) {
      const next = (idx[d] as number) + 1;
      if (next < (size[d] as number)) {
        idx[d] = next;
        pos += step[d] as number;
        break;
      }
      pos -= (step[d] as number) * ((size[d] as number) - 1);
      idx[d] = 0;
    }
  }
}

function zerosFor(x: KernelTensor, size: number): TypedArray {
  return makeTypedArray(x.dtype, size);
}

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

  concat: (inputs, { axis }) => {
    const first = inputs[0] as KernelTensor;
    const outShape = [...first.shape];
    outShape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
    const out = zerosFor(first, sizeFromShape(outShape));
    const start = new Array<number>(outShape.length).fill(0);
    for (const t of inputs) {
      copyBox(t.values, t.shape, new Array<number>(t.shape.length).fill(0), out, outShape, start, t.shape);
      start[axis] = (start[axis] as number) + (t.shape[axis] as number);
    }
    return output(out, outShape, first.dtype);
  },

  split: ([x], { axis, sizes }) => {
    const start = new Array<number>(x.shape.length).fill(0);
    const zero = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      const out = zerosFor(x, sizeFromShape(shape));
      copyBox(x.values, x.shape, start, out, shape, zero, shape);
      start[axis] = (start[axis] as number) + s;
      return output(out, shape, x.dtype);
    });
  },

  slice: ([x], { begin, size }) => {
    const out = zerosFor(x, sizeFromShape(size));
    copyBox(x.values, x.shape, begin, out, size, new Array<number>(size.length).fill(0), size);
    return output(out, size, x.dtype);
  },

  stridedSlice: ([x], { begin, strides, size }) => {
    const out = zerosFor(x, sizeFromShape(size));
    const v = x.values;
    forEachStrided(x.shape, begin, strides, size, (o, i) => (out[o] = v[i] as number));
    return output(out, size, x.dtype);
  },

  stridedSliceGrad: ([dy], { shape, begin, strides, size }) => {
    const out = zerosFor(dy, sizeFromShape(shape));
    const v = dy.values;
    forEachStrided(shape, begin, strides, size, (o, i) => (out[i] = v[o] as number));
    return output(out, shape, dy.dtype);
  },

  pad: ([x], { paddings, constantValue }) => {
    const outShape = x.shape.map((d, i) => d + (paddings[i]?.[0] ?? 0) + (paddings[i]?.[1] ?? 0));
    const out = zerosFor(x, sizeFromShape(outShape));
    if (constantValue !== 0) out.fill(constantValue);
    copyBox(x.values, x.shape, new Array<number>(x.shape.length).fill(0), out, outShape, paddings.map((p) => p[0]), x.shape);
    return output(out, outShape, x.dtype);
  },

  mirrorPad: ([x], { paddings, mode }) => {
    const maps = mirrorMaps(x.shape, paddings, mode);
    const map = axisMapIndex(x.shape, maps);
    const out = zerosFor(x, map.length);
    const v = x.values;
    for (let i = 0; i < map.length; i++) out[i] = v[map[i] as number] as number;
    return output(out, maps.map((m) => m.length), x.dtype);
  },

  mirrorPadGrad: ([dy], { paddings, mode }) => {
    const shape = dy.shape.map((d, i) => d - (paddings[i]?.[0] ?? 0) - (paddings[i]?.[1] ?? 0));
    const map = axisMapIndex(shape, mirrorMaps(shape, paddings, mode));
    const acc = new Float64Array(sizeFromShape(shape));
    const v = dy.values;
    for (let i = 0; i < map.length; i++) acc[map[i] as number] = (acc[map[i] as number] as number) + (v[i] as number);
    const out = zerosFor(dy, acc.length);
    out.set(acc);
    return output(out, shape, dy.dtype);
  },

  // Tiles one axis at a time from the innermost, so every copy is a contiguous block.
  tile: ([x], { reps }) => {
    let cur: TypedArray = x.values;
    const shape = [...x.shape];
    for (let d = shape.length - 1; d >= 0; d--) {
      const r = reps[d] as number;
      if (r === 1) continue;
      let outer = 1;
      for (let a = 0; a < d; a++) outer *= shape[a] as number;
      let block = 1;
      for (let a = d; a < shape.length; a++) block *= shape[a] as number;
      const next = zerosFor(x, outer * block * r);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < r; k++) copyRun(cur, o * block, next, (o * r + k) * block, block);
      }
      cur = next;
      shape[d] = (shape[d] as number) * r;
    }
    return output(cur === x.values ? cur.slice() : cur, shape, x.dtype);
  },

  // Walks the axes up to the last reversed one; everything inside it is a contiguous run.
  reverse: ([x], { axes }) => {
    const out = zerosFor(x, x.values.length);
    const last = axes.length > 0 ? (axes[axes.length - 1] as number) : -1;
    if (last < 0 || out.length === 0) {
      out.set(x.values);
      return output(out, x.shape, x.dtype);
    }
    const strides = computeStrides(x.shape);
    const run = last + 1 < x.shape.length ? (strides[last] as number) : 1;
    const step: number[] = [];
    let pos = 0;
    for (let d = 0; d <= last; d++) {
      const s = strides[d] as number;
      if (axes.includes(d)) {
        step.push(-s);
        pos += ((x.shape[d] as number) - 1) * s;
      } else {
        step.push(s);
      }
    }
    const outer = out.length / run;
    const idx = new Array<number>(last + 1).fill(0);
    const v = x.values;
    for (let n = 0; n < outer; n++) {
      copyRun(v, pos, out, n * run, run);
      for (let d = last; d >= 0; d--) {
        const next = (idx[d] as number) + 1;
        if (next < (x.shape[d] as number)) {
          idx[d] = next;
          pos += step[d] as number;
          break;
        }
        pos -= (step[d] as number) * ((x.shape[d] as number) - 1);
        idx[d] = 0;
      }
    }
    return output(out, x.shape, x.dtype);
  },
};
