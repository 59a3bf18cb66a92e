import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

/**
 * Rows of the shape and indexing families. Not here: spaceToDepth, sort and argsort (TensorFlow.js
 * has none of them) and booleanMask (TensorFlow.js only has booleanMaskAsync, which this synchronous
 * harness cannot await; test/ops/indexing.test.ts compares booleanMaskAsync with it instead).
 * stridedSlice rows avoid shrinkAxisMask combined with masks or non-unit strides, where
 * TensorFlow.js 4.22 departs from TensorFlow (e.g. x[::-1, -2] on shape [1,3] returns x[0,0]).
 */
export const cases: DiffCase[] = [
  { op: 'transpose', inputs: [{ shape: [2, 3, 4] }], fx: (x) => fx.transpose(x!, [1, 2, 0]), tf: (tf, x) => tf.transpose(x!, [1, 2, 0]) },
  { op: 'transpose', label: 'default perm, int32', inputs: [{ shape: [3, 5], dtype: 'int32' }], fx: (x) => fx.transpose(x!), tf: (tf, x) => tf.transpose(x!) },
  { op: 'reshape', label: 'int32 to rank 3', inputs: [{ shape: [12], dtype: 'int32' }], fx: (x) => fx.reshape(x!, [2, -1, 3]), tf: (tf, x) => tf.reshape(x!, [2, -1, 3]) },
  { op: 'broadcastTo', label: 'int32 from a scalar', inputs: [{ shape: [], dtype: 'int32' }], fx: (x) => fx.broadcastTo(x!, [2, 2]), tf: (tf, x) => tf.broadcastTo(x!, [2, 2]) },
  { op: 'expandDims', inputs: [{ shape: [2, 3] }], fx: (x) => fx.expandDims(x!, -1), tf: (tf, x) => tf.expandDims(x!, -1) },
  { op: 'squeeze', inputs: [{ shape: [1, 3, 1, 2] }], fx: (x) => fx.squeeze(x!), tf: (tf, x) => tf.squeeze(x!) },
  { op: 'squeeze', label: 'listed axis', inputs: [{ shape: [1, 3, 1] }], fx: (x) => fx.squeeze(x!, [2]), tf: (tf, x) => tf.squeeze(x!, [2]) },
  { op: 'concat', inputs: [{ shape: [2, 3] }, { shape: [2, 2] }, { shape: [2, 1] }], fx: (a, b, c) => fx.concat([a!, b!, c!], 1), tf: (tf, a, b, c) => tf.concat([a!, b!, c!], 1) },
  { op: 'concat', label: 'int32 axis 0', inputs: [{ shape: [1, 3], dtype: 'int32' }, { shape: [2, 3], dtype: 'int32' }], fx: (a, b) => fx.concat([a!, b!]), tf: (tf, a, b) => tf.concat([a!, b!]) },
  { op: 'stack', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }], fx: (a, b, c) => fx.stack([a!, b!, c!], 2), tf: (tf, a, b, c) => tf.stack([a!, b!, c!], 2) },
  { op: 'unstack', inputs: [{ shape: [3, 4] }], fx: (x) => fx.unstack(x!, 1), tf: (tf, x) => tf.unstack(x!, 1) },
  { op: 'split', inputs: [{ shape: [2, 6] }], fx: (x) => fx.split(x!, 3, 1), tf: (tf, x) => tf.split(x!, 3, 1) },
  { op: 'split', label: 'sizes with -1', inputs: [{ shape: [7, 2], dtype: 'int32' }], fx: (x) => fx.split(x!, [2, -1, 1]), tf: (tf, x) => tf.split(x!, [2, -1, 1]) },
  { op: 'slice', inputs: [{ shape: [4, 5, 3] }], fx: (x) => fx.slice(x!, [1, 2, 0], [2, -1, 2]), tf: (tf, x) => tf.slice(x!, [1, 2, 0], [2, -1, 2]) },
  { op: 'slice', label: 'rank 1 numbers', inputs: [{ shape: [6], dtype: 'int32' }], fx: (x) => fx.slice(x!, 2, 3), tf: (tf, x) => tf.slice(x!, 2, 3) },
  { op: 'stridedSlice', label: 'negative strides and masks', inputs: [{ shape: [5, 6] }], fx: (x) => fx.stridedSlice(x!, [4, 1], [0, 6], [-2, 2], 0, 2), tf: (tf, x) => tf.stridedSlice(x!, [4, 1], [0, 6], [-2, 2], 0, 2) },
  { op: 'stridedSlice', label: 'ellipsis and new axis', inputs: [{ shape: [2, 3, 4] }], fx: (x) => fx.stridedSlice(x!, [0, 0, 1], [0, 0, 3], [1, 1, 1], 0, 0, 1, 2), tf: (tf, x) => tf.stridedSlice(x!, [0, 0, 1], [0, 0, 3], [1, 1, 1], 0, 0, 1, 2) },
  { op: 'stridedSlice', label: 'shrink', inputs: [{ shape: [3, 4] }], fx: (x) => fx.stridedSlice(x!, [-1, 1], [0, 3], [1, 1], 0, 0, 0, 0, 1), tf: (tf, x) => tf.stridedSlice(x!, [-1, 1], [0, 3], [1, 1], 0, 0, 0, 0, 1) },
  { op: 'stridedSlice', label: 'clamped bounds', inputs: [{ shape: [4, 3] }], fx: (x) => fx.stridedSlice(x!, [-9, 1], [9, 9], [3, 1]), tf: (tf, x) => tf.stridedSlice(x!, [-9, 1], [9, 9], [3, 1]) },
  { op: 'tile', inputs: [{ shape: [2, 1, 3] }], fx: (x) => fx.tile(x!, [2, 3, 1]), tf: (tf, x) => tf.tile(x!, [2, 3, 1]) },
  { op: 'tile', label: 'int32', inputs: [{ shape: [3], dtype: 'int32' }], fx: (x) => fx.tile(x!, [4]), tf: (tf, x) => tf.tile(x!, [4]) },
  { op: 'pad', inputs: [{ shape: [2, 3] }], fx: (x) => fx.pad(x!, [[1, 2], [3, 0]], 1.5), tf: (tf, x) => tf.pad(x!, [[1, 2], [3, 0]], 1.5) },
  { op: 'pad', label: 'int32', inputs: [{ shape: [2, 2], dtype: 'int32' }], fx: (x) => fx.pad(x!, [[0, 1], [1, 1]], 4), tf: (tf, x) => tf.pad(x!, [[0, 1], [1, 1]], 4) },
  { op: 'mirrorPad', label: 'reflect', inputs: [{ shape: [3, 4] }], fx: (x) => fx.mirrorPad(x!, [[2, 1], [3, 3]], 'reflect'), tf: (tf, x) => tf.mirrorPad(x!, [[2, 1], [3, 3]], 'reflect') },
  { op: 'mirrorPad', label: 'symmetric', inputs: [{ shape: [2, 3, 2] }], fx: (x) => fx.mirrorPad(x!, [[2, 2], [0, 3], [1, 0]], 'symmetric'), tf: (tf, x) => tf.mirrorPad(x!, [[2, 2], [0, 3], [1, 0]], 'symmetric') },
  { op: 'reverse', inputs: [{ shape: [2, 3, 4] }], fx: (x) => fx.reverse(x!, [0, 2]), tf: (tf, x) => tf.reverse(x!, [0, 2]) },
  { op: 'reverse', label: 'all axes, int32', inputs: [{ shape: [3, 2], dtype: 'int32' }], fx: (x) => fx.reverse(x!), tf: (tf, x) => tf.reverse(x!) },
  { op: 'depthToSpace', inputs: [{ shape: [2, 2, 3, 8] }], fx: (x) => fx.depthToSpace(x!, 2), tf: (tf, x) => tf.depthToSpace(x! as Parameters<typeof tf.depthToSpace>[0], 2) },
  { op: 'gather', inputs: [{ shape: [5, 3] }, { shape: [2, 3], dtype: 'int32', range: [0, 4] }], fx: (x, i) => fx.gather(x!, i!), tf: (tf, x, i) => tf.gather(x!, i!) },
  { op: 'gather', label: 'axis 1, batchDims 1', inputs: [{ shape: [2, 4, 3] }, { shape: [2, 5], dtype: 'int32', range: [0, 3] }], fx: (x, i) => fx.gather(x!, i!, 1, 1), tf: (tf, x, i) => tf.gather(x!, i!, 1, 1) },
  { op: 'unsortedSegmentSum', inputs: [{ shape: [6, 2] }, { shape: [6], dtype: 'int32', range: [0, 3] }], fx: (x, s) => fx.unsortedSegmentSum(x!, s!, 4), tf: (tf, x, s) => tf.unsortedSegmentSum(x!, s! as Parameters<typeof tf.unsortedSegmentSum>[1], 4) },
  { op: 'gatherND', inputs: [{ shape: [3, 4, 2] }, { shape: [5, 2], dtype: 'int32', range: [0, 2] }], fx: (x, i) => fx.gatherND(x!, i!), tf: (tf, x, i) => tf.gatherND(x!, i!) },
  { op: 'scatterND', inputs: [{ shape: [6, 1], dtype: 'int32', range: [0, 3] }, { shape: [6, 2] }], fx: (i, u) => fx.scatterND(i!, u!, [4, 2]), tf: (tf, i, u) => tf.scatterND(i!, u!, [4, 2]) },
  { op: 'tensorScatterUpdate', inputs: [{ shape: [4, 3] }, { shape: [2, 1], dtype: 'int32', values: [3, 0] }, { shape: [2, 3] }], fx: (t, i, u) => fx.tensorScatterUpdate(t!, i!, u!), tf: (tf, t, i, u) => tf.tensorScatterUpdate(t!, i!, u!) },
  { op: 'topk', inputs: [{ shape: [3, 7] }], fx: (x) => fx.topk(x!, 3), tf: (tf, x) => tf.topk(x!, 3) },
  { op: 'topk', label: 'int32 ties', inputs: [{ shape: [2, 9], dtype: 'int32', range: [0, 2] }], fx: (x) => fx.topk(x!, 4), tf: (tf, x) => tf.topk(x!, 4) },
  { op: 'topk', label: 'long int32 rows with ties, small k', inputs: [{ shape: [3, 64], dtype: 'int32', range: [0, 5] }], fx: (x) => fx.topk(x!, 3), tf: (tf, x) => tf.topk(x!, 3) },
  { op: 'unique', label: 'int32', inputs: [{ shape: [12], dtype: 'int32', range: [0, 4] }], fx: (x) => fx.unique(x!), tf: (tf, x) => tf.unique(x!) },
  { op: 'unique', label: 'rows of a float32 matrix', inputs: [{ shape: [4, 2], values: [1, 2, 3, 4, 1, 2, 0, 0] }], fx: (x) => fx.unique(x!, 0), tf: (tf, x) => tf.unique(x!, 0) },
];
