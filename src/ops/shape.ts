/**
 * Shape ops: reshape, broadcastTo, transpose, expandDims, squeeze, concat, stack, unstack, split,
 * slice, stridedSlice, tile, pad, mirrorPad, reverse, depthToSpace, spaceToDepth. They work for
 * every dtype; the gradient of each is another memory movement (slice <-> pad, concat <-> split, ...).
 */
import { upcastType } from '../core/dtype.js';
import { registerGradient, runKernel, runKernelMulti } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { broadcastShapes, checkShape, normalizeAxes, normalizeAxis, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { Axis } from '../core/tensor-ops.js';
import '../core/kernel-defs/shape.js';
import '../core/kernel-defs/basic.js';
import '../core/kernel-defs/reduction.js';
import { castTo, convertToTensor } from './convert.js';
import { reduceToShape } from './grad-util.js';
import { defineOp } from './registry.js';

// ---------------------------------------------------------------- argument helpers

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Checks that `value` is an array of integers (each >= min), naming the op and argument. */
function intArray(op: string, arg: string, value: unknown, min = -Infinity): number[] {
  if (!Array.isArray(value) || !value.every((v) => isInt(v) && v >= min)) {
    const what = min === 0 ? 'non-negative integers' : min === -1 ? 'integers >= -1' : 'integers';
    throw new FluxionError(`${op}: ${arg} must be an array of ${what}, but received ${JSON.stringify(value) ?? describeValue(value)}.`);
  }
  return value as number[];
}

/** Checks `paddings` as one [before, after] pair of non-negative integers per axis. */
function paddingPairs(op: string, paddings: unknown, x: Tensor): Array<[number, number]> {
  const ok =
    Array.isArray(paddings) &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && isInt(p[0]) && isInt(p[1]) && p[0] >= 0 && p[1] >= 0);
  if (!ok) {
    throw new FluxionError(
      `${op}: paddings must be an array of [before, after] pairs of non-negative integers, but received ${JSON.stringify(paddings) ?? describeValue(paddings)}.`,
    );
  }
  const pairs = paddings as Array<[number, number]>;
  if (pairs.length !== x.rank) {
    throw new FluxionError(
      `${op}: paddings must have one [before, after] pair per dimension of x (shape ${fmtShape(x.shape)}, rank ${x.rank}), ` +
        `but has ${pairs.length}.`,
    );
  }
  return pairs.map((p) => [p[0], p[1]]);
}

/** The shape of `x` without axis `axis`. */
function dropAxis(shape: readonly number[], axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}

// ---------------------------------------------------------------- reshape, broadcastTo, transpose

/** Reshape; one dimension may be -1 and is inferred. */
export const reshape = defineOp(
  { name: 'reshape', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['reshape'], method: true },
  (x: TensorLike, shape: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'reshape');
    if (!Array.isArray(shape)) {
      throw new FluxionError(`reshape: shape must be an array of integers, but received ${JSON.stringify(shape)}.`);
    }
    const inferred = [...shape];
    const unknown = inferred.indexOf(-1);
    if (unknown !== inferred.lastIndexOf(-1)) {
      throw new FluxionError(`reshape: shape ${fmtShape(shape)} has more than one -1; at most one dimension can be inferred.`);
    }
    if (unknown >= 0) {
      const known = inferred.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
      if (known === 0 || $x.size % known !== 0) {
        throw new FluxionError(
          `reshape: cannot reshape a tensor of shape ${fmtShape($x.shape)} (${$x.size} elements) into ${fmtShape(shape)}: ` +
            `${$x.size} is not divisible by ${known}.`,
        );
      }
      inferred[unknown] = $x.size / known;
    }
    checkShape('reshape', inferred);
    if (sizeFromShape(inferred) !== $x.size) {
      throw new FluxionError(
        `reshape: cannot reshape a tensor of shape ${fmtShape($x.shape)} (${$x.size} elements) into shape ` +
          `${fmtShape(inferred)} (${sizeFromShape(inferred)} elements); the number of elements must stay the same.`,
      );
    }
    if (shapesEqual(inferred, $x.shape)) return $x;
    return runKernel('reshape', [$x], { shape: inferred });
  },
);

registerGradient('reshape', ([dy], { inputs: [x] }) => [reshape(dy, x.shape)]);

