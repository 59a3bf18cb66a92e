/** Activation layers with options (Keras 3): ReLU, LeakyReLU, PReLU, ELU, Softmax. */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { checkAxisArg, checkNumber, fmtShape, normalizeAxes, singleInput } from './layer-args.js';
import { registerLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

function floatInput(layer: Layer, inputs: LayerInputs): Tensor {
  const x = singleInput(layer, inputs);
  return x.dtype === 'float32' || x.dtype === 'float64' ? x : ops.cast(x, layer.dtype);
}

/** Elementwise activation layers: same shape, mask passed through. */
abstract class ElementwiseActivation extends Layer {
  constructor(args: LayerArgs) {
    super(args);
    this.supportsMasking = true;
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
}

// ---------------------------------------------------------------- ReLU

export interface ReLUArgs extends LayerArgs {
  /** Upper bound of the output (none by default). */
  maxValue?: number | null;
  /** Slope below the threshold (default 0). */
  negativeSlope?: number;
  /** Values above it pass (default 0). */
  threshold?: number;
}

/**
 * f(x) = min(x, maxValue) for x > threshold, negativeSlope * (x - threshold) otherwise (Keras 3's ReLU).
 */
export class ReLU extends ElementwiseActivation {
  static override readonly className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;
  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue === undefined || args.maxValue === null ? null : checkNumber('ReLU', 'maxValue', args.maxValue, { min: 0 });
    this.negativeSlope = checkNumber('ReLU', 'negativeSlope', args.negativeSlope ?? 0, { min: 0 });
    this.threshold = checkNumber('ReLU', 'threshold', args.threshold ?? 0, { min: 0 });
  }
  override call(inputs: LayerInputs): Tensor {
    const x = floatInput(this, inputs);
    if (this.threshold === 0 && this.negativeSlope === 0) {
      return this.maxValue === null ? ops.relu(x) : ops.clipByValue(ops.relu(x), 0, this.maxValue);
    }
    const above = this.maxValue === null ? x : ops.minimum(x, this.maxValue);
    const below = ops.mul(ops.sub(x, this.threshold), this.negativeSlope);
    return ops.where(ops.greater(x, this.threshold), above, below);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

// ---------------------------------------------------------------- LeakyReLU

export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for x < 0 (default 0.3, as Keras and TensorFlow.js). */
  negativeSlope?: number;
  /** TensorFlow.js's name for negativeSlope. */
  alpha?: number;
}

/** f(x) = x for x >= 0, negativeSlope * x otherwise. */
export class LeakyReLU extends ElementwiseActivation {
  static override readonly className = 'LeakyReLU';
  readonly negativeSlope: number;
  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    if (args.negativeSlope !== undefined && args.alpha !== undefined && args.negativeSlope !== args.alpha) {
      throw new FluxionError(
        `LeakyReLU: negativeSlope and alpha (its TensorFlow.js name) are the same option, but received negativeSlope=${args.negativeSlope} and alpha=${args.alpha}; give only one.`,
      );
    }
    this.negativeSlope = checkNumber('LeakyReLU', args.negativeSlope === undefined && args.alpha !== undefined ? 'alpha' : 'negativeSlope', args.negativeSlope ?? args.alpha ?? 0.3, { min: 0 });
  }
  /** TensorFlow.js's name for negativeSlope. */
  get alpha(): number {
    return this.negativeSlope;
  }
  override call(inputs: LayerInputs): Tensor {
    return ops.leakyRelu(floatInput(this, inputs), this.negativeSlope);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}

// ---------------------------------------------------------------- PReLU

export interface PReLUArgs extends LayerArgs {
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier | null;
  alphaConstraint?: ConstraintIdentifier | null;
  /** Axes (1-based, as Keras) along which one slope is shared, e.g. [1, 2] for one slope per channel of images. */
  sharedAxes?: number | number[] | null;
}

/** f(x) = x for x >= 0, alpha * x otherwise, with a learned slope `alpha` per input element (weight "alpha"). */
export class PReLU extends ElementwiseActivation {
  static override readonly className = 'PReLU';
  readonly sharedAxes: number[] | null;
  alpha: Variable | null = null;
  private readonly args: PReLUArgs;
  constructor(args: PReLUArgs = {}) {
    super(args);
    const s = args.sharedAxes;
    if (s === undefined || s === null) this.sharedAxes = null;
    else if (Number.isInteger(s) && (s as number) > 0) this.sharedAxes = [s as number];
    else if (Array.isArray(s) && s.every((a) => Number.isInteger(a) && a > 0)) this.sharedAxes = [...s];
    else {
      throw new FluxionError(
        `PReLU: sharedAxes must be a positive integer or an array of positive integers (axes of the input, 1 the first after the batch axis), but received ${describeValue(s)}.`,
      );
    }
    this.args = args;
  }
  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    for (const a of this.sharedAxes ?? []) {
      if (a >= shape.length) {
        throw new FluxionError(`Layer "${this.name}": sharedAxes contains axis ${a}, but the input has rank ${shape.length} (shape ${fmtShape(shape)}).`);
      }
    }
    const axes: Record<number, number> = {};
    const paramShape = shape.slice(1).map((d, k) => {
      const i = k + 1;
      if (this.sharedAxes?.includes(i)) return 1;
      if (d === null || d === undefined) {
        throw new FluxionError(
          `Layer "${this.name}": axis ${i} of the input must have a known size to create the weight "alpha" (or be listed in sharedAxes), but the input shape is ${fmtShape(shape)}.`,
        );
      }
      axes[i] = d;
      return d;
    });
    this.alpha = this.addWeight('alpha', paramShape, {
      initializer: this.args.alphaInitializer ?? 'zeros',
      regularizer: this.args.alphaRegularizer ?? null,
      constraint: this.args.alphaConstraint ?? null,
    });
    this.inputSpec = { ndim: shape.length, axes };
    this.built = true;
  }
  override call(inputs: LayerInputs): Tensor {
    return ops.prelu(floatInput(this, inputs), this.alpha as Variable);
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      alphaInitializer: this.args.alphaInitializer ?? 'zeros',
      alphaRegularizer: this.args.alphaRegularizer ?? null,
      alphaConstraint: this.args.alphaConstraint ?? null,
      sharedAxes: this.sharedAxes,
    };
  }
}

