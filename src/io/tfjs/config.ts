/**
 * The model topology of TensorFlow.js's Layers format: the Keras-style config with Python's
 * snake_case keys ({class_name, config, keras_version, backend}), as tfjs-layers writes and
 * reads it. Fluxion's configs use camelCase keys (as TensorFlow.js does in memory), so the
 * conversion mirrors tfjs-layers' convertTsToPythonic / convertPythonicToTs: keys and string
 * values change case, except layer names (the `name` key and the first item of each inbound-node
 * reference). The structural differences (Sequential's InputLayer, InputLayer's batch shape key,
 * 'Model' for Functional) are handled here too.
 */
import { describeValue, FluxionError } from '../../core/errors.js';
import type { Model } from '../../models/model.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The dialect of the configs written here: TensorFlow.js 4.22's Layers format. */
export const TFJS_KERAS_VERSION = 'tfjs-layers 4.22.0';
export const TFJS_BACKEND = 'tensor_flow.js';

/** tfjs-layers' toSnakeCase. */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const lower = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return lower.startsWith('_') ? `private${lower}` : lower;
}

/** tfjs-layers' toCamelCase. */
export function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier;
  return identifier.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Layer-name positions that keep their case: item 0 of node references. */
function isNameItem(key: string | undefined, index: number, item: unknown): boolean {
  return (key === 'inboundNodes' || key === 'inputLayers' || key === 'outputLayers') && index === 0 && typeof item === 'string';
}

/** A serializable object held in a config (an initializer, regularizer or constraint instance). */
function serializableObject(v: object): { className: string; config: Record<string, unknown> } | null {
  const candidate = v as { className?: unknown; getConfig?: unknown };
  if (typeof candidate.className === 'string' && typeof candidate.getConfig === 'function') {
    return { className: candidate.className, config: (candidate.getConfig as () => Record<string, unknown>).call(v) };
  }
  return null;
}

/** Fluxion (camelCase) -> TensorFlow.js file (snake_case). */
export function toPythonic(value: unknown, key?: string, where = 'Model.save'): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toSnakeCase(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FluxionError(`${where}: config value ${key ?? ''} = ${value} cannot be written to JSON; use a finite number.`);
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, i) => (isNameItem(key, i, item) ? (item as string) : toPythonic(item, key, where)));
  if (typeof value === 'function') {
    throw new FluxionError(
      `${where}: the config of the model holds a function (${key === undefined ? 'a value' : `"${key}"`}), which the TensorFlow.js format cannot store; ` +
        'use a named activation/initializer or a registered class.',
    );
  }
  if (isRecord(value)) {
    const object = serializableObject(value);
    if (object !== null) return toPythonic(object, key, where);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[toSnakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : toPythonic(v, k, where);
    }
    return out;
  }
  throw new FluxionError(`${where}: cannot write ${describeValue(value)} (config key "${key ?? ''}") to JSON.`);
}

/** TensorFlow.js file (snake_case) -> Fluxion (camelCase). */
export function fromPythonic(value: unknown, key?: string): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return toCamelCase(value);
  if (Array.isArray(value)) return value.map((item, i) => (isNameItem(key, i, item) ? item : fromPythonic(item, key)));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'name' && typeof v === 'string') out[k] = v;
      else {
        const camel = toCamelCase(k);
        out[camel] = camel === 'className' && typeof v === 'string' ? v : fromPythonic(v, camel);
      }
    }
    return out;
  }
  throw new FluxionError(`loadLayersModel: unexpected ${describeValue(value)} in the model config.`);
}

// ---------------------------------------------------------------- write

/** Activations whose meaning differs between Keras 3 (Fluxion) and TensorFlow.js. */
const DIFFERENT_MEANING: Record<string, string> = {
  hardSigmoid: "Keras 3's hard_sigmoid is relu6(x + 3) / 6, but TensorFlow.js reads hard_sigmoid as clip(0.2 x + 0.5, 0, 1)",
};

function checkActivations(layerName: string, config: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(config)) {
    if (typeof v === 'string' && /activation$/i.test(k) && DIFFERENT_MEANING[v] !== undefined) {
      throw new FluxionError(
        `Model.save: layer "${layerName}" uses ${k} '${v}', which TensorFlow.js would compute differently (${DIFFERENT_MEANING[v]}); ` +
          "save it in the .keras format, or use 'sigmoid'.",
      );
    }
    if (isRecord(v) && isRecord(v['config'])) checkActivations(layerName, v['config']);
  }
}

/** Fluxion's name for Keras 2's / TensorFlow.js's hard_sigmoid, written back as 'hard_sigmoid'. */
function legacyActivationNames(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === 'legacyHardSigmoid' && /activation$/i.test(k)) out[k] = 'hardSigmoid';
    else if (isRecord(v) && isRecord(v['config'])) out[k] = { ...v, config: legacyActivationNames(v['config']) };
    else out[k] = v;
  }
  return out;
}

