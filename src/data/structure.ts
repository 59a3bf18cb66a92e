/**
 * Nested dataset elements: a leaf (tensor, number, boolean, string or typed array) or an array /
 * plain object of elements. Batching stacks leaves field by field; mismatched structures are
 * reported with the path of the field (e.g. `xs.image` or `[1]`).
 */
import { dtypeOfTypedArray, makeTypedArray, type DType, type TypedArray } from '../core/dtype.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';

/** What a dataset element may hold. */
export type Leaf = Tensor | number | boolean | string | TypedArray;
export type Element = Leaf | readonly Element[] | { readonly [key: string]: Element };

/** The type of a batch of T: tensors and numbers stack into tensors, strings into string arrays. */
export type Batched<T> = T extends Tensor | number | boolean | TypedArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Batched<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Batched<T[K]> }
        : never;

/** The type of one element of a batch (unbatch): tensors lose their first axis, string arrays give strings. */
export type Unbatched<T> = T extends Tensor
  ? Tensor
  : T extends readonly string[]
    ? string
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Unbatched<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Unbatched<T[K]> }
        : T;

export function isTypedArray(v: unknown): v is TypedArray {
  return v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

export function isLeaf(v: unknown): v is Leaf {
  return v instanceof Tensor || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || isTypedArray(v);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A readable path for error messages: '' (the element itself), 'xs', 'xs.a', '[1]', 'xs[0]'. */
function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

function where(path: string): string {
  return path === '' ? 'the element' : `field '${path}'`;
}

/** Applies fn to every leaf, keeping the structure. */
export function mapLeaves(value: unknown, fn: (leaf: Leaf, path: string) => unknown, path = '', caller = 'fx.data'): unknown {
  if (isLeaf(value)) return fn(value, path);
  if (Array.isArray(value)) return value.map((v: unknown, i) => mapLeaves(v, fn, join(path, i), caller));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = mapLeaves(value[k], fn, join(path, k), caller);
    return out;
  }
  throw new FluxionError(`${caller}: ${where(path)} holds ${describeValue(value)}; elements must be tensors, numbers, booleans, strings, typed arrays, or arrays/objects of them.`);
}

/** A leaf's shape, dtype and flat values (numbers and booleans are scalars). */
interface LeafData {
  shape: number[];
  dtype: DType;
  values: TypedArray | readonly number[];
}

function leafData(leaf: Exclude<Leaf, string>): LeafData {
  if (leaf instanceof Tensor) return { shape: leaf.shape, dtype: leaf.dtype, values: leaf.dataSync() };
  if (typeof leaf === 'number') return { shape: [], dtype: Number.isInteger(leaf) ? 'int32' : 'float32', values: [leaf] };
  if (typeof leaf === 'boolean') return { shape: [], dtype: 'bool', values: [leaf ? 1 : 0] };
  return { shape: [leaf.length], dtype: dtypeOfTypedArray(leaf), values: leaf };
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Stacks n leaves (all of one kind) along a new first axis. */
function stackLeaves(fn: string, leaves: readonly unknown[], path: string, padShape?: readonly number[], padValue = 0): unknown {
  const first = leaves[0];
  if (typeof first === 'string') {
    return leaves.map((l, i) => {
      if (typeof l !== 'string') throw mismatch(fn, path, i, 'a string', l);
      return l;
    });
  }
  if (typeof first === 'number' && !padShape) {
    // Plain numbers (CSV and JSON columns): straight into the batch, no per-value objects.
    let fractional = false;
    for (let i = 0; i < leaves.length; i++) {
      const v = leaves[i];
      if (typeof v !== 'number') throw mismatch(fn, path, i, 'a number', v);
      if (!fractional && !Number.isInteger(v)) fractional = true;
    }
    const out = fractional ? Float32Array.from(leaves as number[]) : Int32Array.from(leaves as number[]);
    return new Tensor(out, [leaves.length], fractional ? 'float32' : 'int32');
  }
  const datas = leaves.map((l, i) => {
    if (!isLeaf(l) || typeof l === 'string') throw mismatch(fn, path, i, describeValue(first), l);
    return leafData(l);
  });
  const d0 = datas[0] as LeafData;
  let dtype = d0.dtype;
  // Plain numbers mix integers and fractions: a batch of them is float32 if any is fractional.
  if (typeof first === 'number') dtype = datas.some((d) => d.dtype === 'float32') ? 'float32' : 'int32';
  const elemShape = padShape ? [...padShape] : d0.shape;
  for (let i = 0; i < datas.length; i++) {
    const d = datas[i] as LeafData;
    if (typeof first !== 'number' && d.dtype !== d0.dtype) {
      throw new FluxionError(`${fn}: ${where(path)} of element ${i} has dtype ${d.dtype}, but element 0 has ${d0.dtype}; cast them to one dtype in a map() before batching.`);
    }
    if (!padShape && !shapesMatch(d.shape, d0.shape)) {
      throw new FluxionError(
        `${fn}: ${where(path)} of element ${i} has shape ${fmtShape(d.shape)}, but element 0 has ${fmtShape(d0.shape)}; ` +
          'batch() needs equal shapes: use paddedBatch() or resize them in a map().',
      );
    }
  }
  const size = elemShape.reduce((a, b) => a * b, 1);
  const out = makeTypedArray(dtype, size * datas.length);
  for (let i = 0; i < datas.length; i++) {
    const d = datas[i] as LeafData;
    if (padShape) copyPadded(out, i * size, d, elemShape, padValue, fn, path);
    else if (isTypedArray(d.values)) out.set(d.values, i * size);
    else for (let k = 0; k < d.values.length; k++) out[i * size + k] = d.values[k] as number;
  }
  return new Tensor(out, [datas.length, ...elemShape], dtype);
}

function mismatch(fn: string, path: string, index: number, expected: string, got: unknown): FluxionError {
  return new FluxionError(`${fn}: ${where(path)} of element ${index} is ${describeValue(got)}, but element 0 has ${expected} there; every element must have the same structure.`);
}

/** Copies d into out at offset, padded (with padValue) to `shape`. */
function copyPadded(out: TypedArray, offset: number, d: LeafData, shape: readonly number[], padValue: number, fn: string, path: string): void {
  if (d.shape.length !== shape.length || d.shape.some((s, i) => s > (shape[i] as number))) {
    throw new FluxionError(`${fn}: ${where(path)} has shape ${fmtShape(d.shape)}, which does not fit the padded shape ${fmtShape(shape)}.`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  out.fill(padValue, offset, offset + size);
  const rank = shape.length;
  if (rank === 0) {
    out[offset] = d.values[0] as number;
    return;
  }
  // Copy the source row by row (the last axis is contiguous in both).
  const inner = d.shape[rank - 1] as number;
  const rows = inner === 0 ? 0 : d.values.length / inner;
  const srcStrides = strides(d.shape);
  const dstStrides = strides(shape);
  for (let r = 0; r < rows; r++) {
    let rem = r * inner;
    let dst = offset;
    for (let ax = 0; ax < rank - 1; ax++) {
      const idx = Math.floor(rem / (srcStrides[ax] as number));
      rem -= idx * (srcStrides[ax] as number);
      dst += idx * (dstStrides[ax] as number);
    }
    for (let k = 0; k < inner; k++) out[dst + k] = d.values[r * inner + k] as number;
  }
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** The key list of a structure (array length or object keys), for comparing elements. */
function keysOf(v: unknown): string[] | number | null {
  if (Array.isArray(v)) return v.length;
  if (isPlainObject(v)) return Object.keys(v);
  return null;
}

/**
 * Batches elements field by field. `padded`: per-leaf target shapes are the largest along each
 * axis (or those given by paddedShapes), filled with padValue.
 */
export function batchElements(fn: string, elements: readonly unknown[], padded?: { shapes?: unknown; value: number }, path = ''): unknown {
  const first = elements[0];
  if (isLeaf(first)) {
    if (!padded) return stackLeaves(fn, elements, path);
    if (typeof first === 'string') return stackLeaves(fn, elements, path);
    const given = padded.shapes;
    const shape = Array.isArray(given) && given.every((d) => typeof d === 'number' || d === null) ? (given as (number | null)[]) : null;
    return stackLeaves(fn, elements, path, maxShape(fn, elements, path, shape), padded.value);
  }
  const keys = keysOf(first);
  if (keys === null) return mapLeaves(first, () => null, path, fn); // throws the descriptive error
  elements.forEach((e, i) => {
    const k = keysOf(e);
    const same = typeof keys === 'number' ? k === keys : Array.isArray(k) && k.length === keys.length && keys.every((key) => k.includes(key));
    if (!same) {
      throw new FluxionError(
        `${fn}: ${where(path)} of element ${i} has ${describeKeys(k, e)}, but element 0 has ${describeKeys(keys, first)}; every element must have the same structure.`,
      );
    }
  });
  const sub = (key: string | number): { shapes?: unknown; value: number } | undefined => {
    if (!padded) return undefined;
    const s: unknown = padded.shapes;
    const child: unknown = Array.isArray(s) && typeof key === 'number' && !s.every((d) => typeof d === 'number' || d === null) ? s[key] : isPlainObject(s) && typeof key === 'string' ? s[key] : undefined;
    return { shapes: child, value: padded.value };
  };
  if (typeof keys === 'number') {
    return Array.from({ length: keys }, (_, i) => batchElements(fn, elements.map((e) => (e as unknown[])[i]), sub(i), join(path, i)));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = batchElements(fn, elements.map((e) => (e as Record<string, unknown>)[k]), sub(k), join(path, k));
  return out;
}

function describeKeys(k: string[] | number | null, v: unknown): string {
  if (typeof k === 'number') return `an array of ${k} entries`;
  if (Array.isArray(k)) return `the fields {${k.join(', ')}}`;
  return describeValue(v);
}

function maxShape(fn: string, elements: readonly unknown[], path: string, given: (number | null)[] | null): number[] {
  const shapes = elements.map((e) => leafData(e as Exclude<Leaf, string>).shape);
  const rank = (shapes[0] as number[]).length;
  for (const [i, s] of shapes.entries()) {
    if (s.length !== rank) throw new FluxionError(`${fn}: ${where(path)} of element ${i} has rank ${s.length}, but element 0 has rank ${rank}; paddedBatch pads dimensions, not ranks.`);
  }
  return Array.from({ length: rank }, (_, ax) => {
    const g = given?.[ax];
    return g !== undefined && g !== null ? g : Math.max(...shapes.map((s) => s[ax] as number));
  });
}

/** Splits a batched element into its rows (the inverse of batchElements). */
export function unbatchElement(fn: string, value: unknown): unknown[] {
  const n = batchSizeOf(fn, value);
  const rows: unknown[] = [];
  for (let i = 0; i < n; i++) rows.push(rowAt(fn, value, i, ''));
  return rows;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
}

function rowAt(fn: string, v: unknown, i: number, path: string): unknown {
  if (v instanceof Tensor) return sliceRow(v, i);
  if (isTypedArray(v) || isStringArray(v)) return v[i];
  if (Array.isArray(v)) return v.map((s: unknown, k) => rowAt(fn, s, i, join(path, k)));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = rowAt(fn, v[k], i, join(path, k));
    return out;
  }
  throw new FluxionError(`${fn}: ${where(path)} is ${describeValue(v)}; unbatch needs tensors or arrays with a batch axis.`);
}

/** Row i of a tensor along axis 0, sharing the data (no copy). */
export function sliceRow(t: Tensor, i: number): Tensor {
  const rowShape = t.shape.slice(1);
  const size = rowShape.reduce((a, b) => a * b, 1);
  return new Tensor(t.dataSync().subarray(i * size, (i + 1) * size), rowShape, t.dtype);
}

/** Rows [start, end) of a tensor along axis 0, sharing the data. */
export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const rowShape = t.shape.slice(1);
  const size = rowShape.reduce((a, b) => a * b, 1);
  return new Tensor(t.dataSync().subarray(start * size, end * size), [end - start, ...rowShape], t.dtype);
}

/** The common first dimension of every leaf (tensor, typed array or string array) of a batched value. */
export function batchSizeOf(fn: string, value: unknown, path = ''): number {
  let n: number | null = null;
  let firstPath = '';
  const visit = (v: unknown, p: string): void => {
    if (isStringArray(v)) return check(v.length, p);
    if (v instanceof Tensor) {
      if (v.rank === 0) throw new FluxionError(`${fn}: ${where(p)} is a scalar tensor; it has no batch axis to split.`);
      check(v.shape[0] as number, p);
      return;
    }
    if (isTypedArray(v)) return check(v.length, p);
    if (Array.isArray(v)) return v.forEach((s: unknown, i) => visit(s, join(p, i)));
    if (isPlainObject(v)) return Object.keys(v).forEach((k) => visit(v[k], join(p, k)));
    throw new FluxionError(`${fn}: ${where(p)} is ${describeValue(v)}, which has no batch axis.`);
  };
  const check = (size: number, p: string): void => {
    if (n === null) {
      n = size;
      firstPath = p;
    } else if (n !== size) {
      throw new FluxionError(`${fn}: ${where(p)} has ${size} rows, but ${where(firstPath)} has ${n}; every field must have the same batch size.`);
    }
  };
  visit(value, path);
  if (n === null) throw new FluxionError(`${fn}: the element holds no tensors to split.`);
  return n;
}

/** Row i of a structure of tensors (each tensor sliced along axis 0, sharing its data). */
export function rowOf(s: unknown, i: number): unknown {
  if (s instanceof Tensor) return sliceRow(s, i);
  if (Array.isArray(s)) return s.map((x: unknown) => rowOf(x, i));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) out[k] = rowOf(v, i);
  return out;
}

/** The rows indices[0..count) of a structure of tensors, stacked into new tensors. */
export function gatherRows(s: unknown, indices: readonly number[], count: number): unknown {
  if (s instanceof Tensor) {
    const rowShape = s.shape.slice(1);
    const size = rowShape.reduce((a, b) => a * b, 1);
    const src = s.dataSync();
    const out = makeTypedArray(s.dtype, size * count);
    if (size === 1) for (let k = 0; k < count; k++) out[k] = src[indices[k] as number] as number;
    else for (let k = 0; k < count; k++) out.set(src.subarray((indices[k] as number) * size, (indices[k] as number) * size + size), k * size);
    return new Tensor(out, [count, ...rowShape], s.dtype);
  }
  if (Array.isArray(s)) return s.map((x: unknown) => gatherRows(x, indices, count));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) out[k] = gatherRows(v, indices, count);
  return out;
}
