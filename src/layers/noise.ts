/**
 * Regularization layers that only act in training (Keras 3): SpatialDropout1D/2D, GaussianNoise,
 * GaussianDropout, AlphaDropout. At inference each is the identity.
 */
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { checkDataFormat, checkNumber, checkSeed, SeedStream, singleInput, type DataFormat } from './layer-args.js';
import { registerLayer } from './registry.js';

function floatInput(layer: Layer, inputs: LayerInputs): Tensor {
  const x = singleInput(layer, inputs);
  return x.dtype === 'float32' || x.dtype === 'float64' ? x : ops.cast(x, layer.dtype);
}

/** Base of the noise layers: identity shape, mask passed through, a rate or stddev and a seed. */
abstract class NoiseLayer extends Layer {
  readonly seed: number | undefined;
  protected readonly seeds: SeedStream;
  constructor(cls: string, args: LayerArgs & { seed?: number }) {
    super(args);
    this.seed = checkSeed(cls, args.seed);
    this.seeds = new SeedStream(this.seed);
    this.supportsMasking = true;
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull)];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), seed: this.seed ?? null };
  }
}

function checkRate(cls: string, rate: unknown): number {
  return checkNumber(cls, 'rate', rate, { min: 0, max: 1, maxExclusive: true });
}

// ---------------------------------------------------------------- spatial dropout

export interface SpatialDropoutArgs extends LayerArgs {
  rate: number;
  seed?: number;
}

export interface SpatialDropout2DArgs extends SpatialDropoutArgs {
  dataFormat?: DataFormat;
}

/** Dropout that drops whole channels: one draw per sample and channel. */
abstract class SpatialDropout extends NoiseLayer {
  readonly rate: number;
  constructor(cls: string, ndim: number, args: SpatialDropoutArgs) {
    super(cls, args ?? {});
    this.rate = checkRate(cls, args?.rate);
    this.inputSpec = { ndim };
  }
  protected abstract noiseShape(x: Tensor): number[];
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = floatInput(this, inputs);
    if (args.training !== true || this.rate === 0) return x;
    return ops.dropout(x, this.rate, this.noiseShape(x), this.seeds.next());
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/** Dropout of whole channels of [batch, steps, channels] inputs (noise shape [batch, 1, channels]). */
export class SpatialDropout1D extends SpatialDropout {
  static override readonly className = 'SpatialDropout1D';
  constructor(args: SpatialDropoutArgs) {
    super('SpatialDropout1D', 3, args);
  }
  protected noiseShape(x: Tensor): number[] {
    return [x.shape[0] as number, 1, x.shape[2] as number];
  }
}

/** Dropout of whole feature maps of 4D inputs (noise shape [batch, 1, 1, channels] for channelsLast). */
export class SpatialDropout2D extends SpatialDropout {
  static override readonly className = 'SpatialDropout2D';
  readonly dataFormat: DataFormat;
  constructor(args: SpatialDropout2DArgs) {
    super('SpatialDropout2D', 4, args);
    this.dataFormat = checkDataFormat('SpatialDropout2D', args.dataFormat);
  }
  protected override noiseShape(x: Tensor): number[] {
    const [b, d1, , d3] = x.shape as [number, number, number, number];
    return this.dataFormat === 'channelsFirst' ? [b, d1, 1, 1] : [b, 1, 1, d3];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

// ---------------------------------------------------------------- gaussian noise / dropout

export interface GaussianNoiseArgs extends LayerArgs {
  stddev: number;
  seed?: number;
}

/** Adds zero-mean Gaussian noise with standard deviation `stddev` during training. */
export class GaussianNoise extends NoiseLayer {
  static override readonly className = 'GaussianNoise';
  readonly stddev: number;
  constructor(args: GaussianNoiseArgs) {
    super('GaussianNoise', args ?? {});
    this.stddev = checkNumber('GaussianNoise', 'stddev', args?.stddev, { min: 0, max: 1 });
  }
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = floatInput(this, inputs);
    if (args.training !== true || this.stddev === 0) return x;
    return ops.add(x, ops.randomNormal(x.shape, 0, this.stddev, x.dtype, this.seeds.next()));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev };
  }
}

export interface GaussianDropoutArgs extends LayerArgs {
  rate: number;
  seed?: number;
}

/** Multiplies by Gaussian noise of mean 1 and standard deviation sqrt(rate / (1 - rate)) during training. */
export class GaussianDropout extends NoiseLayer {
  static override readonly className = 'GaussianDropout';
  readonly rate: number;
  constructor(args: GaussianDropoutArgs) {
    super('GaussianDropout', args ?? {});
    this.rate = checkRate('GaussianDropout', args?.rate);
  }
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = floatInput(this, inputs);
    if (args.training !== true || this.rate === 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return ops.mul(x, ops.randomNormal(x.shape, 1, stddev, x.dtype, this.seeds.next()));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

export interface AlphaDropoutArgs extends LayerArgs {
  rate: number;
  noiseShape?: (number | null)[];
  seed?: number;
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Dropout for SELU networks: dropped values are set to SELU's negative saturation and the result
 * is affinely corrected so mean and variance are kept (Keras 3's AlphaDropout).
 */
export class AlphaDropout extends NoiseLayer {
  static override readonly className = 'AlphaDropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | undefined;
  constructor(args: AlphaDropoutArgs) {
    super('AlphaDropout', args ?? {});
    this.rate = checkRate('AlphaDropout', args?.rate);
    this.noiseShape = args.noiseShape === undefined || args.noiseShape === null ? undefined : [...args.noiseShape];
  }
  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = floatInput(this, inputs);
    if (args.training !== true || this.rate === 0) return x;
    const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? (x.shape[i] as number)) : [...x.shape];
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const kept = ops.cast(ops.greaterEqual(ops.randomUniform(shape, 0, 1, x.dtype, this.seeds.next()), this.rate), x.dtype);
    const a = ((1 - this.rate) * (1 + this.rate * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * this.rate;
    const dropped = ops.add(ops.mul(x, kept), ops.mul(ops.sub(1, kept), alphaP));
    return ops.add(ops.mul(dropped, a), b);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null };
  }
}

registerLayer('SpatialDropout1D', (c) => new SpatialDropout1D(c as unknown as SpatialDropoutArgs));
registerLayer('SpatialDropout2D', (c) => new SpatialDropout2D(c as unknown as SpatialDropout2DArgs));
registerLayer('GaussianNoise', (c) => new GaussianNoise(c as unknown as GaussianNoiseArgs));
registerLayer('GaussianDropout', (c) => new GaussianDropout(c as unknown as GaussianDropoutArgs));
registerLayer('AlphaDropout', (c) => new AlphaDropout(c as unknown as AlphaDropoutArgs));
