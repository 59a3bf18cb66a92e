/**
 * Keras 3's loss classes: a Loss computes per-sample losses (`compute`), applies sample weights and
 * reduces them (`call`), exactly as keras.losses.Loss.__call__ does:
 * - 'sum_over_batch_size' (default) and 'mean': sum(weighted losses) / number of elements of the
 *   per-sample losses (weights do not change the divisor);
 * - 'sum': sum(weighted losses);
 * - 'mean_with_sample_weight': sum(weighted losses) / sum(sample weights);
 * - 'none' (or null): the weighted per-sample losses.
 * A loss that masks entries (SparseCategoricalCrossentropy with ignoreClass) divides by the number
 * of valid entries instead, as Keras's apply_mask does.
 */
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import { cast, divNoNan, mul, reshape, scalar, sum } from '../ops/index.js';
import * as F from './functions.js';
import { identifierGetter, lossOperands, requireBoolean, requireNumber, snakeCase, squeezeOrExpand, toTensor } from './util.js';

export type LossReduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none';
const REDUCTIONS: readonly string[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none'];

export interface LossOptions {
  /** Default 'sum_over_batch_size'; null means 'none'. */
  reduction?: LossReduction | null;
  name?: string;
}

/** A JSON-serializable config; keys are the constructor's option names. */
export type LossConfig = Record<string, string | number | boolean | null>;

export function checkReduction(owner: string, reduction: unknown): LossReduction {
  if (reduction === null) return 'none';
  if (typeof reduction !== 'string' || !REDUCTIONS.includes(reduction)) {
    throw new FluxionError(
      `${owner}: reduction must be one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')} or null, but received ${describeValue(reduction)}.`,
    );
  }
  return reduction as LossReduction;
}

/**
 * Aligns sample weights with the per-sample losses: Keras's squeeze/expand of a trailing 1, then
 * (as Keras 2 did) weights of the losses' leading dimensions get trailing size-1 axes, so that
 * per-sample weights [batch] apply to losses [batch, time]. Anything else must broadcast.
 */
export function alignWeights(owner: string, values: Tensor, weights: Tensor, what = 'the per-sample losses'): [Tensor, Tensor] {
  const [v, w0] = squeezeOrExpand(values, weights);
  let w = w0;
  if (w.rank < v.rank && w.rank > 0 && w.shape.every((d, i) => d === v.shape[i])) {
    w = reshape(w, [...w.shape, ...new Array<number>(v.rank - w.rank).fill(1)]);
  }
  const offset = v.rank - w.rank;
  if (offset < 0 || w.shape.some((d, i) => d !== 1 && d !== v.shape[i + offset])) {
    throw new FluxionError(
      `${owner}: sampleWeight has shape ${fmtShape(weights.shape)}, which does not fit ${what} of shape ${fmtShape(values.shape)}; ` +
        `use a scalar, one weight per sample (shape ${fmtShape(values.shape.slice(0, 1))}) or a shape that broadcasts to ${fmtShape(values.shape)}.`,
    );
  }
  return [v, w];
}

/** Keras's reduce_weighted_values with an optional mask of valid entries (apply_mask). */
export function reduceWeighted(owner: string, losses: Tensor, sampleWeight: Tensor | null, mask: Tensor | null, reduction: LossReduction): Tensor {
  let weights = sampleWeight;
  if (mask !== null) {
    let m = cast(mask, losses.dtype);
    if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
      // valid entries get weight total / valid, so that sum / total = sum over valid / valid
      m = mul(m, divNoNan(scalar(m.size, losses.dtype), sum(m)));
    }
    if (weights !== null) {
      const [mm, ww] = alignWeights(owner, m, weights);
      weights = mul(ww, mm);
    } else {
      weights = m;
    }
  }
  let values = losses;
  if (weights !== null) {
    const [v, w] = alignWeights(owner, values, weights);
    values = mul(v, w);
    weights = w;
  }
  if (reduction === 'none' || values.rank === 0) return values;
  const total = sum(values);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && weights !== null) return divNoNan(total, sum(weights));
  return divNoNan(total, scalar(values.size, values.dtype));
}

