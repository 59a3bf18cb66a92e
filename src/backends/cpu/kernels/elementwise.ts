/**
 * Native kernels of the elementwise family for the cpu backend (see native/README.md): unary maps,
 * broadcasting binary maps, select, cast, reductions, arg-reductions, softmax and the
 * cross-entropies. float32 runs the SIMD code (AVX2+FMA or portable); float64 and int32 run
 * native double-precision loops that compute what the js reference computes.
 *
 * Deliberate fallbacks to the js kernels: arithmetic unary/binary ops on bool inputs, select with
 * a condition that is not bool, argMax/argMin over an empty axis (an error the js kernel reports),
 * softmax and the cross-entropies of non-float inputs, and cross-entropies whose labels and logits
 * differ in shape or dtype.
 */
import { makeTypedArray, type DType, type TypedArray } from '../../../core/dtype.js';
import type { Kernel, KernelName, KernelTable, KernelTensor } from '../../../core/kernels.js';
import { broadcastShapes, reducedShape, sizeFromShape } from '../../../core/shape.js';
import { jsKernels } from '../../js/index.js';
import { nativeAs } from '../native.js';
import { makeOutputArray } from '../../../core/output-array.js';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS, type BinaryOpName, type ReduceOpName, type UnaryOpName } from './elementwise-ops.js';

/** The addon's functions of this family (native/src/bind_elementwise.cc). */
interface ElementwiseNative {
  ewUnary(op: number, x: TypedArray, out: TypedArray, a: number, b: number): void;
  ewBinary(op: number, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[], out: TypedArray, outShape: readonly number[]): void;
  ewSelect(
    c: Uint8Array,
    cShape: readonly number[],
    a: TypedArray,
    aShape: readonly number[],
    b: TypedArray,
    bShape: readonly number[],
    out: TypedArray,
    outShape: readonly number[],
  ): void;
  ewCast(x: TypedArray, out: TypedArray): void;
  ewReduce(op: number, x: TypedArray, shape: readonly number[], axes: readonly number[], out: TypedArray): void;
  ewArgReduce(x: TypedArray, outer: number, n: number, inner: number, sign: number, out: Int32Array): void;
  ewSoftmax(x: TypedArray, out: TypedArray, outer: number, n: number, inner: number, log: boolean): void;
  ewSoftmaxXent(labels: TypedArray, logits: TypedArray, loss: TypedArray, logSoftmax: TypedArray, outer: number, n: number, inner: number): void;
  ewSigmoidXent(labels: TypedArray, logits: TypedArray, out: TypedArray): void;
}

let addon: ElementwiseNative | null = null;
function native(): ElementwiseNative {
  addon ??= nativeAs<ElementwiseNative>();
  return addon;
}

/** The js kernel `name` (the deliberate fallbacks listed above). */
function js<K extends KernelName>(name: K): Kernel<K> {
  const k = jsKernels[name] as Kernel<K> | undefined;
  if (k === undefined) throw new Error(`fluxion: the js backend has no kernel ${name}`);
  return k;
}

function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Sizes before `axis`, along it and after it. */
function split(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeFromShape(shape.slice(0, axis)), shape[axis] ?? 1, sizeFromShape(shape.slice(axis + 1))];
}

const PREDICATES: ReadonlySet<string> = new Set(['isNaN', 'isFinite', 'isInf', 'logicalNot']);

/** A kernel of `jsKernels` called without its static type (the fallback of the loops below). */
type LooseKernel = (inputs: readonly KernelTensor[], attrs: object) => KernelTensor | KernelTensor[];
function jsLoose(name: KernelName): LooseKernel {
  return js(name) as unknown as LooseKernel;
}

function unaryNative(name: UnaryOpName, x: KernelTensor, a = 0, b = 0): KernelTensor {
  const dtype: DType = PREDICATES.has(name) ? 'bool' : x.dtype;
  const out = makeOutputArray(dtype, x.values.length);
  native().ewUnary(UNARY_OPS[name], x.values, out, a, b);
  return { values: out, shape: x.shape, dtype };
}

/** A unary kernel without attributes (arithmetic on bool falls back to js). */
function unary(name: UnaryOpName & KernelName): (inputs: readonly [KernelTensor]) => KernelTensor | KernelTensor[] {
  const fallback = jsLoose(name);
  const pred = PREDICATES.has(name);
  return (inputs) => (inputs[0].dtype === 'bool' && !pred ? fallback(inputs, {}) : unaryNative(name, inputs[0]));
}

