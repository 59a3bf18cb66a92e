/** Core layers: Dense, Activation, Dropout, Flatten, Reshape. */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { activationName, getActivation, type ActivationFn } from './activations.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { singleInput } from './layer-args.js';
import { registerLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';
import type { Variable } from '../core/tensor.js';


function positiveInt(layer: string, arg: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) {
    throw new FluxionError(`${layer}: ${arg} must be a positive integer, but received ${describeValue(v)}.`);
  }
  return v as number;
}

/** Keras activation names the fused matMul epilogue computes, with its own names. */
const FUSED_ACTIVATIONS: Record<string, 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'tanh'> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
};

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/** output = activation(dot(input, kernel) + bias), applied to the last axis. */
export class Dense extends Layer {
  static override readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  private readonly activationId: string;
  readonly useBias: boolean;
  kernel: Variable | null = null;
  bias: Variable | null = null;
  private readonly args: DenseArgs;

  constructor(args: DenseArgs) {
    super(args);
    this.units = positiveInt('Dense', 'units', args?.units);
    this.activation = getActivation(args.activation);
    this.activationId = activationName(args.activation);
    this.useBias = args.useBias ?? true;
    this.args = args;
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new FluxionError(`Dense "${this.name}": the last dimension of the input must be known, but the input shape is [${shape.join(', ')}].`);
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer ?? null,
      constraint: this.args.kernelConstraint ?? null,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer ?? null,
        constraint: this.args.biasConstraint ?? null,
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inDim } };
    this.built = true;
  }

  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const x = singleInput(this, inputs);
    const kernel = this.kernel as Variable;
    const fusable = FUSED_ACTIVATIONS[this.activationId];
    if (x.rank === 2 && fusable !== undefined && kernel.dtype === 'float32') {
      // One GEMM with the bias and activation applied in its epilogue (fx.fused.matMul).
      return ops.fused.matMul({ a: ops.cast(x, kernel.dtype), b: kernel, ...(this.bias ? { bias: this.bias } : {}), activation: fusable });
    }
    let y: Tensor;
    if (x.rank === 2) {
      y = ops.matMul(ops.cast(x, kernel.dtype), kernel);
    } else {
      const flat = ops.reshape(ops.cast(x, kernel.dtype), [-1, x.shape[x.rank - 1] as number]);
      y = ops.reshape(ops.matMul(flat, kernel), [...x.shape.slice(0, -1), this.units]);
    }
    if (this.bias) y = ops.add(y, this.bias);
    return this.activation(y);
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const shape = inputShape as ShapeWithNull;
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationId,
      useBias: this.useBias,
      kernelInitializer: this.args.kernelInitializer ?? 'glorotUniform',
      biasInitializer: this.args.biasInitializer ?? 'zeros',
      kernelRegularizer: this.args.kernelRegularizer ?? null,
      biasRegularizer: this.args.biasRegularizer ?? null,
      kernelConstraint: this.args.kernelConstraint ?? null,
      biasConstraint: this.args.biasConstraint ?? null,
    };
  }
}

export interface ActivationArgs extends LayerArgs {
  activation: string | ActivationFn;
}

export class Activation extends Layer {
  static override readonly className = 'Activation';
  readonly activation: ActivationFn;
  private readonly activationId: string;
  constructor(args: ActivationArgs) {
    super(args);
    this.activation = getActivation(args.activation);
    this.activationId = activationName(args.activation);
    this.supportsMasking = true;
  }
  override call(inputs: LayerInputs): Tensor {
    return this.activation(singleInput(this, inputs));
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activationId };
  }
}

export interface DropoutArgs extends LayerArgs {
  rate: number;
  noiseShape?: (number | null)[];
  seed?: number;
}

/** Zeroes a fraction `rate` of the inputs during training and scales the rest by 1/(1-rate). */
export class Dropout extends Layer {
  static override readonly className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | undefined;
  readonly seed: number | undefined;
  constructor(args: DropoutArgs) {
    super(args);
    if (typeof args?.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new FluxionError(`Dropout: rate must be a number in [0, 1), but received ${describeValue(args?.rate)}.`);
    }
    this.rate = args.rate;
    this.noiseShape = args.noiseShape;
    this.seed = args.seed;
    this.supportsMasking = true;
  }
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = singleInput(this, inputs);
    if (!args.training || this.rate === 0) return x;
    const noise = this.noiseShape?.map((d, i) => d ?? (x.shape[i] as number));
    return ops.dropout(x, this.rate, noise);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }
}

/** Flattens every dimension but the batch one. */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';
  constructor(args: LayerArgs = {}) {
    super(args);
    this.inputSpec = { minNdim: 1 };
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    return ops.reshape(x, [x.shape[0] ?? 1, -1]);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const rest = s.slice(1);
    return [s[0] ?? null, rest.some((d) => d === null) ? null : rest.reduce<number>((a, b) => a * (b as number), 1)];
  }
}

export interface ReshapeArgs extends LayerArgs {
  targetShape: (number | null)[];
}

/** Reshapes the non-batch dimensions to targetShape (one entry may be -1). */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  readonly targetShape: number[];
  constructor(args: ReshapeArgs) {
    super(args);
    if (!Array.isArray(args?.targetShape)) {
      throw new FluxionError(`Reshape: targetShape must be an array of integers, but received ${describeValue(args?.targetShape)}.`);
    }
    this.targetShape = args.targetShape.map((d) => (d === null ? -1 : d));
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    return ops.reshape(x, [x.shape[0] ?? 1, ...this.targetShape]);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const known = s.slice(1);
    const target: (number | null)[] = [...this.targetShape];
    const unknown = target.indexOf(-1);
    if (unknown >= 0) {
      if (known.some((d) => d === null)) target[unknown] = null;
      else {
        const total = known.reduce<number>((a, b) => a * (b as number), 1);
        const rest = target.reduce<number>((a, b, i) => (i === unknown ? a : a * (b as number)), 1);
        if (rest === 0 || total % rest !== 0) {
          throw new FluxionError(`Reshape "${this.name}": cannot reshape input of shape [${known.join(', ')}] into [${this.targetShape.join(', ')}].`);
        }
        target[unknown] = total / rest;
      }
    } else if (!known.some((d) => d === null)) {
      const total = known.reduce<number>((a, b) => a * (b as number), 1);
      const want = target.reduce<number>((a, b) => a * (b as number), 1);
      if (total !== want) {
        throw new FluxionError(
          `Reshape "${this.name}": total size of the new shape [${this.targetShape.join(', ')}] (${want}) must equal the input's [${known.join(', ')}] (${total}).`,
        );
      }
    }
    return [s[0] ?? null, ...target];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

registerLayer('Dense', (c) => new Dense(c as unknown as DenseArgs));
registerLayer('Activation', (c) => new Activation(c as unknown as ActivationArgs));
registerLayer('Dropout', (c) => new Dropout(c as unknown as DropoutArgs));
registerLayer('Flatten', (c) => new Flatten(c as LayerArgs));
registerLayer('Reshape', (c) => new Reshape(c as unknown as ReshapeArgs));
