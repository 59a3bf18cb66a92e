/**
 * TensorFlow.js's tf.losses namespace: per-element losses reduced by computeWeightedLoss with a
 * Reduction (default SUM_BY_NONZERO_WEIGHTS: the weighted sum divided by the number of non-zero
 * weights). Divisions by a zero count give 0, as TensorFlow's losses do (div_no_nan). All losses
 * are differentiable in predictions/logits, labels and weights.
 */
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { normalizeAxis } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import { add, div, equal, greater, less, lessEqual, mul, notEqual, sub, where } from './binary.js';
import { castTo, convertToTensor } from './convert.js';
import { onesLike, scalar, zerosLike } from './creation.js';
import { sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from './nn.js';
import { defineOp } from './registry.js';
import { sum } from './reduction.js';
import { broadcastTo } from './shape.js';
import { log, neg, square } from './unary.js';

/** How computeWeightedLoss reduces the weighted per-element losses (TensorFlow.js's values). */
export enum Reduction {
  /** No reduction: the weighted losses, elementwise. */
  NONE = 0,
  /** Weighted mean: sum(weights * losses) / sum(weights broadcast to the losses). */
  MEAN = 1,
  /** sum(weights * losses). */
  SUM = 2,
  /** sum(weights * losses) / the number of non-zero weights (broadcast to the losses). */
  SUM_BY_NONZERO_WEIGHTS = 3,
}

type Weights = TensorLike | null | undefined;

/** Converts the arguments (null/undefined entries stay null) and promotes them to one float dtype. */
function floatOperands(op: string, args: readonly (readonly [string, TensorLike | null | undefined])[]): (Tensor | null)[] {
  const given = args.map(([name, v]) => (v instanceof Tensor ? convertToTensor(v, name, op) : null));
  const dtype: DType = given.some((t) => t?.dtype === 'float64') ? 'float64' : 'float32';
  return args.map(([name, v], i) => (v === null || v === undefined ? null : castTo(given[i] ?? convertToTensor(v, name, op, dtype), dtype)));
}

function sameShape(op: string, [na, a]: [string, Tensor], [nb, b]: [string, Tensor]): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new FluxionError(
      `${op}: ${na} and ${nb} must have the same shape, but ${na} has shape ${fmtShape(a.shape)} and ${nb} has shape ${fmtShape(b.shape)}.`,
    );
  }
}

/** Converts labels-like and predictions-like arguments (same shape) and the optional weights. */
function lossOperands(
  op: string,
  a: [string, TensorLike],
  b: [string, TensorLike],
  weights: Weights,
): [Tensor, Tensor, Tensor | null] {
  const [ta, tb, tw] = floatOperands(op, [a, b, ['weights', weights]]) as [Tensor, Tensor, Tensor | null];
  sameShape(op, [a[0], ta], [b[0], tb]);
  return [ta, tb, tw];
}

function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction !== Reduction.NONE && reduction !== Reduction.MEAN && reduction !== Reduction.SUM && reduction !== Reduction.SUM_BY_NONZERO_WEIGHTS) {
    throw new FluxionError(
      `${op}: reduction must be Reduction.NONE, Reduction.MEAN, Reduction.SUM or Reduction.SUM_BY_NONZERO_WEIGHTS, ` +
        `but received ${describeValue(reduction)}.`,
    );
  }
  return reduction;
}

function checkNumber(op: string, arg: string, value: unknown, lo: number, hi: number, what: string): number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new FluxionError(`${op}: ${arg} must be ${what}, but received ${describeValue(value)}.`);
  }
  return value;
}

/** num / den, or 0 where den is 0 (TensorFlow's div_no_nan), with gradients that stay finite. */
function divNoNan(num: Tensor, den: Tensor): Tensor {
  const isZero = equal(den, 0);
  return where(isZero, zerosLike(num), div(num, where(isZero, onesLike(den), den)));
}

/** |x| with TensorFlow's subgradient 0 at 0. */
function absolute(x: Tensor): Tensor {
  const zero = zerosLike(x);
  return where(greater(x, 0), x, where(less(x, 0), neg(x), zero));
}

