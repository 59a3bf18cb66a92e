import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

const data = (t: fx.Tensor | fx.Tensor[]): number[] => Array.from((t as fx.Tensor).dataSync());

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('BatchNormalization', () => {
  test('layer contract at inference and in training, last axis and axis 1', () => {
    runLayerTest((dtype) => fx.layers.batchNormalization({ dtype, gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }), { inputShape: [4, 3], expectedOutputShape: [4, 3] });
    runLayerTest((dtype) => fx.layers.batchNormalization({ dtype }), { inputShape: [4, 3], expectedOutputShape: [4, 3], training: true });
    runLayerTest((dtype) => fx.layers.batchNormalization({ axis: 1, momentum: 0.9, dtype }), { inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 3, 2, 2], training: true });
    runLayerTest((dtype) => fx.layers.batchNormalization({ center: false, scale: false, dtype }), { inputShape: [3, 2, 4], training: true });
  });

  test('weights are gamma, beta, moving_mean, moving_variance; the moving ones non-trainable', () => {
    const bn = fx.layers.batchNormalization({ name: 'bn' });
    bn.apply(fx.zeros([1, 2]));
    assert.deepEqual(bn.weights.map((w) => w.name), ['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']);
    assert.deepEqual(bn.trainableWeights.map((w) => w.name), ['bn/gamma', 'bn/beta']);
    assert.deepEqual(bn.nonTrainableWeights.map((w) => w.name), ['bn/moving_mean', 'bn/moving_variance']);
    assert.equal(bn.countParams(), 8);
  });

  test('training normalizes with batch statistics and updates the moving ones; inference uses the moving ones', () => {
    const bn = fx.layers.batchNormalization({ momentum: 0.9 });
    const x = fx.tensor([[1, 2], [3, 6]]);
    const y = bn.apply(x, { training: true }) as fx.Tensor;
    // batch mean [2, 4], variance [1, 4]
    const e = 1e-3;
    assertClose(data(y), [-1 / Math.sqrt(1 + e), -2 / Math.sqrt(4 + e), 1 / Math.sqrt(1 + e), 2 / Math.sqrt(4 + e)]);
    assertClose(data(bn.movingMean!), [0.2, 0.4]);
    assertClose(data(bn.movingVariance!), [0.9 + 0.1, 0.9 + 0.4]);
    const z = bn.apply(x, { training: false }) as fx.Tensor;
    assertClose(data(z), [(1 - 0.2) / Math.sqrt(1 + e), (2 - 0.4) / Math.sqrt(1.3 + e), (3 - 0.2) / Math.sqrt(1 + e), (6 - 0.4) / Math.sqrt(1.3 + e)]);
    // inference leaves the moving statistics alone
    assertClose(data(bn.movingMean!), [0.2, 0.4]);
  });

  test('gamma and beta scale and shift', () => {
    const bn = fx.layers.batchNormalization({ epsilon: 0 });
    bn.apply(fx.zeros([1, 2]));
    bn.setWeights([fx.tensor([2, 3]), fx.tensor([10, -1]), fx.tensor([1, 1]), fx.tensor([4, 9])]);
    assertClose(data(bn.apply(fx.tensor([[5, 7]])) as fx.Tensor), [2 * (4 / 2) + 10, 3 * (6 / 3) - 1]);
  });

  test('a frozen layer (trainable = false) runs in inference mode even with training = true', () => {
    const bn = fx.layers.batchNormalization();
    bn.apply(fx.zeros([1, 2]));
    bn.trainable = false;
    const y = bn.apply(fx.tensor([[1, 2], [3, 6]]), { training: true }) as fx.Tensor;
    assertClose(data(y), [1, 2, 3, 6].map((v) => v / Math.sqrt(1.001)));
    assertClose(data(bn.movingMean!), [0, 0]);
  });

  test('masked timesteps are left out of the batch statistics (mask from Masking in a Functional model)', () => {
    const inp = fx.input({ shape: [3, 1] });
    const bn = fx.layers.batchNormalization({ momentum: 0 });
    const m = fx.model({ inputs: inp, outputs: bn.apply(fx.layers.masking({ maskValue: -1 }).apply(inp)) as fx.layers.SymbolicTensor });
    m.apply(fx.tensor([[[1], [-1], [3]], [[5], [-1], [-1]]]), { training: true });
    // the unmasked values are 1, 3, 5: mean 3, variance 8/3
    assertClose(data(bn.movingMean!), [3], 1e-5);
    assertClose(data(bn.movingVariance!), [8 / 3], 1e-5);
  });

  test('an input with the wrong number of channels names the layer and both shapes', () => {
    const bn = fx.layers.batchNormalization({ name: 'bn_in' });
    bn.apply(fx.zeros([1, 2]));
    assert.throws(() => bn.apply(fx.zeros([1, 3])), {
      message: 'Input 0 of layer "bn_in" is incompatible with the layer: expected axis -1 of input shape to have value 2, but received input with shape [1, 3].',
    });
    assert.throws(() => bn.apply(fx.zeros([1, 1, 2])), {
      message: 'Input 0 of layer "bn_in" is incompatible with the layer: expected ndim=2, found ndim=3, but received input with shape [1, 1, 2].',
    });
  });

  test('bad arguments are refused', () => {
    assert.throws(() => fx.layers.batchNormalization({ momentum: 2 }), { message: 'BatchNormalization: momentum must be a number in [0, 1], but received number 2.' });
    assert.throws(() => fx.layers.batchNormalization({ epsilon: -1 }), { message: 'BatchNormalization: epsilon must be a non-negative number, but received number -1.' });
    assert.throws(() => fx.layers.batchNormalization({ axis: 1.5 }), { message: 'BatchNormalization: axis must be an integer, but received number 1.5.' });
    assert.throws(() => fx.layers.batchNormalization({ axis: 3, name: 'bn3' }).apply(fx.zeros([2, 2])), {
      message: 'Layer "bn3": axis 3 is out of range for an input of rank 2 (shape [2, 2]); expected an integer in [-1, 1] other than the batch axis 0.',
    });
  });

  test('a Sequential model with BatchNormalization trains, updates the moving statistics and predicts with them', async () => {
    fx.setSeed(7);
    const n = 32;
    const xs = fx.add(fx.mul(fx.randomNormal([n, 2], 0, 1, 'float32', 1), 3), 5);
    const ys = fx.sum(fx.mul(xs, fx.tensor([0.5, -1])), 1, true);
    const bn = fx.layers.batchNormalization({ inputShape: [2] });
    const model = fx.sequential({ layers: [bn, fx.layers.dense({ units: 1 })] });
    model.compile({ optimizer: fx.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = model.evaluate(xs, ys, { batchSize: n }) as fx.Tensor;
    const history = await model.fit(xs, ys, { epochs: 20, batchSize: n, verbose: 0, shuffle: false });
    const losses = history.history['loss'] as number[];
    assert.equal(losses.length, 20);
    assert.ok((losses[19] as number) < (losses[0] as number) * 0.5, `loss went from ${losses[0]} to ${losses[19]}`);
    // 20 updates with momentum 0.99 move the mean 1 - 0.99^20 of the way to the data mean (about 5)
    const { mean, variance } = fx.moments(xs, 0);
    const frac = 1 - 0.99 ** 20;
    assertClose(data(bn.movingMean!), data(mean).map((v) => v * frac), 1e-3, 'moving_mean');
    assertClose(data(bn.movingVariance!), data(variance).map((v) => 0.99 ** 20 + v * frac), 1e-3, 'moving_variance');
    // predict uses the moving statistics: compare with the layer run by hand at inference
    const pred = model.predict(xs) as fx.Tensor;
    const dense = model.layers[1] as fx.layers.Dense;
    const byHand = dense.apply(bn.apply(xs, { training: false })) as fx.Tensor;
    assertClose(data(pred), data(byHand), 1e-5, 'predict');
    const withBatchStats = dense.apply(bn.apply(xs, { training: true })) as fx.Tensor;
    assert.ok(Math.abs(data(pred)[0]! - data(withBatchStats)[0]!) > 1e-3, 'predict must not use the batch statistics');
    assert.ok((data(before)[0] ?? 0) > 0);
  });
});

describe('LayerNormalization', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.layerNormalization({ dtype, gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }), { inputShape: [3, 4], expectedOutputShape: [3, 4] });
    runLayerTest((dtype) => fx.layers.layerNormalization({ axis: [1, 2], dtype, gammaInitializer: 'randomNormal' }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2] });
    runLayerTest((dtype) => fx.layers.layerNormalization({ rmsScaling: true, dtype }), { inputShape: [2, 5] });
  });
  test('normalizes each sample over its features', () => {
    const ln = fx.layers.layerNormalization({ epsilon: 0 });
    const y = ln.apply(fx.tensor([[1, 2, 3], [10, 10, 40]])) as fx.Tensor;
    const s1 = Math.sqrt(2 / 3);
    const s2 = Math.sqrt(200);
    assertClose(data(y), [-1 / s1, 0, 1 / s1, -10 / s2, -10 / s2, 20 / s2]);
    assert.deepEqual(ln.weights.map((w) => w.name.split('/')[1]), ['gamma', 'beta']);
  });
  test('axes given out of order keep their weights aligned with their axes', () => {
    const ln = fx.layers.layerNormalization({ axis: [2, 1], epsilon: 0, center: false });
    ln.apply(fx.zeros([1, 2, 3]));
    assert.deepEqual(ln.gamma!.shape, [3, 2]);
    ln.setWeights([fx.tensor([[1, 10], [1, 10], [1, 10]])]);
    const y = data(ln.apply(fx.tensor([[[1, 1, 1], [3, 3, 3]]])) as fx.Tensor);
    assertClose(y, [-1, -1, -1, 10, 10, 10]);
  });
  test('rmsScaling divides by the root mean square without centering', () => {
    const ln = fx.layers.layerNormalization({ rmsScaling: true, epsilon: 0 });
    assertClose(data(ln.apply(fx.tensor([[3, 4]])) as fx.Tensor), [3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)]);
    assert.deepEqual(ln.weights.map((w) => w.name.split('/')[1]), ['gamma']);
  });
  test('bad arguments are refused', () => {
    assert.throws(() => fx.layers.layerNormalization({ axis: 'last' as unknown as number }), {
      message: 'LayerNormalization: axis must be an integer or a non-empty array of integers, but received the string "last".',
    });
    assert.throws(() => fx.layers.layerNormalization({ center: 1 as unknown as boolean }), { message: 'LayerNormalization: center must be a boolean, but received number 1.' });
  });
});

