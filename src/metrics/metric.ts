/**
 * Keras 3's stateful metric base classes: Metric (state in non-trainable Fluxion Variables, so a
 * metric can be saved and restored), Mean, Sum and MeanMetricWrapper.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, TensorLike, Variable } from '../core/tensor.js';
import { broadcastTo, cast, divNoNan, mean, mul, scalar, sum, variable, zeros } from '../ops/index.js';
import { alignWeights } from '../losses/classes.js';
import { snakeCase, toTensor } from '../losses/util.js';

export type MetricDType = 'float32' | 'float64';

export interface MetricOptions {
  name?: string;
  /** The dtype of the state and the result (default float32, as Keras's floatx). */
  dtype?: MetricDType;
}

/** A JSON-serializable config; keys are the constructor's option names. */
export type MetricConfig = Record<string, string | number | boolean | null | readonly number[]>;

/**
 * Base class of stateful metrics: updateState(yTrue, yPred, sampleWeight?) accumulates, result()
 * reads, resetState() zeroes every state variable.
 */
export abstract class Metric {
  readonly name: string;
  readonly dtype: MetricDType;
  private readonly stateVariables: Variable[] = [];

  constructor(options: MetricOptions = {}) {
    const cls = this.constructor.name;
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new FluxionError(`${cls}: name must be a non-empty string, but received ${describeValue(options.name)}.`);
    }
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new FluxionError(`${cls}: dtype must be 'float32' or 'float64', but received ${describeValue(dtype)}.`);
    }
    this.name = options.name ?? snakeCase(cls);
    this.dtype = dtype;
  }

  /** Creates a zero-initialized, non-trainable state variable (Keras's add_variable). */
  protected addVariable(shape: readonly number[], name: string): Variable {
    const v = variable(zeros([...shape], this.dtype), false, `${this.name}/${name}`);
    this.stateVariables.push(v);
    return v;
  }

  /** The state variables, in creation order. */
  get variables(): Variable[] {
    return [...this.stateVariables];
  }

  abstract updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void;
  abstract result(): Tensor;

  /** Sets every state variable back to zeros. */
  resetState(): void {
    for (const v of this.stateVariables) v.assign(zeros(v.shape, v.dtype));
  }

  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }

  /** Builds an instance from getConfig()'s output. */
  static fromConfig<T extends Metric>(this: new (options: MetricConfig) => T, config: MetricConfig): T {
    return new this(config);
  }

  /** Converts sampleWeight (null/undefined stay null) to the metric's dtype. */
  protected weights(sampleWeight: TensorLike | null | undefined): Tensor | null {
    if (sampleWeight === undefined || sampleWeight === null) return null;
    return cast(toTensor(sampleWeight, this.constructor.name, 'sampleWeight', this.dtype), this.dtype);
  }
}

/**
 * Keras's reduce_to_samplewise_values: weights are aligned with the values, the values are
 * averaged down to the weights' rank and multiplied by them; then everything beyond the first
 * axis is averaged. Returns the per-sample (weighted) values and the per-sample weights.
 */
export function reduceToSamplewise(owner: string, values: Tensor, sampleWeight: Tensor | null): [Tensor, Tensor | null] {
  let v = values;
  let w = sampleWeight;
  if (w !== null) {
    [v, w] = alignWeights(owner, v, w, 'the values');
    if (v.rank > w.rank) {
      v = mean(v, Array.from({ length: v.rank - w.rank }, (_, i) => w!.rank + i));
    }
    w = broadcastTo(w, v.shape);
    v = mul(v, w);
    if (w.rank > 1) w = mean(w, Array.from({ length: w.rank - 1 }, (_, i) => i + 1));
  }
  if (v.rank > 1) v = mean(v, Array.from({ length: v.rank - 1 }, (_, i) => i + 1));
  return [v, w];
}

/** The (weighted) mean of all values given to updateState: total / count. */
export class Mean extends Metric {
  readonly total: Variable;
  readonly count: Variable;

  constructor(options: MetricOptions = {}) {
    super({ ...options, name: options.name ?? 'mean' });
    this.total = this.addVariable([], 'total');
    this.count = this.addVariable([], 'count');
  }

  /** Adds values (optionally weighted); Mean's signature is (values, sampleWeight?). */
  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const owner = this.constructor.name;
    const v0 = cast(toTensor(values, owner, 'values', this.dtype), this.dtype);
    const [v, w] = reduceToSamplewise(owner, v0, this.weights(sampleWeight));
    this.total.assignAdd(sum(v));
    const n = w !== null ? sum(w) : scalar(v.rank >= 1 ? (v.shape[0] as number) : 1, this.dtype);
    this.count.assignAdd(n);
  }

  result(): Tensor {
    return divNoNan(this.total, this.count);
  }
}

/** The (weighted) sum of all values given to updateState. */
export class Sum extends Metric {
  readonly total: Variable;

  constructor(options: MetricOptions = {}) {
    super({ ...options, name: options.name ?? 'sum' });
    this.total = this.addVariable([], 'total');
  }

  updateState(values: TensorLike, sampleWeight?: TensorLike | null): void {
    const owner = this.constructor.name;
    const v0 = cast(toTensor(values, owner, 'values', this.dtype), this.dtype);
    const [v] = reduceToSamplewise(owner, v0, this.weights(sampleWeight));
    this.total.assignAdd(sum(v));
  }

  result(): Tensor {
    return this.total;
  }
}

/** A metric function of (yTrue, yPred) returning per-sample values. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The running (weighted) mean of a per-sample function (Keras's MeanMetricWrapper). */
export class MeanMetricWrapper extends Metric {
  readonly fn: MetricFn;
  private readonly mean_: Mean;

  constructor(fn: MetricFn, options: MetricOptions = {}) {
    if (typeof fn !== 'function') {
      throw new FluxionError(`MeanMetricWrapper: fn must be a function (yTrue, yPred) => per-sample values, but received ${describeValue(fn)}.`);
    }
    super({ ...options, name: options.name ?? (fn.name ? snakeCase(fn.name) : 'mean_metric_wrapper') });
    this.fn = fn;
    this.mean_ = new Mean({ name: this.name, dtype: this.dtype });
  }

  override get variables(): Variable[] {
    return this.mean_.variables;
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike | null): void {
    const owner = this.constructor.name;
    const t = toTensor(yTrue, owner, 'yTrue');
    const p = toTensor(yPred, owner, 'yPred');
    this.mean_.updateState(this.fn(t, p), sampleWeight);
  }

  result(): Tensor {
    return this.mean_.result();
  }

  override resetState(): void {
    this.mean_.resetState();
  }
}
