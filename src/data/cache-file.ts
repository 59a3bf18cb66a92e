/**
 * The file behind Dataset.cache(filename): elements serialized one per TFRecord record (so every
 * element is checksummed), written to `filename.partial` and renamed when a pass completes, so an
 * interrupted pass never leaves a cache that looks complete.
 */
import { renameSync, rmSync } from 'node:fs';
import { describeValue, FluxionError } from '../core/errors.js';
import { isDType, type DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import { isPlainObject, isTypedArray } from './structure.js';
import { readTFRecords, TFRecordWriter } from './tfrecord.js';

type Encoded = null | boolean | number | string | Encoded[] | { [k: string]: Encoded };

/** An element as JSON plus the binary payloads of its tensors and typed arrays. */
function encode(value: unknown, blobs: Uint8Array[]): Encoded {
  if (value instanceof Tensor || isTypedArray(value)) {
    const data = value instanceof Tensor ? value.dataSync() : value;
    blobs.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (value instanceof Tensor) return { $: blobs.length - 1, t: value.dtype, s: [...value.shape] };
    return { $: blobs.length - 1, a: data.constructor.name };
  }
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => encode(v, blobs));
  if (isPlainObject(value)) {
    const out: Record<string, Encoded> = {};
    for (const k of Object.keys(value)) out[k === '$' ? '$$' : k] = encode(value[k], blobs);
    return out;
  }
  throw new FluxionError(`cache: cannot write ${describeValue(value)} to a cache file; elements must be tensors, typed arrays, numbers, strings, booleans, or arrays/objects of them.`);
}

const ARRAYS = { Float32Array, Float64Array, Int32Array, Uint8Array } as const;

function decode(value: Encoded, blobs: Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((v) => decode(v, blobs));
  if (value === null || typeof value !== 'object') return value;
  const ref = value['$'];
  if (typeof ref === 'number') {
    const bytes = new Uint8Array(blobs[ref] as Uint8Array); // a copy, aligned at offset 0
    const t = value['t'];
    if (typeof t === 'string' && isDType(t)) {
      const shape = value['s'] as number[];
      return new Tensor(typed(t, bytes), shape, t);
    }
    const ctor = ARRAYS[value['a'] as keyof typeof ARRAYS];
    return new ctor(bytes.buffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k === '$$' ? '$' : k] = decode(v, blobs);
  return out;
}

function typed(dtype: DType, bytes: Uint8Array): Float32Array | Float64Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
  if (dtype === 'float64') return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
  if (dtype === 'int32') return new Int32Array(bytes.buffer, 0, bytes.byteLength / 4);
  return bytes;
}

/** Record layout: uint32 JSON length | JSON | for each blob: uint32 length | bytes (8-byte aligned). */
export function pack(value: unknown): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = [];
  const json = new TextEncoder().encode(JSON.stringify(encode(value, blobs)));
  let size = 4 + json.length;
  for (const b of blobs) size += 4 + b.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  out.set(json, 4);
  let at = 4 + json.length;
  for (const b of blobs) {
    view.setUint32(at, b.length, true);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

export function unpack(record: Uint8Array): unknown {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const jsonLen = view.getUint32(0, true);
  const json = JSON.parse(new TextDecoder().decode(record.subarray(4, 4 + jsonLen))) as Encoded;
  const blobs: Uint8Array[] = [];
  for (let at = 4 + jsonLen; at < record.length; ) {
    const len = view.getUint32(at, true);
    blobs.push(record.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return decode(json, blobs);
}

export async function* readCacheFile(filename: string): AsyncGenerator<unknown> {
  for await (const record of readTFRecords('cache', filename)) yield unpack(record);
}

export class CacheFileWriter {
  private constructor(
    private readonly filename: string,
    private readonly writer: TFRecordWriter,
  ) {}

  static async open(filename: string): Promise<CacheFileWriter> {
    return Promise.resolve(new CacheFileWriter(filename, TFRecordWriter.open(`${filename}.partial`)));
  }

  async write(value: unknown): Promise<void> {
    this.writer.write(pack(value));
    return Promise.resolve();
  }

  /** Renames the file into place after a complete pass; deletes it otherwise. */
  async finish(complete: boolean): Promise<void> {
    this.writer.close();
    if (complete) renameSync(`${this.filename}.partial`, this.filename);
    else rmSync(`${this.filename}.partial`, { force: true });
    return Promise.resolve();
  }
}
