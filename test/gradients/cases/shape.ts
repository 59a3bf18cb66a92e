import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/**
 * Rows of the shape and indexing families. The ops are linear (or piecewise linear), so their
 * second-order rows compose them with square(): that differentiates the backward rules themselves.
 */
export const cases: GradCase[] = [
  // ---- transpose, expandDims, squeeze
  { op: 'transpose', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.transpose(x!, [2, 0, 1]) },
  { op: 'transpose', label: 'squared', inputs: [{ shape: [3, 2] }], fn: (x) => fx.square(fx.transpose(x!)), secondOrder: true },
  { op: 'expandDims', inputs: [{ shape: [2, 3] }], fn: (x) => fx.expandDims(x!, -2) },
  { op: 'squeeze', inputs: [{ shape: [1, 3, 1] }], fn: (x) => fx.squeeze(x!, [2]) },
  { op: 'squeeze', label: 'empty', inputs: [{ shape: [1, 0] }], fn: (x) => fx.squeeze(x!) },

  // ---- concat, stack, unstack, split
  { op: 'concat', inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], fn: (a, b) => fx.concat([a!, b!], 1) },
  { op: 'concat', label: 'squared, three parts', inputs: [{ shape: [1, 2] }, { shape: [2, 2] }, { shape: [1, 2] }], fn: (a, b, c) => fx.square(fx.concat([a!, b!, c!])), secondOrder: true },
  { op: 'concat', label: 'empty part', inputs: [{ shape: [0, 2] }, { shape: [3, 2] }], fn: (a, b) => fx.concat([a!, b!]) },
  { op: 'concat', label: 'int32 part promoted', inputs: [{ shape: [2] }, { shape: [2], dtype: 'int32', constant: true }], fn: (a, b) => fx.concat([a!, b!]) },
  { op: 'stack', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], fn: (a, b) => fx.stack([a!, b!], 1) },
  { op: 'stack', label: 'scalars, squared', inputs: [{ shape: [] }, { shape: [] }], fn: (a, b) => fx.square(fx.stack([a!, b!])), secondOrder: true },
  { op: 'unstack', inputs: [{ shape: [3, 2] }], fn: (x) => { const [a, b, c] = fx.unstack(x!); return fx.concat([c!, fx.mul(a!, 2), b!]); } },
  { op: 'unstack', label: 'one slice used, axis 1', inputs: [{ shape: [2, 3] }], fn: (x) => fx.unstack(x!, 1)[1]! },
  { op: 'split', inputs: [{ shape: [2, 5] }], fn: (x) => { const [a, b] = fx.split(x!, [2, -1], 1); return fx.concat([b!, a!], 1); } },
  { op: 'split', label: 'one part used, squared', inputs: [{ shape: [4] }], fn: (x) => fx.square(fx.split(x!, 2)[1]!), secondOrder: true },
  { op: 'split', label: 'with an empty part', inputs: [{ shape: [3] }], fn: (x) => fx.split(x!, [0, 3])[1]! },

  // ---- slice, stridedSlice
  { op: 'slice', inputs: [{ shape: [3, 4] }], fn: (x) => fx.slice(x!, [1, 1], [2, -1]) },
  { op: 'slice', label: 'squared', inputs: [{ shape: [4, 3] }], fn: (x) => fx.square(fx.slice(x!, [1, 0], [2, 2])), secondOrder: true },
  { op: 'slice', label: 'empty result', inputs: [{ shape: [3] }], fn: (x) => fx.slice(x!, [1], [0]) },
  { op: 'stridedSlice', inputs: [{ shape: [4, 5] }], fn: (x) => fx.stridedSlice(x!, [0, 4], [4, 0], [2, -2], 0, 0) },
  { op: 'stridedSlice', label: 'masks, shrink and new axis', inputs: [{ shape: [3, 4] }], fn: (x) => fx.stridedSlice(x!, [1, 0, -1], [0, 0, 0], [1, 1, -1], 0, 5, 0, 2, 1) },
  { op: 'stridedSlice', label: 'ellipsis, squared', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.square(fx.stridedSlice(x!, [0, 1], [0, 4], [1, 2], 0, 0, 1)), secondOrder: true },
  { op: 'stridedSlice', label: 'unit strides (slice path)', inputs: [{ shape: [3, 3] }], fn: (x) => fx.stridedSlice(x!, [1, -2], [3, 3]) },

  // ---- tile, pad, mirrorPad, reverse
  { op: 'tile', inputs: [{ shape: [2, 3] }], fn: (x) => fx.tile(x!, [2, 3]) },
  { op: 'tile', label: 'squared, rank 3', inputs: [{ shape: [1, 2, 2] }], fn: (x) => fx.square(fx.tile(x!, [3, 1, 2])), secondOrder: true },
  { op: 'tile', label: 'zero reps', inputs: [{ shape: [2] }], fn: (x) => fx.tile(x!, [0]) },
  { op: 'pad', inputs: [{ shape: [2, 3] }], fn: (x) => fx.pad(x!, [[1, 2], [0, 1]], 3) },
  { op: 'pad', label: 'squared', inputs: [{ shape: [3] }], fn: (x) => fx.square(fx.pad(x!, [[2, 1]])), secondOrder: true },
  { op: 'pad', label: 'empty input', inputs: [{ shape: [0, 2] }], fn: (x) => fx.pad(x!, [[1, 1], [0, 0]]) },
  { op: 'mirrorPad', inputs: [{ shape: [3, 4] }], fn: (x) => fx.mirrorPad(x!, [[2, 1], [3, 2]], 'reflect') },
  { op: 'mirrorPad', label: 'symmetric, squared', inputs: [{ shape: [2, 3] }], fn: (x) => fx.square(fx.mirrorPad(x!, [[2, 2], [1, 3]], 'symmetric')), secondOrder: true },
  { op: 'reverse', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.reverse(x!, [0, 2]) },
  { op: 'reverse', label: 'squared, size-1 axis', inputs: [{ shape: [1, 3] }], fn: (x) => fx.square(fx.reverse(x!)), secondOrder: true },

  // ---- depthToSpace, spaceToDepth
  { op: 'depthToSpace', inputs: [{ shape: [1, 2, 2, 8] }], fn: (x) => fx.depthToSpace(x!, 2) },
  { op: 'depthToSpace', label: 'NCHW', inputs: [{ shape: [2, 4, 1, 2] }], fn: (x) => fx.depthToSpace(x!, 2, 'NCHW') },
  { op: 'spaceToDepth', inputs: [{ shape: [1, 4, 2, 3] }], fn: (x) => fx.spaceToDepth(x!, 2) },
  { op: 'spaceToDepth', label: 'NCHW', inputs: [{ shape: [1, 2, 2, 4] }], fn: (x) => fx.spaceToDepth(x!, 2, 'NCHW') },

  // ---- gather, unsortedSegmentSum
  { op: 'gather', inputs: [{ shape: [4, 3] }, { shape: [2, 2], dtype: 'int32', constant: true, values: [0, 3, 3, 1] }], fn: (x, i) => fx.gather(x!, i!) },
  { op: 'gather', label: 'axis 1, repeated indices, squared', inputs: [{ shape: [2, 4, 2] }, { shape: [3], dtype: 'int32', constant: true, values: [2, 2, 0] }], fn: (x, i) => fx.square(fx.gather(x!, i!, 1)), secondOrder: true },
  { op: 'gather', label: 'batchDims 1', inputs: [{ shape: [2, 3, 2] }, { shape: [2, 2], dtype: 'int32', constant: true, values: [2, 2, 0, 1] }], fn: (x, i) => fx.gather(x!, i!, 1, 1) },
  { op: 'gather', label: 'empty indices', inputs: [{ shape: [3, 2] }, { shape: [0], dtype: 'int32', constant: true, values: [] }], fn: (x, i) => fx.gather(x!, i!) },
  { op: 'unsortedSegmentSum', inputs: [{ shape: [4, 2] }, { shape: [4], dtype: 'int32', constant: true, values: [2, 0, 2, -1] }], fn: (x, s) => fx.unsortedSegmentSum(x!, s!, 3) },
  { op: 'unsortedSegmentSum', label: 'squared', inputs: [{ shape: [5] }, { shape: [5], dtype: 'int32', constant: true, values: [1, 0, 1, 1, 0] }], fn: (x, s) => fx.square(fx.unsortedSegmentSum(x!, s!, 2)), secondOrder: true },

  // ---- gatherND, scatterND, tensorScatterUpdate
  { op: 'gatherND', inputs: [{ shape: [3, 2] }, { shape: [3, 2], dtype: 'int32', constant: true, values: [2, 1, 0, 0, 2, 1] }], fn: (x, i) => fx.gatherND(x!, i!) },
  { op: 'gatherND', label: 'slices, squared', inputs: [{ shape: [3, 2, 2] }, { shape: [2, 1], dtype: 'int32', constant: true, values: [1, 1] }], fn: (x, i) => fx.square(fx.gatherND(x!, i!)), secondOrder: true },
  { op: 'scatterND', inputs: [{ shape: [3, 1], dtype: 'int32', constant: true, values: [1, 3, 1] }, { shape: [3, 2] }], fn: (i, u) => fx.scatterND(i!, u!, [4, 2]) },
  { op: 'scatterND', label: 'squared', inputs: [{ shape: [2, 2], dtype: 'int32', constant: true, values: [0, 1, 1, 0] }, { shape: [2] }], fn: (i, u) => fx.square(fx.scatterND(i!, u!, [2, 2])), secondOrder: true },
  { op: 'tensorScatterUpdate', inputs: [{ shape: [4, 2] }, { shape: [2, 1], dtype: 'int32', constant: true, values: [3, 1] }, { shape: [2, 2] }], fn: (t, i, u) => fx.tensorScatterUpdate(t!, i!, u!) },
  { op: 'tensorScatterUpdate', label: 'squared', inputs: [{ shape: [3] }, { shape: [1, 1], dtype: 'int32', constant: true, values: [2] }, { shape: [1] }], fn: (t, i, u) => fx.square(fx.tensorScatterUpdate(t!, i!, u!)), secondOrder: true },

  // ---- booleanMask, topk, sort
  { op: 'booleanMask', inputs: [{ shape: [3, 2] }, { shape: [3], dtype: 'bool', constant: true, values: [1, 0, 1] }], fn: (x, m) => fx.booleanMask(x!, m!) },
  { op: 'booleanMask', label: '2-D mask on axis 1', inputs: [{ shape: [2, 2, 3] }, { shape: [2, 3], dtype: 'bool', constant: true, values: [0, 1, 1, 1, 0, 0] }], fn: (x, m) => fx.booleanMask(x!, m!, 1) },
  { op: 'topk', inputs: [{ shape: [2, 5] }], fn: (x) => fx.topk(x!, 3).values },
  { op: 'topk', label: 'unsorted, squared', inputs: [{ shape: [6] }], fn: (x) => fx.square(fx.topk(x!, 2, false).values), secondOrder: true },
  { op: 'sort', inputs: [{ shape: [2, 4] }], fn: (x) => fx.sort(x!) },
  { op: 'sort', label: 'axis 0, descending, squared', inputs: [{ shape: [3, 2] }], fn: (x) => fx.square(fx.sort(x!, 0, 'DESCENDING')), secondOrder: true },
];
