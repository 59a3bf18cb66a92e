/**
 * fx.onnx.exportModel: a Sequential or Functional model as an ONNX ModelProto (default opset 17),
 * returned as bytes and, given a path, written to a file. Each layer is converted by
 * ./converters.ts; a layer without a converter is refused with the list of what can be exported.
 */
import { writeFileAtomic } from '../callbacks/checkpoint.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { InputLayer } from '../layers/input-layer.js';
import type { Layer, ShapeWithNull } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { Model } from '../models/model.js';
import { CONVERTERS } from './converters.js';
import { GraphBuilder } from './graph.js';
import { DataType, encodeModel, type DataTypeCode, type ValueInfoSpec } from './proto.js';

export interface ExportOptions {
  /** ONNX opset (default 17; 13 to 21 are accepted). */
  opset?: number;
  /** Name of the batch dimension in the graph's inputs and outputs (default 'batch'). */
  batchDimName?: string;
  /** Written into the model's doc_string. */
  docString?: string;
}

export const DEFAULT_OPSET = 17;
export const MIN_OPSET = 13;
export const MAX_OPSET = 21;

/** ONNX IR version for an opset (the IR that introduced it). */
function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

/** The layer classes exportModel can convert. */
export function supportedLayers(): string[] {
  return Object.keys(CONVERTERS).sort();
}

function elemType(dtype: string): DataTypeCode {
  if (dtype === 'int32') return DataType.INT32;
  if (dtype === 'bool') return DataType.BOOL;
  return DataType.FLOAT;
}

function valueInfo(name: string, t: SymbolicTensor, batchName: string): ValueInfoSpec {
  return { name, elemType: elemType(t.dtype), dims: t.shape.map((d, i) => (d === null ? (i === 0 ? batchName : `${name}_dim${i}`) : d)) };
}

function isGraphModel(layer: Layer): layer is Model {
  const candidate = layer as Partial<Model>;
  return typeof candidate.isGraph === 'function' && typeof candidate.graphNodes === 'function' && candidate.isGraph();
}

/** Converts a model's graph given the ONNX names of its inputs; nested models are inlined. */
function convertGraph(g: GraphBuilder, model: Model, inputNames: string[]): string[] {
  const names = new Map<number, string>();
  model.inputs.forEach((t, i) => names.set(t.id, inputNames[i] as string));
  for (const node of model.graphNodes()) {
    const layer = node.layer;
    if (layer instanceof InputLayer) continue;
    const ins = node.inputs.map((t) => {
      const n = names.get(t.id);
      if (n === undefined) throw new FluxionError(`onnx.exportModel: the input of layer "${layer.name}" is not produced inside the model.`);
      return n;
    });
    const extra = Object.entries(node.callArgs).filter(([k, v]) => k !== 'training' && k !== 'mask' && v !== undefined && v !== null && v !== false);
    if (extra.length > 0) {
      throw new FluxionError(
        `onnx.exportModel: layer "${layer.name}" was called with ${extra.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}, which the export does not reproduce; call it without them to export the model.`,
      );
    }
    let outs: string[];
    if (isGraphModel(layer)) {
      outs = convertGraph(g, layer, ins);
    } else {
      const converter = CONVERTERS[layer.getClassName()];
      if (converter === undefined) {
        throw new FluxionError(
          `onnx.exportModel: layer "${layer.name}" is a ${layer.getClassName()}, which has no ONNX export. Supported layers: ${supportedLayers().join(', ')}.`,
        );
      }
      outs = converter({
        g,
        layer,
        config: layer.getConfig(),
        inputs: ins,
        inputShapes: node.inputs.map((t) => [...t.shape] as ShapeWithNull),
        outputShapes: node.outputs.map((t) => [...t.shape] as ShapeWithNull),
      });
    }
    node.outputs.forEach((t, k) => names.set(t.id, outs[k] as string));
  }
  return model.outputs.map((t) => names.get(t.id) as string);
}

/** Builds the ONNX model for `model` and returns its bytes. */
export function modelToOnnx(model: Model, options: ExportOptions = {}): Uint8Array {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new FluxionError(`onnx.exportModel: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, but received ${describeValue(opset)}.`);
  }
  if (!model.isGraph()) {
    throw new FluxionError(
      `onnx.exportModel: model "${model.name}" has no graph (a subclassed model, or a Sequential model without an input shape); ` +
        'export Sequential models with an input shape and Functional models.',
    );
  }
  const g = new GraphBuilder(opset);
  const batchName = options.batchDimName ?? 'batch';
  const names = new Map<number, string>();
  const inputs = model.inputs.map((t) => {
    const n = g.unique(t.sourceLayer.name);
    names.set(t.id, n);
    return valueInfo(n, t, batchName);
  });
  const outNames = convertGraph(g, model, model.inputs.map((t) => names.get(t.id) as string));
  model.outputs.forEach((t, k) => names.set(t.id, outNames[k] as string));
  const outputs = model.outputs.map((t, k) => {
    const inner = names.get(t.id) as string;
    // Name the graph outputs after the layers that produce them.
    const n = g.unique(`${t.sourceLayer.name}${model.outputs.length > 1 ? `_${k}` : ''}_output`);
    g.nodes.push({ opType: 'Identity', inputs: [inner], outputs: [n], name: g.unique(`${n}/Identity`) });
    return valueInfo(n, t, batchName);
  });
  return encodeModel({
    irVersion: irVersionFor(opset),
    opset,
    producerName: 'Fluxion',
    producerVersion: '0.1.0',
    ...(options.docString === undefined ? {} : { docString: options.docString }),
    graph: { name: model.name, nodes: g.nodes, initializers: g.initializers, inputs, outputs },
  });
}

/**
 * exportModel(model) -> bytes; exportModel(model, 'm.onnx', {opset}) also writes the file
 * (atomically); exportModel(model, {opset}) -> bytes.
 */
export function exportModel(model: Model, pathOrOptions?: string | ExportOptions, options: ExportOptions = {}): Uint8Array {
  const path = typeof pathOrOptions === 'string' ? pathOrOptions : undefined;
  const opts = typeof pathOrOptions === 'object' && pathOrOptions !== null ? pathOrOptions : options;
  if (pathOrOptions !== undefined && typeof pathOrOptions !== 'string' && (typeof pathOrOptions !== 'object' || pathOrOptions === null)) {
    throw new FluxionError(`onnx.exportModel: the second argument must be a file path or an options object, but received ${describeValue(pathOrOptions)}.`);
  }
  const bytes = modelToOnnx(model, opts);
  if (path !== undefined) writeFileAtomic(path, bytes);
  return bytes;
}