/**
 * Base class of Keras losses. Subclasses implement `compute(yTrue, yPred)` (per-sample losses);
 * `call(yTrue, yPred, sampleWeight?)` weights and reduces them.
 */
export abstract class Loss {
  readonly name: string;
  readonly reduction: LossReduction;

  constructor(options: LossOptions = {}) {
    const cls = this.constructor.name;
    this.reduction = checkReduction(cls, options.reduction === undefined ? 'sum_over_batch_size' : options.reduction);
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new FluxionError(`${cls}: name must be a non-empty string, but received ${describeValue(options.name)}.`);
    }
    this.name = options.name ?? snakeCase(cls);
  }

  /** The per-sample losses (Keras's Loss.call). */
  abstract compute(yTrue: Tensor, yPred: Tensor): Tensor;

  /** The per-sample losses and a mask of the entries that count (null: all count). */
  computeWithMask(yTrue: Tensor, yPred: Tensor): { loss: Tensor; mask: Tensor | null } {
    return { loss: this.compute(yTrue, yPred), mask: null };
  }

  /** The loss: per-sample losses, times sampleWeight, reduced by `reduction` (Keras's __call__). */
  call(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): Tensor {
    const owner = this.constructor.name;
    const [t, p] = lossOperands(owner, yTrue, yPred);
    const { loss, mask } = this.computeWithMask(t, p);
    const w = sampleWeight === undefined || sampleWeight === null ? null : cast(toTensor(sampleWeight, owner, 'sampleWeight', loss.dtype), loss.dtype);
    return reduceWeighted(owner, loss, w, mask, this.reduction);
  }

  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }

  /** Builds an instance from getConfig()'s output: `MeanSquaredError.fromConfig(config)`. */
  static fromConfig<T extends Loss>(this: new (options: LossConfig) => T, config: LossConfig): T {
    return new this(config);
  }
}

/** A per-sample loss function of (yTrue, yPred). */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Wraps a per-sample function as a Loss (Keras's LossFunctionWrapper). */
export class LossFunctionWrapper extends Loss {
  readonly fn: LossFn;

  constructor(fn: LossFn, options: LossOptions = {}) {
    if (typeof fn !== 'function') {
      throw new FluxionError(`LossFunctionWrapper: fn must be a function (yTrue, yPred) => per-sample losses, but received ${describeValue(fn)}.`);
    }
    super({ ...options, name: options.name ?? (fn.name ? snakeCase(fn.name) : 'loss_function_wrapper') });
    this.fn = fn;
  }

  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }
}

function opts(config: LossConfig | LossOptions, name: string): LossOptions {
  const c = config as Record<string, unknown>;
  return { reduction: c['reduction'] as LossReduction | null | undefined, name: (c['name'] as string | undefined) ?? name };
}

/** mean(square(yTrue - yPred), -1). */
export class MeanSquaredError extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'mean_squared_error'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.meanSquaredErrorPerSample(yTrue, yPred, 'MeanSquaredError');
  }
}

/** mean(|yTrue - yPred|, -1). */
export class MeanAbsoluteError extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'mean_absolute_error'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.meanAbsoluteError(yTrue, yPred);
  }
}

/** 100 * mean(|(yTrue - yPred) / max(|yTrue|, epsilon)|, -1). */
export class MeanAbsolutePercentageError extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'mean_absolute_percentage_error'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.meanAbsolutePercentageError(yTrue, yPred);
  }
}

/** mean(square(log(yPred + 1) - log(yTrue + 1)), -1). */
export class MeanSquaredLogarithmicError extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'mean_squared_logarithmic_error'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.meanSquaredLogarithmicError(yTrue, yPred);
  }
}

export interface HuberOptions extends LossOptions {
  delta?: number;
}

/** Huber loss with threshold delta (default 1). */
export class Huber extends Loss {
  readonly delta: number;
  constructor(options: HuberOptions = {}) {
    super(opts(options, 'huber_loss'));
    this.delta = requireNumber('Huber', 'delta', options.delta ?? 1, 0, Number.MAX_VALUE, 'a non-negative number');
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.huber(yTrue, yPred, this.delta);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** mean(log(cosh(yPred - yTrue)), -1). */
export class LogCosh extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'log_cosh'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.logCosh(yTrue, yPred);
  }
}

