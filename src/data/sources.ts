/** In-memory and generated sources: array, fromTensorSlices, generator, range, zip; JSON Lines, IDX and file lists. */
import { glob } from 'tinyglobby';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { RandomSource, randomSource } from '../core/random.js';
import { tensor } from '../ops/creation.js';
import { drain } from './iteration.js';
import { Dataset } from './dataset.js';
import { describeSource, readChunks, type ChunkOptions } from './file-source.js';
import { isPlainObject, isTypedArray } from './structure.js';

/** A dataset of the items of an array (TensorFlow.js's tf.data.array). */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new FluxionError(`array: expected an array of elements, but received ${describeValue(items)}.`);
  const copy = items.slice();
  return new Dataset(async function* () {
    yield* copy;
  }, copy.length);
}

/** The rows of T's tensors: tensors become tensors, typed arrays become numbers. */
export type Slices<T> = T extends Tensor ? Tensor : T extends readonly number[] | Float32Array | Float64Array | Int32Array | Uint8Array ? number : T extends object ? { -readonly [K in keyof T]: Slices<T[K]> } : never;

/**
 * The rows (slices along axis 0) of a tensor, or of an object or array of tensors with the same
 * first dimension (tf.data.Dataset.from_tensor_slices). Rows share their tensor's data.
 */
export function fromTensorSlices<const T extends Tensor | readonly unknown[] | Record<string, unknown>>(tensors: T): Dataset<Slices<T>> {
  const leaves: { path: string; t: Tensor }[] = [];
  const structure = toTensors(tensors, '', leaves);
  if (leaves.length === 0) throw new FluxionError('fromTensorSlices: expected a tensor or an object/array of tensors, but received no tensors.');
  const first = leaves[0] as { path: string; t: Tensor };
  const n = first.t.shape[0];
  for (const { path, t } of leaves) {
    if (t.rank === 0) throw new FluxionError(`fromTensorSlices: ${path || 'the tensor'} is a scalar; every tensor needs a first axis to slice.`);
    if (t.shape[0] !== n) {
      throw new FluxionError(`fromTensorSlices: ${path || 'the tensor'} has ${t.shape[0]} rows (shape ${fmtShape(t.shape)}), but ${first.path || 'the first tensor'} has ${n}; all must have the same first dimension.`);
    }
  }
  const rows = n ?? 0;
  return Dataset.fromRows<Slices<T>>({ structure, order: () => indexRange(rows) }, rows);
}

function* indexRange(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function toTensors(v: unknown, path: string, leaves: { path: string; t: Tensor }[]): unknown {
  if (v instanceof Tensor) {
    leaves.push({ path, t: v });
    return v;
  }
  if (isTypedArray(v) || (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x)) && !v.every(Array.isArray))) {
    const t = tensor(v as number[]);
    leaves.push({ path, t });
    return t;
  }
  if (Array.isArray(v)) return v.map((x: unknown, i) => toTensors(x, `${path}[${i}]`, leaves));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toTensors(v[k], path === '' ? k : `${path}.${k}`, leaves);
    return out;
  }
  throw new FluxionError(`fromTensorSlices: ${path || 'the input'} is ${describeValue(v)}; expected tensors (or arrays of numbers).`);
}

type GeneratorResult<T> = Iterator<T> | AsyncIterator<T> | Iterable<T> | AsyncIterable<T>;

/**
 * A dataset from a generator function (sync or async), called afresh for every iteration
 * (TensorFlow.js's tf.data.generator).
 */
export function generator<T>(makeIterator: () => GeneratorResult<T>): Dataset<T> {
  if (typeof makeIterator !== 'function') {
    throw new FluxionError(`generator: expected a function that returns an iterator (e.g. a function*), but received ${describeValue(makeIterator)}.`);
  }
  return new Dataset(async function* () {
    const made = makeIterator();
    if (made === null || typeof made !== 'object') {
      throw new FluxionError(`generator: the function must return an iterator or iterable, but it returned ${describeValue(made)}.`);
    }
    const it: Iterator<T> | AsyncIterator<T> =
      Symbol.asyncIterator in made ? (made as AsyncIterable<T>)[Symbol.asyncIterator]() : Symbol.iterator in made ? (made as Iterable<T>)[Symbol.iterator]() : (made as Iterator<T>);
    yield* drain(it);
  }, null);
}

/** The numbers start, start + step, ... before stop (tf.data.Dataset.range); range(n) is 0..n-1. */
export function range(start: number, stop?: number, step = 1): Dataset<number> {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new FluxionError(`range: ${name} must be a finite number, but received ${describeValue(v)}.`);
  }
  if (step === 0) throw new FluxionError('range: step must not be 0.');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const first = start;
  return new Dataset(async function* () {
    for (let i = 0; i < count; i++) yield first + i * step;
  }, count);
}

type ZipOf<T> = { -readonly [K in keyof T]: T[K] extends Dataset<infer U> ? U : never };

/**
 * Combines datasets element by element into arrays or objects (TensorFlow.js's tf.data.zip);
 * it ends with the shortest one.
 */
