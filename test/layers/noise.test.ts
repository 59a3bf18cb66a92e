import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

const data = (t: fx.Tensor | fx.Tensor[]): number[] => Array.from((t as fx.Tensor).dataSync());
const meanOf = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const stdOf = (v: number[]): number => Math.sqrt(meanOf(v.map((x) => (x - meanOf(v)) ** 2)));

describe('SpatialDropout1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.spatialDropout1d({ rate: 0.5, dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] }));
  test('drops whole channels in training, identity at inference', () => {
    const layer = fx.layers.spatialDropout1d({ rate: 0.5, seed: 3 });
    const x = fx.ones([4, 10, 50]);
    assert.deepEqual(data(layer.apply(x) as fx.Tensor), data(x));
    const y = data(layer.apply(x, { training: true }) as fx.Tensor);
    assert.ok(y.every((v) => v === 0 || v === 2));
    for (let b = 0; b < 4; b++) {
      for (let c = 0; c < 50; c++) {
        const column = Array.from({ length: 10 }, (_, t) => y[b * 500 + t * 50 + c]);
        assert.ok(column.every((v) => v === column[0]), `batch ${b} channel ${c} is dropped as a whole: ${column}`);
      }
    }
    const kept = y.filter((v) => v === 2).length / y.length;
    assert.ok(kept > 0.3 && kept < 0.7, `kept ${kept}`);
  });
  test('a seed makes the draws reproducible, and successive calls draw anew', () => {
    const x = fx.ones([2, 3, 40]);
    const a = fx.layers.spatialDropout1d({ rate: 0.5, seed: 11 });
    const b = fx.layers.spatialDropout1d({ rate: 0.5, seed: 11 });
    const a1 = data(a.apply(x, { training: true }) as fx.Tensor);
    assert.deepEqual(data(b.apply(x, { training: true }) as fx.Tensor), a1);
    assert.notDeepEqual(data(a.apply(x, { training: true }) as fx.Tensor), a1);
  });
  test('bad input and arguments are refused', () => {
    assert.throws(() => fx.layers.spatialDropout1d({ rate: 1 }), { message: 'SpatialDropout1D: rate must be a number in [0, 1), but received number 1.' });
    assert.throws(() => fx.layers.spatialDropout1d({ rate: 0.1, name: 'sd' }).apply(fx.zeros([2, 3])), {
      message: 'Input 0 of layer "sd" is incompatible with the layer: expected ndim=3, found ndim=2, but received input with shape [2, 3].',
    });
  });
});

describe('SpatialDropout2D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.spatialDropout2d({ rate: 0.2, dtype }), { inputShape: [2, 2, 3, 2], expectedOutputShape: [2, 2, 3, 2] }));
  test('drops whole feature maps (channelsLast and channelsFirst)', () => {
    for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
      const layer = fx.layers.spatialDropout2d({ rate: 0.5, dataFormat, seed: 5 });
      const y = fx.transpose(layer.apply(fx.ones([2, 20, 20, 20]), { training: true }) as fx.Tensor, dataFormat === 'channelsLast' ? [0, 3, 1, 2] : [0, 1, 2, 3]);
      const v = data(y);
      for (let map = 0; map < 40; map++) {
        const values = new Set(v.slice(map * 400, (map + 1) * 400));
        assert.equal(values.size, 1, `${dataFormat}: map ${map} is all kept or all dropped`);
      }
      assert.ok(new Set(v).size === 2, `${dataFormat}: some maps kept, some dropped`);
    }
  });
  test('bad dataFormat is refused', () => {
    assert.throws(() => fx.layers.spatialDropout2d({ rate: 0.5, dataFormat: 'NHWC' as 'channelsLast' }), {
      message: `SpatialDropout2D: dataFormat must be 'channelsLast' or 'channelsFirst', but received the string "NHWC".`,
    });
  });
});

