/**
 * Keras 3's per-sample loss functions (keras.losses.*): each reduces the last axis (or `axis`)
 * and returns one loss per sample, shape [batch, ...]. Probabilities are clipped to
 * [EPSILON, 1 - EPSILON] (EPSILON = 1e-7, Keras's backend.epsilon()); from logits the stable
 * log-softmax / sigmoid-cross-entropy ops are used, so that probabilities of exactly 0 or 1 and
 * logits of +-100 give finite losses and finite gradients.
 */
import { FluxionError, fmtShape } from '../core/errors.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import {
  abs,
  add,
  clipByValue,
  div,
  lessEqual,
  log,
  logSoftmax,
  max,
  maximum,
  mean,
  mul,
  neg,
  notEqual,
  oneHot,
  onesLike,
  pow,
  rsqrt,
  scalar,
  sigmoid,
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  softplus,
  square,
  squeeze,
  sub,
  sum,
  tensor,
  where,
  zerosLike,
} from '../ops/index.js';
import { EPSILON, lossOperands, requireAxis, requireBoolean, requireNumber, requireSameShape, squeezeOrExpand } from './util.js';

/** Converts and aligns (squeeze/expand a trailing 1) yTrue and yPred, then requires equal shapes. */
function aligned(op: string, yTrue: TensorLike, yPred: TensorLike, hint = ''): [Tensor, Tensor] {
  const [t0, p0] = lossOperands(op, yTrue, yPred);
  const [t, p] = squeezeOrExpand(t0, p0);
  requireSameShape(op, t, p, hint);
  if (p.rank === 0) {
    throw new FluxionError(
      `${op}: yPred must have at least one dimension (the loss averages its last axis), but it is a scalar (shape []). ` +
        'Give it a batch dimension, e.g. reshape(y, [1, 1]).',
    );
  }
  return [t, p];
}

function clipProbabilities(p: Tensor): Tensor {
  return clipByValue(p, EPSILON, 1 - EPSILON);
}

/** mean(square(yTrue - yPred), -1). */
export function meanSquaredErrorPerSample(yTrue: TensorLike, yPred: TensorLike, op = 'meanSquaredError'): Tensor {
  const [t, p] = aligned(op, yTrue, yPred);
  return mean(square(sub(t, p)), -1);
}

/** mean(|yTrue - yPred|, -1). */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('meanAbsoluteError', yTrue, yPred);
  return mean(abs(sub(t, p)), -1);
}

/** 100 * mean(|(yTrue - yPred) / max(|yTrue|, epsilon)|, -1). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('meanAbsolutePercentageError', yTrue, yPred);
  const diff = abs(div(sub(t, p), maximum(abs(t), scalar(EPSILON, p.dtype))));
  return mul(mean(diff, -1), 100);
}

/** mean(square(log(max(yPred, eps) + 1) - log(max(yTrue, eps) + 1)), -1). */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('meanSquaredLogarithmicError', yTrue, yPred);
  const eps = scalar(EPSILON, p.dtype);
  const first = log(add(maximum(p, eps), 1));
  const second = log(add(maximum(t, eps), 1));
  return mean(square(sub(first, second)), -1);
}

/** Huber: mean(0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2; -1), e = yPred - yTrue. */
export function huber(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  const op = 'huber';
  requireNumber(op, 'delta', delta, 0, Number.MAX_VALUE, 'a non-negative number');
  const [t, p] = aligned(op, yTrue, yPred);
  const error = sub(p, t);
  const absError = abs(error);
  const quadratic = mul(square(error), 0.5);
  const linear = sub(mul(absError, delta), 0.5 * delta * delta);
  return mean(where(lessEqual(absError, delta), quadratic, linear), -1);
}

/** mean(log(cosh(yPred - yTrue)), -1), as x + softplus(-2x) - log(2) (stable for large |x|). */
export function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('logCosh', yTrue, yPred);
  const x = sub(p, t);
  return mean(sub(add(x, softplus(mul(x, -2))), Math.log(2)), -1);
}

/** sum(yTrue * log(yTrue / yPred), -1) with both clipped to [epsilon, 1]. */
export function kullbackLeiblerDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t0, p0] = aligned('kullbackLeiblerDivergence', yTrue, yPred);
  const t = clipByValue(t0, EPSILON, 1);
  const p = clipByValue(p0, EPSILON, 1);
  return sum(mul(t, log(div(t, p))), -1);
}