// ---------------------------------------------------------------- ELU

export interface ELUArgs extends LayerArgs {
  alpha?: number;
}

/** f(x) = x for x > 0, alpha * (exp(x) - 1) otherwise. */
export class ELU extends ElementwiseActivation {
  static override readonly className = 'ELU';
  readonly alpha: number;
  constructor(args: ELUArgs = {}) {
    super(args);
    this.alpha = checkNumber('ELU', 'alpha', args.alpha ?? 1);
  }
  override call(inputs: LayerInputs): Tensor {
    return ops.elu(floatInput(this, inputs), this.alpha);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

// ---------------------------------------------------------------- Softmax

export interface SoftmaxArgs extends LayerArgs {
  axis?: number | number[];
}

/**
 * Softmax over `axis` (one axis or several). With a mask (true, or > 0.5, = keep) the masked
 * logits are replaced by -1e9 and the masked outputs set to 0, as Keras 3.
 */
export class Softmax extends ElementwiseActivation {
  static override readonly className = 'Softmax';
  readonly axis: number | number[];
  constructor(args: SoftmaxArgs = {}) {
    super(args);
    this.axis = checkAxisArg('Softmax', args.axis, -1);
  }
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    let x = floatInput(this, inputs);
    const mask = Array.isArray(args.mask) ? (args.mask[0] ?? null) : (args.mask ?? null);
    const keep = mask === null ? null : ops.broadcastTo(mask.dtype === 'bool' ? mask : ops.greater(mask, 0.5), x.shape);
    if (keep !== null) x = ops.where(keep, x, ops.fill(x.shape, -1e9, x.dtype));
    const axes = normalizeAxes(this, this.axis, x.rank, [...x.shape], true);
    const y = axes.length === 1 ? ops.softmax(x, axes[0]) : ops.exp(ops.sub(x, ops.logSumExp(x, axes, true)));
    // masked positions are exactly 0, also in rows where everything is masked
    return keep === null ? y : ops.mul(y, ops.cast(keep, y.dtype));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer('ReLU', (c) => new ReLU(c as ReLUArgs));
registerLayer('LeakyReLU', (c) => new LeakyReLU(c as LeakyReLUArgs));
registerLayer('PReLU', (c) => new PReLU(c as PReLUArgs));
registerLayer('ELU', (c) => new ELU(c as ELUArgs));
registerLayer('Softmax', (c) => new Softmax(c as SoftmaxArgs));
