/**
 * Where TensorFlow.js Layers models are written to and read from: `file://` folders (model.json
 * and 4 MB weight shards), `http(s)://` URLs (fetch; saving POSTs multipart form data as
 * TensorFlow.js's http handler does) and IO handlers (any object with `save`/`load`, including
 * fx.io.fromMemory and fx.io.withSaveHandler).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../callbacks/checkpoint.js';
import { describeValue, FluxionError } from '../../core/errors.js';
import type { Model } from '../../models/model.js';
import type { LoadOptions, SaveOptions, SaveResult } from '../router.js';
import { artifactsInfo, artifactsToModel, GENERATED_BY, modelToArtifacts, weightBytes, type ModelArtifacts, type TfjsSaveResult } from './artifacts.js';
import { concatBytes, parseManifest, quantizationFromOptions, shardData, shardNames, storedByteLength, DEFAULT_SHARD_BYTES, type WeightsManifestGroup } from './weights.js';

/** TensorFlow.js's IOHandler: an object that saves and/or loads model artifacts. */
export interface IOHandler {
  save?: (artifacts: ModelArtifacts) => Promise<TfjsSaveResult>;
  load?: () => Promise<ModelArtifacts>;
}

/** The model.json file (TensorFlow.js's ModelJSON). */
export interface ModelJSON {
  modelTopology: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: WeightsManifestGroup[];
  trainingConfig?: object;
  userDefinedMetadata?: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isIOHandler(v: unknown): v is IOHandler {
  return isRecord(v) && (typeof v['save'] === 'function' || typeof v['load'] === 'function') && !(typeof v['predict'] === 'function');
}

/** fx.io.fromMemory(artifacts) or fromMemory(topology, weightSpecs, weightData, trainingConfig), as TensorFlow.js. */
export function fromMemory(modelArtifacts: ModelArtifacts | object, weightSpecs?: unknown[], weightData?: ArrayBuffer | ArrayBuffer[], trainingConfig?: object): IOHandler {
  const looksLikeArtifacts = isRecord(modelArtifacts) && ('modelTopology' in modelArtifacts || 'weightSpecs' in modelArtifacts || 'weightData' in modelArtifacts);
  const artifacts: ModelArtifacts =
    looksLikeArtifacts && weightSpecs === undefined
      ? (modelArtifacts as ModelArtifacts)
      : {
          modelTopology: modelArtifacts,
          ...(weightSpecs === undefined ? {} : { weightSpecs: weightSpecs as ModelArtifacts['weightSpecs'] }),
          ...(weightData === undefined ? {} : { weightData }),
          ...(trainingConfig === undefined ? {} : { trainingConfig }),
        };
  return { load: () => Promise.resolve(artifacts) };
}

/** fx.io.withSaveHandler(async (artifacts) => result): an IOHandler whose save calls the function. */
export function withSaveHandler(saveHandler: (artifacts: ModelArtifacts) => Promise<TfjsSaveResult>): IOHandler {
  if (typeof saveHandler !== 'function') throw new FluxionError(`withSaveHandler: expected a function (artifacts) => Promise<SaveResult>, but received ${describeValue(saveHandler)}.`);
  return { save: saveHandler };
}

// ---------------------------------------------------------------- model.json

/** model.json for artifacts whose weights are stored at `paths`. */
export function modelJsonFor(artifacts: ModelArtifacts, paths: string[]): ModelJSON {
  const json: ModelJSON = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? GENERATED_BY,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

function parseModelJson(text: string, where: string, source: string): ModelJSON {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FluxionError(`${where}: ${source} is not valid JSON (${(e as Error).message}); expected a TensorFlow.js model.json.`);
  }
  if (!isRecord(raw) || raw['modelTopology'] === undefined || raw['modelTopology'] === null) {
    throw new FluxionError(`${where}: ${source} has no modelTopology; expected a TensorFlow.js Layers model.json ({format, modelTopology, weightsManifest}).`);
  }
  if (raw['format'] !== undefined && raw['format'] !== 'layers-model') {
    throw new FluxionError(`${where}: ${source} has format ${JSON.stringify(raw['format'])}; Fluxion reads TensorFlow.js Layers models (format 'layers-model'), not graph models.`);
  }
  return { ...(raw as unknown as ModelJSON), weightsManifest: parseManifest(raw['weightsManifest'] ?? [], where) };
}

function artifactsFromJson(json: ModelJSON, data: Uint8Array): ModelArtifacts {
  const artifacts: ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
  return artifacts;
}

/** Bytes the manifest needs, so that shards can be checked before being concatenated. */
function manifestBytes(manifest: WeightsManifestGroup[], where: string): number {
  return manifest.reduce((n, g) => n + g.weights.reduce((m, w) => m + storedByteLength(w, where), 0), 0);
}

// ---------------------------------------------------------------- file://

const FILE_SCHEME = 'file://';

function filePath(url: string): string {
  return url.slice(FILE_SCHEME.length);
}

/** The shard's path, refused unless it stays inside the model's folder. */
export function shardPath(folder: string, path: string, where: string): string {
  if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('\0')) {
    throw new FluxionError(`${where}: the weights manifest names the shard "${path}", an absolute path or URL; shard paths must be relative to the model.json folder.`);
  }
  const full = resolve(folder, path);
  const rel = relative(resolve(folder), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new FluxionError(`${where}: the weights manifest names the shard "${path}", which points outside the model folder ${folder}; shard paths must stay inside it.`);
  }
  return full;
}

