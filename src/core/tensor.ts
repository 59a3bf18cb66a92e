/**
 * Tensor and Variable. A tensor is immutable: ops return new tensors. Its data is a typed array
 * that the garbage collector frees when the tensor becomes unreachable; `dispose()` releases it
 * deterministically.
 */
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { describeValue, FluxionError, fmtShape } from './errors.js';
import { formatValues, toNested, type NestedArray } from './format.js';
import { exposeStorage, releaseStorage, retainStorage } from './buffer-pool.js';
import { settleTracking, trackAllocation, trackRelease, Tracking } from './memory.js';
import { sizeFromShape, shapesEqual } from './shape.js';
import type { Axis, DimRoundingMode, ExplicitPadding, PaddingType, Pair, TensorOps } from './tensor-ops.js';

/** Anything an op accepts where a tensor is expected. */
export type TensorLike = Tensor | number | boolean | TypedArray | NestedArray | readonly NestedArray[];

let opsImpl: Partial<TensorOps> = {};

/** Installs the op library behind Tensor's chainable methods (called once by the op library). */
export function installTensorOps(impl: Partial<TensorOps>): void {
  opsImpl = { ...opsImpl, ...impl };
}

function op<K extends keyof TensorOps>(name: K): TensorOps[K] {
  const fn = opsImpl[name];
  if (fn === undefined) {
    throw new FluxionError(`Tensor.${name}: the op library is not loaded; import Fluxion through its package entry ("fluxion").`);
  }
  return fn;
}

let nextTensorId = 0;

export class Tensor {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  /** Internal: the backing data; null once disposed. Use dataSync() from user code. */
  protected storage: TypedArray | null;
  /** How memory() counts this tensor (see trackAllocation). */
  private tracking: Tracking;