/** max(x, 0) with gradient 0 at 0. */
function relu(x: Tensor): Tensor {
  return where(greater(x, 0), x, zerosLike(x));
}

/** Applies the weights and the reduction; `op` names the calling loss in errors. */
function reduceLosses(op: string, losses: Tensor, weights: Tensor | null, reduction: unknown): Tensor {
  const r = checkReduction(op, reduction);
  if (weights !== null) {
    const offset = losses.rank - weights.rank;
    if (offset < 0 || weights.shape.some((d, i) => d !== 1 && d !== losses.shape[i + offset])) {
      throw new FluxionError(
        `${op}: weights has shape ${fmtShape(weights.shape)}, which does not broadcast to the losses' shape ${fmtShape(losses.shape)}; ` +
          'use a scalar, a shape with size-1 dimensions, or the losses\' shape.',
      );
    }
  }
  const weighted = weights === null ? losses : mul(losses, weights);
  if (weights === null && losses.size > 0 && (r === Reduction.MEAN || r === Reduction.SUM_BY_NONZERO_WEIGHTS)) {
    // Unweighted: the count is the (non-zero) number of losses, so a plain division gives div_no_nan's value
    // with two ops instead of seven (this is every training step of a model compiled with a loss).
    return div(sum(weighted), scalar(losses.size, losses.dtype));
  }
  switch (r) {
    case Reduction.NONE:
      return weighted;
    case Reduction.SUM:
      return sum(weighted);
    case Reduction.MEAN:
      return divNoNan(sum(weighted), weights === null ? scalar(losses.size, losses.dtype) : sum(broadcastTo(weights, losses.shape)));
    case Reduction.SUM_BY_NONZERO_WEIGHTS: {
      const count =
        weights === null
          ? scalar(losses.size, losses.dtype)
          : sum(castTo(notEqual(broadcastTo(weights, losses.shape), 0), losses.dtype));
      return divNoNan(sum(weighted), count);
    }
  }
}

/**
 * Weights and reduces per-element losses: weights (broadcast to the losses' shape) multiply the
 * losses, then `reduction` applies (see Reduction).
 */
