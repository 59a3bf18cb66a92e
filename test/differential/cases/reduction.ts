import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

/** Rows of the reduction family (reductions, moments, norms, scans, softmax). */
export const cases: DiffCase[] = [
  // sum (a basic row is in core.ts)
  { op: 'sum', label: 'all axes', inputs: [{ shape: [3, 4] }], fx: (x) => fx.sum(x!), tf: (tf, x) => tf.sum(x!) },
  { op: 'sum', label: 'negative axes, keepDims', inputs: [{ shape: [2, 3, 4] }], fx: (x) => fx.sum(x!, [-1, -3], true), tf: (tf, x) => tf.sum(x!, [-1, -3], true) },
  { op: 'sum', label: 'int32', inputs: [{ shape: [4, 5], dtype: 'int32' }], fx: (x) => fx.sum(x!, 1), tf: (tf, x) => tf.sum(x!, 1) },
  { op: 'sum', label: 'bool counts as int32', inputs: [{ shape: [3, 6], dtype: 'bool' }], fx: (x) => fx.sum(x!, -1), tf: (tf, x) => tf.sum(x!, -1) },
  { op: 'sum', label: 'empty dim', inputs: [{ shape: [0, 3] }], fx: (x) => fx.sum(x!, 0), tf: (tf, x) => tf.sum(x!, 0) },
  { op: 'sum', label: 'size-1 dim', inputs: [{ shape: [1, 5] }], fx: (x) => fx.sum(x!, 0, true), tf: (tf, x) => tf.sum(x!, 0, true) },

  // mean
  { op: 'mean', inputs: [{ shape: [3, 4, 5] }], fx: (x) => fx.mean(x!, [0, 2]), tf: (tf, x) => tf.mean(x!, [0, 2]) },
  { op: 'mean', label: 'all axes, keepDims', inputs: [{ shape: [4, 3] }], fx: (x) => fx.mean(x!, null, true), tf: (tf, x) => tf.mean(x!, undefined, true) },
  { op: 'mean', label: 'int32 gives float32', inputs: [{ shape: [3, 5], dtype: 'int32' }], fx: (x) => fx.mean(x!, 1), tf: (tf, x) => tf.mean(x!, 1) },

  // prod
  { op: 'prod', inputs: [{ shape: [3, 4] }], fx: (x) => fx.prod(x!, 1), tf: (tf, x) => tf.prod(x!, 1) },
  { op: 'prod', label: 'two axes, keepDims', inputs: [{ shape: [2, 3, 2] }], fx: (x) => fx.prod(x!, [0, 2], true), tf: (tf, x) => tf.prod(x!, [0, 2], true) },
  { op: 'prod', label: 'int32', inputs: [{ shape: [3, 4], dtype: 'int32' }], fx: (x) => fx.prod(x!, 0), tf: (tf, x) => tf.prod(x!, 0) },
  { op: 'prod', label: 'bool gives int32', inputs: [{ shape: [4, 3], dtype: 'bool' }], fx: (x) => fx.prod(x!, 1), tf: (tf, x) => tf.prod(x!, 1) },

  // max / min
  { op: 'max', inputs: [{ shape: [3, 4, 5] }], fx: (x) => fx.max(x!, [0, 2]), tf: (tf, x) => tf.max(x!, [0, 2]) },
  { op: 'max', label: 'all axes, keepDims', inputs: [{ shape: [4, 3] }], fx: (x) => fx.max(x!, null, true), tf: (tf, x) => tf.max(x!, undefined, true) },
  { op: 'max', label: 'int32', inputs: [{ shape: [5, 4], dtype: 'int32' }], fx: (x) => fx.max(x!, -1), tf: (tf, x) => tf.max(x!, -1) },
  { op: 'min', inputs: [{ shape: [3, 4, 5] }], fx: (x) => fx.min(x!, 1), tf: (tf, x) => tf.min(x!, 1) },
  { op: 'min', label: 'int32, keepDims', inputs: [{ shape: [5, 4], dtype: 'int32' }], fx: (x) => fx.min(x!, 0, true), tf: (tf, x) => tf.min(x!, 0, true) },

  // argMax / argMin
  { op: 'argMax', inputs: [{ shape: [5, 4] }], fx: (x) => fx.argMax(x!), tf: (tf, x) => tf.argMax(x!) },
  { op: 'argMax', label: 'inner axis, rank 3', inputs: [{ shape: [2, 6, 3] }], fx: (x) => fx.argMax(x!, 1), tf: (tf, x) => tf.argMax(x!, 1) },
  { op: 'argMax', label: 'int32 with ties', inputs: [{ shape: [4, 8], dtype: 'int32', range: [0, 2] }], fx: (x) => fx.argMax(x!, -1), tf: (tf, x) => tf.argMax(x!, -1) },
  { op: 'argMin', inputs: [{ shape: [5, 4] }], fx: (x) => fx.argMin(x!, 1), tf: (tf, x) => tf.argMin(x!, 1) },
  { op: 'argMin', label: 'int32 with ties', inputs: [{ shape: [8, 3], dtype: 'int32', range: [0, 2] }], fx: (x) => fx.argMin(x!), tf: (tf, x) => tf.argMin(x!) },

  // all / any
  { op: 'all', inputs: [{ shape: [4, 3], dtype: 'bool' }], fx: (x) => fx.all(x!, 1), tf: (tf, x) => tf.all(x!, 1) },
  { op: 'all', label: 'all axes, keepDims', inputs: [{ shape: [2, 2], dtype: 'bool' }], fx: (x) => fx.all(x!, null, true), tf: (tf, x) => tf.all(x!, undefined, true) },
  { op: 'any', inputs: [{ shape: [4, 3], dtype: 'bool' }], fx: (x) => fx.any(x!, 0), tf: (tf, x) => tf.any(x!, 0) },
  { op: 'any', label: 'two axes', inputs: [{ shape: [2, 3, 2], dtype: 'bool' }], fx: (x) => fx.any(x!, [1, 2]), tf: (tf, x) => tf.any(x!, [1, 2]) },

  // logSumExp
  { op: 'logSumExp', inputs: [{ shape: [3, 5] }], fx: (x) => fx.logSumExp(x!, 1), tf: (tf, x) => tf.logSumExp(x!, 1) },
  { op: 'logSumExp', label: 'all axes, keepDims, large inputs', inputs: [{ shape: [2, 3], range: [80, 100] }], fx: (x) => fx.logSumExp(x!, null, true), tf: (tf, x) => tf.logSumExp(x!, undefined, true) },

  // moments
  {
    op: 'moments',
    inputs: [{ shape: [4, 5] }],
    fx: (x) => { const m = fx.moments(x!, 0); return [m.mean, m.variance]; },
    tf: (tf, x) => { const m = tf.moments(x!, 0); return [m.mean, m.variance]; },
  },
  {
    op: 'moments',
    label: 'two axes, keepDims',
    inputs: [{ shape: [2, 3, 4] }],
    fx: (x) => { const m = fx.moments(x!, [0, 2], true); return [m.mean, m.variance]; },
    tf: (tf, x) => { const m = tf.moments(x!, [0, 2], true); return [m.mean, m.variance]; },
  },

  // euclideanNorm / norm
  { op: 'euclideanNorm', inputs: [{ shape: [3, 4] }], fx: (x) => fx.euclideanNorm(x!, 1), tf: (tf, x) => tf.euclideanNorm(x!, 1) },
  { op: 'euclideanNorm', label: 'all axes, keepDims', inputs: [{ shape: [2, 5] }], fx: (x) => fx.euclideanNorm(x!, null, true), tf: (tf, x) => tf.euclideanNorm(x!, undefined, true) },
  { op: 'norm', label: 'euclidean', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!), tf: (tf, x) => tf.norm(x!) },
  { op: 'norm', label: 'ord 1, axis', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, 1, 1), tf: (tf, x) => tf.norm(x!, 1, 1) },
  { op: 'norm', label: 'ord 2, keepDims', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, 2, 0, true), tf: (tf, x) => tf.norm(x!, 2, 0, true) },
  { op: 'norm', label: 'ord Infinity', inputs: [{ shape: [6] }], fx: (x) => fx.norm(x!, Infinity), tf: (tf, x) => tf.norm(x!, Infinity) },
  { op: 'norm', label: 'ord -Infinity', inputs: [{ shape: [6] }], fx: (x) => fx.norm(x!, -Infinity), tf: (tf, x) => tf.norm(x!, -Infinity) },
  { op: 'norm', label: 'matrix fro', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, 'fro', [0, 1]), tf: (tf, x) => tf.norm(x!, 'fro', [0, 1]) },
  { op: 'norm', label: 'matrix ord 1', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, 1, [0, 1]), tf: (tf, x) => tf.norm(x!, 1, [0, 1]) },
  { op: 'norm', label: 'matrix ord Infinity', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, Infinity, [0, 1]), tf: (tf, x) => tf.norm(x!, Infinity, [0, 1]) },
  { op: 'norm', label: 'matrix ord -Infinity, keepDims', inputs: [{ shape: [3, 4] }], fx: (x) => fx.norm(x!, -Infinity, [0, 1], true), tf: (tf, x) => tf.norm(x!, -Infinity, [0, 1], true) },

  // cumsum / cumprod
  { op: 'cumsum', inputs: [{ shape: [3, 5] }], fx: (x) => fx.cumsum(x!, 1), tf: (tf, x) => tf.cumsum(x!, 1) },
  { op: 'cumsum', label: 'exclusive', inputs: [{ shape: [6] }], fx: (x) => fx.cumsum(x!, 0, true), tf: (tf, x) => tf.cumsum(x!, 0, true) },
  { op: 'cumsum', label: 'reverse, axis 0', inputs: [{ shape: [4, 3] }], fx: (x) => fx.cumsum(x!, 0, false, true), tf: (tf, x) => tf.cumsum(x!, 0, false, true) },
  { op: 'cumsum', label: 'exclusive reverse, int32', inputs: [{ shape: [2, 5], dtype: 'int32' }], fx: (x) => fx.cumsum(x!, 1, true, true), tf: (tf, x) => tf.cumsum(x!, 1, true, true) },
  { op: 'cumprod', inputs: [{ shape: [3, 5] }], fx: (x) => fx.cumprod(x!, 1), tf: (tf, x) => tf.cumprod(x!, 1) },
  { op: 'cumprod', label: 'exclusive', inputs: [{ shape: [6] }], fx: (x) => fx.cumprod(x!, 0, true), tf: (tf, x) => tf.cumprod(x!, 0, true) },
  { op: 'cumprod', label: 'reverse, axis 0', inputs: [{ shape: [4, 3] }], fx: (x) => fx.cumprod(x!, 0, false, true), tf: (tf, x) => tf.cumprod(x!, 0, false, true) },
  { op: 'cumprod', label: 'exclusive reverse, int32', inputs: [{ shape: [2, 5], dtype: 'int32' }], fx: (x) => fx.cumprod(x!, 1, true, true), tf: (tf, x) => tf.cumprod(x!, 1, true, true) },

  // softmax / logSoftmax (TensorFlow.js supports the last axis only)
  { op: 'softmax', inputs: [{ shape: [3, 5] }], fx: (x) => fx.softmax(x!), tf: (tf, x) => tf.softmax(x!) },
  { op: 'softmax', label: 'large logits, rank 3', inputs: [{ shape: [2, 2, 4], range: [-60, 60] }], fx: (x) => fx.softmax(x!, 2), tf: (tf, x) => tf.softmax(x!, 2) },
  { op: 'logSoftmax', inputs: [{ shape: [3, 5] }], fx: (x) => fx.logSoftmax(x!), tf: (tf, x) => tf.logSoftmax(x!) },
  { op: 'logSoftmax', label: 'large logits', inputs: [{ shape: [4, 3], range: [-60, 60] }], fx: (x) => fx.logSoftmax(x!, -1), tf: (tf, x) => tf.logSoftmax(x!, -1) },
];
