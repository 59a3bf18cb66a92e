/**
 * The Keras-side formats' routes: `.keras` archives, `.weights.h5` weights, legacy Keras 2 `.h5`
 * whole-model files, and `.safetensors` weights. Importing this module registers them with the
 * io router (src/index.ts does, once).
 */
import { FluxionError } from '../core/errors.js';
import { registerLoadRoute, registerSaveRoute, type LoadOptions, type SaveOptions } from '../io/router.js';
import type { Model } from '../models/model.js';
import { asFluxionError, loadKerasArchive, loadKerasWeightsInto, saveKerasArchive, saveKerasWeights } from './keras-format.js';
import { loadLegacyH5, saveLegacyH5 } from './legacy-h5.js';
import { loadSafetensorsInto, saveSafetensorsSync } from './safetensors.js';

function pathEnding(target: unknown, ...suffixes: string[]): target is string {
  return typeof target === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && suffixes.some((s) => target.toLowerCase().endsWith(s));
}

const isLegacyH5 = (t: unknown): t is string => pathEnding(t, '.h5', '.hdf5') && !pathEnding(t, '.weights.h5');

/** A route of this module: a path ending picks it, for saving and for loading. */
interface PathRoute {
  name: string;
  kind: 'model' | 'weights';
  accepts: string;
  matches: (target: unknown) => target is string;
  format: string;
  save: (model: Model, path: string, options: SaveOptions) => Promise<void> | void;
  load?: (path: string, options: LoadOptions) => Promise<Model>;
  loadInto?: (model: Model, path: string) => Promise<Model>;
  /** Where loading takes more than saving writes (Model.loadWeights also reads a .keras archive's weights). */
  loadAccepts?: string;
  loadMatches?: (source: unknown) => boolean;
}

const ROUTES: PathRoute[] = [
  {
    name: 'keras',
    kind: 'model',
    accepts: 'a path ending in .keras (Keras 3 archive)',
    matches: (t): t is string => pathEnding(t, '.keras'),
    format: 'keras',
    save: saveKerasArchive,
    load: loadKerasArchive,
  },
  {
    name: 'keras-h5-legacy',
    kind: 'model',
    accepts: 'a path ending in .h5 (Keras 2 HDF5 model)',
    matches: isLegacyH5,
    format: 'h5',
    save: saveLegacyH5,
    load: loadLegacyH5,
  },
  {
    name: 'keras-weights',
    kind: 'weights',
    accepts: 'a path ending in .weights.h5 (Keras 3 weights)',
    matches: (t): t is string => pathEnding(t, '.weights.h5'),
    format: 'weights.h5',
    save: saveKerasWeights,
    loadInto: loadKerasWeightsInto,
    loadAccepts: 'a path ending in .weights.h5 or .keras',
    loadMatches: (s) => pathEnding(s, '.weights.h5', '.keras'),
  },
  {
    name: 'safetensors',
    kind: 'weights',
    accepts: 'a path ending in .safetensors',
    matches: (t): t is string => pathEnding(t, '.safetensors'),
    format: 'safetensors',
    save: (model, path) => saveSafetensorsSync(model, path),
    loadInto: async (model, path) => {
      await asFluxionError('Model.loadWeights', path, () => loadSafetensorsInto(model, path));
      return model;
    },
  },
];

for (const r of ROUTES) {
  registerSaveRoute({
    name: r.name,
    kind: r.kind,
    accepts: r.accepts,
    matches: r.matches,
    save: async (model, target, options) => {
      await r.save(model, target as string, options);
      return { format: r.format, location: target as string };
    },
  });
  const { load, loadInto } = r;
  registerLoadRoute({
    name: r.name,
    kind: r.kind,
    accepts: r.loadAccepts ?? r.accepts,
    matches: r.loadMatches ?? r.matches,
    load: async (source, options, into) => {
      if (load !== undefined) return load(source as string, options);
      if (into === undefined || loadInto === undefined) throw new FluxionError('Model.loadWeights: no model to load the weights into.');
      return loadInto(into, source as string);
    },
  });
}

export { loadSafetensors, saveSafetensors } from './safetensors.js';
