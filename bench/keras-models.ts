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

/** Fluxion: a Sequential model compiled with Keras Adam; the step is trainOnBatch. */
export function fluxionKerasTrainer(model: ModelName, batch: number, lr: number): () => number {
  const layers =
    model === 'mlp'
      ? [
          fx.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }),
          fx.layers.dense({ units: 128, activation: 'relu' }),
          fx.layers.dense({ units: 10 }),
        ]
      : [
          fx.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          fx.layers.maxPooling2d({ poolSize: 2 }),
          fx.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          fx.layers.maxPooling2d({ poolSize: 2 }),
          fx.layers.flatten(),
          fx.layers.dense({ units: 128, activation: 'relu' }),
          fx.layers.dense({ units: 10 }),
        ];
  const m = fx.sequential({ layers });
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
  const layers =
    model === 'mlp'
      ? [
          tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }),
          tfl.layers.dense({ units: 128, activation: 'relu' }),
          tfl.layers.dense({ units: 10 }),
        ]
      : [
          tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 128, activation: 'relu' }),
          tfl.layers.dense({ units: 10 }),
        ];
  const m = tfl.sequential({ layers });
  m.setWeights(initialWeights((d, s) => tf.tensor(d, s), model));
  m.compile({ optimizer: tf.train.adam(lr), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const d = batchData(model, batch);
  const x = tf.tensor(d.x, d.xShape);
  const y = tf.tensor(d.onehot, [batch, 10]);
  return async () => (await m.trainOnBatch(x, y)) as number;
}
