import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the reduction family (reductions, moments, norms, scans, softmax). */
export const cases: GradCase[] = [
  // sum (its basic rows are in core.ts)
  { op: 'sum', label: 'negative axis, size-1 dim', inputs: [{ shape: [2, 1, 3] }], fn: (x) => fx.sum(x!, -2) },
  { op: 'sum', label: 'empty dim', inputs: [{ shape: [0, 3] }], fn: (x) => fx.sum(x!, 0) },
  { op: 'sum', label: 'second order through a square', inputs: [{ shape: [2, 3] }], fn: (x) => fx.sum(fx.square(x!), 1, true), secondOrder: true },

  // mean
  { op: 'mean', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.mean(x!, [0, 2], true), secondOrder: true },
  { op: 'mean', label: 'all axes', inputs: [{ shape: [3, 2] }], fn: (x) => fx.mean(fx.square(x!)), secondOrder: true },
  { op: 'mean', label: 'size-1 dim', inputs: [{ shape: [1, 4] }], fn: (x) => fx.mean(x!, 0) },
  { op: 'mean', label: 'empty dim', inputs: [{ shape: [0, 3] }], fn: (x) => fx.mean(x!, 1) },

  // prod
  { op: 'prod', inputs: [{ shape: [2, 3] }], fn: (x) => fx.prod(x!, 1), secondOrder: true },
  { op: 'prod', label: 'two axes, keepDims', inputs: [{ shape: [2, 3, 2] }], fn: (x) => fx.prod(x!, [0, 2], true), secondOrder: true },
  { op: 'prod', label: 'all axes', inputs: [{ shape: [2, 2] }], fn: (x) => fx.prod(x!), secondOrder: true },
  {
    op: 'prod',
    label: 'with one and two zeros (no division)',
    inputs: [{ shape: [2, 4], values: [1.5, 0, -2, 0.5, 0, 2, 0, -1] }],
    fn: (x) => fx.prod(x!, 1),
    secondOrder: true,
  },
  { op: 'prod', label: 'size-1 dim', inputs: [{ shape: [3, 1] }], fn: (x) => fx.prod(x!, 1) },
  { op: 'prod', label: 'empty dim', inputs: [{ shape: [2, 0] }], fn: (x) => fx.prod(x!, 1) },

  // max / min (random inputs have no ties)
  { op: 'max', inputs: [{ shape: [3, 4] }], fn: (x) => fx.max(x!, 1) },
  { op: 'max', label: 'all axes, keepDims', inputs: [{ shape: [2, 3] }], fn: (x) => fx.max(x!, null, true) },
  { op: 'max', label: 'size-1 and empty dims', inputs: [{ shape: [1, 0, 2] }], fn: (x) => fx.max(x!, 0) },
  { op: 'min', inputs: [{ shape: [3, 4] }], fn: (x) => fx.min(x!, 0) },
  { op: 'min', label: 'two axes, size-1 dim', inputs: [{ shape: [2, 1, 3] }], fn: (x) => fx.min(x!, [0, 2], true) },

  // logSumExp
  { op: 'logSumExp', inputs: [{ shape: [2, 3] }], fn: (x) => fx.logSumExp(x!, 1), secondOrder: true },
  { op: 'logSumExp', label: 'all axes, keepDims', inputs: [{ shape: [2, 2, 2] }], fn: (x) => fx.logSumExp(x!, null, true), secondOrder: true },
  { op: 'logSumExp', label: 'large inputs', inputs: [{ shape: [3], range: [500, 504] }], fn: (x) => fx.logSumExp(x!), secondOrder: true },
  { op: 'logSumExp', label: 'size-1 dim', inputs: [{ shape: [3, 1] }], fn: (x) => fx.logSumExp(x!, -1), secondOrder: true },
  { op: 'logSumExp', label: 'empty dim', inputs: [{ shape: [0, 2] }], fn: (x) => fx.logSumExp(x!, 1) },

  // moments
  { op: 'moments', label: 'mean', inputs: [{ shape: [3, 4] }], fn: (x) => fx.moments(x!, 0).mean, secondOrder: true },
  { op: 'moments', label: 'variance', inputs: [{ shape: [3, 4] }], fn: (x) => fx.moments(x!, [1], true).variance, secondOrder: true },
  { op: 'moments', label: 'variance, all axes', inputs: [{ shape: [2, 3] }], fn: (x) => fx.moments(x!).variance, secondOrder: true },

  // euclideanNorm and norm
  { op: 'euclideanNorm', inputs: [{ shape: [2, 3, 2], awayFromZero: 0.2 }], fn: (x) => fx.euclideanNorm(x!, [0, 2]), secondOrder: true },
  { op: 'euclideanNorm', label: 'all axes, keepDims', inputs: [{ shape: [4], awayFromZero: 0.2 }], fn: (x) => fx.euclideanNorm(x!, null, true), secondOrder: true },
  { op: 'euclideanNorm', label: 'at zero: subgradient 0', inputs: [{ shape: [2, 3], values: [0, 0, 0, 1, -2, 0.5] }], fn: (x) => fx.euclideanNorm(x!, 1) },
  { op: 'euclideanNorm', label: 'empty dim', inputs: [{ shape: [0, 3] }], fn: (x) => fx.euclideanNorm(x!, 0) },
  { op: 'norm', label: 'euclidean vector', inputs: [{ shape: [5], awayFromZero: 0.2 }], fn: (x) => fx.norm(x!), secondOrder: true },
  { op: 'norm', label: 'ord 2, rows', inputs: [{ shape: [3, 4], awayFromZero: 0.2 }], fn: (x) => fx.norm(x!, 2, 1, true), secondOrder: true },
  { op: 'norm', label: 'ord 1', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, 1, -1) },
  { op: 'norm', label: 'ord Infinity', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, Infinity, 1) },
  { op: 'norm', label: 'ord -Infinity', inputs: [{ shape: [6], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, -Infinity) },
  { op: 'norm', label: 'fro matrix', inputs: [{ shape: [2, 3, 2], awayFromZero: 0.2 }], fn: (x) => fx.norm(x!, 'fro', [1, 2]), secondOrder: true },
  { op: 'norm', label: 'matrix ord 1', inputs: [{ shape: [3, 3], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, 1, [0, 1]) },
  { op: 'norm', label: 'matrix ord Infinity, keepDims', inputs: [{ shape: [3, 3], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, Infinity, [0, 1], true) },
  { op: 'norm', label: 'matrix ord -Infinity', inputs: [{ shape: [2, 4], awayFromZero: 0.1 }], fn: (x) => fx.norm(x!, -Infinity, [-2, -1]) },
  { op: 'norm', label: 'size-1 dim', inputs: [{ shape: [1, 3], awayFromZero: 0.2 }], fn: (x) => fx.norm(x!, 'euclidean', 0) },

  // cumsum
  { op: 'cumsum', inputs: [{ shape: [3, 4] }], fn: (x) => fx.cumsum(x!, 1) },
  { op: 'cumsum', label: 'exclusive', inputs: [{ shape: [4, 2] }], fn: (x) => fx.cumsum(x!, 0, true) },
  { op: 'cumsum', label: 'reverse', inputs: [{ shape: [5] }], fn: (x) => fx.cumsum(x!, 0, false, true) },
  { op: 'cumsum', label: 'exclusive reverse, second order', inputs: [{ shape: [2, 4] }], fn: (x) => fx.cumsum(fx.square(x!), -1, true, true), secondOrder: true },
  { op: 'cumsum', label: 'size-1 and empty dims', inputs: [{ shape: [1, 0] }], fn: (x) => fx.cumsum(x!, 0) },

  // cumprod
  { op: 'cumprod', inputs: [{ shape: [2, 4] }], fn: (x) => fx.cumprod(x!, 1), secondOrder: true },
  { op: 'cumprod', label: 'exclusive', inputs: [{ shape: [4, 2] }], fn: (x) => fx.cumprod(x!, 0, true), secondOrder: true },
  { op: 'cumprod', label: 'reverse', inputs: [{ shape: [5] }], fn: (x) => fx.cumprod(x!, 0, false, true), secondOrder: true },
  { op: 'cumprod', label: 'exclusive reverse', inputs: [{ shape: [2, 3] }], fn: (x) => fx.cumprod(x!, 1, true, true), secondOrder: true },
  {
    op: 'cumprod',
    label: 'one zero per line',
    inputs: [{ shape: [3, 4], values: [2, 0, 3, -1, 0, 1.5, -2, 0.5, 1.2, -0.7, 0.8, 0] }],
    fn: (x) => fx.cumprod(x!, 1),
    secondOrder: true,
  },
  {
    op: 'cumprod',
    label: 'one zero per line, exclusive reverse',
    inputs: [{ shape: [2, 4], values: [2, 0, 3, 1.1, 1.5, -2, 0, 0.5] }],
    fn: (x) => fx.cumprod(x!, 1, true, true),
    secondOrder: true,
  },
  {
    op: 'cumprod',
    label: 'several zeros per line (first order)',
    inputs: [{ shape: [2, 5], values: [2, 0, 3, 0, 1.5, 0, 0, -2, 0.5, 0] }],
    fn: (x) => fx.cumprod(x!, 1),
  },
  {
    op: 'cumprod',
    label: 'several zeros per line, exclusive reverse (first order)',
    inputs: [{ shape: [5, 2], values: [0, 1.5, 2, 0, 0, -2, 3, 0.5, 0, 0] }],
    fn: (x) => fx.cumprod(x!, 0, true, true),
  },
  { op: 'cumprod', label: 'size-1 dim', inputs: [{ shape: [1, 3] }], fn: (x) => fx.cumprod(x!, 0) },

  // softmax / logSoftmax
  { op: 'softmax', inputs: [{ shape: [2, 4] }], fn: (x) => fx.softmax(x!), secondOrder: true },
  { op: 'softmax', label: 'axis 0, rank 3', inputs: [{ shape: [3, 2, 2] }], fn: (x) => fx.softmax(x!, 0), secondOrder: true },
  { op: 'softmax', label: 'size-1 axis', inputs: [{ shape: [3, 1] }], fn: (x) => fx.softmax(x!), secondOrder: true },
  { op: 'softmax', label: 'empty dim', inputs: [{ shape: [0, 3] }], fn: (x) => fx.softmax(x!) },
  { op: 'logSoftmax', inputs: [{ shape: [2, 4] }], fn: (x) => fx.logSoftmax(x!), secondOrder: true },
  { op: 'logSoftmax', label: 'axis 1, rank 3', inputs: [{ shape: [2, 3, 2] }], fn: (x) => fx.logSoftmax(x!, 1), secondOrder: true },
  { op: 'logSoftmax', label: 'large logits', inputs: [{ shape: [4], range: [-300, 300] }], fn: (x) => fx.logSoftmax(x!), secondOrder: true },
  { op: 'logSoftmax', label: 'size-1 axis', inputs: [{ shape: [2, 1] }], fn: (x) => fx.logSoftmax(x!, -1), secondOrder: true },
  { op: 'logSoftmax', label: 'empty dim', inputs: [{ shape: [2, 0] }], fn: (x) => fx.logSoftmax(x!) },
];
