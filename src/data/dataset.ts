/**
 * Dataset<T>: a lazy, re-iterable, asynchronous stream of elements, TensorFlow.js's tf.data.Dataset
 * with tf.data's transformations. Every iteration (`for await`, forEachAsync, toArray, an epoch of
 * fit) restarts the pipeline from its sources; nothing is read before it is needed, and each stage
 * holds at most what it must (a shuffle buffer, one batch, n prefetched elements).
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { RandomSource, randomSource } from '../core/random.js';
import { batchElements, gatherRows, rowOf, unbatchElement, type Batched, type Unbatched } from './structure.js';
import { workerMap, type WorkerMapOptions } from './worker-map.js';
import { readCacheFile, CacheFileWriter } from './cache-file.js';
import { fromSource, ordered, shuffled, shuffledIndices, type Source } from './iteration.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** tf.data's cardinality constants. */
export const INFINITE_CARDINALITY = -1;
export const UNKNOWN_CARDINALITY = -2;
/** Lets the pipeline choose a parallelism or buffer size (tf.data.AUTOTUNE). */
export const AUTOTUNE = -1;


/** Fluxion's namespace, which map functions receive as second argument (needed in worker threads). */
export type FxNamespace = typeof import('../index.js');
type MapFn<T, U> = (element: T, fx: FxNamespace) => U | Promise<U>;

let namespace: FxNamespace | null = null;
async function fxNamespace(): Promise<FxNamespace> {
  namespace ??= await import('../index.js');
  return namespace;
}

export interface MapOptions {
  /** Elements mapped concurrently (AUTOTUNE: one per CPU core). Order is kept. Default 1. */
  numParallelCalls?: number;
  /**
   * Run the function in worker threads (numParallelCalls of them). It must be pure and
   * self-contained (it is sent as source text): it receives the element (tensors arrive as
   * tensors) and Fluxion's namespace as second argument, e.g. `(x, fx) => fx.div(x, 255)`.
   */
  useWorkers?: boolean;
}

export interface BatchOptions {
  /** Drop a last batch smaller than batchSize (tf.data's drop_remainder). */
  dropRemainder?: boolean;
}

export interface InterleaveOptions {
  /** How many input elements are open at once (default 2; AUTOTUNE: one per CPU core). */
  cycleLength?: number;
  /** Consecutive elements taken from each open dataset before moving to the next (default 1). */
  blockLength?: number;
}

export interface WindowOptions {
  /** Step between the starts of consecutive windows (default: size). */
  shift?: number;
  /** Step between the elements of one window (default 1). */
  stride?: number;
  /** Drop final windows smaller than size (default false). */
  dropRemainder?: boolean;
}

function checkCount(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new FluxionError(`${fn}: ${name} must be an integer >= ${min}, but received ${describeValue(value)}.`);
  }
  return value;
}

function cpuCount(): number {
  return Math.max(1, availableParallelism());
}