describe('GaussianNoise', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.gaussianNoise({ stddev: 0.5, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('adds zero-mean noise of the given stddev in training only', () => {
    const layer = fx.layers.gaussianNoise({ stddev: 0.3, seed: 1 });
    const x = fx.fill([20000], 2);
    assert.deepEqual(data(layer.apply(x) as fx.Tensor).slice(0, 3), [2, 2, 2]);
    const noise = data(layer.apply(x, { training: true }) as fx.Tensor).map((v) => v - 2);
    assert.ok(Math.abs(meanOf(noise)) < 0.01, `mean ${meanOf(noise)}`);
    assert.ok(Math.abs(stdOf(noise) - 0.3) < 0.01, `std ${stdOf(noise)}`);
  });
  test('stddev outside [0, 1] is refused (Keras 3)', () => {
    assert.throws(() => fx.layers.gaussianNoise({ stddev: 2 }), { message: 'GaussianNoise: stddev must be a number in [0, 1], but received number 2.' });
    assert.throws(() => fx.layers.gaussianNoise({ stddev: 0.1, seed: 0.5 }), { message: 'GaussianNoise: seed must be an integer, but received number 0.5.' });
  });
});

describe('GaussianDropout', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.gaussianDropout({ rate: 0.3, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('multiplies by noise of mean 1 and stddev sqrt(rate / (1 - rate)) in training only', () => {
    const layer = fx.layers.gaussianDropout({ rate: 0.2, seed: 2 });
    const x = fx.fill([20000], 3);
    assert.deepEqual(data(layer.apply(x) as fx.Tensor).slice(0, 2), [3, 3]);
    const factor = data(layer.apply(x, { training: true }) as fx.Tensor).map((v) => v / 3);
    assert.ok(Math.abs(meanOf(factor) - 1) < 0.01, `mean ${meanOf(factor)}`);
    assert.ok(Math.abs(stdOf(factor) - 0.5) < 0.01, `std ${stdOf(factor)}`);
  });
  test('rate outside [0, 1) is refused', () => {
    assert.throws(() => fx.layers.gaussianDropout({ rate: -0.1 }), { message: 'GaussianDropout: rate must be a number in [0, 1), but received number -0.1.' });
  });
});

describe('AlphaDropout', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.alphaDropout({ rate: 0.3, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('dropped values go to the SELU saturation, then an affine correction keeps mean and variance', () => {
    const rate = 0.25;
    const alphaP = -1.6732632423543772 * 1.0507009873554805;
    const a = ((1 - rate) * (1 + rate * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * rate;
    const layer = fx.layers.alphaDropout({ rate, seed: 4 });
    const y = data(layer.apply(fx.ones([1000]), { training: true }) as fx.Tensor);
    const kept = a + b;
    const dropped = a * alphaP + b;
    assert.ok(y.every((v) => Math.abs(v - kept) < 1e-5 || Math.abs(v - dropped) < 1e-5));
    const frac = y.filter((v) => Math.abs(v - dropped) < 1e-5).length / 1000;
    assert.ok(Math.abs(frac - rate) < 0.05, `dropped fraction ${frac}`);
    // standard-normal inputs keep mean 0 and variance 1
    const z = data(fx.layers.alphaDropout({ rate, seed: 9 }).apply(fx.randomNormal([40000], 0, 1, 'float32', 3), { training: true }) as fx.Tensor);
    assert.ok(Math.abs(meanOf(z)) < 0.02, `mean ${meanOf(z)}`);
    assert.ok(Math.abs(stdOf(z) - 1) < 0.02, `std ${stdOf(z)}`);
    assert.deepEqual(data(layer.apply(fx.ones([3])) as fx.Tensor), [1, 1, 1]);
  });
  test('noiseShape shares draws', () => {
    const y = data(fx.layers.alphaDropout({ rate: 0.5, noiseShape: [null, 1], seed: 1 }).apply(fx.ones([50, 4]), { training: true }) as fx.Tensor);
    for (let r = 0; r < 50; r++) assert.equal(new Set(y.slice(r * 4, r * 4 + 4)).size, 1);
  });
  test('rate outside [0, 1) is refused', () => {
    assert.throws(() => fx.layers.alphaDropout({ rate: 1.5 }), { message: 'AlphaDropout: rate must be a number in [0, 1), but received number 1.5.' });
  });
});
