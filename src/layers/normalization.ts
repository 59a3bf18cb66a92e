/**
 * Normalization layers (Keras 3): BatchNormalization, LayerNormalization, GroupNormalization,
 * UnitNormalization.
 */
import { stopGradient } from '../autodiff/index.js';
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { checkAxisArg, checkBool, checkNumber, fmtShape, normalizeAxes, singleInput } from './layer-args.js';
import { registerLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

/** Keras's backend.epsilon(), the fuzz factor of the masked moments. */
const FUZZ = 1e-7;

interface AffineArgs extends LayerArgs {
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/** Shared handling of epsilon, center/scale and the gamma/beta options. */
abstract class AffineNormalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  protected readonly affine: AffineArgs;

  constructor(cls: string, args: AffineArgs) {
    super(args);
    this.epsilon = checkNumber(cls, 'epsilon', args.epsilon ?? 1e-3, { min: 0 });
    this.center = checkBool(cls, 'center', args.center, true);
    this.scale = checkBool(cls, 'scale', args.scale, true);
    this.affine = args;
    this.supportsMasking = true;
  }

  protected addAffineWeights(shape: number[], withBeta = this.center): void {
    if (this.scale) {
      this.gamma = this.addWeight('gamma', shape, {
        initializer: this.affine.gammaInitializer ?? 'ones',
        regularizer: this.affine.gammaRegularizer ?? null,
        constraint: this.affine.gammaConstraint ?? null,
      });
    }
    if (withBeta) {
      this.beta = this.addWeight('beta', shape, {
        initializer: this.affine.betaInitializer ?? 'zeros',
        regularizer: this.affine.betaRegularizer ?? null,
        constraint: this.affine.betaConstraint ?? null,
      });
    }
  }

  protected knownDims(shape: ShapeWithNull, axes: number[]): number[] {
    return axes.map((a) => {
      const d = shape[a];
      if (d === null || d === undefined) {
        throw new FluxionError(
          `Layer "${this.name}": axis ${a} of the input must have a known size to create the weights, but the input shape is ${fmtShape(shape)}.`,
        );
      }
      return d;
    });
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: this.affine.betaInitializer ?? 'zeros',
      gammaInitializer: this.affine.gammaInitializer ?? 'ones',
      betaRegularizer: this.affine.betaRegularizer ?? null,
      gammaRegularizer: this.affine.gammaRegularizer ?? null,
      betaConstraint: this.affine.betaConstraint ?? null,
      gammaConstraint: this.affine.gammaConstraint ?? null,
    };
  }
}

function asLayerFloat(layer: Layer, x: Tensor): Tensor {
  return x.dtype === layer.dtype ? x : ops.cast(x, layer.dtype);
}

// ---------------------------------------------------------------- BatchNormalization

export interface BatchNormalizationArgs extends AffineArgs {
  axis?: number;
  momentum?: number;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

/**
 * Normalizes each channel (`axis`) with the batch mean and variance during training (and updates
 * the moving statistics: moving = moving * momentum + batch * (1 - momentum)), and with the moving
 * statistics at inference or when the layer is frozen (trainable = false), as Keras 3.
 */
export class BatchNormalization extends AffineNormalization {
  static override readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  private readonly bnArgs: BatchNormalizationArgs;
  private positiveAxis = -1;
  private reductionAxes: number[] = [];
  private broadcastShape: number[] = [];

