/**
 * Native kernels of the movement family for the cpu backend (see native/README.md): shape kernels
 * (transpose, broadcastTo, tile, concat, split, slice, stridedSlice(+Grad), pad, mirrorPad,
 * reverse) and indexing kernels (gather, gatherNd, scatterNd, tensorScatterUpdate,
 * unsortedSegmentSum). Every dtype is handled: the copies move elements as bits (1, 4 or 8 bytes).
 *
 * Most shape kernels are one primitive, `stridedCopy`: for every index i of `shape`,
 * dst[dstOffset + i·dstStrides] = src[srcOffset + i·srcStrides] (strides in elements, any sign on
 * the source). The addon merges axes, copies contiguous runs with memcpy, fills zero-stride runs,
 * blocks transposes, and threads above ~1 MB; it checks every position against the arrays' lengths.
 *
 * Left to `js` (deliberately): identity and reshape (they share storage), mirrorPadGrad, topk, sort, unique.
 *
 * Also the fused in-place optimizer updates (`nativeOptimizerUpdates`, Keras 3 rules, float32).
 */
import { makeTypedArray, type TypedArray } from '../../../core/dtype.js';
import type { AdamHyper, FusedOptimizerUpdates, KernelTable, KernelTensor, OptimizerUpdateOutputs, TfjsAdamScalars } from '../../../core/kernels.js';
import { computeStrides, sizeFromShape } from '../../../core/shape.js';
import { loadNative, nativeAs } from '../native.js';

/** The addon's movement functions (native/src/bind_movement.cc). Shapes and strides in elements. */
interface MovementNative {
  stridedCopy(
    src: TypedArray,
    srcOffset: number,
    srcStrides: readonly number[],
    dst: TypedArray,
    dstOffset: number,
    dstStrides: readonly number[],
    shape: readonly number[],
  ): void;
  gather(x: TypedArray, indices: Int32Array, out: TypedArray, batch: number, outer: number, n: number, inner: number, per: number): void;
  gatherNd(x: TypedArray, xShape: readonly number[], indices: Int32Array, k: number, count: number, out: TypedArray): void;
  /** out must be zeros; duplicates add (bool: or; float32 sums in float64). */
  scatterNd(indices: Int32Array, k: number, count: number, updates: TypedArray, out: TypedArray, shape: readonly number[]): void;
  tensorScatterUpdate(
    tensor: TypedArray,
    indices: Int32Array,
    k: number,
    count: number,
    updates: TypedArray,
    out: TypedArray,
    shape: readonly number[],
  ): void;
  /** out must be zeros. */
  unsortedSegmentSum(x: TypedArray, ids: Int32Array, numSegments: number, inner: number, out: TypedArray): void;
  /** paddings flat: [before0, after0, before1, after1, ...]. */
  mirrorPad(x: TypedArray, xShape: readonly number[], paddings: readonly number[], reflect: boolean, out: TypedArray): void;
}

/** The addon's optimizer functions: each updates param and its state arrays in place. */
interface OptimizerNative {
  sgdMomentum(param: Float32Array, grad: Float32Array, m: Float32Array | null, lr: number, momentum: number, nesterov: boolean, weightDecay: number): void;
  adam(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    vHat: Float32Array | null,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    step: number,
    weightDecay: number,
    outParam?: Float32Array,
    outM?: Float32Array,
    outV?: Float32Array,
    outVHat?: Float32Array | null,
  ): void;
  adamw: OptimizerNative['adam'];
  adamTfjs(
    param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array,
    outParam: Float32Array, outM: Float32Array, outV: Float32Array,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negLr: number,
  ): void;
  rmsprop(
    param: Float32Array,
    grad: Float32Array,
    velocity: Float32Array,
    momentum: Float32Array | null,
    averageGrad: Float32Array | null,
    lr: number,
    rho: number,
    momentumCoef: number,
    epsilon: number,
    weightDecay: number,
  ): void;
}

const available = loadNative().ok;
const nat = (): MovementNative => nativeAs<MovementNative>();

function out(values: TypedArray, shape: readonly number[], dtype: KernelTensor['dtype']): KernelTensor {
  return { values, shape, dtype };
}

function offsetOf(index: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < index.length; d++) o += (index[d] as number) * (strides[d] as number);
  return o;
}

/** Copies the whole of `x` into `dst` at element offset `dstOffset` with destination strides `dstStrides`. */
function copyInto(x: KernelTensor, dst: TypedArray, dstOffset: number, dstStrides: readonly number[]): void {
  nat().stridedCopy(x.values, 0, computeStrides(x.shape), dst, dstOffset, dstStrides, x.shape);
}