/** Broadcasts `x` to `shape` (numpy rules). */
export const broadcastTo = defineOp(
  { name: 'broadcastTo', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['broadcastTo'], method: true },
  (x: TensorLike, shape: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'broadcastTo');
    checkShape('broadcastTo', shape);
    if ($x.rank > shape.length) {
      throw new FluxionError(
        `broadcastTo: cannot broadcast a tensor of rank ${$x.rank} (shape ${fmtShape($x.shape)}) to the lower rank ${shape.length} (shape ${fmtShape(shape)}).`,
      );
    }
    const out = broadcastShapes('broadcastTo', $x.shape, shape);
    if (!shapesEqual(out, shape)) {
      throw new FluxionError(`broadcastTo: cannot broadcast shape ${fmtShape($x.shape)} to ${fmtShape(shape)}.`);
    }
    if (shapesEqual($x.shape, shape)) return $x;
    return runKernel('broadcastTo', [$x], { shape: [...shape] });
  },
);

registerGradient('broadcastTo', ([dy], { inputs: [x] }) => [reduceToShape(dy, x.shape)]);

/** Permutes the axes; the default reverses them (a matrix transpose for rank 2). */
export const transpose = defineOp(
  { name: 'transpose', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['transpose'], method: true },
  (x: TensorLike, perm?: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'transpose');
    const p = perm === undefined ? $x.shape.map((_, i) => $x.rank - 1 - i) : [...perm];
    const sorted = [...p].sort((a, b) => a - b);
    if (p.length !== $x.rank || sorted.some((v, i) => v !== i)) {
      throw new FluxionError(
        `transpose: perm ${JSON.stringify(perm)} is not a permutation of the ${$x.rank} axes of x (shape ${fmtShape($x.shape)}); ` +
          `expected each of 0..${$x.rank - 1} exactly once.`,
      );
    }
    if (p.every((v, i) => v === i)) return $x;
    return runKernel('transpose', [$x], { perm: p });
  },
);

registerGradient('transpose', ([dy], { attrs: { perm } }) => {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [transpose(dy, inverse)];
});

// ---------------------------------------------------------------- expandDims, squeeze

/** Inserts a dimension of size 1 at `axis` (in [-(rank+1), rank]; negative counts from the end). */
export const expandDims = defineOp(
  { name: 'expandDims', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: [], method: true },
  (x: TensorLike, axis = 0): Tensor => {
    const $x = convertToTensor(x, 'x', 'expandDims');
    const r = $x.rank;
    if (!isInt(axis) || axis < -(r + 1) || axis > r) {
      throw new FluxionError(
        `expandDims: axis ${String(axis)} is out of range for a tensor of rank ${r} (shape ${fmtShape($x.shape)}); ` +
          `expected an integer in [${-(r + 1)}, ${r}].`,
      );
    }
    const ax = axis < 0 ? axis + r + 1 : axis;
    return reshape($x, [...$x.shape.slice(0, ax), 1, ...$x.shape.slice(ax)]);
  },
);

/** Removes dimensions of size 1: those listed in `axis`, or all of them. */
export const squeeze = defineOp(
  { name: 'squeeze', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: [], method: true },
  (x: TensorLike, axis?: number | readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'squeeze');
    const axes = axis === undefined ? $x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, $x.rank);
    for (const a of axes) {
      if ($x.shape[a] !== 1) {
        throw new FluxionError(
          `squeeze: cannot squeeze axis ${a} of x (shape ${fmtShape($x.shape)}): its size is ${String($x.shape[a])}, not 1.`,
        );
      }
    }
    return reshape($x, $x.shape.filter((_, i) => !axes.includes(i)));
  },
);

// ---------------------------------------------------------------- concat, stack, unstack, split

/** Converts a list argument of tensors, promoting them to their common dtype. */
function tensorList(op: string, tensors: unknown): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new FluxionError(
      `${op}: tensors must be a non-empty array of tensors, but received ${Array.isArray(tensors) ? 'an empty array' : describeValue(tensors)}.`,
    );
  }
  const list = (tensors as TensorLike[]).map((t, i) => convertToTensor(t, `tensors[${i}]`, op));
  const dtype = list.reduce((d, t) => upcastType(d, t.dtype), (list[0] as Tensor).dtype);
  return list.map((t) => castTo(t, dtype));
}

/**
 * Joins tensors along an existing axis. Dtypes are promoted to the highest among them; every
 * dimension but `axis` must match.
 */
