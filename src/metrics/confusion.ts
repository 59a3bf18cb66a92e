/**
 * Keras 3's thresholded confusion-matrix metrics: TruePositives, FalsePositives, TrueNegatives,
 * FalseNegatives, Precision, Recall, AUC and F1Score/FBetaScore. A prediction counts as positive
 * when it is strictly greater than a threshold; a label counts as positive when it is non-zero.
 * Counts are weighted by sampleWeight and accumulated in Variables across updateState calls.
 */
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { shapesEqual } from '../core/shape.js';
import type { Tensor, TensorLike, Variable } from '../core/tensor.js';
import { broadcastTo, cast, sigmoid, tensor } from '../ops/index.js';
import { alignWeights } from '../losses/classes.js';
import { EPSILON, lossOperands, squeezeOrExpand, toTensor } from '../losses/util.js';
import { Metric, type MetricConfig, type MetricOptions } from './metric.js';

/** Keras's NEG_INF: the value top-k filtering gives to the entries outside the top k. */
const NEG_INF = -1e10;

interface Prepared {
  labels: Float64Array;
  preds: Float64Array;
  weights: Float64Array | null;
  /** Columns (labels per sample): the product of the dimensions after the first. */
  numLabels: number;
  /** Whether the predictions are float32 (thresholds are then compared in float32 too, as Keras does). */
  float32: boolean;
}

interface PrepareOptions {
  topK?: number | null;
  classId?: number | null;
  fromLogits?: boolean;
}

/** Aligns and flattens labels, predictions and weights (Keras's update_confusion_matrix_variables). */
function prepare(owner: string, yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null | undefined, o: PrepareOptions): Prepared {
  const [t0, p0] = lossOperands(owner, yTrue, yPred);
  const [p1, t] = squeezeOrExpand(p0, t0);
  if (!shapesEqual(t.shape, p1.shape)) {
    throw new FluxionError(
      `${owner}: yTrue and yPred must have the same shape, but yTrue has shape ${fmtShape(t0.shape)} and yPred has shape ${fmtShape(p0.shape)}.`,
    );
  }
  const p = o.fromLogits ? sigmoid(p1) : p1;
  let w: Tensor | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    const w0 = cast(toTensor(sampleWeight, owner, 'sampleWeight', p.dtype), p.dtype);
    const [, aligned] = alignWeights(owner, p, w0, 'yPred');
    w = broadcastTo(aligned, p.shape);
  }
  let labels: Float64Array = Float64Array.from(t.dataSync());
  let preds: Float64Array = Float64Array.from(p.dataSync());
  let weights: Float64Array | null = w === null ? null : Float64Array.from(w.dataSync());
  const last = p.rank === 0 ? 1 : (p.shape[p.rank - 1] as number);
  let numLabels = p.rank <= 1 ? 1 : p.shape.slice(1).reduce((a, b) => a * b, 1);
  if (o.topK !== undefined && o.topK !== null) {
    const k = o.topK;
    for (let r = 0; r * last < preds.length; r++) {
      const row = Array.from({ length: last }, (_, j) => j).sort((a, b) => (preds[r * last + b] as number) - (preds[r * last + a] as number) || a - b);
      for (let j = k; j < row.length; j++) preds[r * last + (row[j] as number)] = NEG_INF;
    }
  }
  if (o.classId !== undefined && o.classId !== null) {
    const c = o.classId;
    if (c < 0 || c >= last) {
      throw new FluxionError(`${owner}: classId ${c} is out of range for yPred of shape ${fmtShape(p.shape)}; use a class in [0, ${last - 1}].`);
    }
    const rows = preds.length / last;
    const pick = (a: Float64Array): Float64Array<ArrayBuffer> => Float64Array.from({ length: rows }, (_, r) => a[r * last + c] as number);
    labels = pick(labels);
    preds = pick(preds);
    weights = weights === null ? null : pick(weights);
    numLabels = 1;
  }
  return { labels, preds, weights, numLabels, float32: p.dtype === 'float32' };
}

/**
 * Adds the weighted confusion counts at each threshold to tp/fp/tn/fn (flat arrays of
 * thresholds.length * columns; columns = numLabels when multiLabel, else 1).
 */