/** A layer's config in TensorFlow.js's spelling. */
function layerToTfjs(spec: { className: string; config: Record<string, unknown> }): JsonObject {
  if (spec.className === 'Sequential' || spec.className === 'Functional') return modelConfigToTfjs(spec.className, spec.config);
  const config = { ...spec.config };
  checkActivations(String(config['name'] ?? spec.className), config);
  const inner = config['layer'];
  if (spec.className === 'Bidirectional' && isRecord(inner) && isRecord(inner['config']) && typeof inner['config']['name'] === 'string') {
    // TensorFlow.js names the wrapped layers 'forward_' + name and 'backward_' + name itself.
    config['layer'] = { ...inner, config: { ...inner['config'], name: inner['config']['name'].replace(/^forward_/, '') } };
  }
  if (spec.className === 'LeakyReLU' && config['negativeSlope'] !== undefined) {
    // Keras 3's negative_slope is TensorFlow.js's alpha.
    config['alpha'] = config['negativeSlope'];
    delete config['negativeSlope'];
  }
  if (spec.className === 'InputLayer' && config['batchShape'] !== undefined) {
    config['batchInputShape'] = config['batchShape'];
    delete config['batchShape'];
  }
  return { class_name: spec.className, config: toPythonic(legacyActivationNames(config)) as JsonObject };
}

interface SequentialLike {
  name: string;
  layers: { className: string; config: Record<string, unknown> }[];
}

interface FunctionalLike {
  name: string;
  layers: { className: string; name: string; config: Record<string, unknown>; inboundNodes: unknown[][] }[];
  inputLayers: unknown;
  outputLayers: unknown;
}

function refList(refs: unknown): unknown[][] {
  if (Array.isArray(refs) && typeof refs[0] === 'string') return [refs];
  return refs as unknown[][];
}

/** A Sequential or Functional config in TensorFlow.js's spelling ({class_name, config}); nested models recurse. */
function modelConfigToTfjs(className: string, raw: Record<string, unknown>): JsonObject {
  if (className === 'Sequential') {
    const config = raw as unknown as SequentialLike;
    const layers = [...config.layers];
    // TensorFlow.js's Sequential has no InputLayer entry: the first layer carries batch_input_shape.
    const head = layers[0];
    if (head !== undefined && head.className === 'InputLayer') {
      layers.shift();
      const first = layers[0];
      if (first !== undefined) {
        layers[0] = { className: first.className, config: { ...first.config, batchInputShape: head.config['batchShape'], dtype: head.config['dtype'] ?? first.config['dtype'] } };
      }
    }
    return { class_name: 'Sequential', config: { name: config.name, layers: layers.map(layerToTfjs) } };
  }
  const config = raw as unknown as FunctionalLike;
  const nested = new Set(config.layers.filter((l) => MODEL_CLASSES.has(l.className)).map((l) => l.name));
  const layers = config.layers.map((l) => {
    const converted = layerToTfjs({ className: l.className, config: l.config });
    const inbound = l.inboundNodes.map((call) =>
      call.map((ref) => {
        const r = ref as unknown[];
        return [r[0], shiftNode(r, nested, 1), r[2], r[3] ?? {}];
      }),
    );
    return { name: l.name, class_name: converted['class_name'] as string, config: converted['config'] as JsonObject, inbound_nodes: toPythonic(inbound, 'inboundNodes') };
  });
  return {
    class_name: 'Model',
    config: {
      name: config.name,
      layers,
      input_layers: toPythonic(refList(config.inputLayers), 'inputLayers'),
      output_layers: toPythonic(
        refList(config.outputLayers).map((r) => [r[0], shiftNode(r, nested, 1), r[2]]),
        'outputLayers',
      ),
    },
  };
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/**
 * A nested model's calls are numbered from 1 in TensorFlow.js (and Keras 2) files: its node 0 is
 * the one it made for itself when it was built. Fluxion numbers the calls inside the outer model
 * from 0, so references to nested models shift by one between the two.
 */
function shiftNode(ref: unknown[], nested: Set<unknown>, by: number): unknown {
  const index = ref[1];
  if (!nested.has(ref[0]) || typeof index !== 'number') return index;
  return Math.max(0, index + by);
}

/** The modelTopology of model.json for a Sequential or Functional model. */
export function modelTopology(model: Model): JsonObject {
  const className = model.getClassName();
  if (className === 'Sequential' || className === 'Functional') {
    return { ...modelConfigToTfjs(className, model.getConfig()), keras_version: TFJS_KERAS_VERSION, backend: TFJS_BACKEND };
  }
  throw new FluxionError(
    `Model.save: the TensorFlow.js Layers format stores Sequential and Functional models; "${model.name}" is a subclassed model (${className}). ` +
      'Save its weights instead (model.saveWeights), or build it with fx.sequential / fx.model.',
  );
}

// ---------------------------------------------------------------- read

/** Per-layer adjustments of a camelCased TensorFlow.js layer config for Fluxion's constructors. */
function adaptLayerConfig(className: string, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    // TensorFlow.js writes null for "not set"; Fluxion's constructors take undefined for that.
    if (v === null) continue;
    if (typeof v === 'string' && /activation$/i.test(k) && v === 'hardSigmoid') out[k] = 'legacyHardSigmoid';
    // Newer Keras writes dtype as a policy object: {class_name: 'DTypePolicy', config: {name: 'float32'}}.
    else if (k === 'dtype' && isRecord(v) && isRecord(v['config']) && typeof v['config']['name'] === 'string') out[k] = v['config']['name'];
    else if ((k === 'layer' || k === 'backwardLayer') && isRecord(v) && typeof v['className'] === 'string') {
      out[k] = { className: v['className'], config: adaptLayerConfig(v['className'], isRecord(v['config']) ? v['config'] : {}) };
    } else out[k] = v;
  }
  if (className === 'InputLayer' && out['batchShape'] === undefined && out['batchInputShape'] !== undefined) {
    out['batchShape'] = out['batchInputShape'];
    delete out['batchInputShape'];
  }
  return out;
}

