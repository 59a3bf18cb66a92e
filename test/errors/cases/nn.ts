import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the nn family: pooling, normalization, dropout, cross-entropies, losses, image resizing. */
export const cases: ErrorCase[] = [
  // ---- pooling
  {
    name: 'maxPool of a rank-2 tensor',
    fn: () => fx.maxPool(fx.ones([4, 4]), 2, 2, 'valid'),
    message:
      'maxPool: x must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], but has rank 2 (shape [4,4]). ' +
      'Add the missing dimensions with expandDims or reshape.',
  },
  {
    name: 'maxPool with a zero filter size',
    fn: () => fx.maxPool(fx.ones([1, 4, 4, 1]), [2, 0], 1, 'valid'),
    message: 'maxPool: filterSize must be a positive integer or an array of 2 positive integers [filterHeight, filterWidth], but received [2,0].',
  },
  {
    name: 'avgPool with three strides',
    fn: () => fx.avgPool(fx.ones([1, 4, 4, 1]), 2, [1, 1, 1] as unknown as [number, number], 'valid'),
    message: 'avgPool: strides must be a positive integer or an array of 2 positive integers [strideHeight, strideWidth], but received [1,1,1].',
  },
  {
    name: 'avgPool with an unknown padding',
    fn: () => fx.avgPool(fx.ones([1, 4, 4, 1]), 2, 2, 'full' as unknown as 'same'),
    message:
      "avgPool: pad must be 'valid', 'same', a non-negative integer, or explicit padding [[0,0],[top,bottom],[left,right],[0,0]], " +
      'but received "full".',
  },
  {
    name: 'maxPool with dimRoundingMode and same padding',
    fn: () => fx.maxPool(fx.ones([1, 4, 4, 1]), 2, 2, 'same', 'ceil'),
    message: "maxPool: dimRoundingMode 'ceil' applies only to a numeric or explicit pad, but pad is \"same\". Give pad as a number, or leave dimRoundingMode out.",
  },
  {
    name: 'maxPool window larger than the input',
    fn: () => fx.maxPool(fx.ones([1, 2, 5, 1]), 3, 1, 'valid'),
    message: "maxPool: the 3x3 window does not fit in the input (height 2, width 5) with pad \"valid\"; use pad 'same', add padding, or use a smaller filterSize.",
  },
  {
    name: 'maxPool explicit padding of the channels',
    fn: () => fx.maxPool(fx.ones([1, 4, 4, 1]), 2, 2, [[0, 0], [1, 1], [1, 1], [0, 1]]),
    message: 'maxPool: explicit padding must not pad the batch or channel dimensions, but received [[0,0],[1,1],[1,1],[0,1]]; use [[0,0],[top,bottom],[left,right],[0,0]].',
  },
  {
    name: 'maxPool of a bool tensor',
    fn: () => fx.maxPool(fx.tensor([true, false, true, false], [1, 2, 2, 1]), 1, 1, 'valid'),
    message: "maxPool: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'maxPool3d of a rank-3 tensor',
    fn: () => fx.maxPool3d(fx.ones([4, 4, 4]), 2, 2, 'valid'),
    message:
      'maxPool3d: x must be rank 5 [batch, depth, height, width, channels] or rank 4 [depth, height, width, channels], but has rank 3 ' +
      '(shape [4,4,4]). Add the missing dimensions with expandDims or reshape.',
  },
  {
    name: 'avgPool3d with NCDHW data',
    fn: () => fx.avgPool3d(fx.ones([1, 1, 4, 4, 4]), 2, 2, 'valid', undefined, 'NCDHW'),
    message: "avgPool3d: dataFormat must be 'NDHWC' (channels last), but received \"NCDHW\". Transpose NCDHW input with transpose(x, [0, 2, 3, 4, 1]).",
  },
  // ---- normalization
  {
    name: 'batchNorm with a mean that does not match the channels',
    fn: () => fx.batchNorm(fx.ones([2, 4]), fx.zeros([3]), fx.ones([4])),
    message:
      "batchNorm: mean has shape [3], which does not broadcast to x's shape [2,4]; expected [4] (one value per channel, the last axis of x) " +
      'or a shape that broadcasts to [2,4].',
  },
  {
    name: 'batchNorm with a negative varianceEpsilon',
    fn: () => fx.batchNorm(fx.ones([2, 4]), 0, 1, null, null, -1),
    message: 'batchNorm: varianceEpsilon must be a non-negative number, but received number -1.',
  },
  {
    name: 'localResponseNormalization of a rank-2 tensor',
    fn: () => fx.localResponseNormalization(fx.ones([3, 4])),
    message: 'localResponseNormalization: x must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], but has rank 2 (shape [3,4]).',
  },
  {
    name: 'localResponseNormalization with a fractional depthRadius',
    fn: () => fx.localResponseNormalization(fx.ones([1, 2, 2, 4]), 2.5),
    message: 'localResponseNormalization: depthRadius must be a non-negative integer, but received number 2.5.',
  },
  // ---- dropout
  {
    name: 'dropout with rate 1',
    fn: () => fx.dropout(fx.ones([4]), 1),
    message: 'dropout: rate must be a number in [0, 1) (the fraction of values dropped), but received number 1.',
  },
  {
    name: 'dropout of an int32 tensor',
    fn: () => fx.dropout(fx.tensor([1, 2], [2], 'int32'), 0.5),
    message:
      "dropout: argument 'x' must have dtype float32 or float64, but has dtype int32. dropout scales the kept values by 1 / (1 - rate); " +
      "cast x first, e.g. fx.cast(x, 'float32').",
  },
  {
    name: 'dropout with a noiseShape that does not broadcast',
    fn: () => fx.dropout(fx.ones([4, 3]), 0.5, [2, 1]),
    message:
      "dropout: noiseShape [2,1] does not broadcast to x's shape [4,3]; each of its dimensions must equal the matching dimension of x " +
      '(aligned from the right) or be 1.',
  },
  // ---- cross-entropies
  {
    name: 'softmaxCrossEntropyWithLogits with mismatched shapes',
    fn: () => fx.softmaxCrossEntropyWithLogits(fx.ones([2, 3]), fx.ones([2, 4])),
    message: 'softmaxCrossEntropyWithLogits: labels and logits must have the same shape, but labels has shape [2,3] and logits has shape [2,4].',
  },
  {
    name: 'softmaxCrossEntropyWithLogits with an out-of-range axis',
    fn: () => fx.softmaxCrossEntropyWithLogits(fx.ones([2, 3]), fx.ones([2, 3]), 2),
    message: 'softmaxCrossEntropyWithLogits: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'sigmoidCrossEntropyWithLogits with mismatched shapes',
    fn: () => fx.sigmoidCrossEntropyWithLogits(fx.ones([3]), fx.ones([3, 1])),
    message: 'sigmoidCrossEntropyWithLogits: labels and logits must have the same shape, but labels has shape [3] and logits has shape [3,1].',
  },
  // ---- losses
  {
    name: 'losses.meanSquaredError with mismatched shapes',
    fn: () => fx.losses.meanSquaredError(fx.ones([2, 3]), fx.ones([3])),
    message: 'losses.meanSquaredError: labels and predictions must have the same shape, but labels has shape [2,3] and predictions has shape [3].',
  },
  {
    name: 'losses.absoluteDifference with weights that do not broadcast',
    fn: () => fx.losses.absoluteDifference(fx.ones([2, 3]), fx.ones([2, 3]), fx.ones([2])),
    message:
      "losses.absoluteDifference: weights has shape [2], which does not broadcast to the losses' shape [2,3]; " +
      "use a scalar, a shape with size-1 dimensions, or the losses' shape.",
  },
  {
    name: 'losses.computeWeightedLoss with an unknown reduction',
    fn: () => fx.losses.computeWeightedLoss(fx.ones([3]), null, 7 as fx.losses.Reduction),
    message:
      'losses.computeWeightedLoss: reduction must be Reduction.NONE, Reduction.MEAN, Reduction.SUM or Reduction.SUM_BY_NONZERO_WEIGHTS, ' +
      'but received number 7.',
  },
  {
    name: 'losses.softmaxCrossEntropy with labelSmoothing above 1',
    fn: () => fx.losses.softmaxCrossEntropy(fx.ones([2, 3]), fx.ones([2, 3]), null, 1.5),
    message: 'losses.softmaxCrossEntropy: labelSmoothing must be a number in [0, 1], but received number 1.5.',
  },
  {
    name: 'losses.cosineDistance with an out-of-range axis',
    fn: () => fx.losses.cosineDistance(fx.ones([2, 3]), fx.ones([2, 3]), -3),
    message: 'losses.cosineDistance: axis -3 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'losses.huberLoss with a zero delta',
    fn: () => fx.losses.huberLoss(fx.ones([3]), fx.ones([3]), null, 0),
    message: 'losses.huberLoss: delta must be a positive number, but received number 0.',
  },
  // ---- image
  {
    name: 'resizeBilinear of a rank-2 image',
    fn: () => fx.image.resizeBilinear(fx.ones([4, 4]), [8, 8]),
    message:
      'resizeBilinear: images must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], but has rank 2 (shape [4,4]). ' +
      'Add a channels dimension with expandDims(images, -1).',
  },
  {
    name: 'resizeBilinear with a one-element size',
    fn: () => fx.image.resizeBilinear(fx.ones([4, 4, 1]), [8] as unknown as [number, number]),
    message: 'resizeBilinear: size must be [newHeight, newWidth], two positive integers, but received [8].',
  },
  {
    name: 'resizeNearestNeighbor with alignCorners and halfPixelCenters',
    fn: () => fx.image.resizeNearestNeighbor(fx.ones([4, 4, 1]), [8, 8], true, true),
    message: 'resizeNearestNeighbor: alignCorners and halfPixelCenters cannot both be true; set alignCorners to false to use half-pixel centers.',
  },
  {
    name: 'resizeNearestNeighbor of a bool image',
    fn: () => fx.image.resizeNearestNeighbor(fx.tensor([true, false, true, false], [2, 2, 1]), [4, 4]),
    message: "resizeNearestNeighbor: argument 'images' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'resizeBilinear of an image with zero height',
    fn: () => fx.image.resizeBilinear(fx.ones([1, 0, 4, 3]), [2, 2]),
    message: 'resizeBilinear: images must have a non-zero height and width to be resized, but have shape [1,0,4,3].',
  },
];