function accumulate(d: Prepared, thresholds: readonly number[], multiLabel: boolean, out: { tp: Float64Array; fp: Float64Array; tn: Float64Array; fn: Float64Array }): void {
  const cols = multiLabel ? d.numLabels : 1;
  const th = d.float32 ? thresholds.map(Math.fround) : thresholds;
  for (let i = 0; i < d.preds.length; i++) {
    const pos = (d.labels[i] as number) !== 0;
    const pred = d.preds[i] as number;
    const w = d.weights === null ? 1 : (d.weights[i] as number);
    const col = multiLabel ? i % cols : 0;
    for (let k = 0; k < th.length; k++) {
      const idx = k * cols + col;
      const predPos = pred > (th[k] as number);
      if (pos && predPos) out.tp[idx] = (out.tp[idx] as number) + w;
      else if (!pos && predPos) out.fp[idx] = (out.fp[idx] as number) + w;
      else if (!pos && !predPos) out.tn[idx] = (out.tn[idx] as number) + w;
      else out.fn[idx] = (out.fn[idx] as number) + w;
    }
  }
}

function parseThresholds(owner: string, thresholds: unknown, fallback: number): number[] {
  if (thresholds === undefined || thresholds === null) return [fallback];
  const list = typeof thresholds === 'number' ? [thresholds] : thresholds;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) {
    throw new FluxionError(`${owner}: thresholds must be a number or a non-empty array of numbers in [0, 1], but received ${JSON.stringify(thresholds)}.`);
  }
  return list as number[];
}

function optionalInt(owner: string, arg: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new FluxionError(`${owner}: ${arg} must be an integer >= ${min} or null, but received ${describeValue(value)}.`);
  }
  return value;
}

function read(v: Variable): Float64Array {
  return Float64Array.from(v.dataSync());
}

function addInto(v: Variable, delta: Float64Array): void {
  v.assignAdd(tensor(delta, v.shape, 'float64'));
}

export interface ThresholdOptions extends MetricOptions {
  thresholds?: number | number[] | null;
}

/** Shared by TruePositives & co.: one accumulator per threshold. */
abstract class ConfusionCount extends Metric {
  readonly thresholds: number[];
  readonly accumulator: Variable;
  private readonly which: 'tp' | 'fp' | 'tn' | 'fn';

  constructor(options: ThresholdOptions, name: string, which: 'tp' | 'fp' | 'tn' | 'fn') {
    super({ ...options, name: options.name ?? name });
    this.thresholds = parseThresholds(this.constructor.name, options.thresholds, 0.5);
    this.which = which;
    this.accumulator = this.addVariable([this.thresholds.length], 'accumulator');
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const d = prepare(this.constructor.name, yTrue, yPred, sampleWeight, {});
    const n = this.thresholds.length;
    const out = { tp: new Float64Array(n), fp: new Float64Array(n), tn: new Float64Array(n), fn: new Float64Array(n) };
    accumulate(d, this.thresholds, false, out);
    addInto(this.accumulator, out[this.which]);
  }

  result(): Tensor {
    return this.thresholds.length === 1 ? this.accumulator.reshape([]) : this.accumulator;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.thresholds.length === 1 ? (this.thresholds[0] as number) : this.thresholds };
  }
}

/** Weighted count of true positives (at each threshold). */
export class TruePositives extends ConfusionCount {
  constructor(options: ThresholdOptions = {}) {
    super(options, 'true_positives', 'tp');
  }
}
/** Weighted count of false positives (at each threshold). */
export class FalsePositives extends ConfusionCount {
  constructor(options: ThresholdOptions = {}) {
    super(options, 'false_positives', 'fp');
  }
}
/** Weighted count of true negatives (at each threshold). */
export class TrueNegatives extends ConfusionCount {
  constructor(options: ThresholdOptions = {}) {
    super(options, 'true_negatives', 'tn');
  }
}
/** Weighted count of false negatives (at each threshold). */
export class FalseNegatives extends ConfusionCount {
  constructor(options: ThresholdOptions = {}) {
    super(options, 'false_negatives', 'fn');
  }
}

export interface PrecisionRecallOptions extends ThresholdOptions {
  /** Only the k largest predictions of each sample count (the rest become -1e10). */
  topK?: number | null;
  /** Only this class (the last axis) counts: a binary metric for one class. */
  classId?: number | null;
}

abstract class PrecisionRecall extends Metric {
  readonly thresholds: number[];
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  readonly falsePositives: Variable;
  readonly falseNegatives: Variable;

