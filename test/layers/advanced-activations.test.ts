import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

const data = (t: fx.Tensor | fx.Tensor[]): number[] => Array.from((t as fx.Tensor).dataSync(), (v) => Number(v) + 0);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  assert.equal(actual.length, expected.length, 'length');
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= tol, `[${i}]: ${actual[i]} vs ${expected[i]}`);
}

describe('ReLU', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.reLU({ dtype }), { inputShape: [3, 4], expectedOutputShape: [3, 4] });
    runLayerTest((dtype) => fx.layers.reLU({ maxValue: 0.6, negativeSlope: 0.2, threshold: 0.1, dtype }), { inputShape: [3, 4] });
  });
  test('min(x, maxValue) above the threshold, negativeSlope * (x - threshold) below', () => {
    const x = fx.tensor([-2, -0.5, 0, 0.5, 1, 3]);
    assertClose(data(fx.layers.reLU().apply(x) as fx.Tensor), [0, 0, 0, 0.5, 1, 3]);
    assertClose(data(fx.layers.reLU({ maxValue: 2 }).apply(x) as fx.Tensor), [0, 0, 0, 0.5, 1, 2]);
    assertClose(data(fx.layers.reLU({ maxValue: 2, negativeSlope: 0.1, threshold: 0.5 }).apply(x) as fx.Tensor), [-0.25, -0.1, -0.05, 0, 1, 2]);
  });
  test('negative options are refused', () => {
    assert.throws(() => fx.layers.reLU({ maxValue: -1 }), { message: 'ReLU: maxValue must be a non-negative number, but received number -1.' });
    assert.throws(() => fx.layers.reLU({ negativeSlope: -0.1 }), { message: 'ReLU: negativeSlope must be a non-negative number, but received number -0.1.' });
    assert.throws(() => fx.layers.reLU({ threshold: -1 }), { message: 'ReLU: threshold must be a non-negative number, but received number -1.' });
  });
});

describe('LeakyReLU', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.leakyReLU({ negativeSlope: 0.1, dtype }), { inputShape: [2, 5], expectedOutputShape: [2, 5] }));
  test('slope 0.3 by default; alpha is the TensorFlow.js name', () => {
    assertClose(data(fx.layers.leakyReLU().apply(fx.tensor([-1, 2])) as fx.Tensor), [-0.3, 2]);
    const tfjs = fx.layers.leakyReLU({ alpha: 0.5 });
    assertClose(data(tfjs.apply(fx.tensor([-1, 2])) as fx.Tensor), [-0.5, 2]);
    assert.equal(tfjs.alpha, 0.5);
    assert.equal(tfjs.getConfig()['negativeSlope'], 0.5);
  });
  test('bad slopes are refused', () => {
    assert.throws(() => fx.layers.leakyReLU({ negativeSlope: -1 }), { message: 'LeakyReLU: negativeSlope must be a non-negative number, but received number -1.' });
    assert.throws(() => fx.layers.leakyReLU({ alpha: -1 }), { message: 'LeakyReLU: alpha must be a non-negative number, but received number -1.' });
    assert.throws(() => fx.layers.leakyReLU({ alpha: 0.1, negativeSlope: 0.2 }), {
      message: 'LeakyReLU: negativeSlope and alpha (its TensorFlow.js name) are the same option, but received negativeSlope=0.2 and alpha=0.1; give only one.',
    });
  });
});

