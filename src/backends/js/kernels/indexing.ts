/**
 * Indexing kernels of the reference backend: gathers and scatters (copying contiguous slices),
 * segment sums, top-k, sorting and unique. Index inputs are int32 and already range-checked.
 */
import { makeTypedArray, type TypedArray } from '../../../core/dtype.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { computeStrides, sizeFromShape } from '../../../core/shape.js';
import { copyRun } from './shape.js';
import { output } from './util.js';

/** Flat offset (in elements) of each index tuple of `indices` [..., K] into a tensor of `shape`. */
function ndOffsets(indices: KernelTensor, shape: readonly number[]): { offsets: Float64Array; slice: number } {
  const k = indices.shape[indices.shape.length - 1] ?? 0;
  const strides = computeStrides(shape);
  const slice = sizeFromShape(shape.slice(k));
  const count = k === 0 ? sizeFromShape(indices.shape.slice(0, -1)) : indices.values.length / k;
  const offsets = new Float64Array(count);
  const iv = indices.values;
  for (let n = 0; n < count; n++) {
    let off = 0;
    for (let d = 0; d < k; d++) off += (iv[n * k + d] as number) * (strides[d] as number);
    offsets[n] = off;
  }
  return { offsets, slice };
}

/**
 * Orders `idx` (positions 0..n-1 of `row`) by value: ascending, or descending; NaN counts as
 * larger than +Infinity; equal values keep their positions' order (stable, lower index first).
 */
function orderRow(row: TypedArray, idx: Int32Array, descending: boolean): void {
  const sign = descending ? -1 : 1;
  idx.sort((a, b) => {
    const va = row[a] as number;
    const vb = row[b] as number;
    if (va < vb) return -sign;
    if (va > vb) return sign;
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na !== nb) return na ? sign : -sign;
    return a - b;
  });
}

/** Whether a ranks strictly above b in descending order (NaN above everything; equal values never do). */
function above(a: number, b: number): boolean {
  return a > b || (Number.isNaN(a) && !Number.isNaN(b));
}

/**
 * The positions of the k largest entries of `row`, largest first, ties by lower index: one pass
 * that keeps the best k seen so far in order (for k much smaller than the row).
 */
function selectTop(row: TypedArray, k: number, out: Int32Array): void {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i] as number;
    if (count === k && !above(v, row[out[k - 1] as number] as number)) continue;
    let j = count < k ? count++ : k - 1;
    while (j > 0 && above(v, row[out[j - 1] as number] as number)) {
      out[j] = out[j - 1] as number;
      j--;
    }
    out[j] = i;
  }
}

/** Shared by topk and sort: orders each row of the last axis and keeps the first k. */
function orderLastAxis(x: KernelTensor, k: number, descending: boolean, keepIndexOrder: boolean): KernelTensor[] {
  const n = x.shape[x.shape.length - 1] ?? 1;
  const rows = n === 0 ? sizeFromShape(x.shape.slice(0, -1)) : x.values.length / n;
  const outShape = [...x.shape.slice(0, -1), k];
  const values = makeTypedArray(x.dtype, rows * k);
  const indices = new Int32Array(rows * k);
  const idx = new Int32Array(n);
  const selecting = descending && k > 0 && k * 16 <= n;
  for (let r = 0; r < rows; r++) {
    const row = x.values.subarray(r * n, (r + 1) * n);
    if (selecting) {
      selectTop(row, k, idx);
    } else {
      for (let i = 0; i < n; i++) idx[i] = i;
      orderRow(row, idx, descending);
    }
    const chosen = idx.subarray(0, k);
    if (keepIndexOrder) chosen.sort();
    for (let j = 0; j < k; j++) {
      const i = chosen[j] as number;
      values[r * k + j] = row[i] as number;
      indices[r * k + j] = i;
    }
  }
  return [output(values, outShape, x.dtype), output(indices, outShape, 'int32')];
}