export async function saveToFolder(model: Model, url: string, options: SaveOptions): Promise<SaveResult> {
  const where = 'Model.save';
  const target = filePath(url);
  const folder = target.endsWith('.json') ? dirname(target) : target;
  const jsonName = target.endsWith('.json') ? target.slice(folder.length + 1) : 'model.json';
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new FluxionError(`${where}: ${url} names the file ${folder}; the TensorFlow.js format writes a folder (model.json + weight shards). Give a folder path.`);
  }
  if (options.overwrite === false && existsSync(join(folder, jsonName))) {
    throw new FluxionError(`${where}: ${join(folder, jsonName)} exists and overwrite is false.`);
  }
  const shardBytes = options['shardSizeBytes'] ?? DEFAULT_SHARD_BYTES;
  if (!Number.isSafeInteger(shardBytes) || (shardBytes as number) <= 0) throw new FluxionError(`${where}: shardSizeBytes must be a positive integer, but received ${describeValue(shardBytes)}.`);
  const artifacts = modelToArtifacts(model, quantizationFromOptions(options, where), options.includeOptimizer !== false);
  const data = weightBytes(artifacts.weightData, where);
  const shards = shardData(data, shardBytes as number);
  const names = shardNames(shards.length);
  mkdirSync(folder, { recursive: true });
  shards.forEach((shard, i) => writeFileAtomic(join(folder, names[i] as string), shard));
  // model.json last, so that a reader never sees a model.json whose shards are not yet written.
  writeFileAtomic(join(folder, jsonName), JSON.stringify(modelJsonFor(artifacts, names)));
  return Promise.resolve({ format: 'tfjs-layers', location: join(folder, jsonName), modelArtifactsInfo: artifactsInfo(artifacts, data.byteLength) });
}

export function readFolderArtifacts(url: string, where = 'loadLayersModel'): ModelArtifacts {
  let target = filePath(url);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'model.json');
  if (!existsSync(target)) throw new FluxionError(`${where}: ${target} does not exist; expected the path of a TensorFlow.js model.json (file://path/to/model.json).`);
  const json = parseModelJson(readFileSync(target, 'utf8'), where, target);
  const folder = dirname(target);
  const needed = manifestBytes(json.weightsManifest, where);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      const full = shardPath(folder, p, where);
      if (!existsSync(full) || !statSync(full).isFile()) throw new FluxionError(`${where}: the weight shard ${full} named in ${target} does not exist.`);
      total += statSync(full).size;
      // Refuse before reading when the shards hold more than the manifest describes.
      if (total > needed) {
        throw new FluxionError(`${where}: the weight shards of ${target} hold more bytes (at least ${total}) than its weights manifest describes (${needed}); the shards do not belong to this model.json.`);
      }
      parts.push(new Uint8Array(readFileSync(full)));
    }
  }
  return artifactsFromJson(json, concatBytes(parts));
}

// ---------------------------------------------------------------- http(s)://

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

function fetchFunction(options: Record<string, unknown>, where: string): FetchFn {
  const f = options['fetchFunc'] ?? globalThis.fetch;
  if (typeof f !== 'function') throw new FluxionError(`${where}: no fetch function; pass fetchFunc (a function like fetch) in the options.`);
  return f as FetchFn;
}

function requestInit(options: Record<string, unknown>, where: string): RequestInit {
  const init = options['requestInit'] ?? {};
  if (!isRecord(init)) throw new FluxionError(`${where}: requestInit must be an object (fetch's RequestInit), but received ${describeValue(init)}.`);
  return init as RequestInit;
}

async function fetchOk(fetchFn: FetchFn, url: string, init: RequestInit, where: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (e) {
    throw new FluxionError(`${where}: fetching ${url} failed (${(e as Error).message}).`);
  }
  if (!response.ok) throw new FluxionError(`${where}: fetching ${url} failed with HTTP status ${response.status}.`);
  return response;
}