export const concat = defineOp(
  { name: 'concat', family: 'shape', dtypes: 'all (promoted)', gradient: 'yes', kernels: ['concat'], method: true },
  (tensors: readonly TensorLike[], axis = 0): Tensor => {
    const list = tensorList('concat', tensors);
    const first = list[0] as Tensor;
    if (first.rank === 0) {
      throw new FluxionError('concat: cannot concatenate scalars (rank 0 tensors); use stack() to join scalars into a vector.');
    }
    const ax = normalizeAxis('concat', axis, first.rank);
    list.forEach((t, i) => {
      if (t.rank !== first.rank) {
        throw new FluxionError(
          `concat: all tensors must have the same rank, but tensors[0] has shape ${fmtShape(first.shape)} (rank ${first.rank}) ` +
            `and tensors[${i}] has shape ${fmtShape(t.shape)} (rank ${t.rank}).`,
        );
      }
      const d = t.shape.findIndex((s, k) => k !== ax && s !== first.shape[k]);
      if (d >= 0) {
        throw new FluxionError(
          `concat: tensors[${i}] has shape ${fmtShape(t.shape)}, which does not match tensors[0] (shape ${fmtShape(first.shape)}) ` +
            `in dimension ${d} (${String(t.shape[d])} vs ${String(first.shape[d])}); all dimensions except axis ${ax} must be equal.`,
        );
      }
    });
    return runKernel('concat', list, { axis: ax });
  },
);

registerGradient('concat', ([dy], { inputs, attrs: { axis } }) =>
  runKernelMulti('split', [dy], { axis, sizes: inputs.map((t) => t.shape[axis] as number) }),
);

/** Stacks tensors of one shape along a new axis (in [-(rank+1), rank]). Dtypes are promoted. */
export const stack = defineOp(
  { name: 'stack', family: 'shape', dtypes: 'all (promoted)', gradient: 'yes', kernels: [], method: true },
  (tensors: readonly TensorLike[], axis = 0): Tensor => {
    const list = tensorList('stack', tensors);
    const first = list[0] as Tensor;
    list.forEach((t, i) => {
      if (!shapesEqual(t.shape, first.shape)) {
        throw new FluxionError(
          `stack: all tensors must have the same shape, but tensors[0] has shape ${fmtShape(first.shape)} ` +
            `and tensors[${i}] has shape ${fmtShape(t.shape)}.`,
        );
      }
    });
    const r = first.rank;
    if (!isInt(axis) || axis < -(r + 1) || axis > r) {
      throw new FluxionError(
        `stack: axis ${String(axis)} is out of range for stacking tensors of rank ${r}; expected an integer in [${-(r + 1)}, ${r}].`,
      );
    }
    const ax = axis < 0 ? axis + r + 1 : axis;
    return concat(list.map((t) => expandDims(t, ax)), ax);
  },
);

/** Splits `x` along `axis` into its slices, dropping that axis (the inverse of stack). */
export const unstack = defineOp(
  { name: 'unstack', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['split'], method: true },
  (x: TensorLike, axis = 0): Tensor[] => {
    const $x = convertToTensor(x, 'x', 'unstack');
    if ($x.rank === 0) throw new FluxionError('unstack: x must have rank >= 1, but it is a scalar (shape []).');
    const ax = normalizeAxis('unstack', axis, $x.rank);
    const n = $x.shape[ax] as number;
    if (n === 0) return [];
    const parts = runKernelMulti('split', [$x], { axis: ax, sizes: new Array<number>(n).fill(1) });
    const shape = dropAxis($x.shape, ax);
    return parts.map((p) => reshape(p, shape));
  },
);

/**
 * Splits `x` along `axis`: into `numOrSizeSplits` equal parts, or into parts of the listed sizes
 * (one size may be -1: the rest of the axis).
 */
