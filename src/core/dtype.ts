/**
 * Data types and the promotion rules between them, in one place.
 *
 * Promotion follows a single lattice: bool < int32 < float32 < float64. Combining two dtypes
 * yields the higher of the two, which matches TensorFlow.js's `upcastType` for the three
 * dtypes it shares with Fluxion and extends it with float64.
 */
import { FluxionError } from './errors.js';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type FloatDType = 'float32' | 'float64';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface DTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && value in RANK;
}

/** The dtype two operands are promoted to (the higher in bool < int32 < float32 < float64). */
export function upcastType(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/** The floating dtype an op that must produce floats (exp, mean, ...) returns for `dtype`. */
export function floatResultType(dtype: DType): FloatDType {
  return dtype === 'float64' ? 'float64' : 'float32';
}

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'float64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'bool':
      return 1;
  }
}

export function makeTypedArray<D extends DType>(dtype: D, size: number): DTypeMap[D];
export function makeTypedArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** Converts `values` to the typed array of `dtype` (bool keeps 0/1; int32 truncates toward zero). */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const out = makeTypedArray(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  }
  return out;
}

export function dtypeOfTypedArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}

export function checkDType(op: string, arg: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new FluxionError(
      `${op}: ${arg} must be one of ${DTYPES.join(', ')}, but received ${JSON.stringify(dtype)}.`,
    );
  }
  return dtype;
}
