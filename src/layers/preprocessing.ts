/**
 * Preprocessing layers (Keras 3): Rescaling, Normalization (with adapt), CenterCrop, Resizing.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor, type Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { Layer, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { checkBool, checkDataFormat, checkOneOf, checkPositiveInt, fmtShape, normalizeAxes, singleInput, type DataFormat } from './layer-args.js';
import { registerLayer } from './registry.js';

/** Keras's backend.epsilon(): the smallest standard deviation Normalization divides by. */
const FUZZ = 1e-7;

function floatInput(layer: Layer, inputs: LayerInputs): Tensor {
  const x = singleInput(layer, inputs);
  return x.dtype === layer.dtype ? x : ops.cast(x, layer.dtype);
}

function numberOrNumbers(cls: string, arg: string, v: unknown): number | number[] {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.every((d) => typeof d === 'number' && Number.isFinite(d))) return [...(v as number[])];
  throw new FluxionError(`${cls}: ${arg} must be a number or a non-empty array of numbers, but received ${describeValue(v)}.`);
}

// ---------------------------------------------------------------- Rescaling

export interface RescalingArgs extends LayerArgs {
  scale: number | number[];
  offset?: number | number[];
}

/** output = inputs * scale + offset (e.g. scale 1/255 maps [0, 255] pixels to [0, 1]). */
export class Rescaling extends Layer {
  static override readonly className = 'Rescaling';
  readonly scale: number | number[];
  readonly offset: number | number[];
  constructor(args: RescalingArgs) {
    super(args);
    this.scale = numberOrNumbers('Rescaling', 'scale', args?.scale);
    this.offset = numberOrNumbers('Rescaling', 'offset', args.offset ?? 0);
    this.supportsMasking = true;
  }
  override call(inputs: LayerInputs): Tensor {
    const x = floatInput(this, inputs);
    const scale = typeof this.scale === 'number' ? this.scale : ops.tensor(this.scale, undefined, x.dtype);
    const offset = typeof this.offset === 'number' ? this.offset : ops.tensor(this.offset, undefined, x.dtype);
    return ops.add(ops.mul(x, scale), offset);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }
}

// ---------------------------------------------------------------- Normalization

type Stat = number | number[] | number[][] | Tensor;

export interface NormalizationArgs extends LayerArgs {
  /** The axis (or axes) that keep separate statistics (default -1, the features); null for one scalar mean and variance. */
  axis?: number | number[] | null;
  mean?: Stat | null;
  variance?: Stat | null;
  /** Undo the normalization: mean + inputs * sqrt(variance). */
  invert?: boolean;
}

/**
 * Shifts and scales the inputs to mean 0 and variance 1 per feature: (x - mean) / sqrt(variance),
 * with mean and variance given, or computed from data by `adapt()` (then stored as the
 * non-trainable weights "mean" and "variance").
 */
export class Normalization extends Layer {
  static override readonly className = 'Normalization';
  readonly axis: number | number[] | null;
  readonly invert: boolean;
  private readonly inputMean: Tensor | null;
  private readonly inputVariance: Tensor | null;
  adaptMean: Variable | null = null;
  adaptVariance: Variable | null = null;
  private keepAxes: number[] = [];
  private broadcastShape: number[] = [];
  private builtShape: ShapeWithNull = [];

  constructor(args: NormalizationArgs = {}) {
    super(args);
    const axis = args.axis === undefined ? -1 : args.axis;
    if (!(axis === null || Number.isInteger(axis) || (Array.isArray(axis) && axis.every((a) => Number.isInteger(a))))) {
      throw new FluxionError(`Normalization: axis must be an integer, an array of integers or null, but received ${describeValue(axis)}.`);
    }
    this.axis = Array.isArray(axis) ? [...axis] : axis;
    this.invert = checkBool('Normalization', 'invert', args.invert, false);
    const hasMean = args.mean !== undefined && args.mean !== null;
    const hasVariance = args.variance !== undefined && args.variance !== null;
    if (hasMean !== hasVariance) {
      throw new FluxionError(
        `Normalization: when setting values for mean and variance, both must be set, but received mean=${describeValue(args.mean)} and variance=${describeValue(args.variance)}.`,
      );
    }
    this.inputMean = hasMean ? toStat('mean', args.mean as Stat) : null;
    this.inputVariance = hasVariance ? toStat('variance', args.variance as Stat) : null;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = inputShape as ShapeWithNull;
    this.keepAxes = this.axis === null ? [] : normalizeAxes(this, this.axis, shape.length, shape).sort((a, b) => a - b);
    const dims = this.keepAxes.map((a) => {
      const d = shape[a];
      if (d === null || d === undefined) {
        throw new FluxionError(`Layer "${this.name}": axis ${a} of the input must have a known size, but the input shape is ${fmtShape(shape)}.`);
      }
      return d;
    });
    this.broadcastShape = shape.map((d, i) => (this.keepAxes.includes(i) ? (d as number) : 1));
    this.builtShape = [...shape];
    if (this.inputMean === null) {
      this.adaptMean = this.addWeight('mean', dims, { initializer: 'zeros', trainable: false });
      this.adaptVariance = this.addWeight('variance', dims, { initializer: 'ones', trainable: false });
    } else {
      for (const [name, t] of [['mean', this.inputMean], ['variance', this.inputVariance as Tensor]] as const) {
        try {
          ops.broadcastTo(t, this.broadcastShape);
        } catch {
          throw new FluxionError(
            `Layer "${this.name}": ${name} has shape ${fmtShape(t.shape)}, which does not broadcast to ${fmtShape(this.broadcastShape)} ` +
              `(one value per entry of the kept axes [${this.keepAxes.join(', ')}] of inputs of shape ${fmtShape(shape)}).`,
          );
        }
      }
    }
    this.built = true;
  }