function seedOf(seed: number | string | undefined): number | undefined {
  if (seed === undefined || typeof seed === 'number') return seed;
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * Internal: a dataset whose elements are rows of in-memory tensors (fromTensorSlices), read in
 * `order`. shuffle() then shuffles row indices (with the same algorithm and random numbers as for
 * elements, so the order is the same) and batch() copies rows straight into the batch tensors,
 * without making a tensor per row.
 */
export interface RowAccess {
  structure: unknown;
  order: () => Iterator<number>;
}

export class Dataset<T> implements AsyncIterable<T> {
  /**
   * Internal: datasets are made by the fx.data sources (array, generator, csv, ...) and transformations.
   * `size`: the number of elements (TensorFlow.js's `size`): Infinity when infinite, null when unknown.
   */
  constructor(
    private readonly source: Source<T>,
    readonly size: number | null,
    private readonly rows: RowAccess | null = null,
  ) {}

  /** Internal: the dataset of the rows of `access.structure` in `access.order`. */
  static fromRows<T>(access: RowAccess, size: number | null): Dataset<T> {
    return new Dataset<T>(async function* () {
      const it = access.order();
      for (let r = it.next(); !r.done; r = it.next()) yield rowOf(access.structure, r.value) as T;
    }, size, access);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source();
  }

  /** A fresh iterator over the elements (TensorFlow.js's iterator()). */
  async iterator(): Promise<AsyncIterator<T>> {
    return Promise.resolve(this.source());
  }

  /** Calls f on every element, in order, awaiting it when it returns a promise. */
  async forEachAsync(f: (element: T) => void | Promise<void>): Promise<void> {
    for await (const e of this) await f(e);
  }

  /** Every element in an array (for small datasets; an infinite one is refused). */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) throw new FluxionError('toArray: the dataset is infinite (repeat() without a count?); take(n) first.');
    const out: T[] = [];
    for await (const e of this) out.push(e);
    return out;
  }

  /** tf.data's cardinality(): the element count, INFINITE_CARDINALITY (-1) or UNKNOWN_CARDINALITY (-2). */
  cardinality(): number {
    if (this.size === null) return UNKNOWN_CARDINALITY;
    return this.size === Infinity ? INFINITE_CARDINALITY : this.size;
  }

  /** f(element) for every element; f may be async. See MapOptions for parallel and worker-thread mapping. */
  map<U>(f: MapFn<T, U>, options: MapOptions = {}): Dataset<U> {
    const requested = options.numParallelCalls ?? 1;
    const parallel = requested === AUTOTUNE ? cpuCount() : checkCount('map', 'numParallelCalls', requested, 1);
    if (options.useWorkers) {
      const up = this.source;
      return new Dataset(() => workerMap<T, U>(up(), f, { threads: parallel } satisfies WorkerMapOptions), this.size);
    }
    if (parallel === 1) {
      const up = this.source;
      return new Dataset(async function* () {
        const ns = await fxNamespace();
        for await (const e of fromSource(up)) yield await f(e, ns);
      }, this.size);
    }
    const up = this.source;
    return new Dataset(() => {
      const it = up();
      return ordered<U>(
        parallel,
        async () => {
          const r = await it.next();
          return r.done ? { done: true, value: undefined } : { done: false, value: await f(r.value, await fxNamespace()) };
        },
        async () => it.return?.(),
      );
    }, this.size);
  }

  /** TensorFlow.js's mapAsync: map with an async function. */
  mapAsync<U>(f: (element: T, fx: FxNamespace) => Promise<U>, options: MapOptions = {}): Dataset<U> {
    return this.map(f, options);
  }

  /** Keeps the elements for which predicate is true (the count becomes unknown). */
  filter(predicate: (element: T) => boolean | Promise<boolean>): Dataset<T> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const e of fromSource(up)) if (await predicate(e)) yield e;
    }, this.size === Infinity ? Infinity : null);
  }

  /**
   * Groups consecutive elements into batches, stacking tensors and numbers field by field.
   * `smallLastBatch` (TensorFlow.js) or `{dropRemainder}` (tf.data) decides the last, smaller batch.
   */
  batch(batchSize: number, smallLastBatch: boolean | BatchOptions = true): Dataset<Batched<T>> {
    checkCount('batch', 'batchSize', batchSize, 1);
    const drop = typeof smallLastBatch === 'boolean' ? !smallLastBatch : Boolean(smallLastBatch.dropRemainder);
    if (this.rows !== null) return this.batchRows(batchSize, drop);
    return this.groupInto('batch', batchSize, drop, (rows) => batchElements('batch', rows) as Batched<T>);
  }

  /**
   * Batches elements of different shapes, padding each tensor to the largest shape in its batch
   * (or to paddedShapes, a shape per field with null for "largest") with paddingValue.
   */
  paddedBatch(batchSize: number, paddedShapes?: unknown, paddingValue = 0, dropRemainder = false): Dataset<Batched<T>> {
    checkCount('paddedBatch', 'batchSize', batchSize, 1);
    return this.groupInto('paddedBatch', batchSize, dropRemainder, (rows) => batchElements('paddedBatch', rows, { shapes: paddedShapes, value: paddingValue }) as Batched<T>);
  }

  /** batch() of tensor rows: copies the rows of each batch straight from the source tensors. */
  private batchRows(n: number, drop: boolean): Dataset<Batched<T>> {
    const { structure, order } = this.rows as RowAccess;
    const size = this.size === null ? null : drop ? Math.floor(this.size / n) : Math.ceil(this.size / n);
    return new Dataset(async function* () {
      const it = order();
      const indices = new Array<number>(n);
      let count = 0;
      for (let r = it.next(); !r.done; r = it.next()) {
        indices[count++] = r.value;
        if (count === n) {
          yield gatherRows(structure, indices, count) as Batched<T>;
          count = 0;
        }
      }
      if (count > 0 && !drop) yield gatherRows(structure, indices, count) as Batched<T>;
    }, size);
  }

  private groupInto<U>(fn: string, n: number, drop: boolean, make: (rows: T[]) => U): Dataset<U> {
    const up = this.source;
    const size = this.size === null ? null : this.size === Infinity ? Infinity : drop ? Math.floor(this.size / n) : Math.ceil(this.size / n);
    return new Dataset(async function* () {
      let rows: T[] = [];
      for await (const e of fromSource(up)) {
        rows.push(e);
        if (rows.length === n) {
          yield make(rows);
          rows = [];
        }
      }
      if (rows.length > 0 && !drop) yield make(rows);
    }, size);
  }

  /** Splits batched elements back into their rows (tensors along axis 0). */
  unbatch(): Dataset<Unbatched<T>> {
    const up = this.source;
    return new Dataset(async function* () {
      for await (const e of fromSource(up)) for (const row of unbatchElement('unbatch', e)) yield row as Unbatched<T>;
    }, this.size === Infinity ? Infinity : null);
  }

  /** Re-batches batched elements into batches of batchSize (tf.data's rebatch). */
  rebatch(batchSize: number, dropRemainder = false): Dataset<T> {
    checkCount('rebatch', 'batchSize', batchSize, 1);
    return this.unbatch().batch(batchSize, { dropRemainder }) as unknown as Dataset<T>;
  }

  /**
   * Shuffles with a buffer of bufferSize elements (uniform when bufferSize >= the dataset size).
   * With a seed the order is reproducible; reshuffleEachIteration (default true) gives each
   * iteration (epoch) a different order, still determined by the seed.
   */
  shuffle(bufferSize: number, seed?: number | string, reshuffleEachIteration = true): Dataset<T> {
    checkCount('shuffle', 'bufferSize', bufferSize, 1);
    const up = this.source;
    const base = seedOf(seed) ?? randomSource().nextSeed();
    let iteration = 0;
    const nextRng = (): RandomSource => new RandomSource(reshuffleEachIteration ? new RandomSource(base + iteration++ * 0x9e3779b9).nextSeed() : base);
    const rows = this.rows;
    if (rows !== null) return Dataset.fromRows({ structure: rows.structure, order: () => shuffledIndices(rows.order(), bufferSize, nextRng()) }, this.size);
    return new Dataset(() => shuffled(up, bufferSize, nextRng()), this.size);
  }

  /** Repeats the dataset count times (forever without a count). */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined && count !== -1) checkCount('repeat', 'count', count, 0);
    const times = count === undefined || count === -1 ? Infinity : count;
    const up = this.source;
    const size = this.size === null ? (times === Infinity ? Infinity : null) : this.size === 0 ? 0 : this.size * times;
    return new Dataset(async function* () {
      for (let i = 0; i < times; i++) {
        let any = false;
        for await (const e of fromSource(up)) {
          any = true;
          yield e;
        }
        if (!any) return; // an empty dataset repeated forever is empty, not a hang
      }
    }, size);
  }

  /** The first count elements (all of them when count is -1 or larger than the dataset). */
  take(count: number): Dataset<T> {
    if (count === -1) return this;
    checkCount('take', 'count', count, 0);
    const up = this.source;
    return new Dataset(async function* () {
      if (count === 0) return;
      let i = 0;
      for await (const e of fromSource(up)) {
        yield e;
        if (++i >= count) return;
      }
    }, this.size === null ? null : Math.min(this.size, count));
  }

  /** Skips the first count elements (all of them when count is -1). */
  skip(count: number): Dataset<T> {
    if (count !== -1) checkCount('skip', 'count', count, 0);
    const n = count === -1 ? Infinity : count;
    const up = this.source;
    return new Dataset(async function* () {
      let i = 0;
      for await (const e of fromSource(up)) if (i++ >= n) yield e;
    }, this.size === null ? null : this.size === Infinity ? (n === Infinity ? 0 : Infinity) : Math.max(0, this.size - n));
  }

  /**
   * Reads up to bufferSize elements ahead of the consumer, so the sources' I/O (and worker-thread
   * maps) run while the model trains on the current batch.
   */
  prefetch(bufferSize: number): Dataset<T> {
    const depth = bufferSize === AUTOTUNE ? 2 : checkCount('prefetch', 'bufferSize', bufferSize, 0);
    if (depth === 0) return this;
    const up = this.source;
    return new Dataset(() => {
      const it = up();
      return ordered<T>(depth, () => it.next(), async () => it.return?.());
    }, this.size);
  }

  /**
   * Keeps the elements of the first complete iteration, in memory or (with a filename) in a file,
   * and replays them afterwards. A file cache survives the process: a later run reads it instead of
   * the sources.
   */
  cache(filename?: string): Dataset<T> {
    const up = this.source;
    if (filename) {
      return new Dataset(async function* () {
        if (existsSync(filename)) {
          yield* readCacheFile(filename) as AsyncGenerator<T>;
          return;
        }
        const writer = await CacheFileWriter.open(filename);
        let complete = false;
        try {
          for await (const e of fromSource(up)) {
            await writer.write(e);
            yield e;
          }
          complete = true;
        } finally {
          await writer.finish(complete);
        }
      }, this.size);
    }
    let cached: T[] | null = null;
    return new Dataset(async function* () {
      if (cached !== null) {
        yield* cached;
        return;
      }
      const items: T[] = [];
      for await (const e of fromSource(up)) {
        items.push(e);
        yield e;
      }
      cached = items; // only a complete pass is kept
    }, this.size);
  }

  /**
   * Maps each element to a dataset and interleaves their elements: cycleLength datasets are open
   * at once, blockLength elements are taken from each in turn (tf.data's interleave).
   */
  interleave<U>(f: (element: T) => Dataset<U>, options: InterleaveOptions = {}): Dataset<U> {
    const cycle = options.cycleLength === undefined ? 2 : options.cycleLength === AUTOTUNE ? cpuCount() : checkCount('interleave', 'cycleLength', options.cycleLength, 1);
    const block = checkCount('interleave', 'blockLength', options.blockLength ?? 1, 1);
    const up = this.source;
    return new Dataset(async function* () {
      const outer = up();
      const open: (AsyncIterator<U> | null)[] = [];
      let outerDone = false;
      const refill = async (slot: number): Promise<void> => {
        open[slot] = null;
        if (outerDone) return;
        const r = await outer.next();
        if (r.done) outerDone = true;
        else open[slot] = f(r.value)[Symbol.asyncIterator]();
      };
      try {
        for (let s = 0; s < cycle; s++) await refill(s);
        while (open.some((it) => it !== null)) {
          for (let s = 0; s < cycle; s++) {
            for (let b = 0; b < block; b++) {
              const it = open[s];
              if (!it) break;
              const r = await it.next();
              if (r.done) {
                await refill(s);
                break;
              }
              yield r.value;
            }
          }
        }
      } finally {
        await Promise.all(open.map((it) => it?.return?.()));
        await outer.return?.();
      }
    }, null);
  }

  /**
   * Every numShards-th element starting at index: the part of the data one worker of numShards
   * reads in distributed training (shard it early, before shuffle and map).
   */
  shard(numShards: number, index: number): Dataset<T> {
    checkCount('shard', 'numShards', numShards, 1);
    checkCount('shard', 'index', index, 0);
    if (index >= numShards) throw new FluxionError(`shard: index must be < numShards (${numShards}), but received ${index}.`);
    const up = this.source;
    const size = this.size === null || this.size === Infinity ? this.size : Math.floor(this.size / numShards) + (index < this.size % numShards ? 1 : 0);
    return new Dataset(async function* () {
      let i = 0;
      for await (const e of fromSource(up)) if (i++ % numShards === index) yield e;
    }, size);
  }

  /** Sliding windows of size elements (as arrays; batch a window's elements with fx.data.array(w).batch(size)). */
  window(size: number, options: WindowOptions = {}): Dataset<T[]> {
    checkCount('window', 'size', size, 1);
    const shift = checkCount('window', 'shift', options.shift ?? size, 1);
    const stride = checkCount('window', 'stride', options.stride ?? 1, 1);
    const drop = options.dropRemainder ?? false;
    const span = (size - 1) * stride + 1;
    const up = this.source;
    let count: number | null = null;
    if (this.size === Infinity) count = Infinity;
    else if (this.size !== null) count = drop ? Math.max(0, Math.floor((this.size - span) / shift) + 1) : Math.ceil(this.size / shift);
    return new Dataset(async function* () {
      let buf: T[] = [];
      let start = 0; // index (in the stream) of buf[0]
      let next = 0; // index of the next window's first element
      let i = 0;
      const windowAt = (from: number): T[] => {
        const w: T[] = [];
        for (let k = from - start; k < buf.length && w.length < size; k += stride) w.push(buf[k] as T);
        return w;
      };
      for await (const e of fromSource(up)) {
        const index = i++;
        if (buf.length === 0 && index < next) {
          start = index + 1; // between windows (shift > span): not part of any window
          continue;
        }
        buf.push(e);
        while (i - next >= span) {
          yield windowAt(next);
          next += shift;
          const dropCount = Math.min(next - start, buf.length);
          buf = buf.slice(dropCount);
          start += dropCount;
        }
      }
      if (!drop) {
        while (next < i) {
          yield windowAt(next);
          next += shift;
        }
      }
    }, count);
  }

  /** Pairs each element with its index: [index, element]. */
  enumerate(start = 0): Dataset<[number, T]> {
    const up = this.source;
    return new Dataset(async function* () {
      let i = start;
      for await (const e of fromSource(up)) yield [i++, e] as [number, T];
    }, this.size);
  }

  /** Appends the elements of another dataset. */
  concatenate(other: Dataset<T>): Dataset<T> {
    const up = this.source;
    const a = this.size;
    const b = other.size;
    return new Dataset(async function* () {
      yield* fromSource(up);
      yield* other;
    }, a === null || b === null ? (a === Infinity || b === Infinity ? Infinity : null) : a + b);
  }

  /** transform(this): a reusable chain of transformations (tf.data's apply). */
  apply<U>(transform: (ds: Dataset<T>) => Dataset<U>): Dataset<U> {
    return transform(this);
  }
}
