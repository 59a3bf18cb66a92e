/**
 * Fluxion configs <-> Keras 3 configs. Fluxion's getConfig gives `{className, config}` with
 * camelCase keys and TensorFlow.js-style values ('glorotUniform', 'channelsLast'); Keras 3's
 * serialize_keras_object gives `{module, class_name, config, registered_name, build_config?}` with
 * snake_case keys, initializers/regularizers/constraints as serialized objects, a DTypePolicy for
 * `dtype`, and Functional layers' calls as `inbound_nodes: [{args, kwargs}]` holding
 * `__keras_tensor__` references. The mapping is mechanical apart from a few values, listed below.
 *
 * Reading never evaluates anything: class names are looked up in the layer registry, and a Lambda
 * layer (whose config holds code) is refused unless `safeMode: false`, and even then its function
 * comes only from the caller's `customObjects`.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Layer } from '../layers/layer.js';
import { Model } from '../models/model.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** useBias -> use_bias, batchShape -> batch_shape (an underscore before each capital that follows a letter or digit). */
export function toSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** use_bias -> useBias. */
export function toCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Keras's naming.to_snake_case for class names: Conv2D -> conv2d, BatchNormalization -> batch_normalization, PReLU -> p_re_lu. */
export function kerasClassSnake(name: string): string {
  const a = name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return a.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

const MODEL_MODULES: Record<string, string> = { Sequential: 'keras', Functional: 'keras.src.models.functional' };

function kerasObject(module: string, className: string, config: Json): JsonObject {
  return { module, class_name: className, config, registered_name: null };
}

function pascal(name: string): string {
  const camel = toCamel(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The config Keras 3 writes for an initializer given by name (the random ones carry a seed). */
function initializerDefaults(className: string): JsonObject {
  if (['Zeros', 'Ones'].includes(className)) return {};
  if (className === 'Orthogonal') return { gain: 1, seed: null };
  if (className === 'Identity') return { gain: 1 };
  return { seed: null };
}

function keysToSnake(config: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) out[toSnake(k)] = isObject(v) ? keysToSnake(v) : v;
  return out;
}

function keysToCamel(config: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) out[toCamel(k)] = isObject(v) ? keysToCamel(v) : v;
  return out;
}

// ------------------------------------------------------------------ Fluxion -> Keras 3

function helperToKeras(module: string, value: Json, fromString: (s: string) => Json): Json {
  if (value === null) return null;
  if (typeof value === 'string') return fromString(value);
  if (isObject(value) && typeof value['className'] === 'string') {
    return kerasObject(module, value['className'], keysToSnake(isObject(value['config']) ? value['config'] : {}));
  }
  return value;
}

function valueToKeras(key: string, value: Json, inInputLayer: boolean): Json {
  if (key === 'dtype' && typeof value === 'string' && !inInputLayer) return kerasObject('keras', 'DTypePolicy', { name: value });
  if (/Initializer$/.test(key)) return helperToKeras('keras.initializers', value, (s) => kerasObject('keras.initializers', pascal(s), initializerDefaults(pascal(s))));
  if (/Regularizer$/.test(key)) return helperToKeras('keras.regularizers', value, (s) => s);
  if (/Constraint$/.test(key)) return helperToKeras('keras.constraints', value, (s) => s);
  if ((key === 'activation' || key === 'recurrentActivation' || key === 'dataFormat') && typeof value === 'string') return toSnake(value);
  if (Array.isArray(value)) return value.map((v) => valueToKeras(key, v, inInputLayer));
  if (isObject(value) && typeof value['className'] === 'string') return layerToKeras(value);
  if (isObject(value)) return configToKeras(value, false);
  return value;
}

function configToKeras(config: JsonObject, inInputLayer: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) out[toSnake(k)] = valueToKeras(k, v, inInputLayer);
  return out;
}