  /** Internal: create tensors through the op library (fx.tensor, fx.zeros, ...). */
  constructor(values: TypedArray, shape: readonly number[], dtype: DType) {
    this.id = nextTensorId++;
    this.shape = [...shape];
    this.dtype = dtype;
    this.size = sizeFromShape(shape);
    this.storage = values;
    retainStorage(values);
    this.tracking = Tracking.None;
    this.tracking = trackAllocation(this, this.size * bytesPerElement(dtype));
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** Internal: the backing typed array (shared, not copied). */
  get values(): TypedArray {
    if (this.storage === null) {
      throw new FluxionError(
        `Tensor ${this.id} (shape ${fmtShape(this.shape)}, ${this.dtype}) is disposed and can no longer be used. ` +
          'It was released by dispose() or by an enclosing tidy(); keep() it or return it from the tidy to use it afterwards.',
      );
    }
    return this.storage;
  }

  /** The values as a typed array (Uint8Array of 0/1 for bool). Do not mutate it. */
  dataSync(): TypedArray {
    const v = this.values;
    exposeStorage(v);
    return v;
  }

  async data(): Promise<TypedArray> {
    return Promise.resolve(this.dataSync());
  }

  arraySync(): NestedArray {
    return toNested(this.values, this.shape, this.dtype);
  }

  async array(): Promise<NestedArray> {
    return Promise.resolve(this.arraySync());
  }

  toString(verbose = false): string {
    const body = formatValues(this.values, this.shape, this.dtype);
    const header = verbose ? `Tensor\n  dtype: ${this.dtype}\n  rank: ${this.rank}\n  shape: ${fmtShape(this.shape)}\n  values:\n` : 'Tensor\n';
    return header + body.split('\n').map((l) => `    ${l}`).join('\n');
  }

  print(verbose = false): void {
    console.log(this.toString(verbose));
  }

  dispose(): void {
    if (this.storage === null) return;
    releaseStorage(this.storage);
    this.storage = null;
    trackRelease(this, this.size * bytesPerElement(this.dtype), this.tracking);
    this.tracking = Tracking.None;
  }

  /** @internal memory.ts: this (Young) tensor is now registered with the FinalizationRegistry. Not for user code. */
  onRegistered(): void {
    this.tracking = Tracking.Registered;
  }

  /** Internal (tidy): this tensor outlives the scope it was created in; `adopted`: an enclosing scope now holds it. */
  settleTracking(adopted: boolean): void {
    if (this.storage !== null) this.tracking = settleTracking(this, this.size * bytesPerElement(this.dtype), this.tracking, adopted);
  }

  // ---- chainable ops (each forwards to the op of the same name) ----
  abs(): Tensor { return op('abs')(this); }
  acos(): Tensor { return op('acos')(this); }
  acosh(): Tensor { return op('acosh')(this); }
  asin(): Tensor { return op('asin')(this); }
  asinh(): Tensor { return op('asinh')(this); }
  atan(): Tensor { return op('atan')(this); }
  atanh(): Tensor { return op('atanh')(this); }
  ceil(): Tensor { return op('ceil')(this); }
  cos(): Tensor { return op('cos')(this); }
  cosh(): Tensor { return op('cosh')(this); }
  elu(): Tensor { return op('elu')(this); }
  erf(): Tensor { return op('erf')(this); }
  exp(): Tensor { return op('exp')(this); }
  expm1(): Tensor { return op('expm1')(this); }
  floor(): Tensor { return op('floor')(this); }
  isFinite(): Tensor { return op('isFinite')(this); }
  isInf(): Tensor { return op('isInf')(this); }
  isNaN(): Tensor { return op('isNaN')(this); }
  log(): Tensor { return op('log')(this); }
  log1p(): Tensor { return op('log1p')(this); }
  logSigmoid(): Tensor { return op('logSigmoid')(this); }
  logicalNot(): Tensor { return op('logicalNot')(this); }
  neg(): Tensor { return op('neg')(this); }
  reciprocal(): Tensor { return op('reciprocal')(this); }
  relu(): Tensor { return op('relu')(this); }
  relu6(): Tensor { return op('relu6')(this); }
  round(): Tensor { return op('round')(this); }
  rsqrt(): Tensor { return op('rsqrt')(this); }
  selu(): Tensor { return op('selu')(this); }
  sigmoid(): Tensor { return op('sigmoid')(this); }
  sign(): Tensor { return op('sign')(this); }
  sin(): Tensor { return op('sin')(this); }
  sinh(): Tensor { return op('sinh')(this); }
  softplus(): Tensor { return op('softplus')(this); }
  sqrt(): Tensor { return op('sqrt')(this); }
  square(): Tensor { return op('square')(this); }
  tan(): Tensor { return op('tan')(this); }
  tanh(): Tensor { return op('tanh')(this); }
  step(alpha?: number): Tensor { return op('step')(this, alpha); }
  leakyRelu(alpha?: number): Tensor { return op('leakyRelu')(this, alpha); }
  prelu(alpha: TensorLike): Tensor { return op('prelu')(this, alpha); }
  clipByValue(min: number, max: number): Tensor { return op('clipByValue')(this, min, max); }

  add(b: TensorLike): Tensor { return op('add')(this, b); }
  sub(b: TensorLike): Tensor { return op('sub')(this, b); }
  mul(b: TensorLike): Tensor { return op('mul')(this, b); }
  div(b: TensorLike): Tensor { return op('div')(this, b); }
  divNoNan(b: TensorLike): Tensor { return op('divNoNan')(this, b); }
  floorDiv(b: TensorLike): Tensor { return op('floorDiv')(this, b); }
  mod(b: TensorLike): Tensor { return op('mod')(this, b); }
  pow(b: TensorLike): Tensor { return op('pow')(this, b); }
  maximum(b: TensorLike): Tensor { return op('maximum')(this, b); }
  minimum(b: TensorLike): Tensor { return op('minimum')(this, b); }
  squaredDifference(b: TensorLike): Tensor { return op('squaredDifference')(this, b); }
  atan2(b: TensorLike): Tensor { return op('atan2')(this, b); }
  equal(b: TensorLike): Tensor { return op('equal')(this, b); }
  notEqual(b: TensorLike): Tensor { return op('notEqual')(this, b); }
  less(b: TensorLike): Tensor { return op('less')(this, b); }
  lessEqual(b: TensorLike): Tensor { return op('lessEqual')(this, b); }
  greater(b: TensorLike): Tensor { return op('greater')(this, b); }
  greaterEqual(b: TensorLike): Tensor { return op('greaterEqual')(this, b); }
  logicalAnd(b: TensorLike): Tensor { return op('logicalAnd')(this, b); }
  logicalOr(b: TensorLike): Tensor { return op('logicalOr')(this, b); }
  logicalXor(b: TensorLike): Tensor { return op('logicalXor')(this, b); }

  sum(axis?: Axis | null, keepDims?: boolean): Tensor { return op('sum')(this, axis, keepDims); }
  mean(axis?: Axis | null, keepDims?: boolean): Tensor { return op('mean')(this, axis, keepDims); }
  prod(axis?: Axis | null, keepDims?: boolean): Tensor { return op('prod')(this, axis, keepDims); }
  max(axis?: Axis | null, keepDims?: boolean): Tensor { return op('max')(this, axis, keepDims); }
  min(axis?: Axis | null, keepDims?: boolean): Tensor { return op('min')(this, axis, keepDims); }
  all(axis?: Axis | null, keepDims?: boolean): Tensor { return op('all')(this, axis, keepDims); }
  any(axis?: Axis | null, keepDims?: boolean): Tensor { return op('any')(this, axis, keepDims); }
  logSumExp(axis?: Axis | null, keepDims?: boolean): Tensor { return op('logSumExp')(this, axis, keepDims); }
  euclideanNorm(axis?: Axis | null, keepDims?: boolean): Tensor { return op('euclideanNorm')(this, axis, keepDims); }
  argMax(axis?: number): Tensor { return op('argMax')(this, axis); }
  argMin(axis?: number): Tensor { return op('argMin')(this, axis); }
  norm(ord?: number | 'euclidean' | 'fro', axis?: Axis | null, keepDims?: boolean): Tensor {
    return op('norm')(this, ord, axis, keepDims);
  }
  cumsum(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor { return op('cumsum')(this, axis, exclusive, reverse); }
  cumprod(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor { return op('cumprod')(this, axis, exclusive, reverse); }

  matMul(b: TensorLike, transposeA?: boolean, transposeB?: boolean): Tensor {
    return op('matMul')(this, b, transposeA, transposeB);
  }
  dot(b: TensorLike): Tensor { return op('dot')(this, b); }

  reshape(shape: number[]): Tensor { return op('reshape')(this, shape); }
  reshapeAs(x: Tensor): Tensor { return op('reshape')(this, x.shape); }
  flatten(): Tensor { return op('reshape')(this, [this.size]); }
  asScalar(): Tensor { return op('reshape')(this, []); }
  as1D(): Tensor { return op('reshape')(this, [this.size]); }
  as2D(rows: number, columns: number): Tensor { return op('reshape')(this, [rows, columns]); }
  as3D(rows: number, columns: number, depth: number): Tensor { return op('reshape')(this, [rows, columns, depth]); }
  as4D(rows: number, columns: number, depth: number, depth2: number): Tensor {
    return op('reshape')(this, [rows, columns, depth, depth2]);
  }
  transpose(perm?: number[]): Tensor { return op('transpose')(this, perm); }
  expandDims(axis?: number): Tensor { return op('expandDims')(this, axis); }
  squeeze(axis?: number[]): Tensor { return op('squeeze')(this, axis); }
  concat(x: TensorLike | TensorLike[], axis?: number): Tensor {
    return op('concat')([this, ...(x instanceof Tensor || !Array.isArray(x) ? [x] : (x as TensorLike[]))], axis);
  }
  stack(x: TensorLike | TensorLike[], axis?: number): Tensor {
    return op('stack')([this, ...(x instanceof Tensor || !Array.isArray(x) ? [x] : (x as TensorLike[]))], axis);
  }
  unstack(axis?: number): Tensor[] { return op('unstack')(this, axis); }
  split(numOrSizeSplits: number | number[], axis?: number): Tensor[] { return op('split')(this, numOrSizeSplits, axis); }
  slice(begin: number | number[], size?: number | number[]): Tensor { return op('slice')(this, begin, size); }
  stridedSlice(
    begin: number[], end: number[], strides?: number[], beginMask?: number, endMask?: number,
    ellipsisMask?: number, newAxisMask?: number, shrinkAxisMask?: number,
  ): Tensor {
    return op('stridedSlice')(this, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
  }
  gather(indices: TensorLike, axis?: number, batchDims?: number): Tensor { return op('gather')(this, indices, axis, batchDims); }
  tile(reps: number[]): Tensor { return op('tile')(this, reps); }
  pad(paddings: Array<[number, number]>, constantValue?: number): Tensor { return op('pad')(this, paddings, constantValue); }
  mirrorPad(paddings: Array<[number, number]>, mode: 'reflect' | 'symmetric'): Tensor {
    return op('mirrorPad')(this, paddings, mode);
  }
  reverse(axis?: Axis): Tensor { return op('reverse')(this, axis); }
  broadcastTo(shape: number[]): Tensor { return op('broadcastTo')(this, shape); }
  depthToSpace(blockSize: number, dataFormat?: 'NHWC' | 'NCHW'): Tensor { return op('depthToSpace')(this, blockSize, dataFormat); }
  topk(k?: number, sorted?: boolean): { values: Tensor; indices: Tensor } { return op('topk')(this, k, sorted); }
  unique(axis?: number): { values: Tensor; indices: Tensor } { return op('unique')(this, axis); }

  softmax(dim?: number): Tensor { return op('softmax')(this, dim); }
  logSoftmax(axis?: number): Tensor { return op('logSoftmax')(this, axis); }
  conv1d(
    filter: TensorLike, stride: number, pad: 'valid' | 'same' | number | ExplicitPadding, dataFormat?: 'NWC' | 'NCW',
    dilation?: number, dimRoundingMode?: DimRoundingMode,
  ): Tensor {
    return op('conv1d')(this, filter, stride, pad, dataFormat, dilation, dimRoundingMode);
  }
  conv2d(
    filter: TensorLike, strides: Pair, pad: PaddingType, dataFormat?: 'NHWC' | 'NCHW', dilations?: Pair,
    dimRoundingMode?: DimRoundingMode,
  ): Tensor {
    return op('conv2d')(this, filter, strides, pad, dataFormat, dilations, dimRoundingMode);
  }
  conv2dTranspose(
    filter: TensorLike, outputShape: number[], strides: Pair, pad: PaddingType, dimRoundingMode?: DimRoundingMode,
  ): Tensor {
    return op('conv2dTranspose')(this, filter, outputShape, strides, pad, dimRoundingMode);
  }
  depthwiseConv2d(
    filter: TensorLike, strides: Pair, pad: PaddingType, dataFormat?: 'NHWC' | 'NCHW', dilations?: Pair,
    dimRoundingMode?: DimRoundingMode,
  ): Tensor {
    return op('depthwiseConv2d')(this, filter, strides, pad, dataFormat, dilations, dimRoundingMode);
  }
  separableConv2d(
    depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, strides: Pair, pad: 'valid' | 'same', dilation?: Pair,
    dataFormat?: 'NHWC' | 'NCHW',
  ): Tensor {
    return op('separableConv2d')(this, depthwiseFilter, pointwiseFilter, strides, pad, dilation, dataFormat);
  }
  maxPool(filterSize: Pair, strides: Pair, pad: PaddingType, dimRoundingMode?: DimRoundingMode): Tensor {
    return op('maxPool')(this, filterSize, strides, pad, dimRoundingMode);
  }
  avgPool(filterSize: Pair, strides: Pair, pad: PaddingType, dimRoundingMode?: DimRoundingMode): Tensor {
    return op('avgPool')(this, filterSize, strides, pad, dimRoundingMode);
  }
  batchNorm(mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor {
    return op('batchNorm')(this, mean, variance, offset, scale, varianceEpsilon);
  }
  localResponseNormalization(depthRadius?: number, bias?: number, alpha?: number, beta?: number): Tensor {
    return op('localResponseNormalization')(this, depthRadius, bias, alpha, beta);
  }
  resizeBilinear(size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean): Tensor {
    return op('resizeBilinear')(this, size, alignCorners, halfPixelCenters);
  }
  resizeNearestNeighbor(size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean): Tensor {
    return op('resizeNearestNeighbor')(this, size, alignCorners, halfPixelCenters);
  }

  cast(dtype: DType): Tensor { return op('cast')(this, dtype); }
  asType(dtype: DType): Tensor { return op('cast')(this, dtype); }
  clone(): Tensor { return op('clone')(this); }
  zerosLike(): Tensor { return op('zerosLike')(this); }
  onesLike(): Tensor { return op('onesLike')(this); }
  oneHot(depth: number, onValue?: number, offValue?: number, dtype?: DType): Tensor {
    return op('oneHot')(this, depth, onValue, offValue, dtype);
  }
}

let nextVariableId = 0;

/**
 * A mutable tensor: `assign` replaces its value in place. Trainable variables are watched by
 * gradient tapes automatically, and `variableGrads` differentiates with respect to them.
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  /** Internal: create variables with fx.variable(). */
  constructor(initial: Tensor, trainable = true, name?: string) {
    super(initial.values.slice(), initial.shape, initial.dtype);
    this.trainable = trainable;
    this.name = name ?? `variable_${nextVariableId++}`;
  }

  /** Replaces the value; the new value must have the same shape and dtype. */
  assign(newValue: Tensor): void {
    this.replaceWith('assign', newValue);
  }

  /** this += delta (delta broadcasts to the variable's shape). */
  assignAdd(delta: TensorLike): void {
    this.replaceWith('assignAdd', op('cast')(op('add')(this, delta), this.dtype));
  }

  /** this -= delta (delta broadcasts to the variable's shape). */
  assignSub(delta: TensorLike): void {
    this.replaceWith('assignSub', op('cast')(op('sub')(this, delta), this.dtype));
  }

  private replaceWith(method: string, newValue: Tensor): void {
    if (!(newValue instanceof Tensor)) {
      throw new FluxionError(
        `Variable.${method}: the new value must be a Tensor, but received ${describeValue(newValue)}. Wrap it with fx.tensor() first.`,
      );
    }
    if (!shapesEqual(newValue.shape, this.shape) || newValue.dtype !== this.dtype) {
      throw new FluxionError(
        `Variable.${method}: variable "${this.name}" has shape ${fmtShape(this.shape)} and dtype ${this.dtype}, ` +
          `but the new value has shape ${fmtShape(newValue.shape)} and dtype ${newValue.dtype}. ` +
          'Cast or reshape the value first; a variable keeps its shape and dtype for its whole life.',
      );
    }
    if (this.storage === null) throw new FluxionError(`Variable.${method}: variable "${this.name}" is disposed.`);
    // Tensors are immutable, so the variable can share the new value's storage instead of copying it.
    const next = newValue.values;
    retainStorage(next);
    releaseStorage(this.storage);
    this.storage = next;
  }
}
