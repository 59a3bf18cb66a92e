/**
 * Keras 3's mean-based metric classes: accuracies, regression errors and the probabilistic
 * (cross-entropy) metrics, each the running weighted mean of a per-sample function.
 */
import { FluxionError, describeValue } from '../core/errors.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { cast, sqrt, square, sub } from '../ops/index.js';
import * as F from '../losses/functions.js';
import { lossOperands, requireBoolean, requireNumber, squeezeOrExpand } from '../losses/util.js';
import * as M from './functions.js';
import { Mean, MeanMetricWrapper, type MetricConfig, type MetricOptions } from './metric.js';

function named(options: MetricOptions, name: string): MetricOptions {
  return { name: options.name ?? name, dtype: options.dtype ?? 'float32' };
}

/** How often yPred equals yTrue exactly. */
export class Accuracy extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.accuracy, named(options, 'accuracy'));
  }
}

export interface BinaryAccuracyOptions extends MetricOptions {
  threshold?: number;
}

/** How often (yPred > threshold) equals binary labels. */
export class BinaryAccuracy extends MeanMetricWrapper {
  readonly threshold: number;
  constructor(options: BinaryAccuracyOptions = {}) {
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
      throw new FluxionError(`BinaryAccuracy: threshold must be a number in (0, 1), but received ${describeValue(threshold)}.`);
    }
    super((t, p) => M.binaryAccuracy(t, p, threshold), named(options, 'binary_accuracy'));
    this.threshold = threshold;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** How often argMax(yPred) equals argMax of one-hot labels. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.categoricalAccuracy, named(options, 'categorical_accuracy'));
  }
}

/** How often argMax(yPred) equals integer labels. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.sparseCategoricalAccuracy, named(options, 'sparse_categorical_accuracy'));
  }
}

export interface TopKOptions extends MetricOptions {
  k?: number;
}

function checkK(owner: string, k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new FluxionError(`${owner}: k must be a positive integer, but received ${describeValue(k)}.`);
  }
  return k;
}

/** How often the one-hot target is among the k (default 5) largest predictions. */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;
  constructor(options: TopKOptions = {}) {
    const k = checkK('TopKCategoricalAccuracy', options.k ?? 5);
    super((t, p) => M.topKCategoricalAccuracy(t, p, k), named(options, 'top_k_categorical_accuracy'));
    this.k = k;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}

/** How often the integer target is among the k (default 5) largest predictions. */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;
  constructor(options: TopKOptions = {}) {
    const k = checkK('SparseTopKCategoricalAccuracy', options.k ?? 5);
    super((t, p) => M.sparseTopKCategoricalAccuracy(t, p, k), named(options, 'sparse_top_k_categorical_accuracy'));
    this.k = k;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), k: this.k };
  }
}

/** Running mean of the per-sample mean squared error. */
export class MeanSquaredError extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.meanSquaredError, named(options, 'mean_squared_error'));
  }
}

/** Running mean of the per-sample mean absolute error. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.meanAbsoluteError, named(options, 'mean_absolute_error'));
  }
}

/** Running mean of the per-sample mean absolute percentage error. */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.meanAbsolutePercentageError, named(options, 'mean_absolute_percentage_error'));
  }
}

/** Running mean of the per-sample mean squared logarithmic error. */
export class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.meanSquaredLogarithmicError, named(options, 'mean_squared_logarithmic_error'));
  }
}

/** sqrt of the running (weighted) mean of the squared errors, over all elements. */
export class RootMeanSquaredError extends Mean {
  constructor(options: MetricOptions = {}) {
    super(named(options, 'root_mean_squared_error'));
  }
  override updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    const owner = 'RootMeanSquaredError';
    if (yPred === undefined || yPred === null) {
      throw new FluxionError(`${owner}: updateState needs yTrue and yPred (and optionally sampleWeight), but yPred is ${describeValue(yPred)}.`);
    }
    const [t0, p0] = lossOperands(owner, yTrue, yPred);
    const [t, p] = squeezeOrExpand(cast(t0, this.dtype), cast(p0, this.dtype));
    super.updateState(square(sub(p, t)), sampleWeight);
  }
  override result(): Tensor {
    return sqrt(super.result());
  }
}

/** Running mean of the cosine similarity (+1 for the same direction). */
export class CosineSimilarity extends MeanMetricWrapper {
  readonly axis: number;
  constructor(options: MetricOptions & { axis?: number } = {}) {
    const axis = options.axis ?? -1;
    super((t, p) => M.cosineSimilarity(t, p, axis), named(options, 'cosine_similarity'));
    this.axis = axis;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Running mean of log(cosh(yPred - yTrue)). */
export class LogCoshError extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(M.logCosh, named(options, 'logcosh'));
  }
}

export interface CrossentropyMetricOptions extends MetricOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** Running mean of the binary cross-entropy. */
export class BinaryCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(options: CrossentropyMetricOptions = {}) {
    const fromLogits = requireBoolean('BinaryCrossentropy', 'fromLogits', options.fromLogits ?? false);
    const ls = requireNumber('BinaryCrossentropy', 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1, 'a number in [0, 1]');
    super((t, p) => F.binaryCrossentropy(t, p, fromLogits, ls), named(options, 'binary_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = ls;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/** Running mean of the categorical cross-entropy. */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: CrossentropyMetricOptions = {}) {
    const fromLogits = requireBoolean('CategoricalCrossentropy', 'fromLogits', options.fromLogits ?? false);
    const ls = requireNumber('CategoricalCrossentropy', 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1, 'a number in [0, 1]');
    const axis = options.axis ?? -1;
    super((t, p) => F.categoricalCrossentropy(t, p, fromLogits, ls, axis), named(options, 'categorical_crossentropy'));
    this.fromLogits = fromLogits;
    this.labelSmoothing = ls;
    this.axis = axis;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** Running mean of the sparse categorical cross-entropy. */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  constructor(options: MetricOptions & { fromLogits?: boolean } = {}) {
    const fromLogits = requireBoolean('SparseCategoricalCrossentropy', 'fromLogits', options.fromLogits ?? false);
    super((t, p) => F.sparseCategoricalCrossentropy(t, p, fromLogits), named(options, 'sparse_categorical_crossentropy'));
    this.fromLogits = fromLogits;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/** Running mean of the KL divergence. */
export class KLDivergence extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(F.kullbackLeiblerDivergence, named(options, 'kl_divergence'));
  }
}

/** Running mean of the Poisson loss. */
export class Poisson extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(F.poisson, named(options, 'poisson'));
  }
}

/** Running mean of the hinge loss. */
export class Hinge extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(F.hinge, named(options, 'hinge'));
  }
}

/** Running mean of the squared hinge loss. */
export class SquaredHinge extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(F.squaredHinge, named(options, 'squared_hinge'));
  }
}

/** Running mean of the categorical hinge loss. */
export class CategoricalHinge extends MeanMetricWrapper {
  constructor(options: MetricOptions = {}) {
    super(F.categoricalHinge, named(options, 'categorical_hinge'));
  }
}