  constructor(args: BatchNormalizationArgs = {}) {
    super('BatchNormalization', args);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new FluxionError(`BatchNormalization: axis must be an integer, but received ${describeValue(axis)}.`);
    this.axis = axis;
    this.momentum = checkNumber('BatchNormalization', 'momentum', args.momentum ?? 0.99, { min: 0, max: 1 });
    this.bnArgs = args;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    const rank = shape.length;
    const [axis] = normalizeAxes(this, this.axis, rank, shape) as [number];
    const [dim] = this.knownDims(shape, [axis]) as [number];
    this.positiveAxis = axis;
    this.addAffineWeights([dim]);
    this.movingMean = this.addWeight('moving_mean', [dim], { initializer: this.bnArgs.movingMeanInitializer ?? 'zeros', trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [dim], { initializer: this.bnArgs.movingVarianceInitializer ?? 'ones', trainable: false });
    this.reductionAxes = [...Array(rank).keys()].filter((a) => a !== axis);
    this.broadcastShape = shape.map((_, i) => (i === axis ? dim : 1));
    this.inputSpec = { ndim: rank, axes: { [this.axis]: dim } };
    this.built = true;
  }

  /** Per-channel values reshaped to broadcast against the input. */
  private bc(v: Tensor | null): Tensor | null {
    if (v === null) return null;
    return this.positiveAxis === this.broadcastShape.length - 1 ? v : ops.reshape(v, this.broadcastShape);
  }

  private moments(x: Tensor, mask: Tensor | null): { mean: Tensor; variance: Tensor } {
    if (mask === null) return ops.moments(x, this.reductionAxes, false);
    // Keras 3's masked moments: mask weights broadcast over the channel axis.
    let w = ops.cast(mask, x.dtype);
    if (w.rank === x.rank - 1) w = ops.expandDims(w, -1);
    const weighted = ops.mul(x, w);
    const weightSum = ops.add(ops.sum(ops.mul(w, ops.onesLike(x)), this.reductionAxes, true), FUZZ);
    const mean = ops.div(ops.sum(weighted, this.reductionAxes, true), weightSum);
    const variance = ops.div(ops.sum(ops.mul(w, ops.square(ops.sub(weighted, mean))), this.reductionAxes, true), weightSum);
    const dim = this.broadcastShape[this.positiveAxis] as number;
    return { mean: ops.reshape(mean, [dim]), variance: ops.reshape(variance, [dim]) };
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = asLayerFloat(this, singleInput(this, inputs));
    const movingMean = this.movingMean as Variable;
    const movingVariance = this.movingVariance as Variable;
    if (args.training === true && this.trainable) {
      const mask = Array.isArray(args.mask) ? (args.mask[0] ?? null) : (args.mask ?? null);
      const { mean, variance } = this.moments(x, mask);
      const m = this.momentum;
      movingMean.assign(ops.cast(ops.add(ops.mul(movingMean, m), ops.mul(stopGradient(mean), 1 - m)), movingMean.dtype));
      movingVariance.assign(ops.cast(ops.add(ops.mul(movingVariance, m), ops.mul(stopGradient(variance), 1 - m)), movingVariance.dtype));
      return ops.batchNorm(x, this.bc(mean) as Tensor, this.bc(variance) as Tensor, this.bc(this.beta), this.bc(this.gamma), this.epsilon);
    }
    return ops.batchNorm(x, this.bc(movingMean) as Tensor, this.bc(movingVariance) as Tensor, this.bc(this.beta), this.bc(this.gamma), this.epsilon);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      movingMeanInitializer: this.bnArgs.movingMeanInitializer ?? 'zeros',
      movingVarianceInitializer: this.bnArgs.movingVarianceInitializer ?? 'ones',
    };
  }
}

// ---------------------------------------------------------------- LayerNormalization

export interface LayerNormalizationArgs extends AffineArgs {
  axis?: number | number[];
  /** Scale by the root mean square only (no centering, no beta): RMS normalization. */
  rmsScaling?: boolean;
}

/** Normalizes each sample over `axis` (the features), then applies gamma and beta (Keras 3). */
export class LayerNormalization extends AffineNormalization {
  static override readonly className = 'LayerNormalization';
  readonly axis: number | number[];
  readonly rmsScaling: boolean;
  private axes: number[] = [];
  private broadcastShape: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super('LayerNormalization', args);
    this.axis = checkAxisArg('LayerNormalization', args.axis, -1);
    this.rmsScaling = checkBool('LayerNormalization', 'rmsScaling', args.rmsScaling, false);
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    this.axes = normalizeAxes(this, this.axis, shape.length, shape);
    const dims = this.knownDims(shape, this.axes);
    this.addAffineWeights(dims, this.center && !this.rmsScaling);
    const sorted = [...this.axes].sort((a, b) => a - b);
    this.broadcastShape = shape.map((d, i) => (sorted.includes(i) ? (d as number) : 1));
    this.built = true;
  }

  private bc(v: Variable | null): Tensor | null {
    if (v === null) return null;
    return ops.reshape(this.axes.length > 1 ? ops.transpose(v, argsortPerm(this.axes)) : v, this.broadcastShape);
  }

  override call(inputs: LayerInputs): Tensor {
    const x = asLayerFloat(this, singleInput(this, inputs));
    const gamma = this.bc(this.gamma);
    const beta = this.bc(this.beta);
    if (this.rmsScaling) {
      const y = ops.mul(x, ops.rsqrt(ops.add(ops.mean(ops.square(x), this.axes, true), this.epsilon)));
      return gamma ? ops.mul(y, gamma) : y;
    }
    const { mean, variance } = ops.moments(x, this.axes, true);
    return ops.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis, rmsScaling: this.rmsScaling };
  }
}

