/**
 * ModelArtifacts (TensorFlow.js's in-memory form of a saved model: topology, weight specs and
 * weight data) to and from Fluxion models, with weight names as tfjs-layers writes them:
 * `<layer>/<weight>` (e.g. `dense/kernel`), recurrent layers without the cell's scope
 * (`lstm/kernel`), Bidirectional's halves as `<layer>/forward_<rnn>/<weight>`.
 */
import { describeValue, FluxionError } from '../../core/errors.js';
import { tensor } from '../../ops/index.js';
import type { Variable } from '../../core/tensor.js';
import { InputLayer } from '../../layers/input-layer.js';
import type { Layer } from '../../layers/layer.js';
import { modelFromConfig, type Model } from '../../models/model.js';
import { refuseUnsafeClasses } from '../safety.js';
import { guardLayerConfigs, MAX_INPUT_ELEMENTS, WeightBudget } from './budget.js';
import { modelTopology, toSnakeCase, topologyToFluxion, type JsonObject } from './config.js';
import * as optimizers from '../../optimizers/index.js';
import type { Optimizer, OptimizerConfig } from '../../optimizers/optimizer.js';
import { AdadeltaOptimizer, AdagradOptimizer, AdamaxOptimizer, AdamOptimizer, MomentumOptimizer, RMSPropOptimizer, SGDOptimizer } from '../../optimizers/tfjs.js';
import type { ConfigValue } from '../../optimizers/config.js';
import { getCompiled } from '../../training/trainer.js';
import { concatBytes, decodeWeights, encodeWeights, parseWeightSpec, type EncodableWeight, type NamedWeight, type QuantizationDType, type WeightSpec } from './weights.js';

export interface ModelArtifacts {
  modelTopology?: object | ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: WeightSpec[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  trainingConfig?: object;
  userDefinedMetadata?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** What an IOHandler's save resolves to (TensorFlow.js's SaveResult). */
export interface TfjsSaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: unknown[];
  errors?: unknown[];
}

export const GENERATED_BY = 'Fluxion 0.1.0';

const RNN_CLASSES = new Set(['LSTM', 'GRU', 'SimpleRNN', 'RNN']);

/** TensorFlow.js's name for each of a layer's weights (same order as layer.weights). */
function layerWeightNames(layer: Layer): string[] {
  const cls = layer.getClassName();
  return layer.weights.map((w) => {
    const segs = w.name.split('/');
    const last = segs[segs.length - 1] as string;
    if (RNN_CLASSES.has(cls) || cls === 'TimeDistributed') return `${layer.name}/${last}`;
    if (cls === 'Bidirectional') return `${layer.name}/${segs[0] as string}/${last}`;
    // Keras 3 calls it kernel; TensorFlow.js (and Keras 2) depthwise_kernel.
    if (cls === 'DepthwiseConv2D' && last === 'kernel') return `${layer.name}/depthwise_kernel`;
    const rest = segs[0] === layer.name ? segs.slice(1) : segs;
    return `${layer.name}/${rest.join('/')}`;
  });
}

export interface NamedVariable {
  name: string;
  /** Other names the same weight has in files written by Keras 2 / the converter (e.g. lstm/lstm_cell/kernel). */
  aliases: string[];
  variable: Variable;
}

function isGraphModel(layer: Layer): layer is Model {
  const candidate = layer as Partial<Model>;
  return typeof candidate.isGraph === 'function' && typeof candidate.graphNodes === 'function' && candidate.isGraph();
}

/** The model's weights with their TensorFlow.js names, layer by layer. */
export function namedVariables(model: Model): NamedVariable[] {
  const out: NamedVariable[] = [];
  for (const layer of model.layers) {
    if (layer instanceof InputLayer) continue;
    if (isGraphModel(layer)) {
      // tfjs-layers names a nested model's weights by its own layers, without the model's name.
      for (const inner of namedVariables(layer)) out.push({ ...inner, aliases: [...inner.aliases, `${layer.name}/${inner.name}`] });
      continue;
    }
    const names = layerWeightNames(layer);
    layer.weights.forEach((variable, i) => {
      const name = names[i] as string;
      const aliases = [variable.name, `${layer.name}/${variable.name.split('/').slice(1).join('/')}`];
      out.push({ name, aliases: [...new Set(aliases)].filter((a) => a !== name), variable });
    });
  }
  const seen = new Set<string>();
  for (const { name } of out) {
    if (seen.has(name)) throw new FluxionError(`Model.save: two weights of model "${model.name}" would both be named "${name}" in the TensorFlow.js format; give the layers unique names.`);
    seen.add(name);
  }
  return out;
}

