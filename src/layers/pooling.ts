/** Pooling layers: MaxPooling1D/2D, AveragePooling1D/2D, GlobalMax/AveragePooling1D/2D (channels-last). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { Layer, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { positiveTuple, singleInput } from './layer-args.js';
import { registerLayer } from './registry.js';

export interface PoolingArgs extends LayerArgs {
  poolSize?: number | number[];
  strides?: number | number[] | null;
  padding?: 'valid' | 'same';
  dataFormat?: 'channelsLast';
}



abstract class Pooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  constructor(
    protected readonly rank: 1 | 2,
    protected readonly kind: 'max' | 'avg',
    args: PoolingArgs = {},
  ) {
    super(args);
    const cls = this.getClassName();
    this.poolSize = positiveTuple(cls, 'poolSize', args.poolSize ?? 2, rank);
    this.strides = positiveTuple(cls, 'strides', args.strides ?? this.poolSize, rank);
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new FluxionError(`${cls}: padding must be 'valid' or 'same', but received ${describeValue(args.padding)}.`);
    }
    this.inputSpec = { ndim: rank + 2 };
  }
  override call(inputs: LayerInputs): Tensor {
    let x = singleInput(this, inputs);
    if (this.rank === 1) x = ops.expandDims(x, 1);
    const pool = this.kind === 'max' ? ops.maxPool : ops.avgPool;
    const size = (this.rank === 1 ? [1, this.poolSize[0]] : this.poolSize) as [number, number];
    const strides = (this.rank === 1 ? [1, this.strides[0]] : this.strides) as [number, number];
    const y = pool(x, size, strides, this.padding);
    return this.rank === 1 ? ops.squeeze(y, [1]) : y;
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    const spatial = s.slice(1, -1).map((d, i) => {
      if (d === null) return null;
      const k = this.poolSize[i] as number;
      const st = this.strides[i] as number;
      return this.padding === 'same' ? Math.ceil(d / st) : Math.max(0, Math.floor((d - k) / st) + 1);
    });
    return [s[0] ?? null, ...spatial, s[s.length - 1] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: 'channelsLast' };
  }
}

export class MaxPooling2D extends Pooling {
  static override readonly className = 'MaxPooling2D';
  constructor(args: PoolingArgs = {}) {
    super(2, 'max', args);
  }
}
export class AveragePooling2D extends Pooling {
  static override readonly className = 'AveragePooling2D';
  constructor(args: PoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
export class MaxPooling1D extends Pooling {
  static override readonly className = 'MaxPooling1D';
  constructor(args: PoolingArgs = {}) {
    super(1, 'max', args);
  }
}
export class AveragePooling1D extends Pooling {
  static override readonly className = 'AveragePooling1D';
  constructor(args: PoolingArgs = {}) {
    super(1, 'avg', args);
  }
}

export interface GlobalPoolingArgs extends LayerArgs {
  keepdims?: boolean;
}

abstract class GlobalPooling extends Layer {
  readonly keepdims: boolean;
  constructor(
    protected readonly rank: 1 | 2,
    protected readonly kind: 'max' | 'avg',
    args: GlobalPoolingArgs = {},
  ) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    this.inputSpec = { ndim: rank + 2 };
  }
  override call(inputs: LayerInputs): Tensor {
    const x = singleInput(this, inputs);
    const axes = this.rank === 1 ? [1] : [1, 2];
    return this.kind === 'max' ? ops.max(x, axes, this.keepdims) : ops.mean(x, axes, this.keepdims);
  }
  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const s = inputShape as ShapeWithNull;
    return this.keepdims ? [s[0] ?? null, ...new Array<number>(this.rank).fill(1), s[s.length - 1] ?? null] : [s[0] ?? null, s[s.length - 1] ?? null];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims, dataFormat: 'channelsLast' };
  }
}

export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
export class GlobalMaxPooling2D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'max', args);
  }
}
export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'avg', args);
  }
}
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'max', args);
  }
}

for (const [name, cls] of [
  ['MaxPooling2D', MaxPooling2D],
  ['AveragePooling2D', AveragePooling2D],
  ['MaxPooling1D', MaxPooling1D],
  ['AveragePooling1D', AveragePooling1D],
] as const) {
  registerLayer(name, (c) => new cls(c as PoolingArgs));
}
for (const [name, cls] of [
  ['GlobalAveragePooling2D', GlobalAveragePooling2D],
  ['GlobalMaxPooling2D', GlobalMaxPooling2D],
  ['GlobalAveragePooling1D', GlobalAveragePooling1D],
  ['GlobalMaxPooling1D', GlobalMaxPooling1D],
] as const) {
  registerLayer(name, (c) => new cls(c as GlobalPoolingArgs));
}
