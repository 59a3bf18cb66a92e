/**
 * Keras 2 (tf.keras) whole-model `.h5` files: root attributes `model_config` (the model as JSON, in
 * Keras 2's form: {class_name, config} without module, dtype as a string, inbound_nodes as
 * [[layer, node, tensor, kwargs], ...]) and `training_config`, and a group `model_weights` whose
 * attribute `layer_names` lists the layers and, per layer group, `weight_names` lists the
 * datasets (`dense/kernel:0`) in the layer's weight order. Loading matches layers by name.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { FluxionError } from '../core/errors.js';
import type { LoadOptions, SaveOptions } from '../io/router.js';
import type { Model } from '../models/model.js';
import { writeFileAtomic } from '../utils/atomic.js';
import { compileConfigOf } from './compile-config.js';
import { withH5, writeH5, type H5Reader } from './h5.js';
import { isObject, modelToKeras, type Json, type JsonObject } from './keras-config.js';
import { asFluxionError, compileFromKeras, modelFromKerasConfig, readInput } from './keras-format.js';
import { applyPending, checkPending, variableData, type PendingValue } from './variables.js';

/** Keras 3's serialization in Keras 2's form (what tf.keras wrote into model_config). */
export function toLegacyConfig(v: Json): Json {
  if (Array.isArray(v)) return v.map(toLegacyConfig);
  if (!isObject(v)) return v;
  if (v['class_name'] === 'DTypePolicy' && isObject(v['config'])) return v['config']['name'] ?? 'float32';
  if (v['class_name'] === '__keras_tensor__' && isObject(v['config'])) return v['config']['keras_history'] ?? null;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'module' || k === 'registered_name' || k === 'build_config' || k === 'compile_config') continue;
    if (k === 'inbound_nodes' && Array.isArray(x)) {
      out[k] = x.map((node) => {
        if (!isObject(node)) return node;
        const kwargs = isObject(node['kwargs']) ? node['kwargs'] : {};
        const args = Array.isArray(node['args']) ? node['args'] : [];
        const refs = args.flatMap((a) => (Array.isArray(a) && !isObject(a[0]) && typeof a[0] === 'string' ? [a] : Array.isArray(a) ? a : [a]));
        return refs.map((r) => {
          const hist = toLegacyConfig(r);
          return Array.isArray(hist) ? [...hist.slice(0, 3), kwargs] : hist;
        });
      });
      continue;
    }
    out[k] = toLegacyConfig(x);
  }
  return out;
}

export async function legacyH5Bytes(model: Model, options: SaveOptions = {}): Promise<Uint8Array> {
  const config = toLegacyConfig(modelToKeras(model));
  const compile = (options.includeOptimizer ?? true) ? compileConfigOf(model) : null;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  return writeH5((w) => {
    w.attr('', 'keras_version', 'fluxion-0.1.0');
    w.attr('', 'backend', 'tensorflow');
    w.attr('', 'model_config', JSON.stringify(config));
    if (compile !== null) {
      const opt = compile['optimizer'] as JsonObject;
      const training = { loss: compile['loss'] ?? null, metrics: compile['metrics'] ?? null, loss_weights: compile['loss_weights'] ?? null, optimizer_config: { class_name: opt['class_name'] ?? null, config: opt['config'] ?? {} } };
      w.attr('', 'training_config', JSON.stringify(training));
    }
    w.group('model_weights');
    w.attr('model_weights', 'layer_names', layers.map((l) => l.name));
    w.attr('model_weights', 'keras_version', 'fluxion-0.1.0');
    w.attr('model_weights', 'backend', 'tensorflow');
    for (const layer of layers) {
      const g = `model_weights/${layer.name}`;
      w.group(g);
      const names = layer.weights.map((v) => `${v.name}:0`);
      // An empty list cannot be stored as an HDF5 string attribute; a layer without weights gets none.
      if (names.length > 0) w.attr(g, 'weight_names', names);
      layer.weights.forEach((v, i) => w.dataset(`${g}/${names[i]}`, variableData(v), [...v.shape]));
    }
  });
}

export async function saveLegacyH5(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  if (options.overwrite === false) {
    if (existsSync(path)) throw new FluxionError(`Model.save: ${path} exists and overwrite is false; pass {overwrite: true} or choose another path.`);
  }
  writeFileAtomic(path, await legacyH5Bytes(model, options));
}

function stringList(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return null;
}

function parseAttrJson(r: H5Reader, name: string, where: string): JsonObject | null {
  const raw = r.attr('', name);
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new FluxionError(`${where}: ${r.fileName}: the root attribute "${name}" must be a JSON string, but is ${typeof raw}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new FluxionError(`${where}: ${r.fileName}: the root attribute "${name}" is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!isObject(parsed)) throw new FluxionError(`${where}: ${r.fileName}: the root attribute "${name}" must hold a JSON object.`);
  return parsed;
}

function readLegacyWeights(r: H5Reader, model: Model, where: string): void {
  const root = r.has('model_weights') ? 'model_weights' : '';
  const layerNames = stringList(r.attr(root, 'layer_names'));
  if (layerNames === null) throw new FluxionError(`${where}: ${r.fileName} has no "layer_names" attribute on ${root === '' ? 'its root' : `"${root}"`}; it is not a Keras 2 HDF5 file.`);
  const pending: PendingValue[] = [];
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    if (!layerNames.includes(layer.name)) {
      throw new FluxionError(`${where}: ${r.fileName} has no weights for layer "${layer.name}" (${weights.length} weight(s)); its layers are: ${layerNames.join(', ')}.`);
    }
    const g = root === '' ? layer.name : `${root}/${layer.name}`;
    const names = stringList(r.attr(g, 'weight_names')) ?? [];
    if (names.length !== weights.length) {
      throw new FluxionError(`${where}: ${r.fileName}: layer "${layer.name}" has ${names.length} weight(s) in the file, but ${weights.length} in the model (${weights.map((w) => w.name).join(', ')}).`);
    }
    names.forEach((wn, i) => {
      const path = `${g}/${wn}`;
      if (!r.isDataset(path)) throw new FluxionError(`${where}: ${r.fileName} lists weight "${wn}" for layer "${layer.name}", but has no dataset "${path}".`);
      const info = r.info(path);
      const p: PendingValue = { variable: weights[i] as PendingValue['variable'], values: [], shape: info.shape, where: `dataset "${path}" of ${r.fileName}` };
      checkPending(p, where);
      p.values = r.read(path).values;
      pending.push(p);
    });
  }
  applyPending(pending);
}

export async function loadLegacyH5(path: string, options: LoadOptions = {}): Promise<Model> {
  const where = 'loadModel';
  const name = basename(path);
  return asFluxionError(where, name, () => withH5(readInput(path, where), name, where, (r) => {
    const config = parseAttrJson(r, 'model_config', where);
    if (config === null) {
      throw new FluxionError(`${where}: ${name} has no "model_config" attribute, so it holds weights only; build the model and call model.loadWeights instead.`);
    }
    const model = modelFromKerasConfig(config, options, where);
    const training = parseAttrJson(r, 'training_config', where);
    if (training !== null) compileFromKeras(model, training, options, where);
    readLegacyWeights(r, model, where);
    return model;
  }));
}
