/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON (each tensor's dtype,
 * shape and [begin, end) byte offsets into the data that follows, plus an optional
 * `__metadata__` map of strings), then the raw little-endian data. Reading checks the header
 * completely (sizes, offsets inside the file, no overlaps or gaps, byte counts matching shapes)
 * before allocating any tensor, so a forged header cannot make us allocate more than the file holds.
 */
import { basename } from 'node:path';
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor, type Variable } from '../core/tensor.js';
import { Model } from '../models/model.js';
import { writeFileAtomic } from '../utils/atomic.js';
import { asFluxionError, readInput } from './keras-format.js';
import { weightsLayout } from './weights-layout.js';
import { applyPending, checkPending, fmt, type PendingValue } from './variables.js';

const MAX_HEADER = 100 * 1024 * 1024;

type StDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';
const SIZES: Record<StDType, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

export type SafetensorsInput = Model | Record<string, Tensor> | { name: string; tensor: Tensor }[];

/**
 * A model's tensors are keyed by their Keras 3 weights paths (`layers/dense/vars/0`), which depend
 * on the architecture only, not on the automatically numbered layer names of one instance.
 */
export function modelTensorKeys(model: Model): [string, Variable][] {
  const out: [string, Variable][] = [];
  for (const g of weightsLayout(model)) g.vars.forEach((v, i) => out.push([g.path === '' ? `vars/${i}` : `${g.path}/vars/${i}`, v]));
  return out;
}

function namedTensors(input: SafetensorsInput, where: string): [string, Tensor][] {
  if (input instanceof Model) return modelTensorKeys(input);
  if (Array.isArray(input)) return input.map((e) => [e.name, e.tensor]);
  if (input !== null && typeof input === 'object') return Object.entries(input);
  throw new FluxionError(`${where}: expected a Model, a {name: Tensor} map or a list of {name, tensor}, but received ${describeValue(input)}.`);
}

function stDType(dtype: DType): StDType {
  switch (dtype) {
    case 'float32':
      return 'F32';
    case 'float64':
      return 'F64';
    case 'int32':
      return 'I32';
    default:
      return 'BOOL';
  }
}

/** The bytes of a safetensors file holding `input`'s tensors (and `metadata`, string values only). */
export function safetensorsBytes(input: SafetensorsInput, metadata: Record<string, string> = {}, where = 'saveSafetensors'): Uint8Array {
  const entries = namedTensors(input, where);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) throw new FluxionError(`${where}: "${name}" must be a Tensor, but received ${describeValue(t)}.`);
    if (name === '__metadata__') throw new FluxionError(`${where}: "__metadata__" is reserved and cannot name a tensor.`);
    const data = t.dataSync();
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    header[name] = { dtype: stDType(t.dtype), shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function saveSafetensorsSync(input: SafetensorsInput, path: string, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, safetensorsBytes(input, metadata));
}

/** fx.io.saveSafetensors(tensorsOrModel, path, metadata?): writes the tensors (a model's weights by name) atomically. */
export async function saveSafetensors(input: SafetensorsInput, path: string, metadata: Record<string, string> = {}): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new FluxionError(`saveSafetensors: path must be a file path, but received ${describeValue(path)}.`);
  saveSafetensorsSync(input, path, metadata);
}

interface ParsedEntry {
  name: string;
  dtype: StDType;
  shape: number[];
  begin: number;
  end: number;
}