  /** Computes the mean and variance of `data` over every axis but the kept ones and stores them. */
  adapt(data: Tensor | number[] | number[][]): void {
    if (this.inputMean !== null) {
      throw new FluxionError(`Layer "${this.name}": adapt() cannot be used when mean and variance were passed to the constructor.`);
    }
    const x = ops.cast(data instanceof Tensor ? data : ops.tensor(data), 'float64');
    if (!this.built) {
      this.build([null, ...x.shape.slice(1)]);
    } else {
      const compatible = x.rank === this.builtShape.length && this.keepAxes.every((a) => x.shape[a] === this.builtShape[a]);
      if (!compatible) {
        throw new FluxionError(
          `Layer "${this.name}": adapt() received data of shape ${fmtShape(x.shape)}, which is incompatible with the layer's input shape ${fmtShape(this.builtShape)}.`,
        );
      }
    }
    const reduce = [...Array(x.rank).keys()].filter((a) => !this.keepAxes.includes(a));
    const { mean, variance } = ops.moments(x, reduce, false);
    const m = this.adaptMean as Variable;
    const v = this.adaptVariance as Variable;
    m.assign(ops.cast(ops.reshape(mean, m.shape), m.dtype));
    v.assign(ops.cast(ops.reshape(variance, v.shape), v.dtype));
  }

  private stats(dtype: Tensor['dtype']): { mean: Tensor; std: Tensor } {
    const mean = this.inputMean ?? (this.adaptMean as Variable);
    const variance = this.inputVariance ?? (this.adaptVariance as Variable);
    const bc = (t: Tensor): Tensor => ops.cast(ops.reshape(ops.broadcastTo(t, this.broadcastShape), this.broadcastShape), dtype);
    return { mean: bc(mean), std: ops.maximum(ops.sqrt(bc(variance)), FUZZ) };
  }

  override call(inputs: LayerInputs): Tensor {
    const x = floatInput(this, inputs);
    const { mean, std } = this.stats(x.dtype);
    return this.invert ? ops.add(mean, ops.mul(x, std)) : ops.div(ops.sub(x, mean), std);
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      invert: this.invert,
      mean: this.inputMean === null ? null : this.inputMean.arraySync(),
      variance: this.inputVariance === null ? null : this.inputVariance.arraySync(),
    };
  }
}

function toStat(name: string, v: Stat): Tensor {
  if (v instanceof Tensor) return ops.cast(v, 'float32');
  if (typeof v === 'number' || Array.isArray(v)) return ops.tensor(v as number[], undefined, 'float32');
  throw new FluxionError(`Normalization: ${name} must be a number, an array of numbers or a Tensor, but received ${describeValue(v)}.`);
}

// ---------------------------------------------------------------- CenterCrop and Resizing

type Interpolation = 'bilinear' | 'nearest';

/** Runs `f` on NHWC images (adding a batch axis to 3D input and transposing channelsFirst input). */
function onNHWC(x: Tensor, dataFormat: DataFormat, f: (nhwc: Tensor) => Tensor): Tensor {
  const batched = x.rank === 3 ? ops.expandDims(x, 0) : x;
  const nhwc = dataFormat === 'channelsFirst' ? ops.transpose(batched, [0, 2, 3, 1]) : batched;
  const y = f(nhwc);
  const back = dataFormat === 'channelsFirst' ? ops.transpose(y, [0, 3, 1, 2]) : y;
  return x.rank === 3 ? ops.squeeze(back, [0]) : back;
}

