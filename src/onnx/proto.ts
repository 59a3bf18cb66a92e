/**
 * A small protobuf writer for the part of ONNX's schema (onnx/onnx.proto) that a model file
 * needs. Field numbers are those of onnx.proto:
 *   ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8
 *   OperatorSetIdProto: domain 1, version 2
 *   GraphProto: node 1, name 2, initializer 5, input 11, output 12
 *   NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
 *   AttributeProto: name 1, f 2, i 3, s 4, floats 7, ints 8, strings 9, type 20
 *   TensorProto: dims 1, data_type 2, name 8, raw_data 9
 *   ValueInfoProto: name 1, type 2;  TypeProto: tensor_type 1;  TypeProto.Tensor: elem_type 1, shape 2
 *   TensorShapeProto: dim 1;  Dimension: dim_value 1, dim_param 2
 */

/** TensorProto.DataType values. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

class Writer {
  private chunks: number[] = [];
  private parts: Uint8Array[] = [];
  private size = 0;

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.parts.push(Uint8Array.from(this.chunks));
    this.size += this.chunks.length;
    this.chunks = [];
  }

  varint(value: number | bigint): void {
    // int64 fields: negative numbers are written as their 64-bit two's complement (10 bytes).
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(...b);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.flush();
    this.parts.push(data);
    this.size += data.length;
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, body: Uint8Array): void {
    this.bytes(field, body);
  }

  packedInts(field: number, values: readonly number[]): void {
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: readonly number[]): void {
    const b = new Uint8Array(4 * values.length);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    this.bytes(field, b);
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

export type AttributeValue = number | string | number[] | { floats: number[] } | { strings: string[] } | { int: number } | { float: number };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes?: Record<string, AttributeValue>;
}

export interface TensorSpec {
  name: string;
  dims: number[];
  dataType: DataTypeCode;
  /** Little-endian bytes of the values. */
  raw: Uint8Array;
}

export interface ValueInfoSpec {
  name: string;
  elemType: DataTypeCode;
  /** A number, or a name for a symbolic dimension (the batch). */
  dims: (number | string)[];
}

function encodeAttribute(name: string, value: AttributeValue): Uint8Array {
  const w = new Writer();
  w.string(1, name);
  if (typeof value === 'string') {
    w.string(4, value);
    w.int(20, AttributeType.STRING);
  } else if (typeof value === 'number') {
    // Plain numbers are INT attributes; floats are spelled {float: x}.
    w.int(3, value);
    w.int(20, AttributeType.INT);
  } else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, AttributeType.INTS);
  } else if ('floats' in value) {
    for (const v of value.floats) w.float(7, v);
    w.int(20, AttributeType.FLOATS);
  } else if ('strings' in value) {
    for (const v of value.strings) w.string(9, v);
    w.int(20, AttributeType.STRINGS);
  } else if ('int' in value) {
    w.int(3, value.int);
    w.int(20, AttributeType.INT);
  } else {
    w.float(2, value.float);
    w.int(20, AttributeType.FLOAT);
  }
  return w.finish();
}

function encodeNode(node: NodeSpec): Uint8Array {
  const w = new Writer();
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const [k, v] of Object.entries(node.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  return w.finish();
}

function encodeTensor(t: TensorSpec): Uint8Array {
  const w = new Writer();
  w.packedInts(1, t.dims);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
  return w.finish();
}

function encodeValueInfo(v: ValueInfoSpec): Uint8Array {
  const shape = new Writer();
  for (const d of v.dims) {
    const dim = new Writer();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new Writer();
  tensorType.int(1, v.elemType);
  tensorType.message(2, shape.finish());
  const type = new Writer();
  type.message(1, tensorType.finish());
  const w = new Writer();
  w.string(1, v.name);
  w.message(2, type.finish());
  return w.finish();
}

export interface ModelSpec {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: { name: string; nodes: NodeSpec[]; initializers: TensorSpec[]; inputs: ValueInfoSpec[]; outputs: ValueInfoSpec[] };
}

export function encodeModel(model: ModelSpec): Uint8Array {
  const g = new Writer();
  for (const n of model.graph.nodes) g.message(1, encodeNode(n));
  g.string(2, model.graph.name);
  for (const t of model.graph.initializers) g.message(5, encodeTensor(t));
  for (const i of model.graph.inputs) g.message(11, encodeValueInfo(i));
  for (const o of model.graph.outputs) g.message(12, encodeValueInfo(o));
  const opset = new Writer();
  opset.string(1, '');
  opset.int(2, model.opset);
  const w = new Writer();
  w.int(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, g.finish());
  w.message(8, opset.finish());
  return w.finish();
}