/** A layer's `{className, config}` (or a Functional entry with name and inboundNodes) in Keras 3's form. */
export function layerToKeras(spec: JsonObject, model?: Model): JsonObject {
  const className = spec['className'];
  if (typeof className !== 'string') throw new FluxionError(`saving: expected a {className, config} layer spec, but received ${describeValue(spec)}.`);
  const config = isObject(spec['config']) ? spec['config'] : {};
  let kerasConfig: JsonObject;
  if (className === 'Sequential') kerasConfig = sequentialToKeras(config, modelNamed(model, config['name']));
  else if (className === 'Functional') kerasConfig = functionalToKeras(config, modelNamed(model, config['name']));
  else {
    const { batchInputShape, ...rest } = config;
    kerasConfig = configToKeras(rest, className === 'InputLayer');
    if (className === 'InputLayer') kerasConfig['ragged'] = false;
    if (batchInputShape !== undefined) kerasConfig['batch_input_shape'] = batchInputShape;
    if (className === 'Lambda') {
      // Only the function's name is written (as Keras names a registered function); never code.
      kerasConfig['function'] = { module: null, class_name: 'function', config: kerasConfig['function_name'] ?? null, registered_name: 'function' };
      delete kerasConfig['function_name'];
    }
  }
  const out = kerasObject(MODEL_MODULES[className] ?? 'keras.layers', className, kerasConfig);
  const built = model === undefined ? null : buildConfigOf(model, String(kerasConfig['name'] ?? spec['name'] ?? ''), className);
  if (built !== null) out['build_config'] = built;
  if (typeof spec['name'] === 'string') out['name'] = spec['name'];
  if (Array.isArray(spec['inboundNodes'])) out['inbound_nodes'] = spec['inboundNodes'].map((call) => nodeToKeras(call, className, model));
  return out;
}

/** The model a nested config describes: `model` itself, or one of its layers that is a model of that name. */
function modelNamed(model: Model | undefined, name: Json | undefined): Model | undefined {
  if (model === undefined || typeof name !== 'string') return undefined;
  if (model.name === name) return model;
  const inner = model.layers.find((l) => l.name === name);
  return inner instanceof Model ? inner : undefined;
}

/** Keras's build_config of a built layer of `model`: {input_shape} of its first call (none for InputLayers). */
function buildConfigOf(model: Model, layerName: string, className: string): JsonObject | null {
  if (className === 'InputLayer') return null;
  const layer = model.layers.find((l) => l.name === layerName);
  const node = layer?.inboundNodes.find((n) => n.inputs.length > 0);
  if (layer === undefined || !layer.built || node === undefined) return null;
  const shapes = node.inputs.map((t) => [...t.shape] as Json);
  return { input_shape: shapes.length === 1 ? (shapes[0] as Json) : shapes };
}

function sequentialToKeras(config: JsonObject, model?: Model): JsonObject {
  const layers = Array.isArray(config['layers']) ? config['layers'] : [];
  const hasInput = layers.some((l) => isObject(l) && l['className'] === 'InputLayer');
  const out: JsonObject = {
    name: config['name'] ?? null,
    trainable: config['trainable'] ?? true,
    dtype: kerasObject('keras', 'DTypePolicy', { name: 'float32' }),
    layers: layers.map((l) => {
      if (!isObject(l)) return l;
      const k = layerToKeras(l, model);
      // With an InputLayer first, the input shape lives there (as Keras 3 writes it).
      if (hasInput && isObject(k['config'])) delete k['config']['batch_input_shape'];
      return k;
    }),
  };
  const input = layers.find((l) => isObject(l) && l['className'] === 'InputLayer');
  if (isObject(input) && isObject(input['config'])) out['build_input_shape'] = input['config']['batchShape'] ?? null;
  return out;
}