  constructor(options: PrecisionRecallOptions, name: string) {
    super({ ...options, name: options.name ?? name });
    const owner = this.constructor.name;
    this.topK = optionalInt(owner, 'topK', options.topK, 1);
    this.classId = optionalInt(owner, 'classId', options.classId, 0);
    this.thresholds = parseThresholds(owner, options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    const n = this.thresholds.length;
    this.truePositives = this.addVariable([n], 'true_positives');
    this.falsePositives = this.addVariable([n], 'false_positives');
    this.falseNegatives = this.addVariable([n], 'false_negatives');
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const d = prepare(this.constructor.name, yTrue, yPred, sampleWeight, { topK: this.topK, classId: this.classId });
    const n = this.thresholds.length;
    const out = { tp: new Float64Array(n), fp: new Float64Array(n), tn: new Float64Array(n), fn: new Float64Array(n) };
    accumulate(d, this.thresholds, false, out);
    addInto(this.truePositives, out.tp);
    addInto(this.falsePositives, out.fp);
    addInto(this.falseNegatives, out.fn);
  }

  protected ratio(num: Variable, other: Variable): Tensor {
    const a = read(num);
    const b = read(other);
    const r = Float64Array.from(a, (x, i) => (x + (b[i] as number) === 0 ? 0 : x / (x + (b[i] as number))));
    return tensor(r, this.thresholds.length === 1 ? [] : [r.length], this.dtype);
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(),
      thresholds: this.thresholds.length === 1 ? (this.thresholds[0] as number) : this.thresholds,
      topK: this.topK,
      classId: this.classId,
    };
  }
}

/** tp / (tp + fp) at each threshold (a scalar for one threshold); 0 when nothing is predicted positive. */
export class Precision extends PrecisionRecall {
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'precision');
  }
  result(): Tensor {
    return this.ratio(this.truePositives, this.falsePositives);
  }
}

/** tp / (tp + fn) at each threshold (a scalar for one threshold); 0 when there are no positive labels. */
export class Recall extends PrecisionRecall {
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'recall');
  }
  result(): Tensor {
    return this.ratio(this.truePositives, this.falseNegatives);
  }
}

export type AUCCurve = 'ROC' | 'PR';
export type AUCSummationMethod = 'interpolation' | 'minoring' | 'majoring';

export interface AUCOptions extends MetricOptions {
  /** Number of thresholds (default 200), evenly spaced in [0, 1] plus -epsilon and 1 + epsilon. */
  numThresholds?: number;
  curve?: AUCCurve;
  summationMethod?: AUCSummationMethod;
  /** Explicit thresholds in [0, 1] (numThresholds is then ignored); -epsilon and 1 + epsilon are added. */
  thresholds?: number[] | null;
  /** One curve per label (column), averaged (weighted by labelWeights). */
  multiLabel?: boolean;
  numLabels?: number | null;
  labelWeights?: number[] | null;
  /** Apply a sigmoid to yPred first. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or precision-recall curve, from confusion counts at numThresholds thresholds
 * (Keras's AUC): ROC sums (fpr[i] - fpr[i+1]) * height over consecutive thresholds, height the mean
 * (interpolation), min (minoring) or max (majoring) of recall; PR with interpolation uses Davis &
 * Goadrich's interpolation, as Keras's interpolate_pr_auc.
 */
export class AUC extends Metric {
  readonly numThresholds: number;
  readonly curve: AUCCurve;
  readonly summationMethod: AUCSummationMethod;
  readonly thresholds: number[];
  readonly multiLabel: boolean;
  readonly labelWeights: number[] | null;
  readonly fromLogits: boolean;
  private readonly explicitThresholds: boolean;
  private numLabels_: number | null;
  private state: { tp: Variable; fp: Variable; tn: Variable; fn: Variable } | null = null;