export async function loadFromUrl(url: string, options: LoadOptions, where = 'loadLayersModel'): Promise<ModelArtifacts> {
  const fetchFn = fetchFunction(options, where);
  const init = requestInit(options, where);
  const response = await fetchOk(fetchFn, url, init, where);
  const json = parseModelJson(await response.text(), where, url);
  const lastSlash = url.lastIndexOf('/');
  const lastQuery = url.lastIndexOf('?');
  const prefix = typeof options['weightPathPrefix'] === 'string' ? options['weightPathPrefix'] : url.slice(0, lastSlash + 1);
  const suffix = lastQuery > lastSlash ? url.slice(lastQuery) : '';
  const converter = options['weightUrlConverter'];
  const needed = manifestBytes(json.weightsManifest, where);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      const shardUrl = typeof converter === 'function' ? String(await (converter as (path: string) => Promise<string> | string)(p)) : prefix + p + suffix;
      const bytes = new Uint8Array(await (await fetchOk(fetchFn, shardUrl, init, where)).arrayBuffer());
      total += bytes.byteLength;
      if (total > needed) throw new FluxionError(`${where}: the weight shards of ${url} hold more bytes (at least ${total}) than its weights manifest describes (${needed}).`);
      parts.push(bytes);
    }
  }
  return artifactsFromJson(json, concatBytes(parts));
}

/** Saving to a URL: a POST of multipart form data with model.json and model.weights.bin (TensorFlow.js's http handler). */
export async function saveToUrl(model: Model, url: string, options: SaveOptions): Promise<SaveResult> {
  const where = 'Model.save';
  const artifacts = modelToArtifacts(model, quantizationFromOptions(options, where), options.includeOptimizer !== false);
  const { info, response } = await postArtifacts(artifacts, url, options, where);
  return { format: 'tfjs-layers', location: url, modelArtifactsInfo: info, responses: [response] };
}

async function postArtifacts(artifacts: ModelArtifacts, url: string, options: Record<string, unknown>, where: string): Promise<{ info: ReturnType<typeof artifactsInfo>; response: Response }> {
  const data = weightBytes(artifacts.weightData, where);
  const form = new FormData();
  form.append('model.json', new Blob([JSON.stringify(modelJsonFor(artifacts, ['./model.weights.bin']))], { type: 'application/json' }), 'model.json');
  form.append('model.weights.bin', new Blob([data], { type: 'application/octet-stream' }), 'model.weights.bin');
  const init = requestInit(options, where);
  const response = await fetchOk(fetchFunction(options, where), url, { method: 'POST', ...init, body: form }, where);
  return { info: artifactsInfo(artifacts, data.byteLength), response };
}

// ---------------------------------------------------------------- IO handlers

/**
 * fx.io.http(url, options): TensorFlow.js's http IO handler; load() fetches model.json and its
 * shards, save(artifacts) POSTs them (options: fetchFunc, requestInit, weightPathPrefix,
 * weightUrlConverter).
 */
export function http(url: string, options: Record<string, unknown> = {}): IOHandler & { url: string } {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new FluxionError(`io.http: expected an http:// or https:// URL, but received ${describeValue(url)}.`);
  return {
    url,
    load: () => loadFromUrl(url, options),
    save: async (artifacts: ModelArtifacts) => {
      const result = await postArtifacts(artifacts, url, options, 'io.http');
      return { modelArtifactsInfo: result.info, responses: [result.response] };
    },
  };
}

export async function saveToHandler(model: Model, handler: IOHandler, options: SaveOptions): Promise<SaveResult> {
  const where = 'Model.save';
  if (typeof handler.save !== 'function') throw new FluxionError(`${where}: the IO handler has no save method; use fx.io.withSaveHandler(fn) or an object with save(artifacts).`);
  const artifacts = modelToArtifacts(model, quantizationFromOptions(options, where), options.includeOptimizer !== false);
  const result = await handler.save(artifacts);
  return { format: 'tfjs-layers', ...(isRecord(result) ? result : { result }) };
}

export async function loadFromHandler(handler: IOHandler, where = 'loadLayersModel'): Promise<ModelArtifacts> {
  if (typeof handler.load !== 'function') throw new FluxionError(`${where}: the IO handler has no load method; use fx.io.fromMemory(artifacts) or an object with load().`);
  const artifacts = await handler.load();
  if (!isRecord(artifacts)) throw new FluxionError(`${where}: the IO handler's load() resolved to ${describeValue(artifacts)}, not model artifacts.`);
  return artifacts;
}

export function buildModel(artifacts: ModelArtifacts, options: LoadOptions): Model {
  const strict = options['strict'];
  if (strict !== undefined && typeof strict !== 'boolean') throw new FluxionError(`loadLayersModel: strict must be a boolean, but received ${describeValue(strict)}.`);
  return artifactsToModel(artifacts, { strict: strict ?? true, safeMode: options.safeMode ?? true, compile: options.compile ?? true });
}