export const split = defineOp(
  { name: 'split', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['split'], method: true },
  (x: TensorLike, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] => {
    const $x = convertToTensor(x, 'x', 'split');
    if ($x.rank === 0) throw new FluxionError('split: x must have rank >= 1, but it is a scalar (shape []).');
    const ax = normalizeAxis('split', axis, $x.rank);
    const dim = $x.shape[ax] as number;
    let sizes: number[];
    if (typeof numOrSizeSplits === 'number') {
      if (!isInt(numOrSizeSplits) || numOrSizeSplits < 1) {
        throw new FluxionError(`split: numOrSizeSplits must be a positive integer or an array of sizes, but received ${numOrSizeSplits}.`);
      }
      if (dim % numOrSizeSplits !== 0) {
        throw new FluxionError(
          `split: x.shape[${ax}] = ${dim} is not divisible by numOrSizeSplits = ${numOrSizeSplits} (x has shape ${fmtShape($x.shape)}); ` +
            'pass an array of sizes for an uneven split.',
        );
      }
      sizes = new Array<number>(numOrSizeSplits).fill(dim / numOrSizeSplits);
    } else {
      sizes = [...intArray('split', 'numOrSizeSplits', numOrSizeSplits, -1)];
      if (sizes.length === 0) throw new FluxionError('split: numOrSizeSplits must not be an empty array; give at least one size.');
      const inferred = sizes.indexOf(-1);
      if (inferred !== sizes.lastIndexOf(-1)) {
        throw new FluxionError(`split: numOrSizeSplits ${JSON.stringify(sizes)} has more than one -1; at most one size can be inferred.`);
      }
      const known = sizes.reduce((s, v) => (v === -1 ? s : s + v), 0);
      if (inferred >= 0 ? known > dim : known !== dim) {
        throw new FluxionError(
          `split: the sizes ${JSON.stringify(sizes)} sum to ${known}, but x.shape[${ax}] = ${dim} (x has shape ${fmtShape($x.shape)}); ` +
            `they must sum to ${dim}${inferred >= 0 ? ' or less when one size is -1' : ', or use -1 for one size to take the rest'}.`,
        );
      }
      if (inferred >= 0) sizes[inferred] = dim - known;
    }
    return runKernelMulti('split', [$x], { axis: ax, sizes });
  },
);

registerGradient('split', (dys, { attrs: { axis } }) => [runKernel('concat', dys, { axis })]);

// ---------------------------------------------------------------- slice, stridedSlice

/**
 * The box of `x` starting at `begin` with extent `size` (-1: to the end of the axis). Missing
 * trailing entries mean begin 0 and size -1; a number means the first axis.
 */
export const slice = defineOp(
  { name: 'slice', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['slice'], method: true },
  (x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'slice');
    const r = $x.rank;
    const b = typeof begin === 'number' ? [begin] : intArray('slice', 'begin', begin);
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : intArray('slice', 'size', size);
    if (!b.every(isInt) || !s.every(isInt)) {
      throw new FluxionError(`slice: begin and size must be integers, but received begin ${JSON.stringify(begin)} and size ${JSON.stringify(size)}.`);
    }
    for (const [name, list] of [['begin', b], ['size', s]] as const) {
      if (list.length > r) {
        throw new FluxionError(
          `slice: ${name} ${JSON.stringify(list)} has ${list.length} ${list.length === 1 ? 'entry' : 'entries'}, but x (shape ${fmtShape($x.shape)}) has rank ${r}; ` +
            'give at most one entry per dimension.',
        );
      }
    }
    const fullBegin: number[] = [];
    const fullSize: number[] = [];
    for (let d = 0; d < r; d++) {
      const dim = $x.shape[d] as number;
      const bd = b[d] ?? 0;
      if (bd < 0 || bd > dim) {
        throw new FluxionError(
          `slice: begin[${d}] = ${bd} is out of range for dimension ${d} of x (shape ${fmtShape($x.shape)}); ` +
            `expected a value in [0, ${dim}]. Negative begins are not supported; use stridedSlice for counting from the end.`,
        );
      }
      const sd = s[d] ?? -1;
      if (sd < -1) {
        throw new FluxionError(`slice: size[${d}] = ${sd} is invalid; sizes must be non-negative, or -1 to take the rest of the dimension.`);
      }
      const extent = sd === -1 ? dim - bd : sd;
      if (bd + extent > dim) {
        throw new FluxionError(
          `slice: begin[${d}] + size[${d}] = ${bd} + ${extent} = ${bd + extent} exceeds x.shape[${d}] = ${dim} (x has shape ${fmtShape($x.shape)}).`,
        );
      }
      fullBegin.push(bd);
      fullSize.push(extent);
    }
    if (shapesEqual(fullSize, $x.shape)) return $x;
    return runKernel('slice', [$x], { begin: fullBegin, size: fullSize });
  },
);

