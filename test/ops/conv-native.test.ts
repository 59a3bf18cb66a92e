/** The native conv family's N-API boundary rejects bad calls instead of reading or writing out of bounds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNative, nativeAs } from '../../src/backends/cpu/native.js';

interface ConvBoundary {
  convForward(x: Float32Array, w: Float32Array, y: Float32Array, geom: Int32Array): void;
  depthwiseForward(x: Float32Array, w: Float32Array, y: Float32Array, geom: Int32Array): void;
  maxPool(x: Float32Array, y: Float32Array, geom: Int32Array): void;
}

// x [1, 1, 4, 4, 2], filter [1, 3, 3, 2, 3], y [1, 1, 2, 2, 3]: stride 1, dilation 1, no padding.
const geom = (): Int32Array => Int32Array.of(1, 1, 4, 4, 2, 1, 3, 3, 3, 1, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0);
const pool = (): Int32Array => Int32Array.of(1, 1, 4, 4, 2, 1, 2, 2, 1, 2, 2, 0, 0, 0, 1, 2, 2);

test('native conv kernels validate sizes, geometry and array types', { skip: !loadNative().ok }, () => {
  const a = nativeAs<ConvBoundary>();
  const x = new Float32Array(32).fill(1);
  const w = new Float32Array(54).fill(1);
  const y = new Float32Array(12);
  a.convForward(x, w, y, geom());
  assert.deepEqual([...y], new Array<number>(12).fill(18));
  assert.throws(() => a.convForward(x, w, new Float32Array(11), geom()), RangeError);
  assert.throws(() => a.convForward(x.subarray(1), w, y, geom()), RangeError);
  const badStride = geom();
  badStride[13] = 0;
  assert.throws(() => a.convForward(x, w, y, badStride), RangeError);
  assert.throws(() => a.convForward(x, w, y, geom().subarray(1)), RangeError);
  const huge = geom();
  huge[0] = 2 ** 30;
  huge[2] = 2 ** 30;
  assert.throws(() => a.convForward(x, w, y, huge), RangeError);
  assert.throws(() => a.convForward(Float64Array.from(x) as unknown as Float32Array, w, y, geom()), TypeError);
  const threeD = geom();
  threeD[1] = 2;
  assert.throws(() => a.depthwiseForward(x, w, y, threeD), RangeError);
  const py = new Float32Array(8);
  a.maxPool(x, py, pool());
  assert.throws(() => a.maxPool(x, new Float32Array(9), pool()), RangeError);
});