export const indexingKernels: KernelTable = {
  gather: ([x, indices], { axis, batchDims }) => {
    const batch = sizeFromShape(x.shape.slice(0, batchDims));
    const outer = sizeFromShape(x.shape.slice(batchDims, axis));
    const n = x.shape[axis] as number;
    const inner = sizeFromShape(x.shape.slice(axis + 1));
    const per = sizeFromShape(indices.shape.slice(batchDims));
    const outShape = [...x.shape.slice(0, axis), ...indices.shape.slice(batchDims), ...x.shape.slice(axis + 1)];
    const out = makeTypedArray(x.dtype, sizeFromShape(outShape));
    const iv = indices.values;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      for (let m = 0; m < outer; m++) {
        const base = (b * outer + m) * n;
        for (let j = 0; j < per; j++) {
          copyRun(x.values, (base + (iv[b * per + j] as number)) * inner, out, o, inner);
          o += inner;
        }
      }
    }
    return output(out, outShape, x.dtype);
  },

  gatherNd: ([x, indices]) => {
    const k = indices.shape[indices.shape.length - 1] ?? 0;
    const { offsets, slice } = ndOffsets(indices, x.shape);
    const outShape = [...indices.shape.slice(0, -1), ...x.shape.slice(k)];
    const out = makeTypedArray(x.dtype, offsets.length * slice);
    for (let n = 0; n < offsets.length; n++) copyRun(x.values, offsets[n] as number, out, n * slice, slice);
    return output(out, outShape, x.dtype);
  },

  scatterNd: ([indices, updates], { shape }) => {
    const { offsets, slice } = ndOffsets(indices, shape);
    const acc = new Float64Array(sizeFromShape(shape));
    const uv = updates.values;
    for (let n = 0; n < offsets.length; n++) {
      const off = offsets[n] as number;
      for (let j = 0; j < slice; j++) acc[off + j] = (acc[off + j] as number) + (uv[n * slice + j] as number);
    }
    const out = makeTypedArray(updates.dtype, acc.length);
    if (updates.dtype === 'bool') for (let i = 0; i < acc.length; i++) out[i] = acc[i] !== 0 ? 1 : 0;
    else out.set(acc);
    return output(out, shape, updates.dtype);
  },

  // Updates apply in order, so with duplicate indices the last one wins.
  tensorScatterUpdate: ([tensor, indices, updates]) => {
    const { offsets, slice } = ndOffsets(indices, tensor.shape);
    const out = tensor.values.slice();
    for (let n = 0; n < offsets.length; n++) copyRun(updates.values, n * slice, out, offsets[n] as number, slice);
    return output(out, tensor.shape, tensor.dtype);
  },

  unsortedSegmentSum: ([x, segmentIds], { numSegments }) => {
    const count = segmentIds.values.length;
    const inner = sizeFromShape(x.shape.slice(segmentIds.shape.length));
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const acc = new Float64Array(numSegments * inner);
    const ids = segmentIds.values;
    const v = x.values;
    for (let s = 0; s < count; s++) {
      const id = ids[s] as number;
      if (id < 0) continue;
      const from = s * inner;
      const to = id * inner;
      for (let j = 0; j < inner; j++) acc[to + j] = (acc[to + j] as number) + (v[from + j] as number);
    }
    const out = makeTypedArray(x.dtype, acc.length);
    out.set(acc);
    return output(out, outShape, x.dtype);
  },

  topk: ([x], { k, sorted }) => orderLastAxis(x, k, true, !sorted),

  sort: ([x], { descending }) => orderLastAxis(x, x.shape[x.shape.length - 1] ?? 1, descending, false),

  // Slices along `axis` are compared by their values (NaN equals NaN, -0 equals 0, as in TensorFlow.js).
  unique: ([x], { axis }) => {
    const outer = sizeFromShape(x.shape.slice(0, axis));
    const n = x.shape[axis] as number;
    const inner = sizeFromShape(x.shape.slice(axis + 1));
    const v = x.values;
    const seen = new Map<number | string, number>();
    const indices = new Int32Array(n);
    const firsts: number[] = [];
    for (let i = 0; i < n; i++) {
      let key: number | string;
      if (outer === 1 && inner === 1) {
        key = v[i] as number;
      } else {
        const parts: number[] = [];
        for (let m = 0; m < outer; m++) for (let j = 0; j < inner; j++) parts.push(v[(m * n + i) * inner + j] as number);
        key = parts.map((p) => (Object.is(p, -0) ? 0 : p)).join(',');
      }
      const found = seen.get(key);
      if (found === undefined) {
        seen.set(key, firsts.length);
        indices[i] = firsts.length;
        firsts.push(i);
      } else {
        indices[i] = found;
      }
    }
    const u = firsts.length;
    const outShape = [...x.shape];
    outShape[axis] = u;
    const out = makeTypedArray(x.dtype, outer * u * inner);
    for (let m = 0; m < outer; m++) {
      firsts.forEach((i, j) => copyRun(v, (m * n + i) * inner, out, (m * u + j) * inner, inner));
    }
    return [output(out, outShape, x.dtype), output(indices, [n], 'int32')];
  },
};