/** Keras's alias of kullbackLeiblerDivergence. */
export const kld = kullbackLeiblerDivergence;
/** Keras 3's name (keras.losses.kl_divergence). */
export const klDivergence = kullbackLeiblerDivergence;

/** mean(yPred - yTrue * log(yPred + epsilon), -1). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('poisson', yTrue, yPred);
  return mean(sub(p, mul(t, log(add(p, EPSILON)))), -1);
}

/** Keras's L2 normalization: x * min(rsqrt(sum(x^2)), 1 / epsilon) = x * rsqrt(max(sum(x^2), epsilon^2)). */
export function l2Normalize(x: Tensor, axis: number): Tensor {
  const squareSum = sum(square(x), axis, true);
  return mul(x, rsqrt(maximum(squareSum, scalar(EPSILON * EPSILON, x.dtype))));
}

/** -sum(l2Normalize(yTrue) * l2Normalize(yPred), axis): -1 for the same direction, 0 if either is zero. */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  const op = 'cosineSimilarity';
  const [t, p] = aligned(op, yTrue, yPred);
  const ax = requireAxis(op, axis, p.rank);
  return neg(sum(mul(l2Normalize(t, ax), l2Normalize(p, ax)), ax));
}

/** Labels all in {0, 1} become {-1, 1} (Keras's convert_binary_labels_to_hinge); others stay. */
function hingeLabels(t: Tensor): Tensor {
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) if (v[i] !== 0 && v[i] !== 1) return t;
  return sub(mul(t, 2), 1);
}

/** mean(max(1 - yTrue * yPred, 0), -1); labels in {-1, 1} (labels in {0, 1} are converted). */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('hinge', yTrue, yPred);
  return mean(maximum(sub(1, mul(hingeLabels(t), p)), scalar(0, p.dtype)), -1);
}

/** mean(square(max(1 - yTrue * yPred, 0)), -1); labels in {-1, 1} (labels in {0, 1} are converted). */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('squaredHinge', yTrue, yPred);
  return mean(square(maximum(sub(1, mul(hingeLabels(t), p)), scalar(0, p.dtype))), -1);
}

/** max(neg - pos + 1, 0) with pos = sum(yTrue * yPred, -1), neg = max((1 - yTrue) * yPred, -1). */
export function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned('categoricalHinge', yTrue, yPred);
  const pos = sum(mul(t, p), -1);
  const negative = max(mul(sub(1, t), p), -1);
  return maximum(add(sub(negative, pos), 1), scalar(0, p.dtype));
}

/** Elementwise binary cross-entropy (Keras's ops.binary_crossentropy), stable from logits. */
function binaryCrossentropyElementwise(t: Tensor, p: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return sigmoidCrossEntropyWithLogits(t, p);
  const c = clipProbabilities(p);
  return neg(add(mul(t, log(c)), mul(sub(1, t), log(sub(1, c)))));
}

function checkLabelSmoothing(op: string, labelSmoothing: unknown): number {
  return requireNumber(op, 'labelSmoothing', labelSmoothing, 0, 1, 'a number in [0, 1]');
}

/**
 * mean(binary cross-entropy, axis). labelSmoothing s moves the labels towards 0.5:
 * yTrue (1 - s) + 0.5 s. From probabilities yPred is clipped to [epsilon, 1 - epsilon].
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const op = 'binaryCrossentropy';
  requireBoolean(op, 'fromLogits', fromLogits);
  checkLabelSmoothing(op, labelSmoothing);
  const [t0, p] = aligned(op, yTrue, yPred);
  const ax = requireAxis(op, axis, p.rank);
  const t = labelSmoothing > 0 ? add(mul(t0, 1 - labelSmoothing), 0.5 * labelSmoothing) : t0;
  return mean(binaryCrossentropyElementwise(t, p, fromLogits), ax);
}

export interface BinaryFocalOptions {
  applyClassBalancing?: boolean;
  alpha?: number;
  gamma?: number;
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/**
 * Binary focal cross-entropy (Lin et al.): the binary cross-entropy times (1 - p_t)^gamma, with
 * p_t = yTrue yPred + (1 - yTrue)(1 - yPred); with applyClassBalancing also times alpha for class 1
 * and 1 - alpha for class 0. Averaged over `axis`.
 */