/** The permutation that sorts `axes` (the weight dims follow the order the axes were given in). */
function argsortPerm(axes: number[]): number[] {
  return axes.map((a, i) => [a, i] as const).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
}

// ---------------------------------------------------------------- GroupNormalization

export interface GroupNormalizationArgs extends AffineArgs {
  /** Number of groups the channels are split into; -1 for one group per channel (instance normalization). */
  groups?: number;
  axis?: number;
}

/** Splits the channels (`axis`) into groups and normalizes each group of each sample (Keras 3). */
export class GroupNormalization extends AffineNormalization {
  static override readonly className = 'GroupNormalization';
  readonly groups: number;
  readonly axis: number;
  private effectiveGroups = 1;
  private positiveAxis = -1;

  constructor(args: GroupNormalizationArgs = {}) {
    super('GroupNormalization', args);
    const groups = args.groups ?? 32;
    if (!Number.isInteger(groups) || (groups <= 0 && groups !== -1)) {
      throw new FluxionError(`GroupNormalization: groups must be a positive integer or -1, but received ${describeValue(groups)}.`);
    }
    this.groups = groups;
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new FluxionError(`GroupNormalization: axis must be an integer, but received ${describeValue(axis)}.`);
    this.axis = axis;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    const [axis] = normalizeAxes(this, this.axis, shape.length, shape) as [number];
    const dim = shape[axis];
    if (dim === null || dim === undefined) {
      throw new FluxionError(
        `Layer "${this.name}": axis ${this.axis} of the input must have a known size (the channels), but the input shape is ${fmtShape(shape)}.`,
      );
    }
    const groups = this.groups === -1 ? dim : this.groups;
    if (dim < groups) {
      throw new FluxionError(`Layer "${this.name}": the number of groups (${groups}) cannot be more than the number of channels (${dim}).`);
    }
    if (dim % groups !== 0) {
      throw new FluxionError(`Layer "${this.name}": the number of channels (${dim}) must be a multiple of the number of groups (${groups}).`);
    }
    this.effectiveGroups = groups;
    this.positiveAxis = axis;
    this.addAffineWeights([dim]);
    this.inputSpec = { ndim: shape.length, axes: { [this.axis]: dim } };
    this.built = true;
  }

  override call(inputs: LayerInputs): Tensor {
    const x = asLayerFloat(this, singleInput(this, inputs));
    const axis = this.positiveAxis;
    const dim = x.shape[axis] as number;
    const g = this.effectiveGroups;
    const grouped = [...x.shape.slice(0, axis), g, dim / g, ...x.shape.slice(axis + 1)];
    const xg = ops.reshape(x, grouped);
    const reduce = [...Array(grouped.length).keys()].filter((a) => a !== 0 && a !== axis);
    const { mean, variance } = ops.moments(xg, reduce, true);
    const normalized = ops.reshape(ops.batchNorm(xg, mean, variance, null, null, this.epsilon), x.shape);
    const bshape = x.shape.map((d, i) => (i === axis ? d : 1));
    let y = normalized;
    if (this.gamma) y = ops.mul(y, ops.reshape(this.gamma, bshape));
    if (this.beta) y = ops.add(y, ops.reshape(this.beta, bshape));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), groups: this.groups, axis: this.axis };
  }
}

// ---------------------------------------------------------------- UnitNormalization

export interface UnitNormalizationArgs extends LayerArgs {
  axis?: number | number[];
}

/** Scales each sample to unit L2 norm over `axis`: x / sqrt(max(sum(x^2), 1e-12)) (Keras 3). */
export class UnitNormalization extends Layer {
  static override readonly className = 'UnitNormalization';
  readonly axis: number | number[];
  private axes: number[] = [];

  constructor(args: UnitNormalizationArgs = {}) {
    super(args);
    this.axis = checkAxisArg('UnitNormalization', args.axis, -1);
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    this.axes = normalizeAxes(this, this.axis, shape.length, shape);
    this.built = true;
  }

  override call(inputs: LayerInputs): Tensor {
    const x = asLayerFloat(this, singleInput(this, inputs));
    const squareSum = ops.sum(ops.square(x), this.axes, true);
    return ops.mul(x, ops.rsqrt(ops.maximum(squareSum, 1e-12)));
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer('BatchNormalization', (c) => new BatchNormalization(c as BatchNormalizationArgs));
registerLayer('LayerNormalization', (c) => new LayerNormalization(c as LayerNormalizationArgs));
registerLayer('GroupNormalization', (c) => new GroupNormalization(c as GroupNormalizationArgs));
registerLayer('UnitNormalization', (c) => new UnitNormalization(c as UnitNormalizationArgs));
