/**
 * tf.train.Example, the record format of most TFRecord files, read and written directly in the
 * protobuf wire format (it has only a handful of message types):
 *   Example { Features features = 1 }      Features { map<string, Feature> feature = 1 }
 *   Feature { oneof { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3 } }
 *   BytesList { repeated bytes value = 1 }  FloatList { repeated float value = 1 }  Int64List { repeated int64 value = 1 }
 */
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';

/** One decoded feature: its list kind and values (int64 values as numbers; exact up to 2^53). */
export type FeatureValue = { kind: 'bytes'; values: Uint8Array[] } | { kind: 'float'; values: Float32Array } | { kind: 'int64'; values: number[] };

/** What parseExample makes of a feature. */
export interface FeatureSpec {
  /** float32 and int32/int64 make tensors (int64 values become int32 tensors); string and bytes make arrays. */
  dtype: 'float32' | 'int32' | 'int64' | 'string' | 'bytes';
  /** A fixed shape (tf.io.FixedLenFeature); omitted: a 1-D tensor of whatever length (VarLenFeature). */
  shape?: number[];
  /** Used when the feature is missing (a fixed-length feature without one is required). */
  defaultValue?: number | string | readonly number[] | readonly string[];
}

export type ParsedFeature = Tensor | string[] | Uint8Array[];

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new FluxionError('parseExample: the record ends inside a varint; it is not a valid tf.train.Example.');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new FluxionError('parseExample: a varint is longer than 10 bytes; the record is not a valid tf.train.Example.');
  }

  /** A signed int64 varint as a number (two's complement for negatives). */
  int64(): number {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start <= 7) return v; // < 2^49: exact as a double
    // Long varints (large or negative values): decode exactly, then reinterpret as signed.
    let r = 0n;
    for (let p = this.pos - 1; p >= start; p--) r = (r << 7n) | BigInt((this.buf[p] as number) & 0x7f);
    return Number(BigInt.asIntN(64, r));
  }

  /** The [start, end) of a length-delimited field. */
  span(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new FluxionError('parseExample: a length-delimited field runs past the end of its message; the record is truncated or not a tf.train.Example.');
    this.pos += len;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.span();
    else if (wireType === 5) this.pos += 4;
    else throw new FluxionError(`parseExample: unsupported protobuf wire type ${wireType}; the record is not a tf.train.Example.`);
  }
}

/** The features of a serialized tf.train.Example, by name. */
export function decodeExample(bytes: Uint8Array): Map<string, FeatureValue> {
  if (!(bytes instanceof Uint8Array)) throw new FluxionError(`decodeExample: expected the bytes of a record (a Uint8Array), but received ${describeValue(bytes)}.`);
  const out = new Map<string, FeatureValue>();
  const ex = new Reader(bytes, 0, bytes.length);
  while (ex.pos < ex.end) {
    const tag = ex.varint();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) {
      ex.skip(tag & 7);
      continue;
    }
    const [fs, fe] = ex.span();
    const features = new Reader(bytes, fs, fe);
    while (features.pos < features.end) {
      const ftag = features.varint();
      if (ftag >>> 3 !== 1 || (ftag & 7) !== 2) {
        features.skip(ftag & 7);
        continue;
      }
      const [es, ee] = features.span();
      const entry = new Reader(bytes, es, ee);
      let key = '';
      let value: FeatureValue = { kind: 'float', values: new Float32Array(0) };
      while (entry.pos < entry.end) {
        const etag = entry.varint();
        if (etag === ((1 << 3) | 2)) {
          const [ks, ke] = entry.span();
          key = new TextDecoder().decode(bytes.subarray(ks, ke));
        } else if (etag === ((2 << 3) | 2)) {
          const [vs, ve] = entry.span();
          value = decodeFeature(bytes, vs, ve);
        } else entry.skip(etag & 7);
      }
      out.set(key, value);
    }
  }
  return out;
}