export function binaryFocalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: BinaryFocalOptions = {}): Tensor {
  const op = 'binaryFocalCrossentropy';
  const { applyClassBalancing = false, alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  requireBoolean(op, 'applyClassBalancing', applyClassBalancing);
  requireNumber(op, 'alpha', alpha, 0, 1, 'a number in [0, 1]');
  requireNumber(op, 'gamma', gamma, 0, Number.MAX_VALUE, 'a non-negative number');
  requireBoolean(op, 'fromLogits', fromLogits);
  checkLabelSmoothing(op, labelSmoothing);
  const [t0, p0] = aligned(op, yTrue, yPred);
  const ax = requireAxis(op, axis, p0.rank);
  const t = labelSmoothing > 0 ? add(mul(t0, 1 - labelSmoothing), 0.5 * labelSmoothing) : t0;
  const p = fromLogits ? sigmoid(p0) : p0;
  const bce = binaryCrossentropyElementwise(t, p, false);
  const pT = add(mul(t, p), mul(sub(1, t), sub(1, p)));
  const oneMinus = clipByValue(sub(1, pT), 0, 1);
  const focal = gamma === 0 ? onesLike(oneMinus) : gamma === 1 ? oneMinus : gamma === 2 ? square(oneMinus) : pow(oneMinus, gamma);
  let loss = mul(focal, bce);
  if (applyClassBalancing) loss = mul(add(mul(t, alpha), mul(sub(1, t), 1 - alpha)), loss);
  return mean(loss, ax);
}

/** Whether yTrue looks like integer class labels for yPred's classes: shape [...batch] or [...batch, 1]. */
function looksSparse(t: Tensor, p: Tensor): boolean {
  const batch = p.shape.slice(0, -1);
  const matches = (s: readonly number[]): boolean => s.length === batch.length && s.every((d, i) => d === batch[i]);
  return (p.shape[p.rank - 1] ?? 1) > 1 && (matches(t.shape) || (t.rank === p.rank && t.shape[t.rank - 1] === 1 && matches(t.shape.slice(0, -1))));
}

/**
 * -sum(yTrue * log(softmax or normalized yPred), axis) for one-hot (or probability) labels.
 * From probabilities yPred is divided by its sum along `axis` and clipped to [epsilon, 1 - epsilon];
 * from logits the stable log-softmax is used. labelSmoothing s gives yTrue (1 - s) + s / classes.
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  const op = 'categoricalCrossentropy';
  requireBoolean(op, 'fromLogits', fromLogits);
  checkLabelSmoothing(op, labelSmoothing);
  const [t0, p] = lossOperands(op, yTrue, yPred);
  if (p.rank === 0) {
    throw new FluxionError(`${op}: yPred must have at least one dimension (the classes), but it is a scalar (shape []).`);
  }
  if (looksSparse(t0, p)) {
    const classes = p.shape[p.rank - 1] as number;
    throw new FluxionError(
      `${op}: yTrue has shape ${fmtShape(t0.shape)} and yPred has shape ${fmtShape(p.shape)}: yTrue looks like integer class labels ` +
        `(one per sample), but categoricalCrossentropy expects one-hot labels of yPred's shape. Use sparseCategoricalCrossentropy ` +
        `for integer labels, or one-hot encode them with fx.oneHot(labels, ${classes}).`,
    );
  }
  requireSameShape(op, t0, p);
  const ax = requireAxis(op, axis, p.rank);
  const classes = p.shape[ax] as number;
  const t = labelSmoothing > 0 ? add(mul(t0, 1 - labelSmoothing), labelSmoothing / classes) : t0;
  if (fromLogits) return softmaxCrossEntropyWithLogits(t, p, ax);
  const normalized = clipProbabilities(div(p, sum(p, ax, true)));
  return neg(sum(mul(t, log(normalized)), ax));
}

/**
 * Checks sparse labels against yPred and returns them as int32 of yPred's shape without its last
 * axis (a trailing size-1 axis is squeezed), with ignored entries replaced by 0, plus the mask of
 * valid entries (null without ignoreClass).
 */
export function sparseLabels(op: string, yTrue: Tensor, p: Tensor, ignoreClass: number | null): { labels: Tensor; valid: Tensor | null } {
  if (p.rank === 0) {
    throw new FluxionError(`${op}: yPred must have at least one dimension (the classes), but it is a scalar (shape []).`);
  }
  const classes = p.shape[p.rank - 1] as number;
  const batch = p.shape.slice(0, -1);
  let t = yTrue;
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, [t.rank - 1]);
  if (t.rank !== batch.length || t.shape.some((d, i) => d !== batch[i])) {
    const oneHotHint =
      yTrue.rank === p.rank && yTrue.shape[yTrue.rank - 1] === classes
        ? ' yTrue has yPred\'s shape, so it looks one-hot: use categoricalCrossentropy for one-hot labels.'
        : '';
    throw new FluxionError(
      `${op}: yTrue has shape ${fmtShape(yTrue.shape)} but yPred has shape ${fmtShape(p.shape)}; sparse labels (one integer class ` +
        `per sample) must have yPred's shape without its last axis (${fmtShape(batch)}) or with a last axis of 1 (${fmtShape([...batch, 1])}).${oneHotHint}`,
    );
  }
  const v = t.dataSync();
  const ints = new Int32Array(v.length);
  const validValues = ignoreClass === null ? null : new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as number;
    if (ignoreClass !== null && c === ignoreClass) continue;
    if (validValues) validValues[i] = 1;
    if (!Number.isInteger(c)) {
      throw new FluxionError(
        `${op}: yTrue holds ${c} at flat index ${i}, which is not an integer class index. If yTrue holds one-hot labels or ` +
          'probabilities, use categoricalCrossentropy.',
      );
    }
    if (c < 0 || c >= classes) {
      throw new FluxionError(
        `${op}: yTrue holds class ${c} at flat index ${i}, outside [0, ${classes}) (yPred has ${classes} classes along its last ` +
          `axis, shape ${fmtShape(p.shape)}). Labels must be integers in [0, ${classes - 1}]` +
          `${ignoreClass === null ? '; to skip a "void" label such as -1 or 255, set ignoreClass' : ''}.`,
      );
    }
    ints[i] = c;
  }
  const labels = tensor(ints, t.shape, 'int32');
  return { labels, valid: validValues === null ? null : notEqual(tensor(Int32Array.from(validValues), t.shape, 'int32'), 0) };
}

