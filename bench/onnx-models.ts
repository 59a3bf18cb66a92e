/**
 * A minimal ONNX protobuf encoder, enough to build small float32 graphs in memory for
 * onnxruntime-node (ort.InferenceSession.create(bytes)): ModelProto, GraphProto, NodeProto,
 * AttributeProto (int/float), TensorProto (raw_data) and ValueInfoProto with static shapes.
 * Field numbers follow onnx/onnx.proto3.
 */

/** Protobuf writer: varints, length-delimited fields and fixed32 floats. */
class Writer {
  private readonly parts: number[] = [];
  private readonly chunks: Uint8Array[] = [];

  private flushParts(): void {
    if (this.parts.length > 0) {
      this.chunks.push(Uint8Array.from(this.parts));
      this.parts.length = 0;
    }
  }

  /** int64 varint; negative values are written as their 64-bit two's complement (10 bytes). */
  private varint(v: number): void {
    if (!Number.isSafeInteger(v)) throw new Error(`onnx encoder: not an integer: ${v}`);
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }

  private key(field: number, wire: 0 | 2 | 5): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }

  float(field: number, v: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.parts.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, 2);
    this.varint(data.length);
    this.flushParts();
    this.chunks.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    this.flushParts();
    const n = this.chunks.reduce((s, c) => s + c.length, 0);
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes (e.g. transA) and float attributes (e.g. alpha, given as { f: 0.5 }). */
  attrs?: Record<string, number | { f: number }>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface OnnxGraph {
  name: string;
  inputs: { name: string; dims: number[] }[];
  outputs: { name: string; dims: number[] }[];
  nodes: OnnxNode[];
  initializers?: OnnxInitializer[];
  opset?: number;
}

function valueInfo(name: string, dims: number[]): Writer {
  const shape = new Writer();
  for (const d of dims) shape.message(1, new Writer().int(1, d)); // TensorShapeProto.dim { dim_value }
  const tensorType = new Writer().int(1, FLOAT).message(2, shape); // elem_type, shape
  const type = new Writer().message(1, tensorType); // TypeProto.tensor_type
  return new Writer().string(1, name).message(2, type); // ValueInfoProto: name, type
}

function nodeProto(n: OnnxNode, i: number): Writer {
  const w = new Writer();
  for (const s of n.inputs) w.string(1, s);
  for (const s of n.outputs) w.string(2, s);
  w.string(3, `${n.op}_${i}`).string(4, n.op);
  for (const [name, v] of Object.entries(n.attrs ?? {})) {
    const a = new Writer().string(1, name);
    if (typeof v === 'number') a.int(3, v).int(20, ATTR_INT);
    else a.float(2, v.f).int(20, ATTR_FLOAT);
    w.message(5, a);
  }
  return w;
}

function tensorProto(t: OnnxInitializer): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, FLOAT).string(8, t.name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice()); // raw_data, little-endian
  return w;
}

/** Serializes a graph as an ONNX ModelProto (IR version 8, default-domain opset 13 unless given). */
export function encodeModel(g: OnnxGraph): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => graph.message(1, nodeProto(n, i)));
  graph.string(2, g.name);
  for (const t of g.initializers ?? []) graph.message(5, tensorProto(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v.name, v.dims));
  for (const v of g.outputs) graph.message(12, valueInfo(v.name, v.dims));
  const opset = new Writer().string(1, '').int(2, g.opset ?? 13);
  return new Writer()
    .int(1, 8) // ir_version
    .string(2, 'fluxion-bench') // producer_name
    .message(7, graph)
    .message(8, opset)
    .finish();
}

/** C = op(A) @ op(B) as a single MatMul (no transposes) or Gemm (transA/transB) node. */
export function gemmModel(m: number, k: number, n: number, transA: boolean, transB: boolean): Uint8Array {
  const aDims = transA ? [k, m] : [m, k];
  const bDims = transB ? [n, k] : [k, n];
  const node: OnnxNode = transA || transB
    ? { op: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], attrs: { transA: transA ? 1 : 0, transB: transB ? 1 : 0 } }
    : { op: 'MatMul', inputs: ['A', 'B'], outputs: ['C'] };
  return encodeModel({
    name: 'gemm',
    inputs: [{ name: 'A', dims: aDims }, { name: 'B', dims: bDims }],
    outputs: [{ name: 'C', dims: [m, n] }],
    nodes: [node],
  });
}

export interface DenseParams {
  w: Float32Array;
  b: Float32Array;
  inDim: number;
  outDim: number;
}

/** softmax(relu(relu(x W1 + b1) W2 + b2) W3 + b3) as Gemm+Relu, Gemm+Relu, Gemm, Softmax. */
export function mlpModel(batch: number, layers: DenseParams[]): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  let cur = 'x';
  layers.forEach((l, i) => {
    initializers.push({ name: `W${i}`, dims: [l.inDim, l.outDim], data: l.w }, { name: `b${i}`, dims: [l.outDim], data: l.b });
    const last = i === layers.length - 1;
    nodes.push({ op: 'Gemm', inputs: [cur, `W${i}`, `b${i}`], outputs: [`h${i}`] });
    cur = `h${i}`;
    if (!last) {
      nodes.push({ op: 'Relu', inputs: [cur], outputs: [`r${i}`] });
      cur = `r${i}`;
    }
  });
  nodes.push({ op: 'Softmax', inputs: [cur], outputs: ['y'], attrs: { axis: -1 } });
  const outDim = layers[layers.length - 1]!.outDim;
  return encodeModel({
    name: 'mlp',
    inputs: [{ name: 'x', dims: [batch, layers[0]!.inDim] }],
    outputs: [{ name: 'y', dims: [batch, outDim] }],
    nodes,
    initializers,
  });
}