/** A FloatList's values: one packed run (what TensorFlow writes), copied in one go, or any mix of packed and unpacked. */
function decodeFloatList(bytes: Uint8Array, list: Reader): Float32Array {
  const start = list.pos;
  if (LITTLE_ENDIAN && list.pos < list.end && list.varint() === ((1 << 3) | 2)) {
    const [s, e] = list.span();
    if (list.pos === list.end) {
      const out = new Float32Array((e - s) >> 2);
      new Uint8Array(out.buffer).set(bytes.subarray(s, s + out.length * 4));
      return out;
    }
  }
  list.pos = start;
  const values: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (list.pos < list.end) {
    const t = list.varint();
    if (t === ((1 << 3) | 2)) {
      const [s, e] = list.span();
      for (let p = s; p + 4 <= e; p += 4) values.push(view.getFloat32(p, true));
    } else if (t === ((1 << 3) | 5)) {
      values.push(view.getFloat32(list.pos, true));
      list.pos += 4;
    } else list.skip(t & 7);
  }
  return Float32Array.from(values);
}

function decodeFeature(bytes: Uint8Array, start: number, end: number): FeatureValue {
  const f = new Reader(bytes, start, end);
  let result: FeatureValue = { kind: 'float', values: new Float32Array(0) };
  while (f.pos < f.end) {
    const tag = f.varint();
    const field = tag >>> 3;
    if ((tag & 7) !== 2 || field < 1 || field > 3) {
      f.skip(tag & 7);
      continue;
    }
    const [ls, le] = f.span();
    const list = new Reader(bytes, ls, le);
    if (field === 1) {
      const values: Uint8Array[] = [];
      while (list.pos < list.end) {
        const t = list.varint();
        if (t !== ((1 << 3) | 2)) {
          list.skip(t & 7);
          continue;
        }
        const [s, e] = list.span();
        values.push(bytes.slice(s, e));
      }
      result = { kind: 'bytes', values };
    } else if (field === 2) {
      result = { kind: 'float', values: decodeFloatList(bytes, list) };
    } else {
      const values: number[] = [];
      while (list.pos < list.end) {
        const t = list.varint();
        if (t === ((1 << 3) | 2)) {
          const [ps, pe] = list.span(); // packed
          const packed = new Reader(bytes, ps, pe);
          while (packed.pos < packed.end) values.push(packed.int64());
        } else if (t === ((1 << 3) | 0)) values.push(list.int64());
        else list.skip(t & 7);
      }
      result = { kind: 'int64', values };
    }
  }
  return result;
}

/**
 * Parses a serialized tf.train.Example into tensors by a feature spec (tf.io.parse_single_example):
 * `parseExample(record, {image: {dtype: 'float32', shape: [28, 28]}, label: {dtype: 'int64', shape: []}})`.
 */
export function parseExample(bytes: Uint8Array, spec: Record<string, FeatureSpec>): Record<string, ParsedFeature> {
  const features = decodeExample(bytes);
  const out: Record<string, ParsedFeature> = {};
  for (const [name, s] of Object.entries(spec)) out[name] = parseFeature(name, features.get(name), s);
  return out;
}

function parseFeature(name: string, f: FeatureValue | undefined, spec: FeatureSpec): ParsedFeature {
  const expectKind = spec.dtype === 'float32' ? 'float' : spec.dtype === 'string' || spec.dtype === 'bytes' ? 'bytes' : 'int64';
  if (f === undefined || f.values.length === 0) {
    if (spec.shape === undefined) return emptyOf(spec);
    if (spec.defaultValue === undefined) {
      throw new FluxionError(`parseExample: the feature '${name}' is missing from the record and its spec has no defaultValue; add one or make it variable-length (omit shape).`);
    }
    return fromDefault(name, spec);
  }
  if (f.kind !== expectKind) {
    throw new FluxionError(`parseExample: the feature '${name}' holds a ${f.kind}_list, but the spec asks for ${spec.dtype} (a ${expectKind}_list); fix the spec's dtype.`);
  }
  if (f.kind === 'bytes') {
    checkCount(name, f.values.length, spec.shape);
    return spec.dtype === 'string' ? f.values.map((b) => new TextDecoder().decode(b)) : f.values;
  }
  const shape = spec.shape ?? [f.values.length];
  checkCount(name, f.values.length, spec.shape);
  if (f.kind === 'float') return new Tensor(f.values, shape, 'float32');
  for (const v of f.values) {
    if (v > 2147483647 || v < -2147483648) throw new FluxionError(`parseExample: the feature '${name}' holds the int64 value ${v}, outside int32's range; Fluxion's integer tensors are int32.`);
  }
  return new Tensor(Int32Array.from(f.values), shape, 'int32');
}