/** The model as ModelArtifacts (what withSaveHandler receives). */
export function modelToArtifacts(model: Model, quantization: QuantizationDType | null, includeOptimizer = true): ModelArtifacts {
  const topology = modelTopology(model);
  const weights: EncodableWeight[] = namedVariables(model).map(({ name, variable }) => {
    const dtype = variable.dtype === 'int32' ? 'int32' : variable.dtype === 'bool' ? 'bool' : 'float32';
    const data = variable.dataSync();
    const values = dtype === 'float32' ? Float32Array.from(data as ArrayLike<number>) : Int32Array.from(data as ArrayLike<number>);
    return { name, shape: [...variable.shape], dtype, values };
  });
  const encoded = encodeWeights(weights, quantization);
  const optimizerState = includeOptimizer ? optimizerWeights(model) : [];
  const state = encodeWeights(optimizerState, null);
  const specs = [...encoded.specs, ...state.specs.map((spec) => ({ ...spec, group: 'optimizer' }))];
  const data = concatBytes([encoded.data, state.data]);
  const artifacts: ModelArtifacts = {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  };
  const training = trainingConfig(model, includeOptimizer);
  if (training !== null) artifacts.trainingConfig = training;
  return artifacts;
}

/**
 * The optimizer's state as TensorFlow.js writes it with includeOptimizer: `iter`, then each slot
 * `<weight>/<slot>` of every trainable weight, for TensorFlow.js's optimizer classes (fx.train.*),
 * whose state layout is TensorFlow.js's; other optimizers save no state in this format.
 */
function optimizerWeights(model: Model): EncodableWeight[] {
  const optimizer = model.optimizer;
  if (optimizer === null || !TFJS_OPTIMIZER_CLASSES.some((cls) => optimizer instanceof cls)) return [];
  const tfjsName = new Map<string, string>();
  for (const t of namedVariables(model)) tfjsName.set(t.variable.name, t.name);
  return optimizer.getWeightsSync().map(({ name, tensor: t }, i) => {
    let fileName = name;
    if (i === 0) fileName = 'iter';
    else {
      const cut = name.lastIndexOf('/');
      const owner = tfjsName.get(name.slice(0, cut));
      if (owner !== undefined) fileName = `${owner}/${name.slice(cut + 1)}`;
    }
    const raw = t.dataSync();
    const dtype = i === 0 || t.dtype === 'int32' ? 'int32' : 'float32';
    return { name: fileName, shape: [...t.shape], dtype, values: dtype === 'int32' ? Int32Array.from(raw as ArrayLike<number>) : Float32Array.from(raw as ArrayLike<number>) };
  });
}

/**
 * TensorFlow.js's trainingConfig of a compiled model: {loss, metrics, optimizer_config:
 * {class_name, config}} (the optimizer config in camelCase, as tfjs-layers writes it).
 */
function trainingConfig(model: Model, include: boolean): Record<string, unknown> | null {
  if (model.optimizer === null || !include) return null;
  const compiled = getCompiled(model, 'Model.save');
  const losses = compiled.losses.map((l) => toSnakeCase(l.name));
  const metrics = compiled.metrics.filter((m) => m.output === 0).map((m) => toSnakeCase(m.name));
  return {
    loss: losses.length === 1 ? losses[0] : losses,
    metrics,
    optimizer_config: { class_name: compiled.optimizer.getClassName(), config: compiled.optimizer.getConfig() },
  };
}

const TFJS_OPTIMIZER_CLASSES = [SGDOptimizer, MomentumOptimizer, AdamOptimizer, RMSPropOptimizer, AdagradOptimizer, AdadeltaOptimizer, AdamaxOptimizer] as const;
const TFJS_OPTIMIZERS: Record<string, { fromConfig(config: OptimizerConfig): Optimizer }> = Object.fromEntries(TFJS_OPTIMIZER_CLASSES.map((cls) => [cls.className, cls]));

/**
 * Sets the optimizer's state from TensorFlow.js's optimizer weights: `iter`, then each slot
 * `<weight>/<slot>` for every trainable weight. They are put in the order of the model's trainable
 * weights (the order the optimizer sees them); state that does not map onto the model is reported
 * and left out, as Keras does when it cannot restore an optimizer.
 */
