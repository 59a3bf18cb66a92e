/**
 * Keras 3's `compile_config` (optimizer, loss, metrics, loss_weights) to and from Fluxion's
 * compile arguments. Losses and metrics given as names become snake_case names (Keras's spelling);
 * given as objects, they become `{module, class_name, config}`. A loss given as a plain function
 * has no name Keras could resolve, so such a model is saved without a compile_config.
 */
import { FluxionError } from '../core/errors.js';
import type { Model } from '../models/model.js';
import * as optimizers from '../optimizers/index.js';
import type { ConfigValue } from '../optimizers/config.js';
import { compileArgsOf, compiledOptimizer, type CompileArgs } from '../training/trainer.js';
import { isObject, toCamel, toSnake, type Json, type JsonObject } from './keras-config.js';

interface Configurable {
  getConfig(): Record<string, unknown>;
  constructor: { name: string };
}

function snakeKeys(config: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[toSnake(k)] = v as Json;
  return out;
}

function camelKeys(config: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[toCamel(k)] = v;
  return out;
}

/** A loss or metric identifier in Keras's form; null when it cannot be written (a bare function). */
function identifierToKeras(id: unknown, module: string): Json | undefined {
  if (typeof id === 'string') return toSnake(id);
  if (Array.isArray(id)) {
    const items = id.map((x) => identifierToKeras(x, module));
    return items.some((x) => x === undefined) ? undefined : (items as Json[]);
  }
  if (isObject(id) && typeof id['className'] === 'string') {
    return { module, class_name: id['className'], config: snakeKeys(isObject(id['config']) ? id['config'] : {}), registered_name: null };
  }
  if (id !== null && typeof id === 'object' && typeof (id as Configurable).getConfig === 'function') {
    const obj = id as Configurable;
    return { module, class_name: obj.constructor.name, config: snakeKeys(obj.getConfig()), registered_name: null };
  }
  if (id !== null && typeof id === 'object' && Object.getPrototypeOf(id) === Object.prototype) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(id)) {
      const conv = identifierToKeras(v, module);
      if (conv === undefined) return undefined;
      out[k] = conv;
    }
    return out;
  }
  return undefined;
}

/** Keras 3's compile_config of a compiled model, or null (not compiled, or a loss Keras cannot name). */
export function compileConfigOf(model: Model): JsonObject | null {
  const args = compileArgsOf(model);
  const optimizer = compiledOptimizer(model);
  if (args === null || optimizer === null) return null;
  const loss = identifierToKeras(args.loss, 'keras.losses');
  const metrics = args.metrics === undefined ? null : identifierToKeras(args.metrics, 'keras.metrics');
  if (loss === undefined || metrics === undefined) return null;
  return {
    optimizer: optimizers.toKerasSerialized(optimizer) as Json,
    loss,
    loss_weights: (args.lossWeights as Json | undefined) ?? null,
    metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

function identifierFromKeras(v: Json): unknown {
  if (typeof v === 'string') return toCamel(v);
  // A built-in function Keras saved by name: {module: 'builtins', class_name: 'function', config: 'binary_crossentropy'}.
  if (isObject(v) && v['class_name'] === 'function' && typeof v['config'] === 'string') return toCamel(v['config']);
  if (Array.isArray(v)) return v.map(identifierFromKeras);
  if (isObject(v) && typeof v['class_name'] === 'string') {
    return { className: v['class_name'], config: camelKeys(isObject(v['config']) ? v['config'] : {}) };
  }
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = identifierFromKeras(x);
    return out;
  }
  return v;
}

/** Fluxion compile arguments from Keras's compile_config (or a Keras 2 training_config). */
export function compileArgsFromKeras(config: JsonObject, where: string): CompileArgs {
  const opt = config['optimizer'] ?? config['optimizer_config'];
  if (!isObject(opt)) throw new FluxionError(`${where}: the compile config has no optimizer object (received ${JSON.stringify(opt) ?? 'nothing'}).`);
  if (config['loss'] === undefined || config['loss'] === null) throw new FluxionError(`${where}: the compile config has no loss.`);
  const flatMetrics = (m: Json): Json => (Array.isArray(m) && m.length === 1 && Array.isArray(m[0]) ? m[0] : m);
  const args: CompileArgs = {
    optimizer: optimizers.deserialize(opt as Record<string, ConfigValue>),
    loss: identifierFromKeras(config['loss']) as CompileArgs['loss'],
  };
  const metrics = config['metrics'];
  if (metrics !== undefined && metrics !== null) args.metrics = identifierFromKeras(flatMetrics(metrics)) as CompileArgs['metrics'];
  const lw = config['loss_weights'];
  if (lw !== undefined && lw !== null) args.lossWeights = lw as CompileArgs['lossWeights'];
  return args;
}
