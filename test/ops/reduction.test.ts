/** Forward values of the reduction family: reductions, arg-reductions, moments, norms, scans, softmax. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

/** Asserts shape, dtype and values (to `tol` relative, NaN matching NaN, infinities exactly). */
function expectTensor(t: fx.Tensor, shape: number[], dtype: fx.DType, values: number[], tol = 1e-6): void {
  assert.deepEqual(t.shape, shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  const got = Array.from(t.dataSync());
  assert.equal(got.length, values.length, 'number of values');
  values.forEach((want, i) => {
    const v = got[i] as number;
    if (Number.isNaN(want)) assert.ok(Number.isNaN(v), `element ${i}: expected NaN, got ${v}`);
    else if (!Number.isFinite(want)) assert.equal(v, want, `element ${i}`);
    else assert.ok(Math.abs(v - want) <= tol * Math.max(1, Math.abs(want)), `element ${i}: expected ${want}, got ${v}`);
  });
}

const m23 = (): fx.Tensor => fx.tensor([[1, 2, 3], [4, 5, 6]]);
/** 0..11 in shape [2,3,2]: element [i,j,k] is 6i+2j+k. */
const r12 = (): fx.Tensor => fx.tensor(Array.from({ length: 12 }, (_, i) => i), [2, 3, 2]);
const i23 = (): fx.Tensor => fx.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32');

describe('sum', () => {
  test('all axes, one axis, negative axis, several axes', () => {
    expectTensor(fx.sum(m23()), [], 'float32', [21]);
    expectTensor(fx.sum(m23(), 0), [3], 'float32', [5, 7, 9]);
    expectTensor(fx.sum(m23(), -1), [2], 'float32', [6, 15]);
    expectTensor(fx.sum(r12(), [0, -1]), [3], 'float32', [14, 22, 30]);
  });
  test('keepDims and the method form', () => {
    expectTensor(fx.sum(m23(), 1, true), [2, 1], 'float32', [6, 15]);
    expectTensor(m23().sum(null, true), [1, 1], 'float32', [21]);
    expectTensor(m23().sum(0), [3], 'float32', [5, 7, 9]);
  });
  test('dtypes: int32 stays int32, bool counts as int32, float64 stays float64', () => {
    expectTensor(fx.sum(i23(), 1), [2], 'int32', [6, 15]);
    expectTensor(fx.sum(fx.tensor([[true, false, true], [true, true, true]]), 1), [2], 'int32', [2, 3]);
    expectTensor(fx.sum(fx.tensor([0.1, 0.2], [2], 'float64')), [], 'float64', [0.1 + 0.2], 0);
  });
  test('accumulates float32 in float64', () => {
    // a float32 running sum would lose both 1s against 2^24
    expectTensor(fx.sum(fx.tensor([16777216, 1, 1, -16777216])), [], 'float32', [2], 0);
  });
  test('empty and size-1 dims; axis [] reduces nothing', () => {
    expectTensor(fx.sum(fx.zeros([0, 3]), 0), [3], 'float32', [0, 0, 0]);
    expectTensor(fx.sum(fx.zeros([0, 3]), 1), [0], 'float32', []);
    expectTensor(fx.sum(fx.zeros([0, 3])), [], 'float32', [0]);
    expectTensor(fx.sum(fx.tensor([[1, 2, 3]]), 0), [3], 'float32', [1, 2, 3]);
    expectTensor(fx.sum(m23(), []), [2, 3], 'float32', [1, 2, 3, 4, 5, 6]);
    expectTensor(fx.sum(fx.scalar(4)), [], 'float32', [4]);
  });
});

describe('mean', () => {
  test('axes and keepDims', () => {
    expectTensor(fx.mean(m23()), [], 'float32', [3.5]);
    expectTensor(fx.mean(m23(), 0), [3], 'float32', [2.5, 3.5, 4.5]);
    expectTensor(fx.mean(m23(), -1, true), [2, 1], 'float32', [2, 5]);
    expectTensor(m23().mean([0, 1]), [], 'float32', [3.5]);
  });
  test('int32 and bool give float32 (as TensorFlow.js); float64 stays float64', () => {
    expectTensor(fx.mean(fx.tensor([1, 2], [2], 'int32')), [], 'float32', [1.5]);
    expectTensor(fx.mean(fx.tensor([true, false, false, false])), [], 'float32', [0.25]);
    expectTensor(fx.mean(fx.tensor([1, 2, 4], [3], 'float64')), [], 'float64', [7 / 3], 1e-15);
  });
  test('empty axis is NaN; size-1 axis is the identity', () => {
    expectTensor(fx.mean(fx.zeros([0, 2]), 0), [2], 'float32', [NaN, NaN]);
    expectTensor(fx.mean(fx.zeros([0, 2]), 1), [0], 'float32', []);
    expectTensor(fx.mean(fx.tensor([[1, 2]]), 0), [2], 'float32', [1, 2]);
  });
});

describe('prod', () => {
  test('axes and keepDims', () => {
    expectTensor(fx.prod(m23()), [], 'float32', [720]);
    expectTensor(fx.prod(m23(), 1), [2], 'float32', [6, 120]);
    expectTensor(fx.prod(m23(), 0, true), [1, 3], 'float32', [4, 10, 18]);
    expectTensor(m23().prod(-1), [2], 'float32', [6, 120]);
  });
  test('dtypes: int32 stays int32, bool gives int32, float64 stays float64', () => {
    expectTensor(fx.prod(i23(), 1), [2], 'int32', [6, 120]);
    expectTensor(fx.prod(fx.tensor([[true, true], [true, false]]), 1), [2], 'int32', [1, 0]);
    expectTensor(fx.prod(fx.tensor([0.5, -3], [2], 'float64')), [], 'float64', [-1.5]);
  });
  test('empty axis is 1; zeros give 0', () => {
    expectTensor(fx.prod(fx.zeros([0, 2]), 0), [2], 'float32', [1, 1]);
    expectTensor(fx.prod(fx.tensor([2, 0, 3])), [], 'float32', [0]);
  });
});

describe('max', () => {
  test('axes, keepDims, negative axis', () => {
    const x = fx.tensor([[1, 7, 3], [4, -5, 6]]);
    expectTensor(fx.max(x), [], 'float32', [7]);
    expectTensor(fx.max(x, 0), [3], 'float32', [4, 7, 6]);
    expectTensor(fx.max(x, -1, true), [2, 1], 'float32', [7, 6]);
    expectTensor(x.max(1), [2], 'float32', [7, 6]);
  });
  test('int32 and float64 keep their dtype; NaN propagates', () => {
    expectTensor(fx.max(i23(), 0), [3], 'int32', [4, 5, 6]);
    expectTensor(fx.max(fx.tensor([1, 2], [2], 'float64')), [], 'float64', [2]);
    expectTensor(fx.max(fx.tensor([1, NaN, 3])), [], 'float32', [NaN]);
  });
  test('over an empty axis: -Infinity (floats) or the lowest int32, as TensorFlow', () => {
    expectTensor(fx.max(fx.zeros([0, 2]), 0), [2], 'float32', [-Infinity, -Infinity]);
    expectTensor(fx.max(fx.zeros([0, 2], 'int32'), 0), [2], 'int32', [-2147483648, -2147483648]);
    expectTensor(fx.max(fx.zeros([2, 0]), 0), [0], 'float32', []);
  });
});

describe('min', () => {
  test('axes, keepDims, several axes', () => {
    const x = fx.tensor([[1, 7, 3], [4, -5, 6]]);
    expectTensor(fx.min(x), [], 'float32', [-5]);
    expectTensor(fx.min(x, 0), [3], 'float32', [1, -5, 3]);
    expectTensor(fx.min(x, 1, true), [2, 1], 'float32', [1, -5]);
    expectTensor(fx.min(r12(), [0, 2]), [3], 'float32', [0, 2, 4]);
  });
  test('int32 keeps its dtype; NaN propagates; empty axis gives Infinity or the highest int32', () => {
    expectTensor(fx.min(i23(), 1), [2], 'int32', [1, 4]);
    expectTensor(fx.min(fx.tensor([NaN, 1])), [], 'float32', [NaN]);
    expectTensor(fx.min(fx.zeros([0, 1]), 0), [1], 'float32', [Infinity]);
    expectTensor(fx.min(fx.zeros([0], 'int32')), [], 'int32', [2147483647]);
  });
});

describe('argMax', () => {
  test('default axis 0, other axes, first index on ties', () => {
    const x = fx.tensor([[1, 5, 5], [7, 2, 7]]);
    expectTensor(fx.argMax(x), [3], 'int32', [1, 0, 1]);
    expectTensor(fx.argMax(x, 1), [2], 'int32', [1, 0]);
    expectTensor(x.argMax(-1), [2], 'int32', [1, 0]);
  });
  test('int32, bool and rank-3 inputs; size-1 axis; empty other dims', () => {
    expectTensor(fx.argMax(fx.tensor([3, 9, 9, 1], [4], 'int32')), [], 'int32', [1]);
    expectTensor(fx.argMax(fx.tensor([false, true, true])), [], 'int32', [1]);
    expectTensor(fx.argMax(fx.tensor([[[1, 2], [3, 0]], [[0, 5], [4, 4]]]), 1), [2, 2], 'int32', [1, 0, 1, 0]);
    expectTensor(fx.argMax(fx.tensor([[4, 2]]), 0), [2], 'int32', [0, 0]);
    expectTensor(fx.argMax(fx.zeros([0, 3]), 1), [0], 'int32', []);
  });
});

describe('argMin', () => {
  test('default axis 0, other axes, first index on ties', () => {
    const x = fx.tensor([[1, 5, 2], [1, 2, 7]]);
    expectTensor(fx.argMin(x), [3], 'int32', [0, 1, 0]);
    expectTensor(fx.argMin(x, 1), [2], 'int32', [0, 0]);
    expectTensor(x.argMin(-1), [2], 'int32', [0, 0]);
  });
  test('int32 and float64 inputs', () => {
    expectTensor(fx.argMin(fx.tensor([3, -9, 1, -9], [4], 'int32')), [], 'int32', [1]);
    expectTensor(fx.argMin(fx.tensor([[0.5], [0.25]], undefined, 'float64')), [1], 'int32', [1]);
  });
});

describe('all', () => {
  test('axes and keepDims', () => {
    const x = fx.tensor([[true, false], [true, true]]);
    expectTensor(fx.all(x), [], 'bool', [0]);
    expectTensor(fx.all(x, 1), [2], 'bool', [0, 1]);
    expectTensor(fx.all(x, 0, true), [1, 2], 'bool', [1, 0]);
    expectTensor(x.all(-1), [2], 'bool', [0, 1]);
  });
  test('empty axis is true', () => {
    expectTensor(fx.all(fx.zeros([0, 2], 'bool'), 0), [2], 'bool', [1, 1]);
  });
});

describe('any', () => {
  test('axes and keepDims', () => {
    const x = fx.tensor([[false, false], [true, false]]);
    expectTensor(fx.any(x), [], 'bool', [1]);
    expectTensor(fx.any(x, 1), [2], 'bool', [0, 1]);
    expectTensor(fx.any(x, 0, true), [1, 2], 'bool', [1, 0]);
    expectTensor(x.any(), [], 'bool', [1]);
  });
  test('empty axis is false', () => {
    expectTensor(fx.any(fx.zeros([0, 2], 'bool'), 0), [2], 'bool', [0, 0]);
  });
});

describe('logSumExp', () => {
  test('known values, axes and keepDims', () => {
    expectTensor(fx.logSumExp(fx.tensor([1, 2, 3])), [], 'float32', [3.40760596444438]);
    expectTensor(fx.logSumExp(fx.tensor([[0, 0], [1, 1]]), 1), [2], 'float32', [Math.LN2, 1 + Math.LN2]);
    expectTensor(fx.logSumExp(fx.tensor([[0, 0], [1, 1]]), 0, true), [1, 2], 'float32', [Math.log(1 + Math.E), Math.log(1 + Math.E)]);
  });
  test('stable for large and very negative inputs; -Infinity rows and empty axes give -Infinity', () => {
    expectTensor(fx.logSumExp(fx.tensor([1000, 1000])), [], 'float32', [1000 + Math.LN2]);
    expectTensor(fx.logSumExp(fx.tensor([-1000, -1000], [2], 'float64')), [], 'float64', [-1000 + Math.LN2], 1e-15);
    expectTensor(fx.logSumExp(fx.tensor([-Infinity, -Infinity])), [], 'float32', [-Infinity]);
    expectTensor(fx.logSumExp(fx.zeros([0, 2]), 0), [2], 'float32', [-Infinity, -Infinity]);
  });
  test('int32 is promoted to float32', () => {
    expectTensor(fx.logSumExp(fx.tensor([0, 0], [2], 'int32')), [], 'float32', [Math.LN2]);
  });
});

describe('moments', () => {
  test('all axes, one axis, keepDims', () => {
    const x = fx.tensor([[1, 2], [3, 4]]);
    const all = fx.moments(x);
    expectTensor(all.mean, [], 'float32', [2.5]);
    expectTensor(all.variance, [], 'float32', [1.25]);
    const cols = fx.moments(x, 0);
    expectTensor(cols.mean, [2], 'float32', [2, 3]);
    expectTensor(cols.variance, [2], 'float32', [1, 1]);
    const kept = fx.moments(x, [1], true);
    expectTensor(kept.mean, [2, 1], 'float32', [1.5, 3.5]);
    expectTensor(kept.variance, [2, 1], 'float32', [0.25, 0.25]);
  });
  test('int32 gives float32; float64 stays float64', () => {
    expectTensor(fx.moments(fx.tensor([1, 2, 3, 4], [4], 'int32')).variance, [], 'float32', [1.25]);
    expectTensor(fx.moments(fx.tensor([1, 3], [2], 'float64')).variance, [], 'float64', [1]);
  });
});

describe('norm', () => {
  test('vector norms', () => {
    const v = fx.tensor([3, -4]);
    expectTensor(fx.norm(v), [], 'float32', [5]);
    expectTensor(fx.norm(v, 2), [], 'float32', [5]);
    expectTensor(fx.norm(v, 1), [], 'float32', [7]);
    expectTensor(fx.norm(v, Infinity), [], 'float32', [4]);
    expectTensor(fx.norm(v, -Infinity), [], 'float32', [3]);
    expectTensor(v.norm('euclidean', 0, true), [1], 'float32', [5]);
  });
  test('axis null treats the tensor as one vector; an integer axis gives row norms', () => {
    const x = fx.tensor([[1, -2], [3, 4]]);
    expectTensor(fx.norm(x), [], 'float32', [Math.sqrt(30)]);
    expectTensor(fx.norm(x, 1), [], 'float32', [10]);
    expectTensor(fx.norm(x, Infinity, null, true), [1, 1], 'float32', [4]);
    expectTensor(fx.norm(x, 1, 1), [2], 'float32', [3, 7]);
    expectTensor(fx.norm(x, 'euclidean', [-1]), [2], 'float32', [Math.sqrt(5), 5]);
  });
  test('matrix norms over an axis pair (rows, columns)', () => {
    const x = fx.tensor([[1, -2], [3, 4]]);
    expectTensor(fx.norm(x, 1, [0, 1]), [], 'float32', [6]); // max column sum
    expectTensor(fx.norm(x, Infinity, [0, 1]), [], 'float32', [7]); // max row sum
    expectTensor(fx.norm(x, -Infinity, [0, 1]), [], 'float32', [3]); // min row sum
    expectTensor(fx.norm(x, 'fro', [0, 1]), [], 'float32', [Math.sqrt(30)]);
    expectTensor(fx.norm(x, 'euclidean', [-2, -1], true), [1, 1], 'float32', [Math.sqrt(30)]);
    expectTensor(fx.norm(x, 1, [1, 0]), [], 'float32', [7]); // swapped roles: rows are axis 1
  });
  test('batched matrix norms, scalars, ints and empty tensors', () => {
    const b = fx.tensor([[[1, 2], [3, 4]], [[-1, 0], [0, 1]]]);
    expectTensor(fx.norm(b, 1, [1, 2]), [2], 'float32', [6, 1]);
    expectTensor(fx.norm(b, 'fro', [1, 2], true), [2, 1, 1], 'float32', [Math.sqrt(30), Math.SQRT2]);
    expectTensor(fx.norm(fx.scalar(-3)), [], 'float32', [3]);
    expectTensor(fx.norm(fx.tensor([3, 4], [2], 'int32')), [], 'float32', [5]);
    expectTensor(fx.norm(fx.zeros([0])), [], 'float32', [0]);
  });
});

describe('euclideanNorm', () => {
  test('axes, keepDims, dtypes, empty', () => {
    const x = fx.tensor([[3, 4], [6, 8]]);
    expectTensor(fx.euclideanNorm(x), [], 'float32', [Math.sqrt(125)]);
    expectTensor(fx.euclideanNorm(x, 1), [2], 'float32', [5, 10]);
    expectTensor(x.euclideanNorm(0, true), [1, 2], 'float32', [Math.sqrt(45), Math.sqrt(80)]);
    expectTensor(fx.euclideanNorm(r12(), [0, 1, 2]), [], 'float32', [Math.sqrt(506)]);
    expectTensor(fx.euclideanNorm(fx.tensor([3, 4], [2], 'int32')), [], 'float32', [5]);
    expectTensor(fx.euclideanNorm(fx.tensor([1e200, 1e200], [2], 'float64')), [], 'float64', [Infinity]);
    expectTensor(fx.euclideanNorm(fx.zeros([0, 2]), 0), [2], 'float32', [0, 0]);
  });
});

describe('cumsum', () => {
  test('inclusive, exclusive, reverse', () => {
    const x = fx.tensor([1, 2, 3, 4]);
    expectTensor(fx.cumsum(x), [4], 'float32', [1, 3, 6, 10]);
    expectTensor(fx.cumsum(x, 0, true), [4], 'float32', [0, 1, 3, 6]);
    expectTensor(fx.cumsum(x, 0, false, true), [4], 'float32', [10, 9, 7, 4]);
    expectTensor(x.cumsum(0, true, true), [4], 'float32', [9, 7, 4, 0]);
  });
  test('along an inner axis; int32 and bool give int32; float64; empty', () => {
    expectTensor(fx.cumsum(m23(), 1), [2, 3], 'float32', [1, 3, 6, 4, 9, 15]);
    expectTensor(fx.cumsum(i23(), -2), [2, 3], 'int32', [1, 2, 3, 5, 7, 9]);
    expectTensor(fx.cumsum(fx.tensor([true, false, true])), [3], 'int32', [1, 1, 2]);
    expectTensor(fx.cumsum(fx.tensor([0.1, 0.2], [2], 'float64')), [2], 'float64', [0.1, 0.1 + 0.2], 0);
    expectTensor(fx.cumsum(fx.zeros([2, 0]), 1), [2, 0], 'float32', []);
  });
});

describe('cumprod', () => {
  test('inclusive, exclusive, reverse', () => {
    const x = fx.tensor([1, 2, 3, 4]);
    expectTensor(fx.cumprod(x), [4], 'float32', [1, 2, 6, 24]);
    expectTensor(fx.cumprod(x, 0, true), [4], 'float32', [1, 1, 2, 6]);
    expectTensor(fx.cumprod(x, 0, false, true), [4], 'float32', [24, 24, 12, 4]);
    expectTensor(x.cumprod(0, true, true), [4], 'float32', [24, 12, 4, 1]);
  });
  test('along an inner axis; int32 and bool give int32; empty', () => {
    expectTensor(fx.cumprod(m23(), 1), [2, 3], 'float32', [1, 2, 6, 4, 20, 120]);
    expectTensor(fx.cumprod(i23(), 0), [2, 3], 'int32', [1, 2, 3, 4, 10, 18]);
    expectTensor(fx.cumprod(fx.tensor([true, true, false])), [3], 'int32', [1, 1, 0]);
    expectTensor(fx.cumprod(fx.zeros([0, 3]), 0), [0, 3], 'float32', []);
  });
});

describe('softmax', () => {
  test('known values along the last axis and along another axis', () => {
    expectTensor(fx.softmax(fx.tensor([1, 2, 3])), [3], 'float32', [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]);
    expectTensor(fx.softmax(fx.tensor([[1, 1], [2, 2]]), 0), [2, 2], 'float32', [0.2689414213699951, 0.2689414213699951, 0.7310585786300049, 0.7310585786300049]);
    expectTensor(fx.tensor([[0, 0]]).softmax(), [1, 2], 'float32', [0.5, 0.5]);
  });
  test('stable for large logits; int32 promoted; float64 kept; size-1 and empty axes', () => {
    expectTensor(fx.softmax(fx.tensor([1000, 1000])), [2], 'float32', [0.5, 0.5]);
    expectTensor(fx.softmax(fx.tensor([-1000, 0], [2], 'float64')), [2], 'float64', [0, 1], 1e-15);
    expectTensor(fx.softmax(fx.tensor([0, 0], [2], 'int32')), [2], 'float32', [0.5, 0.5]);
    expectTensor(fx.softmax(fx.tensor([[3], [5]])), [2, 1], 'float32', [1, 1]);
    expectTensor(fx.softmax(fx.zeros([2, 0])), [2, 0], 'float32', []);
  });
});

describe('logSoftmax', () => {
  test('known values along the last axis and along another axis', () => {
    expectTensor(fx.logSoftmax(fx.tensor([1, 2, 3])), [3], 'float32', [-2.40760596444438, -1.40760596444438, -0.40760596444438]);
    expectTensor(fx.logSoftmax(fx.tensor([[0, 5], [0, 5]]), 0), [2, 2], 'float32', [-Math.LN2, -Math.LN2, -Math.LN2, -Math.LN2]);
    expectTensor(fx.tensor([[0, 0]]).logSoftmax(), [1, 2], 'float32', [-Math.LN2, -Math.LN2]);
  });
  test('stable for large logits (no -Infinity where softmax underflows); int32 promoted; empty', () => {
    expectTensor(fx.logSoftmax(fx.tensor([-1000, 0], [2], 'float64')), [2], 'float64', [-1000, 0], 1e-15);
    expectTensor(fx.logSoftmax(fx.tensor([1000, 1000])), [2], 'float32', [-Math.LN2, -Math.LN2]);
    expectTensor(fx.logSoftmax(fx.tensor([0, 0], [2], 'int32')), [2], 'float32', [-Math.LN2, -Math.LN2]);
    expectTensor(fx.logSoftmax(fx.zeros([0, 3])), [0, 3], 'float32', []);
  });
});
