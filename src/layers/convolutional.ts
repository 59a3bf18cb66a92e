/** Convolution layers: Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D (channels-last by default). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { activationName, getActivation, type ActivationFn } from './activations.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { positiveTuple } from './layer-args.js';
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
    this.kernelSize = positiveTuple(cls, 'kernelSize', args.kernelSize, rank);
    this.strides = positiveTuple(cls, 'strides', args.strides ?? 1, rank);
    this.dilationRate = positiveTuple(cls, 'dilationRate', args.dilationRate ?? 1, rank);
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

// ---------------------------------------------------------------- Conv3D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D

/** 3-D convolution over [batch, depth, height, width, channels] (or channelsFirst). Kernel [kd, kh, kw, in, filters]. */
export class Conv3D extends Conv {
  static override readonly className = 'Conv3D';
  constructor(args: ConvArgs) {
    super(3, args);
  }
  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    return ops.conv3d(x, kernel, this.strides as [number, number, number], this.padding, this.dataFormat === 'channelsFirst' ? 'NCDHW' : 'NDHWC', this.dilationRate as [number, number, number]);
  }
}

/** Keras's deconv_output_length (dilation 1). */
function deconvOutputLength(length: number | null, kernel: number, padding: Padding, stride: number, outputPadding: number | null): number | null {
  if (length === null) return null;
  if (outputPadding === null) return padding === 'valid' ? length * stride + Math.max(kernel - stride, 0) : length * stride;
  const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return (length - 1) * stride + kernel - 2 * pad + outputPadding;
}

export interface Conv2DTransposeArgs extends ConvArgs {
  /** Extra size added to one side of each spatial output axis; each entry must be smaller than the stride. */
  outputPadding?: number | number[] | null;
}

/**
 * Transposed 2-D convolution (the gradient of Conv2D with respect to its input; "deconvolution").
 * Kernel [kh, kw, filters, inChannels] as Keras stores it. Output size per spatial axis:
 * in*stride ('same'), in*stride + max(k - stride, 0) ('valid'), or with outputPadding
 * (in-1)*stride + k - 2*pad + outputPadding. dilationRate must be 1.
 */
export class Conv2DTranspose extends Conv {
  static override readonly className = 'Conv2DTranspose';
  readonly outputPadding: number[] | null;

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
    if (this.dilationRate.some((d) => d !== 1)) {
      throw new FluxionError(`Conv2DTranspose: dilationRate must be 1, but received ${describeValue(args.dilationRate)}; dilated transposed convolution is not implemented.`);
    }
    const op = args.outputPadding ?? null;
    if (op === null) this.outputPadding = null;
    else {
      const list = typeof op === 'number' ? [op, op] : op;
      if (!Array.isArray(list) || list.length !== 2 || !list.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new FluxionError(`Conv2DTranspose: outputPadding must be a non-negative integer or a list of 2 non-negative integers, but received ${describeValue(op)}.`);
      }
      list.forEach((p, i) => {
        const s = this.strides[i] as number;
        if (p >= s) {
          throw new FluxionError(`Conv2DTranspose: each outputPadding entry must be smaller than the stride, but outputPadding is [${list.join(', ')}] and strides are [${this.strides.join(', ')}] (axis ${i}: ${p} >= ${s}).`);
        }
      });
      this.outputPadding = [...list];
    }
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    const channels = shape[this.channelAxis()];
    if (channels === null || channels === undefined) {
      throw new FluxionError(`Conv2DTranspose "${this.name}": the channel dimension of the input must be known, but the input shape is [${shape.join(', ')}].`);
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], {
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
    this.inputSpec = { ndim: 4, axes: { [this.channelAxis()]: channels } };
    this.built = true;
  }

  private spatialOut(spatial: (number | null)[]): (number | null)[] {
    return spatial.map((d, i) => deconvOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.outputPadding?.[i] ?? null));
  }

  protected convolve(x: Tensor, kernel: Tensor): Tensor {
    const first = this.dataFormat === 'channelsFirst';
    const nhwc = first ? ops.transpose(x, [0, 2, 3, 1]) : x;
    const [h, w] = this.spatialOut(nhwc.shape.slice(1, 3)) as [number, number];
    const y = ops.conv2dTranspose(nhwc, kernel, [nhwc.shape[0] as number, h, w, this.filters], this.strides as [number, number], this.padding);
    return first ? ops.transpose(y, [0, 3, 1, 2]) : y;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const first = this.dataFormat === 'channelsFirst';
    const out = this.spatialOut(first ? s.slice(2) : s.slice(1, -1));
    return first ? [s[0] ?? null, this.filters, ...out] : [s[0] ?? null, ...out, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), outputPadding: this.outputPadding };
  }
}

