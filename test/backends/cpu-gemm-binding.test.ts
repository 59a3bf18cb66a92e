/**
 * The native matMul validates its arguments at the N-API boundary: the scalars arrive in one Float64Array
 * ([m, n, k, transposeA, transposeB, activation, alpha, rankA, rankB, ...batchA, ...batchB]), and a call whose
 * sizes do not match the arrays, or whose parameters are not what they must be, throws instead of reading or
 * writing out of bounds (the ops validate too; the kernels do not trust them).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadNative, nativeAs } from '../../src/backends/cpu/native.js';

interface GemmNative {
  matMulF32(a: Float32Array, b: Float32Array, out: Float32Array, bias: Float32Array | null, params: unknown): void;
  matMulF64(a: Float64Array, b: Float64Array, out: Float64Array, params: unknown): void;
}

const skip = loadNative().ok ? false : 'the native addon is not built';

/** params for an unbatched [m, k] x [k, n] product. */
const p2 = (m: number, n: number, k: number, act = 0, alpha = 0): Float64Array => Float64Array.from([m, n, k, 0, 0, act, alpha, 0, 0]);

describe('native matMul checks its arguments', { skip }, () => {
  const nat = (): GemmNative => nativeAs<GemmNative>();
  const a = Float32Array.from([1, 2, 3, 4, 5, 6]); // [2, 3]
  const b = Float32Array.from([1, 0, 0, 1, 1, 1]); // [3, 2]

  test('a valid call computes the product, with bias and relu, and batched broadcasting', () => {
    const out = new Float32Array(4);
    nat().matMulF32(a, b, out, Float32Array.from([-10, 0]), p2(2, 2, 3, 1));
    assert.deepEqual(Array.from(out), [0, 5, 0, 11]);
    // [2, 1, 3] x [3, 2] as batchA [2], batchB []: two products with the shared b
    const out64 = new Float64Array(4);
    nat().matMulF64(Float64Array.from(a), Float64Array.from(b), out64, Float64Array.from([1, 2, 3, 0, 0, 0, 0, 1, 0, 2]));
    assert.deepEqual(Array.from(out64), [4, 5, 10, 11]);
  });

  test('sizes that do not match the arrays are refused', () => {
    assert.throws(() => nat().matMulF32(a, b, new Float32Array(4), null, p2(2, 2, 4)), /a has 6 elements, expected 8/);
    assert.throws(() => nat().matMulF32(a, b, new Float32Array(3), null, p2(2, 2, 3)), /out has 3 elements, expected 4/);
    assert.throws(() => nat().matMulF32(a, b, new Float32Array(4), new Float32Array(3), p2(2, 2, 3)), /bias has 3 elements, expected n = 2/);
    const batched = Float64Array.from([2, 2, 3, 0, 0, 0, 0, 1, 1, 2, 3]); // batch dims 2 vs 3
    assert.throws(() => nat().matMulF32(new Float32Array(12), new Float32Array(18), new Float32Array(24), null, batched), /do not broadcast/);
  });

  test('params must be a Float64Array of whole, non-negative sizes and a known activation', () => {
    const out = new Float32Array(4);
    assert.throws(() => nat().matMulF32(a, b, out, null, [2, 2, 3, 0, 0, 0, 0, 0, 0]), TypeError);
    assert.throws(() => nat().matMulF32(a, b, out, null, Float64Array.from([2, 2, 3])), /params has fewer than 9 entries/);
    assert.throws(() => nat().matMulF32(a, b, out, null, Float64Array.from([2, 2, 3, 0, 0, 0, 0, 1, 0])), /params has 9 entries, expected 10/);
    assert.throws(() => nat().matMulF32(a, b, out, null, p2(2.5, 2, 3)), /params\[0\] must be a non-negative integer, got 2\.5/);
    assert.throws(() => nat().matMulF32(a, b, out, null, p2(2, Number.NaN, 3)), /params\[1\] must be a non-negative integer, got nan/);
    assert.throws(() => nat().matMulF32(a, b, out, null, p2(2, 2, -3)), /params\[2\] must be a non-negative integer, got -3/);
    assert.throws(() => nat().matMulF32(a, b, out, null, p2(2, 2, 3, 9)), /unknown activation 9/);
    assert.throws(() => nat().matMulF32(a, b, out, null, p2(2, 2, 3, 0.5)), /unknown activation 0\.5/);
    // alpha outside float's range is not undefined behaviour: it saturates (leaky relu of negatives -> -inf)
    nat().matMulF32(Float32Array.from([-1, -1, -1, 1, 1, 1]), b, out, null, p2(2, 2, 3, 6, 1e300));
    assert.deepEqual(Array.from(out), [-Infinity, -Infinity, 2, 2]);
  });
});
