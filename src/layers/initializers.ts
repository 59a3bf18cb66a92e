/**
 * Weight initializers (Keras 3 semantics, TensorFlow.js names): each is an object with
 * `apply(shape, dtype)` and a serializable config. Factories: fx.initializers.glorotUniform({seed}).
 */
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';

export abstract class Initializer {
  abstract readonly className: string;
  abstract apply(shape: number[], dtype?: DType): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Keras's fan computation: dense kernels [in, out]; conv kernels [...spatial, in, out]. */
export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  if (shape.length === 2) return { fanIn: shape[0] as number, fanOut: shape[1] as number };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape[shape.length - 2] as number) * receptive, fanOut: (shape[shape.length - 1] as number) * receptive };
}

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.zeros(shape, dtype);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.ones(shape, dtype);
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = args.value ?? 0;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.fill(shape, this.value, dtype);
  }
  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

interface SeedArgs {
  seed?: number;
}

export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.randomNormal(shape, this.mean, this.stddev, floatDType(dtype), this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor(args: { minval?: number; maxval?: number } & SeedArgs = {}) {
    super();
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.randomUniform(shape, this.minval, this.maxval, floatDType(dtype), this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ops.truncatedNormal(shape, this.mean, this.stddev, floatDType(dtype), this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type Distribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform' | 'normal';

export interface VarianceScalingArgs extends SeedArgs {
  scale?: number;
  mode?: FanMode;
  distribution?: Distribution;
}

export class VarianceScaling extends Initializer {
  className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | undefined;
  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fanIn';
    this.distribution = args.distribution ?? 'truncatedNormal';
    this.seed = args.seed;
    if (!(this.scale > 0)) throw new FluxionError(`VarianceScaling: scale must be positive, but received ${describeValue(args.scale)}.`);
    if (!['fanIn', 'fanOut', 'fanAvg'].includes(this.mode)) {
      throw new FluxionError(`VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', but received ${describeValue(args.mode)}.`);
    }
    if (!['truncatedNormal', 'untruncatedNormal', 'uniform', 'normal'].includes(this.distribution)) {
      throw new FluxionError(
        `VarianceScaling: distribution must be 'truncatedNormal', 'untruncatedNormal' or 'uniform', but received ${describeValue(args.distribution)}.`,
      );
    }
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const n = Math.max(1, this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = this.scale / n;
    const dt = floatDType(dtype);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return ops.randomUniform(shape, -limit, limit, dt, this.seed);
    }
    if (this.distribution === 'untruncatedNormal') return ops.randomNormal(shape, 0, Math.sqrt(variance), dt, this.seed);
    // 0.8796... is the stddev of a unit normal truncated to [-2, 2]; dividing by it keeps the variance.
    return ops.truncatedNormal(shape, 0, Math.sqrt(variance) / 0.8796256610342398, dt, this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

function variant(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    override className = className;
    constructor(args: SeedArgs = {}) {
      super({ scale, mode, distribution, seed: args.seed });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed ?? null };
    }
  };
}

export const GlorotUniform = variant('GlorotUniform', 1, 'fanAvg', 'uniform');
export const GlorotNormal = variant('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
export const HeUniform = variant('HeUniform', 2, 'fanIn', 'uniform');
export const HeNormal = variant('HeNormal', 2, 'fanIn', 'truncatedNormal');
export const LecunUniform = variant('LecunUniform', 1, 'fanIn', 'uniform');
export const LecunNormal = variant('LecunNormal', 1, 'fanIn', 'truncatedNormal');

export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;
  constructor(args: { gain?: number } & SeedArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    if (shape.length < 2) {
      throw new FluxionError(`Orthogonal: the shape must have rank >= 2, but received [${shape.join(',')}].`);
    }
    const cols = shape[shape.length - 1] as number;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [r, c] = rows < cols ? [cols, rows] : [rows, cols];
    const a = ops.randomNormal([r, c], 0, 1, 'float64', this.seed);
    const [q, rr] = ops.linalg.qr(a);
    // Make the decomposition unique (sign of R's diagonal), as Keras does.
    const d = ops.sign(ops.sum(ops.mul(rr, ops.eye(c, c, undefined, 'float64')), 0));
    let m = ops.mul(q, d);
    if (rows < cols) m = ops.transpose(m);
    return ops.cast(ops.reshape(ops.mul(m, this.gain), shape), floatDType(dtype));
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

export class Identity extends Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    if (shape.length !== 2) {
      throw new FluxionError(`Identity: the shape must have rank 2, but received [${shape.join(',')}].`);
    }
    return ops.mul(ops.eye(shape[0] as number, shape[1] as number, undefined, floatDType(dtype)), this.gain);
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

function floatDType(dtype: DType): 'float32' | 'float64' {
  return dtype === 'float64' ? 'float64' : 'float32';
}

// ---- TensorFlow.js-style factories and the registry

export const zeros = (): Initializer => new Zeros();
export const ones = (): Initializer => new Ones();
export const constant = (args: { value: number }): Initializer => new Constant(args);
export const randomNormal = (args: { mean?: number; stddev?: number; seed?: number } = {}): Initializer => new RandomNormal(args);
export const randomUniform = (args: { minval?: number; maxval?: number; seed?: number } = {}): Initializer => new RandomUniform(args);
export const truncatedNormal = (args: { mean?: number; stddev?: number; seed?: number } = {}): Initializer => new TruncatedNormal(args);
export const varianceScaling = (args: VarianceScalingArgs = {}): Initializer => new VarianceScaling(args);
export const glorotUniform = (args: SeedArgs = {}): Initializer => new GlorotUniform(args);
export const glorotNormal = (args: SeedArgs = {}): Initializer => new GlorotNormal(args);
export const heUniform = (args: SeedArgs = {}): Initializer => new HeUniform(args);
export const heNormal = (args: SeedArgs = {}): Initializer => new HeNormal(args);
export const lecunUniform = (args: SeedArgs = {}): Initializer => new LecunUniform(args);
export const lecunNormal = (args: SeedArgs = {}): Initializer => new LecunNormal(args);
export const orthogonal = (args: { gain?: number; seed?: number } = {}): Initializer => new Orthogonal(args);
export const identity = (args: { gain?: number } = {}): Initializer => new Identity(args);

const BY_NAME: Record<string, (config: Record<string, unknown>) => Initializer> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (c) => new Constant(c as { value?: number }),
  randomNormal: (c) => new RandomNormal(c),
  randomUniform: (c) => new RandomUniform(c),
  truncatedNormal: (c) => new TruncatedNormal(c),
  varianceScaling: (c) => new VarianceScaling(c as VarianceScalingArgs),
  glorotUniform: (c) => new GlorotUniform(c),
  glorotNormal: (c) => new GlorotNormal(c),
  heUniform: (c) => new HeUniform(c),
  heNormal: (c) => new HeNormal(c),
  lecunUniform: (c) => new LecunUniform(c),
  lecunNormal: (c) => new LecunNormal(c),
  orthogonal: (c) => new Orthogonal(c),
  identity: (c) => new Identity(c),
};

export type InitializerIdentifier = string | Initializer | { className: string; config?: Record<string, unknown> };

/** Resolves 'glorotUniform', 'glorot_uniform', 'GlorotUniform', {className, config} or an instance. */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  const name = typeof identifier === 'string' ? identifier : identifier.className;
  const config = typeof identifier === 'string' ? {} : (identifier.config ?? {});
  const camel = name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  const key = Object.keys(BY_NAME).find((k) => k.toLowerCase() === camel.toLowerCase());
  if (key === undefined) {
    throw new FluxionError(`Unknown initializer "${name}". Valid initializers: ${Object.keys(BY_NAME).join(', ')}.`);
  }
  const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null));
  return (BY_NAME[key] as (c: Record<string, unknown>) => Initializer)(clean);
}