/** Index tensors must arrive as Int32Array (the ops make them int32). */
function int32Values(t: KernelTensor): Int32Array | null {
  return t.values instanceof Int32Array ? t.values : null;
}

const shapeKernels: KernelTable = {
  transpose: ([x], { perm }) => {
    const outShape = perm.map((p) => x.shape[p] as number);
    const inStrides = computeStrides(x.shape);
    const values = makeTypedArray(x.dtype, x.values.length);
    nat().stridedCopy(x.values, 0, perm.map((p) => inStrides[p] as number), values, 0, computeStrides(outShape), outShape);
    return out(values, outShape, x.dtype);
  },

  broadcastTo: ([x], { shape }) => {
    const rank = shape.length;
    const lead = rank - x.shape.length;
    const inStrides = computeStrides(x.shape);
    const srcStrides = shape.map((_, d) => (d < lead || x.shape[d - lead] === 1 ? 0 : (inStrides[d - lead] as number)));
    const values = makeTypedArray(x.dtype, sizeFromShape(shape));
    nat().stridedCopy(x.values, 0, srcStrides, values, 0, computeStrides(shape), shape);
    return out(values, shape, x.dtype);
  },

  // Viewed as [reps0, d0, reps1, d1, ...]: the reps axes read with stride 0.
  tile: ([x], { reps }) => {
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const inStrides = computeStrides(x.shape);
    const outStrides = computeStrides(outShape);
    const shape: number[] = [];
    const src: number[] = [];
    const dst: number[] = [];
    x.shape.forEach((d, i) => {
      shape.push(reps[i] as number, d);
      src.push(0, inStrides[i] as number);
      dst.push(d * (outStrides[i] as number), outStrides[i] as number);
    });
    const values = makeTypedArray(x.dtype, sizeFromShape(outShape));
    nat().stridedCopy(x.values, 0, src, values, 0, dst, shape);
    return out(values, outShape, x.dtype);
  },

  concat: (inputs, { axis }) => {
    const first = inputs[0] as KernelTensor;
    const outShape = [...first.shape];
    outShape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
    const values = makeTypedArray(first.dtype, sizeFromShape(outShape));
    const outStrides = computeStrides(outShape);
    let start = 0;
    for (const t of inputs) {
      copyInto(t, values, start * (outStrides[axis] as number), outStrides);
      start += t.shape[axis] as number;
    }
    return out(values, outShape, first.dtype);
  },

  split: ([x], { axis, sizes }) => {
    const inStrides = computeStrides(x.shape);
    let start = 0;
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[axis] = s;
      const values = makeTypedArray(x.dtype, sizeFromShape(shape));
      nat().stridedCopy(x.values, start * (inStrides[axis] as number), inStrides, values, 0, computeStrides(shape), shape);
      start += s;
      return out(values, shape, x.dtype);
    });
  },

  slice: ([x], { begin, size }) => {
    const inStrides = computeStrides(x.shape);
    const values = makeTypedArray(x.dtype, sizeFromShape(size));
    nat().stridedCopy(x.values, offsetOf(begin, inStrides), inStrides, values, 0, computeStrides(size), size);
    return out(values, size, x.dtype);
  },

  stridedSlice: ([x], { begin, strides, size }) => {
    const inStrides = computeStrides(x.shape);
    const values = makeTypedArray(x.dtype, sizeFromShape(size));
    if (values.length > 0) {
      const src = strides.map((s, d) => s * (inStrides[d] as number));
      nat().stridedCopy(x.values, offsetOf(begin, inStrides), src, values, 0, computeStrides(size), size);
    }
    return out(values, size, x.dtype);
  },

  stridedSliceGrad: ([dy], { shape, begin, strides, size }) => {
    const outStrides = computeStrides(shape);
    const values = makeTypedArray(dy.dtype, sizeFromShape(shape));
    if (dy.values.length > 0) {
      const dst = strides.map((s, d) => s * (outStrides[d] as number));
      nat().stridedCopy(dy.values, 0, computeStrides(size), values, offsetOf(begin, outStrides), dst, size);
    }
    return out(values, shape, dy.dtype);
  },

  // The interior is one strided copy; a non-zero constant fills each border slab once (from a
  // one-element source read with stride 0).
  pad: ([x], { paddings, constantValue }) => {
    const rank = x.shape.length;
    const before = x.shape.map((_, d) => paddings[d]?.[0] ?? 0);
    const after = x.shape.map((_, d) => paddings[d]?.[1] ?? 0);
    const outShape = x.shape.map((n, d) => n + (before[d] as number) + (after[d] as number));
    const outStrides = computeStrides(outShape);
    const values = makeTypedArray(x.dtype, sizeFromShape(outShape));
    if (values.length === 0) return out(values, outShape, x.dtype);
    copyInto(x, values, offsetOf(before, outStrides), outStrides);
    if (constantValue !== 0) {
      const fill = makeTypedArray(x.dtype, 1);
      fill[0] = constantValue;
      const zeros = new Array<number>(rank).fill(0);
      for (let d = 0; d < rank; d++) {
        for (const side of [0, 1]) {
          const count = side === 0 ? (before[d] as number) : (after[d] as number);
          if (count === 0) continue;
          const slab = outShape.map((n, a) => (a < d ? (x.shape[a] as number) : a === d ? count : n));
          const start = outShape.map((_, a) =>
            a < d ? (before[a] as number) : a === d ? (side === 0 ? 0 : (before[d] as number) + (x.shape[d] as number)) : 0,
          );
          nat().stridedCopy(fill, 0, zeros, values, offsetOf(start, outStrides), outStrides, slab);
        }
      }
    }
    return out(values, outShape, x.dtype);
  },

  mirrorPad: ([x], { paddings, mode }) => {
    const flat = x.shape.flatMap((_, d) => [paddings[d]?.[0] ?? 0, paddings[d]?.[1] ?? 0]);
    const outShape = x.shape.map((n, d) => n + (flat[2 * d] as number) + (flat[2 * d + 1] as number));
    const values = makeTypedArray(x.dtype, sizeFromShape(outShape));
    nat().mirrorPad(x.values, x.shape, flat, mode === 'reflect', values);
    return out(values, outShape, x.dtype);
  },

  reverse: ([x], { axes }) => {
    const strides = computeStrides(x.shape);
    let offset = 0;
    const src = strides.map((s, d) => {
      if (!axes.includes(d)) return s;
      offset += ((x.shape[d] as number) - 1) * s;
      return -s;
    });
    const values = makeTypedArray(x.dtype, x.values.length);
    if (values.length > 0) nat().stridedCopy(x.values, offset, src, values, 0, strides, x.shape);
    return out(values, x.shape, x.dtype);
  },
};

