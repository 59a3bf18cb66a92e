/**
 * The train benchmark's models written with each framework's Keras API: Fluxion's fx.sequential /
 * fx.layers and TensorFlow.js's tfjs-layers, the same layers as bench/models.ts (Dense with fused
 * relu, Conv2D 'valid', MaxPooling2D, Flatten), the same initial weights (PARAMS, set with
 * setWeights), softmax cross-entropy on the logits and Adam (lr, eps 1e-7). A step is
 * model.trainOnBatch(x, y), which returns the loss: forward, backward, the optimizer update and
 * reading the loss back, as a Keras training loop runs it.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { detData } from './harness.js';
import { batchData, type ModelName, PARAMS } from './models.js';
import { fx, tf } from './peers/js-peers.js';

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function initialWeights<T>(make: (d: Float32Array, shape: number[]) => T, model: ModelName): T[] {
  return PARAMS[model].map(([, shape, seed, scale]) => make(detData(size(shape), seed, scale), shape));
}

/** The layer constructors both frameworks share (same names and configuration fields). */
interface LayerFactory<L> {
  dense(args: { units: number; activation?: 'relu'; inputShape?: number[] }): L;
  conv2d(args: { filters: number; kernelSize: number; activation: 'relu'; inputShape?: number[] }): L;
  maxPooling2d(args: { poolSize: number }): L;
  flatten(): L;
}

/** The layers of bench/models.ts's MLP and CNN, written once for either framework. */
function layerStack<L>(f: LayerFactory<L>, model: ModelName): L[] {
  return model === 'mlp'
    ? [f.dense({ units: 256, activation: 'relu', inputShape: [784] }), f.dense({ units: 128, activation: 'relu' }), f.dense({ units: 10 })]
    : [
        f.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
        f.maxPooling2d({ poolSize: 2 }),
        f.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
        f.maxPooling2d({ poolSize: 2 }),
        f.flatten(),
        f.dense({ units: 128, activation: 'relu' }),
        f.dense({ units: 10 }),
      ];
}

/** Fluxion: a Sequential model compiled with Keras Adam; the step is trainOnBatch. */
export function fluxionKerasTrainer(model: ModelName, batch: number, lr: number): () => number {
  const f: LayerFactory<fx.layers.Layer> = {
    dense: (a) => fx.layers.dense(a),
    conv2d: (a) => fx.layers.conv2d(a),
    maxPooling2d: (a) => fx.layers.maxPooling2d(a),
    flatten: () => fx.layers.flatten(),
  };
  const m = fx.sequential({ layers: layerStack(f, model) });
  m.setWeights(initialWeights((d, s) => fx.tensor(d, s), model));
  m.compile({
    optimizer: new fx.optimizers.Adam({ learningRate: lr, epsilon: 1e-7 }),
    loss: (yTrue: fx.Tensor, yPred: fx.Tensor) => fx.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  const d = batchData(model, batch);
  const x = fx.tensor(d.x, d.xShape);
  const y = fx.tensor(d.onehot, [batch, 10]);
  return () => m.trainOnBatch(x, y) as number;
}

/** TensorFlow.js: tfjs-layers' Sequential compiled with tf.train.adam; the step is trainOnBatch. */
export function tfjsKerasTrainer(model: ModelName, batch: number, lr: number): () => Promise<number> {
  const f: LayerFactory<tfl.layers.Layer> = {
    dense: (a) => tfl.layers.dense(a),
    conv2d: (a) => tfl.layers.conv2d(a),
    maxPooling2d: (a) => tfl.layers.maxPooling2d(a),
    flatten: () => tfl.layers.flatten(),
  };
  const m = tfl.sequential({ layers: layerStack(f, model) });
  m.setWeights(initialWeights((d, s) => tf.tensor(d, s), model));
  m.compile({ optimizer: tf.train.adam(lr), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const d = batchData(model, batch);
  const x = tf.tensor(d.x, d.xShape);
  const y = tf.tensor(d.onehot, [batch, 10]);
  return async () => (await m.trainOnBatch(x, y)) as number;
}
