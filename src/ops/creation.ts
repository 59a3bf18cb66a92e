/** Creating tensors from values, and casting. */
import { checkDType, dtypeOfTypedArray, makeTypedArray, toTypedArray, type DType, type TypedArray } from '../core/dtype.js';
import { makeTensor, registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { checkShape, inferShape, sizeFromShape } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import type { NestedArray } from '../core/format.js';
import '../core/kernel-defs/basic.js';
import { castTo, convertToTensor } from './convert.js';
import { defineOp } from './registry.js';

function isTypedArray(v: unknown): v is TypedArray {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

function flattenInto(values: unknown, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flattenInto(v, out);
  else if (isTypedArray(values)) for (const v of values) out.push(v);
  else out.push(values as number | boolean);
}

/**
 * Creates a tensor from a number, boolean, nested array or typed array. `shape` reshapes flat
 * values; `dtype` defaults to the typed array's dtype, bool for booleans, else float32.
 */
export const tensor = defineOp(
  { name: 'tensor', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (values: TensorLike | readonly (number | boolean)[], shape?: readonly number[], dtype?: DType): Tensor => {
    if (values instanceof Tensor) {
      throw new FluxionError('tensor: values is already a Tensor; use clone() to copy it or cast() to change its dtype.');
    }
    if (dtype !== undefined) checkDType('tensor', 'dtype', dtype);
    let flat: ArrayLike<number | boolean>;
    let inferred: number[];
    if (isTypedArray(values)) {
      flat = values;
      inferred = [values.length];
      dtype ??= dtypeOfTypedArray(values);
    } else if (Array.isArray(values)) {
      inferred = inferShape('tensor', values);
      const list: (number | boolean)[] = [];
      flattenInto(values, list);
      for (const v of list) {
        if (typeof v !== 'number' && typeof v !== 'boolean') {
          throw new FluxionError(`tensor: values must contain only numbers or booleans, but contains ${describeValue(v)}.`);
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
        `tensor: values must be a number, a boolean, a nested array or a typed array, but received ${describeValue(values)}.`,
      );
    }
    let finalShape = inferred;
    if (shape !== undefined) {
      checkShape('tensor', shape);
      const size = sizeFromShape(shape);
      if (flat.length === 1 && size !== 1 && inferred.length === 0) {
        // a scalar fills the shape, as in TensorFlow.js
        const v = flat[0] ?? 0;
        flat = Array.from({ length: size }, () => v);
      } else if (size !== flat.length) {
        throw new FluxionError(
          `tensor: the shape ${fmtShape(shape)} holds ${size} values, but ${flat.length} were given.`,
        );
      }
      finalShape = [...shape];
    }
    const data = isTypedArray(flat) && dtypeOfTypedArray(flat) === dtype ? flat : toTypedArray(flat, dtype);
    return makeTensor(data, finalShape, dtype);
  },
);

export const scalar = defineOp(
  { name: 'scalar', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (value: number | boolean, dtype?: DType): Tensor => {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new FluxionError(`scalar: value must be a number or a boolean, but received ${describeValue(value)}. Use tensor() for arrays.`);
    }
    return tensor(value, [], dtype);
  },
);

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

export const zeros = defineOp(
  { name: 'zeros', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], dtype: DType = 'float32'): Tensor => fill(shape, 0, dtype),
);

export const ones = defineOp(
  { name: 'ones', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], dtype: DType = 'float32'): Tensor => fill(shape, 1, dtype),
);

export const zerosLike = defineOp(
  { name: 'zerosLike', family: 'creation', dtypes: 'all', gradient: 'n/a', kernels: [], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'zerosLike');
    return zeros($x.shape, $x.dtype);
  },
);

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

export type { NestedArray };
