/**
 * Keras 3's optimizers (fx.optimizers.Adam, ...), their base class, learning-rate schedules
 * (fx.optimizers.schedules) and `get`/`serialize`/`deserialize`.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { ConfigValue } from './config.js';
import { Adadelta, Adagrad, Adam, Adamax, AdamW, Lion, Nadam, RMSprop, SGD } from './keras.js';
import { Optimizer, type OptimizerConfig } from './optimizer.js';

export * as schedules from './schedules.js';
export { LearningRateSchedule } from './schedules.js';
export {
  Optimizer,
  slotVariableName,
  type GradientsAndVariables,
  type LearningRate,
  type NamedTensor,
  type NamedTensorMap,
  type OptimizerConfig,
  type OptimizerOptions,
  type SlotSpec,
} from './optimizer.js';
export {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  Lion,
  Nadam,
  RMSprop,
  SGD,
  type AdadeltaOptions,
  type AdagradOptions,
  type AdamaxOptions,
  type AdamOptions,
  type LionOptions,
  type NadamOptions,
  type RMSpropOptions,
  type SGDOptions,
} from './keras.js';
export { camelToSnake, snakeToCamel, type ConfigValue } from './config.js';

type OptimizerClass = { fromConfig(config: OptimizerConfig): Optimizer; fromKerasConfig(config: OptimizerConfig): Optimizer };

/** Keras's names (lowercase) -> classes. */
const CLASSES: Record<string, OptimizerClass & { className: string }> = {
  sgd: SGD,
  adam: Adam,
  adamw: AdamW,
  adamax: Adamax,
  nadam: Nadam,
  rmsprop: RMSprop,
  adagrad: Adagrad,
  adadelta: Adadelta,
  lion: Lion,
};

function classFor(name: string): OptimizerClass {
  const cls = CLASSES[name.toLowerCase()];
  if (cls === undefined) {
    throw new FluxionError(
      `optimizers.get: unknown optimizer "${name}"; valid names (case-insensitive): ${Object.keys(CLASSES).join(', ')}.`,
    );
  }
  return cls;
}

/** `{className, config}` with camelCase config keys. */
export interface SerializedOptimizer {
  className: string;
  config: OptimizerConfig;
}

/**
 * Keras's optimizers.get: a name ('adam', 'RMSprop', ... case-insensitive, with default options),
 * `{className, config}` (camelCase keys), Keras's `{class_name, config}` (snake_case keys), or an
 * Optimizer (returned as is).
 */
export function get(identifier: string | SerializedOptimizer | Record<string, ConfigValue> | Optimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') return classFor(identifier).fromConfig({});
  if (identifier !== null && typeof identifier === 'object' && !Array.isArray(identifier)) {
    return deserialize(identifier as SerializedOptimizer | Record<string, ConfigValue>);
  }
  throw new FluxionError(
    `optimizers.get: expected an optimizer name (${Object.keys(CLASSES).join(', ')}), a {className, config} object or an Optimizer, ` +
      `but received ${describeValue(identifier)}.`,
  );
}

/** `{className, config}` for an optimizer (camelCase config). */
export function serialize(optimizer: Optimizer): SerializedOptimizer {
  return { className: optimizer.getClassName(), config: optimizer.getConfig() };
}

/** Keras 3's serialized form: `{module: 'keras.optimizers', class_name, config (snake_case), registered_name: null}`. */
export function toKerasSerialized(optimizer: Optimizer): Record<string, ConfigValue> {
  return { module: 'keras.optimizers', class_name: optimizer.getClassName(), config: optimizer.toKerasConfig(), registered_name: null };
}

/** Rebuilds an optimizer from `{className, config}` or from Keras's `{class_name, config}`. */
export function deserialize(serialized: SerializedOptimizer | Record<string, ConfigValue>): Optimizer {
  const s = serialized as Record<string, ConfigValue>;
  const keras = typeof s['class_name'] === 'string';
  const className = keras ? s['class_name'] : s['className'];
  if (typeof className !== 'string') {
    throw new FluxionError(
      `optimizers.deserialize: expected {className, config} or {class_name, config}, but received keys ${Object.keys(s).join(', ') || '(none)'}.`,
    );
  }
  const config = s['config'] ?? {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new FluxionError(`optimizers.deserialize: config must be an object, but received ${describeValue(config)}.`);
  }
  const cls = classFor(className);
  return keras ? cls.fromKerasConfig(config) : cls.fromConfig(config);
}