/** Number of index tuples of an [..., K] index tensor. */
function tupleCount(indices: KernelTensor): number {
  return sizeFromShape(indices.shape.slice(0, -1));
}

const indexingKernels: KernelTable = {
  gather: ([x, indices], { axis, batchDims }) => {
    const iv = int32Values(indices);
    const batch = sizeFromShape(x.shape.slice(0, batchDims));
    const outer = sizeFromShape(x.shape.slice(batchDims, axis));
    const n = x.shape[axis] as number;
    const inner = sizeFromShape(x.shape.slice(axis + 1));
    const per = sizeFromShape(indices.shape.slice(batchDims));
    const outShape = [...x.shape.slice(0, axis), ...indices.shape.slice(batchDims), ...x.shape.slice(axis + 1)];
    const values = makeTypedArray(x.dtype, sizeFromShape(outShape));
    nat().gather(x.values, iv ?? Int32Array.from(indices.values), values, batch, outer, n, inner, per);
    return out(values, outShape, x.dtype);
  },

  gatherNd: ([x, indices]) => {
    const k = indices.shape[indices.shape.length - 1] ?? 0;
    const count = tupleCount(indices);
    const outShape = [...indices.shape.slice(0, -1), ...x.shape.slice(k)];
    const values = makeTypedArray(x.dtype, sizeFromShape(outShape));
    nat().gatherNd(x.values, x.shape, int32Values(indices) ?? Int32Array.from(indices.values), k, count, values);
    return out(values, outShape, x.dtype);
  },

  scatterNd: ([indices, updates], { shape }) => {
    const k = indices.shape[indices.shape.length - 1] ?? 0;
    const values = makeTypedArray(updates.dtype, sizeFromShape(shape));
    nat().scatterNd(int32Values(indices) ?? Int32Array.from(indices.values), k, tupleCount(indices), updates.values, values, shape);
    return out(values, shape, updates.dtype);
  },

  tensorScatterUpdate: ([tensor, indices, updates]) => {
    const k = indices.shape[indices.shape.length - 1] ?? 0;
    const values = makeTypedArray(tensor.dtype, tensor.values.length);
    nat().tensorScatterUpdate(
      tensor.values,
      int32Values(indices) ?? Int32Array.from(indices.values),
      k,
      tupleCount(indices),
      updates.values,
      values,
      tensor.shape,
    );
    return out(values, tensor.shape, tensor.dtype);
  },

  unsortedSegmentSum: ([x, segmentIds], { numSegments }) => {
    const inner = sizeFromShape(x.shape.slice(segmentIds.shape.length));
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const values = makeTypedArray(x.dtype, numSegments * inner);
    nat().unsortedSegmentSum(x.values, int32Values(segmentIds) ?? Int32Array.from(segmentIds.values), numSegments, inner, values);
    return out(values, outShape, x.dtype);
  },
};