registerGradient('slice', ([dy], { inputs: [x], attrs: { begin, size } }) => [
  runKernel('pad', [dy], {
    paddings: x.shape.map((d, i): [number, number] => [begin[i] as number, d - (begin[i] as number) - (size[i] as number)]),
    constantValue: 0,
  }),
]);

/** A resolved strided slice: the dense per-axis slice of x and the final shape (new axes in, shrunk axes out). */
interface StridedPlan {
  begin: number[];
  strides: number[];
  size: number[];
  finalShape: number[];
}

function bit(mask: number, i: number): boolean {
  return (mask & (1 << i)) !== 0;
}

/** TensorFlow's strided-slice semantics (ValidateStridedSliceOp), with errors that name the entry. */
function planStridedSlice(
  x: Tensor, begin: readonly number[], end: readonly number[], strides: readonly number[],
  beginMask: number, endMask: number, ellipsisMask: number, newAxisMask: number, shrinkAxisMask: number,
): StridedPlan {
  const op = 'stridedSlice';
  const m = begin.length;
  if (end.length !== m || strides.length !== m) {
    throw new FluxionError(
      `stridedSlice: begin, end and strides must have the same length, but have lengths ${m}, ${end.length} and ${strides.length}.`,
    );
  }
  strides.forEach((s, i) => {
    if (s === 0) throw new FluxionError(`stridedSlice: strides[${i}] is 0; every stride must be non-zero (negative strides walk backwards).`);
  });
  for (const [name, mask] of [['beginMask', beginMask], ['endMask', endMask], ['ellipsisMask', ellipsisMask], ['newAxisMask', newAxisMask], ['shrinkAxisMask', shrinkAxisMask]] as const) {
    if (!isInt(mask) || mask < 0) throw new FluxionError(`${op}: ${name} must be a non-negative integer bit mask, but received ${String(mask)}.`);
  }
  const ellipses = Array.from({ length: m }, (_, i) => i).filter((i) => bit(ellipsisMask, i));
  if (ellipses.length > 1) {
    throw new FluxionError(`stridedSlice: ellipsisMask ${ellipsisMask} marks ${ellipses.length} entries; at most one ellipsis is allowed.`);
  }
  // The sparse spec: the user's entries, plus an implicit trailing ellipsis when there is none.
  let sparseDims = m;
  let ellipsis = ellipsisMask;
  if (ellipses.length === 0) {
    ellipsis |= 1 << m;
    sparseDims = m + 1;
  }
  const ellipsisAt = ellipses[0] ?? m;
  let newAxesAfterEllipsis = 0;
  for (let i = ellipsisAt + 1; i < m; i++) if (bit(newAxisMask, i) && !bit(ellipsis, i)) newAxesAfterEllipsis++;

  const rank = x.rank;
  const dBegin: number[] = new Array<number>(rank).fill(0);
  const dEnd: number[] = new Array<number>(rank).fill(0);
  const dStride: number[] = new Array<number>(rank).fill(1);
  const dBeginMasked: boolean[] = new Array<boolean>(rank).fill(false);
  const dEndMasked: boolean[] = new Array<boolean>(rank).fill(false);
  const dShrink: boolean[] = new Array<boolean>(rank).fill(false);
  const dSparse: number[] = new Array<number>(rank).fill(-1);
  const gather: Array<number | 'new' | 'shrink'> = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (bit(ellipsis, i)) {
      const next = Math.min(rank - (sparseDims - i) + 1 + newAxesAfterEllipsis, rank);
      for (; full < next; full++) {
        dBeginMasked[full] = true;
        dEndMasked[full] = true;
        gather.push(full);
      }
    } else if (bit(newAxisMask, i)) {
      gather.push('new');
    } else {
      if (full >= rank) {
        throw new FluxionError(
          `stridedSlice: too many indices for x of shape ${fmtShape(x.shape)} (rank ${rank}): entry ${i} of begin/end/strides ` +
            'has no dimension left to index. Remove entries, or mark new axes with newAxisMask.',
        );
      }
      dBegin[full] = begin[i] as number;
      dEnd[full] = end[i] as number;
      dStride[full] = strides[i] as number;
      dBeginMasked[full] = bit(beginMask, i);
      dEndMasked[full] = bit(endMask, i);
      dSparse[full] = i;
      if (bit(shrinkAxisMask, i)) {
        dShrink[full] = true;
        gather.push('shrink');
      } else {
        gather.push(full);
      }
      full++;
    }
  }

  const size: number[] = [];
  const outBegin: number[] = [];
  for (let d = 0; d < rank; d++) {
    const dim = x.shape[d] as number;
    const stride = dStride[d] as number;
    if (dShrink[d]) {
      const b = dBegin[d] as number;
      const fwd = b < 0 ? dim + b : b;
      if (stride < 0) {
        throw new FluxionError(
          `stridedSlice: strides[${dSparse[d]}] = ${stride} is negative on an axis that shrinkAxisMask removes; a shrunk axis takes one index and needs a positive stride.`,
        );
      }
      if (fwd < 0 || fwd >= dim) {
        throw new FluxionError(
          `stridedSlice: index begin[${dSparse[d]}] = ${b} is out of range for dimension ${d} of x (shape ${fmtShape(x.shape)}), ` +
            `which shrinkAxisMask removes; expected a value in [${-dim}, ${dim - 1}].`,
        );
      }
      outBegin.push(fwd);
      size.push(1);
      continue;
    }
    const lo = stride > 0 ? 0 : -1;
    const hi = stride > 0 ? dim : dim - 1;
    const canonical = (v: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return stride > 0 ? (isEnd ? hi : lo) : isEnd ? lo : hi;
      const fwd = v < 0 ? dim + v : v;
      return fwd < lo ? lo : fwd > hi ? hi : fwd;
    };
    const b = canonical(dBegin[d] as number, dBeginMasked[d] as boolean, false);
    const e = canonical(dEnd[d] as number, dEndMasked[d] as boolean, true);
    const interval = e - b;
    const n = interval === 0 || interval < 0 !== stride < 0 ? 0 : Math.ceil(interval / stride);
    outBegin.push(n === 0 ? 0 : b);
    size.push(n);
  }
  const finalShape = gather.flatMap((g) => (g === 'new' ? [1] : g === 'shrink' ? [] : [size[g] as number]));
  return { begin: outBegin, strides: dStride.map((s, d) => (dShrink[d] ? 1 : s)), size, finalShape };
}

