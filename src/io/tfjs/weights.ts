/**
 * TensorFlow.js's weight encoding: the weights' values concatenated in manifest order into one
 * buffer that is cut into shards; each weight described by {name, shape, dtype, quantization?}.
 * Quantized weights hold uint8/uint16 codes with an affine map (value = code * scale + min) or
 * IEEE half floats, and are dequantized to float32 (or rounded to int32) on load.
 *
 * Every size is checked against the bytes actually present before anything is allocated, so a
 * hostile manifest cannot make the reader allocate more than the file holds.
 */
import { describeValue, FluxionError } from '../../core/errors.js';

export type WeightDType = 'float32' | 'int32' | 'bool';
export type QuantizationDType = 'uint8' | 'uint16' | 'float16';

export interface Quantization {
  dtype: QuantizationDType;
  scale?: number;
  min?: number;
  /** Written by TensorFlow.js's converter for quantized int32 weights. */
  original_dtype?: string;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: Quantization;
  /** Graph-model weight group (ignored by Layers models). */
  group?: string;
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** A decoded weight: float32 or int32 values (bool weights become int32 0/1 as in TensorFlow.js's CPU backend). */
export interface NamedWeight {
  name: string;
  shape: number[];
  dtype: WeightDType;
  values: Float32Array | Int32Array;
}

const WHERE = 'loadLayersModel';
/** TensorFlow.js's default shard size: 4 MB. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a manifest read from JSON and returns it typed; the message names the bad entry. */
export function parseManifest(raw: unknown, where = WHERE): WeightsManifestGroup[] {
  if (!Array.isArray(raw)) throw new FluxionError(`${where}: weightsManifest must be a list of {paths, weights} groups, but received ${describeValue(raw)}.`);
  return raw.map((group, g) => {
    if (!isRecord(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new FluxionError(`${where}: weightsManifest[${g}] must be {paths: string[], weights: WeightSpec[]}, but received ${describeValue(group)}.`);
    }
    const paths = group['paths'].map((p, i) => {
      if (typeof p !== 'string' || p.length === 0) throw new FluxionError(`${where}: weightsManifest[${g}].paths[${i}] must be a non-empty string, but received ${describeValue(p)}.`);
      return p;
    });
    const weights = group['weights'].map((w, i) => parseWeightSpec(w, `weightsManifest[${g}].weights[${i}]`, where));
    return { paths, weights };
  });
}

export function parseWeightSpec(w: unknown, at: string, where = WHERE): WeightSpec {
  if (!isRecord(w) || typeof w['name'] !== 'string' || !Array.isArray(w['shape']) || typeof w['dtype'] !== 'string') {
    throw new FluxionError(`${where}: ${at} must be {name, shape, dtype}, but received ${describeValue(w)}.`);
  }
  const shape = w['shape'];
  if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new FluxionError(`${where}: ${at} ("${w['name']}") has shape ${JSON.stringify(shape)}; every dimension must be a non-negative integer.`);
  }
  const spec: WeightSpec = { name: w['name'], shape: shape as number[], dtype: w['dtype'] };
  const q = w['quantization'];
  if (q !== undefined && q !== null) {
    if (!isRecord(q) || (q['dtype'] !== 'uint8' && q['dtype'] !== 'uint16' && q['dtype'] !== 'float16')) {
      throw new FluxionError(
        `${where}: ${at} ("${spec.name}") has quantization ${JSON.stringify(q) ?? describeValue(q)}; supported quantization dtypes are 'uint8', 'uint16' (with scale and min) and 'float16'.`,
      );
    }
    const quant: Quantization = { dtype: q['dtype'] };
    if (q['dtype'] !== 'float16') {
      if (typeof q['scale'] !== 'number' || typeof q['min'] !== 'number' || !Number.isFinite(q['scale']) || !Number.isFinite(q['min'])) {
        throw new FluxionError(`${where}: ${at} ("${spec.name}") is quantized to ${q['dtype']} but lacks finite numbers scale and min (received scale ${describeValue(q['scale'])}, min ${describeValue(q['min'])}).`);
      }
      quant.scale = q['scale'];
      quant.min = q['min'];
    }
    if (typeof q['original_dtype'] === 'string') quant.original_dtype = q['original_dtype'];
    spec.quantization = quant;
  }
  if (typeof w['group'] === 'string') spec.group = w['group'];
  return spec;
}

function elementCount(spec: WeightSpec): number {
  return spec.shape.reduce((n, d) => n * d, 1);
}

function storedBytesPerValue(spec: WeightSpec, where: string): number {
  if (spec.quantization) return spec.quantization.dtype === 'uint8' ? 1 : 2;
  if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
  if (spec.dtype === 'bool') return 1;
  throw new FluxionError(`${where}: weight "${spec.name}" has dtype ${JSON.stringify(spec.dtype)}; Fluxion reads float32, int32 and bool weights (and uint8/uint16/float16-quantized ones).`);
}

/** Bytes a weight occupies in the concatenated shards. */
export function storedByteLength(spec: WeightSpec, where = WHERE): number {
  return elementCount(spec) * storedBytesPerValue(spec, where);
}

// ---------------------------------------------------------------- float16

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half -> float32 (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** float32 -> IEEE 754 half, rounding to nearest even. */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

// ---------------------------------------------------------------- decode

/**
 * Splits the concatenated weight data into named weights following the specs, dequantizing as
 * TensorFlow.js's tf.io.decodeWeights does. The data must hold exactly the bytes the specs need.
 */
export function decodeWeights(data: Uint8Array, specs: WeightSpec[], where = WHERE): NamedWeight[] {
  let needed = 0;
  for (const spec of specs) needed += storedByteLength(spec, where);
  if (needed !== data.byteLength) {
    throw new FluxionError(
      `${where}: the weights manifest describes ${needed} bytes of weight data (${specs.length} weights), but the shards hold ${data.byteLength} bytes; ` +
        'the shards are truncated or do not belong to this model.json.',
    );
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  return specs.map((spec) => {
    const n = elementCount(spec);
    const dtype: WeightDType = spec.dtype === 'int32' ? 'int32' : spec.dtype === 'bool' ? 'bool' : 'float32';
    const q = spec.quantization;
    let values: Float32Array | Int32Array;
    if (q) {
      if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
        throw new FluxionError(`${where}: weight "${spec.name}" has dtype ${spec.dtype} with ${q.dtype} quantization; only float32 and int32 weights can be quantized.`);
      }
      const code = (i: number): number => (q.dtype === 'uint8' ? (data[offset + i] as number) : view.getUint16(offset + 2 * i, true));
      if (q.dtype === 'float16') {
        if (dtype === 'int32') throw new FluxionError(`${where}: weight "${spec.name}" is int32 with float16 quantization; TensorFlow.js only quantizes int32 weights to uint8/uint16.`);
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = halfToFloat(code(i));
        values = out;
      } else {
        const scale = q.scale as number;
        const min = q.min as number;
        if (dtype === 'int32') {
          const out = new Int32Array(n);
          for (let i = 0; i < n; i++) out[i] = Math.round(code(i) * scale + min);
          values = out;
        } else {
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) out[i] = code(i) * scale + min;
          values = out;
        }
      }
    } else if (dtype === 'bool') {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = data[offset + i] === 0 ? 0 : 1;
      values = out;
    } else {
      // Copy (the shards' buffer may not be 4-byte aligned at this offset).
      const bytes = data.slice(offset, offset + 4 * n);
      values = dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    }
    offset += storedByteLength(spec, where);
    return { name: spec.name, shape: [...spec.shape], dtype, values };
  });
}

// ---------------------------------------------------------------- encode

export interface QuantizeOptions {
  /** 1 (uint8) or 2 (uint16) bytes per value, TensorFlow.js converter's quantization_bytes. */
  quantizationBytes?: 1 | 2;
  /** 'uint8', 'uint16' or 'float16' (TensorFlow.js converter's quantize_uint8 / quantize_uint16 / quantize_float16). */
  quantizationDtype?: QuantizationDType;
}

/** The quantization dtype the options ask for (null: store float32 as is). */
export function quantizationFromOptions(options: Record<string, unknown>, where: string): QuantizationDType | null {
  const bytes = options['quantizationBytes'];
  const named = options['quantizationDtype'] ?? options['quantization'];
  if (bytes !== undefined && bytes !== null) {
    if (bytes !== 1 && bytes !== 2) throw new FluxionError(`${where}: quantizationBytes must be 1 (uint8) or 2 (uint16), but received ${describeValue(bytes)}.`);
    return bytes === 1 ? 'uint8' : 'uint16';
  }
  if (named !== undefined && named !== null) {
    const aliases: Record<string, QuantizationDType> = { uint8: 'uint8', uint16: 'uint16', float16: 'float16', quantize_uint8: 'uint8', quantize_uint16: 'uint16', quantize_float16: 'float16' };
    const hit = typeof named === 'string' ? aliases[named] : undefined;
    if (hit === undefined) throw new FluxionError(`${where}: quantizationDtype must be 'uint8', 'uint16' or 'float16', but received ${describeValue(named)}.`);
    return hit;
  }
  return null;
}

/**
 * Affine quantization as TensorFlow.js's converter does it: scale = (max - min) / (2^bits - 1),
 * with min and max nudged so that 0 is exactly representable.
 */
function affineQuantize(values: Float32Array, dtype: 'uint8' | 'uint16'): { codes: Uint8Array | Uint16Array; scale: number; min: number } {
  const levels = dtype === 'uint8' ? 255 : 65535;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (values.length === 0) {
    lo = 0;
    hi = 0;
  }
  // Include 0 in the range, then nudge so that 0 maps to an integer code.
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  let scale = hi === lo ? 1 : (hi - lo) / levels;
  const zeroPoint = Math.round(-lo / scale);
  let min = -zeroPoint * scale;
  if (hi === lo) {
    scale = 1;
    min = lo;
  }
  const codes = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Math.min(levels, Math.max(0, Math.round(((values[i] as number) - min) / scale)));
  return { codes, scale, min };
}

export interface EncodableWeight {
  name: string;
  shape: number[];
  dtype: WeightDType;
  values: Float32Array | Int32Array;
}

/** Concatenates the weights' bytes (quantizing float32 weights when asked) and returns specs + data. */
export function encodeWeights(weights: EncodableWeight[], quantization: QuantizationDType | null = null): { specs: WeightSpec[]; data: Uint8Array } {
  const parts: Uint8Array[] = [];
  const specs: WeightSpec[] = [];
  for (const w of weights) {
    const spec: WeightSpec = { name: w.name, shape: [...w.shape], dtype: w.dtype };
    if (quantization !== null && w.dtype === 'float32') {
      const values = w.values as Float32Array;
      if (quantization === 'float16') {
        const codes = new Uint16Array(values.length);
        for (let i = 0; i < values.length; i++) codes[i] = floatToHalf(values[i] as number);
        parts.push(new Uint8Array(codes.buffer));
        spec.quantization = { dtype: 'float16' };
      } else {
        const { codes, scale, min } = affineQuantize(values, quantization);
        parts.push(new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength));
        spec.quantization = { dtype: quantization, scale, min };
      }
    } else if (w.dtype === 'bool') {
      parts.push(Uint8Array.from(w.values, (v) => (v === 0 ? 0 : 1)));
    } else {
      const copy = w.dtype === 'int32' ? Int32Array.from(w.values) : Float32Array.from(w.values);
      parts.push(new Uint8Array(copy.buffer));
    }
    specs.push(spec);
  }
  return { specs, data: concatBytes(parts) };
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/** Cuts the data into shards of at most `shardBytes` bytes (TensorFlow.js: 4 MB). */
export function shardData(data: Uint8Array, shardBytes = DEFAULT_SHARD_BYTES): Uint8Array[] {
  if (data.byteLength === 0) return [];
  const shards: Uint8Array[] = [];
  for (let offset = 0; offset < data.byteLength; offset += shardBytes) shards.push(data.subarray(offset, Math.min(data.byteLength, offset + shardBytes)));
  return shards;
}

/** group1-shard1of3.bin, ... (TensorFlow.js's names). */
export function shardNames(count: number, group = 1): string[] {
  return Array.from({ length: count }, (_, i) => `group${group}-shard${i + 1}of${count}.bin`);
}