export interface BinaryCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** Binary cross-entropy, averaged over `axis` per sample. */
export class BinaryCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: BinaryCrossentropyOptions = {}) {
    super(opts(options, 'binary_crossentropy'));
    this.fromLogits = requireBoolean('BinaryCrossentropy', 'fromLogits', options.fromLogits ?? false);
    this.labelSmoothing = requireNumber('BinaryCrossentropy', 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1, 'a number in [0, 1]');
    this.axis = options.axis ?? -1;
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.binaryCrossentropy(yTrue, yPred, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

export interface BinaryFocalCrossentropyOptions extends LossOptions, F.BinaryFocalOptions {}

/** Binary focal cross-entropy (see binaryFocalCrossentropy). */
export class BinaryFocalCrossentropy extends Loss {
  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: BinaryFocalCrossentropyOptions = {}) {
    super(opts(options, 'binary_focal_crossentropy'));
    const o = 'BinaryFocalCrossentropy';
    this.applyClassBalancing = requireBoolean(o, 'applyClassBalancing', options.applyClassBalancing ?? false);
    this.alpha = requireNumber(o, 'alpha', options.alpha ?? 0.25, 0, 1, 'a number in [0, 1]');
    this.gamma = requireNumber(o, 'gamma', options.gamma ?? 2, 0, Number.MAX_VALUE, 'a non-negative number');
    this.fromLogits = requireBoolean(o, 'fromLogits', options.fromLogits ?? false);
    this.labelSmoothing = requireNumber(o, 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1, 'a number in [0, 1]');
    this.axis = options.axis ?? -1;
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.binaryFocalCrossentropy(yTrue, yPred, this);
  }
  override getConfig(): LossConfig {
    return {
      ...super.getConfig(),
      applyClassBalancing: this.applyClassBalancing,
      alpha: this.alpha,
      gamma: this.gamma,
      fromLogits: this.fromLogits,
      labelSmoothing: this.labelSmoothing,
      axis: this.axis,
    };
  }
}

export interface CategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** Cross-entropy for one-hot labels. */
export class CategoricalCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(options: CategoricalCrossentropyOptions = {}) {
    super(opts(options, 'categorical_crossentropy'));
    this.fromLogits = requireBoolean('CategoricalCrossentropy', 'fromLogits', options.fromLogits ?? false);
    this.labelSmoothing = requireNumber('CategoricalCrossentropy', 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1, 'a number in [0, 1]');
    this.axis = options.axis ?? -1;
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.categoricalCrossentropy(yTrue, yPred, this.fromLogits, this.labelSmoothing, this.axis);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  /** A class id (e.g. -1 or 255) whose entries get no loss and are left out of the mean. */
  ignoreClass?: number | null;
}

/** Cross-entropy for integer class labels. */
export class SparseCategoricalCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    super(opts(options, 'sparse_categorical_crossentropy'));
    this.fromLogits = requireBoolean('SparseCategoricalCrossentropy', 'fromLogits', options.fromLogits ?? false);
    const ic = options.ignoreClass ?? null;
    if (ic !== null && !Number.isInteger(ic)) {
      throw new FluxionError(`SparseCategoricalCrossentropy: ignoreClass must be an integer class id or null, but received ${describeValue(ic)}.`);
    }
    this.ignoreClass = ic;
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.computeWithMask(yTrue, yPred).loss;
  }
  override computeWithMask(yTrue: Tensor, yPred: Tensor): { loss: Tensor; mask: Tensor | null } {
    return F.sparseCategoricalCrossentropyWithMask(yTrue, yPred, this.fromLogits, this.ignoreClass);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass };
  }
}

/** Kullback-Leibler divergence sum(yTrue log(yTrue / yPred), -1). */
export class KLDivergence extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'kl_divergence'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.kullbackLeiblerDivergence(yTrue, yPred);
  }
}

/** mean(yPred - yTrue log(yPred + epsilon), -1). */
export class Poisson extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'poisson'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.poisson(yTrue, yPred);
  }
}

export interface CosineSimilarityOptions extends LossOptions {
  axis?: number;
}

