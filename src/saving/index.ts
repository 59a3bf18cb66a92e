/**
 * The Keras-side formats' routes: `.keras` archives, `.weights.h5` weights, legacy Keras 2 `.h5`
 * whole-model files, and `.safetensors` weights. Importing this module registers them with the
 * io router (src/index.ts does, once).
 */
import { FluxionError } from '../core/errors.js';
import { registerLoadRoute, registerSaveRoute } from '../io/router.js';
import { asFluxionError, loadKerasArchive, loadKerasWeightsInto, saveKerasArchive, saveKerasWeights } from './keras-format.js';
import { loadLegacyH5, saveLegacyH5 } from './legacy-h5.js';
import { loadSafetensorsInto, saveSafetensorsSync } from './safetensors.js';

function pathEnding(target: unknown, ...suffixes: string[]): target is string {
  return typeof target === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && suffixes.some((s) => target.toLowerCase().endsWith(s));
}

const isLegacyH5 = (t: unknown): t is string => pathEnding(t, '.h5', '.hdf5') && !pathEnding(t, '.weights.h5');

registerSaveRoute({
  name: 'keras',
  kind: 'model',
  accepts: 'a path ending in .keras (Keras 3 archive)',
  matches: (t) => pathEnding(t, '.keras'),
  save: async (model, target, options) => {
    await saveKerasArchive(model, target as string, options);
    return { format: 'keras', location: target as string };
  },
});

registerSaveRoute({
  name: 'keras-h5-legacy',
  kind: 'model',
  accepts: 'a path ending in .h5 (Keras 2 HDF5 model)',
  matches: isLegacyH5,
  save: async (model, target, options) => {
    await saveLegacyH5(model, target as string, options);
    return { format: 'h5', location: target as string };
  },
});

registerSaveRoute({
  name: 'keras-weights',
  kind: 'weights',
  accepts: 'a path ending in .weights.h5 (Keras 3 weights)',
  matches: (t) => pathEnding(t, '.weights.h5'),
  save: async (model, target, options) => {
    await saveKerasWeights(model, target as string, options);
    return { format: 'weights.h5', location: target as string };
  },
});

registerSaveRoute({
  name: 'safetensors',
  kind: 'weights',
  accepts: 'a path ending in .safetensors',
  matches: (t) => pathEnding(t, '.safetensors'),
  save: async (model, target) => {
    saveSafetensorsSync(model, target as string);
    return { format: 'safetensors', location: target as string };
  },
});

registerLoadRoute({
  name: 'keras',
  kind: 'model',
  accepts: 'a path ending in .keras (Keras 3 archive)',
  matches: (s) => pathEnding(s, '.keras'),
  load: (source, options) => loadKerasArchive(source as string, options),
});

registerLoadRoute({
  name: 'keras-h5-legacy',
  kind: 'model',
  accepts: 'a path ending in .h5 (Keras 2 HDF5 model)',
  matches: isLegacyH5,
  load: (source, options) => loadLegacyH5(source as string, options),
});

registerLoadRoute({
  name: 'keras-weights',
  kind: 'weights',
  accepts: 'a path ending in .weights.h5 or .keras',
  matches: (s) => pathEnding(s, '.weights.h5', '.keras'),
  load: async (source, _options, into) => {
    if (into === undefined) throw new FluxionError('Model.loadWeights: no model to load the weights into.');
    return loadKerasWeightsInto(into, source as string);
  },
});

registerLoadRoute({
  name: 'safetensors',
  kind: 'weights',
  accepts: 'a path ending in .safetensors',
  matches: (s) => pathEnding(s, '.safetensors'),
  load: async (source, _options, into) => {
    if (into === undefined) throw new FluxionError('Model.loadWeights: no model to load the weights into.');
    await asFluxionError('Model.loadWeights', String(source), () => loadSafetensorsInto(into, source as string));
    return into;
  },
});

export { loadSafetensors, saveSafetensors } from './safetensors.js';
