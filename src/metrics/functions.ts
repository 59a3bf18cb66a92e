/**
 * Functional metrics with TensorFlow.js's names (tf.metrics.*) and Keras 3's semantics where the
 * two agree: per-sample values (the last axis reduced), returned as float32 for the accuracies.
 */
import { FluxionError, fmtShape } from '../core/errors.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import {
  argMax,
  cast,
  div,
  divNoNan,
  equal,
  greater,
  logicalAnd,
  maximum,
  mean,
  mul,
  neg,
  reshape,
  scalar,
  sqrt,
  square,
  sub,
  sum,
  tensor,
} from '../ops/index.js';
import * as F from '../losses/functions.js';
import { EPSILON, lossOperands, requireNumber, requireSameShape, squeezeOrExpand, toTensor } from '../losses/util.js';

/** Keras's per-sample mean squared error: mean(square(yTrue - yPred), -1). */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return F.meanSquaredErrorPerSample(yTrue, yPred);
}
export const meanAbsoluteError = F.meanAbsoluteError;
export const meanAbsolutePercentageError = F.meanAbsolutePercentageError;
export const meanSquaredLogarithmicError = F.meanSquaredLogarithmicError;
export const binaryCrossentropy = F.binaryCrossentropy;
export const categoricalCrossentropy = F.categoricalCrossentropy;
export const sparseCategoricalCrossentropy = F.sparseCategoricalCrossentropy;
export const kullbackLeiblerDivergence = F.kullbackLeiblerDivergence;
export const poisson = F.poisson;
export const hinge = F.hinge;
export const squaredHinge = F.squaredHinge;
export const categoricalHinge = F.categoricalHinge;
export const logCosh = F.logCosh;

/** TensorFlow.js's aliases. */
export const mse = meanSquaredError;
export const MSE = meanSquaredError;
export const mae = meanAbsoluteError;
export const MAE = meanAbsoluteError;
export const mape = meanAbsolutePercentageError;
export const MAPE = meanAbsolutePercentageError;

/**
 * TensorFlow.js's cosineProximity: -sum(l2Normalize(yTrue) * l2Normalize(yPred), -1), where
 * l2Normalize(x) = x / sqrt(max(sum(x^2), epsilon)).
 */
export function cosineProximity(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'cosineProximity';
  const [t, p] = lossOperands(op, yTrue, yPred);
  requireSameShape(op, t, p);
  const normalize = (x: Tensor): Tensor => div(x, sqrt(maximum(sum(square(x), -1, true), scalar(EPSILON, x.dtype))));
  return neg(sum(mul(normalize(t), normalize(p)), -1));
}
export const cosine = cosineProximity;

/** Keras 3's cosine similarity metric: +sum(l2Normalize(yTrue) * l2Normalize(yPred), axis). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, axis = -1): Tensor {
  return neg(F.cosineSimilarity(yTrue, yPred, axis));
}

function floatPair(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  const [t0, p0] = lossOperands(op, yTrue, yPred);
  const [t, p] = squeezeOrExpand(t0, p0);
  requireSameShape(op, t, p);
  return [t, p];
}

/** mean(yTrue == yPred, -1) (Keras's accuracy: exact matches). */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = floatPair('accuracy', yTrue, yPred);
  if (t.rank === 0) return cast(equal(t, p), 'float32');
  return mean(cast(equal(t, p), 'float32'), -1);
}

/** mean(yTrue == (yPred > threshold), -1). */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  const op = 'binaryAccuracy';
  requireNumber(op, 'threshold', threshold, -Infinity, Infinity, 'a number');
  const [t, p] = floatPair(op, yTrue, yPred);
  const matches = cast(equal(t, cast(greater(p, threshold), t.dtype)), 'float32');
  return t.rank === 0 ? matches : mean(matches, -1);
}

function classShapes(op: string, t: Tensor, p: Tensor): void {
  if (p.rank === 0) throw new FluxionError(`${op}: yPred must have at least one dimension (the classes), but it is a scalar (shape []).`);
}

/** argMax(yTrue, -1) == argMax(yPred, -1), as float32 (one-hot or probability labels). */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'categoricalAccuracy';
  const t = toTensor(yTrue, op, 'yTrue');
  const p = toTensor(yPred, op, 'yPred');
  classShapes(op, t, p);
  if ((t.rank === p.rank - 1 || (t.rank === p.rank && t.shape[t.rank - 1] === 1)) && (p.shape[p.rank - 1] ?? 1) > 1) {
    throw new FluxionError(
      `${op}: yTrue has shape ${fmtShape(t.shape)} and yPred has shape ${fmtShape(p.shape)}: yTrue looks like integer class labels, ` +
        'but categoricalAccuracy expects one-hot labels of yPred\'s shape. Use sparseCategoricalAccuracy for integer labels.',
    );
  }
  requireSameShape(op, t, p);
  return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
}

