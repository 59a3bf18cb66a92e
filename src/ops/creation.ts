/** Creating tensors from values, and casting. */
import { checkDType, dtypeOfTypedArray, makeTypedArray, toTypedArray, type DType, type TypedArray } from '../core/dtype.js';
import { makeTensor, registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { checkShape, inferShape, sizeFromShape } from '../core/shape.js';
import { Tensor, Variable, type TensorLike } from '../core/tensor.js';
import type { NestedArray } from '../core/format.js';
import '../core/kernel-defs/basic.js';
import { castTo, convertToTensor, requireDType } from './convert.js';
import { defineOp } from './registry.js';

function isTypedArray(v: unknown): v is TypedArray {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

function flattenInto(values: unknown, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flattenInto(v, out);
  else if (isTypedArray(values)) for (const v of values) out.push(v);
  else out.push(values as number | boolean);
}

/** Builds a tensor from user values; `op` names the calling op in errors. */
function fromValues(
  op: string,
  values: TensorLike | readonly (number | boolean)[],
  shape: readonly number[] | undefined,
  dtype: DType | undefined,
): Tensor {
  if (values instanceof Tensor) {
    throw new FluxionError(`${op}: values is already a Tensor; use clone() to copy it or cast() to change its dtype.`);
  }
  if (dtype !== undefined) checkDType(op, 'dtype', dtype);
  let flat: ArrayLike<number | boolean>;
  let inferred: number[];
  if (isTypedArray(values)) {
    flat = values;
    inferred = [values.length];
    dtype ??= dtypeOfTypedArray(values);
  } else if (Array.isArray(values)) {
    inferred = inferShape(op, values);
    const list: (number | boolean)[] = [];
    flattenInto(values, list);
    for (const v of list) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new FluxionError(`${op}: values must contain only numbers or booleans, but contains ${describeValue(v)}.`);
      }
    }
    flat = list;
    dtype ??= list.length > 0 && list.every((v) => typeof v === 'boolean') ? 'bool' : 'float32';
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [values];
    inferred = [];
    dtype ??= typeof values === 'boolean' ? 'bool' : 'float32';
  } else {
    throw new FluxionError(
      `${op}: values must be a number, a boolean, a nested array or a typed array, but received ${describeValue(values)}.`,
    );
  }
  let finalShape = inferred;
  if (shape !== undefined) {
    checkShape(op, shape);
    const size = sizeFromShape(shape);
    if (flat.length === 1 && size !== 1 && inferred.length === 0) {
      // a scalar fills the shape, as in TensorFlow.js
      const v = flat[0] ?? 0;
      flat = Array.from({ length: size }, () => v);
    } else if (size !== flat.length) {
      throw new FluxionError(
        `${op}: the shape ${fmtShape(shape)} holds ${size} values, but ${flat.length} were given.`,
      );
    }
    finalShape = [...shape];
  }
  const data = isTypedArray(flat) && dtypeOfTypedArray(flat) === dtype ? flat : toTypedArray(flat, dtype);
  return makeTensor(data, finalShape, dtype);
}

/**
 * Creates a tensor from a number, boolean, nested array or typed array. `shape` reshapes flat
 * values; `dtype` defaults to the typed array's dtype, bool for booleans, else float32.
 */
export const tensor = defineOp(
  { name: 'tensor', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: readonly number[], dtype?: DType): Tensor =>
    fromValues('tensor', values, shape, dtype),
);

/** A rank-0 tensor holding `value` (float32 for numbers, bool for booleans, unless `dtype` says). */
export const scalar = defineOp(
  { name: 'scalar', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (value: number | boolean, dtype?: DType): Tensor => {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new FluxionError(`scalar: value must be a number or a boolean, but received ${describeValue(value)}. Use tensor() for arrays.`);
    }
    return fromValues('scalar', value, [], dtype);
  },
);

/** A tensor of `shape` whose every element is `value` (dtype float32, or bool for a boolean value). */
export const fill = defineOp(
  { name: 'fill', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], value: number | boolean, dtype?: DType): Tensor => {
    checkShape('fill', shape);
    const dt = dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
    checkDType('fill', 'dtype', dt);
    const data = makeTypedArray(dt, sizeFromShape(shape));
    data.fill(Number(value));
    return makeTensor(data, shape, dt);
  },
);

/** A tensor of `shape` filled with 0. */
export const zeros = defineOp(
  { name: 'zeros', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], dtype: DType = 'float32'): Tensor => {
    checkShape('zeros', shape);
    return fill(shape, 0, checkDType('zeros', 'dtype', dtype));
  },
);

/** A tensor of `shape` filled with 1. */
export const ones = defineOp(
  { name: 'ones', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], dtype: DType = 'float32'): Tensor => {
    checkShape('ones', shape);
    return fill(shape, 1, checkDType('ones', 'dtype', dtype));
  },
);

