/**
 * Fluxion: tensors, ops, autodiff and backends. `import * as fx from 'fluxion'`.
 */
import { createCpuBackend } from './backends/cpu/index.js';
import { loadNative } from './backends/cpu/native.js';
import { createJsBackend } from './backends/js/index.js';
import { registerBackend } from './core/engine.js';

export * from './ops/index.js';
export * from './autodiff/index.js';
/** TensorFlow.js's tf.losses (weighted, reduced) and Keras 3's loss classes. */
export * as losses from './losses/index.js';
/** Keras 3 optimizer classes and learning-rate schedules. */
export * as optimizers from './optimizers/index.js';
/** TensorFlow.js's optimizer factories: fx.train.adam(lr), fx.train.sgd(lr), ... */
export * as train from './optimizers/train.js';
/** Keras 3 stateful metrics and TensorFlow.js's functional metrics. */
export * as metrics from './metrics/index.js';
/** Dataset loaders: fx.datasets.fashionMnist.loadData(). */
export * as datasets from './datasets/index.js';
/** Input pipelines: fx.data.array, fx.data.csv, fx.data.tfrecord, dataset.shuffle(n).batch(b).prefetch(2), ... */
export * as data from './data/index.js';
/** Callbacks: fx.callbacks.EarlyStopping, TensorBoard, ... */
export * as callbacks from './callbacks/index.js';
/** Layers: fx.layers.dense({units}), fx.layers.Dense, ... */
export * as layers from './layers/index.js';
export * as initializers from './layers/initializers.js';
export * as activations from './layers/activations.js';
export { l1, l2, l1l2, maxNorm, minMaxNorm, nonNeg, unitNorm } from './layers/regularizers.js';
export * as regularizers from './layers/regularizers.js';
export * as constraints from './layers/regularizers.js';
export { Model, Sequential, input, model, modelFromConfig, sequential, type ModelArgs, type SequentialArgs } from './models/index.js';
export * as models from './models/index.js';
export * as io from './io/index.js';
import './io/tfjs/index.js';
/** ONNX export: fx.onnx.exportModel(model, 'm.onnx', {opset}). */
export * as onnx from './onnx/index.js';
export { loadLayersModel } from './io/index.js';
export { Tensor, Variable, type TensorLike } from './core/tensor.js';
export type { DType, TypedArray } from './core/dtype.js';
export { upcastType } from './core/dtype.js';
export { FluxionError } from './core/errors.js';
export { memory, type MemoryInfo } from './core/memory.js';
import './saving/index.js'; // registers the .keras, .h5, .weights.h5 and .safetensors routes
export { setSeed } from './core/random.js';
export {
  dispose,
  env,
  type EnvInfo,
  findBackend,
  getBackend,
  keep,
  kernelFallbacks,
  registerBackend,
  registeredBackends,
  removeBackend,
  setBackend,
  tidy,
} from './core/engine.js';
export type { Backend, KernelTable, KernelTensor } from './core/kernels.js';

export { nativeInfo, setNumThreads } from './backends/cpu/index.js';

registerBackend('js', createJsBackend, 1);
const native = loadNative();
if (native.ok) {
  // The native backend is the default in Node.js.
  registerBackend('cpu', createCpuBackend, 2);
} else if (!process.env['FLUXION_DISABLE_NATIVE']) {
  console.warn(`fluxion: the native cpu backend is unavailable, using the js backend (${native.reason}).`);
}
