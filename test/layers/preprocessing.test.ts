import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

const data = (t: fx.Tensor | fx.Tensor[]): number[] => Array.from((t as fx.Tensor).dataSync());

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, 'length');
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= tol, `[${i}]: ${actual[i]} vs ${expected[i]}`);
}

describe('Rescaling', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.rescaling({ scale: 2, offset: -1, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] }));
  test('computes inputs * scale + offset, per channel when given arrays; int input becomes float', () => {
    assertClose(data(fx.layers.rescaling({ scale: 1 / 255 }).apply(fx.tensor([[0, 255, 51]], undefined, 'int32')) as fx.Tensor), [0, 1, 0.2]);
    assertClose(data(fx.layers.rescaling({ scale: [1, 10], offset: [0, -1] }).apply(fx.tensor([[1, 1], [2, 2]])) as fx.Tensor), [1, 9, 2, 19]);
  });
  test('a missing scale is refused', () => {
    assert.throws(() => fx.layers.rescaling({} as fx.layers.RescalingArgs), { message: 'Rescaling: scale must be a number or a non-empty array of numbers, but received undefined.' });
  });
});

describe('Normalization', () => {
  test('layer contract (given statistics, and adaptable)', () => {
    runLayerTest((dtype) => fx.layers.normalization({ mean: [1, 2, 3], variance: [4, 1, 0.25], dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 3] });
    runLayerTest((dtype) => fx.layers.normalization({ axis: [1, 2], invert: true, dtype }), { inputShape: [2, 2, 3] });
    runLayerTest((dtype) => fx.layers.normalization({ axis: null, mean: 1, variance: 4, dtype }), { inputShape: [2, 3] });
  });
  test('(x - mean) / sqrt(variance) with given statistics, and invert undoes it', () => {
    assertClose(data(fx.layers.normalization({ mean: [1, 2], variance: [4, 9] }).apply(fx.tensor([[3, 8], [1, -1]])) as fx.Tensor), [1, 2, 0, -1]);
    assertClose(data(fx.layers.normalization({ mean: [1, 2], variance: [4, 9], invert: true }).apply(fx.tensor([[1, 2]])) as fx.Tensor), [3, 8]);
  });
  test('adapt() computes the per-feature mean and variance into the non-trainable weights "mean" and "variance"', () => {
    const norm = fx.layers.normalization({ name: 'norm' });
    norm.adapt(fx.tensor([[1, 10], [3, 30], [2, 20]]));
    assert.deepEqual(norm.weights.map((w) => w.name), ['norm/mean', 'norm/variance']);
    assert.equal(norm.trainableWeights.length, 0);
    assertClose(data(norm.adaptMean!), [2, 20]);
    assertClose(data(norm.adaptVariance!), [2 / 3, 200 / 3], 1e-4);
    assertClose(data(norm.apply(fx.tensor([[2, 30]])) as fx.Tensor), [0, 10 / Math.sqrt(200 / 3)], 1e-5);
    // adapting again replaces the statistics
    norm.adapt([[0, 0], [2, 4]]);
    assertClose(data(norm.apply(fx.tensor([[2, 4]])) as fx.Tensor), [1, 1]);
  });
  test('axis null keeps one scalar mean and variance; zero variance does not divide by zero', () => {
    const norm = fx.layers.normalization({ axis: null });
    norm.adapt(fx.tensor([[1, 3], [1, 3]]));
    assertClose(data(norm.apply(fx.tensor([[2, 4]])) as fx.Tensor), [0, 2]);
    const flat = fx.layers.normalization();
    flat.adapt(fx.tensor([[5], [5]]));
    assertClose(data(flat.apply(fx.tensor([[5]])) as fx.Tensor), [0]);
  });
  test('bad arguments and data are refused', () => {
    assert.throws(() => fx.layers.normalization({ mean: 1 }), {
      message: 'Normalization: when setting values for mean and variance, both must be set, but received mean=number 1 and variance=undefined.',
    });
    assert.throws(() => fx.layers.normalization({ mean: 1, variance: 1, name: 'n1' }).adapt(fx.zeros([2, 2])), {
      message: 'Layer "n1": adapt() cannot be used when mean and variance were passed to the constructor.',
    });
    const norm = fx.layers.normalization({ name: 'n2' });
    norm.adapt(fx.zeros([2, 3]));
    assert.throws(() => norm.adapt(fx.zeros([2, 4])), {
      message: `Layer "n2": adapt() received data of shape [2, 4], which is incompatible with the layer's input shape [null, 3].`,
    });
    assert.throws(() => fx.layers.normalization({ mean: [1, 2], variance: [1, 2], name: 'n3' }).apply(fx.zeros([1, 3])), {
      message: 'Layer "n3": mean has shape [2], which does not broadcast to [1, 3] (one value per entry of the kept axes [1] of inputs of shape [1, 3]).',
    });
  });
});