/** Parses and checks the header; the returned entries are safe to read. */
export function parseSafetensorsHeader(bytes: Uint8Array, fileName: string, where: string): { entries: ParsedEntry[]; metadata: Record<string, string>; dataStart: number } {
  const fail = (what: string): FluxionError => new FluxionError(`${where}: ${fileName} is not a valid safetensors file: ${what}.`);
  if (bytes.length < 8) throw fail(`it has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) throw fail(`the header length ${n} exceeds the ${bytes.length - 8} bytes that follow it`);
  const headerLen = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw fail(`the header is not valid UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw fail('the header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: ParsedEntry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw fail(`__metadata__["${k}"] must be a string, but is ${describeValue(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    if (raw === null || typeof raw !== 'object') throw fail(`tensor "${name}" must be {dtype, shape, data_offsets}`);
    const { dtype, shape, data_offsets: offsets } = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in SIZES)) throw fail(`tensor "${name}" has dtype ${describeValue(dtype)}; supported: ${Object.keys(SIZES).join(', ')}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw fail(`tensor "${name}" has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw fail(`tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLen) throw fail(`tensor "${name}" has data_offsets [${begin}, ${end}] outside the ${dataLen} data bytes`);
    const count = (shape as number[]).reduce((a, d) => a * d, 1);
    const size = SIZES[dtype as StDType];
    if (count * size !== end - begin) throw fail(`tensor "${name}" of dtype ${dtype} and shape ${fmt(shape as number[])} needs ${count * size} bytes, but its data_offsets span ${end - begin}`);
    entries.push({ name, dtype: dtype as StDType, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expect = 0;
  for (const e of sorted) {
    if (e.begin !== expect) throw fail(`tensor "${e.name}" starts at byte ${e.begin}, but the previous data ends at ${expect} (gaps and overlaps are not allowed)`);
    expect = e.end;
  }
  if (expect !== dataLen) throw fail(`the tensors cover ${expect} data bytes, but the file has ${dataLen}`);
  return { entries, metadata, dataStart };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function decode(bytes: Uint8Array, e: ParsedEntry, dataStart: number): { values: ArrayLike<number>; dtype: DType } {
  const raw = bytes.slice(dataStart + e.begin, dataStart + e.end);
  const view = new DataView(raw.buffer);
  const n = (e.end - e.begin) / SIZES[e.dtype];
  switch (e.dtype) {
    case 'F32':
      return { values: new Float32Array(raw.buffer), dtype: 'float32' };
    case 'F64':
      return { values: new Float64Array(raw.buffer), dtype: 'float64' };
    case 'I32':
      return { values: new Int32Array(raw.buffer), dtype: 'int32' };
    case 'I64':
      return { values: Int32Array.from({ length: n }, (_, i) => Number(view.getBigInt64(i * 8, true))), dtype: 'int32' };
    case 'I16':
      return { values: Int32Array.from({ length: n }, (_, i) => view.getInt16(i * 2, true)), dtype: 'int32' };
    case 'I8':
      return { values: Int32Array.from(new Int8Array(raw.buffer)), dtype: 'int32' };
    case 'U8':
      return { values: Int32Array.from(raw), dtype: 'int32' };
    case 'BOOL':
      return { values: Uint8Array.from(raw, (x) => (x ? 1 : 0)), dtype: 'bool' };
    case 'F16':
      return { values: Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(i * 2, true))), dtype: 'float32' };
    case 'BF16': {
      const out = new Float32Array(n);
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) u[i] = view.getUint16(i * 2, true) << 16;
      return { values: out, dtype: 'float32' };
    }
  }
}

export function readSafetensorsBytes(bytes: Uint8Array, fileName: string, where: string): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const { entries, metadata, dataStart } = parseSafetensorsHeader(bytes, fileName, where);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const { values, dtype } = decode(bytes, e, dataStart);
    tensors[e.name] = new Tensor(values as Float32Array, e.shape, dtype);
  }
  return { tensors, metadata };
}

/** fx.io.loadSafetensors(path): the tensors by name (int64/int16/int8/uint8 as int32, float16/bfloat16 as float32). */
export async function loadSafetensors(path: string): Promise<Record<string, Tensor>> {
  return asFluxionError('loadSafetensors', basename(path), () => readSafetensorsBytes(readInput(path, 'loadSafetensors'), basename(path), 'loadSafetensors').tensors);
}

/**
 * Loads a model's weights from a safetensors file: keyed by Keras 3 weights paths (as
 * saveSafetensors(model) writes them) or, failing that, by the variables' names. Every weight must
 * be present with its shape, and nothing extra.
 */
export function loadSafetensorsInto(model: Model, path: string): void {
  const where = 'Model.loadWeights';
  const name = basename(path);
  const { tensors } = readSafetensorsBytes(readInput(path, where), name, where);
  const byPath = modelTensorKeys(model);
  const byName: [string, Variable][] = model.weights.map((w) => [w.name, w]);
  const keyed = byPath.every(([k]) => tensors[k] !== undefined) || !byName.every(([k]) => tensors[k] !== undefined) ? byPath : byName;
  const have = Object.keys(tensors);
  const missing = keyed.filter(([k]) => tensors[k] === undefined).map(([k]) => k);
  if (missing.length > 0 || have.length !== keyed.length) {
    throw new FluxionError(
      `${where}: ${name} holds ${have.length} tensor(s), but model "${model.name}" has ${keyed.length} weight(s)` +
        (missing.length > 0 ? `; missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}` : '') +
        '. The file was saved from a different model.',
    );
  }
  const pending: PendingValue[] = keyed.map(([k, w]) => {
    const t = tensors[k] as Tensor;
    return { variable: w, values: t.dataSync(), shape: [...t.shape], where: `tensor "${k}" of ${name}` };
  });
  for (const p of pending) checkPending(p, where);
  applyPending(pending);
}
