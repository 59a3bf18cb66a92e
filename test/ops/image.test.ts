/** Forward values of the tf.image ops: resizeBilinear and resizeNearestNeighbor (and their gradients' values). */
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

/** [[1, 2], [3, 4]] as a single-channel image. */
const square = (dtype: fx.DType = 'float32'): fx.Tensor => fx.tensor([1, 2, 3, 4], [2, 2, 1], dtype);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('resizeBilinear', () => {
  test('upsampling: source coordinate i * in / out, clamped at the last pixel', () => {
    expectTensor(fx.image.resizeBilinear(square(), [4, 4]), [4, 4, 1], 'float32', [1, 1.5, 2, 2, 2, 2.5, 3, 3, 3, 3.5, 4, 4, 3, 3.5, 4, 4]);
  });
  test('alignCorners lines up the corner pixels', () => {
    expectTensor(fx.image.resizeBilinear(square(), [3, 3], true), [3, 3, 1], 'float32', [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
    expectTensor(square().resizeBilinear([3, 3], true), [3, 3, 1], 'float32', [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });
  test('halfPixelCenters samples at pixel centres', () => {
    const y = fx.image.resizeBilinear(square(), [4, 4], false, true);
    const at = [0, 0.25, 0.75, 1];
    expectTensor(y, [4, 4, 1], 'float32', at.flatMap((r) => at.map((c) => 1 + c + 2 * r)));
    // downsampling 4 -> 2 with half-pixel centres averages the middle pairs
    const x = fx.tensor(range(16), [1, 4, 4, 1]);
    expectTensor(fx.image.resizeBilinear(x, [2, 2], false, true), [1, 2, 2, 1], 'float32', [2.5, 4.5, 10.5, 12.5]);
  });
  test('same size is the identity; batch and channels are independent', () => {
    const x = fx.tensor(range(24), [2, 3, 2, 2]);
    expectTensor(fx.image.resizeBilinear(x, [3, 2]), [2, 3, 2, 2], 'float32', range(24));
    const y = fx.image.resizeBilinear(fx.tensor([0, 10, 1, 20], [1, 1, 2, 2]), [1, 3], true);
    expectTensor(y, [1, 1, 3, 2], 'float32', [0, 10, 0.5, 15, 1, 20]);
  });
  test('dtypes: int32 gives float32, float64 stays float64', () => {
    expectTensor(fx.image.resizeBilinear(square('int32'), [1, 3], true), [1, 3, 1], 'float32', [1, 1.5, 2]);
    expectTensor(fx.image.resizeBilinear(square('float64'), [3, 3], true), [3, 3, 1], 'float64', [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });
  test('size-1 output and empty batch or channels', () => {
    expectTensor(fx.image.resizeBilinear(square(), [1, 1], true), [1, 1, 1], 'float32', [1]);
    expectTensor(fx.image.resizeBilinear(fx.zeros([0, 2, 2, 3]), [4, 4]), [0, 4, 4, 3], 'float32', []);
    expectTensor(fx.image.resizeBilinear(fx.zeros([1, 2, 2, 0]), [3, 3]), [1, 3, 3, 0], 'float32', []);
  });
  test('the gradient sends each output back with its interpolation weights', () => {
    const g = fx.grad((x) => fx.sum(fx.image.resizeBilinear(x, [3, 3], true)))(square());
    expectTensor(g, [2, 2, 1], 'float32', [2.25, 2.25, 2.25, 2.25]);
    const g2 = fx.grad((x) => fx.sum(fx.image.resizeBilinear(x, [4, 4])))(square());
    // rows receive weights 1 + 0.5 | 0.5 + 1 + 1, the same along columns
    expectTensor(g2, [2, 2, 1], 'float32', [1.5 * 1.5, 1.5 * 2.5, 2.5 * 1.5, 2.5 * 2.5]);
  });
});

describe('resizeNearestNeighbor', () => {
  test('upsampling picks floor(i * in / out)', () => {
    expectTensor(fx.image.resizeNearestNeighbor(square(), [4, 4]), [4, 4, 1], 'float32', [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expectTensor(square().resizeNearestNeighbor([2, 4]), [2, 4, 1], 'float32', [1, 1, 2, 2, 3, 3, 4, 4]);
  });
  test('alignCorners rounds; halfPixelCenters samples at pixel centres', () => {
    expectTensor(fx.image.resizeNearestNeighbor(square(), [3, 3], true), [3, 3, 1], 'float32', [1, 2, 2, 3, 4, 4, 3, 4, 4]);
    expectTensor(fx.image.resizeNearestNeighbor(square(), [3, 3], false, true), [3, 3, 1], 'float32', [1, 2, 2, 3, 4, 4, 3, 4, 4]);
    const x = fx.tensor(range(16), [1, 4, 4, 1]);
    expectTensor(fx.image.resizeNearestNeighbor(x, [2, 2]), [1, 2, 2, 1], 'float32', [0, 2, 8, 10]);
    expectTensor(fx.image.resizeNearestNeighbor(x, [2, 2], false, true), [1, 2, 2, 1], 'float32', [5, 7, 13, 15]);
  });
  test('dtypes: int32 and float64 are kept', () => {
    expectTensor(fx.image.resizeNearestNeighbor(square('int32'), [1, 2]), [1, 2, 1], 'int32', [1, 2]);
    expectTensor(fx.image.resizeNearestNeighbor(square('float64'), [2, 1]), [2, 1, 1], 'float64', [1, 3]);
  });
  test('size-1 output and empty batch', () => {
    expectTensor(fx.image.resizeNearestNeighbor(square(), [1, 1], true), [1, 1, 1], 'float32', [1]);
    expectTensor(fx.image.resizeNearestNeighbor(fx.zeros([0, 3, 3, 1], 'int32'), [2, 2]), [0, 2, 2, 1], 'int32', []);
  });
  test('the gradient adds up the outputs that copied each pixel', () => {
    const g = fx.grad((x) => fx.sum(fx.image.resizeNearestNeighbor(x, [4, 4])))(square());
    expectTensor(g, [2, 2, 1], 'float32', [4, 4, 4, 4]);
    const g2 = fx.grad((x) => fx.sum(fx.image.resizeNearestNeighbor(x, [3, 3], true)))(square());
    expectTensor(g2, [2, 2, 1], 'float32', [1, 2, 2, 4]);
  });
});