describe('GroupNormalization', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.groupNormalization({ groups: 2, dtype, gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
    runLayerTest((dtype) => fx.layers.groupNormalization({ groups: -1, axis: 1, dtype }), { inputShape: [2, 2, 3] });
  });
  test('normalizes each group of channels of each sample', () => {
    const gn = fx.layers.groupNormalization({ groups: 2, epsilon: 0 });
    // one sample, 2 steps, 4 channels: group 0 = channels 0,1; group 1 = channels 2,3
    const x = fx.tensor([[[1, 3, 0, 0], [5, 7, 2, 6]]]);
    const y = data(gn.apply(x) as fx.Tensor);
    const g0 = [1, 3, 5, 7]; // mean 4, variance 5
    const g1 = [0, 0, 2, 6]; // mean 2, variance 6
    const n0 = g0.map((v) => (v - 4) / Math.sqrt(5));
    const n1 = g1.map((v) => (v - 2) / Math.sqrt(6));
    assertClose(y, [n0[0]!, n0[1]!, n1[0]!, n1[1]!, n0[2]!, n0[3]!, n1[2]!, n1[3]!]);
  });
  test('groups that do not divide the channels are refused', () => {
    assert.throws(() => fx.layers.groupNormalization({ groups: 3, name: 'gn' }).apply(fx.zeros([1, 4])), {
      message: 'Layer "gn": the number of channels (4) must be a multiple of the number of groups (3).',
    });
    assert.throws(() => fx.layers.groupNormalization({ name: 'gn2' }).apply(fx.zeros([1, 4])), {
      message: 'Layer "gn2": the number of groups (32) cannot be more than the number of channels (4).',
    });
    assert.throws(() => fx.layers.groupNormalization({ groups: 0 }), { message: 'GroupNormalization: groups must be a positive integer or -1, but received number 0.' });
  });
});

describe('UnitNormalization', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.unitNormalization({ dtype }), { inputShape: [3, 4], expectedOutputShape: [3, 4] });
    runLayerTest((dtype) => fx.layers.unitNormalization({ axis: [1, 2], dtype }), { inputShape: [2, 2, 3] });
  });
  test('scales each sample to unit L2 norm; zeros stay zeros', () => {
    const y = data(fx.layers.unitNormalization().apply(fx.tensor([[3, 4], [0, 0]])) as fx.Tensor);
    assertClose(y, [0.6, 0.8, 0, 0]);
  });
  test('an axis out of range names the layer', () => {
    assert.throws(() => fx.layers.unitNormalization({ axis: -3, name: 'un' }).apply(fx.zeros([2, 2])), {
      message: 'Layer "un": axis -3 is out of range for an input of rank 2 (shape [2, 2]); expected an integer in [-1, 1] other than the batch axis 0.',
    });
  });
});