function restoreOptimizerState(model: Model, weights: NamedWeight[], where: string): void {
  const optimizer = model.optimizer;
  if (optimizer === null || !TFJS_OPTIMIZER_CLASSES.some((cls) => optimizer instanceof cls)) return;
  const iter = weights.find((w) => w.name === 'iter');
  const slotWeights = weights.filter((w) => w !== iter);
  const names = new Map<Variable, string[]>();
  for (const t of namedVariables(model)) names.set(t.variable, [t.name, ...t.aliases]);
  const slotOrder: string[] = [];
  const bySlot = new Map<string, Map<string, NamedWeight>>();
  for (const w of slotWeights) {
    const cut = w.name.lastIndexOf('/');
    const slot = w.name.slice(cut + 1);
    if (!bySlot.has(slot)) {
      bySlot.set(slot, new Map());
      slotOrder.push(slot);
    }
    (bySlot.get(slot) as Map<string, NamedWeight>).set(w.name.slice(0, cut), w);
  }
  const ordered: NamedWeight[] = iter ? [iter] : [];
  for (const slot of slotOrder) {
    const forSlot = bySlot.get(slot) as Map<string, NamedWeight>;
    for (const v of model.trainableWeights) {
      const hit = (names.get(v) ?? []).map((n) => forSlot.get(n)).find((w) => w !== undefined);
      if (hit === undefined) {
        process.emitWarning(`${where}: the file's optimizer state has no "${slot}" value for weight "${v.name}"; the optimizer starts fresh.`);
        return;
      }
      ordered.push(hit);
    }
  }
  if (ordered.length !== weights.length) {
    process.emitWarning(`${where}: the file's optimizer state (${weights.length} values) does not match the model's trainable weights; the optimizer starts fresh.`);
    return;
  }
  optimizer.setWeightsSync(ordered.map((w) => tensor(w.values, w.shape, w.dtype === 'int32' ? 'int32' : 'float32')));
}

/** Compiles a loaded model with the file's trainingConfig (as tf.loadLayersModel does). */
function compileFromTrainingConfig(model: Model, training: unknown, where: string): void {
  const t = training as Record<string, unknown>;
  try {
    if (typeof t !== 'object' || t === null) throw new FluxionError(`trainingConfig is ${describeValue(t)}, not an object`);
    const opt = t['optimizer_config'];
    if (typeof opt !== 'object' || opt === null || typeof (opt as Record<string, unknown>)['class_name'] !== 'string') throw new FluxionError('optimizer_config must be {class_name, config}');
    const { class_name: className, config } = opt as { class_name: string; config?: Record<string, ConfigValue> };
    // TensorFlow.js's optimizer classes (its update rules and state layout) when the name is one of them.
    const tfjsClass = TFJS_OPTIMIZERS[className];
    const optimizer = tfjsClass ? tfjsClass.fromConfig(config ?? {}) : optimizers.deserialize({ className, config: config ?? {} } as optimizers.SerializedOptimizer);
    const loss = t['loss'];
    const toName = (v: unknown): string => {
      if (typeof v !== 'string') throw new FluxionError(`a loss or metric must be a name, but received ${describeValue(v)}`);
      return v;
    };
    const metrics = Array.isArray(t['metrics']) ? (t['metrics'] as unknown[]).map(toName) : [];
    model.compile({ optimizer, loss: Array.isArray(loss) ? loss.map(toName) : toName(loss), metrics });
  } catch (e) {
    throw new FluxionError(
      `${where}: the file's trainingConfig could not compile the model (${e instanceof Error ? e.message : String(e)}); pass compile: false to load the model without compiling it.`,
    );
  }
}

export function artifactsInfo(artifacts: ModelArtifacts, weightBytes: number): ModelArtifactsInfo {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
    weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
    weightDataBytes: weightBytes,
  };
}

/** The weight data as one byte array (TensorFlow.js 4 allows a list of buffers). */
export function weightBytes(data: unknown, where: string): Uint8Array {
  if (data === undefined || data === null) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) return concatBytes(data.map((d, i) => weightBytes(d, `${where} (weightData[${i}])`)));
  throw new FluxionError(`${where}: weightData must be an ArrayBuffer (or a list of them), but received ${describeValue(data)}.`);
}

export interface BuildOptions {
  /** Every weight in the file must have a target and every model weight a value (default true, as TensorFlow.js). */
  strict?: boolean;
  safeMode?: boolean;
  /** Compile with the file's trainingConfig when it has one (default true). */
  compile?: boolean;
}

function parseTopology(raw: unknown, where: string): unknown {
  if (raw instanceof ArrayBuffer) {
    try {
      return JSON.parse(new TextDecoder().decode(raw)) as unknown;
    } catch (e) {
      throw new FluxionError(`${where}: modelTopology is an ArrayBuffer that does not hold JSON (${(e as Error).message}).`);
    }
  }
  return raw;
}