function checkLayerEntry(v: unknown, i: number): Record<string, unknown> {
  if (!isRecord(v) || typeof v['className'] !== 'string') {
    throw new FluxionError(`loadLayersModel: modelTopology layers[${i}] must be {class_name, config}, but received ${describeValue(v)}.`);
  }
  if (v['config'] !== undefined && !isRecord(v['config'])) {
    throw new FluxionError(`loadLayersModel: modelTopology layers[${i}] ("${String(v['className'])}") has a config that is ${describeValue(v['config'])}, not an object.`);
  }
  return v;
}

/** A camelCased TensorFlow.js model config (Sequential, Model or Functional) as Fluxion's {className, config}. */
function modelSpecFromTfjs(className: string, config: Record<string, unknown>, where: string): { className: string; config: Record<string, unknown> } {
  const rawLayers = config['layers'];
  if (!Array.isArray(rawLayers)) throw new FluxionError(`loadLayersModel: ${where}.layers must be a list, but received ${describeValue(rawLayers)}.`);
  const layerSpec = (entry: Record<string, unknown>): { className: string; config: Record<string, unknown> } => {
    const cls = entry['className'] as string;
    const layerConfig = (entry['config'] as Record<string, unknown> | undefined) ?? {};
    if (cls === 'Sequential' || cls === 'Model' || cls === 'Functional') return modelSpecFromTfjs(cls, layerConfig, `${where} layer "${String(layerConfig['name'] ?? cls)}"`);
    return { className: cls, config: adaptLayerConfig(cls, layerConfig) };
  };
  const name = typeof config['name'] === 'string' ? { name: config['name'] } : {};
  if (className === 'Sequential') {
    return { className: 'Sequential', config: { ...name, layers: rawLayers.map((l, i) => layerSpec(checkLayerEntry(l, i))) } };
  }
  if (className === 'Model' || className === 'Functional') {
    const layers = rawLayers.map((l, i) => {
      const entry = checkLayerEntry(l, i);
      const spec = layerSpec(entry);
      const layerName = typeof entry['name'] === 'string' ? entry['name'] : spec.config['name'];
      if (typeof layerName !== 'string') throw new FluxionError(`loadLayersModel: ${where} layers[${i}] ("${spec.className}") has no name.`);
      spec.config['name'] = layerName;
      return { className: spec.className, name: layerName, config: spec.config, inboundNodes: (entry['inboundNodes'] ?? []) as unknown };
    });
    const nested = new Set(layers.filter((l) => MODEL_CLASSES.has(l.className)).map((l) => l.name));
    const unshift = (refs: unknown): unknown => (Array.isArray(refs) ? refs.map((r) => (Array.isArray(r) ? (typeof r[0] === 'string' ? [r[0], shiftNode(r, nested, -1), ...r.slice(2)] : unshift(r)) : r)) : refs);
    for (const l of layers) l.inboundNodes = unshift(l.inboundNodes);
    return { className: 'Functional', config: { ...name, layers, inputLayers: config['inputLayers'], outputLayers: unshift(config['outputLayers']) } };
  }
  throw new FluxionError(`loadLayersModel: modelTopology class_name must be 'Sequential', 'Model' or 'Functional', but received ${JSON.stringify(className)}.`);
}

/**
 * Converts a model.json modelTopology into Fluxion's {className, config} (for modelFromConfig).
 * Accepts the Keras 2 wrapper {model_config: ...} that older converters wrote too.
 */
export function topologyToFluxion(topology: unknown): { className: string; config: Record<string, unknown> } {
  let top = topology;
  if (isRecord(top) && isRecord(top['model_config'])) top = top['model_config'];
  if (!isRecord(top) || typeof top['class_name'] !== 'string' || !isRecord(top['config'])) {
    throw new FluxionError(`loadLayersModel: modelTopology must be {class_name, config, ...} (a Keras model config), but received ${describeValue(top)}.`);
  }
  return modelSpecFromTfjs(top['class_name'], fromPythonic(top['config']) as Record<string, unknown>, 'modelTopology.config');
}
