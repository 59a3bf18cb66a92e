/**
 * The Keras 3 `.keras` archive and `.weights.h5` files.
 *
 * A `.keras` file is a zip holding `metadata.json` ({keras_version, date_saved}), `config.json`
 * (the model as serialize_keras_object writes it, with `compile_config` when compiled) and
 * `model.weights.h5` (the variables at Keras 3's paths; see weights-layout.ts). A `.weights.h5`
 * file is that HDF5 file alone. Loading checks everything before it changes anything: the
 * archive's entries, the HDF5 structure, each group's variable count and each dataset's shape.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { FluxionError } from '../core/errors.js';
import type { Variable } from '../core/tensor.js';
import { deserializeLayer } from '../layers/registry.js';
import { Model } from '../models/model.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LoadOptions, SaveOptions } from '../io/router.js';
import { writeFileAtomic } from '../utils/atomic.js';
import { compiledOptimizer } from '../training/trainer.js';
import { compileArgsFromKeras, compileConfigOf } from './compile-config.js';
import { writeH5, withH5, type H5Reader, type H5Writer } from './h5.js';
import { isObject, layerFromKeras, modelToKeras, type Json, type JsonObject } from './keras-config.js';
import { withCustomObjects } from './lambda.js';
import { applyPending, checkPending, variableData, type PendingValue } from './variables.js';
import { weightsLayout } from './weights-layout.js';
import { unzipEntries, zipEntries } from './zip.js';

/** The Keras version whose format these files follow (written to metadata.json, as Keras does). */
export const KERAS_FORMAT_VERSION = '3.6.0';
const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';

/**
 * Runs a load, turning any error that is not already a FluxionError (a stack overflow on a deeply
 * nested config, an allocation that failed) into one that names the file.
 */
export async function asFluxionError<T>(where: string, fileName: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw new FluxionError(`${where}: ${fileName} could not be loaded (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}). The file is corrupt or describes something Fluxion cannot build.`);
  }
}

export function readInput(path: string, where: string): Uint8Array {
  if (!existsSync(path)) throw new FluxionError(`${where}: no file at ${path}.`);
  if (!statSync(path).isFile()) throw new FluxionError(`${where}: ${path} is not a file.`);
  return new Uint8Array(readFileSync(path));
}

function writeVars(w: H5Writer, base: string, vars: readonly Variable[]): void {
  w.group(base);
  vars.forEach((v, i) => w.dataset(`${base}/${i}`, variableData(v), [...v.shape]));
}

/** The bytes of model.weights.h5 for `model` (with the compiled optimizer's state when asked). */
export async function weightsH5Bytes(model: Model, includeOptimizer: boolean): Promise<Uint8Array> {
  const groups = weightsLayout(model);
  const optimizer = includeOptimizer ? compiledOptimizer(model) : null;
  return writeH5((w) => {
    for (const g of groups) writeVars(w, g.path === '' ? 'vars' : `${g.path}/vars`, g.vars);
    if (optimizer !== null) writeVars(w, 'optimizer/vars', optimizer.variables());
  });
}

function varsPath(path: string): string {
  return path === '' ? 'vars' : `${path}/vars`;
}

function readGroup(r: H5Reader, base: string, vars: readonly Variable[], owner: string, where: string, out: PendingValue[]): void {
  const keys = r.keys(base);
  if (keys.length !== vars.length) {
    throw new FluxionError(
      `${where}: ${r.fileName}: "${base}" holds ${keys.length} variable(s), but layer "${owner}" has ${vars.length} (${vars.map((v) => v.name).join(', ') || 'none'}). ` +
        'The file was saved from a different model.',
    );
  }
  vars.forEach((variable, i) => {
    const path = `${base}/${i}`;
    if (!keys.includes(String(i))) throw new FluxionError(`${where}: ${r.fileName} has no dataset "${path}" (found: ${keys.join(', ')}).`);
    const info = r.info(path);
    const pending: PendingValue = { variable, values: [], shape: info.shape, where: `dataset "${path}" of ${r.fileName}` };
    checkPending(pending, where);
    pending.values = r.read(path).values;
    out.push(pending);
  });
}

/** Reads every model variable (and the optimizer's, when `optimizer` is given and the file has them) before assigning any. */
export function readKerasWeights(r: H5Reader, model: Model, optimizer: Optimizer | null, where: string): void {
  const pending: PendingValue[] = [];
  for (const g of weightsLayout(model)) {
    const candidates = [g.path, ...g.aliases].map(varsPath);
    const base = candidates.find((p) => r.has(p));
    if (base === undefined) {
      if (g.vars.length === 0) continue;
      throw new FluxionError(
        `${where}: ${r.fileName} has no group "${candidates[0]}" for layer "${g.owner}" (${g.vars.length} variable(s)); the top-level groups are: ${r.keys('').join(', ') || 'none'}. ` +
          'The file was saved from a different model.',
      );
    }
    readGroup(r, base, g.vars, g.owner, where, pending);
  }
  if (optimizer !== null && r.has('optimizer/vars')) {
    if (!optimizer.built) optimizer.build(model.trainableWeights);
    const stored = r.keys('optimizer/vars').length;
    const expected = optimizer.variables().length;
    if (stored === expected) readGroup(r, 'optimizer/vars', optimizer.variables(), `optimizer ${optimizer.getClassName()}`, where, pending);
    else {
      // As Keras 3 does: an optimizer saved before it was built (or a different one) is skipped with a warning.
      console.warn(`${where}: ${r.fileName} holds ${stored} optimizer variable(s), but the ${optimizer.getClassName()} optimizer has ${expected}; its state was not loaded.`);
    }
  }
  applyPending(pending);
}