/** A broadcasting binary kernel (bool inputs only for comparisons and logical ops). */
function binary(name: BinaryOpName): (inputs: readonly [KernelTensor, KernelTensor]) => KernelTensor | KernelTensor[] {
  const fallback = jsLoose(name);
  const op = BINARY_OPS[name];
  const toBool = (op >= BINARY_OPS.equal && op <= BINARY_OPS.greaterEqual) || op >= BINARY_OPS.logicalAnd;
  return (inputs) => {
    const [a, b] = inputs;
    if (a.dtype !== b.dtype || (a.dtype === 'bool' && !toBool)) return fallback(inputs, {});
    const shape = broadcastShapes(name, a.shape, b.shape);
    const dtype: DType = toBool ? 'bool' : a.dtype;
    const out = makeOutputArray(dtype, sizeFromShape(shape));
    native().ewBinary(op, a.values, a.shape, b.values, b.shape, out, shape);
    return { values: out, shape, dtype };
  };
}

function reduce(name: ReduceOpName): (inputs: readonly [KernelTensor], attrs: { axes: number[] }) => KernelTensor {
  const op = REDUCE_OPS[name];
  return ([x], { axes }) => {
    const shape = reducedShape(x.shape, axes, false);
    const dtype: DType = name === 'all' || name === 'any' ? 'bool' : name === 'sum' && x.dtype === 'bool' ? 'int32' : x.dtype;
    const out = makeTypedArray(dtype, sizeFromShape(shape));
    native().ewReduce(op, x.values, x.shape, axes, out);
    return { values: out, shape, dtype };
  };
}

function argReduce(name: 'argMax' | 'argMin'): (inputs: readonly [KernelTensor], attrs: { axis: number }) => KernelTensor | KernelTensor[] {
  const fallback = jsLoose(name);
  return (inputs, attrs) => {
    const [x] = inputs;
    const [outer, n, inner] = split(x.shape, attrs.axis);
    if (n === 0) return fallback(inputs, attrs);
    const out = new Int32Array(outer * inner);
    native().ewArgReduce(x.values, outer, n, inner, name === 'argMax' ? 1 : -1, out);
    return { values: out, shape: x.shape.filter((_, d) => d !== attrs.axis), dtype: 'int32' };
  };
}

function softmaxLike(name: 'softmax' | 'logSoftmax'): (inputs: readonly [KernelTensor], attrs: { axis: number }) => KernelTensor | KernelTensor[] {
  const fallback = jsLoose(name);
  return (inputs, attrs) => {
    const [x] = inputs;
    if (!isFloat(x.dtype)) return fallback(inputs, attrs);
    const [outer, n, inner] = split(x.shape, attrs.axis);
    const out = makeOutputArray(x.dtype, x.values.length);
    native().ewSoftmax(x.values, out, outer, n, inner, name === 'logSoftmax');
    return { values: out, shape: x.shape, dtype: x.dtype };
  };
}

function sameLayout(a: KernelTensor, b: KernelTensor): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/** Unary kernels with scalar attributes (`op` may differ from the kernel's name: gelu's two forms). */
function withAttrs(x: KernelTensor, op: UnaryOpName, a: number, b = 0): KernelTensor | null {
  return x.dtype === 'bool' ? null : unaryNative(op, x, a, b);
}

