/** Model construction: fx.sequential(), fx.model({inputs, outputs}), fx.input({shape}). */
import { Model, type ModelArgs } from './model.js';
import { Sequential, type SequentialArgs } from './sequential.js';

export { Model, modelFromConfig, type ModelArgs } from './model.js';
export type { FunctionalConfig, FunctionalLayerConfig, TensorRef, InboundRef } from './model.js';
export { Sequential, type SequentialArgs, type SequentialConfig } from './sequential.js';
export { input, type InputArgs } from '../layers/input-layer.js';
export { loadModel } from '../io/router.js';

export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}

export function model(args: ModelArgs): Model {
  return new Model(args);
}
