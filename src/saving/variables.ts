/** Moving variable values between Fluxion and the file formats, with shape checks that name the file. */
import type { DType, TypedArray } from '../core/dtype.js';
import { FluxionError } from '../core/errors.js';
import { Tensor, type Variable } from '../core/tensor.js';

export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The values as a typed array for writing (bool as uint8 -> int32 is not needed: Fluxion variables are float32/float64/int32). */
export function variableData(v: Variable): Float32Array | Float64Array | Int32Array {
  const d = v.dataSync();
  if (d instanceof Float32Array || d instanceof Float64Array || d instanceof Int32Array) return d;
  return Int32Array.from(d);
}

export function toDType(values: ArrayLike<number>, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(values);
    case 'float64':
      return values instanceof Float64Array ? values : Float64Array.from(values);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values, (x) => Math.trunc(x));
    default:
      return Uint8Array.from(values, (x) => (x ? 1 : 0));
  }
}

/** A pending assignment: checked first for every variable, applied together, so a failed load changes nothing. */
export interface PendingValue {
  variable: Variable;
  values: ArrayLike<number>;
  shape: number[];
  where: string;
}

export function checkPending(p: PendingValue, context: string): void {
  if (!sameShape(p.shape, p.variable.shape)) {
    throw new FluxionError(
      `${context}: ${p.where} has shape ${fmt(p.shape)}, but the model's variable "${p.variable.name}" has shape ${fmt(p.variable.shape)}. ` +
        'The file was saved from a model with a different architecture.',
    );
  }
}

export function applyPending(list: PendingValue[]): void {
  for (const p of list) p.variable.assign(new Tensor(toDType(p.values, p.variable.dtype), [...p.variable.shape], p.variable.dtype));
}
