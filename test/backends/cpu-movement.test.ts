/**
 * The native movement functions validate their arguments at the N-API boundary: a call whose
 * positions fall outside the typed arrays, or whose indices are out of range, throws instead of
 * reading or writing out of bounds (the ops validate too; the kernels do not trust them).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadNative, nativeAs } from '../../src/backends/cpu/native.js';
import type { TypedArray } from '../../src/core/dtype.js';

interface MovementNative {
  stridedCopy(src: TypedArray, so: number, ss: number[], dst: TypedArray, dof: number, ds: number[], shape: number[]): void;
  gather(x: TypedArray, indices: Int32Array, out: TypedArray, batch: number, outer: number, n: number, inner: number, per: number): void;
  gatherNd(x: TypedArray, xShape: number[], indices: Int32Array, k: number, count: number, out: TypedArray): void;
  scatterNd(indices: Int32Array, k: number, count: number, updates: TypedArray, out: TypedArray, shape: number[]): void;
  tensorScatterUpdate(t: TypedArray, indices: Int32Array, k: number, count: number, updates: TypedArray, out: TypedArray, shape: number[]): void;
  unsortedSegmentSum(x: TypedArray, ids: Int32Array, numSegments: number, inner: number, out: TypedArray): void;
  mirrorPad(x: TypedArray, xShape: number[], paddings: number[], reflect: boolean, out: TypedArray): void;
}

const skip = loadNative().ok ? false : 'the native addon is not built';

describe('native movement functions check their arguments', { skip }, () => {
  const nat = (): MovementNative => nativeAs<MovementNative>();

  test('stridedCopy: in-bounds copies work, including negative and zero source strides', () => {
    const src = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const dst = new Float64Array(6);
    nat().stridedCopy(src, 5, [-3, -1], dst, 0, [3, 1], [2, 3]);
    assert.deepEqual(Array.from(dst), [5, 4, 3, 2, 1, 0]);
    const bits = new Uint8Array(8);
    nat().stridedCopy(Uint8Array.from([1, 0]), 0, [0, 1], bits, 0, [2, 1], [4, 2]);
    assert.deepEqual(Array.from(bits), [1, 0, 1, 0, 1, 0, 1, 0]);
  });

  test('stridedCopy: out-of-bounds positions, overlapping destinations and mixed types throw', () => {
    const src = new Float32Array(6);
    const dst = new Float32Array(6);
    assert.throws(() => nat().stridedCopy(src, 1, [3, 1], dst, 0, [3, 1], [2, 3]), RangeError); // reads src[6]
    assert.throws(() => nat().stridedCopy(src, 0, [3, 1], dst, 1, [3, 1], [2, 3]), RangeError); // writes dst[6]
    assert.throws(() => nat().stridedCopy(src, 0, [-1], dst, 0, [1], [2]), RangeError); // reads src[-1]
    assert.throws(() => nat().stridedCopy(src, 0, [1, 1], dst, 0, [1, 1], [2, 2]), RangeError); // dst positions repeat
    assert.throws(() => nat().stridedCopy(src, 0, [1], dst, 0, [1], [2 ** 45]), RangeError);
    assert.throws(() => nat().stridedCopy(src, 0, [1], new Float64Array(6), 0, [1], [6]), TypeError);
    assert.throws(() => nat().stridedCopy(src, 0, [1], dst, 0, [1, 1], [6]), RangeError);
  });

  test('indices out of range throw in gather, gatherNd, scatterNd, tensorScatterUpdate and unsortedSegmentSum', () => {
    const x = new Float32Array(12);
    assert.throws(() => nat().gather(x, Int32Array.from([0, 4]), new Float32Array(6), 1, 1, 4, 3, 2), RangeError);
    assert.throws(() => nat().gather(x, Int32Array.from([-1]), new Float32Array(3), 1, 1, 4, 3, 1), RangeError);
    assert.throws(() => nat().gather(x, Int32Array.from([0]), new Float32Array(4), 1, 1, 4, 3, 1), RangeError); // wrong out length
    assert.throws(() => nat().gatherNd(x, [4, 3], Int32Array.from([3, 3]), 2, 1, new Float32Array(1)), RangeError);
    assert.throws(() => nat().scatterNd(Int32Array.from([4]), 1, 1, new Float32Array(3), new Float32Array(12), [4, 3]), RangeError);
    assert.throws(
      () => nat().tensorScatterUpdate(x, Int32Array.from([-2]), 1, 1, new Float32Array(3), new Float32Array(12), [4, 3]),
      RangeError,
    );
    assert.throws(() => nat().unsortedSegmentSum(x, Int32Array.from([0, 1, 5, 0]), 3, 3, new Float32Array(9)), RangeError);
    assert.throws(() => nat().mirrorPad(x, [4, 3], [0, 0, 3, 0], true, new Float32Array(24)), RangeError); // reflect needs <= 2
  });
});
