/** Forward values of the pooling ops: maxPool, avgPool, maxPool3d, avgPool3d (and their gradients' values). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

/** Asserts shape, dtype and values (to `tol` absolute + relative; NaN must match NaN). */
function expectTensor(t: fx.Tensor, shape: number[], dtype: fx.DType, values: number[], tol = 0): void {
  assert.deepEqual(t.shape, shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  const got = Array.from(t.dataSync());
  assert.equal(got.length, values.length, 'number of values');
  values.forEach((v, i) => {
    const g = got[i] as number;
    if (Number.isNaN(v)) {
      assert.ok(Number.isNaN(g), `element ${i}: expected NaN, got ${g}`);
    } else if (tol === 0 || !Number.isFinite(v)) {
      assert.equal(g, v, `element ${i}`);
    } else {
      assert.ok(Math.abs(g - v) <= tol * (1 + Math.abs(v)), `element ${i}: expected ${v}, got ${g}`);
    }
  });
}

const f32 = 1e-6;
const range = (n: number, start = 1): number[] => Array.from({ length: n }, (_, i) => i + start);
/** 1..16 as a [1,4,4,1] image: rows [1..4], [5..8], [9..12], [13..16]. */
const img = (): fx.Tensor => fx.tensor(range(16), [1, 4, 4, 1]);

describe('maxPool', () => {
  test("'valid' windows, stride 2, and the Tensor method", () => {
    expectTensor(fx.maxPool(img(), 2, 2, 'valid'), [1, 2, 2, 1], 'float32', [6, 8, 14, 16]);
    expectTensor(img().maxPool([2, 2], [2, 2], 'valid'), [1, 2, 2, 1], 'float32', [6, 8, 14, 16]);
  });
  test("'same' padding keeps the size at stride 1 and pads after at stride 2", () => {
    expectTensor(fx.maxPool(img(), 3, 1, 'same'), [1, 4, 4, 1], 'float32', [6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16, 14, 15, 16, 16]);
    expectTensor(fx.maxPool(img(), 3, 2, 'same'), [1, 2, 2, 1], 'float32', [11, 12, 15, 16]);
  });
  test('numeric and explicit padding; padded positions never win', () => {
    expectTensor(fx.maxPool(fx.neg(img()), 2, 2, 1), [1, 3, 3, 1], 'float32', [-1, -2, -4, -5, -6, -8, -13, -14, -16]);
    expectTensor(fx.maxPool(img(), 2, 2, 1), [1, 3, 3, 1], 'float32', [1, 3, 4, 9, 11, 12, 13, 15, 16]);
    expectTensor(fx.maxPool(img(), 2, 2, [[0, 0], [1, 0], [0, 1], [0, 0]]), [1, 2, 2, 1], 'float32', [2, 4, 10, 12]);
  });
  test('dimRoundingMode rounds the output size', () => {
    const x = fx.tensor([1, 2, 3, 4, 5], [1, 1, 5, 1]);
    expectTensor(fx.maxPool(x, [1, 2], [1, 2], 0), [1, 1, 2, 1], 'float32', [2, 4]);
    expectTensor(fx.maxPool(x, [1, 2], [1, 2], 0, 'floor'), [1, 1, 2, 1], 'float32', [2, 4]);
    expectTensor(fx.maxPool(x, [1, 2], [1, 2], 0, 'ceil'), [1, 1, 3, 1], 'float32', [2, 4, 5]);
    expectTensor(fx.maxPool(x, [1, 2], [1, 2], 0, 'round'), [1, 1, 3, 1], 'float32', [2, 4, 5]);
  });
  test('rank 3 input, channels pooled separately, non-square filter and strides', () => {
    const x = fx.tensor([1, 8, 2, 7, 3, 6, 4, 5], [2, 2, 2]);
    expectTensor(fx.maxPool(x, 2, 1, 'valid'), [1, 1, 2], 'float32', [4, 8]);
    expectTensor(fx.maxPool(fx.reshape(img(), [4, 4, 1]), [1, 3], [2, 1], 'valid'), [2, 2, 1], 'float32', [3, 4, 11, 12]);
  });
  test('dtypes: int32 stays int32, float64 stays float64; NaN propagates', () => {
    expectTensor(fx.maxPool(fx.tensor([3, -1, 7, 2], [1, 2, 2, 1], 'int32'), 2, 1, 'valid'), [1, 1, 1, 1], 'int32', [7]);
    expectTensor(fx.maxPool(fx.tensor([0.1, 0.2, 0.3, 0.4], [1, 2, 2, 1], 'float64'), 2, 2, 'valid'), [1, 1, 1, 1], 'float64', [0.4]);
    expectTensor(fx.maxPool(fx.tensor([1, NaN, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid'), [1, 1, 1, 1], 'float32', [NaN]);
  });
  test('size-1 and empty dims', () => {
    expectTensor(fx.maxPool(fx.tensor([5], [1, 1, 1, 1]), 1, 1, 'valid'), [1, 1, 1, 1], 'float32', [5]);
    expectTensor(fx.maxPool(fx.zeros([0, 4, 4, 2]), 2, 2, 'valid'), [0, 2, 2, 2], 'float32', []);
    expectTensor(fx.maxPool(fx.zeros([1, 4, 4, 0]), 2, 2, 'same'), [1, 2, 2, 0], 'float32', []);
    expectTensor(fx.maxPool(fx.zeros([1, 0, 3, 1]), 2, 2, 'same'), [1, 0, 2, 1], 'float32', []);
  });
  test('the gradient flows to the first maximum of each window', () => {
    const g = fx.grad((x) => fx.sum(fx.maxPool(x, [1, 2], 1, 'valid')))(fx.tensor([5, 5, 1], [1, 1, 3, 1]));
    expectTensor(g, [1, 1, 3, 1], 'float32', [1, 1, 0]); // the tie in the first window goes to position 0
    const g2 = fx.grad((x) => fx.sum(fx.maxPool(x, 2, 2, 'valid')))(img());
    expectTensor(g2, [1, 4, 4, 1], 'float32', [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
  });
});

describe('avgPool', () => {
  test("'valid' windows and the Tensor method", () => {
    expectTensor(fx.avgPool(img(), 2, 2, 'valid'), [1, 2, 2, 1], 'float32', [3.5, 5.5, 11.5, 13.5]);
    expectTensor(img().avgPool(2, 2, 'valid'), [1, 2, 2, 1], 'float32', [3.5, 5.5, 11.5, 13.5]);
  });
  test("'same' divides each window by its count of valid positions", () => {
    expectTensor(
      fx.avgPool(img(), 3, 1, 'same'),
      [1, 4, 4, 1],
      'float32',
      [3.5, 4, 5, 5.5, 5.5, 6, 7, 7.5, 9.5, 10, 11, 11.5, 11.5, 12, 13, 13.5],
    );
    expectTensor(fx.avgPool(img(), 3, 2, 'same'), [1, 2, 2, 1], 'float32', [6, 7.5, 12, 13.5]);
  });
  test('numeric and explicit padding are not counted', () => {
    expectTensor(fx.avgPool(img(), 2, 2, 1), [1, 3, 3, 1], 'float32', [1, 2.5, 4, 7, 8.5, 10, 13, 14.5, 16]);
    expectTensor(fx.avgPool(img(), 2, 2, [[0, 0], [1, 0], [0, 1], [0, 0]]), [1, 2, 2, 1], 'float32', [1.5, 3.5, 7.5, 9.5]);
    expectTensor(fx.avgPool(fx.tensor([1, 2, 3, 4, 5], [1, 1, 5, 1]), [1, 2], [1, 2], 0, 'ceil'), [1, 1, 3, 1], 'float32', [1.5, 3.5, 5]);
  });
  test('dtypes: int32 is promoted to float32, float64 stays float64', () => {
    expectTensor(fx.avgPool(fx.tensor([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), 2, 2, 'valid'), [1, 1, 1, 1], 'float32', [2.5]);
    expectTensor(fx.avgPool(fx.tensor([0.1, 0.2, 0.3, 0.4], [2, 2, 1], 'float64'), 2, 2, 'valid'), [1, 1, 1], 'float64', [(0.1 + 0.2 + 0.3 + 0.4) / 4], 1e-15);
  });
  test('rank 3, channels, size-1 and empty dims', () => {
    expectTensor(fx.avgPool(fx.tensor([1, 8, 2, 7, 3, 6, 4, 5], [2, 2, 2]), 2, 1, 'valid'), [1, 1, 2], 'float32', [2.5, 6.5]);
    expectTensor(fx.avgPool(fx.tensor([5], [1, 1, 1]), 1, 1, 'same'), [1, 1, 1], 'float32', [5]);
    expectTensor(fx.avgPool(fx.zeros([0, 3, 3, 1]), 2, 1, 'valid'), [0, 2, 2, 1], 'float32', []);
  });
  test('the gradient spreads over the valid positions of each window (TensorFlow, not 1/filter area)', () => {
    const g = fx.grad((x) => fx.sum(fx.avgPool(x, 3, 1, 'same')))(fx.ones([1, 3, 3, 1]));
    const corner = 1 / 4 + 2 / 6 + 1 / 9;
    const edge = 2 / 4 + 3 / 6 + 1 / 9; // the windows of outputs (0,0),(0,2) [4], (0,1),(1,0),(1,2) [6], (1,1) [9]
    const centre = 4 / 4 + 4 / 6 + 1 / 9;
    expectTensor(g, [1, 3, 3, 1], 'float32', [corner, edge, corner, edge, centre, edge, corner, edge, corner], f32);
  });
});

describe('maxPool3d', () => {
  const cube = (): fx.Tensor => fx.tensor(range(27, 0), [1, 3, 3, 3, 1]);
  test("'valid' 2x2x2 windows", () => {
    expectTensor(fx.maxPool3d(cube(), 2, 1, 'valid'), [1, 2, 2, 2, 1], 'float32', [13, 14, 16, 17, 22, 23, 25, 26]);
    expectTensor(fx.maxPool3d(cube(), [1, 1, 3], [1, 2, 1], 'valid'), [1, 3, 2, 1, 1], 'float32', [2, 8, 11, 17, 20, 26]);
  });
  test("'same' padding, numeric padding, unbatched input", () => {
    expectTensor(fx.maxPool3d(cube(), 2, 2, 'same'), [1, 2, 2, 2, 1], 'float32', [13, 14, 16, 17, 22, 23, 25, 26]);
    expectTensor(fx.maxPool3d(fx.reshape(cube(), [3, 3, 3, 1]), 3, 3, 1), [1, 1, 1, 1], 'float32', [13]);
  });
  test('dtypes and empty dims', () => {
    expectTensor(fx.maxPool3d(fx.tensor(range(8), [1, 2, 2, 2, 1], 'int32'), 2, 2, 'valid'), [1, 1, 1, 1, 1], 'int32', [8]);
    expectTensor(fx.maxPool3d(fx.zeros([2, 2, 2, 2, 0], 'float64'), 2, 2, 'valid'), [2, 1, 1, 1, 0], 'float64', []);
  });
});

describe('avgPool3d', () => {
  const cube = (): fx.Tensor => fx.tensor(range(27, 0), [1, 3, 3, 3, 1]);
  test("'valid' and 'same' windows", () => {
    expectTensor(fx.avgPool3d(cube(), 2, 1, 'valid'), [1, 2, 2, 2, 1], 'float32', [6.5, 7.5, 9.5, 10.5, 15.5, 16.5, 18.5, 19.5]);
    // 'same' with stride 2: windows [0,2) and [2,3) along each axis
    expectTensor(fx.avgPool3d(cube(), 2, 2, 'same'), [1, 2, 2, 2, 1], 'float32', [6.5, 8, 11, 12.5, 20, 21.5, 24.5, 26]);
  });
  test('int32 is promoted, unbatched input, empty batch', () => {
    expectTensor(fx.avgPool3d(fx.tensor(range(8), [2, 2, 2, 1], 'int32'), 2, 1, 'valid'), [1, 1, 1, 1], 'float32', [4.5]);
    expectTensor(fx.avgPool3d(fx.zeros([0, 2, 2, 2, 1]), 1, 1, 'valid'), [0, 2, 2, 2, 1], 'float32', []);
  });
});