function functionalToKeras(config: JsonObject, model?: Model): JsonObject {
  const layers = Array.isArray(config['layers']) ? config['layers'] : [];
  return {
    name: config['name'] ?? null,
    trainable: config['trainable'] ?? true,
    layers: layers.map((l) => {
      if (!isObject(l)) return l;
      const k = layerToKeras(l, model);
      if (isObject(k['config'])) delete k['config']['batch_input_shape'];
      return k;
    }),
    input_layers: config['inputLayers'] ?? [],
    output_layers: config['outputLayers'] ?? [],
  };
}

/** Shape and dtype of output `tensorIndex` of local call `nodeIndex` of `layerName` in `model` (for __keras_tensor__). */
function tensorSpec(model: Model | undefined, layerName: string, nodeIndex: number, tensorIndex: number): { shape: Json; dtype: string } {
  if (model === undefined) return { shape: null, dtype: 'float32' };
  const order: Layer['inboundNodes'][number][] = [];
  const seen = new Set<unknown>();
  const visit = (node: Layer['inboundNodes'][number] | undefined): void => {
    if (node === undefined || seen.has(node)) return;
    seen.add(node);
    order.push(node);
  };
  for (const t of model.inputs) visit(t.sourceLayer.inboundNodes[t.nodeIndex]);
  for (const node of model.graphNodes()) visit(node);
  const node = order.filter((n) => n.layer.name === layerName)[nodeIndex];
  const t = node?.outputs[tensorIndex];
  return t === undefined ? { shape: null, dtype: 'float32' } : { shape: [...t.shape], dtype: t.dtype };
}

function kerasTensor(ref: Json[], model?: Model): JsonObject {
  const [name, node, index] = ref as [string, number, number];
  const spec = tensorSpec(model, name, node, index);
  return { class_name: '__keras_tensor__', config: { shape: spec.shape, dtype: spec.dtype, keras_history: [name, node, index] } };
}

/** One call in Keras 3's form: {args, kwargs}. Layers that take a list get it as their first argument; MultiHeadAttention takes (query, value, key). */
function nodeToKeras(call: Json, className: string, model?: Model): JsonObject {
  const refs = Array.isArray(call) ? (call as Json[][]) : [];
  const kwargs: JsonObject = {};
  for (const r of refs) if (isObject(r[3])) Object.assign(kwargs, r[3]);
  const tensors = refs.map((r) => kerasTensor(r.slice(0, 3), model));
  const positional = className === 'MultiHeadAttention';
  const args: Json[] = tensors.length === 1 || positional ? tensors : [tensors];
  return { args, kwargs: configToKeras(kwargs, false) };
}

// ------------------------------------------------------------------ Keras 3 -> Fluxion

export interface FromKerasOptions {
  safeMode: boolean;
  customObjects: Record<string, unknown>;
  where: string;
}

function helperFromKeras(value: Json, fromString: (s: string) => Json): Json {
  if (value === null) return null;
  if (typeof value === 'string') return fromString(value);
  if (isObject(value) && typeof value['class_name'] === 'string') {
    const cfg = isObject(value['config']) ? keysToCamel(value['config']) : {};
    const meaningful = Object.entries(cfg).filter(([, v]) => v !== null);
    // Keras 3.0 wrote some initializers as e.g. OrthogonalInitializer.
    const className = value['class_name'].replace(/(.)Initializer$/, '$1');
    if (meaningful.length === 0 && typeof value['module'] === 'string' && value['module'].includes('initializers')) return lowerFirst(className);
    return { className, config: cfg };
  }
  return value;
}

function activationFromKeras(value: Json, opts: FromKerasOptions): Json {
  if (typeof value === 'string') return toCamel(value);
  if (isObject(value)) {
    // Keras writes a built-in function as {class_name: 'function', config: 'relu'}; anything else is code.
    if (value['class_name'] === 'function' && typeof value['config'] === 'string') return toCamel(value['config']);
    throw new FluxionError(
      `${opts.where}: an activation is serialized as ${JSON.stringify(value).slice(0, 120)}, which is code or an unknown object; ` +
        'only named activations (e.g. "relu") can be loaded.',
    );
  }
  return value;
}

