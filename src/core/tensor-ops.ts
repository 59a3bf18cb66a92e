/**
 * The contract between the Tensor class (core) and the op library (src/ops): every chainable
 * method of Tensor forwards to the op of the same name. Core declares the signatures it needs;
 * src/ops implements them and the package entry installs the implementation once. This keeps
 * the dependency arrow pointing downward without patching prototypes.
 */
import type { DType } from './dtype.js';
import type { Tensor, TensorLike } from './tensor.js';

export type Axis = number | number[];
export type PaddingType = 'valid' | 'same' | number | ExplicitPadding;
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
export type DimRoundingMode = 'floor' | 'round' | 'ceil';
export type Pair = number | [number, number];

type Unary = (x: Tensor) => Tensor;
type Binary = (a: Tensor, b: TensorLike) => Tensor;
type Reduce = (x: Tensor, axis?: Axis | null, keepDims?: boolean) => Tensor;

export interface TensorOps {
  // elementwise unary
  abs: Unary; acos: Unary; acosh: Unary; asin: Unary; asinh: Unary; atan: Unary; atanh: Unary;
  ceil: Unary; cos: Unary; cosh: Unary; elu: Unary; erf: Unary; exp: Unary; expm1: Unary; floor: Unary;
  isFinite: Unary; isInf: Unary; isNaN: Unary; log: Unary; log1p: Unary; logSigmoid: Unary;
  logicalNot: Unary; neg: Unary; reciprocal: Unary; relu: Unary; relu6: Unary; round: Unary; rsqrt: Unary;
  selu: Unary; sigmoid: Unary; sign: Unary; sin: Unary; sinh: Unary; softplus: Unary; sqrt: Unary;
  square: Unary; tan: Unary; tanh: Unary;
  step: (x: Tensor, alpha?: number) => Tensor;
  leakyRelu: (x: Tensor, alpha?: number) => Tensor;
  prelu: (x: Tensor, alpha: TensorLike) => Tensor;
  clipByValue: (x: Tensor, clipValueMin: number, clipValueMax: number) => Tensor;
  // elementwise binary (numpy broadcasting)
  add: Binary; sub: Binary; mul: Binary; div: Binary; divNoNan: Binary; floorDiv: Binary; mod: Binary;
  pow: Binary; maximum: Binary; minimum: Binary; squaredDifference: Binary; atan2: Binary;
  equal: Binary; notEqual: Binary; less: Binary; lessEqual: Binary; greater: Binary; greaterEqual: Binary;
  logicalAnd: Binary; logicalOr: Binary; logicalXor: Binary;
  // reductions
  sum: Reduce; mean: Reduce; prod: Reduce; max: Reduce; min: Reduce; all: Reduce; any: Reduce; logSumExp: Reduce;
  euclideanNorm: Reduce;
  argMax: (x: Tensor, axis?: number) => Tensor;
  argMin: (x: Tensor, axis?: number) => Tensor;
  norm: (x: Tensor, ord?: number | 'euclidean' | 'fro', axis?: Axis | null, keepDims?: boolean) => Tensor;
  cumsum: (x: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean) => Tensor;
  cumprod: (x: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean) => Tensor;
  // linear algebra
  matMul: (a: Tensor, b: TensorLike, transposeA?: boolean, transposeB?: boolean) => Tensor;
  dot: (a: Tensor, b: TensorLike) => Tensor;
  // shape and indexing
  reshape: (x: Tensor, shape: number[]) => Tensor;
  transpose: (x: Tensor, perm?: number[]) => Tensor;
  expandDims: (x: Tensor, axis?: number) => Tensor;
  squeeze: (x: Tensor, axis?: number[]) => Tensor;
  concat: (tensors: TensorLike[], axis?: number) => Tensor;
  stack: (tensors: TensorLike[], axis?: number) => Tensor;
  unstack: (x: Tensor, axis?: number) => Tensor[];
  split: (x: Tensor, numOrSizeSplits: number | number[], axis?: number) => Tensor[];
  slice: (x: Tensor, begin: number | number[], size?: number | number[]) => Tensor;
  stridedSlice: (
    x: Tensor, begin: number[], end: number[], strides?: number[], beginMask?: number, endMask?: number,
    ellipsisMask?: number, newAxisMask?: number, shrinkAxisMask?: number,
  ) => Tensor;
  gather: (x: Tensor, indices: TensorLike, axis?: number, batchDims?: number) => Tensor;
  tile: (x: Tensor, reps: number[]) => Tensor;
  pad: (x: Tensor, paddings: Array<[number, number]>, constantValue?: number) => Tensor;
  mirrorPad: (x: Tensor, paddings: Array<[number, number]>, mode: 'reflect' | 'symmetric') => Tensor;
  reverse: (x: Tensor, axis?: Axis) => Tensor;
  broadcastTo: (x: Tensor, shape: number[]) => Tensor;
  depthToSpace: (x: Tensor, blockSize: number, dataFormat?: 'NHWC' | 'NCHW') => Tensor;
  topk: (x: Tensor, k?: number, sorted?: boolean) => { values: Tensor; indices: Tensor };
  unique: (x: Tensor, axis?: number) => { values: Tensor; indices: Tensor };
  // neural network
  softmax: (logits: Tensor, dim?: number) => Tensor;
  logSoftmax: (logits: Tensor, axis?: number) => Tensor;
  conv1d: (
    x: Tensor, filter: TensorLike, stride: number, pad: 'valid' | 'same' | number | ExplicitPadding,
    dataFormat?: 'NWC' | 'NCW', dilation?: number, dimRoundingMode?: DimRoundingMode,
  ) => Tensor;
  conv2d: (
    x: Tensor, filter: TensorLike, strides: Pair, pad: PaddingType, dataFormat?: 'NHWC' | 'NCHW',
    dilations?: Pair, dimRoundingMode?: DimRoundingMode,
  ) => Tensor;
  conv2dTranspose: (
    x: Tensor, filter: TensorLike, outputShape: number[], strides: Pair, pad: PaddingType,
    dimRoundingMode?: DimRoundingMode,
  ) => Tensor;
  depthwiseConv2d: (
    x: Tensor, filter: TensorLike, strides: Pair, pad: PaddingType, dataFormat?: 'NHWC' | 'NCHW',
    dilations?: Pair, dimRoundingMode?: DimRoundingMode,
  ) => Tensor;
  separableConv2d: (
    x: Tensor, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, strides: Pair,
    pad: 'valid' | 'same', dilation?: Pair, dataFormat?: 'NHWC' | 'NCHW',
  ) => Tensor;
  maxPool: (x: Tensor, filterSize: Pair, strides: Pair, pad: PaddingType, dimRoundingMode?: DimRoundingMode) => Tensor;
  avgPool: (x: Tensor, filterSize: Pair, strides: Pair, pad: PaddingType, dimRoundingMode?: DimRoundingMode) => Tensor;
  batchNorm: (
    x: Tensor, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike,
    varianceEpsilon?: number,
  ) => Tensor;
  localResponseNormalization: (x: Tensor, depthRadius?: number, bias?: number, alpha?: number, beta?: number) => Tensor;
  resizeBilinear: (images: Tensor, size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean) => Tensor;
  resizeNearestNeighbor: (images: Tensor, size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean) => Tensor;
  // creation and casting
  cast: (x: Tensor, dtype: DType) => Tensor;
  clone: (x: Tensor) => Tensor;
  zerosLike: (x: Tensor) => Tensor;
  onesLike: (x: Tensor) => Tensor;
  oneHot: (indices: Tensor, depth: number, onValue?: number, offValue?: number, dtype?: DType) => Tensor;
}
