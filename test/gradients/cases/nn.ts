import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** n distinct values in [-2, 2) in a scrambled order, at least 4/n apart (no ties for max pooling). */
function distinct(n: number): number[] {
  const stride = n % 7 === 0 ? 11 : 7;
  return Array.from({ length: n }, (_, i) => ((i * stride) % n) * (4 / n) - 2 + 0.1 / n);
}

/** d/dx sum(pool(x) * v): the backward of a pooling op as a function of x and v. */
function backwardOf(pool: (x: fx.Tensor) => fx.Tensor): (x: fx.Tensor, v: fx.Tensor) => fx.Tensor {
  return (x, v) => fx.grads((t: fx.Tensor, u: fx.Tensor) => fx.sum(fx.mul(pool(t), u)))([x, v])[0] as fx.Tensor;
}

const R = fx.losses.Reduction;

/** Rows of the nn family: pooling, normalization, dropout, cross-entropies, losses, image resizing. */
export const cases: GradCase[] = [
  // ---- maxPool (distinct values: no ties)
  { op: 'maxPool', label: 'valid, stride 2', inputs: [{ shape: [1, 4, 4, 2], values: distinct(32) }], fn: (x) => fx.maxPool(x!, 2, 2, 'valid'), secondOrder: true },
  { op: 'maxPool', label: 'same, rank 3', inputs: [{ shape: [3, 3, 2], values: distinct(18) }], fn: (x) => fx.maxPool(x!, 3, 1, 'same') },
  { op: 'maxPool', label: 'pad 1, ceil, overlapping', inputs: [{ shape: [2, 4, 4, 1], values: distinct(32) }], fn: (x) => fx.maxPool(x!, [3, 2], [2, 1], 1, 'ceil') },
  {
    op: 'maxPool',
    label: 'explicit padding',
    inputs: [{ shape: [1, 3, 3, 1], values: distinct(9) }],
    fn: (x) => fx.maxPool(x!, 2, 1, [[0, 0], [1, 0], [0, 1], [0, 0]]),
  },
  { op: 'maxPool', label: 'empty batch', inputs: [{ shape: [0, 4, 4, 2] }], fn: (x) => fx.maxPool(x!, 2, 2, 'valid') },
  {
    op: 'maxPool',
    label: 'its backward (maxPoolGrad, maxPoolGradGrad)',
    inputs: [{ shape: [1, 4, 4, 1], values: distinct(16), constant: true }, { shape: [1, 2, 2, 1] }],
    fn: (x, v) => backwardOf((t) => fx.maxPool(t, 2, 2, 'valid'))(x!, v!),
    secondOrder: true,
  },
  // ---- avgPool
  { op: 'avgPool', label: 'valid, stride 2', inputs: [{ shape: [1, 4, 4, 2] }], fn: (x) => fx.avgPool(x!, 2, 2, 'valid'), secondOrder: true },
  { op: 'avgPool', label: 'same, edge windows', inputs: [{ shape: [2, 5, 5, 1] }], fn: (x) => fx.avgPool(x!, 3, 2, 'same'), secondOrder: true },
  { op: 'avgPool', label: 'pad 1, ceil, rank 3 with size-1 channel', inputs: [{ shape: [4, 5, 1] }], fn: (x) => fx.avgPool(x!, 3, 2, 1, 'ceil') },
  {
    op: 'avgPool',
    label: 'explicit padding',
    inputs: [{ shape: [1, 3, 3, 2] }],
    fn: (x) => fx.avgPool(x!, 2, 1, [[0, 0], [0, 1], [1, 1], [0, 0]]),
  },
  {
    op: 'avgPool',
    label: 'its backward (avgPoolGrad)',
    inputs: [{ shape: [1, 4, 4, 1], constant: true }, { shape: [1, 2, 2, 1] }],
    fn: (x, v) => backwardOf((t) => fx.avgPool(t, 3, 2, 'same'))(x!, v!),
    secondOrder: true,
  },
  // ---- 3-D pooling
  { op: 'maxPool3d', inputs: [{ shape: [1, 3, 3, 3, 1], values: distinct(27) }], fn: (x) => fx.maxPool3d(x!, 2, 1, 'valid'), secondOrder: true },
  { op: 'maxPool3d', label: 'same, unbatched', inputs: [{ shape: [2, 3, 2, 2], values: distinct(24) }], fn: (x) => fx.maxPool3d(x!, [2, 2, 1], 2, 'same') },
  { op: 'avgPool3d', inputs: [{ shape: [1, 3, 3, 3, 1] }], fn: (x) => fx.avgPool3d(x!, 2, 1, 'valid'), secondOrder: true },
  { op: 'avgPool3d', label: 'same, stride 2', inputs: [{ shape: [1, 3, 4, 3, 2] }], fn: (x) => fx.avgPool3d(x!, [3, 2, 2], 2, 'same') },
  // ---- batchNorm
  {
    op: 'batchNorm',
    label: 'per-channel parameters',
    inputs: [{ shape: [2, 3] }, { shape: [3] }, { shape: [3], range: [0.5, 2] }, { shape: [3] }, { shape: [3] }],
    fn: (x, m, v, o, s) => fx.batchNorm(x!, m!, v!, o!, s!, 0.01),
    secondOrder: true,
  },
  {
    op: 'batchNorm',
    label: 'rank 4, no offset or scale',
    inputs: [{ shape: [2, 2, 2, 2] }, { shape: [2] }, { shape: [2], range: [0.5, 2] }],
    fn: (x, m, v) => fx.batchNorm(x!, m!, v!),
    secondOrder: true,
  },
  {
    op: 'batchNorm',
    label: 'size-1 dims broadcast, scalar offset',
    inputs: [{ shape: [1, 3, 2] }, { shape: [1, 1, 2] }, { shape: [3, 1], range: [0.5, 2] }, { shape: [] }, { shape: [1, 2] }],
    fn: (x, m, v, o, s) => fx.batchNorm(x!, m!, v!, o!, s!),
  },
  // ---- localResponseNormalization
  {
    op: 'localResponseNormalization',
    inputs: [{ shape: [1, 2, 2, 5] }],
    fn: (x) => fx.localResponseNormalization(x!, 2, 1, 0.5, 0.75),
    secondOrder: true,
  },
  { op: 'localResponseNormalization', label: 'defaults, rank 3', inputs: [{ shape: [2, 1, 3] }], fn: (x) => fx.localResponseNormalization(x!) },
  // ---- dropout (a fixed seed gives the same mask on every call)
  { op: 'dropout', inputs: [{ shape: [4, 5] }], fn: (x) => fx.dropout(x!, 0.3, undefined, 7) },
  { op: 'dropout', label: 'noiseShape broadcast', inputs: [{ shape: [4, 3] }], fn: (x) => fx.dropout(x!, 0.5, [4, 1], 11) },
  // ---- cross-entropies on logits
  {
    op: 'softmaxCrossEntropyWithLogits',
    inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4] }],
    fn: (z, x) => fx.softmaxCrossEntropyWithLogits(z!, x!),
    secondOrder: true,
  },
  {
    op: 'softmaxCrossEntropyWithLogits',
    label: 'axis 0',
    inputs: [{ shape: [3, 2], range: [0, 1] }, { shape: [3, 2] }],
    fn: (z, x) => fx.softmaxCrossEntropyWithLogits(z!, x!, 0),
    secondOrder: true,
  },
  {
    op: 'softmaxCrossEntropyWithLogits',
    label: 'logits of +-100',
    inputs: [{ shape: [2, 3], values: [1, 0, 0, 0, 0, 1], constant: true }, { shape: [2, 3], values: [100, -100, 0, 100, 99, -100] }],
    fn: (z, x) => fx.softmaxCrossEntropyWithLogits(z!, x!),
  },
  {
    op: 'sigmoidCrossEntropyWithLogits',
    inputs: [{ shape: [2, 3], range: [0, 1] }, { shape: [2, 3] }],
    fn: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!),
    secondOrder: true,
  },
  {
    op: 'sigmoidCrossEntropyWithLogits',
    label: 'logits of +-100, labels 0 and 1',
    inputs: [{ shape: [4], values: [0, 1, 0, 1] }, { shape: [4], values: [100, 100, -100, -100] }],
    fn: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!),
  },
  // ---- tf.losses
  {
    op: 'losses.computeWeightedLoss',
    label: 'MEAN with weights',
    inputs: [{ shape: [2, 3] }, { shape: [2, 1], range: [0.5, 2] }],
    fn: (l, w) => fx.losses.computeWeightedLoss(l!, w!, R.MEAN),
    secondOrder: true,
  },
  {
    op: 'losses.computeWeightedLoss',
    label: 'SUM_BY_NONZERO_WEIGHTS with a zero weight',
    inputs: [{ shape: [2, 3] }, { shape: [3], values: [1, 0, 2], constant: true }],
    fn: (l, w) => fx.losses.computeWeightedLoss(l!, w!),
  },
  { op: 'losses.computeWeightedLoss', label: 'NONE', inputs: [{ shape: [2, 3] }, { shape: [] }], fn: (l, w) => fx.losses.computeWeightedLoss(l!, w!, R.NONE) },
  { op: 'losses.computeWeightedLoss', label: 'SUM, empty', inputs: [{ shape: [0, 3] }], fn: (l) => fx.losses.computeWeightedLoss(l!, null, R.SUM) },
  {
    op: 'losses.absoluteDifference',
    inputs: [{ shape: [2, 3], range: [-1, 0] }, { shape: [2, 3], range: [0.5, 1.5] }, { shape: [2, 1] }],
    fn: (l, p, w) => fx.losses.absoluteDifference(l!, p!, w!),
  },
  {
    op: 'losses.meanSquaredError',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [3] }],
    fn: (l, p, w) => fx.losses.meanSquaredError(l!, p!, w!, R.MEAN),
    secondOrder: true,
  },
  {
    op: 'losses.huberLoss',
    inputs: [{ shape: [6], values: [0, 0, 0, 0, 0, 0], constant: true }, { shape: [6], values: [-2.5, -0.5, 0.3, 0.8, 1.4, 3] }],
    fn: (l, p) => fx.losses.huberLoss(l!, p!, undefined, 1.1, R.SUM),
  },
  {
    op: 'losses.logLoss',
    inputs: [{ shape: [2, 3], range: [0, 1] }, { shape: [2, 3], range: [0.1, 0.9] }],
    fn: (l, p) => fx.losses.logLoss(l!, p!),
    secondOrder: true,
  },
  {
    op: 'losses.hingeLoss',
    inputs: [{ shape: [6], values: [0, 1, 0, 1, 1, 0], constant: true }, { shape: [6], values: [-1.5, 0.5, -0.4, 2, -0.3, 1.7] }, { shape: [6] }],
    fn: (l, p, w) => fx.losses.hingeLoss(l!, p!, w!, R.SUM),
  },
  {
    op: 'losses.cosineDistance',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 1] }],
    fn: (l, p, w) => fx.losses.cosineDistance(l!, p!, 1, w!),
    secondOrder: true,
  },
  {
    op: 'losses.softmaxCrossEntropy',
    inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4] }, { shape: [3] }],
    fn: (l, x, w) => fx.losses.softmaxCrossEntropy(l!, x!, w!, 0.1),
    secondOrder: true,
  },
  {
    op: 'losses.sigmoidCrossEntropy',
    inputs: [{ shape: [2, 3], range: [0, 1] }, { shape: [2, 3] }],
    fn: (l, x) => fx.losses.sigmoidCrossEntropy(l!, x!, undefined, 0.2, R.MEAN),
    secondOrder: true,
  },
  // ---- image resizing
  { op: 'resizeBilinear', inputs: [{ shape: [1, 3, 3, 2] }], fn: (x) => fx.image.resizeBilinear(x!, [5, 4]), secondOrder: true },
  { op: 'resizeBilinear', label: 'alignCorners, rank 3', inputs: [{ shape: [3, 2, 1] }], fn: (x) => fx.image.resizeBilinear(x!, [4, 5], true) },
  { op: 'resizeBilinear', label: 'halfPixelCenters, downsampling', inputs: [{ shape: [2, 4, 5, 1] }], fn: (x) => fx.image.resizeBilinear(x!, [3, 2], false, true) },
  {
    op: 'resizeBilinear',
    label: 'its backward (resizeBilinearGrad)',
    inputs: [{ shape: [1, 3, 2, 1], constant: true }, { shape: [1, 4, 5, 1] }],
    fn: (x, v) => backwardOf((t) => fx.image.resizeBilinear(t, [4, 5], false, true))(x!, v!),
    secondOrder: true,
  },
  { op: 'resizeNearestNeighbor', inputs: [{ shape: [1, 3, 3, 2] }], fn: (x) => fx.image.resizeNearestNeighbor(x!, [5, 4]), secondOrder: true },
  { op: 'resizeNearestNeighbor', label: 'alignCorners, rank 3', inputs: [{ shape: [3, 2, 1] }], fn: (x) => fx.image.resizeNearestNeighbor(x!, [4, 5], true) },
  { op: 'resizeNearestNeighbor', label: 'halfPixelCenters, downsampling', inputs: [{ shape: [1, 5, 4, 2] }], fn: (x) => fx.image.resizeNearestNeighbor(x!, [2, 3], false, true) },
  {
    op: 'resizeNearestNeighbor',
    label: 'its backward (resizeNearestNeighborGrad)',
    inputs: [{ shape: [1, 3, 2, 1], constant: true }, { shape: [1, 5, 3, 1] }],
    fn: (x, v) => backwardOf((t) => fx.image.resizeNearestNeighbor(t, [5, 3], true))(x!, v!),
    secondOrder: true,
  },
];