/** Builds the model from artifacts and loads the weights into it. */
export function artifactsToModel(artifacts: ModelArtifacts, options: BuildOptions = {}, where = 'loadLayersModel'): Model {
  if (typeof artifacts !== 'object' || artifacts === null) throw new FluxionError(`${where}: expected model artifacts {modelTopology, weightSpecs, weightData}, but received ${describeValue(artifacts)}.`);
  const topology = parseTopology(artifacts.modelTopology, where);
  if (topology === undefined || topology === null) {
    throw new FluxionError(`${where}: the artifacts have no modelTopology, so there is no model to build; load weights-only artifacts with model.loadWeights.`);
  }
  const spec = topologyToFluxion(topology);
  refuseUnsafeClasses(spec, options.safeMode ?? true, where);
  const rawSpecs = artifacts.weightSpecs ?? [];
  if (!Array.isArray(rawSpecs)) throw new FluxionError(`${where}: weightSpecs must be a list, but received ${describeValue(rawSpecs)}.`);
  const specs = rawSpecs.map((s, i) => parseWeightSpec(s, `weightSpecs[${i}]`, where));
  // Decode first: the data must hold what the manifest says before the model is built.
  // TensorFlow.js stores the optimizer's weights (includeOptimizer) in the same data, in group
  // 'optimizer'; they go to the optimizer made from trainingConfig.
  const all = decodeWeights(weightBytes(artifacts.weightData, where), specs, where);
  const decoded = all.filter((_, i) => specs[i]?.group !== 'optimizer');
  const optimizerWeights = all.filter((_, i) => specs[i]?.group === 'optimizer');
  const strict = options.strict ?? true;
  const stored = decoded.reduce((n, w) => n + w.values.length, 0);
  // At most twice what the file stores (plus 64K values), so that a small mismatch still reaches the
  // precise per-weight messages below while a hostile config cannot allocate far beyond the file.
  guardLayerConfigs(spec, new WeightBudget(strict ? 2 * stored + 65536 : stored + MAX_INPUT_ELEMENTS, where));
  const model = buildFromConfig(spec, where);
  assignWeights(model, decoded, strict, where);
  if (artifacts.trainingConfig !== undefined && artifacts.trainingConfig !== null && options.compile !== false) {
    compileFromTrainingConfig(model, artifacts.trainingConfig, where);
    if (optimizerWeights.length > 0) restoreOptimizerState(model, optimizerWeights, where);
  }
  return model;
}

/** modelFromConfig, with errors that are not Fluxion's (a RangeError from a corrupt config) reported as FluxionErrors. */
function buildFromConfig(spec: { className: string; config: Record<string, unknown> }, where: string): Model {
  try {
    return modelFromConfig(spec);
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw new FluxionError(`${where}: the model config could not be built (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}); the file is corrupt or was written by an incompatible version.`);
  }
}

/** Sets the model's weights from named values, matching names as tfjs-layers' loadWeights does. */
export function assignWeights(model: Model, weights: NamedWeight[], strict: boolean, where: string): void {
  const targets = namedVariables(model);
  const byName = new Map<string, NamedVariable>();
  for (const t of targets) byName.set(t.name, t);
  for (const t of targets) for (const a of t.aliases) if (!byName.has(a)) byName.set(a, t);
  const assigned = new Map<Variable, NamedWeight>();
  for (const w of weights) {
    let target = byName.get(w.name);
    if (target === undefined) {
      // Keras 2 scoped names: 'lstm/lstm_cell/kernel' -> 'lstm/kernel' (tfjs-layers does the same).
      const tokens = w.name.split('/');
      target = byName.get([...tokens.slice(0, -2), tokens[tokens.length - 1]].join('/'));
    }
    if (target === undefined) {
      if (strict) {
        throw new FluxionError(
          `${where}: the file has a weight "${w.name}" that model "${model.name}" has no variable for (the model's weights: ${targets.map((t) => t.name).join(', ') || 'none'}); ` +
            'the weights do not belong to this architecture. Pass strict: false to ignore extra weights.',
        );
      }
      continue;
    }
    if (assigned.has(target.variable)) throw new FluxionError(`${where}: the file has two values for weight "${target.name}" (the second is named "${w.name}").`);
    const expected = target.variable.shape;
    if (expected.length !== w.shape.length || expected.some((d, i) => d !== w.shape[i])) {
      throw new FluxionError(
        `${where}: weight "${w.name}" has shape [${w.shape.join(',')}] in the file, but the model's variable "${target.name}" has shape [${expected.join(',')}]; ` +
          'the config and the weights do not match.',
      );
    }
    assigned.set(target.variable, w);
  }
  const missing = targets.filter((t) => !assigned.has(t.variable));
  if (missing.length > 0 && strict) {
    throw new FluxionError(
      `${where}: model "${model.name}" has ${targets.length} weights but the file gives values for ${assigned.size}; missing: ${missing.map((t) => t.name).join(', ')}. ` +
        'Pass strict: false to keep the missing weights at their initial values.',
    );
  }
  for (const [variable, w] of assigned) variable.assign(tensor(w.values, w.shape, variable.dtype === 'int32' ? 'int32' : variable.dtype));
}

export type { JsonObject };