function valueFromKeras(key: string, value: Json, opts: FromKerasOptions): Json {
  if (key === 'dtype' && isObject(value)) {
    const cfg = value['config'];
    return isObject(cfg) && typeof cfg['name'] === 'string' ? cfg['name'] : 'float32';
  }
  if (/Initializer$/.test(key)) return helperFromKeras(value, (s) => toCamel(s));
  if (/Regularizer$/.test(key) || /Constraint$/.test(key)) return helperFromKeras(value, (s) => s);
  if (key === 'activation' || key === 'recurrentActivation') return activationFromKeras(value, opts);
  if (key === 'dataFormat' && typeof value === 'string') return toCamel(value);
  if (Array.isArray(value)) return value.map((v) => valueFromKeras(key, v, opts));
  if (isObject(value) && typeof value['class_name'] === 'string') return layerFromKeras(value, opts);
  if (isObject(value)) return configFromKeras(value, opts);
  return value;
}

function configFromKeras(config: JsonObject, opts: FromKerasOptions): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) {
    const key = toCamel(k);
    out[key] = valueFromKeras(key, v, opts);
  }
  return out;
}

/** Keras's Lambda layer holds code; refused in safe mode, and otherwise resolved only through customObjects. */
function checkLambda(className: string, config: JsonObject, opts: FromKerasOptions): void {
  if (className !== 'Lambda') return;
  const name = typeof config['name'] === 'string' ? config['name'] : '(unnamed)';
  if (opts.safeMode) {
    throw new FluxionError(
      `${opts.where}: the config holds a Lambda layer "${name}", whose function is code stored in the file; loading code from a file is refused in safe mode. ` +
        `If you trust the file, pass {safeMode: false, customObjects: {"${name}": yourFunction}}; the stored code is never run.`,
    );
  }
}

export function layerFromKeras(spec: JsonObject, opts: FromKerasOptions): JsonObject {
  const className = spec['class_name'];
  if (typeof className !== 'string') throw new FluxionError(`${opts.where}: expected a layer as {class_name, config}, but received ${JSON.stringify(spec).slice(0, 120)}.`);
  const config = isObject(spec['config']) ? spec['config'] : {};
  checkLambda(className, config, opts);
  let out: JsonObject;
  if (className === 'Sequential') out = { className, config: sequentialFromKeras(config, opts) };
  else if (className === 'Functional' || className === 'Model') out = { className: 'Functional', config: functionalFromKeras(config, opts) };
  else if (className === 'Lambda') out = { className, config: lambdaConfig(config) };
  else out = { className, config: configFromKeras(config, opts) };
  if (typeof spec['name'] === 'string') out['name'] = spec['name'];
  if (Array.isArray(spec['inbound_nodes'])) out['inboundNodes'] = spec['inbound_nodes'].map((n) => nodeFromKeras(n, opts));
  return out;
}

/** A Lambda's config without its code: only the name of the function to take from customObjects. */
function lambdaConfig(config: JsonObject): JsonObject {
  const fn = config['function'];
  const fnName = isObject(fn) && typeof fn['config'] === 'string' && fn['class_name'] === 'function' ? fn['config'] : null;
  return { name: config['name'] ?? null, trainable: config['trainable'] ?? true, functionName: fnName };
}

function sequentialFromKeras(config: JsonObject, opts: FromKerasOptions): JsonObject {
  const layers = config['layers'];
  if (!Array.isArray(layers)) throw new FluxionError(`${opts.where}: a Sequential config needs a list "layers", but received ${describeValue(layers)}.`);
  const out: JsonObject = { name: config['name'] ?? 'sequential', trainable: config['trainable'] ?? true, layers: [] };
  const list = layers.map((l) => {
    if (!isObject(l)) throw new FluxionError(`${opts.where}: a Sequential layer must be {class_name, config}, but received ${describeValue(l)}.`);
    return layerFromKeras(l, opts);
  });
  const build = config['build_input_shape'];
  if (!list.some((l) => l['className'] === 'InputLayer') && Array.isArray(build)) {
    list.unshift({ className: 'InputLayer', config: { batchShape: build, dtype: 'float32', sparse: false, name: `${String(out['name'])}_input` } });
  }
  out['layers'] = list;
  return out;
}