function resize(x: Tensor, size: [number, number], interpolation: Interpolation): Tensor {
  // tf.image.resize (what Keras 3 uses) samples at half-pixel centres.
  return interpolation === 'nearest' ? ops.image.resizeNearestNeighbor(x, size, false, true) : ops.image.resizeBilinear(x, size, false, true);
}

/** The largest centred window of NHWC `x` with the aspect ratio of `size` (Keras's smart_resize crop). */
function cropToAspect(x: Tensor, size: [number, number]): Tensor {
  const [, height = 0, width = 0] = x.shape;
  const [th, tw] = size;
  const cropH = Math.max(Math.min(height, Math.trunc((width * th) / tw)), 1);
  const cropW = Math.max(Math.min(width, Math.trunc((height * tw) / th)), 1);
  const h0 = Math.trunc((height - cropH) / 2);
  const w0 = Math.trunc((width - cropW) / 2);
  return ops.slice(x, [0, h0, w0, 0], [-1, cropH, cropW, -1]);
}

interface ImageSizeArgs extends LayerArgs {
  height: number;
  width: number;
  dataFormat?: DataFormat;
}

abstract class ImageSizeLayer extends Layer {
  readonly height: number;
  readonly width: number;
  readonly dataFormat: DataFormat;
  constructor(cls: string, args: ImageSizeArgs) {
    super(args);
    this.height = checkPositiveInt(cls, 'height', args?.height);
    this.width = checkPositiveInt(cls, 'width', args.width);
    this.dataFormat = checkDataFormat(cls, args.dataFormat);
    this.inputSpec = { minNdim: 3, maxNdim: 4 };
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = [...(inputShape as ShapeWithNull)];
    const h = s.length - (this.dataFormat === 'channelsFirst' ? 2 : 3);
    s[h] = this.height;
    s[h + 1] = this.width;
    return s;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width, dataFormat: this.dataFormat };
  }
}

export type CenterCropArgs = ImageSizeArgs;

/**
 * Crops the central height x width window of images ([batch,] height, width, channels); images
 * smaller than the target are cropped to its aspect ratio and resized instead (Keras 3).
 */
export class CenterCrop extends ImageSizeLayer {
  static override readonly className = 'CenterCrop';
  constructor(args: CenterCropArgs) {
    super('CenterCrop', args);
  }
  override call(inputs: LayerInputs): Tensor {
    const x = floatInput(this, inputs);
    return onNHWC(x, this.dataFormat, (img) => {
      const [, height = 0, width = 0] = img.shape;
      const dh = height - this.height;
      const dw = width - this.width;
      if (dh >= 0 && dw >= 0) {
        return ops.slice(img, [0, Math.trunc(dh / 2), Math.trunc(dw / 2), 0], [-1, this.height, this.width, -1]);
      }
      const size: [number, number] = [this.height, this.width];
      return resize(cropToAspect(img, size), size, 'bilinear');
    });
  }
}

export interface ResizingArgs extends ImageSizeArgs {
  interpolation?: Interpolation;
  /** Crop the largest centred window with the target aspect ratio before resizing (no distortion). */
  cropToAspectRatio?: boolean;
}

/** Resizes images to height x width ('bilinear' or 'nearest', half-pixel centres as tf.image.resize). */
export class Resizing extends ImageSizeLayer {
  static override readonly className = 'Resizing';
  readonly interpolation: Interpolation;
  readonly cropToAspectRatio: boolean;
  constructor(args: ResizingArgs) {
    super('Resizing', args);
    this.interpolation = checkOneOf('Resizing', 'interpolation', args.interpolation, ['bilinear', 'nearest'] as const, 'bilinear');
    this.cropToAspectRatio = checkBool('Resizing', 'cropToAspectRatio', args.cropToAspectRatio, false);
  }
  override call(inputs: LayerInputs): Tensor {
    const x = floatInput(this, inputs);
    const size: [number, number] = [this.height, this.width];
    return onNHWC(x, this.dataFormat, (img) => resize(this.cropToAspectRatio ? cropToAspect(img, size) : img, size, this.interpolation));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio };
  }
}

registerLayer('Rescaling', (c) => new Rescaling(c as unknown as RescalingArgs));
registerLayer('Normalization', (c) => new Normalization(c as NormalizationArgs));
registerLayer('CenterCrop', (c) => new CenterCrop(c as unknown as CenterCropArgs));
registerLayer('Resizing', (c) => new Resizing(c as unknown as ResizingArgs));