/** -cosine similarity along `axis`. */
export class CosineSimilarity extends Loss {
  readonly axis: number;
  constructor(options: CosineSimilarityOptions = {}) {
    super(opts(options, 'cosine_similarity'));
    this.axis = options.axis ?? -1;
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.cosineSimilarity(yTrue, yPred, this.axis);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** mean(max(1 - yTrue yPred, 0), -1). */
export class Hinge extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'hinge'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.hinge(yTrue, yPred);
  }
}

/** mean(square(max(1 - yTrue yPred, 0)), -1). */
export class SquaredHinge extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'squared_hinge'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.squaredHinge(yTrue, yPred);
  }
}

/** max(neg - pos + 1, 0) for one-hot labels. */
export class CategoricalHinge extends Loss {
  constructor(options: LossOptions = {}) {
    super(opts(options, 'categorical_hinge'));
  }
  compute(yTrue: Tensor, yPred: Tensor): Tensor {
    return F.categoricalHinge(yTrue, yPred);
  }
}

// ---------------------------------------------------------------- get

type LossClass = new (options: LossConfig) => Loss;

const LOSS_CLASSES: Record<string, LossClass> = {
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  Huber,
  LogCosh,
  BinaryCrossentropy,
  BinaryFocalCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  KLDivergence,
  Poisson,
  CosineSimilarity,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
};

/** Function names (Keras snake_case, TF.js/Fluxion camelCase) and Keras's short aliases -> class. */
const LOSS_ALIASES: Record<string, string> = {
  mean_squared_error: 'MeanSquaredError',
  mse: 'MeanSquaredError',
  MSE: 'MeanSquaredError',
  mean_absolute_error: 'MeanAbsoluteError',
  mae: 'MeanAbsoluteError',
  MAE: 'MeanAbsoluteError',
  mean_absolute_percentage_error: 'MeanAbsolutePercentageError',
  mape: 'MeanAbsolutePercentageError',
  MAPE: 'MeanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'MeanSquaredLogarithmicError',
  msle: 'MeanSquaredLogarithmicError',
  MSLE: 'MeanSquaredLogarithmicError',
  huber: 'Huber',
  huber_loss: 'Huber',
  log_cosh: 'LogCosh',
  logcosh: 'LogCosh',
  binary_crossentropy: 'BinaryCrossentropy',
  bce: 'BinaryCrossentropy',
  BCE: 'BinaryCrossentropy',
  binary_focal_crossentropy: 'BinaryFocalCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  kl_divergence: 'KLDivergence',
  kullback_leibler_divergence: 'KLDivergence',
  kld: 'KLDivergence',
  KLD: 'KLDivergence',
  poisson: 'Poisson',
  cosine_similarity: 'CosineSimilarity',
  cosine_proximity: 'CosineSimilarity',
  cosine: 'CosineSimilarity',
  hinge: 'Hinge',
  squared_hinge: 'SquaredHinge',
  categorical_hinge: 'CategoricalHinge',
};

const lossGetter = identifierGetter<Loss, LossConfig>({
  module: 'losses',
  what: 'loss',
  baseName: 'Loss',
  classes: LOSS_CLASSES,
  aliases: LOSS_ALIASES,
  isInstance: (v): v is Loss => v instanceof Loss,
  wrap: (fn) => new LossFunctionWrapper(fn),
});

/** Every name fx.losses.get accepts, sorted. */
export function lossNames(): string[] {
  return lossGetter.names();
}

export type LossIdentifier = string | Loss | LossFn | { className: string; config?: LossConfig };

/**
 * Resolves a loss identifier to a Loss instance: a Keras or TF.js name ('mse',
 * 'mean_squared_error', 'meanSquaredError', 'MeanSquaredError', 'sparseCategoricalCrossentropy',
 * ...), a Loss instance (returned as is), a per-sample function (wrapped in LossFunctionWrapper) or
 * a {className, config} object (from a saved config).
 */
export function get(identifier: LossIdentifier): Loss {
  return lossGetter.get(identifier);
}

/** Serializes a loss as {className, config} (for get / saving). */
export function serialize(loss: Loss): { className: string; config: LossConfig } {
  return { className: loss.constructor.name, config: loss.getConfig() };
}
