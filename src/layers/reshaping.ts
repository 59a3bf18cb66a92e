/**
 * Reshaping and masking layers (Keras 3): Permute, RepeatVector, Masking, UpSampling1D/2D,
 * ZeroPadding1D/2D, Cropping1D/2D.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { Layer, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { checkDataFormat, checkNumber, checkOneOf, checkPositiveInt, fmtShape, intTuple, singleInput, type DataFormat } from './layer-args.js';
import { registerLayer } from './registry.js';

/** Repeats each entry of axis `axis` `n` times (numpy.repeat with an integer count). */
function repeatAxis(x: Tensor, n: number, axis: number): Tensor {
  if (n === 1) return x;
  const expanded = ops.expandDims(x, axis + 1);
  const target = [...x.shape.slice(0, axis + 1), n, ...x.shape.slice(axis + 1)];
  const out = [...x.shape];
  out[axis] = (x.shape[axis] as number) * n;
  return ops.reshape(ops.broadcastTo(expanded, target), out);
}

const mulOrNull = (d: number | null | undefined, n: number): number | null => (d === null || d === undefined ? null : d * n);

// ---------------------------------------------------------------- Permute

export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1..rank (the batch axis 0 is not permuted). */
  dims: number[];
}

/** Permutes the non-batch axes: Permute({dims: [2, 1]}) swaps the first two. */
export class Permute extends Layer {
  static override readonly className = 'Permute';
  readonly dims: number[];
  constructor(args: PermuteArgs) {
    super(args);
    const dims = args?.dims;
    const valid = Array.isArray(dims) && dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!valid) {
      throw new FluxionError(
        `Permute: dims must be a permutation of the consecutive indices 1..n (the batch axis 0 is not permuted), but received ${Array.isArray(dims) ? `[${dims.join(', ')}]` : describeValue(dims)}.`,
      );
    }
    this.dims = [...dims];
    this.inputSpec = { ndim: dims.length + 1 };
    this.supportsMasking = true;
  }
  override call(inputs: LayerInputs): Tensor {
    return ops.transpose(singleInput(this, inputs), [0, ...this.dims]);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims };
  }
}

// ---------------------------------------------------------------- RepeatVector

export interface RepeatVectorArgs extends LayerArgs {
  n: number;
}

