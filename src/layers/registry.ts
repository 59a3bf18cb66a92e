/**
 * The registry of serializable classes (layers, and later losses/metrics/optimizers):
 * getConfig() gives {className, config}; deserialize() finds the class by name. Saving and
 * loading build on it, so only registered classes can ever be instantiated from a file.
 */
import { FluxionError } from '../core/errors.js';
import type { Layer } from './layer.js';

export type LayerFactory = (config: Record<string, unknown>) => Layer;

const layers = new Map<string, LayerFactory>();

export function registerLayer(className: string, factory: LayerFactory): void {
  layers.set(className, factory);
}

export function registeredLayerClasses(): string[] {
  return [...layers.keys()].sort();
}

export function serializeLayer(layer: Layer): { className: string; config: Record<string, unknown> } {
  return { className: layer.getClassName(), config: layer.getConfig() };
}

export function deserializeLayer(spec: { className: string; config?: Record<string, unknown> }): Layer {
  const factory = layers.get(spec.className);
  if (factory === undefined) {
    throw new FluxionError(
      `Unknown layer class "${spec.className}". Registered layer classes: ${registeredLayerClasses().join(', ')}. ` +
        'Custom layers must be registered with fx.layers.registerLayer(className, factory).',
    );
  }
  return factory(spec.config ?? {});
}