function metadataJson(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return JSON.stringify({ keras_version: KERAS_FORMAT_VERSION, date_saved: date });
}

/** config.json's content: the model's Keras 3 serialization plus its compile_config when compiled. */
export function kerasConfigJson(model: Model, includeOptimizer: boolean): JsonObject {
  const config = modelToKeras(model);
  const compile = includeOptimizer ? compileConfigOf(model) : null;
  config['compile_config'] = compile;
  return config;
}

export async function kerasArchiveBytes(model: Model, options: SaveOptions = {}): Promise<Uint8Array> {
  const includeOptimizer = options.includeOptimizer ?? true;
  const config = kerasConfigJson(model, includeOptimizer);
  const weights = await weightsH5Bytes(model, includeOptimizer && config['compile_config'] !== null);
  const enc = new TextEncoder();
  return zipEntries({ [METADATA]: enc.encode(metadataJson()), [CONFIG]: enc.encode(JSON.stringify(config)), [WEIGHTS]: weights });
}

function checkOverwrite(path: string, options: SaveOptions, where: string): void {
  if (options.overwrite === false && existsSync(path)) {
    throw new FluxionError(`${where}: ${path} exists and overwrite is false; pass {overwrite: true} or choose another path.`);
  }
}

export async function saveKerasArchive(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  checkOverwrite(path, options, 'Model.save');
  writeFileAtomic(path, await kerasArchiveBytes(model, options));
}

/** As Keras 3's save_weights: the model's variables and, when compiled, the optimizer's (`optimizer/vars`). */
export async function saveKerasWeights(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  checkOverwrite(path, options, 'Model.saveWeights');
  writeFileAtomic(path, await weightsH5Bytes(model, options.includeOptimizer ?? true));
}

function parseJson(bytes: Uint8Array, what: string, fileName: string, where: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new FluxionError(`${where}: ${fileName}: ${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!isObject(parsed)) throw new FluxionError(`${where}: ${fileName}: ${what} must hold a JSON object, but holds ${JSON.stringify(parsed)?.slice(0, 60)}.`);
  return parsed;
}

/** Builds the model a Keras config describes (Keras 3 or Keras 2 form), refusing code and unknown classes. */
export function modelFromKerasConfig(config: JsonObject, options: LoadOptions, where: string): Model {
  const safeMode = options.safeMode ?? true;
  const customObjects = isObject(options['customObjects'] as Json) ? (options['customObjects'] as Record<string, unknown>) : {};
  const spec = layerFromKeras(config, { safeMode, customObjects, where });
  const layer = withCustomObjects(customObjects, () => {
    try {
      return deserializeLayer(spec as { className: string; config: Record<string, unknown> });
    } catch (e) {
      if (e instanceof FluxionError) throw new FluxionError(`${where}: ${e.message}`);
      throw new FluxionError(`${where}: the config does not describe a model Fluxion can build (${e instanceof Error ? e.message : String(e)}).`);
    }
  });
  if (!(layer instanceof Model)) throw new FluxionError(`${where}: the config describes a "${String(spec['className'])}" layer, not a model.`);
  return layer;
}

export function compileFromKeras(model: Model, compileConfig: Json | undefined, options: LoadOptions, where: string): void {
  if ((options.compile ?? true) === false || !isObject(compileConfig)) return;
  model.compile(compileArgsFromKeras(compileConfig, where));
}

export async function loadKerasArchive(path: string, options: LoadOptions = {}): Promise<Model> {
  const where = 'loadModel';
  const name = basename(path);
  return asFluxionError(where, name, () => loadKerasArchiveUnchecked(path, name, where, options));
}

async function loadKerasArchiveUnchecked(path: string, name: string, where: string, options: LoadOptions): Promise<Model> {
  const entries = unzipEntries(readInput(path, where), name, where);
  const configBytes = entries[CONFIG];
  const weightBytes = entries[WEIGHTS];
  if (configBytes === undefined) throw new FluxionError(`${where}: ${name} has no ${CONFIG}; a .keras archive holds ${CONFIG}, ${METADATA} and ${WEIGHTS}.`);
  if (weightBytes === undefined) throw new FluxionError(`${where}: ${name} has no ${WEIGHTS}; a .keras archive holds ${CONFIG}, ${METADATA} and ${WEIGHTS}.`);
  const config = parseJson(configBytes, CONFIG, name, where);
  const model = modelFromKerasConfig(config, options, where);
  compileFromKeras(model, config['compile_config'], options, where);
  await withH5(weightBytes, `${name}/${WEIGHTS}`, where, (r) => readKerasWeights(r, model, compiledOptimizer(model), where));
  return model;
}

/** Loads weights from a `.weights.h5` file or from the weights inside a `.keras` archive (and the optimizer state, when the model is compiled and the file has it). */
export async function loadKerasWeightsInto(model: Model, path: string): Promise<Model> {
  const where = 'Model.loadWeights';
  return asFluxionError(where, basename(path), () => loadKerasWeightsUnchecked(model, path, where));
}

async function loadKerasWeightsUnchecked(model: Model, path: string, where: string): Promise<Model> {
  const name = basename(path);
  const bytes = readInput(path, where);
  if (path.endsWith('.keras')) {
    const w = unzipEntries(bytes, name, where)[WEIGHTS];
    if (w === undefined) throw new FluxionError(`${where}: ${name} has no ${WEIGHTS}.`);
    await withH5(w, `${name}/${WEIGHTS}`, where, (r) => readKerasWeights(r, model, compiledOptimizer(model), where));
  } else {
    await withH5(bytes, name, where, (r) => readKerasWeights(r, model, compiledOptimizer(model), where));
  }
  return model;
}