export interface DepthwiseConv2DArgs extends LayerArgs {
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: Padding;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  filters: number;
  pointwiseInitializer?: InitializerIdentifier;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/** Shared option handling of DepthwiseConv2D and SeparableConv2D. */
abstract class DepthwiseBase extends Layer {
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  depthwiseKernel: Variable | null = null;
  bias: Variable | null = null;
  protected readonly activationId: string;
  protected readonly dwArgs: DepthwiseConv2DArgs;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const cls = this.getClassName();
    this.kernelSize = positiveTuple(cls, 'kernelSize', args?.kernelSize, 2);
    this.strides = positiveTuple(cls, 'strides', args.strides ?? 1, 2);
    this.dilationRate = positiveTuple(cls, 'dilationRate', args.dilationRate ?? 1, 2);
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new FluxionError(`${cls}: padding must be 'valid' or 'same', but received ${describeValue(args.padding)}.`);
    }
    const dm = args.depthMultiplier ?? 1;
    if (!Number.isInteger(dm) || dm <= 0) throw new FluxionError(`${cls}: depthMultiplier must be a positive integer, but received ${describeValue(args.depthMultiplier)}.`);
    this.depthMultiplier = dm;
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    if (this.dataFormat !== 'channelsLast' && this.dataFormat !== 'channelsFirst') {
      throw new FluxionError(`${cls}: dataFormat must be 'channelsLast' or 'channelsFirst', but received ${describeValue(args.dataFormat)}.`);
    }
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new FluxionError(`${cls}: strides > 1 cannot be combined with dilationRate > 1.`);
    }
    this.activation = getActivation(args.activation);
    this.activationId = activationName(args.activation);
    this.useBias = args.useBias ?? true;
    this.dwArgs = args;
    this.inputSpec = { ndim: 4 };
  }

  protected channelAxis(): number {
    return this.dataFormat === 'channelsFirst' ? 1 : 3;
  }

  protected inChannels(inputShape: ShapeWithNull | ShapeWithNull[]): number {
    const shape = inputShape as ShapeWithNull;
    const channels = shape[this.channelAxis()];
    if (channels === null || channels === undefined) {
      throw new FluxionError(`${this.getClassName()} "${this.name}": the channel dimension of the input must be known, but the input shape is [${shape.join(', ')}].`);
    }
    this.inputSpec = { ndim: 4, axes: { [this.channelAxis()]: channels } };
    return channels;
  }

  protected buildDepthwise(channels: number, weightName: string): void {
    this.depthwiseKernel = this.addWeight(weightName, [...this.kernelSize, channels, this.depthMultiplier], {
      initializer: this.dwArgs.depthwiseInitializer ?? 'glorotUniform',
      regularizer: this.dwArgs.depthwiseRegularizer ?? null,
      constraint: this.dwArgs.depthwiseConstraint ?? null,
    });
  }

  protected buildBias(size: number): void {
    if (!this.useBias) return;
    this.bias = this.addWeight('bias', [size], {
      initializer: this.dwArgs.biasInitializer ?? 'zeros',
      regularizer: this.dwArgs.biasRegularizer ?? null,
      constraint: this.dwArgs.biasConstraint ?? null,
    });
  }

  protected finish(y: Tensor): Tensor {
    let out = y;
    if (this.bias) {
      const n = this.bias.shape[0] as number;
      out = this.dataFormat === 'channelsFirst' ? ops.add(out, ops.reshape(this.bias, [n, 1, 1])) : ops.add(out, this.bias);
    }
    return this.activation(out);
  }

  protected abstract outChannels(inChannels: number | null): number | null;

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = spatial.map((d, i) => convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number));
    const c = this.outChannels(s[this.channelAxis()] ?? null);
    return first ? [s[0] ?? null, c, ...out] : [s[0] ?? null, ...out, c];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      depthMultiplier: this.depthMultiplier,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: this.activationId,
      useBias: this.useBias,
      depthwiseInitializer: this.dwArgs.depthwiseInitializer ?? 'glorotUniform',
      biasInitializer: this.dwArgs.biasInitializer ?? 'zeros',
      depthwiseRegularizer: this.dwArgs.depthwiseRegularizer ?? null,
      biasRegularizer: this.dwArgs.biasRegularizer ?? null,
      depthwiseConstraint: this.dwArgs.depthwiseConstraint ?? null,
      biasConstraint: this.dwArgs.biasConstraint ?? null,
    };
  }
}

