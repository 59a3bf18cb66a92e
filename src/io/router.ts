/**
 * Where `model.save`, `model.saveWeights`, `model.loadWeights`, `fx.models.loadModel` and
 * `fx.loadLayersModel` send their work. Each format (the Keras 3 `.keras` archive and `.h5` files,
 * the TensorFlow.js Layers format with its `file://` / `http(s)://` URLs and IO handlers, ...)
 * registers routes here from its own module; the first route whose `matches` accepts the target
 * handles it. Nothing here knows a format, so formats stay independent of one another.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Model } from '../models/model.js';

/** Options of `model.save` (Keras 3 and TensorFlow.js names). */
export interface SaveOptions {
  /** Save the optimizer's state beside the weights, so that training resumes exactly (default true). */
  includeOptimizer?: boolean;
  /** Replace an existing file (default true, as Keras 3). */
  overwrite?: boolean;
  /** Route-specific settings (e.g. TensorFlow.js's weight quantization). */
  [option: string]: unknown;
}

/** Options of `fx.models.loadModel` / `fx.loadLayersModel`. */
export interface LoadOptions {
  /** Refuse configs that name code (Lambda layers) or unknown classes (default true, as Keras 3). */
  safeMode?: boolean;
  /** Compile the model with the saved training config, when the file has one (default true). */
  compile?: boolean;
  /** Route-specific settings (e.g. TensorFlow.js's `strict`, `weightPathPrefix`, `fetchFunc`). */
  [option: string]: unknown;
}

/** What a save reports: the format and where it went; routes may add fields (e.g. modelArtifactsInfo). */
export interface SaveResult {
  format: string;
  location?: string;
  [detail: string]: unknown;
}

export type RouteKind = 'model' | 'weights';

export interface SaveRoute {
  /** A short name for messages: 'keras', 'tfjs-layers', ... */
  name: string;
  kind: RouteKind;
  /** What targets this route takes, for the message when none matches (e.g. 'a path ending in .keras'). */
  accepts: string;
  matches(target: unknown): boolean;
  save(model: Model, target: unknown, options: SaveOptions): Promise<SaveResult>;
}

export interface LoadRoute {
  name: string;
  kind: RouteKind;
  accepts: string;
  matches(source: unknown): boolean;
  /** For kind 'model': returns a new Model. For kind 'weights': loads into `into` and returns it. */
  load(source: unknown, options: LoadOptions, into?: Model): Promise<Model>;
}

const saveRoutes: SaveRoute[] = [];
const loadRoutes: LoadRoute[] = [];

export function registerSaveRoute(route: SaveRoute): void {
  if (saveRoutes.some((r) => r.name === route.name && r.kind === route.kind)) return;
  saveRoutes.push(route);
}

export function registerLoadRoute(route: LoadRoute): void {
  if (loadRoutes.some((r) => r.name === route.name && r.kind === route.kind)) return;
  loadRoutes.push(route);
}

function noRoute(where: string, target: unknown, accepted: string[]): FluxionError {
  const list = accepted.length > 0 ? accepted.join('; ') : 'no format is registered';
  return new FluxionError(`${where}: cannot handle ${describeValue(target)}; expected ${list}.`);
}

export async function saveModel(model: Model, target: unknown, options: SaveOptions = {}, kind: RouteKind = 'model'): Promise<SaveResult> {
  const routes = saveRoutes.filter((r) => r.kind === kind);
  const route = routes.find((r) => r.matches(target));
  const where = kind === 'model' ? 'Model.save' : 'Model.saveWeights';
  if (!route) throw noRoute(where, target, routes.map((r) => r.accepts));
  return route.save(model, target, options);
}

export async function loadModel(source: unknown, options: LoadOptions = {}): Promise<Model> {
  const routes = loadRoutes.filter((r) => r.kind === 'model');
  const route = routes.find((r) => r.matches(source));
  if (!route) throw noRoute('loadModel', source, routes.map((r) => r.accepts));
  return route.load(source, options);
}

export async function loadWeightsInto(model: Model, source: unknown, options: LoadOptions = {}): Promise<Model> {
  const routes = loadRoutes.filter((r) => r.kind === 'weights');
  const route = routes.find((r) => r.matches(source));
  if (!route) throw noRoute('Model.loadWeights', source, routes.map((r) => r.accepts));
  return route.load(source, options, model);
}

/** The registered routes (for tests and error messages). */
export function listRoutes(): { save: readonly SaveRoute[]; load: readonly LoadRoute[] } {
  return { save: saveRoutes, load: loadRoutes };
}