  constructor(options: AUCOptions = {}) {
    super({ ...options, name: options.name ?? 'auc' });
    const curve = options.curve ?? 'ROC';
    if (curve !== 'ROC' && curve !== 'PR') {
      throw new FluxionError(`AUC: curve must be 'ROC' or 'PR', but received ${describeValue(curve)}.`);
    }
    const sm = options.summationMethod ?? 'interpolation';
    if (sm !== 'interpolation' && sm !== 'minoring' && sm !== 'majoring') {
      throw new FluxionError(`AUC: summationMethod must be 'interpolation', 'minoring' or 'majoring', but received ${describeValue(sm)}.`);
    }
    this.curve = curve;
    this.summationMethod = sm;
    if (options.thresholds !== undefined && options.thresholds !== null) {
      const inner = parseThresholds('AUC', options.thresholds, 0.5).slice().sort((a, b) => a - b);
      this.thresholds = [-EPSILON, ...inner, 1 + EPSILON];
      this.explicitThresholds = true;
    } else {
      const n = options.numThresholds ?? 200;
      if (typeof n !== 'number' || !Number.isInteger(n) || n <= 1) {
        throw new FluxionError(`AUC: numThresholds must be an integer > 1, but received ${describeValue(n)}.`);
      }
      this.thresholds = [-EPSILON, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + EPSILON];
      this.explicitThresholds = false;
    }
    this.numThresholds = this.thresholds.length;
    this.multiLabel = requireBool('AUC', 'multiLabel', options.multiLabel ?? false);
    this.fromLogits = requireBool('AUC', 'fromLogits', options.fromLogits ?? false);
    this.labelWeights = options.labelWeights ?? null;
    if (this.labelWeights !== null && (!Array.isArray(this.labelWeights) || !this.labelWeights.every((x) => typeof x === 'number' && x >= 0))) {
      throw new FluxionError(`AUC: labelWeights must be an array of non-negative numbers, one per label, or null, but received ${JSON.stringify(options.labelWeights)}.`);
    }
    this.numLabels_ = optionalInt('AUC', 'numLabels', options.numLabels, 1);
    if (!this.multiLabel) this.build(1);
    else if (this.numLabels_ !== null) this.build(this.numLabels_);
  }

  private build(labels: number): void {
    const shape = this.multiLabel ? [this.numThresholds, labels] : [this.numThresholds];
    this.numLabels_ = labels;
    this.state = {
      tp: this.addVariable(shape, 'true_positives'),
      fp: this.addVariable(shape, 'false_positives'),
      tn: this.addVariable(shape, 'true_negatives'),
      fn: this.addVariable(shape, 'false_negatives'),
    };
  }

  get numLabels(): number | null {
    return this.numLabels_;
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const d = prepare('AUC', yTrue, yPred, sampleWeight, { fromLogits: this.fromLogits });
    if (this.state === null) this.build(d.numLabels);
    if (this.multiLabel && d.numLabels !== this.numLabels_) {
      throw new FluxionError(`AUC: multiLabel AUC was built for ${String(this.numLabels_)} labels, but yPred has ${d.numLabels} labels per sample.`);
    }
    if (!this.multiLabel && this.labelWeights !== null) {
      // label weights apply to every column when the labels are flattened
      const lw = this.labelWeights;
      const cols = d.numLabels;
      if (lw.length !== cols) throw new FluxionError(`AUC: labelWeights has ${lw.length} entries but yPred has ${cols} labels per sample.`);
      const w = d.weights ?? new Float64Array(d.preds.length).fill(1);
      for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * (lw[i % cols] as number);
      d.weights = w;
    }
    const s = this.state as { tp: Variable; fp: Variable; tn: Variable; fn: Variable };
    const size = s.tp.size;
    const out = { tp: new Float64Array(size), fp: new Float64Array(size), tn: new Float64Array(size), fn: new Float64Array(size) };
    accumulate(d, this.thresholds, this.multiLabel, out);
    addInto(s.tp, out.tp);
    addInto(s.fp, out.fp);
    addInto(s.tn, out.tn);
    addInto(s.fn, out.fn);
  }

