/**
 * The iteration machinery of Dataset's transformations: draining a source, keeping several
 * results in flight in order (prefetch, parallel map), and tf.data's shuffle-buffer algorithm, on
 * elements and on row indices (the same random numbers give the same order on both).
 */
import type { RandomSource } from '../core/random.js';

export type Source<T> = () => AsyncIterator<T>;

/** The elements of a fresh iterator of source, closing it when the consumer stops early. */
export function fromSource<T>(source: Source<T>): AsyncGenerator<T> {
  return drain(source());
}

/** The elements of an iterator (sync or async), closing it when the consumer stops early. */
export async function* drain<T>(it: Iterator<T> | AsyncIterator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/** Keeps up to `depth` results of `produce` in flight, yielding them in order. */
export async function* ordered<R>(depth: number, produce: () => Promise<IteratorResult<R>>, close: () => Promise<unknown>): AsyncGenerator<R> {
  const queue: Promise<IteratorResult<R>>[] = [];
  let ended = false;
  const pull = (): void => {
    if (ended) return;
    const p = produce();
    p.catch(() => undefined); // awaited below in order; this only silences rejections of dropped look-aheads
    queue.push(p);
  };
  try {
    for (let i = 0; i < depth; i++) pull();
    for (;;) {
      const r = await (queue.shift() as Promise<IteratorResult<R>>);
      if (r.done) {
        ended = true;
        return;
      }
      pull();
      yield r.value;
    }
  } finally {
    ended = true;
    await close();
  }
}

/** tf.data's shuffle: a buffer of bufferSize elements, each output replaced by the next input. */
export async function* shuffled<T>(up: Source<T>, bufferSize: number, rng: RandomSource): AsyncGenerator<T> {
  const buffer: T[] = [];
  const it = up();
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      if (buffer.length < bufferSize) {
        buffer.push(r.value);
        continue;
      }
      const j = rng.nextUint32() % bufferSize;
      const out = buffer[j] as T;
      buffer[j] = r.value;
      yield out;
    }
  } finally {
    await it.return?.();
  }
  // Drain: pick uniformly among what is left.
  while (buffer.length > 0) {
    const j = rng.nextUint32() % buffer.length;
    const out = buffer[j] as T;
    buffer[j] = buffer[buffer.length - 1] as T;
    buffer.pop();
    yield out;
  }
}

/** The same shuffle as shuffled(), on a synchronous stream of row indices. */
export function* shuffledIndices(it: Iterator<number>, bufferSize: number, rng: RandomSource): Generator<number> {
  const buffer: number[] = [];
  for (let r = it.next(); !r.done; r = it.next()) {
    if (buffer.length < bufferSize) {
      buffer.push(r.value);
      continue;
    }
    const j = rng.nextUint32() % bufferSize;
    const out = buffer[j] as number;
    buffer[j] = r.value;
    yield out;
  }
  while (buffer.length > 0) {
    const j = rng.nextUint32() % buffer.length;
    const out = buffer[j] as number;
    buffer[j] = buffer[buffer.length - 1] as number;
    buffer.pop();
    yield out;
  }
}
