/**
 * Reuse of kernel output buffers. Creating an ArrayBuffer costs V8 far more than filling it: a
 * fresh 16 KB output made a 1 µs relu take 9 µs (the allocation, then the garbage collections
 * that external memory pressure triggers), and fresh pages of large ones fault in again. So the
 * buffers of kernel outputs (makeOutputArray) are owned here: a count of the tensors using each
 * (Tensor's constructor retains, dispose releases; reshapes and views share a buffer) returns it
 * to a free list when the last tensor using it is disposed, and the next output of the same byte
 * size takes it. A tensor the garbage collector frees never returns its buffer (the collector
 * frees it as usual). A buffer whose array was handed to user code (dataSync, data) leaves the
 * pool for good, so no array a program holds is ever overwritten.
 */
import type { TypedArray } from './dtype.js';

/**
 * Outputs below this size are plain typed arrays: V8 keeps typed arrays of up to 64 bytes in its heap, which costs
 * about 25 ns. Anything larger gets an ArrayBuffer of its own, 0.3 us for 68 bytes to 1 us for 4 KB (measured,
 * Node 20), which was a tenth of batch-1 MLP inference (outputs of 256, 128 and 10 floats); a pooled buffer
 * takes about 0.1 us.
 */
export const POOL_MIN_BYTES = 65;
/** At most this many bytes wait in the free lists, and this many buffers of one size. */
const MAX_POOLED_BYTES = 128 * 1024 * 1024;
const MAX_PER_SIZE = 64;

interface Entry {
  refs: number;
  pooled: boolean;
}

const owned = new WeakMap<ArrayBufferLike, Entry>();
const free = new Map<number, ArrayBufferLike[]>();
let pooledBytes = 0;
let enabled = typeof Buffer !== 'undefined' && globalThis.process?.env['FLUXION_BUFFER_POOL'] !== '0';

/**
 * Free lists emptied by outputBuffer stay in the map (a loop that takes and returns one buffer of a size then makes
 * no map entry and no array per call) until the map holds this many sizes; then the empty ones are dropped, so sizes
 * that pass through once do not accumulate.
 */
const MAX_SIZES = 256;

function dropEmptyLists(): void {
  for (const [bytes, list] of free) if (list.length === 0) free.delete(bytes);
}

/** An uninitialized buffer of `bytes` bytes for a kernel output: a pooled one, or a new owned one. */
export function outputBuffer(bytes: number): ArrayBuffer {
  const list = free.get(bytes);
  while (list !== undefined && list.length > 0) {
    const b = list.pop() as ArrayBuffer;
    pooledBytes -= bytes;
    const e = owned.get(b);
    // (a buffer transferred to a worker is detached: byteLength 0)
    if (e !== undefined && e.pooled && b.byteLength === bytes) {
      e.pooled = false;
      return b;
    }
  }
  const b = Buffer.allocUnsafeSlow(bytes).buffer;
  if (enabled) owned.set(b, { refs: 0, pooled: false });
  return b;
}

/** A tensor now uses `values` (Tensor's constructor, Variable.assign). */
export function retainStorage(values: TypedArray): void {
  const e = owned.get(values.buffer);
  if (e === undefined) return;
  if (e.pooled) {
    // Resurrected (a tensor made over the array of a disposed one): out of the free list again.
    const list = free.get(values.buffer.byteLength);
    const i = list?.indexOf(values.buffer) ?? -1;
    if (list !== undefined && i >= 0) {
      list.splice(i, 1);
      pooledBytes -= values.buffer.byteLength;
    }
    e.pooled = false;
  }
  e.refs++;
}

/** A tensor no longer uses `values` (dispose, Variable.assign of another value). */
export function releaseStorage(values: TypedArray): void {
  const buf = values.buffer;
  const e = owned.get(buf);
  if (e === undefined || --e.refs > 0) return;
  const bytes = buf.byteLength;
  const list = free.get(bytes);
  if (e.refs < 0 || pooledBytes + bytes > MAX_POOLED_BYTES || (list?.length ?? 0) >= MAX_PER_SIZE) {
    owned.delete(buf);
    return;
  }
  e.pooled = true;
  if (list !== undefined) {
    list.push(buf);
  } else {
    if (free.size >= MAX_SIZES) dropEmptyLists();
    free.set(bytes, [buf]);
  }
  pooledBytes += bytes;
}

/** `values` is handed to user code: its buffer is never reused. */
export function exposeStorage(values: TypedArray): void {
  owned.delete(values.buffer);
}

/** Turns the pool off (FLUXION_BUFFER_POOL=0 does so at startup) or on, and empties it. */
export function setBufferPool(on: boolean): void {
  enabled = on && typeof Buffer !== 'undefined';
  free.clear();
  pooledBytes = 0;
}

/** What the pool holds (for tests and memory reports). */
export function bufferPoolInfo(): { enabled: boolean; pooledBytes: number; pooledBuffers: number; sizes: number } {
  let n = 0;
  for (const list of free.values()) n += list.length;
  return { enabled, pooledBytes, pooledBuffers: n, sizes: free.size };
}
