import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

const img = fx.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);

describe('MaxPooling2D', () => {
  test('layer contract (valid and same padding, strides)', () => {
    runLayerTest((dtype) => fx.layers.maxPooling2d({ poolSize: 2, dtype }), { inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 2, 2, 3] });
    runLayerTest((dtype) => fx.layers.maxPooling2d({ poolSize: [3, 2], strides: 1, padding: 'same', dtype }), { inputShape: [1, 3, 5, 2], expectedOutputShape: [1, 3, 5, 2] });
  });
  test('known values', () => {
    assert.deepEqual(Array.from((fx.layers.maxPooling2d({ poolSize: 2 }).apply(img) as fx.Tensor).dataSync()), [6, 8, 14, 16]);
  });
  test('bad poolSize', () => {
    assert.throws(() => fx.layers.maxPooling2d({ poolSize: 0 }), { message: 'MaxPooling2D: poolSize must be a positive integer or a list of 2 positive integers, but received number 0.' });
  });
  test('wrong input rank names the layer', () => {
    assert.throws(
      () => fx.layers.maxPooling2d({ name: 'mp' }).apply(fx.zeros([4, 4, 1])),
      { message: 'Input 0 of layer "mp" is incompatible with the layer: expected ndim=4, found ndim=3, but received input with shape [4, 4, 1].' },
    );
  });
});

describe('AveragePooling2D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.averagePooling2d({ poolSize: 2, strides: 1, dtype }), { inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 2, 2, 2] }));
  test('known values', () => {
    assert.deepEqual(Array.from((fx.layers.averagePooling2d({ poolSize: 2 }).apply(img) as fx.Tensor).dataSync()), [3.5, 5.5, 11.5, 13.5]);
  });
});

describe('MaxPooling1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.maxPooling1d({ poolSize: 2, dtype }), { inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3] }));
  test('known values', () => {
    const x = fx.tensor([1, 5, 2, 2, 9, 0], [1, 6, 1]);
    assert.deepEqual(Array.from((fx.layers.maxPooling1d({ poolSize: 3 }).apply(x) as fx.Tensor).dataSync()), [5, 9]);
  });
});

describe('AveragePooling1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same', dtype }), { inputShape: [1, 5, 2], expectedOutputShape: [1, 5, 2] }));
  test('known values', () => {
    const x = fx.tensor([1, 5, 2, 2, 9, 0], [1, 6, 1]);
    assert.deepEqual(Array.from((fx.layers.averagePooling1d({ poolSize: 2 }).apply(x) as fx.Tensor).dataSync()), [3, 2, 4.5]);
  });
});

describe('GlobalAveragePooling2D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.globalAveragePooling2d({ dtype }), { inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 4] }));
  test('known values and keepdims', () => {
    assert.deepEqual(Array.from((fx.layers.globalAveragePooling2d().apply(img) as fx.Tensor).dataSync()), [8.5]);
    assert.deepEqual((fx.layers.globalAveragePooling2d({ keepdims: true }).apply(img) as fx.Tensor).shape, [1, 1, 1, 1]);
  });
});

describe('GlobalMaxPooling2D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.globalMaxPooling2d({ dtype }), { inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 4] }));
  test('known values', () => assert.deepEqual(Array.from((fx.layers.globalMaxPooling2d().apply(img) as fx.Tensor).dataSync()), [16]));
});

describe('GlobalAveragePooling1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.globalAveragePooling1d({ dtype }), { inputShape: [2, 5, 3], expectedOutputShape: [2, 3] }));
});

describe('GlobalMaxPooling1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.globalMaxPooling1d({ dtype }), { inputShape: [2, 5, 3], expectedOutputShape: [2, 3] }));
  test('known values', () => {
    assert.deepEqual(Array.from((fx.layers.globalMaxPooling1d().apply(fx.tensor([1, 5, 2, 2, 9, 0], [1, 3, 2])) as fx.Tensor).dataSync()), [9, 5]);
  });
});