describe('PReLU', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.prelu({ alphaInitializer: 'randomUniform', dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] });
    runLayerTest((dtype) => fx.layers.prelu({ alphaInitializer: 'randomUniform', sharedAxes: [1], dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
  });
  test('learns one slope per element, shared along sharedAxes; weight "alpha" starts at zero', () => {
    const layer = fx.layers.prelu({ sharedAxes: 1, name: 'pr' });
    const x = fx.tensor([[[-1, -2], [3, -4]]]);
    assert.deepEqual(data(layer.apply(x) as fx.Tensor), [0, 0, 3, 0]);
    assert.deepEqual(layer.weights.map((w) => [w.name, w.shape]), [['pr/alpha', [1, 2]]]);
    layer.setWeights([fx.tensor([[0.5, 0.25]])]);
    assertClose(data(layer.apply(x) as fx.Tensor), [-0.5, -0.5, 3, -1]);
  });
  test('bad sharedAxes and inputs are refused', () => {
    assert.throws(() => fx.layers.prelu({ sharedAxes: [0] }), {
      message: 'PReLU: sharedAxes must be a positive integer or an array of positive integers (axes of the input, 1 the first after the batch axis), but received an array of length 1.',
    });
    assert.throws(() => fx.layers.prelu({ sharedAxes: [3], name: 'pr3' }).apply(fx.zeros([1, 2])), {
      message: 'Layer "pr3": sharedAxes contains axis 3, but the input has rank 2 (shape [1, 2]).',
    });
    const layer = fx.layers.prelu({ name: 'pr4' });
    layer.apply(fx.zeros([1, 2]));
    assert.throws(() => layer.apply(fx.zeros([1, 3])), {
      message: 'Input 0 of layer "pr4" is incompatible with the layer: expected axis 1 of input shape to have value 2, but received input with shape [1, 3].',
    });
  });
});

describe('ELU', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.elu({ alpha: 0.5, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('x above zero, alpha * (exp(x) - 1) below', () => {
    assertClose(data(fx.layers.elu({ alpha: 0.5 }).apply(fx.tensor([-1, 0, 2])) as fx.Tensor), [0.5 * (Math.exp(-1) - 1), 0, 2]);
    assertClose(data(fx.layers.elu().apply(fx.tensor([-2])) as fx.Tensor), [Math.exp(-2) - 1]);
  });
  test('a non-numeric alpha is refused', () => {
    assert.throws(() => fx.layers.elu({ alpha: Number.NaN }), { message: 'ELU: alpha must be a finite number, but received number NaN.' });
  });
});

describe('Softmax', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.softmax({ dtype }), { inputShape: [2, 4], expectedOutputShape: [2, 4] });
    runLayerTest((dtype) => fx.layers.softmax({ axis: [1, 2], dtype }), { inputShape: [2, 2, 3] });
  });
  test('softmax over one axis or several', () => {
    const e = [1, Math.E, Math.E ** 2];
    const s = e.reduce((a, b) => a + b);
    assertClose(data(fx.layers.softmax().apply(fx.tensor([[0, 1, 2]])) as fx.Tensor), e.map((v) => v / s));
    assertClose(data(fx.layers.softmax({ axis: 1 }).apply(fx.tensor([[[0, 0], [0, 0]]])) as fx.Tensor), [0.5, 0.5, 0.5, 0.5]);
    assertClose(data(fx.layers.softmax({ axis: [1, 2] }).apply(fx.tensor([[[0, 0], [0, 0]]])) as fx.Tensor), [0.25, 0.25, 0.25, 0.25]);
  });
  test('masked positions get zero probability', () => {
    const y = fx.layers.softmax().apply(fx.tensor([[1, 5, 1]]), { mask: fx.tensor([[true, false, true]]) }) as fx.Tensor;
    assertClose(data(y), [0.5, 0, 0.5]);
    // a float mask keeps values > 0.5; a fully masked row gives zeros
    const z = fx.layers.softmax().apply(fx.tensor([[1, 5], [2, 3]]), { mask: fx.tensor([[1, 0.2], [0, 0]]) }) as fx.Tensor;
    assertClose(data(z), [1, 0, 0, 0]);
  });
  test('a bad axis is refused', () => {
    assert.throws(() => fx.layers.softmax({ axis: [] }), { message: 'Softmax: axis must be an integer or a non-empty array of integers, but received an array of length 0.' });
    assert.throws(() => fx.layers.softmax({ axis: 2, name: 'sm' }).apply(fx.zeros([2, 2])), {
      message: 'Layer "sm": axis 2 is out of range for an input of rank 2 (shape [2, 2]); expected an integer in [-2, 1].',
    });
  });
});