/** Repeats a [batch, features] input n times: [batch, n, features]. */
export class RepeatVector extends Layer {
  static override readonly className = 'RepeatVector';
  readonly n: number;
  constructor(args: RepeatVectorArgs) {
    super(args);
    this.n = checkPositiveInt('RepeatVector', 'n', args?.n);
    this.inputSpec = { ndim: 2 };
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    return ops.broadcastTo(ops.expandDims(x, 1), [x.shape[0] as number, this.n, x.shape[1] as number]);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    return [s[0] ?? null, this.n, s[1] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}

// ---------------------------------------------------------------- Masking

export interface MaskingArgs extends LayerArgs {
  maskValue?: number;
}

/**
 * Masks timesteps whose features all equal maskValue: the output mask is true where any feature
 * differs from it, and masked timesteps are zeroed in the output.
 */
export class Masking extends Layer {
  static override readonly className = 'Masking';
  readonly maskValue: number;
  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = checkNumber('Masking', 'maskValue', args.maskValue ?? 0);
    this.supportsMasking = true;
  }
  private keep(x: Tensor, keepDims: boolean): Tensor {
    return ops.any(ops.notEqual(x, this.maskValue), -1, keepDims);
  }
  override computeMask(inputs: LayerInputs, _mask: Tensor | Tensor[] | null = null): Tensor {
    return this.keep(singleInput(this, inputs), false);
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    return ops.mul(x, ops.cast(this.keep(x, true), x.dtype));
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

// ---------------------------------------------------------------- UpSampling

export interface UpSampling1DArgs extends LayerArgs {
  size?: number;
}

/** Repeats each step of a [batch, steps, features] input `size` times. */
export class UpSampling1D extends Layer {
  static override readonly className = 'UpSampling1D';
  readonly size: number;
  constructor(args: UpSampling1DArgs = {}) {
    super(args);
    this.size = checkPositiveInt('UpSampling1D', 'size', args.size ?? 2);
    this.inputSpec = { ndim: 3 };
  }
  override call(inputs: LayerInputs): Tensor {
    return repeatAxis(singleInput(this, inputs), this.size, 1);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    return [s[0] ?? null, mulOrNull(s[1], this.size), s[2] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size };
  }
}

export interface UpSampling2DArgs extends LayerArgs {
  size?: number | [number, number];
  dataFormat?: DataFormat;
  interpolation?: 'nearest' | 'bilinear';
}

/** Upsamples the rows and columns of 4D images by size = [rows, cols] (repetition or bilinear). */
export class UpSampling2D extends Layer {
  static override readonly className = 'UpSampling2D';
  readonly size: number[];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest' | 'bilinear';
  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = intTuple('UpSampling2D', 'size', args.size ?? [2, 2], 2);
    this.dataFormat = checkDataFormat('UpSampling2D', args.dataFormat);
    this.interpolation = checkOneOf('UpSampling2D', 'interpolation', args.interpolation, ['nearest', 'bilinear'] as const, 'nearest');
    this.inputSpec = { ndim: 4 };
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    const [sh, sw] = this.size as [number, number];
    const h = this.dataFormat === 'channelsFirst' ? 2 : 1;
    if (this.interpolation === 'nearest') return repeatAxis(repeatAxis(x, sh, h), sw, h + 1);
    const nhwc = this.dataFormat === 'channelsFirst' ? ops.transpose(x, [0, 2, 3, 1]) : x;
    const y = ops.image.resizeBilinear(nhwc, [(nhwc.shape[1] as number) * sh, (nhwc.shape[2] as number) * sw], false, true);
    return this.dataFormat === 'channelsFirst' ? ops.transpose(y, [0, 3, 1, 2]) : y;
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = [...(inputShape as ShapeWithNull)];
    const h = this.dataFormat === 'channelsFirst' ? 2 : 1;
    s[h] = mulOrNull(s[h], this.size[0] as number);
    s[h + 1] = mulOrNull(s[h + 1], this.size[1] as number);
    return s;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}

// ---------------------------------------------------------------- ZeroPadding and Cropping

/** int -> [v, v]; [a, b] -> [a, b] (non-negative integers). */
function pair(cls: string, arg: string, v: unknown): [number, number] {
  return intTuple(cls, arg, v, 2, 0) as [number, number];
}

/** int -> [[v, v], [v, v]]; [a, b] -> [[a, a], [b, b]]; [[a, b], [c, d]] as given. */
function pairs2D(cls: string, arg: string, v: unknown): [[number, number], [number, number]] {
  const isInt = (d: unknown): d is number => Number.isInteger(d) && (d as number) >= 0;
  if (isInt(v)) return [[v, v], [v, v]];
  if (Array.isArray(v) && v.length === 2) {
    const [a, b] = v as [unknown, unknown];
    if (isInt(a) && isInt(b)) return [[a, a], [b, b]];
    const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every(isInt);
    if (isPair(a) && isPair(b)) return [[a[0], a[1]], [b[0], b[1]]];
  }
  throw new FluxionError(
    `${cls}: ${arg} must be a non-negative integer, an array of 2 non-negative integers [rows, cols], or an array of 2 pairs ` +
      `[[top, bottom], [left, right]], but received ${Array.isArray(v) ? JSON.stringify(v) : describeValue(v)}.`,
  );
}

export interface ZeroPadding1DArgs extends LayerArgs {
  padding?: number | [number, number];
}

/** Pads the steps axis of [batch, steps, features] with zeros: padding = [before, after]. */
export class ZeroPadding1D extends Layer {
  static override readonly className = 'ZeroPadding1D';
  readonly padding: [number, number];
  constructor(args: ZeroPadding1DArgs = {}) {
    super(args);
    this.padding = pair('ZeroPadding1D', 'padding', args.padding ?? 1);
    this.inputSpec = { ndim: 3 };
  }
  override call(inputs: LayerInputs): Tensor {
    return ops.pad(singleInput(this, inputs), [[0, 0], this.padding, [0, 0]]);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const len = s[1];
    return [s[0] ?? null, len === null || len === undefined ? null : len + this.padding[0] + this.padding[1], s[2] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding };
  }
}

export interface ZeroPadding2DArgs extends LayerArgs {
  padding?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/** Pads the rows and columns of 4D images with zeros. */
export class ZeroPadding2D extends Layer {
  static override readonly className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;
  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    this.padding = pairs2D('ZeroPadding2D', 'padding', args.padding ?? 1);
    this.dataFormat = checkDataFormat('ZeroPadding2D', args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }
  override call(inputs: LayerInputs): Tensor {
    const [ph, pw] = this.padding;
    const p: [number, number][] = this.dataFormat === 'channelsFirst' ? [[0, 0], [0, 0], ph, pw] : [[0, 0], ph, pw, [0, 0]];
    return ops.pad(singleInput(this, inputs), p);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = [...(inputShape as ShapeWithNull)];
    const h = this.dataFormat === 'channelsFirst' ? 2 : 1;
    this.padding.forEach(([a, b], k) => {
      const d = s[h + k];
      s[h + k] = d === null || d === undefined ? null : d + a + b;
    });
    return s;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding, dataFormat: this.dataFormat };
  }
}

export interface Cropping1DArgs extends LayerArgs {
  cropping?: number | [number, number];
}

/** Crops cropping = [start, end] steps off the steps axis of [batch, steps, features]. */
export class Cropping1D extends Layer {
  static override readonly className = 'Cropping1D';
  readonly cropping: [number, number];
  constructor(args: Cropping1DArgs = {}) {
    super(args);
    this.cropping = pair('Cropping1D', 'cropping', args.cropping ?? [1, 1]);
    this.inputSpec = { ndim: 3 };
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    const [len] = this.cropped([...x.shape]);
    return ops.slice(x, [0, this.cropping[0], 0], [-1, len as number, -1]);
  }
  private cropped(s: ShapeWithNull): [number | null] {
    const len = s[1];
    if (len === null || len === undefined) return [null];
    const out = len - this.cropping[0] - this.cropping[1];
    if (out <= 0) {
      throw new FluxionError(
        `Layer "${this.name}": cropping [${this.cropping.join(', ')}] must leave at least one step of the input, but the input shape is ${fmtShape(s)}.`,
      );
    }
    return [out];
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    return [s[0] ?? null, ...this.cropped(s), s[2] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping };
  }
}

export interface Cropping2DArgs extends LayerArgs {
  cropping?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/** Crops rows and columns off 4D images: cropping = [[top, bottom], [left, right]]. */
export class Cropping2D extends Layer {
  static override readonly className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;
  constructor(args: Cropping2DArgs = {}) {
    super(args);
    this.cropping = pairs2D('Cropping2D', 'cropping', args.cropping ?? 0);
    this.dataFormat = checkDataFormat('Cropping2D', args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }
  private spatial(): number {
    return this.dataFormat === 'channelsFirst' ? 2 : 1;
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = [...(inputShape as ShapeWithNull)];
    const h = this.spatial();
    this.cropping.forEach(([a, b], k) => {
      const d = s[h + k];
      if (d === null || d === undefined) return;
      if (d - a - b <= 0) {
        throw new FluxionError(
          `Layer "${this.name}": cropping ${JSON.stringify(this.cropping)} must leave at least one row and one column of the input, but the input shape is ${fmtShape(inputShape as ShapeWithNull)}.`,
        );
      }
      s[h + k] = d - a - b;
    });
    return s;
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    const out = this.computeOutputShape([...x.shape]);
    const h = this.spatial();
    const begin = [0, 0, 0, 0];
    begin[h] = this.cropping[0][0];
    begin[h + 1] = this.cropping[1][0];
    return ops.slice(x, begin, out.map((d) => d as number));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping, dataFormat: this.dataFormat };
  }
}

registerLayer('Permute', (c) => new Permute(c as unknown as PermuteArgs));
registerLayer('RepeatVector', (c) => new RepeatVector(c as unknown as RepeatVectorArgs));
registerLayer('Masking', (c) => new Masking(c as MaskingArgs));
registerLayer('UpSampling1D', (c) => new UpSampling1D(c as UpSampling1DArgs));
registerLayer('UpSampling2D', (c) => new UpSampling2D(c as UpSampling2DArgs));
registerLayer('ZeroPadding1D', (c) => new ZeroPadding1D(c as ZeroPadding1DArgs));
registerLayer('ZeroPadding2D', (c) => new ZeroPadding2D(c as ZeroPadding2DArgs));
registerLayer('Cropping1D', (c) => new Cropping1D(c as Cropping1DArgs));
registerLayer('Cropping2D', (c) => new Cropping2D(c as Cropping2DArgs));
