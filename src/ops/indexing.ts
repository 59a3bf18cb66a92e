/**
 * Indexing ops: gather, gatherND, scatterND, tensorScatterUpdate, unsortedSegmentSum, booleanMask,
 * topk, sort, argsort, unique. Index arguments are int32 (plain arrays convert to int32); indices
 * out of range are errors that name the offending entry.
 */
import { registerGradient, runKernel, runKernelMulti } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { checkShape, computeStrides, normalizeAxis, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/indexing.js';
import { add, greaterEqual, where } from './binary.js';
import { castTo, convertToTensor, requireDType } from './convert.js';
import { tensor, zeros, zerosLike } from './creation.js';
import { defineOp } from './registry.js';
import { reshape, transpose } from './shape.js';

const INT_HINT = "Cast them first, e.g. cast(indices, 'int32').";

/** Converts an index argument (plain arrays become int32) and requires int32. */
function indexTensor(op: string, arg: string, value: TensorLike): Tensor {
  const t = convertToTensor(value, arg, op, 'int32');
  requireDType(op, arg, t, ['int32'], INT_HINT.replace('indices', arg));
  return t;
}

/** `name[1,2]` for the element at flat position `flat` of a tensor of `shape`. */
function entryName(name: string, shape: readonly number[], flat: number): string {
  if (shape.length === 0) return name;
  const strides = computeStrides(shape);
  return `${name}[${strides.map((s, d) => Math.floor(flat / s) % (shape[d] as number)).join(',')}]`;
}

// ---------------------------------------------------------------- gather, unsortedSegmentSum

/**
 * Slices of `x` along `axis` picked by `indices` (int32, each in [0, x.shape[axis])): the output
 * shape is x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]. With batchDims = b, the
 * first b dimensions of x and indices are batch dimensions gathered pairwise.
 */
export const gather = defineOp(
  { name: 'gather', family: 'indexing', dtypes: 'all (indices int32)', gradient: 'yes', kernels: ['gather'], method: true },
  (x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor => {
    const $x = convertToTensor(x, 'x', 'gather');
    const $i = indexTensor('gather', 'indices', indices);
    if ($x.rank === 0) throw new FluxionError('gather: x must have rank >= 1, but it is a scalar (shape []).');
    const ax = normalizeAxis('gather', axis, $x.rank);
    if (!Number.isInteger(batchDims) || batchDims < -$i.rank || batchDims > $i.rank) {
      throw new FluxionError(
        `gather: batchDims ${String(batchDims)} is out of range for indices of rank ${$i.rank}; expected an integer in [${-$i.rank}, ${$i.rank}].`,
      );
    }
    const bd = batchDims < 0 ? batchDims + $i.rank : batchDims;
    if (bd > ax) {
      throw new FluxionError(`gather: batchDims (${bd}) must be less than or equal to axis (${ax}); the batch dimensions come before the gathered axis.`);
    }
    for (let d = 0; d < bd; d++) {
      if ($x.shape[d] !== $i.shape[d]) {
        throw new FluxionError(
          `gather: with batchDims = ${bd}, x (shape ${fmtShape($x.shape)}) and indices (shape ${fmtShape($i.shape)}) must agree in their ` +
            `first ${bd} dimensions, but dimension ${d} is ${String($x.shape[d])} vs ${String($i.shape[d])}.`,
        );
      }
    }
    const n = $x.shape[ax] as number;
    const v = $i.values;
    for (let k = 0; k < v.length; k++) {
      const idx = v[k] as number;
      if (idx < 0 || idx >= n) {
        throw new FluxionError(
          `gather: ${entryName('indices', $i.shape, k)} = ${idx} is out of range for axis ${ax} of x (shape ${fmtShape($x.shape)}); ` +
            `expected a value in [0, ${n}).`,
        );
      }
    }
    return runKernel('gather', [$x, $i], { axis: ax, batchDims: bd });
  },
);

// Scatter-add dy back: move the gathered slices in front, sum them into their rows with
// unsortedSegmentSum (batch b's rows offset by b*n), then restore x's layout.
registerGradient('gather', ([dy], { inputs: [x, indices], attrs: { axis, batchDims } }) => {
  const batch = sizeFromShape(x.shape.slice(0, batchDims));
  const outer = sizeFromShape(x.shape.slice(batchDims, axis));
  const n = x.shape[axis] as number;
  const inner = sizeFromShape(x.shape.slice(axis + 1));
  const per = sizeFromShape(indices.shape.slice(batchDims));
  const rows = transpose(reshape(dy, [batch, outer, per, inner]), [0, 2, 1, 3]);
  let ids = reshape(indices, [batch, per]);
  if (batch > 1) {
    const offsets = tensor(Int32Array.from({ length: batch }, (_, b) => b * n), [batch, 1], 'int32');
    ids = add(ids, offsets);
  }
  const summed = runKernel('unsortedSegmentSum', [reshape(rows, [batch * per, outer, inner]), reshape(ids, [batch * per])], {
    numSegments: batch * n,
  });
  const back = transpose(reshape(summed, [batch, n, outer, inner]), [0, 2, 1, 3]);
  return [reshape(back, x.shape), null];
});

/**
 * Sums the slices of `x` that share a segment id: output[s] = sum of x[i...] over the positions i
 * where segmentIds[i] = s. segmentIds (int32) has the shape of x's leading dimensions (TensorFlow.js:
 * a vector of length x.shape[0]); negative ids are dropped, as in TensorFlow. bool sums as int32.
 */
export const unsortedSegmentSum = defineOp(
  { name: 'unsortedSegmentSum', family: 'indexing', dtypes: 'all (bool sums to int32; segmentIds int32)', gradient: 'yes', kernels: ['unsortedSegmentSum'] },
  (x: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor => {
    const $x = convertToTensor(x, 'x', 'unsortedSegmentSum');
    const $ids = indexTensor('unsortedSegmentSum', 'segmentIds', segmentIds);
    if (!Number.isInteger(numSegments) || numSegments < 0) {
      throw new FluxionError(`unsortedSegmentSum: numSegments must be a non-negative integer, but received ${describeValue(numSegments)}.`);
    }
    if ($ids.rank > $x.rank || !shapesEqual($ids.shape, $x.shape.slice(0, $ids.rank))) {
      throw new FluxionError(
        `unsortedSegmentSum: segmentIds (shape ${fmtShape($ids.shape)}) must have the shape of the leading dimensions of x ` +
          `(shape ${fmtShape($x.shape)}), e.g. ${fmtShape($x.shape.slice(0, 1))}: one id per slice.`,
      );
    }
    const v = $ids.values;
    for (let k = 0; k < v.length; k++) {
      if ((v[k] as number) >= numSegments) {
        throw new FluxionError(
          `unsortedSegmentSum: ${entryName('segmentIds', $ids.shape, k)} = ${String(v[k])} is out of range for numSegments = ${numSegments}; ` +
            `ids must be less than numSegments (negative ids are dropped).`,
        );
      }
    }
    const $xs = $x.dtype === 'bool' ? castTo($x, 'int32') : $x;
    return runKernel('unsortedSegmentSum', [$xs, $ids], { numSegments });
  },
);

// The adjoint is a gather of the segments' gradients (zero where an id was negative and dropped).
registerGradient('unsortedSegmentSum', ([dy], { inputs: [x, ids] }) => {
  const hasNegative = ids.values.some((v) => v < 0);
  if (!hasNegative) return [runKernel('gather', [dy, ids], { axis: 0, batchDims: 0 }), null];
  const keep = greaterEqual(ids, 0);
  const safe = where(keep, ids, zerosLike(ids));
  const g = runKernel('gather', [dy, safe], { axis: 0, batchDims: 0 });
  const mask = reshape(keep, [...ids.shape, ...new Array<number>(x.rank - ids.rank).fill(1)]);
  return [where(mask, g, zerosLike(g)), null];
});

// ---------------------------------------------------------------- gatherND, scatterND, tensorScatterUpdate

/** Checks an [..., K] index tensor against `shape` (K <= rank, every tuple in range). */
function checkIndexTuples(op: string, indices: Tensor, shape: readonly number[], target: string): number {
  if (indices.rank === 0) {
    throw new FluxionError(`${op}: indices must have rank >= 1 (the last dimension holds index tuples), but it is a scalar.`);
  }
  const k = indices.shape[indices.rank - 1] as number;
  if (k > shape.length) {
    throw new FluxionError(
      `${op}: the last dimension of indices (shape ${fmtShape(indices.shape)}) is ${k}, but ${target} (shape ${fmtShape(shape)}) has rank ` +
        `${shape.length}; an index tuple can have at most as many entries as ${target} has dimensions.`,
    );
  }
  const v = indices.values;
  for (let t = 0; t * k < v.length; t++) {
    for (let d = 0; d < k; d++) {
      const idx = v[t * k + d] as number;
      const dim = shape[d] as number;
      if (idx < 0 || idx >= dim) {
        const tuple = Array.from(v.subarray(t * k, (t + 1) * k));
        throw new FluxionError(
          `${op}: ${entryName('indices', indices.shape.slice(0, -1), t)} = [${tuple.join(',')}] is out of range for ${target} of shape ` +
            `${fmtShape(shape)}: entry ${d} is ${idx}, but dimension ${d} has size ${dim} (expected a value in [0, ${dim})).`,
        );
      }
    }
  }
  return k;
}

/**
 * Gathers slices of `x` by index tuples: indices [..., K] (int32) picks x[i0, ..., iK-1, ...]; the
 * output shape is indices.shape[:-1] + x.shape[K:].
 */
export const gatherND = defineOp(
  { name: 'gatherND', family: 'indexing', dtypes: 'all (indices int32)', gradient: 'yes', kernels: ['gatherNd'] },
  (x: TensorLike, indices: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'gatherND');
    const $i = indexTensor('gatherND', 'indices', indices);
    checkIndexTuples('gatherND', $i, $x.shape, 'x');
    return runKernel('gatherNd', [$x, $i], {});
  },
);

registerGradient('gatherNd', ([dy], { inputs: [x, indices] }) => [runKernel('scatterNd', [indices, dy], { shape: [...x.shape] }), null]);

function expectedUpdatesShape(indices: Tensor, shape: readonly number[], k: number): number[] {
  return [...indices.shape.slice(0, -1), ...shape.slice(k)];
}

/**
 * A tensor of `shape` that is zero except at the index tuples of `indices` [..., K] (int32), where
 * it holds `updates` (shape indices.shape[:-1] + shape[K:]). Duplicate indices add up, as in
 * TensorFlow (bool: logical or).
 */
export const scatterND = defineOp(
  { name: 'scatterND', family: 'indexing', dtypes: 'all (indices int32)', gradient: 'yes', kernels: ['scatterNd'] },
  (indices: TensorLike, updates: TensorLike, shape: readonly number[]): Tensor => {
    const $i = indexTensor('scatterND', 'indices', indices);
    const $u = convertToTensor(updates, 'updates', 'scatterND');
    checkShape('scatterND', shape);
    const k = checkIndexTuples('scatterND', $i, shape, 'the output');
    const expected = expectedUpdatesShape($i, shape, k);
    if (!shapesEqual($u.shape, expected)) {
      throw new FluxionError(
        `scatterND: updates must have shape ${fmtShape(expected)} (indices.shape[:-1] + shape[${k}:] for indices of shape ` +
          `${fmtShape($i.shape)} and shape ${fmtShape(shape)}), but has shape ${fmtShape($u.shape)}.`,
      );
    }
    return runKernel('scatterNd', [$i, $u], { shape: [...shape] });
  },
);

registerGradient('scatterNd', ([dy], { inputs: [indices] }) => [null, runKernel('gatherNd', [dy, indices], {})]);

/**
 * A copy of `tensor` with the slices at the index tuples of `indices` [..., K] (int32) replaced by
 * `updates` (shape indices.shape[:-1] + tensor.shape[K:], same dtype as tensor). With duplicate
 * indices the last update wins.
 */
export const tensorScatterUpdate = defineOp(
  { name: 'tensorScatterUpdate', family: 'indexing', dtypes: 'all (indices int32)', gradient: 'yes', kernels: ['tensorScatterUpdate'] },
  (tensorArg: TensorLike, indices: TensorLike, updates: TensorLike): Tensor => {
    const $t = convertToTensor(tensorArg, 'tensor', 'tensorScatterUpdate');
    const $i = indexTensor('tensorScatterUpdate', 'indices', indices);
    const $u = convertToTensor(updates, 'updates', 'tensorScatterUpdate', $t.dtype);
    if ($u.dtype !== $t.dtype) {
      throw new FluxionError(
        `tensorScatterUpdate: updates must have the dtype of tensor (${$t.dtype}), but has dtype ${$u.dtype}. ` +
          `Cast it first, e.g. cast(updates, '${$t.dtype}').`,
      );
    }
    const k = checkIndexTuples('tensorScatterUpdate', $i, $t.shape, 'tensor');
    const expected = expectedUpdatesShape($i, $t.shape, k);
    if (!shapesEqual($u.shape, expected)) {
      throw new FluxionError(
        `tensorScatterUpdate: updates must have shape ${fmtShape(expected)} (indices.shape[:-1] + tensor.shape[${k}:] for indices of ` +
          `shape ${fmtShape($i.shape)} and tensor of shape ${fmtShape($t.shape)}), but has shape ${fmtShape($u.shape)}.`,
      );
    }
    return runKernel('tensorScatterUpdate', [$t, $i, $u], {});
  },
);

// tensor's gradient is dy with the overwritten slices zeroed; updates' is dy at those slices.
registerGradient('tensorScatterUpdate', ([dy], { inputs: [, indices, updates] }) => [
  runKernel('tensorScatterUpdate', [dy, indices, zeros(updates.shape, dy.dtype)], {}),
  null,
  runKernel('gatherNd', [dy, indices], {}),
]);

// ---------------------------------------------------------------- booleanMask

/**
 * The slices of `tensor` where `mask` (bool, shape tensor.shape[axis : axis + mask.rank]) is true,
 * flattened into one dimension at `axis`. Synchronous (TensorFlow.js only has booleanMaskAsync).
 */
export const booleanMask = defineOp(
  { name: 'booleanMask', family: 'indexing', dtypes: 'all (mask bool)', gradient: 'yes', kernels: [] },
  (tensorArg: TensorLike, mask: TensorLike, axis = 0): Tensor => {
    const $t = convertToTensor(tensorArg, 'tensor', 'booleanMask');
    const $m = convertToTensor(mask, 'mask', 'booleanMask');
    requireDType('booleanMask', 'mask', $m, ['bool'], "Build it with a comparison such as greater(x, 0), or cast(mask, 'bool').");
    if ($m.rank === 0) throw new FluxionError('booleanMask: mask must have rank >= 1, but it is a scalar.');
    const ax = normalizeAxis('booleanMask', axis, $t.rank);
    const covered = $t.shape.slice(ax, ax + $m.rank);
    if (!shapesEqual(covered, $m.shape)) {
      throw new FluxionError(
        `booleanMask: mask (shape ${fmtShape($m.shape)}) must match the dimensions of tensor (shape ${fmtShape($t.shape)}) ` +
          `starting at axis ${ax}, which are ${fmtShape(covered)}. Pass axis to mask later dimensions.`,
      );
    }
    const flat = reshape($t, [...$t.shape.slice(0, ax), $m.size, ...$t.shape.slice(ax + $m.rank)]);
    const picked: number[] = [];
    $m.values.forEach((v, i) => {
      if (v !== 0) picked.push(i);
    });
    return gather(flat, tensor(Int32Array.from(picked), [picked.length], 'int32'), ax);
  },
);

/** TensorFlow.js's asynchronous name for booleanMask; resolves to the same result. */
export async function booleanMaskAsync(tensorArg: TensorLike, mask: TensorLike, axis = 0): Promise<Tensor> {
  return Promise.resolve(booleanMask(tensorArg, mask, axis));
}

// ---------------------------------------------------------------- topk, sort, argsort, unique

/** dy [..., k] scattered back to x [..., n] at `indices` along the last axis (summed). */
function scatterLastAxis(dy: Tensor, indices: Tensor, xShape: readonly number[]): Tensor {
  const n = xShape[xShape.length - 1] as number;
  const k = indices.shape[indices.rank - 1] as number;
  const rows = sizeFromShape(xShape.slice(0, -1));
  const offsets = tensor(Int32Array.from({ length: rows }, (_, r) => r * n), [rows, 1], 'int32');
  const ids = reshape(add(reshape(indices, [rows, k]), offsets), [rows * k]);
  const summed = runKernel('unsortedSegmentSum', [reshape(dy, [rows * k]), ids], { numSegments: rows * n });
  return reshape(summed, xShape);
}

function requireRank1(op: string, x: Tensor): void {
  if (x.rank === 0) throw new FluxionError(`${op}: x must have rank >= 1, but it is a scalar (shape []).`);
}

/**
 * The k largest entries along the last axis and their int32 positions; ties keep the lower index
 * first. With sorted = false the k entries come in their order in x. NaN counts as the largest.
 */
export const topk = defineOp(
  { name: 'topk', family: 'indexing', dtypes: 'all', gradient: 'yes', kernels: ['topk'], method: true },
  (x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } => {
    const $x = convertToTensor(x, 'x', 'topk');
    requireRank1('topk', $x);
    const n = $x.shape[$x.rank - 1] as number;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new FluxionError(
        `topk: k must be an integer in [0, ${n}] (the size of the last dimension of x, shape ${fmtShape($x.shape)}), but received ${String(k)}.`,
      );
    }
    const [values, indices] = runKernelMulti('topk', [$x], { k, sorted: sorted !== false });
    return { values, indices: indices as Tensor };
  },
);

registerGradient('topk', ([dy], { inputs: [x], outputs: [, indices] }) => [scatterLastAxis(dy, indices as Tensor, x.shape)]);

function checkDirection(op: string, direction: unknown): boolean {
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') {
    throw new FluxionError(`${op}: direction must be 'ASCENDING' or 'DESCENDING', but received ${JSON.stringify(direction) ?? describeValue(direction)}.`);
  }
  return direction === 'DESCENDING';
}