/**
 * Depthwise 2-D convolution: each input channel gets its own depthMultiplier filters. Weights as
 * Keras 3 names them: "kernel" [kh, kw, in, depthMultiplier] (the `depthwiseKernel` property) and
 * "bias" [in * depthMultiplier].
 */
export class DepthwiseConv2D extends DepthwiseBase {
  static override readonly className = 'DepthwiseConv2D';
  constructor(args: DepthwiseConv2DArgs) {
    super(args);
  }
  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const c = this.inChannels(inputShape);
    // Keras 3 names DepthwiseConv2D's weight "kernel" (Keras 2 called it "depthwise_kernel").
    this.buildDepthwise(c, 'kernel');
    this.buildBias(c * this.depthMultiplier);
    this.built = true;
  }
  protected outChannels(inChannels: number | null): number | null {
    return inChannels === null ? null : inChannels * this.depthMultiplier;
  }
  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const x = ops.cast(Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs, this.dtype);
    const y = ops.depthwiseConv2d(x, this.depthwiseKernel as Variable, this.strides as [number, number], this.padding, this.dataFormat === 'channelsFirst' ? 'NCHW' : 'NHWC', this.dilationRate as [number, number]);
    return this.finish(y);
  }
}

/**
 * Depthwise separable 2-D convolution: a depthwise convolution (weight "depthwise_kernel"
 * [kh, kw, in, depthMultiplier]) followed by a 1x1 convolution (weight "pointwise_kernel"
 * [1, 1, in*depthMultiplier, filters]) and the bias [filters].
 */
export class SeparableConv2D extends DepthwiseBase {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  pointwiseKernel: Variable | null = null;
  private readonly sepArgs: SeparableConv2DArgs;
  constructor(args: SeparableConv2DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) {
      throw new FluxionError(`SeparableConv2D: filters must be a positive integer, but received ${describeValue(args.filters)}.`);
    }
    this.filters = args.filters;
    this.sepArgs = args;
  }
  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const c = this.inChannels(inputShape);
    this.buildDepthwise(c, 'depthwise_kernel');
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, c * this.depthMultiplier, this.filters], {
      initializer: this.sepArgs.pointwiseInitializer ?? 'glorotUniform',
      regularizer: this.sepArgs.pointwiseRegularizer ?? null,
      constraint: this.sepArgs.pointwiseConstraint ?? null,
    });
    this.buildBias(this.filters);
    this.built = true;
  }
  protected outChannels(): number {
    return this.filters;
  }
  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const x = ops.cast(Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs, this.dtype);
    const y = ops.separableConv2d(x, this.depthwiseKernel as Variable, this.pointwiseKernel as Variable, this.strides as [number, number], this.padding, this.dilationRate as [number, number], this.dataFormat === 'channelsFirst' ? 'NCHW' : 'NHWC');
    return this.finish(y);
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      pointwiseInitializer: this.sepArgs.pointwiseInitializer ?? 'glorotUniform',
      pointwiseRegularizer: this.sepArgs.pointwiseRegularizer ?? null,
      pointwiseConstraint: this.sepArgs.pointwiseConstraint ?? null,
    };
  }
}

registerLayer('Conv3D', (c) => new Conv3D(c as unknown as ConvArgs));
registerLayer('Conv2DTranspose', (c) => new Conv2DTranspose(c as unknown as Conv2DTransposeArgs));
registerLayer('DepthwiseConv2D', (c) => new DepthwiseConv2D(c as unknown as DepthwiseConv2DArgs));
registerLayer('SeparableConv2D', (c) => new SeparableConv2D(c as unknown as SeparableConv2DArgs));