function checkCount(name: string, count: number, shape: readonly number[] | undefined): void {
  if (shape === undefined) return;
  const size = shape.reduce((a, b) => a * b, 1);
  if (count !== size) throw new FluxionError(`parseExample: the feature '${name}' has ${count} values, but its spec's shape ${fmtShape(shape)} needs ${size}.`);
}

function emptyOf(spec: FeatureSpec): ParsedFeature {
  if (spec.dtype === 'string') return [];
  if (spec.dtype === 'bytes') return [];
  return spec.dtype === 'float32' ? new Tensor(new Float32Array(0), [0], 'float32') : new Tensor(new Int32Array(0), [0], 'int32');
}

function fromDefault(name: string, spec: FeatureSpec): ParsedFeature {
  const shape = spec.shape ?? [];
  const size = shape.reduce((a, b) => a * b, 1);
  const d = spec.defaultValue;
  const list = Array.isArray(d) ? (d as readonly (number | string)[]) : new Array<number | string>(size).fill(d as number | string);
  if (list.length !== size) throw new FluxionError(`parseExample: the defaultValue of '${name}' has ${list.length} values, but the shape ${fmtShape(shape)} needs ${size}.`);
  if (spec.dtype === 'string') return list.map(String);
  if (spec.dtype === 'bytes') return list.map((v) => new TextEncoder().encode(String(v)));
  const nums = list.map(Number);
  return spec.dtype === 'float32' ? new Tensor(Float32Array.from(nums), shape, 'float32') : new Tensor(Int32Array.from(nums), shape, 'int32');
}

// ------------------------------------------------------------------ writing

/** Values of a feature to encode: numbers (floats or integers, by `kind`), strings or byte arrays. */
export type ExampleFeatures = Record<string, { float: ArrayLike<number> } | { int64: ArrayLike<number> } | { bytes: readonly (Uint8Array | string)[] }>;

class Writer {
  private parts: number[] = [];
  varint(v: number): void {
    if (v < 0) {
      let u = BigInt.asUintN(64, BigInt(v)); // two's complement for negative int64
      while (u >= 0x80n) {
        this.parts.push(Number(u & 0x7fn) | 0x80);
        u >>= 7n;
      }
      this.parts.push(Number(u));
      return;
    }
    while (v >= 0x80) {
      this.parts.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.parts.push(v);
  }
  bytes(field: number, b: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    for (const x of b) this.parts.push(x);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Serializes features as a tf.train.Example (for writing TFRecord files): encodeExample({label: {int64: [3]}}). */
export function encodeExample(features: ExampleFeatures): Uint8Array {
  const featuresMsg = new Writer();
  for (const [name, value] of Object.entries(features)) {
    const list = new Writer();
    let field: number;
    if ('float' in value) {
      field = 2;
      const packed = new Uint8Array(value.float.length * 4);
      const view = new DataView(packed.buffer);
      for (let i = 0; i < value.float.length; i++) view.setFloat32(i * 4, value.float[i] as number, true);
      list.bytes(1, packed);
    } else if ('int64' in value) {
      field = 3;
      const packed = new Writer();
      for (let i = 0; i < value.int64.length; i++) packed.varint(Math.trunc(value.int64[i] as number));
      list.bytes(1, packed.finish());
    } else {
      field = 1;
      for (const b of value.bytes) list.bytes(1, typeof b === 'string' ? new TextEncoder().encode(b) : b);
    }
    const feature = new Writer();
    feature.bytes(field, list.finish());
    const entry = new Writer();
    entry.bytes(1, new TextEncoder().encode(name));
    entry.bytes(2, feature.finish());
    featuresMsg.bytes(1, entry.finish());
  }
  const example = new Writer();
  example.bytes(1, featuresMsg.finish());
  return example.finish();
}