export const movementKernels: KernelTable = available ? { ...shapeKernels, ...indexingKernels } : {};

// ------------------------------------------------------------------ optimizers

/** SGD (Keras 3): with momentum, m = momentum·m − lr·g and p += m (nesterov: p += momentum·m − lr·g). */
export interface SgdHyper {
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
  /** Decoupled weight decay, applied first: p −= p·weightDecay·lr. */
  weightDecay?: number;
}
/** AdamW: Adam with decoupled weight decay (Keras default 0.004). */
export interface AdamWHyper extends AdamHyper {
  weightDecay: number;
}
export interface RmspropHyper {
  learningRate: number;
  rho?: number;
  /** > 0 needs the momentum buffer. */
  momentum?: number;
  epsilon?: number;
  weightDecay?: number;
}

/**
 * The native optimizer updates on float32 parameters (every state array has the param's length): the backend's
 * fused Adam (in place or out of place) and tf.train.adam's rule, and the in-place SGD, AdamW and RMSprop.
 */
export interface NativeOptimizerUpdates extends FusedOptimizerUpdates {
  sgdMomentum(param: Float32Array, grad: Float32Array, momentum: Float32Array | null, hyper: SgdHyper): void;
  adamw(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, vHat: Float32Array | null, hyper: AdamWHyper): void;
  /** averageGrad given: the centered variant. */
  rmsprop(
    param: Float32Array,
    grad: Float32Array,
    velocity: Float32Array,
    momentum: Float32Array | null,
    averageGrad: Float32Array | null,
    hyper: RmspropHyper,
  ): void;
}

function makeOptimizerUpdates(): NativeOptimizerUpdates {
  const o = nativeAs<OptimizerNative>();
  // The out-of-place Adam arguments came with adamTfjs: an addon built before them (a stale build/ or an old
  // FLUXION_NATIVE_PATH) would ignore them and update the inputs in place, so it gets the copy-then-update form.
  const outOfPlace = typeof (o as Partial<OptimizerNative>).adamTfjs === 'function';
  const adamArgs = (h: AdamHyper): [number, number, number, number, number, number] =>
    [h.learningRate, h.beta1 ?? 0.9, h.beta2 ?? 0.999, h.epsilon ?? 1e-7, h.step, h.weightDecay ?? 0];
  return {
    sgdMomentum: (p, g, m, h) => o.sgdMomentum(p, g, m, h.learningRate, h.momentum ?? 0, h.nesterov ?? false, h.weightDecay ?? 0),
    adam: (p, g, m, v, vHat, h, out) => {
      if (out === undefined) return o.adam(p, g, m, v, vHat, ...adamArgs(h));
      if (outOfPlace) return o.adam(p, g, m, v, vHat, ...adamArgs(h), out.param, out.m, out.v, out.vHat);
      out.param.set(p);
      out.m.set(m);
      out.v.set(v);
      if (vHat !== null && out.vHat !== null) out.vHat.set(vHat);
      return o.adam(out.param, g, out.m, out.v, vHat !== null ? out.vHat : null, ...adamArgs(h));
    },
    adamw: (p, g, m, v, vHat, h) =>
      o.adamw(p, g, m, v, vHat, h.learningRate, h.beta1 ?? 0.9, h.beta2 ?? 0.999, h.epsilon ?? 1e-7, h.step, h.weightDecay),
    ...(outOfPlace
      ? {
          adamTfjs: (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: OptimizerUpdateOutputs, h: TfjsAdamScalars): void =>
            o.adamTfjs(p, g, m, v, out.param, out.m, out.v, h.beta1, h.oneMinusBeta1, h.beta2, h.oneMinusBeta2, h.oneMinusAccBeta1, h.oneMinusAccBeta2, h.epsilon, h.negLr),
        }
      : {}),
    rmsprop: (p, g, vel, mom, avg, h) =>
      o.rmsprop(p, g, vel, mom, avg, h.learningRate, h.rho ?? 0.9, h.momentum ?? 0, h.epsilon ?? 1e-7, h.weightDecay ?? 0),
  };
}

/** The native optimizer updates, or null when the addon is not loaded. */
export const nativeOptimizerUpdates: NativeOptimizerUpdates | null = available ? makeOptimizerUpdates() : null;
