import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

describe('Dense', () => {
  test('layer contract (shapes, config round trip, gradients)', () => {
    runLayerTest((dtype) => fx.layers.dense({ units: 3, activation: 'tanh', dtype }), { inputShape: [4, 5], expectedOutputShape: [4, 3] });
    runLayerTest((dtype) => fx.layers.dense({ units: 2, useBias: false, dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 2] });
  });
  test('computes activation(x W + b) with known weights', () => {
    const d = fx.layers.dense({ units: 2, activation: 'relu' });
    d.apply(fx.zeros([1, 3]));
    d.setWeights([fx.tensor([[1, -1], [2, 0], [0, 3]]), fx.tensor([0.5, -10])]);
    const y = d.apply(fx.tensor([[1, 1, 1]])) as fx.Tensor;
    assert.deepEqual(Array.from(y.dataSync()), [3.5, 0]);
    assert.deepEqual(d.weights.map((w) => w.name), [`${d.name}/kernel`, `${d.name}/bias`]);
    assert.equal(d.countParams(), 8);
  });
  test('initializers, regularizer losses and constraints', () => {
    const d = fx.layers.dense({ units: 4, kernelInitializer: 'ones', kernelRegularizer: fx.l2({ l2: 0.5 }), kernelConstraint: fx.maxNorm({ maxValue: 1 }) });
    d.apply(fx.zeros([1, 2]));
    assert.deepEqual(Array.from(d.kernel!.dataSync()), [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(d.losses.length, 1);
    assert.ok(Math.abs((d.losses[0]!.dataSync()[0] as number) - 0.5 * 8) < 1e-6);
    d.applyConstraints();
    const col = Array.from(d.kernel!.dataSync()).slice(0, 2);
    assert.ok(Math.abs(Math.hypot(d.kernel!.dataSync()[0]!, d.kernel!.dataSync()[4]!) - 1) < 1e-5, `columns have norm 1: ${col}`);
  });
  test('an input of the wrong size names the layer and both shapes', () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 10, inputShape: [784], name: 'dense_in' })] });
    assert.throws(
      () => m.apply(fx.zeros([32, 28, 28])),
      { message: 'Input 0 of layer "dense_in" is incompatible with the layer: expected axis -1 of input shape to have value 784, but received input with shape [32, 28, 28].' },
    );
  });
  test('bad units is refused', () => {
    assert.throws(() => fx.layers.dense({ units: 0 }), { message: 'Dense: units must be a positive integer, but received number 0.' });
  });
});

describe('Activation', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.activation({ activation: 'sigmoid', dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('unknown activation names the valid ones', () => {
    assert.throws(() => fx.layers.activation({ activation: 'relux' }), /Unknown activation "relux". Valid activations: linear, relu, relu6/);
  });
});

describe('Dropout', () => {
  test('identity at inference, scaled mask in training', () => {
    const d = fx.layers.dropout({ rate: 0.5 });
    const x = fx.ones([1000]);
    assert.deepEqual(Array.from((d.apply(x) as fx.Tensor).dataSync()).slice(0, 3), [1, 1, 1]);
    const y = Array.from((d.apply(x, { training: true }) as fx.Tensor).dataSync());
    assert.ok(y.every((v) => v === 0 || v === 2));
    const kept = y.filter((v) => v === 2).length / 1000;
    assert.ok(Math.abs(kept - 0.5) < 0.06, `kept ${kept}`);
  });
  test('layer contract', () => runLayerTest((dtype) => fx.layers.dropout({ rate: 0.3, dtype }), { inputShape: [2, 4], expectedOutputShape: [2, 4] }));
  test('rate outside [0,1) is refused', () => {
    assert.throws(() => fx.layers.dropout({ rate: 1 }), { message: 'Dropout: rate must be a number in [0, 1), but received number 1.' });
  });
});

describe('Flatten', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.flatten({ dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 12] }));
});

describe('Reshape', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.reshape({ targetShape: [2, -1], dtype }), { inputShape: [3, 6], expectedOutputShape: [3, 2, 3] }));
  test('a size mismatch names the layer', () => {
    const r = fx.layers.reshape({ targetShape: [5], name: 'r5' });
    assert.throws(() => r.apply(fx.input({ shape: [6] })), /Reshape "r5": total size of the new shape \[5\] \(5\) must equal the input's \[6\] \(6\)/);
  });
});