export const elementwiseKernels: KernelTable = {
  neg: unary('neg'),
  abs: unary('abs'),
  exp: unary('exp'),
  expm1: unary('expm1'),
  log: unary('log'),
  log1p: unary('log1p'),
  sqrt: unary('sqrt'),
  rsqrt: unary('rsqrt'),
  reciprocal: unary('reciprocal'),
  square: unary('square'),
  sin: unary('sin'),
  cos: unary('cos'),
  tan: unary('tan'),
  asin: unary('asin'),
  acos: unary('acos'),
  atan: unary('atan'),
  asinh: unary('asinh'),
  acosh: unary('acosh'),
  atanh: unary('atanh'),
  sinh: unary('sinh'),
  cosh: unary('cosh'),
  tanh: unary('tanh'),
  sigmoid: unary('sigmoid'),
  softplus: unary('softplus'),
  softsign: unary('softsign'),
  relu: unary('relu'),
  relu6: unary('relu6'),
  selu: unary('selu'),
  erf: unary('erf'),
  floor: unary('floor'),
  ceil: unary('ceil'),
  round: unary('round'),
  sign: unary('sign'),
  isNaN: unary('isNaN'),
  isFinite: unary('isFinite'),
  isInf: unary('isInf'),
  logicalNot: unary('logicalNot'),
  elu: (inputs, attrs) => withAttrs(inputs[0], 'elu', attrs.alpha) ?? js('elu')(inputs, attrs),
  leakyRelu: (inputs, attrs) => withAttrs(inputs[0], 'leakyRelu', attrs.alpha) ?? js('leakyRelu')(inputs, attrs),
  step: (inputs, attrs) => withAttrs(inputs[0], 'step', attrs.alpha) ?? js('step')(inputs, attrs),
  clipByValue: (inputs, attrs) =>
    withAttrs(inputs[0], 'clipByValue', attrs.clipValueMin, attrs.clipValueMax) ?? js('clipByValue')(inputs, attrs),
  gelu: (inputs, attrs) => withAttrs(inputs[0], attrs.approximate ? 'geluTanh' : 'geluErf', 0) ?? js('gelu')(inputs, attrs),

  add: binary('add'),
  sub: binary('sub'),
  mul: binary('mul'),
  div: binary('div'),
  maximum: binary('maximum'),
  minimum: binary('minimum'),
  pow: binary('pow'),
  squaredDifference: binary('squaredDifference'),
  equal: binary('equal'),
  notEqual: binary('notEqual'),
  less: binary('less'),
  lessEqual: binary('lessEqual'),
  greater: binary('greater'),
  greaterEqual: binary('greaterEqual'),
  divNoNan: binary('divNoNan'),
  floorDiv: binary('floorDiv'),
  mod: binary('mod'),
  atan2: binary('atan2'),
  prelu: binary('prelu'),
  logicalAnd: binary('logicalAnd'),
  logicalOr: binary('logicalOr'),
  logicalXor: binary('logicalXor'),

  sum: reduce('sum'),
  mean: reduce('mean'),
  prod: reduce('prod'),
  max: reduce('max'),
  min: reduce('min'),
  all: reduce('all'),
  any: reduce('any'),
  logSumExp: reduce('logSumExp'),
  euclideanNorm: reduce('euclideanNorm'),
  select: (inputs, attrs) => {
    const [c, a, b] = inputs;
    if (c.dtype !== 'bool' || a.dtype !== b.dtype) return js('select')(inputs, attrs);
    const shape = broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
    const out = makeOutputArray(a.dtype, sizeFromShape(shape));
    native().ewSelect(c.values as Uint8Array, c.shape, a.values, a.shape, b.values, b.shape, out, shape);
    return { values: out, shape, dtype: a.dtype };
  },
  cast: ([x], { dtype }) => {
    const out = makeOutputArray(dtype, x.values.length);
    native().ewCast(x.values, out);
    return { values: out, shape: x.shape, dtype };
  },
  argMax: argReduce('argMax'),
  argMin: argReduce('argMin'),
  softmax: softmaxLike('softmax'),
  logSoftmax: softmaxLike('logSoftmax'),
  softmaxCrossEntropyWithLogits: (inputs, attrs) => {
    const [labels, logits] = inputs;
    if (!isFloat(logits.dtype) || !sameLayout(labels, logits)) return js('softmaxCrossEntropyWithLogits')(inputs, attrs);
    const [outer, n, inner] = split(logits.shape, attrs.axis);
    const loss = makeTypedArray(logits.dtype, outer * inner);
    const logSm = makeOutputArray(logits.dtype, logits.values.length);
    native().ewSoftmaxXent(labels.values, logits.values, loss, logSm, outer, n, inner);
    return [
      { values: loss, shape: logits.shape.filter((_, d) => d !== attrs.axis), dtype: logits.dtype },
      { values: logSm, shape: logits.shape, dtype: logits.dtype },
    ];
  },
  sigmoidCrossEntropyWithLogits: (inputs, attrs) => {
    const [labels, logits] = inputs;
    if (!isFloat(logits.dtype) || !sameLayout(labels, logits)) return js('sigmoidCrossEntropyWithLogits')(inputs, attrs);
    const out = makeOutputArray(logits.dtype, logits.values.length);
    native().ewSigmoidXent(labels.values, logits.values, out);
    return { values: out, shape: logits.shape, dtype: logits.dtype };
  },
};