  /** The area for one column of counts. */
  private area(tp: number[], fp: number[], tn: number[], fn: number[]): number {
    const n = tp.length;
    const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') {
      let total = 0;
      for (let i = 0; i < n - 1; i++) {
        const dtp = (tp[i] as number) - (tp[i + 1] as number);
        const p0 = (tp[i] as number) + (fp[i] as number);
        const p1 = (tp[i + 1] as number) + (fp[i + 1] as number);
        const dp = p0 - p1;
        const slope = div(dtp, Math.max(dp, 0));
        const intercept = (tp[i + 1] as number) - slope * p1;
        const ratio = p0 > 0 && p1 > 0 ? div(p0, Math.max(p1, 0)) : 1;
        total += div(slope * (dtp + intercept * Math.log(ratio)), Math.max((tp[i + 1] as number) + (fn[i + 1] as number), 0));
      }
      return total;
    }
    const recall = tp.map((x, i) => div(x, x + (fn[i] as number)));
    let x: number[];
    let y: number[];
    if (this.curve === 'ROC') {
      x = fp.map((v, i) => div(v, v + (tn[i] as number)));
      y = recall;
    } else {
      x = recall;
      y = tp.map((v, i) => div(v, v + (fp[i] as number)));
    }
    let total = 0;
    for (let i = 0; i < n - 1; i++) {
      const a = y[i] as number;
      const b = y[i + 1] as number;
      const h = this.summationMethod === 'interpolation' ? (a + b) / 2 : this.summationMethod === 'minoring' ? Math.min(a, b) : Math.max(a, b);
      total += ((x[i] as number) - (x[i + 1] as number)) * h;
    }
    return total;
  }

  result(): Tensor {
    if (this.state === null) return tensor([0], [], this.dtype).reshape([]);
    const cols = this.multiLabel ? (this.numLabels_ as number) : 1;
    const [tp, fp, tn, fn] = [this.state.tp, this.state.fp, this.state.tn, this.state.fn].map(read) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const column = (a: Float64Array, c: number): number[] => Array.from({ length: this.numThresholds }, (_, k) => a[k * cols + c] as number);
    const areas = Array.from({ length: cols }, (_, c) => this.area(column(tp, c), column(fp, c), column(tn, c), column(fn, c)));
    let value: number;
    if (!this.multiLabel) value = areas[0] as number;
    else if (this.labelWeights === null) value = areas.reduce((a, b) => a + b, 0) / cols;
    else {
      const lw = this.labelWeights;
      const wsum = lw.reduce((a, b) => a + b, 0);
      value = wsum === 0 ? 0 : areas.reduce((a, b, i) => a + b * (lw[i] ?? 0), 0) / wsum;
    }
    return tensor([value], [1], this.dtype).reshape([]);
  }

  override getConfig(): MetricConfig {
    const config: MetricConfig = {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.numLabels_,
      fromLogits: this.fromLogits,
    };
    if (this.labelWeights !== null) config['labelWeights'] = this.labelWeights;
    if (this.explicitThresholds) config['thresholds'] = this.thresholds.slice(1, -1);
    return config;
  }
}

function requireBool(owner: string, arg: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new FluxionError(`${owner}: ${arg} must be true or false, but received ${describeValue(v)}.`);
  return v;
}

export type FBetaAverage = 'micro' | 'macro' | 'weighted' | null;

export interface FBetaOptions extends MetricOptions {
  /** null (default): one score per class; 'micro', 'macro' or 'weighted': one number. */
  average?: FBetaAverage;
  beta?: number;
  /** Predictions above it count as positive; null (default): the largest prediction of each sample. */
  threshold?: number | null;
}

/**
 * F-beta score for multi-class (one-hot or multi-hot) labels of shape [batch, classes]:
 * (1 + beta^2) precision recall / (beta^2 precision + recall), per class or averaged.
 */
export class FBetaScore extends Metric {
  readonly average: FBetaAverage;
  readonly beta: number;
  readonly threshold: number | null;
  private state: { tp: Variable; fp: Variable; fn: Variable; weights: Variable } | null = null;