/** Integer labels (yPred's shape without its last axis, or with a last axis of 1) == argMax(yPred, -1). */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'sparseCategoricalAccuracy';
  const p = toTensor(yPred, op, 'yPred');
  let t = toTensor(yTrue, op, 'yTrue');
  classShapes(op, t, p);
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = reshape(t, t.shape.slice(0, -1));
  const batch = p.shape.slice(0, -1);
  if (t.rank !== batch.length || t.shape.some((d, i) => d !== batch[i])) {
    throw new FluxionError(
      `${op}: yTrue has shape ${fmtShape(toTensor(yTrue, op, 'yTrue').shape)} but yPred has shape ${fmtShape(p.shape)}; integer labels must ` +
        `have shape ${fmtShape(batch)} or ${fmtShape([...batch, 1])}.` +
        (t.rank === p.rank ? ' For one-hot labels use categoricalAccuracy.' : ''),
    );
  }
  return cast(equal(cast(t, 'float32'), cast(argMax(p, -1), 'float32')), 'float32');
}

/**
 * Whether each target class is among the k largest predictions (ties at the k-th value count, as
 * TensorFlow's in_top_k): 1 or 0 per sample, float32.
 */
function inTopK(op: string, targets: Int32Array, p: Tensor, k: number): Tensor {
  const classes = p.shape[p.rank - 1] as number;
  if (!Number.isInteger(k) || k < 1) throw new FluxionError(`${op}: k must be a positive integer, but received ${String(k)}.`);
  const v = p.dataSync();
  const out = new Float32Array(targets.length);
  for (let r = 0; r < targets.length; r++) {
    const c = targets[r] as number;
    if (c < 0 || c >= classes) {
      throw new FluxionError(`${op}: the label of row ${r} is ${c}, outside [0, ${classes}) (yPred has ${classes} classes, shape ${fmtShape(p.shape)}).`);
    }
    const target = v[r * classes + c] as number;
    if (!Number.isFinite(target)) continue;
    let larger = 0;
    for (let j = 0; j < classes; j++) if ((v[r * classes + j] as number) > target) larger++;
    out[r] = larger < k ? 1 : 0;
  }
  return tensor(out, p.shape.slice(0, -1), 'float32');
}

/** 1 where argMax(yTrue) is among the k (default 5) largest entries of yPred. */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const op = 'topKCategoricalAccuracy';
  const t = toTensor(yTrue, op, 'yTrue');
  const p = toTensor(yPred, op, 'yPred');
  classShapes(op, t, p);
  requireSameShape(op, t, p, 'For integer labels use sparseTopKCategoricalAccuracy.');
  return inTopK(op, Int32Array.from(argMax(t, -1).dataSync()), p, k);
}

/** 1 where the integer label is among the k (default 5) largest entries of yPred. */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const op = 'sparseTopKCategoricalAccuracy';
  const p = toTensor(yPred, op, 'yPred');
  let t = toTensor(yTrue, op, 'yTrue');
  classShapes(op, t, p);
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = reshape(t, t.shape.slice(0, -1));
  const batch = p.shape.slice(0, -1);
  if (t.rank !== batch.length || t.shape.some((d, i) => d !== batch[i])) {
    throw new FluxionError(
      `${op}: yTrue has shape ${fmtShape(t.shape)} but yPred has shape ${fmtShape(p.shape)}; integer labels must have shape ${fmtShape(batch)}.`,
    );
  }
  const labels = Int32Array.from(t.dataSync(), (x) => (Number.isInteger(x) ? x : -1));
  return inTopK(op, labels, p, k);
}

function confusionCounts(op: string, yTrue: TensorLike, yPred: TensorLike): { tp: Tensor; fp: Tensor; fn: Tensor } {
  const t = toTensor(yTrue, op, 'yTrue');
  const p = toTensor(yPred, op, 'yPred');
  requireSameShape(op, t, p);
  const one = (x: Tensor): Tensor => equal(x, 1);
  const zero = (x: Tensor): Tensor => equal(x, 0);
  const count = (m: Tensor): Tensor => cast(sum(cast(m, 'int32')), 'float32');
  return {
    tp: count(logicalAnd(one(t), one(p))),
    fp: count(logicalAnd(zero(t), one(p))),
    fn: count(logicalAnd(one(t), zero(p))),
  };
}

/** TensorFlow.js's precision of 0/1 predictions: tp / (tp + fp), 0 when there are no positives. */
export function precision(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const { tp, fp } = confusionCounts('precision', yTrue, yPred);
  return divNoNan(tp, tp.add(fp));
}

/** TensorFlow.js's recall of 0/1 predictions: tp / (tp + fn), 0 when there are no positive labels. */
export function recall(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const { tp, fn } = confusionCounts('recall', yTrue, yPred);
  return divNoNan(tp, tp.add(fn));
}

/** TensorFlow.js's r2Score: 1 - sum((yTrue - yPred)^2) / sum((yTrue - mean(yTrue))^2), over all elements. */
export function r2Score(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'r2Score';
  const [t, p] = lossOperands(op, yTrue, yPred);
  requireSameShape(op, t, p);
  const residual = sum(square(sub(t, p)));
  const total = sum(square(sub(t, mean(t))));
  return sub(1, div(residual, total));
}