/**
 * TensorFlow's strided slice: for each entry i, indices begin[i], begin[i]+strides[i], ... up to
 * (excluding) end[i]; negative begin/end count from the end, negative strides walk backwards. Bit i
 * of beginMask/endMask ignores begin[i]/end[i] (the whole range); of ellipsisMask makes entry i
 * stand for all the dimensions not otherwise indexed; of newAxisMask inserts a dimension of size 1;
 * of shrinkAxisMask takes the single index begin[i] and drops that dimension.
 */
export const stridedSlice = defineOp(
  { name: 'stridedSlice', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['slice', 'stridedSlice'], method: true },
  (
    x: TensorLike, begin: readonly number[], end: readonly number[], strides?: readonly number[], beginMask = 0, endMask = 0,
    ellipsisMask = 0, newAxisMask = 0, shrinkAxisMask = 0,
  ): Tensor => {
    const $x = convertToTensor(x, 'x', 'stridedSlice');
    const b = intArray('stridedSlice', 'begin', begin);
    const e = intArray('stridedSlice', 'end', end);
    const s = strides === undefined ? new Array<number>(b.length).fill(1) : intArray('stridedSlice', 'strides', strides);
    const plan = planStridedSlice($x, b, e, s, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
    let y: Tensor;
    if (shapesEqual(plan.size, $x.shape) && plan.strides.every((v) => v === 1)) {
      y = $x;
    } else if (plan.strides.every((v) => v === 1)) {
      y = runKernel('slice', [$x], { begin: plan.begin, size: plan.size });
    } else {
      y = runKernel('stridedSlice', [$x], { begin: plan.begin, strides: plan.strides, size: plan.size });
    }
    return reshape(y, plan.finalShape);
  },
);

registerGradient('stridedSlice', ([dy], { inputs: [x], attrs }) => [
  runKernel('stridedSliceGrad', [dy], { ...attrs, shape: [...x.shape] }),
]);
registerGradient('stridedSliceGrad', ([dy], { attrs: { begin, strides, size } }) => [
  runKernel('stridedSlice', [dy], { begin, strides, size }),
]);

// ---------------------------------------------------------------- tile, pad, mirrorPad, reverse

/** Repeats `x` reps[i] times along each axis i (reps has one entry per axis). */
export const tile = defineOp(
  { name: 'tile', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['tile'], method: true },
  (x: TensorLike, reps: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'tile');
    const r = intArray('tile', 'reps', reps, 0);
    if (r.length !== $x.rank) {
      throw new FluxionError(
        `tile: reps must have one entry per dimension of x (shape ${fmtShape($x.shape)}, rank ${$x.rank}), but has length ${r.length} ` +
          `(${JSON.stringify(r)}). Use expandDims or reshape first to tile along new dimensions.`,
      );
    }
    if (r.every((v) => v === 1)) return $x;
    return runKernel('tile', [$x], { reps: [...r] });
  },
);