  constructor(options: FBetaOptions = {}) {
    super({ ...options, name: options.name ?? 'fbeta_score' });
    const owner = this.constructor.name;
    const average = options.average ?? null;
    if (average !== null && average !== 'micro' && average !== 'macro' && average !== 'weighted') {
      throw new FluxionError(`${owner}: average must be null, 'micro', 'macro' or 'weighted', but received ${describeValue(average)}.`);
    }
    const beta = options.beta ?? 1;
    if (typeof beta !== 'number' || !(beta > 0)) throw new FluxionError(`${owner}: beta must be a number > 0, but received ${describeValue(beta)}.`);
    const threshold = options.threshold ?? null;
    if (threshold !== null && (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1))) {
      throw new FluxionError(`${owner}: threshold must be a number in (0, 1] or null, but received ${describeValue(threshold)}.`);
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const owner = this.constructor.name;
    const [t, p] = lossOperands(owner, yTrue, yPred);
    if (p.rank !== 2 || !shapesEqual(t.shape, p.shape)) {
      throw new FluxionError(
        `${owner}: yTrue and yPred must both have shape [batch, classes], but yTrue has shape ${fmtShape(t.shape)} and yPred has shape ${fmtShape(p.shape)}.` +
          (t.rank === 1 && p.rank === 2 ? ' One-hot encode integer labels first, e.g. fx.oneHot(labels, classes).' : ''),
      );
    }
    const [rows, classes] = p.shape as [number, number];
    const cols = this.average === 'micro' ? 1 : classes;
    if (this.state === null) {
      this.state = {
        tp: this.addVariable([cols], 'true_positives'),
        fp: this.addVariable([cols], 'false_positives'),
        fn: this.addVariable([cols], 'false_negatives'),
        weights: this.addVariable([cols], 'intermediate_weights'),
      };
    } else if (this.state.tp.size !== cols) {
      throw new FluxionError(`${owner}: the metric was built for ${this.state.tp.size} classes, but yPred has ${classes}.`);
    }
    let w: Float64Array | null = null;
    if (sampleWeight !== undefined && sampleWeight !== null) {
      const wt = cast(toTensor(sampleWeight, owner, 'sampleWeight', p.dtype), p.dtype);
      const flat = wt.rank === 2 && wt.shape[1] === 1 ? wt.reshape([wt.size]) : wt;
      if (!(flat.rank === 0 || (flat.rank === 1 && flat.shape[0] === rows))) {
        throw new FluxionError(`${owner}: sampleWeight has shape ${fmtShape(wt.shape)}; use a scalar or one weight per sample (shape [${rows}]).`);
      }
      w = Float64Array.from(broadcastTo(flat, [rows]).dataSync());
    }
    const tv = t.dataSync();
    const pv = p.dataSync();
    const tp = new Float64Array(cols);
    const fp = new Float64Array(cols);
    const fn = new Float64Array(cols);
    const iw = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      let rowMax = -Infinity;
      for (let c = 0; c < classes; c++) rowMax = Math.max(rowMax, pv[r * classes + c] as number);
      const wr = w === null ? 1 : (w[r] as number);
      for (let c = 0; c < classes; c++) {
        const x = pv[r * classes + c] as number;
        const pred = this.threshold === null ? (x >= rowMax && Math.abs(x) > 1e-9 ? 1 : 0) : x > this.threshold ? 1 : 0;
        const y = tv[r * classes + c] as number;
        const k = cols === 1 ? 0 : c;
        tp[k] = (tp[k] as number) + wr * pred * y;
        fp[k] = (fp[k] as number) + wr * pred * (1 - y);
        fn[k] = (fn[k] as number) + wr * (1 - pred) * y;
        iw[k] = (iw[k] as number) + wr * y;
      }
    }
    addInto(this.state.tp, tp);
    addInto(this.state.fp, fp);
    addInto(this.state.fn, fn);
    addInto(this.state.weights, iw);
  }

  result(): Tensor {
    if (this.state === null) return tensor([0], [1], this.dtype).reshape([]);
    const tp = read(this.state.tp);
    const fp = read(this.state.fp);
    const fn = read(this.state.fn);
    const iw = read(this.state.weights);
    const b2 = this.beta * this.beta;
    const f = Float64Array.from(tp, (x, i) => {
      const precision = x / (x + (fp[i] as number) + EPSILON);
      const recall = x / (x + (fn[i] as number) + EPSILON);
      return ((precision * recall) / (b2 * precision + recall + EPSILON)) * (1 + b2);
    });
    if (this.average === 'weighted') {
      const total = iw.reduce((a, b) => a + b, 0);
      const v = f.reduce((a, x, i) => a + x * ((iw[i] as number) / (total + EPSILON)), 0);
      return tensor([v], [1], this.dtype).reshape([]);
    }
    if (this.average !== null) return tensor([f.reduce((a, b) => a + b, 0) / f.length], [1], this.dtype).reshape([]);
    return tensor(f, [f.length], this.dtype);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}

/** F1 score: FBetaScore with beta = 1. */
export class F1Score extends FBetaScore {
  constructor(options: Omit<FBetaOptions, 'beta'> = {}) {
    super({ ...options, beta: 1, name: options.name ?? 'f1_score' });
  }
  override getConfig(): MetricConfig {
    const { beta: _beta, ...rest } = super.getConfig();
    return rest;
  }
}
