/** Convolution layers: Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D (channels-last by default). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { activationName, getActivation, type ActivationFn } from './activations.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { registerLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

export type Padding = 'valid' | 'same';
export type DataFormat = 'channelsLast' | 'channelsFirst';

export interface ConvArgs extends LayerArgs {
  filters: number;
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: Padding;
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

function tuple(layer: string, arg: string, v: unknown, rank: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(rank).fill(v) : v;
  if (!Array.isArray(list) || list.length !== rank || !list.every((d) => Number.isInteger(d) && d > 0)) {
    throw new FluxionError(`${layer}: ${arg} must be a positive integer or a list of ${rank} positive integers, but received ${describeValue(v)}.`);
  }
  return list as number[];
}

function convOutputLength(length: number | null, kernel: number, padding: Padding, stride: number, dilation: number): number | null {
  if (length === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  const out = padding === 'same' ? length : length - effective + 1;
  return Math.max(0, Math.floor((out + stride - 1) / stride));
}

/** Shared machinery of Conv1D/Conv2D (rank = number of spatial dimensions). */
abstract class Conv extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  kernel: Variable | null = null;
  bias: Variable | null = null;
  protected readonly args: ConvArgs;
  private readonly activationId: string;

  constructor(
    protected readonly rank: number,
    args: ConvArgs,
  ) {
    super(args);
    const cls = this.getClassName();
    if (!Number.isInteger(args?.filters) || args.filters <= 0) {
      throw new FluxionError(`${cls}: filters must be a positive integer, but received ${describeValue(args?.filters)}.`);
    }
    this.filters = args.filters;
    this.kernelSize = tuple(cls, 'kernelSize', args.kernelSize, rank);
    this.strides = tuple(cls, 'strides', args.strides ?? 1, rank);
    this.dilationRate = tuple(cls, 'dilationRate', args.dilationRate ?? 1, rank);
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new FluxionError(`${cls}: padding must be 'valid' or 'same', but received ${describeValue(args.padding)}.`);
    }
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new FluxionError(`${cls}: strides > 1 cannot be combined with dilationRate > 1.`);
    }
    this.activation = getActivation(args.activation);
    this.activationId = activationName(args.activation);
    this.useBias = args.useBias ?? true;
    this.args = args;
    this.inputSpec = { ndim: rank + 2 };
  }

  protected channelAxis(): number {
    return this.dataFormat === 'channelsFirst' ? 1 : this.rank + 1;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    const channels = shape[this.channelAxis()];
    if (channels === null || channels === undefined) {
      throw new FluxionError(`${this.getClassName()} "${this.name}": the channel dimension of the input must be known, but the input shape is [${shape.join(', ')}].`);
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.filters], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer ?? null,
      constraint: this.args.kernelConstraint ?? null,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer ?? null,
        constraint: this.args.biasConstraint ?? null,
      });
    }
    this.inputSpec = { ndim: this.rank + 2, axes: { [this.channelAxis()]: channels } };
    this.built = true;
  }

  protected abstract convolve(x: Tensor, kernel: Tensor): Tensor;

  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const x = ops.cast(Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs, this.dtype);
    let y = this.convolve(x, this.kernel as Variable);
    if (this.bias) {
      y = this.dataFormat === 'channelsFirst' ? ops.add(y, ops.reshape(this.bias, [this.filters, ...new Array<number>(this.rank).fill(1)])) : ops.add(y, this.bias);
    }
    return this.activation(y);
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = spatial.map((d, i) => convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number));
    return first ? [s[0] ?? null, this.filters, ...out] : [s[0] ?? null, ...out, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
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

export class Conv2D extends Conv {
  static override readonly className = 'Conv2D';
  constructor(args: ConvArgs) {
    super(2, args);
  }
  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    return ops.conv2d(x, kernel, this.strides as [number, number], this.padding, this.dataFormat === 'channelsFirst' ? 'NCHW' : 'NHWC', this.dilationRate as [number, number]);
  }
}

export class Conv1D extends Conv {
  static override readonly className = 'Conv1D';
  constructor(args: ConvArgs) {
    super(1, args);
  }
  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    return ops.conv1d(x, kernel, this.strides[0] as number, this.padding, this.dataFormat === 'channelsFirst' ? 'NCW' : 'NWC', this.dilationRate[0] as number);
  }
}

registerLayer('Conv1D', (c) => new Conv1D(c as unknown as ConvArgs));
registerLayer('Conv2D', (c) => new Conv2D(c as unknown as ConvArgs));