// Sum the tiles: view dy as [reps0, d0, reps1, d1, ...] and reduce the reps axes.
registerGradient('tile', ([dy], { inputs: [x], attrs: { reps } }) => {
  const split = x.shape.flatMap((d, i) => [reps[i] as number, d]);
  return [runKernel('sum', [reshape(dy, split)], { axes: reps.map((_, i) => 2 * i) })];
});

/** Pads each axis i with paddings[i][0] values before and paddings[i][1] after, all `constantValue`. */
export const pad = defineOp(
  { name: 'pad', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['pad'], method: true },
  (x: TensorLike, paddings: ReadonlyArray<readonly [number, number]>, constantValue = 0): Tensor => {
    const $x = convertToTensor(x, 'x', 'pad');
    const pairs = paddingPairs('pad', paddings, $x);
    if (typeof constantValue !== 'number') {
      throw new FluxionError(`pad: constantValue must be a number, but received ${describeValue(constantValue)}.`);
    }
    if (pairs.every(([a, b]) => a === 0 && b === 0)) return $x;
    const value = $x.dtype === 'bool' ? (constantValue !== 0 ? 1 : 0) : $x.dtype === 'int32' ? Math.trunc(constantValue) : constantValue;
    return runKernel('pad', [$x], { paddings: pairs, constantValue: value });
  },
);

registerGradient('pad', ([dy], { inputs: [x], attrs: { paddings } }) => [
  runKernel('slice', [dy], { begin: paddings.map((p) => p[0]), size: [...x.shape] }),
]);

/**
 * Pads with a mirror image of `x`: 'reflect' excludes the edge element (paddings at most dim-1),
 * 'symmetric' repeats it (paddings at most dim).
 */
export const mirrorPad = defineOp(
  { name: 'mirrorPad', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['mirrorPad'], method: true },
  (x: TensorLike, paddings: ReadonlyArray<readonly [number, number]>, mode: 'reflect' | 'symmetric'): Tensor => {
    const $x = convertToTensor(x, 'x', 'mirrorPad');
    if (mode !== 'reflect' && mode !== 'symmetric') {
      throw new FluxionError(`mirrorPad: mode must be 'reflect' or 'symmetric', but received ${JSON.stringify(mode) ?? describeValue(mode)}.`);
    }
    const pairs = paddingPairs('mirrorPad', paddings, $x);
    pairs.forEach(([a, b], d) => {
      const dim = $x.shape[d] as number;
      const limit = mode === 'reflect' ? dim - 1 : dim;
      if (a > limit || b > limit) {
        throw new FluxionError(
          `mirrorPad: paddings[${d}] = [${a},${b}] is too large for dimension ${d} of x (shape ${fmtShape($x.shape)}) in '${mode}' mode; ` +
            `each side can be at most ${limit} (${mode === 'reflect' ? 'the size minus 1' : 'the size'}).`,
        );
      }
    });
    if (pairs.every(([a, b]) => a === 0 && b === 0)) return $x;
    return runKernel('mirrorPad', [$x], { paddings: pairs, mode });
  },
);

registerGradient('mirrorPad', ([dy], { attrs }) => [runKernel('mirrorPadGrad', [dy], attrs)]);
registerGradient('mirrorPadGrad', ([dy], { attrs }) => [runKernel('mirrorPad', [dy], attrs)]);

/** Reverses the order of elements along `axis` (all axes by default). */
export const reverse = defineOp(
  { name: 'reverse', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['reverse'], method: true },
  (x: TensorLike, axis?: Axis): Tensor => {
    const $x = convertToTensor(x, 'x', 'reverse');
    const axes = normalizeAxes('reverse', axis, $x.rank).filter((a) => ($x.shape[a] as number) > 1);
    if (axes.length === 0) return $x;
    return runKernel('reverse', [$x], { axes });
  },
);