/** Per-sample loss and, with ignoreClass, the mask of the samples it counts. */
export function sparseCategoricalCrossentropyWithMask(
  yTrue: TensorLike,
  yPred: TensorLike,
  fromLogits = false,
  ignoreClass: number | null = null,
  axis = -1,
): { loss: Tensor; mask: Tensor | null } {
  const op = 'sparseCategoricalCrossentropy';
  requireBoolean(op, 'fromLogits', fromLogits);
  if (ignoreClass !== null && (typeof ignoreClass !== 'number' || !Number.isInteger(ignoreClass))) {
    throw new FluxionError(`${op}: ignoreClass must be an integer class id or null, but received ${String(ignoreClass)}.`);
  }
  const [t, p] = lossOperands(op, yTrue, yPred);
  if (p.rank > 0 && requireAxis(op, axis, p.rank) !== p.rank - 1) {
    throw new FluxionError(`${op}: only the last axis can hold the classes (axis -1 or ${p.rank - 1}), but received axis ${axis}.`);
  }
  const { labels, valid } = sparseLabels(op, t, p, ignoreClass);
  const classes = p.shape[p.rank - 1] as number;
  const target = oneHot(labels, classes, 1, 0, p.dtype);
  const logProb = fromLogits ? logSoftmax(p, -1) : log(clipProbabilities(div(p, sum(p, -1, true))));
  const loss = neg(sum(mul(target, logProb), -1));
  if (valid === null) return { loss, mask: null };
  return { loss: where(valid, loss, zerosLike(loss)), mask: valid };
}

/**
 * Cross-entropy for integer class labels (shape yPred.shape without the last axis, or with a last
 * axis of 1). ignoreClass (e.g. -1 or 255) gives those entries a loss of 0; the Loss class then also
 * leaves them out of the mean.
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  fromLogits = false,
  ignoreClass: number | null = null,
  axis = -1,
): Tensor {
  return sparseCategoricalCrossentropyWithMask(yTrue, yPred, fromLogits, ignoreClass, axis).loss;
}
