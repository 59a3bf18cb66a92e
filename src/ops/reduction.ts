/**
 * Reductions over any axes (with keepDims), arg-reductions, moments, norms and cumulative scans.
 * `axis` null/undefined reduces every axis; an empty array reduces none.
 */
import { isFloat, type DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { normalizeAxes, normalizeAxis, reducedShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { Axis } from '../core/tensor-ops.js';
import '../core/kernel-defs/reduction.js';
import { div, equal, mul, sub, where } from './binary.js';
import { asFloat, castTo, convertToTensor, requireDType } from './convert.js';
import { onesLike } from './creation.js';
import { defineOp } from './registry.js';
import { broadcastTo, reshape, transpose } from './shape.js';
import { abs, exp, square } from './unary.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];
const NUMERIC_OR_BOOL: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Validates `axis` (an integer, an array of integers, or null for all) and normalizes it. */
function reductionAxes(op: string, axis: unknown, rank: number): number[] {
  const valid =
    axis === null ||
    axis === undefined ||
    Number.isInteger(axis) ||
    (Array.isArray(axis) && axis.every((a) => Number.isInteger(a)));
  if (!valid) {
    const got = Array.isArray(axis) ? JSON.stringify(axis) : describeValue(axis);
    const hint = typeof axis === 'boolean' ? ` keepDims is the third argument: ${op}(x, null, ${String(axis)}).` : '';
    throw new FluxionError(
      `${op}: axis must be an integer, an array of integers, or null (all axes), but received ${got}.${hint}`,
    );
  }
  // A scalar has no axes: axis 0 or -1 (accepted for it, as in TensorFlow.js) reduces nothing.
  return normalizeAxes(op, axis as number | number[] | null | undefined, rank).filter((a) => a >= 0 && a < rank);
}

function checkBoolean(op: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new FluxionError(`${op}: ${arg} must be a boolean, but received ${describeValue(value)}.`);
  }
  return value;
}

/** Reshapes a reduction's result to keep the reduced axes (as size 1) when asked. */
function withKeepDims(y: Tensor, inShape: readonly number[], axes: number[], keepDims: boolean): Tensor {
  return keepDims ? reshape(y, reducedShape(inShape, axes, true)) : y;
}

/** A reduction's result `g` (reduced axes dropped or kept) reshaped with the reduced axes as size 1. */
function keptDims(g: Tensor, inShape: readonly number[], axes: number[]): Tensor {
  const kept = reducedShape(inShape, axes, true);
  return shapesEqual(g.shape, kept) ? g : reshape(g, kept);
}

/** Broadcasts a reduction's upstream gradient back over the input's shape. */
function spread(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  return broadcastTo(keptDims(dy, x.shape, axes), x.shape);
}

function runReduce(
  name: 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'logSumExp' | 'euclideanNorm',
  x: Tensor,
  axis: unknown,
  keepDims: boolean,
): Tensor {
  const axes = reductionAxes(name, axis, x.rank);
  checkBoolean(name, 'keepDims', keepDims);
  return withKeepDims(runKernel(name, [x], { axes }), x.shape, axes, keepDims);
}

// ---------------------------------------------------------------- sum, mean, prod

/** Sum over `axis` (all axes by default). bool sums count as int32; int32 stays int32. */
export const sum = defineOp(
  { name: 'sum', family: 'reduction', dtypes: 'all (bool sums to int32)', gradient: 'yes', kernels: ['sum'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor =>
    runReduce('sum', convertToTensor(x, 'x', 'sum'), axis, keepDims),
);

registerGradient('sum', ([dy], { inputs: [x], attrs: { axes } }) => [spread(dy, x, axes)]);

/**
 * Mean over `axis` (all axes by default). As TensorFlow.js, int32 and bool inputs give float32;
 * the sum accumulates in float64. The mean over an empty axis is NaN.
 */
export const mean = defineOp(
  { name: 'mean', family: 'reduction', dtypes: 'all (int32/bool give float32)', gradient: 'yes', kernels: ['mean'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor =>
    runReduce('mean', asFloat(convertToTensor(x, 'x', 'mean')), axis, keepDims),
);

registerGradient('mean', ([dy], { inputs: [x], attrs: { axes } }) => {
  const count = sizeFromShape(axes.map((a) => x.shape[a] ?? 1));
  return [div(spread(dy, x, axes), count)];
});

/** Product over `axis` (all axes by default); 1 over an empty axis. bool gives int32. */
export const prod = defineOp(
  { name: 'prod', family: 'reduction', dtypes: 'all (bool gives int32)', gradient: 'yes', kernels: ['prod'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor => {
    const $x = convertToTensor(x, 'x', 'prod');
    return runReduce('prod', $x.dtype === 'bool' ? castTo($x, 'int32') : $x, axis, keepDims);
  },
);

/**
 * d prod / d x_i = product of the other elements, computed without division (so zeros are exact)
 * as TensorFlow does: the reduced axes are moved last and flattened, and the product of the
 * elements before and after each one comes from two exclusive cumulative products.
 */
registerGradient('prod', ([dy], { inputs: [x], attrs: { axes } }) => {
  if (!isFloat(x.dtype)) return [null];
  const keptAxes = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const perm = [...keptAxes, ...axes];
  const moved = transpose(x, perm);
  const keptShape = keptAxes.map((d) => x.shape[d] ?? 1);
  const flat = reshape(moved, [...keptShape, sizeFromShape(axes.map((a) => x.shape[a] ?? 1))]);
  const last = keptShape.length;
  const others = mul(cumprod(flat, last, true, false), cumprod(flat, last, true, true));
  const g = reshape(mul(reshape(dy, [...keptShape, 1]), others), moved.shape);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [transpose(g, inverse)];
});

// ---------------------------------------------------------------- max, min

function extremumOp(name: 'max' | 'min'): (x: TensorLike, axis?: Axis | null, keepDims?: boolean) => Tensor {
  return (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor => {
    const $x = convertToTensor(x, 'x', name);
    requireDType(name, 'x', $x, NUMERIC, `For bool tensors use ${name === 'max' ? 'any' : 'all'}(), or cast(x, 'int32') first.`);
    return runReduce(name, $x, axis, keepDims);
  };
}

/** Maximum over `axis` (all axes by default); NaN propagates; -Infinity over an empty axis. */
export const max = defineOp(
  { name: 'max', family: 'reduction', dtypes: 'numeric', gradient: 'yes', kernels: ['max'], method: true },
  extremumOp('max'),
);

/** Minimum over `axis` (all axes by default); NaN propagates; Infinity over an empty axis. */
export const min = defineOp(
  { name: 'min', family: 'reduction', dtypes: 'numeric', gradient: 'yes', kernels: ['min'], method: true },
  extremumOp('min'),
);

/** As TensorFlow.js: the gradient flows to every element equal to the extremum (ties all get it). */
function extremumGrad(dy: Tensor, x: Tensor, y: Tensor, axes: number[]): (Tensor | null)[] {
  if (!isFloat(x.dtype)) return [null];
  const mask = castTo(equal(x, keptDims(y, x.shape, axes)), dy.dtype);
  return [mul(keptDims(dy, x.shape, axes), mask)];
}

registerGradient('max', ([dy], { inputs: [x], outputs: [y], attrs: { axes } }) => extremumGrad(dy, x, y, axes));
registerGradient('min', ([dy], { inputs: [x], outputs: [y], attrs: { axes } }) => extremumGrad(dy, x, y, axes));

// ---------------------------------------------------------------- argMax, argMin

function argOp(name: 'argMax' | 'argMin'): (x: TensorLike, axis?: number) => Tensor {
  return (x: TensorLike, axis = 0): Tensor => {
    const $x = convertToTensor(x, 'x', name);
    if (!Number.isInteger(axis)) {
      throw new FluxionError(
        `${name}: axis must be a single integer, but received ${Array.isArray(axis) ? JSON.stringify(axis) : describeValue(axis)}. ` +
          `${name} reduces one axis at a time.`,
      );
    }
    if ($x.rank === 0) {
      throw new FluxionError(
        `${name}: x must have rank >= 1, but it is a scalar (shape []); there is no axis to search. ` +
          'Reshape it to [1] first, e.g. reshape(x, [1]).',
      );
    }
    const ax = normalizeAxis(name, axis, $x.rank);
    if ($x.shape[ax] === 0) {
      throw new FluxionError(
        `${name}: axis ${axis} of x (shape ${fmtShape($x.shape)}) is empty, so it has no ${name === 'argMax' ? 'maximum' : 'minimum'}; ` +
          `${name} needs at least one element along the axis.`,
      );
    }
    return runKernel(name, [$x], { axis: ax });
  };
}

/** Index (int32) of the maximum along `axis` (default 0); the first one on ties. No gradient. */
export const argMax = defineOp(
  { name: 'argMax', family: 'reduction', dtypes: 'all (result int32)', gradient: 'no', kernels: ['argMax'], method: true },
  argOp('argMax'),
);

/** Index (int32) of the minimum along `axis` (default 0); the first one on ties. No gradient. */
export const argMin = defineOp(
  { name: 'argMin', family: 'reduction', dtypes: 'all (result int32)', gradient: 'no', kernels: ['argMin'], method: true },
  argOp('argMin'),
);

// ---------------------------------------------------------------- all, any

function logicalOp(name: 'all' | 'any'): (x: TensorLike, axis?: Axis | null, keepDims?: boolean) => Tensor {
  return (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor => {
    const $x = convertToTensor(x, 'x', name);
    requireDType(name, 'x', $x, ['bool'], "Compare first, e.g. notEqual(x, 0), or cast(x, 'bool').");
    return runReduce(name, $x, axis, keepDims);
  };
}

/** Logical and over `axis` (all axes by default) of a bool tensor; true over an empty axis. */
export const all = defineOp(
  { name: 'all', family: 'reduction', dtypes: 'bool', gradient: 'no', kernels: ['all'], method: true },
  logicalOp('all'),
);

/** Logical or over `axis` (all axes by default) of a bool tensor; false over an empty axis. */
export const any = defineOp(
  { name: 'any', family: 'reduction', dtypes: 'bool', gradient: 'no', kernels: ['any'], method: true },
  logicalOp('any'),
);

// ---------------------------------------------------------------- logSumExp, moments

/**
 * log(sum(exp(x))) over `axis`, computed stably (shifted by the maximum, in float64). Ints are
 * promoted to float32. -Infinity over an empty axis.
 */
export const logSumExp = defineOp(
  { name: 'logSumExp', family: 'reduction', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['logSumExp'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor =>
    runReduce('logSumExp', asFloat(convertToTensor(x, 'x', 'logSumExp')), axis, keepDims),
);

/** d/dx = softmax(x) over the reduced axes = exp(x - y). */
registerGradient('logSumExp', ([dy], { inputs: [x], outputs: [y], attrs: { axes } }) => [
  mul(keptDims(dy, x.shape, axes), exp(sub(x, keptDims(y, x.shape, axes)))),
]);

/**
 * Mean and (population) variance over `axis` (all axes by default), as TensorFlow.js's moments.
 * Ints are promoted to float32.
 */
export const moments = defineOp(
  { name: 'moments', family: 'reduction', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): { mean: Tensor; variance: Tensor } => {
    const $x = asFloat(convertToTensor(x, 'x', 'moments'));
    const axes = reductionAxes('moments', axis, $x.rank);
    checkBoolean('moments', 'keepDims', keepDims);
    const m = mean($x, axes, true);
    const variance = mean(square(sub($x, m)), axes, keepDims);
    return { mean: keepDims ? m : reshape(m, reducedShape($x.shape, axes, false)), variance };
  },
);

// ---------------------------------------------------------------- norms

/** sqrt(sum(x^2)) over `axis` (all axes by default), accumulated in float64. Ints give float32. */
export const euclideanNorm = defineOp(
  { name: 'euclideanNorm', family: 'reduction', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['euclideanNorm'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor =>
    runReduce('euclideanNorm', asFloat(convertToTensor(x, 'x', 'euclideanNorm')), axis, keepDims),
);

/**
 * d/dx = x / y. Where the norm is 0 (so every x in the slot is 0) the gradient is 0, a
 * subgradient (TensorFlow gives NaN there); the division never sees a 0, so higher orders are
 * NaN-free as well.
 */
registerGradient('euclideanNorm', ([dy], { inputs: [x], outputs: [y], attrs: { axes } }) => {
  const yk = keptDims(y, x.shape, axes);
  const safe = where(equal(yk, 0), onesLike(yk), yk);
  return [mul(keptDims(dy, x.shape, axes), div(x, safe))];
});

export type NormOrder = number | 'euclidean' | 'fro';

function describeOrd(ord: unknown): string {
  return typeof ord === 'string' ? JSON.stringify(ord) : typeof ord === 'number' ? String(ord) : describeValue(ord);
}

/**
 * Vector and matrix norms, as TensorFlow.js's `norm(x, ord, axis, keepDims)`. With `axis` null
 * the tensor is treated as one vector; an integer (or one-element array) gives vector norms
 * along that axis; a pair `[rowAxis, colAxis]` gives matrix norms. Vector ords: 1, 2,
 * 'euclidean', Infinity, -Infinity. Matrix ords: 1 (max column sum), Infinity (max row sum),
 * -Infinity (min row sum), 'fro' and 'euclidean'. Ints are promoted to float32.
 */
export const norm = defineOp(
  { name: 'norm', family: 'reduction', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [], method: true },
  (x: TensorLike, ord: NormOrder = 'euclidean', axis: Axis | null = null, keepDims = false): Tensor => {
    const $x = asFloat(convertToTensor(x, 'x', 'norm'));
    const ords: readonly unknown[] = [1, 2, Infinity, -Infinity, 'euclidean', 'fro'];
    if (!ords.includes(ord)) {
      throw new FluxionError(
        `norm: ord must be 1, 2, Infinity, -Infinity, 'euclidean' or 'fro', but received ${describeOrd(ord)}.`,
      );
    }
    checkBoolean('norm', 'keepDims', keepDims);
    const axes = reductionAxes('norm', axis, $x.rank);
    const list = axis === null || axis === undefined ? null : typeof axis === 'number' ? [axis] : axis;
    if (list !== null && list.length > 2) {
      throw new FluxionError(
        `norm: axis must be null, an integer (vector norm) or a pair of integers (matrix norm), but received ${JSON.stringify(axis)}. ` +
          'For the euclidean norm over more axes use euclideanNorm().',
      );
    }
    const finish = (y: Tensor): Tensor => reshape(y, reducedShape($x.shape, axes, keepDims));
    if ($x.rank === 0) return abs($x);
    if (list === null || list.length === 1) {
      if (ord === 'fro') {
        throw new FluxionError(
          `norm: ord 'fro' is a matrix norm, but axis ${JSON.stringify(axis ?? null)} selects a vector norm; ` +
            "pass axis as a pair such as [-2, -1], or use ord 'euclidean' for vectors.",
        );
      }
      if (ord === 'euclidean' || ord === 2) return finish(runKernel('euclideanNorm', [$x], { axes }));
      const a = abs($x);
      if (ord === 1) return finish(sum(a, axes, true));
      return finish(ord === Infinity ? max(a, axes, true) : min(a, axes, true));
    }
    const rowAxis = normalizeAxis('norm', list[0] as number, $x.rank);
    const colAxis = normalizeAxis('norm', list[1] as number, $x.rank);
    if (ord === 2) {
      throw new FluxionError(
        "norm: ord 2 over a pair of axes is the spectral norm, which is not supported (as in TensorFlow.js); use 'fro' or 'euclidean', 1, Infinity or -Infinity.",
      );
    }
    if (ord === 'fro' || ord === 'euclidean') return finish(runKernel('euclideanNorm', [$x], { axes }));
    const a = abs($x);
    if (ord === 1) return finish(max(sum(a, rowAxis, true), colAxis, true));
    const rowSums = sum(a, colAxis, true);
    return finish(ord === Infinity ? max(rowSums, rowAxis, true) : min(rowSums, rowAxis, true));
  },
);

// ---------------------------------------------------------------- cumulative

function cumulativeOp(name: 'cumsum' | 'cumprod'): (x: TensorLike, axis?: number, exclusive?: boolean, reverse?: boolean) => Tensor {
  return (x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor => {
    const $x = convertToTensor(x, 'x', name);
    requireDType(name, 'x', $x, NUMERIC_OR_BOOL);
    if (!Number.isInteger(axis)) {
      throw new FluxionError(
        `${name}: axis must be a single integer, but received ${Array.isArray(axis) ? JSON.stringify(axis) : describeValue(axis)}.`,
      );
    }
    if ($x.rank === 0) {
      throw new FluxionError(
        `${name}: x must have rank >= 1, but it is a scalar (shape []). Reshape it to [1] first, e.g. reshape(x, [1]).`,
      );
    }
    const ax = normalizeAxis(name, axis, $x.rank);
    const attrs = { axis: ax, exclusive: checkBoolean(name, 'exclusive', exclusive), reverse: checkBoolean(name, 'reverse', reverse) };
    return runKernel(name, [$x.dtype === 'bool' ? castTo($x, 'int32') : $x], attrs);
  };
}

/**
 * Cumulative sum along `axis` (default 0). `exclusive` excludes each element from its own sum
 * (the first output is 0); `reverse` sums from the end. bool gives int32.
 */
export const cumsum = defineOp(
  { name: 'cumsum', family: 'reduction', dtypes: 'all (bool gives int32)', gradient: 'yes', kernels: ['cumsum'], method: true },
  cumulativeOp('cumsum'),
);

registerGradient('cumsum', ([dy], { inputs: [x], attrs: { axis, exclusive, reverse } }) => [
  isFloat(x.dtype) ? cumsum(dy, axis, exclusive, !reverse) : null,
]);

/**
 * Cumulative product along `axis` (default 0), with cumsum's `exclusive` and `reverse`
 * (an exclusive product starts at 1). bool gives int32.
 */
export const cumprod = defineOp(
  { name: 'cumprod', family: 'reduction', dtypes: 'all (bool gives int32)', gradient: 'yes', kernels: ['cumprod'], method: true },
  cumulativeOp('cumprod'),
);

/**
 * TensorFlow's rule, dx_i = sum_{j>=i} dy_j y_j / x_i, made exact at zeros (TensorFlow returns 0
 * there): only the first zero of each scan line (in scan direction) has a gradient that the
 * division misses; it is recomputed from the scan with that element held at 1. No division
 * ever sees a 0. First derivatives are exact everywhere; second derivatives are exact unless a
 * scan line holds two or more zeros.
 */
registerGradient('cumprod', ([dy], { inputs: [x], outputs: [y], attrs: { axis, exclusive, reverse } }) => {
  if (!isFloat(x.dtype)) return [null];
  const isZero = equal(x, 0);
  const zeros = castTo(isZero, x.dtype);
  const zerosBefore = cumsum(zeros, axis, true, reverse);
  const isFirstZero = equal(mul(zeros, castTo(equal(zerosBefore, 0), x.dtype)), 1);
  const ones = onesLike(x);
  const regular = div(cumsum(mul(y, dy), axis, exclusive, !reverse), where(isZero, ones, x));
  const withoutZero = cumprod(where(isFirstZero, ones, x), axis, exclusive, reverse);
  const atFirstZero = cumsum(mul(withoutZero, dy), axis, exclusive, !reverse);
  return [where(isFirstZero, atFirstZero, regular)];
});
