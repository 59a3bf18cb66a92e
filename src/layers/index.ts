/**
 * fx.layers: TensorFlow.js-style factories (fx.layers.dense({units: 10})) and the layer classes
 * (fx.layers.Dense) for subclassing and instanceof checks.
 */
import { Activation, Dense, Dropout, Flatten, Reshape, type ActivationArgs, type DenseArgs, type DropoutArgs, type ReshapeArgs } from './core.js';
import type { LayerArgs } from './layer.js';

export { Layer, type CallArgs, type InputSpec, type LayerArgs, type LayerInputs } from './layer.js';
export { InputLayer, type InputArgs } from './input-layer.js';
export { SymbolicTensor } from './symbolic.js';
export { registerLayer, deserializeLayer, serializeLayer, registeredLayerClasses } from './registry.js';
export { Activation, Dense, Dropout, Flatten, Reshape };

export const dense = (args: DenseArgs): Dense => new Dense(args);
export const activation = (args: ActivationArgs): Activation => new Activation(args);
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args);
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
