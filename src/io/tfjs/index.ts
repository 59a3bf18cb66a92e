/**
 * The TensorFlow.js Layers format (model.json + weight shards). Importing this module registers
 * its routes: `model.save('file://dir' | 'http(s)://...' | ioHandler)` and
 * `fx.loadLayersModel('file://dir/model.json' | 'http(s)://...' | ioHandler)`.
 */
import { registerLoadRoute, registerSaveRoute } from '../router.js';
import {
  buildModel,
  isIOHandler,
  loadFromHandler,
  loadFromUrl,
  readFolderArtifacts,
  saveToFolder,
  saveToHandler,
  saveToUrl,
  type IOHandler,
} from './handlers.js';

export { fromMemory, http, withSaveHandler, type IOHandler, type ModelJSON } from './handlers.js';
export { modelToArtifacts, artifactsToModel, type ModelArtifacts, type ModelArtifactsInfo, type TfjsSaveResult } from './artifacts.js';
export { decodeWeights, encodeWeights, type WeightSpec, type WeightsManifestGroup, type QuantizationDType } from './weights.js';

/** 'file://...' paths of other formats' files (.keras, .h5, .safetensors) are left to those formats' routes. */
function isUrl(v: unknown, schemes: RegExp): v is string {
  return typeof v === 'string' && schemes.test(v);
}

const FILE = /^file:\/\/(?!.*\.(keras|h5|safetensors)$)/i;
const HTTP = /^https?:\/\//i;

registerSaveRoute({
  name: 'tfjs-layers',
  kind: 'model',
  accepts: "a 'file://' folder, an 'http(s)://' URL or an IO handler (TensorFlow.js Layers format)",
  matches: (t) => isUrl(t, FILE) || isUrl(t, HTTP) || isIOHandler(t),
  save: (model, target, options) => {
    if (isUrl(target, FILE)) return saveToFolder(model, target, options);
    if (isUrl(target, HTTP)) return saveToUrl(model, target, options);
    return saveToHandler(model, target as IOHandler, options);
  },
});

registerLoadRoute({
  name: 'tfjs-layers',
  kind: 'model',
  accepts: "a 'file://' path of a model.json, an 'http(s)://' URL or an IO handler (TensorFlow.js Layers format)",
  matches: (s) => isUrl(s, FILE) || isUrl(s, HTTP) || isIOHandler(s),
  load: async (source, options) => {
    const artifacts = isUrl(source, FILE) ? readFolderArtifacts(source) : isUrl(source, HTTP) ? await loadFromUrl(source, options) : await loadFromHandler(source as IOHandler);
    return buildModel(artifacts, options);
  },
});
