/**
 * fx.io: saving and loading models and weights. The routes of each format register themselves in
 * ./router.ts; `model.save(target)`, `fx.models.loadModel(source)` and `fx.loadLayersModel(source)`
 * go through them.
 */
import type { Model } from '../models/model.js';
import { loadModel, type LoadOptions } from './router.js';
export {
  fromMemory,
  http,
  withSaveHandler,
  decodeWeights as decodeTfjsWeights,
  encodeWeights as encodeTfjsWeights,
  type IOHandler,
  type ModelArtifacts,
  type ModelArtifactsInfo,
  type ModelJSON,
  type TfjsSaveResult,
  type WeightSpec,
  type WeightsManifestGroup,
} from './tfjs/index.js';

export {
  listRoutes,
  loadModel,
  registerLoadRoute,
  registerSaveRoute,
  type LoadOptions,
  type LoadRoute,
  type RouteKind,
  type SaveOptions,
  type SaveResult,
  type SaveRoute,
} from './router.js';

/** TensorFlow.js's name for loading a model (`file://.../model.json`, `http(s)://` URLs, IO handlers, `.keras` paths). */
export function loadLayersModel(source: unknown, options: LoadOptions = {}): Promise<Model> {
  return loadModel(source, options);
}

export { loadSafetensors, saveSafetensors } from '../saving/safetensors.js';