/** Zeros with the shape and dtype of `x`. */
export const zerosLike = defineOp(
  { name: 'zerosLike', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'zerosLike');
    return zeros($x.shape, $x.dtype);
  },
);

/** Ones with the shape and dtype of `x`. */
export const onesLike = defineOp(
  { name: 'onesLike', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'onesLike');
    return ones($x.shape, $x.dtype);
  },
);

/** Casts to `dtype`; gradients flow between float dtypes only. */
export const cast = defineOp(
  { name: 'cast', family: 'creation', dtypes: 'all', gradient: 'yes', kernels: ['cast'], method: true },
  (x: TensorLike, dtype: DType): Tensor => {
    const $x = convertToTensor(x, 'x', 'cast');
    checkDType('cast', 'dtype', dtype);
    return castTo($x, dtype);
  },
);

registerGradient('cast', ([dy], { inputs: [x] }) => [x.dtype === 'float32' || x.dtype === 'float64' ? castTo(dy, x.dtype) : null]);

/** A copy of `x` (a new tensor; gradients flow through). */
export const clone = defineOp(
  { name: 'clone', family: 'creation', dtypes: 'all', gradient: 'yes', kernels: ['identity'], method: true },
  (x: TensorLike): Tensor => runKernel('identity', [convertToTensor(x, 'x', 'clone')], {}),
);

registerGradient('identity', ([dy]) => [dy]);

// ---------------------------------------------------------------- tensor1d ... tensor6d

function tensorOfRank(
  op: string,
  rank: number,
  values: TensorLike | readonly (number | boolean)[],
  shape: readonly number[] | undefined,
  dtype: DType | undefined,
): Tensor {
  if (shape !== undefined) {
    if (!Array.isArray(shape) || shape.length !== rank) {
      throw new FluxionError(
        `${op}: shape must be an array of ${rank} integers, but received ${JSON.stringify(shape)}.`,
      );
    }
    checkShape(op, shape);
  }
  const t = fromValues(op, values, shape, dtype);
  if (t.rank !== rank) {
    const hint =
      t.rank === 1 && rank > 1
        ? ` For flat values, pass the shape (an array of ${rank} dimensions) as the second argument.`
        : t.rank >= 1 && t.rank <= 6
          ? ` Use tensor${t.rank}d() or tensor() for rank ${t.rank}.`
          : ' Use scalar() or tensor() for rank 0.';
    throw new FluxionError(`${op}: values must have rank ${rank}, but have rank ${t.rank} (shape ${fmtShape(t.shape)}).${hint}`);
  }
  return t;
}