function functionalFromKeras(config: JsonObject, opts: FromKerasOptions): JsonObject {
  const layers = config['layers'];
  if (!Array.isArray(layers)) throw new FluxionError(`${opts.where}: a Functional config needs a list "layers", but received ${describeValue(layers)}.`);
  return {
    name: config['name'] ?? 'functional',
    trainable: config['trainable'] ?? true,
    layers: layers.map((l) => {
      if (!isObject(l)) throw new FluxionError(`${opts.where}: a Functional layer must be {class_name, config, name, inbound_nodes}, but received ${describeValue(l)}.`);
      const out = layerFromKeras(l, opts);
      if (out['name'] === undefined && isObject(out['config'])) out['name'] = out['config']['name'] ?? null;
      if (out['inboundNodes'] === undefined) out['inboundNodes'] = [];
      return out;
    }),
    inputLayers: config['input_layers'] ?? [],
    outputLayers: config['output_layers'] ?? [],
  };
}

function refFromKeras(v: Json, opts: FromKerasOptions): Json[] {
  if (isObject(v) && v['class_name'] === '__keras_tensor__' && isObject(v['config']) && Array.isArray(v['config']['keras_history'])) {
    return v['config']['keras_history'].slice(0, 3);
  }
  throw new FluxionError(`${opts.where}: a layer call argument must be a __keras_tensor__ reference, but received ${JSON.stringify(v).slice(0, 120)}.`);
}

/** Keras 3's {args, kwargs} call, or the legacy [[name, node, tensor, kwargs], ...] list, as Fluxion's list of refs. */
function nodeFromKeras(node: Json, opts: FromKerasOptions): Json {
  if (Array.isArray(node)) return node; // the Keras 2 / tf.keras form is already Fluxion's
  if (!isObject(node)) throw new FluxionError(`${opts.where}: an inbound node must be {args, kwargs}, but received ${describeValue(node)}.`);
  const args = Array.isArray(node['args']) ? node['args'] : [];
  const kwargs = isObject(node['kwargs']) ? configFromKeras(node['kwargs'], opts) : {};
  const tensors: Json[] = [];
  for (const a of args) {
    if (Array.isArray(a)) for (const t of a) tensors.push(refFromKeras(t, opts));
    else if (isObject(a) && a['class_name'] === '__keras_tensor__') tensors.push(refFromKeras(a, opts));
  }
  // Keras passes extra tensors (e.g. MultiHeadAttention's value) as kwargs too.
  for (const [k, v] of Object.entries(isObject(node['kwargs']) ? node['kwargs'] : {})) {
    if (isObject(v) && v['class_name'] === '__keras_tensor__') {
      tensors.push(refFromKeras(v, opts));
      delete kwargs[toCamel(k)];
    }
  }
  const extra = Object.keys(kwargs).length > 0 ? kwargs : null;
  return tensors.map((t) => (extra === null ? t : [...(t as Json[]), extra]));
}

/** The whole model as Keras 3 writes config.json (without compile_config; see keras-format.ts). */
export function modelToKeras(model: Model): JsonObject {
  const spec = { className: model.getClassName(), config: model.getConfig() as JsonObject } as JsonObject;
  const out = layerToKeras(spec, model);
  if (model.isGraph()) out['build_config'] = { input_shape: model.inputs.length === 1 ? [...(model.inputs[0]?.shape ?? [])] : model.inputs.map((t) => [...t.shape]) };
  return out;
}