/** Runs the sort kernel along `axis` (moved last and back): [values, indices]. */
function sortAlong(op: string, x: TensorLike, axis: number, direction: unknown): [Tensor, Tensor] {
  const $x = convertToTensor(x, 'x', op);
  requireRank1(op, $x);
  const ax = normalizeAxis(op, axis, $x.rank);
  const descending = checkDirection(op, direction);
  const last = $x.rank - 1;
  const perm = $x.shape.map((_, i) => (i === ax ? last : i === last ? ax : i));
  const [values, indices] = runKernelMulti('sort', [transpose($x, perm)], { descending });
  return [transpose(values, perm), transpose(indices as Tensor, perm)];
}

/** Sorts along `axis` (TensorFlow's tf.sort); stable; NaN sorts above +Infinity. */
export const sort = defineOp(
  { name: 'sort', family: 'indexing', dtypes: 'all', gradient: 'yes', kernels: ['sort'] },
  (x: TensorLike, axis = -1, direction: 'ASCENDING' | 'DESCENDING' = 'ASCENDING'): Tensor => sortAlong('sort', x, axis, direction)[0],
);

registerGradient('sort', ([dy], { inputs: [x], outputs: [, indices] }) => [scatterLastAxis(dy, indices as Tensor, x.shape)]);

/** The int32 positions that sort `x` along `axis` (TensorFlow's tf.argsort); stable. */
export const argsort = defineOp(
  { name: 'argsort', family: 'indexing', dtypes: 'all (result int32)', gradient: 'no', kernels: ['sort'] },
  (x: TensorLike, axis = -1, direction: 'ASCENDING' | 'DESCENDING' = 'ASCENDING'): Tensor => sortAlong('argsort', x, axis, direction)[1],
);

/**
 * The distinct slices of `x` along `axis`, in order of first occurrence, and for each position
 * along `axis` the int32 index of its slice in `values` (TensorFlow.js's unique).
 */
export const unique = defineOp(
  { name: 'unique', family: 'indexing', dtypes: 'all', gradient: 'no', kernels: ['unique'], method: true },
  (x: TensorLike, axis = 0): { values: Tensor; indices: Tensor } => {
    const $x = convertToTensor(x, 'x', 'unique');
    requireRank1('unique', $x);
    const ax = normalizeAxis('unique', axis, $x.rank);
    const [values, indices] = runKernelMulti('unique', [$x], { axis: ax });
    return { values, indices: indices as Tensor };
  },
);