export function zip<const T extends readonly Dataset<unknown>[] | Record<string, Dataset<unknown>>>(datasets: T): Dataset<ZipOf<T>> {
  const entries: [string, Dataset<unknown>][] = Array.isArray(datasets) ? datasets.map((d, i) => [String(i), d]) : Object.entries(datasets);
  for (const [k, d] of entries) {
    if (!(d instanceof Dataset)) throw new FluxionError(`zip: the field '${k}' is ${describeValue(d)}, not a Dataset; zip takes an array or object of datasets.`);
  }
  const sizes = entries.map(([, d]) => d.size);
  const size = sizes.some((s) => s === null) ? null : Math.min(...(sizes as number[]));
  const isArray = Array.isArray(datasets);
  return new Dataset(async function* () {
    const its = entries.map(([, d]) => d[Symbol.asyncIterator]());
    try {
      for (;;) {
        const rs = await Promise.all(its.map((it) => it.next()));
        if (rs.some((r) => r.done)) return;
        if (isArray) yield rs.map((r) => r.value as unknown) as ZipOf<T>;
        else {
          const out: Record<string, unknown> = {};
          entries.forEach(([k], i) => (out[k] = (rs[i] as IteratorResult<unknown>).value));
          yield out as ZipOf<T>;
        }
      }
    } finally {
      await Promise.all(its.map((it) => it.return?.()));
    }
  }, size);
}

/** Splits a byte stream into lines (\n or \r\n), with their 1-based line numbers, in bounded memory. */
export async function* readLines(fn: string, source: string, options: ChunkOptions = {}): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder();
  let carry = '';
  let line = 0;
  for await (const chunk of readChunks(fn, source, options)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      line++;
      yield [text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl), line];
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry, line + 1];
}

/** The objects of a JSON Lines file, one per non-empty line. */
export function jsonl<T = unknown>(source: string | URL, options: ChunkOptions = {}): Dataset<T> {
  const src = source instanceof URL ? source.href : source;
  const { name } = describeSource('jsonl', src);
  return new Dataset(async function* () {
    for await (const [text, line] of readLines('jsonl', src, options)) {
      if (text.trim() === '') continue;
      try {
        yield JSON.parse(text) as T;
      } catch (e) {
        throw new FluxionError(`jsonl: ${name} line ${line}: ${e instanceof Error ? e.message : String(e)}; every line must be one JSON value.`);
      }
    }
  }, null);
}

/**
 * The items of an IDX file (the MNIST family's format, gzip or not), streamed: each element is a
 * tensor of the item shape (an image [28, 28], or a scalar label), float32 by default.
 */
export function idx(source: string | URL, options: { dtype?: 'float32' | 'int32' } = {}): Dataset<Tensor> {
  const src = source instanceof URL ? source.href : source;
  const { name } = describeSource('idx', src);
  const dtype = options.dtype ?? 'float32';
  return new Dataset(async function* () {
    let header: { shape: number[]; itemSize: number } | null = null;
    let buf: Uint8Array = new Uint8Array(0);
    let count = 0;
    for await (const chunk of readChunks('idx', src)) {
      buf = buf.length === 0 ? chunk : concatBytes(buf, chunk);
      if (header === null) {
        if (buf.length < 4) continue;
        if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 8) throw new FluxionError(`idx: ${name} is not an unsigned-byte IDX file (magic ${Array.from(buf.subarray(0, 4)).join(',')}; expected 0,0,8,rank).`);
        const rank = buf[3] as number;
        if (buf.length < 4 + 4 * rank) continue;
        const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
        header = { shape, itemSize: shape.slice(1).reduce((a, b) => a * b, 1) };
        buf = buf.subarray(4 + 4 * rank);
      }
      const { shape, itemSize } = header;
      let at = 0;
      for (; at + itemSize <= buf.length && count < (shape[0] as number); at += itemSize, count++) {
        const item = buf.subarray(at, at + itemSize);
        yield new Tensor(dtype === 'float32' ? Float32Array.from(item) : Int32Array.from(item), shape.slice(1), dtype);
      }
      buf = buf.subarray(at);
    }
    if (header === null || count < (header.shape[0] as number)) {
      throw new FluxionError(`idx: ${name} is truncated: it declares ${header?.shape[0] ?? '?'} items but holds ${count}.`);
    }
  }, null);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The files matching glob pattern(s), as paths (tf.data.Dataset.list_files). As in TensorFlow they
 * are shuffled unless shuffle is false (then sorted); a seed makes the order reproducible.
 */
export function listFiles(pattern: string | readonly string[], options: { shuffle?: boolean; seed?: number } = {}): Dataset<string> {
  const patterns = typeof pattern === 'string' ? [pattern] : [...pattern];
  const shuffle = options.shuffle ?? true;
  let iteration = 0;
  const base = options.seed ?? randomSource().nextSeed();
  return new Dataset(async function* () {
    const files = (await glob(patterns, { absolute: true, onlyFiles: true })).sort();
    if (files.length === 0) throw new FluxionError(`listFiles: no files match ${patterns.join(', ')} (relative patterns start at ${process.cwd()}).`);
    if (shuffle) {
      const rng = new RandomSource(base + iteration++);
      for (let i = files.length - 1; i > 0; i--) {
        const j = rng.nextUint32() % (i + 1);
        [files[i], files[j]] = [files[j] as string, files[i] as string];
      }
    }
    yield* files;
  }, null);
}