export const computeWeightedLoss = defineOp(
  { name: 'losses.computeWeightedLoss', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (losses: TensorLike, weights?: Weights, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.computeWeightedLoss';
    const [$losses, $weights] = floatOperands(op, [['losses', losses], ['weights', weights]]) as [Tensor, Tensor | null];
    return reduceLosses(op, $losses, $weights, reduction);
  },
);

/** Absolute difference |labels - predictions|, weighted and reduced. */
export const absoluteDifference = defineOp(
  { name: 'losses.absoluteDifference', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, weights?: Weights, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.absoluteDifference';
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    return reduceLosses(op, absolute(sub(l, p)), w, reduction);
  },
);

/** Squared error (labels - predictions)^2, weighted and reduced. */
export const meanSquaredError = defineOp(
  { name: 'losses.meanSquaredError', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, weights?: Weights, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.meanSquaredError';
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    return reduceLosses(op, square(sub(l, p)), w, reduction);
  },
);

/**
 * Huber loss: 0.5 e^2 where e = |predictions - labels| <= delta, else delta (e - 0.5 delta);
 * weighted and reduced.
 */
export const huberLoss = defineOp(
  { name: 'losses.huberLoss', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, weights?: Weights, delta = 1, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.huberLoss';
    checkNumber(op, 'delta', delta, Number.MIN_VALUE, Number.MAX_VALUE, 'a positive number');
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    const error = absolute(sub(p, l));
    const d = scalar(delta, error.dtype);
    const quadratic = where(lessEqual(error, d), error, d);
    const linear = sub(error, quadratic);
    return reduceLosses(op, add(mul(square(quadratic), 0.5), mul(linear, delta)), w, reduction);
  },
);

/**
 * Log loss (binary cross-entropy on probabilities):
 * -labels log(predictions + epsilon) - (1 - labels) log(1 - predictions + epsilon); weighted and reduced.
 */
export const logLoss = defineOp(
  { name: 'losses.logLoss', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, weights?: Weights, epsilon = 1e-7, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.logLoss';
    checkNumber(op, 'epsilon', epsilon, 0, Number.MAX_VALUE, 'a non-negative number');
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    const positive = mul(l, log(add(p, epsilon)));
    const negative = mul(sub(1, l), log(add(sub(1, p), epsilon)));
    return reduceLosses(op, neg(add(positive, negative)), w, reduction);
  },
);

/** Hinge loss max(0, 1 - (2 labels - 1) predictions) for labels in {0, 1}; weighted and reduced. */
export const hingeLoss = defineOp(
  { name: 'losses.hingeLoss', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, weights?: Weights, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.hingeLoss';
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    const signs = sub(mul(l, 2), 1);
    return reduceLosses(op, relu(sub(1, mul(signs, p))), w, reduction);
  },
);

/**
 * Cosine distance 1 - sum(labels * predictions, axis) (keeping `axis` as size 1), for labels and
 * predictions already normalized to unit length along `axis`; weighted and reduced.
 */
export const cosineDistance = defineOp(
  { name: 'losses.cosineDistance', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (labels: TensorLike, predictions: TensorLike, axis: number, weights?: Weights, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.cosineDistance';
    const [l, p, w] = lossOperands(op, ['labels', labels], ['predictions', predictions], weights);
    if (typeof axis !== 'number') {
      throw new FluxionError(`${op}: axis must be an integer (the axis of the vectors), but received ${describeValue(axis)}.`);
    }
    const ax = normalizeAxis(op, axis, l.rank);
    return reduceLosses(op, sub(1, sum(mul(l, p), ax, true)), w, reduction);
  },
);

/**
 * Softmax cross-entropy of logits against one-hot (or probability) labels along the last axis.
 * labelSmoothing s replaces the labels by labels (1 - s) + s / numClasses. Weighted and reduced.
 */
export const softmaxCrossEntropy = defineOp(
  { name: 'losses.softmaxCrossEntropy', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (onehotLabels: TensorLike, logits: TensorLike, weights?: Weights, labelSmoothing = 0, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.softmaxCrossEntropy';
    checkNumber(op, 'labelSmoothing', labelSmoothing, 0, 1, 'a number in [0, 1]');
    const [labels, x, w] = lossOperands(op, ['onehotLabels', onehotLabels], ['logits', logits], weights);
    if (x.rank === 0) {
      throw new FluxionError(`${op}: logits must have at least one dimension (the classes), but is a scalar.`);
    }
    const numClasses = x.shape[x.rank - 1] ?? 1;
    const l = labelSmoothing > 0 ? add(mul(labels, 1 - labelSmoothing), labelSmoothing / numClasses) : labels;
    return reduceLosses(op, softmaxCrossEntropyWithLogits(l, x), w, reduction);
  },
);

/**
 * Sigmoid cross-entropy of logits against multi-class labels (each in [0, 1]), elementwise.
 * labelSmoothing s replaces the labels by labels (1 - s) + s / 2. Weighted and reduced.
 */
export const sigmoidCrossEntropy = defineOp(
  { name: 'losses.sigmoidCrossEntropy', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (multiClassLabels: TensorLike, logits: TensorLike, weights?: Weights, labelSmoothing = 0, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor => {
    const op = 'losses.sigmoidCrossEntropy';
    checkNumber(op, 'labelSmoothing', labelSmoothing, 0, 1, 'a number in [0, 1]');
    const [labels, x, w] = lossOperands(op, ['multiClassLabels', multiClassLabels], ['logits', logits], weights);
    const l = labelSmoothing > 0 ? add(mul(labels, 1 - labelSmoothing), 0.5 * labelSmoothing) : labels;
    return reduceLosses(op, sigmoidCrossEntropyWithLogits(l, x), w, reduction);
  },
);
