import type { Tensor, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

// TensorFlow.js types pooling, LRN and resize inputs by rank (3-or-4 / 4-or-5); the harness hands
// over rank-generic tensors.
const t4 = (t: Tensor | undefined): Tensor4D => t as Tensor4D;
const t5 = (t: Tensor | undefined): Tensor5D => t as Tensor5D;

const FR = fx.losses.Reduction;

/** Rows of the nn family: pooling, normalization, cross-entropies, tf.losses, tf.image resizing. */
export const cases: DiffCase[] = [
  // ---- maxPool / avgPool
  { op: 'maxPool', label: 'valid 2x2 stride 2', inputs: [{ shape: [2, 6, 6, 3] }], fx: (x) => fx.maxPool(x!, 2, 2, 'valid'), tf: (tf, x) => tf.maxPool(t4(x), 2, 2, 'valid') },
  { op: 'maxPool', label: 'same 3x3 stride 2', inputs: [{ shape: [1, 7, 5, 2] }], fx: (x) => fx.maxPool(x!, 3, 2, 'same'), tf: (tf, x) => tf.maxPool(t4(x), 3, 2, 'same') },
  { op: 'maxPool', label: 'rank 3, [2,3] filter, [1,2] strides', inputs: [{ shape: [5, 6, 2] }], fx: (x) => fx.maxPool(x!, [2, 3], [1, 2], 'valid'), tf: (tf, x) => tf.maxPool(t4(x), [2, 3], [1, 2], 'valid') },
  { op: 'maxPool', label: 'pad 1, ceil', inputs: [{ shape: [1, 6, 5, 2] }], fx: (x) => fx.maxPool(x!, 3, 2, 1, 'ceil'), tf: (tf, x) => tf.maxPool(t4(x), 3, 2, 1, 'ceil') },
  {
    op: 'maxPool',
    label: 'explicit padding',
    inputs: [{ shape: [1, 5, 5, 1] }],
    fx: (x) => fx.maxPool(x!, 2, 2, [[0, 0], [1, 0], [0, 1], [0, 0]]),
    tf: (tf, x) => tf.maxPool(t4(x), 2, 2, [[0, 0], [1, 0], [0, 1], [0, 0]]),
  },
  { op: 'maxPool', label: 'int32', inputs: [{ shape: [1, 4, 4, 2], dtype: 'int32' }], fx: (x) => fx.maxPool(x!, 2, 1, 'same'), tf: (tf, x) => tf.maxPool(t4(x), 2, 1, 'same') },
  { op: 'avgPool', label: 'valid 2x2 stride 2', inputs: [{ shape: [2, 6, 6, 3] }], fx: (x) => fx.avgPool(x!, 2, 2, 'valid'), tf: (tf, x) => tf.avgPool(t4(x), 2, 2, 'valid') },
  { op: 'avgPool', label: 'same 3x3 stride 2 (valid-count divisor)', inputs: [{ shape: [1, 7, 5, 2] }], fx: (x) => fx.avgPool(x!, 3, 2, 'same'), tf: (tf, x) => tf.avgPool(t4(x), 3, 2, 'same') },
  { op: 'avgPool', label: 'same 2x2 stride 1', inputs: [{ shape: [2, 4, 5, 1] }], fx: (x) => fx.avgPool(x!, 2, 1, 'same'), tf: (tf, x) => tf.avgPool(t4(x), 2, 1, 'same') },
  // square filter and strides with a numeric pad: TensorFlow.js sizes both output dimensions from the
  // filter height and stride height in that mode (Fluxion sizes each from its own)
  { op: 'avgPool', label: 'rank 3, pad 1, floor', inputs: [{ shape: [6, 5, 3] }], fx: (x) => fx.avgPool(x!, 3, 2, 1, 'floor'), tf: (tf, x) => tf.avgPool(t4(x), 3, 2, 1, 'floor') },
  {
    op: 'avgPool',
    label: 'explicit padding',
    inputs: [{ shape: [1, 4, 6, 2] }],
    fx: (x) => fx.avgPool(x!, [2, 3], [2, 3], [[0, 0], [0, 2], [1, 2], [0, 0]]),
    tf: (tf, x) => tf.avgPool(t4(x), [2, 3], [2, 3], [[0, 0], [0, 2], [1, 2], [0, 0]]),
  },
  { op: 'maxPool3d', label: 'valid', inputs: [{ shape: [1, 4, 4, 4, 2] }], fx: (x) => fx.maxPool3d(x!, 2, 2, 'valid'), tf: (tf, x) => tf.maxPool3d(t5(x), 2, 2, 'valid') },
  { op: 'maxPool3d', label: 'same, unbatched', inputs: [{ shape: [3, 5, 4, 1] }], fx: (x) => fx.maxPool3d(x!, [2, 3, 2], [1, 2, 2], 'same'), tf: (tf, x) => tf.maxPool3d(t5(x), [2, 3, 2], [1, 2, 2], 'same') },
  { op: 'avgPool3d', label: 'valid', inputs: [{ shape: [2, 4, 3, 4, 1] }], fx: (x) => fx.avgPool3d(x!, 2, 1, 'valid'), tf: (tf, x) => tf.avgPool3d(t5(x), 2, 1, 'valid') },
  { op: 'avgPool3d', label: 'same', inputs: [{ shape: [1, 3, 5, 4, 2] }], fx: (x) => fx.avgPool3d(x!, [3, 2, 3], 2, 'same'), tf: (tf, x) => tf.avgPool3d(t5(x), [3, 2, 3], 2, 'same') },
  // ---- normalization
  {
    op: 'batchNorm',
    label: 'rank 4, per-channel parameters',
    inputs: [{ shape: [2, 3, 3, 4] }, { shape: [4] }, { shape: [4], range: [0.2, 2] }, { shape: [4] }, { shape: [4] }],
    fx: (x, m, v, o, s) => fx.batchNorm(x!, m!, v!, o!, s!),
    tf: (tf, x, m, v, o, s) => tf.batchNorm(x!, m!, v!, o!, s!),
  },
  {
    op: 'batchNorm',
    label: 'rank 2, no offset or scale, epsilon 0.1',
    inputs: [{ shape: [5, 3] }, { shape: [3] }, { shape: [3], range: [0.2, 2] }],
    fx: (x, m, v) => fx.batchNorm(x!, m!, v!, undefined, undefined, 0.1),
    tf: (tf, x, m, v) => tf.batchNorm(x!, m!, v!, undefined, undefined, 0.1),
  },
  {
    op: 'batchNorm',
    label: 'full-rank parameters',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3], range: [0.2, 2] }, { shape: [2, 3] }, { shape: [2, 3] }],
    fx: (x, m, v, o, s) => fx.batchNorm(x!, m!, v!, o!, s!),
    tf: (tf, x, m, v, o, s) => tf.batchNorm(x!, m!, v!, o!, s!),
  },
  {
    op: 'localResponseNormalization',
    label: 'defaults',
    inputs: [{ shape: [2, 3, 3, 8] }],
    fx: (x) => fx.localResponseNormalization(x!),
    tf: (tf, x) => tf.localResponseNormalization(t4(x)),
  },
  {
    op: 'localResponseNormalization',
    label: 'rank 3, radius 2, bias 2, alpha 0.3, beta 0.75',
    inputs: [{ shape: [3, 2, 6] }],
    fx: (x) => fx.localResponseNormalization(x!, 2, 2, 0.3, 0.75),
    tf: (tf, x) => tf.localResponseNormalization(t4(x), 2, 2, 0.3, 0.75),
  },
  // ---- dropout: the two random generators differ, so only the certain draw (rate 0) is compared;
  // statistics, scaling and seeding are tested in test/ops/nn.test.ts
  { op: 'dropout', label: 'rate 0 is the identity', inputs: [{ shape: [3, 4] }], fx: (x) => fx.dropout(x!, 0), tf: (tf, x) => tf.dropout(x!, 0) },
  // ---- cross-entropies on logits (per-example losses of tf.losses, reduction NONE)
  {
    op: 'softmaxCrossEntropyWithLogits',
    inputs: [{ shape: [4, 5], range: [0, 1] }, { shape: [4, 5], range: [-5, 5] }],
    fx: (z, x) => fx.softmaxCrossEntropyWithLogits(z!, x!),
    tf: (tf, z, x) => tf.losses.softmaxCrossEntropy(z!, x!, undefined, 0, tf.Reduction.NONE),
  },
  {
    op: 'sigmoidCrossEntropyWithLogits',
    inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4], range: [-8, 8] }],
    fx: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!),
    tf: (tf, z, x) => tf.losses.sigmoidCrossEntropy(z!, x!, undefined, 0, tf.Reduction.NONE),
  },
  // ---- tf.losses
  {
    op: 'losses.computeWeightedLoss',
    label: 'default reduction with weights',
    inputs: [{ shape: [3, 4] }, { shape: [3, 1], range: [0, 2] }],
    fx: (l, w) => fx.losses.computeWeightedLoss(l!, w!),
    tf: (tf, l, w) => tf.losses.computeWeightedLoss(l!, w!),
  },
  {
    op: 'losses.computeWeightedLoss',
    label: 'MEAN with weights',
    inputs: [{ shape: [3, 4] }, { shape: [4], range: [0.5, 2] }],
    fx: (l, w) => fx.losses.computeWeightedLoss(l!, w!, FR.MEAN),
    tf: (tf, l, w) => tf.losses.computeWeightedLoss(l!, w!, tf.Reduction.MEAN),
  },
  {
    op: 'losses.computeWeightedLoss',
    label: 'MEAN, SUM and NONE without weights',
    inputs: [{ shape: [2, 5] }],
    fx: (l) => [fx.losses.computeWeightedLoss(l!, null, FR.MEAN), fx.losses.computeWeightedLoss(l!, null, FR.SUM), fx.losses.computeWeightedLoss(l!, null, FR.NONE)],
    tf: (tf, l) => [
      tf.losses.computeWeightedLoss(l!, undefined, tf.Reduction.MEAN),
      tf.losses.computeWeightedLoss(l!, undefined, tf.Reduction.SUM),
      tf.losses.computeWeightedLoss(l!, undefined, tf.Reduction.NONE),
    ],
  },
  {
    op: 'losses.absoluteDifference',
    inputs: [{ shape: [3, 4] }, { shape: [3, 4] }, { shape: [3, 1] }],
    fx: (l, p, w) => fx.losses.absoluteDifference(l!, p!, w!),
    tf: (tf, l, p, w) => tf.losses.absoluteDifference(l!, p!, w!),
  },
  {
    op: 'losses.meanSquaredError',
    inputs: [{ shape: [3, 4] }, { shape: [3, 4] }],
    fx: (l, p) => [fx.losses.meanSquaredError(l!, p!), fx.losses.meanSquaredError(l!, p!, undefined, FR.SUM)],
    tf: (tf, l, p) => [tf.losses.meanSquaredError(l!, p!), tf.losses.meanSquaredError(l!, p!, undefined, tf.Reduction.SUM)],
  },
  {
    op: 'losses.huberLoss',
    inputs: [{ shape: [4, 3], range: [-3, 3] }, { shape: [4, 3], range: [-3, 3] }, { shape: [4, 3], range: [0, 1] }],
    fx: (l, p, w) => fx.losses.huberLoss(l!, p!, w!, 1.5, FR.MEAN),
    tf: (tf, l, p, w) => tf.losses.huberLoss(l!, p!, w!, 1.5, tf.Reduction.MEAN),
  },
  {
    op: 'losses.logLoss',
    inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4], range: [0.02, 0.98] }],
    fx: (l, p) => [fx.losses.logLoss(l!, p!), fx.losses.logLoss(l!, p!, undefined, 1e-3, FR.NONE)],
    tf: (tf, l, p) => [tf.losses.logLoss(l!, p!), tf.losses.logLoss(l!, p!, undefined, 1e-3, tf.Reduction.NONE)],
  },
  {
    op: 'losses.hingeLoss',
    inputs: [{ shape: [6], values: [0, 1, 1, 0, 1, 0] }, { shape: [6], range: [-2, 2] }],
    fx: (l, p) => [fx.losses.hingeLoss(l!, p!), fx.losses.hingeLoss(l!, p!, undefined, FR.NONE)],
    tf: (tf, l, p) => [tf.losses.hingeLoss(l!, p!), tf.losses.hingeLoss(l!, p!, undefined, tf.Reduction.NONE)],
  },
  {
    op: 'losses.cosineDistance',
    inputs: [{ shape: [3, 4] }, { shape: [3, 4] }, { shape: [3, 1], range: [0, 1] }],
    fx: (l, p, w) => [fx.losses.cosineDistance(l!, p!, 1, w!), fx.losses.cosineDistance(l!, p!, 0, undefined, FR.NONE)],
    tf: (tf, l, p, w) => [tf.losses.cosineDistance(l!, p!, 1, w!), tf.losses.cosineDistance(l!, p!, 0, undefined, tf.Reduction.NONE)],
  },
  {
    op: 'losses.softmaxCrossEntropy',
    label: 'label smoothing, per-example weights',
    inputs: [{ shape: [4, 3], range: [0, 1] }, { shape: [4, 3] }, { shape: [4], range: [0, 2] }],
    fx: (l, x, w) => fx.losses.softmaxCrossEntropy(l!, x!, w!, 0.2),
    tf: (tf, l, x, w) => tf.losses.softmaxCrossEntropy(l!, x!, w!, 0.2),
  },
  {
    op: 'losses.sigmoidCrossEntropy',
    label: 'label smoothing, SUM',
    inputs: [{ shape: [3, 4], range: [0, 1] }, { shape: [3, 4], range: [-4, 4] }],
    fx: (l, x) => fx.losses.sigmoidCrossEntropy(l!, x!, undefined, 0.1, FR.SUM),
    tf: (tf, l, x) => tf.losses.sigmoidCrossEntropy(l!, x!, undefined, 0.1, tf.Reduction.SUM),
  },
  // ---- tf.image
  { op: 'resizeBilinear', label: 'upsample', inputs: [{ shape: [2, 3, 4, 2] }], fx: (x) => fx.image.resizeBilinear(x!, [7, 5]), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [7, 5]) },
  { op: 'resizeBilinear', label: 'alignCorners', inputs: [{ shape: [1, 4, 3, 1] }], fx: (x) => fx.image.resizeBilinear(x!, [6, 7], true), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [6, 7], true) },
  { op: 'resizeBilinear', label: 'halfPixelCenters', inputs: [{ shape: [1, 4, 3, 3] }], fx: (x) => fx.image.resizeBilinear(x!, [7, 5], false, true), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [7, 5], false, true) },
  { op: 'resizeBilinear', label: 'downsample, rank 3, halfPixelCenters', inputs: [{ shape: [7, 6, 2] }], fx: (x) => fx.image.resizeBilinear(x!, [3, 4], false, true), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [3, 4], false, true) },
  { op: 'resizeBilinear', label: 'int32 input gives float32', inputs: [{ shape: [1, 2, 3, 1], dtype: 'int32' }], fx: (x) => fx.image.resizeBilinear(x!, [3, 5], true), tf: (tf, x) => tf.image.resizeBilinear(t4(x), [3, 5], true) },
  { op: 'resizeNearestNeighbor', label: 'upsample', inputs: [{ shape: [2, 3, 4, 2] }], fx: (x) => fx.image.resizeNearestNeighbor(x!, [7, 5]), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [7, 5]) },
  { op: 'resizeNearestNeighbor', label: 'alignCorners', inputs: [{ shape: [1, 4, 3, 1] }], fx: (x) => fx.image.resizeNearestNeighbor(x!, [6, 7], true), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [6, 7], true) },
  { op: 'resizeNearestNeighbor', label: 'halfPixelCenters', inputs: [{ shape: [1, 4, 3, 3] }], fx: (x) => fx.image.resizeNearestNeighbor(x!, [7, 5], false, true), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [7, 5], false, true) },
  { op: 'resizeNearestNeighbor', label: 'downsample, rank 3, int32', inputs: [{ shape: [7, 6, 2], dtype: 'int32' }], fx: (x) => fx.image.resizeNearestNeighbor(x!, [3, 4], false, true), tf: (tf, x) => tf.image.resizeNearestNeighbor(t4(x), [3, 4], false, true) },
];
