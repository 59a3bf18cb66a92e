/** Turning user arguments into tensors, with errors that name the op and the argument. */
import { dtypeOfTypedArray, isFloat, toTypedArray, upcastType, type DType, type TypedArray } from '../core/dtype.js';
import { makeTensor, runKernel } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { inferShape } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/basic.js';

function isTypedArray(v: unknown): v is TypedArray {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

function flatten(values: unknown, out: (number | boolean)[]): void {
  if (Array.isArray(values)) {
    for (const v of values) flatten(v, out);
  } else if (isTypedArray(values)) {
    for (const v of values) out.push(v);
  } else {
    out.push(values as number | boolean);
  }
}

/**
 * Converts a non-tensor value to a tensor. `hint` is the dtype to use for plain numbers (weak
 * typing: `intTensor.add(2)` stays int32, `x64.mul(2)` stays float64).
 */
export function convertToTensor(value: TensorLike, arg: string, op: string, hint?: DType): Tensor {
  if (value instanceof Tensor) {
    if (value.isDisposed) {
      throw new FluxionError(`${op}: argument '${arg}' is a disposed tensor; it was released by dispose() or tidy().`);
    }
    return value;
  }
  if (typeof value === 'number') {
    const dtype = hint === undefined || hint === 'bool' || (hint === 'int32' && !Number.isInteger(value)) ? 'float32' : hint;
    return makeTensor(toTypedArray([value], dtype), [], dtype);
  }
  if (typeof value === 'boolean') return makeTensor(Uint8Array.of(value ? 1 : 0), [], 'bool');
  if (isTypedArray(value)) return makeTensor(value, [value.length], dtypeOfTypedArray(value));
  if (Array.isArray(value)) {
    const shape = inferShape(op, value);
    const flat: (number | boolean)[] = [];
    flatten(value, flat);
    for (const v of flat) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new FluxionError(
          `${op}: argument '${arg}' must contain only numbers or booleans, but it contains ${describeValue(v)}.`,
        );
      }
    }
    const dtype: DType = flat.length > 0 && flat.every((v) => typeof v === 'boolean') ? 'bool' : (hint && hint !== 'bool' ? hint : 'float32');
    return makeTensor(toTypedArray(flat, dtype), shape, dtype);
  }
  throw new FluxionError(
    `${op}: argument '${arg}' must be a Tensor, a number, a boolean, a typed array or a nested array, but received ${describeValue(value)}.`,
  );
}

/** Rejects dtypes an op cannot take, naming what it accepts. */
export function requireDType(op: string, arg: string, t: Tensor, allowed: readonly DType[], hint = ''): void {
  if (!allowed.includes(t.dtype)) {
    throw new FluxionError(
      `${op}: argument '${arg}' must have dtype ${allowed.join(' or ')}, but has dtype ${t.dtype}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

/** Casts `t` to `dtype` if it is not already (through the cast kernel, so gradients flow). */
export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : runKernel('cast', [t], { dtype });
}

/** Float inputs pass through; int32/bool inputs become float32 (for ops like exp and sqrt). */
export function asFloat(t: Tensor): Tensor {
  return isFloat(t.dtype) ? t : castTo(t, 'float32');
}

/** Converts both operands and promotes them to a common dtype (plain numbers are weakly typed). */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const hintA = a instanceof Tensor ? a.dtype : undefined;
  const hintB = b instanceof Tensor ? b.dtype : undefined;
  const ta = convertToTensor(a, 'a', op, hintB);
  const tb = convertToTensor(b, 'b', op, hintA ?? ta.dtype);
  const dtype = upcastType(ta.dtype, tb.dtype);
  return [castTo(ta, dtype), castTo(tb, dtype)];
}