/** A rank-1 tensor; throws when `values` has another rank. */
export const tensor1d = defineOp(
  { name: 'tensor1d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], dtype?: DType): Tensor => tensorOfRank('tensor1d', 1, values, undefined, dtype),
);

/** A rank-2 tensor from nested values, or from flat values and a [rows, columns] shape. */
export const tensor2d = defineOp(
  { name: 'tensor2d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: [number, number], dtype?: DType): Tensor =>
    tensorOfRank('tensor2d', 2, values, shape, dtype),
);

/** A rank-3 tensor from nested values, or from flat values and a shape of 3 dimensions. */
export const tensor3d = defineOp(
  { name: 'tensor3d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: [number, number, number], dtype?: DType): Tensor =>
    tensorOfRank('tensor3d', 3, values, shape, dtype),
);

/** A rank-4 tensor from nested values, or from flat values and a shape of 4 dimensions. */
export const tensor4d = defineOp(
  { name: 'tensor4d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: [number, number, number, number], dtype?: DType): Tensor =>
    tensorOfRank('tensor4d', 4, values, shape, dtype),
);

/** A rank-5 tensor from nested values, or from flat values and a shape of 5 dimensions. */
export const tensor5d = defineOp(
  { name: 'tensor5d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: [number, number, number, number, number], dtype?: DType): Tensor =>
    tensorOfRank('tensor5d', 5, values, shape, dtype),
);

/** A rank-6 tensor from nested values, or from flat values and a shape of 6 dimensions. */
export const tensor6d = defineOp(
  { name: 'tensor6d', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (
    values: TensorLike | readonly (number | boolean)[],
    shape?: [number, number, number, number, number, number],
    dtype?: DType,
  ): Tensor => tensorOfRank('tensor6d', 6, values, shape, dtype),
);

// ---------------------------------------------------------------- sequences, identity, one-hot

function requireFinite(op: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new FluxionError(`${op}: ${arg} must be a finite number, but received ${describeValue(v)}.`);
  }
  return v;
}

function requireCount(op: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new FluxionError(`${op}: ${arg} must be a non-negative integer, but received ${describeValue(v)}.`);
  }
  return v;
}

/**
 * The numbers start, start + step, ... up to but excluding stop (TensorFlow's tf.range). As in
 * TensorFlow (and unlike TensorFlow.js), a step pointing away from stop gives an empty tensor.
 */
export const range = defineOp(
  { name: 'range', family: 'creation', dtypes: 'float32, float64, int32', gradient: 'n/a', kernels: [] },
  (start: number, stop: number, step = 1, dtype: DType = 'float32'): Tensor => {
    requireFinite('range', 'start', start);
    requireFinite('range', 'stop', stop);
    requireFinite('range', 'step', step);
    checkDType('range', 'dtype', dtype);
    if (step === 0) {
      throw new FluxionError('range: step must be non-zero, but is 0; with a zero step the sequence would never reach stop.');
    }
    if (dtype === 'bool') {
      throw new FluxionError("range: dtype must be float32, float64 or int32, but received \"bool\".");
    }
    if (dtype === 'int32' && !(Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step))) {
      throw new FluxionError(
        `range: start, stop and step must be integers for dtype int32, but received start=${start}, stop=${stop}, step=${step}. ` +
          "Use dtype 'float32' for fractional values.",
      );
    }
    const n = Math.max(0, Math.ceil((stop - start) / step));
    const data = makeTypedArray(dtype, n);
    for (let i = 0; i < n; i++) data[i] = start + i * step;
    return makeTensor(data, [n], dtype);
  },
);

/** `num` evenly spaced float32 values from start to stop, both included (the last is exactly stop). */
export const linspace = defineOp(
  { name: 'linspace', family: 'creation', dtypes: 'float32', gradient: 'n/a', kernels: [] },
  (start: number, stop: number, num: number): Tensor => {
    requireFinite('linspace', 'start', start);
    requireFinite('linspace', 'stop', stop);
    requireCount('linspace', 'num', num);
    const data = new Float32Array(num);
    const step = num > 1 ? (stop - start) / (num - 1) : 0;
    for (let i = 0; i < num - 1; i++) data[i] = start + i * step;
    if (num > 0) data[num - 1] = num === 1 ? start : stop;
    return makeTensor(data, [num], 'float32');
  },
);

/**
 * The identity matrix [numRows, numColumns] (numColumns defaults to numRows), or a batch of them
 * with shape [...batchShape, numRows, numColumns].
 */
export const eye = defineOp(
  { name: 'eye', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (numRows: number, numColumns?: number, batchShape?: readonly number[], dtype: DType = 'float32'): Tensor => {
    requireCount('eye', 'numRows', numRows);
    const cols = numColumns === undefined ? numRows : requireCount('eye', 'numColumns', numColumns);
    const batch = batchShape === undefined ? [] : checkShape('eye', batchShape, 'batchShape');
    checkDType('eye', 'dtype', dtype);
    const inner = numRows * cols;
    const count = sizeFromShape(batch);
    const data = makeTypedArray(dtype, count * inner);
    for (let b = 0; b < count; b++) {
      for (let i = 0; i < Math.min(numRows, cols); i++) data[b * inner + i * cols + i] = 1;
    }
    return makeTensor(data, [...batch, numRows, cols], dtype);
  },
);

/**
 * One-hot encoding: int32 `indices` of shape S give shape [...S, depth] holding onValue where the
 * last index equals the index and offValue elsewhere. Indices outside [0, depth) (such as -1)
 * give a row of offValue, as in TensorFlow.
 */
export const oneHot = defineOp(
  { name: 'oneHot', family: 'creation', dtypes: 'indices int32; any output dtype', gradient: 'no', kernels: [], method: true },
  (indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = 'int32'): Tensor => {
    const $i = convertToTensor(indices, 'indices', 'oneHot', 'int32');
    requireDType('oneHot', 'indices', $i, ['int32'], "Cast them first with cast(indices, 'int32').");
    requireCount('oneHot', 'depth', depth);
    requireFinite('oneHot', 'onValue', onValue);
    requireFinite('oneHot', 'offValue', offValue);
    checkDType('oneHot', 'dtype', dtype);
    const idx = $i.values;
    const data = makeTypedArray(dtype, idx.length * depth);
    if (offValue !== 0) data.fill(offValue);
    for (let i = 0; i < idx.length; i++) {
      const k = idx[i] as number;
      if (k >= 0 && k < depth) data[i * depth + k] = onValue;
    }
    return makeTensor(data, [...$i.shape, depth], dtype);
  },
);

// ---------------------------------------------------------------- variables

/**
 * A mutable Variable holding a copy of `initialValue` (cast to `dtype` when given). Trainable
 * float variables are watched by gradient tapes automatically.
 */
export const variable = defineOp(
  { name: 'variable', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable => {
    const $x = convertToTensor(initialValue, 'initialValue', 'variable');
    if (typeof trainable !== 'boolean') {
      throw new FluxionError(`variable: trainable must be a boolean, but received ${describeValue(trainable)}.`);
    }
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new FluxionError(`variable: name must be a non-empty string, but received ${describeValue(name)}.`);
    }
    const init = dtype === undefined ? $x : castTo($x, checkDType('variable', 'dtype', dtype));
    return new Variable(init, trainable, name);
  },
);

export type { NestedArray };