registerGradient('reverse', ([dy], { attrs }) => [runKernel('reverse', [dy], attrs)]);

// ---------------------------------------------------------------- depthToSpace, spaceToDepth

function checkBlockImage(op: string, x: Tensor, blockSize: number, dataFormat: unknown): void {
  if (x.rank !== 4) {
    throw new FluxionError(
      `${op}: x must be rank 4 (${dataFormat === 'NCHW' ? 'NCHW' : 'NHWC'}), but has rank ${x.rank} (shape ${fmtShape(x.shape)}).` +
        (x.rank === 3 ? ' Add a batch dimension with expandDims(x, 0).' : ''),
    );
  }
  if (!isInt(blockSize) || blockSize < 2) {
    throw new FluxionError(`${op}: blockSize must be an integer >= 2, but received ${String(blockSize)}.`);
  }
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') {
    throw new FluxionError(`${op}: dataFormat must be 'NHWC' or 'NCHW', but received ${JSON.stringify(dataFormat) ?? describeValue(dataFormat)}.`);
  }
}

/**
 * Moves blocks of depth into space: [b, h, w, c] -> [b, h*bs, w*bs, c/(bs*bs)] (NHWC; NCHW alike),
 * where output pixel (h*bs+i, w*bs+j) takes channels (i*bs+j)*c' .. of input pixel (h, w).
 */
export const depthToSpace = defineOp(
  { name: 'depthToSpace', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: [], method: true },
  (x: TensorLike, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor => {
    const $x = convertToTensor(x, 'x', 'depthToSpace');
    checkBlockImage('depthToSpace', $x, blockSize, dataFormat);
    const bs = blockSize;
    const [b, d1, d2, d3] = $x.shape as [number, number, number, number];
    const depth = dataFormat === 'NHWC' ? d3 : d1;
    if (depth % (bs * bs) !== 0) {
      throw new FluxionError(
        `depthToSpace: the depth of x (shape ${fmtShape($x.shape)}, ${dataFormat}) is ${depth}, which is not divisible by ` +
          `blockSize * blockSize = ${bs * bs}.`,
      );
    }
    const c = depth / (bs * bs);
    if (dataFormat === 'NHWC') {
      const t = transpose(reshape($x, [b, d1, d2, bs, bs, c]), [0, 1, 3, 2, 4, 5]);
      return reshape(t, [b, d1 * bs, d2 * bs, c]);
    }
    const t = transpose(reshape($x, [b, bs, bs, c, d2, d3]), [0, 3, 4, 1, 5, 2]);
    return reshape(t, [b, c, d2 * bs, d3 * bs]);
  },
);

/**
 * The inverse of depthToSpace (TensorFlow's space_to_depth): [b, h, w, c] -> [b, h/bs, w/bs,
 * c*bs*bs] (NHWC; NCHW alike). Height and width must be divisible by blockSize.
 */
export const spaceToDepth = defineOp(
  { name: 'spaceToDepth', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: [] },
  (x: TensorLike, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor => {
    const $x = convertToTensor(x, 'x', 'spaceToDepth');
    checkBlockImage('spaceToDepth', $x, blockSize, dataFormat);
    const bs = blockSize;
    const [b, d1, d2, d3] = $x.shape as [number, number, number, number];
    const [h, w] = dataFormat === 'NHWC' ? [d1, d2] : [d2, d3];
    if (h % bs !== 0 || w % bs !== 0) {
      throw new FluxionError(
        `spaceToDepth: the height ${h} and width ${w} of x (shape ${fmtShape($x.shape)}, ${dataFormat}) must both be divisible ` +
          `by blockSize ${bs}.`,
      );
    }
    if (dataFormat === 'NHWC') {
      const t = transpose(reshape($x, [b, h / bs, bs, w / bs, bs, d3]), [0, 1, 3, 2, 4, 5]);
      return reshape(t, [b, h / bs, w / bs, d3 * bs * bs]);
    }
    const t = transpose(reshape($x, [b, d1, h / bs, bs, w / bs, bs]), [0, 3, 5, 1, 2, 4]);
    return reshape(t, [b, d1 * bs * bs, h / bs, w / bs]);
  },
);
