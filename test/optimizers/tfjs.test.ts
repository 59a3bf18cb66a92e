/**
 * fx.train's factories against @tensorflow/tfjs-core's own optimizers (cpu backend): the same
 * float32 variables and gradients, three steps, applyGradients with a {name: gradient} map.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as fx from '../../src/index.js';
import { assertClose, GRADS, values, W0 } from './helpers.js';

const W1 = [[0.3, -0.7], [1.5, 0.2]];
const GRADS1 = [
  [[0.2, 0.1], [-0.3, 0.05]],
  [[-0.1, 0.4], [0.2, -0.6]],
  [[0.05, -0.2], [0.7, 0.3]],
];

let counter = 0;

function compare(
  label: string,
  makeTf: () => tf.Optimizer,
  makeFx: () => fx.optimizers.Optimizer,
  rel = 1e-6,
): void {
  for (const fused of [true, false]) compareOnce(`${label} (${fused ? 'fused' : 'op-by-op'})`, makeTf, makeFx, rel, fused);
}

function compareOnce(label: string, makeTf: () => tf.Optimizer, makeFx: () => fx.optimizers.Optimizer, rel: number, fused: boolean): void {
  test(label, () => {
    const id = counter++;
    const names = [`tfcmp_${id}_a`, `tfcmp_${id}_b`];
    const tfA = tf.variable(tf.tensor1d(W0), true, names[0]);
    const tfB = tf.variable(tf.tensor2d(W1), true, names[1]);
    const fxA = fx.variable(fx.tensor(W0), true, names[0]);
    const fxB = fx.variable(fx.tensor(W1), true, names[1]);
    const tfOpt = makeTf();
    const fxOpt = makeFx();
    fxOpt.useFusedKernels = fused;
    for (let k = 0; k < GRADS.length; k++) {
      const ga = GRADS[k] as number[];
      const gb = GRADS1[k] as number[][];
      tfOpt.applyGradients({ [names[0] as string]: tf.tensor1d(ga), [names[1] as string]: tf.tensor2d(gb) });
      fxOpt.applyGradients({ [names[0] as string]: fx.tensor(ga), [names[1] as string]: fx.tensor(gb) }, [fxA, fxB]);
    }
    assertClose(values(fxA), Array.from(tfA.dataSync()), rel, 1e-9, `${label} a`);
    assertClose(values(fxB), Array.from(tfB.dataSync()), rel, 1e-9, `${label} b`);
    assert.equal(fxOpt.iterations, tfOpt.iterations);
    assert.deepEqual(fxOpt.getConfig(), tfOpt.getConfig(), `${label} config`);
    tfA.dispose();
    tfB.dispose();
    tfOpt.dispose();
  });
}

describe('fx.train matches @tensorflow/tfjs-core optimizers over 3 steps', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  compare('sgd', () => tf.train.sgd(0.1), () => fx.train.sgd(0.1));
  compare('momentum', () => tf.train.momentum(0.1, 0.9), () => fx.train.momentum(0.1, 0.9));
  compare('momentum nesterov', () => tf.train.momentum(0.1, 0.9, true), () => fx.train.momentum(0.1, 0.9, true));
  compare('adam defaults', () => tf.train.adam(), () => fx.train.adam());
  compare('adam', () => tf.train.adam(0.1, 0.8, 0.99, 1e-4), () => fx.train.adam(0.1, 0.8, 0.99, 1e-4));
  compare('rmsprop', () => tf.train.rmsprop(0.01), () => fx.train.rmsprop(0.01));
  compare('rmsprop momentum', () => tf.train.rmsprop(0.01, 0.8, 0.5), () => fx.train.rmsprop(0.01, 0.8, 0.5));
  compare('rmsprop centered', () => tf.train.rmsprop(0.01, 0.9, 0.3, 1e-6, true), () => fx.train.rmsprop(0.01, 0.9, 0.3, 1e-6, true));
  compare('adagrad', () => tf.train.adagrad(0.1), () => fx.train.adagrad(0.1));
  compare('adagrad initial accumulator', () => tf.train.adagrad(0.1, 0.5), () => fx.train.adagrad(0.1, 0.5));
  compare('adadelta', () => tf.train.adadelta(1, 0.9, 1e-2), () => fx.train.adadelta(1, 0.9, 1e-2));
  compare('adadelta defaults', () => tf.train.adadelta(), () => fx.train.adadelta());
  compare('adamax', () => tf.train.adamax(0.1), () => fx.train.adamax(0.1));
  compare('adamax decay', () => tf.train.adamax(0.1, 0.8, 0.99, 1e-6, 0.5), () => fx.train.adamax(0.1, 0.8, 0.99, 1e-6, 0.5));

  test('getWeights names and order follow TensorFlow.js (iter, then all m, then all v)', async () => {
    const names = ['tfw_a', 'tfw_b'];
    const tfOpt = tf.train.adam(0.1);
    const tfA = tf.variable(tf.tensor1d(W0), true, names[0]);
    const tfB = tf.variable(tf.tensor2d(W1), true, names[1]);
    tfOpt.applyGradients([
      { name: 'tfw_a', tensor: tf.tensor1d(GRADS[0] as number[]) },
      { name: 'tfw_b', tensor: tf.tensor2d(GRADS1[0] as number[][]) },
    ]);
    const fxOpt = fx.train.adam(0.1);
    const fxA = fx.variable(fx.tensor(W0), true, names[0]);
    const fxB = fx.variable(fx.tensor(W1), true, names[1]);
    fxOpt.applyGradients([[fx.tensor(GRADS[0] as number[]), fxA], [fx.tensor(GRADS1[0] as number[][]), fxB]]);
    const theirs = await tfOpt.getWeights();
    const ours = await fxOpt.getWeights();
    assert.deepEqual(ours.map((w) => w.name), theirs.map((w) => w.name));
    ours.forEach((w, i) => assertClose(values(w.tensor), Array.from((theirs[i] as { tensor: tf.Tensor }).tensor.dataSync()), 1e-6, 1e-9, w.name));
    tfA.dispose();
    tfB.dispose();
  });
});
