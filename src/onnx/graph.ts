/**
 * Builds an ONNX graph: nodes with generated unique names, constant initializers, and helpers for
 * the small patterns every converter uses (transposes around channels-first operators, int64
 * shape constants, opset-dependent forms of Squeeze / Reduce*).
 */
import { DataType, type AttributeValue, type NodeSpec, type TensorSpec } from './proto.js';

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private readonly used = new Set<string>();

  constructor(readonly opset: number) {}

  /** A name not used yet in the graph, based on `base`. */
  unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_');
    let name = clean;
    for (let k = 1; this.used.has(name); k++) name = `${clean}_${k}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    this.used.add(name);
  }

  /** Adds a node and returns its output names. */
  node(opType: string, inputs: string[], base: string, attributes?: Record<string, AttributeValue>, outputs = 1): string[] {
    const name = this.unique(`${base}/${opType}`);
    const outs = Array.from({ length: outputs }, (_, k) => (outputs === 1 ? name : `${name}:${k}`));
    for (const o of outs) this.used.add(o);
    this.nodes.push({ opType, inputs, outputs: outs, name, ...(attributes ? { attributes } : {}) });
    return outs;
  }

  /** A single-output node. */
  op(opType: string, inputs: string[], base: string, attributes?: Record<string, AttributeValue>): string {
    return this.node(opType, inputs, base, attributes)[0] as string;
  }

  floatConst(base: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.unique(base);
    const data = Float32Array.from(values);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, raw: new Uint8Array(data.buffer) });
    return name;
  }

  int64Const(base: string, values: number[], dims: number[] = [values.length]): string {
    const name = this.unique(base);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: DataType.INT64, raw: new Uint8Array(data.buffer) });
    return name;
  }

  transpose(x: string, perm: number[], base: string): string {
    return this.op('Transpose', [x], base, { perm });
  }

  /** Squeeze (axes became an input in opset 13). */
  squeeze(x: string, axes: number[], base: string): string {
    if (this.opset >= 13) return this.op('Squeeze', [x, this.int64Const(`${base}/axes`, axes)], base);
    return this.op('Squeeze', [x], base, { axes });
  }

  unsqueeze(x: string, axes: number[], base: string): string {
    if (this.opset >= 13) return this.op('Unsqueeze', [x, this.int64Const(`${base}/axes`, axes)], base);
    return this.op('Unsqueeze', [x], base, { axes });
  }

  /** ReduceMean / ReduceMax / ReduceSumSquare (axes became an input in opset 18). */
  reduce(opType: 'ReduceMean' | 'ReduceMax' | 'ReduceSumSquare', x: string, axes: number[], keepdims: boolean, base: string): string {
    if (this.opset >= 18) return this.op(opType, [x, this.int64Const(`${base}/axes`, axes)], base, { keepdims: keepdims ? 1 : 0 });
    return this.op(opType, [x], base, { axes, keepdims: keepdims ? 1 : 0 });
  }

  /** ReduceSum (axes an input since opset 13). */
  reduceSum(x: string, axes: number[], keepdims: boolean, base: string): string {
    return this.op('ReduceSum', [x, this.int64Const(`${base}/axes`, axes)], base, { keepdims: keepdims ? 1 : 0 });
  }

  /** Slice along `axes` (starts/ends as inputs since opset 10). */
  slice(x: string, starts: number[], ends: number[], axes: number[], base: string): string {
    return this.op('Slice', [x, this.int64Const(`${base}/starts`, starts), this.int64Const(`${base}/ends`, ends), this.int64Const(`${base}/axes`, axes)], base);
  }

  reshape(x: string, shape: number[], base: string): string {
    return this.op('Reshape', [x, this.int64Const(`${base}/shape`, shape)], base);
  }
}

/** Channels-last [N, ...spatial, C] -> channels-first [N, C, ...spatial] permutation, and back. */
export function toChannelsFirst(rank: number): number[] {
  return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

export function toChannelsLast(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}