describe('CenterCrop', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.centerCrop({ height: 3, width: 4, dtype }), { inputShape: [2, 5, 6, 2], expectedOutputShape: [2, 3, 4, 2] });
    runLayerTest((dtype) => fx.layers.centerCrop({ height: 4, width: 4, dtype }), { inputShape: [1, 2, 3, 1], expectedOutputShape: [1, 4, 4, 1] });
  });
  test('crops the central window (3D and 4D, channelsFirst)', () => {
    const img = fx.reshape(fx.range(0, 20), [4, 5, 1]);
    // rows start at (4-2)/2 = 1, columns at trunc((5-2)/2) = 1
    assert.deepEqual(data(fx.layers.centerCrop({ height: 2, width: 2 }).apply(img) as fx.Tensor), [6, 7, 11, 12]);
    const batched = fx.reshape(fx.range(0, 20), [1, 1, 4, 5]);
    assert.deepEqual(data(fx.layers.centerCrop({ height: 2, width: 3, dataFormat: 'channelsFirst' }).apply(batched) as fx.Tensor), [6, 7, 8, 11, 12, 13]);
  });
  test('images smaller than the target are cropped to its aspect ratio and resized (smart resize)', () => {
    const img = fx.reshape(fx.range(0, 6), [1, 2, 3, 1]);
    const y = fx.layers.centerCrop({ height: 4, width: 4 }).apply(img) as fx.Tensor;
    // square crop of the 2x3 image: columns 0..1, then a half-pixel bilinear resize to 4x4
    const expected = fx.image.resizeBilinear(fx.slice(img, [0, 0, 0, 0], [1, 2, 2, 1]), [4, 4], false, true);
    assertClose(data(y), data(expected));
  });
  test('bad sizes and ranks are refused', () => {
    assert.throws(() => fx.layers.centerCrop({ height: 0, width: 2 }), { message: 'CenterCrop: height must be a positive integer, but received number 0.' });
    assert.throws(() => fx.layers.centerCrop({ height: 1, width: 1, name: 'cc' }).apply(fx.zeros([2, 2])), {
      message: 'Input 0 of layer "cc" is incompatible with the layer: expected min_ndim=3, found ndim=2, but received input with shape [2, 2].',
    });
  });
});

describe('Resizing', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.resizing({ height: 3, width: 5, dtype }), { inputShape: [2, 2, 3, 2], expectedOutputShape: [2, 3, 5, 2] });
    runLayerTest((dtype) => fx.layers.resizing({ height: 2, width: 2, interpolation: 'nearest', cropToAspectRatio: true, dtype }), { inputShape: [1, 4, 3, 1], expectedOutputShape: [1, 2, 2, 1] });
  });
  test('nearest upsampling repeats pixels; bilinear samples at half-pixel centres', () => {
    const img = fx.tensor([[[[1], [2]], [[3], [4]]]]);
    assert.deepEqual(data(fx.layers.resizing({ height: 4, width: 4, interpolation: 'nearest' }).apply(img) as fx.Tensor), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    // half-pixel bilinear 2 -> 4: sample points at -0.25, 0.25, 0.75, 1.25 (clamped), i.e. weights 0, .25, .75, 1
    assertClose(data(fx.layers.resizing({ height: 1, width: 4 }).apply(fx.tensor([[[[0], [4]]]])) as fx.Tensor), [0, 1, 3, 4]);
  });
  test('cropToAspectRatio crops the central window before resizing', () => {
    const img = fx.reshape(fx.range(0, 8), [1, 4, 2, 1]);
    assert.deepEqual(data(fx.layers.resizing({ height: 2, width: 2, cropToAspectRatio: true }).apply(img) as fx.Tensor), [2, 3, 4, 5]);
  });
  test('an unknown interpolation is refused', () => {
    assert.throws(() => fx.layers.resizing({ height: 2, width: 2, interpolation: 'bicubic' as 'nearest' }), {
      message: `Resizing: interpolation must be one of 'bilinear', 'nearest', but received the string "bicubic".`,
    });
  });
});
