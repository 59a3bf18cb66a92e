/** Forward values of the indexing ops (hand-computed or from TensorFlow / TensorFlow.js). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as fx from '../../src/index.js';
import type { DType } from '../../src/index.js';

function expectTensor(t: fx.Tensor, shape: number[], dtype: DType, values: number[]): void {
  assert.deepEqual(t.shape, shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  assert.deepEqual(Array.from(t.dataSync()), values, 'values');
}

function iota(shape: number[], dtype: DType = 'float32'): fx.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return fx.tensor(Array.from({ length: n }, (_, i) => i), shape, dtype);
}

const int = (values: number[], shape?: number[]): fx.Tensor => fx.tensor(values, shape ?? [values.length], 'int32');

describe('gather', () => {
  test('rows of a matrix; plain-array indices become int32', () => {
    expectTensor(fx.gather(iota([3, 2]), [2, 0, 2]), [3, 2], 'float32', [4, 5, 0, 1, 4, 5]);
  });
  test('along axis 1 with rank-2 indices', () => {
    expectTensor(fx.gather(iota([2, 3], 'int32'), int([0, 2, 1, 1], [2, 2]), 1), [2, 2, 2], 'int32', [0, 2, 1, 1, 3, 5, 4, 4]);
  });
  test('a scalar index drops the axis; empty indices give an empty axis', () => {
    expectTensor(fx.gather(iota([3, 2]), fx.scalar(1, 'int32')), [2], 'float32', [2, 3]);
    expectTensor(fx.gather(iota([3, 2]), int([]), 0), [0, 2], 'float32', []);
  });
  test('batchDims = 1 gathers per batch row', () => {
    const x = iota([2, 3], 'int32');
    expectTensor(fx.gather(x, int([2, 0, 1, 1], [2, 2]), 1, 1), [2, 2], 'int32', [2, 0, 4, 4]);
    const y = iota([2, 2, 3]);
    expectTensor(fx.gather(y, int([2, 0], [2, 1]), 2, 1), [2, 2, 1], 'float32', [2, 5, 6, 9]);
  });
  test('bool and float64, negative axis, and the method form', () => {
    expectTensor(fx.gather(fx.tensor([true, false]), [1, 1, 0]), [3], 'bool', [0, 0, 1]);
    expectTensor(fx.tensor([[1.5, 2.5]], [1, 2], 'float64').gather([1], -1), [1, 1], 'float64', [2.5]);
  });
});

describe('unsortedSegmentSum', () => {
  test('sums rows with equal ids (TensorFlow docs example)', () => {
    const x = fx.tensor([[1, 2, 3, 4], [5, 6, 7, 8], [4, 3, 2, 1]], undefined, 'int32');
    expectTensor(fx.unsortedSegmentSum(x, [0, 1, 0], 2), [2, 4], 'int32', [5, 5, 5, 5, 5, 6, 7, 8]);
  });
  test('empty segments are zero; negative ids are dropped', () => {
    expectTensor(fx.unsortedSegmentSum(fx.tensor([1, 2, 3, 4]), [3, 3, -1, 0], 5), [5], 'float32', [4, 0, 0, 3, 0]);
  });
  test('segment ids over two leading dimensions; float64 and bool (counted as int32)', () => {
    expectTensor(fx.unsortedSegmentSum(iota([2, 2, 1], 'float64'), int([1, 0, 1, 1], [2, 2]), 2), [2, 1], 'float64', [1, 5]);
    expectTensor(fx.unsortedSegmentSum(fx.tensor([true, true, false]), [0, 0, 1], 2), [2], 'int32', [2, 0]);
    expectTensor(fx.unsortedSegmentSum(fx.zeros([0, 2]), int([]), 1), [1, 2], 'float32', [0, 0]);
  });
});

describe('gatherND', () => {
  test('full index tuples pick elements', () => {
    expectTensor(fx.gatherND(iota([2, 3]), [[1, 2], [0, 1]]), [2], 'float32', [5, 1]);
  });
  test('partial tuples pick slices; nested index batches keep their shape', () => {
    expectTensor(fx.gatherND(iota([2, 2, 2], 'int32'), [[1], [0]]), [2, 2, 2], 'int32', [4, 5, 6, 7, 0, 1, 2, 3]);
    expectTensor(fx.gatherND(iota([2, 3]), int([0, 0, 1, 1], [2, 1, 2])), [2, 1], 'float32', [0, 4]);
  });
  test('bool, float64 and empty index batches', () => {
    expectTensor(fx.gatherND(fx.tensor([[true, false], [false, false]]), [[0, 0], [0, 1]]), [2], 'bool', [1, 0]);
    expectTensor(fx.gatherND(fx.tensor([1, 2], [2], 'float64'), [[1]]), [1], 'float64', [2]);
    expectTensor(fx.gatherND(iota([2, 3]), int([], [0, 1])), [0, 3], 'float32', []);
  });
});

describe('scatterND', () => {
  test('TensorFlow docs example (rank-1 output)', () => {
    expectTensor(fx.scatterND([[4], [3], [1], [7]], [9, 10, 11, 12], [8]), [8], 'float32', [0, 11, 0, 10, 9, 0, 0, 12]);
  });
  test('duplicate indices add up; int32 stays int32', () => {
    expectTensor(fx.scatterND([[1], [1], [0]], int([5, 6, 7]), [3]), [3], 'int32', [7, 11, 0]);
  });
  test('slices into a matrix; bool ors; float64 and empty updates', () => {
    expectTensor(fx.scatterND([[1]], [[1, 2]], [2, 2]), [2, 2], 'float32', [0, 0, 1, 2]);
    expectTensor(fx.scatterND([[0], [0], [2]], fx.tensor([true, true, false]), [3]), [3], 'bool', [1, 0, 0]);
    expectTensor(fx.scatterND([[0, 1]], fx.tensor([0.25], [1], 'float64'), [1, 2]), [1, 2], 'float64', [0, 0.25]);
    expectTensor(fx.scatterND(int([], [0, 1]), fx.zeros([0]), [2]), [2], 'float32', [0, 0]);
  });
});

describe('tensorScatterUpdate', () => {
  test('replaces elements (TensorFlow docs example)', () => {
    const t = fx.tensor([0, 0, 0, 0, 0, 0, 0, 0], undefined, 'int32');
    expectTensor(fx.tensorScatterUpdate(t, [[4], [3], [1], [7]], [9, 10, 11, 12]), [8], 'int32', [0, 11, 0, 10, 9, 0, 0, 12]);
  });
  test('replaces rows; keeps the rest; the last duplicate wins', () => {
    expectTensor(fx.tensorScatterUpdate(iota([3, 2]), [[2], [0]], [[9, 9], [8, 8]]), [3, 2], 'float32', [8, 8, 2, 3, 9, 9]);
    expectTensor(fx.tensorScatterUpdate(iota([2]), [[0], [0]], [5, 6]), [2], 'float32', [6, 1]);
  });
  test('bool and float64 tensors', () => {
    expectTensor(fx.tensorScatterUpdate(fx.tensor([true, true]), [[1]], fx.tensor([false])), [2], 'bool', [1, 0]);
    expectTensor(fx.tensorScatterUpdate(fx.zeros([2], 'float64'), [[1]], [0.5]), [2], 'float64', [0, 0.5]);
  });
});

describe('booleanMask', () => {
  test('keeps rows where the mask is true', () => {
    expectTensor(fx.booleanMask(iota([3, 2]), fx.tensor([true, false, true])), [2, 2], 'float32', [0, 1, 4, 5]);
  });
  test('a 2-D mask flattens the masked dimensions; axis 1', () => {
    const mask = fx.tensor([[true, false], [false, true]]);
    expectTensor(fx.booleanMask(iota([2, 2, 2], 'int32'), mask), [2, 2], 'int32', [0, 1, 6, 7]);
    expectTensor(fx.booleanMask(iota([2, 3]), fx.tensor([false, true, true]), 1), [2, 2], 'float32', [1, 2, 4, 5]);
  });
  test('an all-false mask gives an empty dimension; bool and float64 data', () => {
    expectTensor(fx.booleanMask(iota([2, 2]), fx.tensor([false, false])), [0, 2], 'float32', []);
    expectTensor(fx.booleanMask(fx.tensor([true, false, true]), fx.tensor([false, true, true])), [2], 'bool', [0, 1]);
    expectTensor(fx.booleanMask(fx.tensor([1, 2], [2], 'float64'), fx.tensor([true, false])), [1], 'float64', [1]);
  });
});

describe('booleanMaskAsync', () => {
  test('resolves to the same result as TensorFlow.js booleanMaskAsync', async () => {
    await tf.setBackend('cpu');
    const values = Array.from({ length: 12 }, (_, i) => i * 0.5);
    const maskValues = [true, false, true, true];
    const ours = await fx.booleanMaskAsync(fx.tensor(values, [3, 4]), fx.tensor(maskValues), 1);
    const theirs = await tf.booleanMaskAsync(tf.tensor(values, [3, 4]), tf.tensor(maskValues, [4], 'bool'), 1);
    assert.deepEqual(ours.shape, theirs.shape);
    assert.deepEqual(Array.from(ours.dataSync()), Array.from(theirs.dataSync()));
  });
});

describe('topk', () => {
  test('the k largest values and their indices, per row', () => {
    const { values, indices } = fx.topk(fx.tensor([[1, 5, 3], [9, 2, 7]]), 2);
    expectTensor(values, [2, 2], 'float32', [5, 3, 9, 7]);
    expectTensor(indices, [2, 2], 'int32', [1, 2, 0, 2]);
  });
  test('k defaults to 1; ties take the lower index first', () => {
    expectTensor(fx.topk(fx.tensor([2, 7, 7, 1])).indices, [1], 'int32', [1]);
    expectTensor(fx.topk(fx.tensor([3, 1, 3, 3]), 3).indices, [3], 'int32', [0, 2, 3]);
  });
  test('sorted = false keeps the order of x; k = 0 and k = n', () => {
    const r = fx.topk(fx.tensor([1, 9, 4, 8]), 2, false);
    expectTensor(r.values, [2], 'float32', [9, 8]);
    expectTensor(r.indices, [2], 'int32', [1, 3]);
    expectTensor(fx.topk(fx.tensor([1, 9, 4, 8]), 0).values, [0], 'float32', []);
    expectTensor(fx.topk(fx.tensor([1, 9, 4, 8]), 4).values, [4], 'float32', [9, 8, 4, 1]);
  });
  test('long rows with small k (the selection path) agree with a full descending argsort', () => {
    const n = 48;
    const values = Array.from({ length: 2 * n }, (_, i) => (i % 11 === 5 ? NaN : (i * 7) % 5));
    const x = fx.tensor(values, [2, n], 'float64');
    const expected = fx.slice(fx.argsort(x, -1, 'DESCENDING'), [0, 0], [2, 3]);
    expectTensor(fx.topk(x, 3).indices, [2, 3], 'int32', Array.from(expected.dataSync()));
    const unsorted = fx.topk(x, 3, false).indices.arraySync() as number[][];
    const sortedRows = (expected.arraySync() as number[][]).map((r) => [...r].sort((a, b) => a - b));
    assert.deepEqual(unsorted, sortedRows);
  });
  test('int32, bool and float64 keep their dtype; NaN counts as the largest; the method form', () => {
    expectTensor(fx.topk(int([-3, 4, 0]), 2).values, [2], 'int32', [4, 0]);
    expectTensor(fx.topk(fx.tensor([false, true, true]), 2).indices, [2], 'int32', [1, 2]);
    expectTensor(fx.topk(fx.tensor([1, NaN, 2], [3], 'float64'), 2).indices, [2], 'int32', [1, 2]);
    expectTensor(fx.tensor([4, 6]).topk().values, [1], 'float32', [6]);
  });
});

describe('sort', () => {
  test('ascending by default along the last axis', () => {
    expectTensor(fx.sort(fx.tensor([[3, 1, 2], [0, -1, 5]])), [2, 3], 'float32', [1, 2, 3, -1, 0, 5]);
  });
  test('descending, and along axis 0', () => {
    expectTensor(fx.sort(fx.tensor([3, 1, 2]), -1, 'DESCENDING'), [3], 'float32', [3, 2, 1]);
    expectTensor(fx.sort(fx.tensor([[3, 1], [0, 5]]), 0), [2, 2], 'float32', [0, 1, 3, 5]);
  });
  test('int32, bool, float64 with -0, Infinity and NaN (sorted last), and an empty axis', () => {
    expectTensor(fx.sort(int([5, -2, 0])), [3], 'int32', [-2, 0, 5]);
    expectTensor(fx.sort(fx.tensor([true, false, true])), [3], 'bool', [0, 1, 1]);
    expectTensor(fx.sort(fx.tensor([NaN, Infinity, -Infinity, 1], [4], 'float64')), [4], 'float64', [-Infinity, 1, Infinity, NaN]);
    expectTensor(fx.sort(fx.zeros([2, 0])), [2, 0], 'float32', []);
  });
});

describe('argsort', () => {
  test('indices that sort each row; stable for ties', () => {
    expectTensor(fx.argsort(fx.tensor([[3, 1, 2], [2, 2, 1]])), [2, 3], 'int32', [1, 2, 0, 2, 0, 1]);
    expectTensor(fx.argsort(fx.tensor([1, 3, 1, 3]), -1, 'DESCENDING'), [4], 'int32', [1, 3, 0, 2]);
  });
  test('along axis 0 and for int32/bool inputs', () => {
    expectTensor(fx.argsort(fx.tensor([[3, 1], [0, 5]]), 0), [2, 2], 'int32', [1, 0, 0, 1]);
    expectTensor(fx.argsort(int([2, -1])), [2], 'int32', [1, 0]);
    expectTensor(fx.argsort(fx.tensor([true, false])), [2], 'int32', [1, 0]);
  });
});

describe('unique', () => {
  test('values in order of first occurrence and the index of each element (TensorFlow docs example)', () => {
    const { values, indices } = fx.unique(fx.tensor([1, 1, 2, 4, 4, 4, 7, 8, 8]));
    expectTensor(values, [5], 'float32', [1, 2, 4, 7, 8]);
    expectTensor(indices, [9], 'int32', [0, 0, 1, 2, 2, 2, 3, 4, 4]);
  });
  test('rows of a matrix (axis 0) and columns (axis 1)', () => {
    const x = fx.tensor([[1, 0, 0], [1, 0, 0], [2, 0, 0]], undefined, 'int32');
    const rows = fx.unique(x);
    expectTensor(rows.values, [2, 3], 'int32', [1, 0, 0, 2, 0, 0]);
    expectTensor(rows.indices, [3], 'int32', [0, 0, 1]);
    const cols = fx.unique(x, 1);
    expectTensor(cols.values, [3, 2], 'int32', [1, 0, 1, 0, 2, 0]);
    expectTensor(cols.indices, [3], 'int32', [0, 1, 1]);
  });
  test('bool, float64 with NaN and -0, empty input, and the method form', () => {
    expectTensor(fx.unique(fx.tensor([true, true, false])).values, [2], 'bool', [1, 0]);
    const f = fx.unique(fx.tensor([NaN, 0, -0, NaN], [4], 'float64'));
    assert.deepEqual(Array.from(f.indices.dataSync()), [0, 1, 1, 0]);
    assert.equal(f.values.size, 2);
    expectTensor(fx.unique(fx.zeros([0])).values, [0], 'float32', []);
    expectTensor(fx.tensor([3, 3]).unique().values, [1], 'float32', [3]);
  });
});
