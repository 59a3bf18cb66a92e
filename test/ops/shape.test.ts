/** Forward values of the shape ops (hand-computed or from numpy/TensorFlow). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import type { DType } from '../../src/index.js';

function expectTensor(t: fx.Tensor, shape: number[], dtype: DType, values: number[]): void {
  assert.deepEqual(t.shape, shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  assert.deepEqual(Array.from(t.dataSync()), values, 'values');
}

/** 0, 1, 2, ... in the given shape and dtype. */
function iota(shape: number[], dtype: DType = 'float32'): fx.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return fx.tensor(Array.from({ length: n }, (_, i) => i), shape, dtype);
}

describe('reshape', () => {
  test('infers one -1 dimension and keeps values and dtype', () => {
    expectTensor(fx.reshape(iota([2, 3], 'int32'), [3, -1]), [3, 2], 'int32', [0, 1, 2, 3, 4, 5]);
  });
  test('to and from scalars, bool and empty tensors', () => {
    expectTensor(fx.reshape(fx.tensor([7]), []), [], 'float32', [7]);
    expectTensor(fx.reshape(fx.tensor([true, false, true, true]), [2, 2]), [2, 2], 'bool', [1, 0, 1, 1]);
    expectTensor(fx.reshape(fx.zeros([0, 3]), [3, 0]), [3, 0], 'float32', []);
  });
  test('the same shape returns the input; the method form works', () => {
    const x = iota([2, 2]);
    assert.equal(fx.reshape(x, [2, 2]), x);
    assert.deepEqual(x.reshape([4]).shape, [4]);
  });
});

describe('broadcastTo', () => {
  test('broadcasts size-1 and missing leading dims', () => {
    expectTensor(fx.broadcastTo(fx.tensor([[1], [2]]), [2, 2, 3]), [2, 2, 3], 'float32', [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);
  });
  test('scalars, bool, float64 and an empty target', () => {
    expectTensor(fx.broadcastTo(fx.scalar(true), [3]), [3], 'bool', [1, 1, 1]);
    expectTensor(fx.broadcastTo(fx.tensor([1.5], [1], 'float64'), [2]), [2], 'float64', [1.5, 1.5]);
    expectTensor(fx.broadcastTo(fx.tensor([1, 2]), [0, 2]), [0, 2], 'float32', []);
  });
});

describe('transpose', () => {
  test('reverses axes by default', () => {
    expectTensor(fx.transpose(iota([2, 3])), [3, 2], 'float32', [0, 3, 1, 4, 2, 5]);
  });
  test('a general permutation of a rank-3 int32 tensor', () => {
    expectTensor(fx.transpose(iota([2, 3, 2], 'int32'), [1, 0, 2]), [3, 2, 2], 'int32', [0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11]);
  });
  test('bool, size-1 and empty dims', () => {
    expectTensor(fx.transpose(fx.tensor([[true, false]])), [2, 1], 'bool', [1, 0]);
    expectTensor(fx.transpose(fx.zeros([0, 2])), [2, 0], 'float32', []);
  });
});

describe('expandDims', () => {
  test('inserts an axis at the front by default and at negative positions', () => {
    const x = iota([2, 3]);
    assert.deepEqual(fx.expandDims(x).shape, [1, 2, 3]);
    assert.deepEqual(fx.expandDims(x, 1).shape, [2, 1, 3]);
    assert.deepEqual(fx.expandDims(x, 2).shape, [2, 3, 1]);
    assert.deepEqual(fx.expandDims(x, -1).shape, [2, 3, 1]);
    assert.deepEqual(fx.expandDims(x, -3).shape, [1, 2, 3]);
    assert.deepEqual(Array.from(fx.expandDims(x, 1).dataSync()), [0, 1, 2, 3, 4, 5]);
  });
  test('scalars, bool, empty and the method form', () => {
    expectTensor(fx.expandDims(fx.scalar(5, 'int32')), [1], 'int32', [5]);
    expectTensor(fx.tensor([true]).expandDims(1), [1, 1], 'bool', [1]);
    assert.deepEqual(fx.expandDims(fx.zeros([0]), 0).shape, [1, 0]);
  });
});

describe('squeeze', () => {
  test('removes every size-1 dimension by default', () => {
    expectTensor(fx.squeeze(iota([1, 3, 1], 'int32')), [3], 'int32', [0, 1, 2]);
    expectTensor(fx.squeeze(fx.tensor([[[4]]])), [], 'float32', [4]);
  });
  test('removes only the listed axes (negative allowed, a number too)', () => {
    assert.deepEqual(fx.squeeze(iota([1, 2, 1]), [0]).shape, [2, 1]);
    assert.deepEqual(fx.squeeze(iota([1, 2, 1]), [-1]).shape, [1, 2]);
    assert.deepEqual(fx.squeeze(iota([1, 2, 1]), 2).shape, [1, 2]);
    assert.deepEqual(iota([1, 2]).squeeze().shape, [2]);
  });
  test('keeps empty dims and bool dtype', () => {
    assert.deepEqual(fx.squeeze(fx.zeros([1, 0, 1])).shape, [0]);
    expectTensor(fx.squeeze(fx.tensor([[true], [false]])), [2], 'bool', [1, 0]);
  });
});

describe('concat', () => {
  test('joins along axis 0 and axis 1', () => {
    const a = fx.tensor([[1, 2], [3, 4]]);
    const b = fx.tensor([[5, 6]]);
    expectTensor(fx.concat([a, b]), [3, 2], 'float32', [1, 2, 3, 4, 5, 6]);
    expectTensor(fx.concat([a, fx.tensor([[7], [8]])], 1), [2, 3], 'float32', [1, 2, 7, 3, 4, 8]);
    expectTensor(fx.concat([a, a], -1), [2, 4], 'float32', [1, 2, 1, 2, 3, 4, 3, 4]);
  });
  test('promotes dtypes: bool + int32 -> int32, int32 + float64 -> float64', () => {
    expectTensor(fx.concat([fx.tensor([true, false]), fx.tensor([3], [1], 'int32')]), [3], 'int32', [1, 0, 3]);
    expectTensor(fx.concat([fx.tensor([1], [1], 'int32'), fx.tensor([0.5], [1], 'float64')]), [2], 'float64', [1, 0.5]);
    expectTensor(fx.concat([fx.tensor([true]), fx.tensor([false])]), [2], 'bool', [1, 0]);
  });
  test('empty parts, a single tensor, plain arrays and the method form', () => {
    expectTensor(fx.concat([fx.zeros([0, 2]), fx.ones([1, 2])]), [1, 2], 'float32', [1, 1]);
    expectTensor(fx.concat([fx.zeros([2, 0]), fx.zeros([2, 0])], 1), [2, 0], 'float32', []);
    expectTensor(fx.concat([fx.tensor([1, 2])]), [2], 'float32', [1, 2]);
    expectTensor(fx.concat([[1], [2, 3]]), [3], 'float32', [1, 2, 3]);
    expectTensor(fx.tensor([1]).concat(fx.tensor([2])), [2], 'float32', [1, 2]);
    expectTensor(fx.tensor([1]).concat([fx.tensor([2]), fx.tensor([3])]), [3], 'float32', [1, 2, 3]);
  });
  test('rank 3 along the middle axis', () => {
    const a = iota([2, 1, 2]);
    const b = fx.add(iota([2, 2, 2]), 10);
    expectTensor(fx.concat([a, b], 1), [2, 3, 2], 'float32', [0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17]);
  });
});

describe('stack', () => {
  test('stacks along a new leading or trailing axis', () => {
    const a = fx.tensor([1, 2]);
    const b = fx.tensor([3, 4]);
    expectTensor(fx.stack([a, b]), [2, 2], 'float32', [1, 2, 3, 4]);
    expectTensor(fx.stack([a, b], 1), [2, 2], 'float32', [1, 3, 2, 4]);
    expectTensor(fx.stack([a, b], -1), [2, 2], 'float32', [1, 3, 2, 4]);
  });
  test('stacks scalars into a vector and promotes dtypes', () => {
    expectTensor(fx.stack([fx.scalar(1, 'int32'), fx.scalar(2.5, 'float64')]), [2], 'float64', [1, 2.5]);
    expectTensor(fx.stack([fx.scalar(true), fx.scalar(false)]), [2], 'bool', [1, 0]);
  });
  test('empty tensors and the method form', () => {
    assert.deepEqual(fx.stack([fx.zeros([0]), fx.zeros([0])], 1).shape, [0, 2]);
    expectTensor(fx.tensor([1]).stack(fx.tensor([2])), [2, 1], 'float32', [1, 2]);
  });
});

describe('unstack', () => {
  test('splits along axis 0 and 1, dropping the axis', () => {
    const x = iota([2, 3], 'int32');
    const rows = fx.unstack(x);
    assert.equal(rows.length, 2);
    expectTensor(rows[1]!, [3], 'int32', [3, 4, 5]);
    const cols = fx.unstack(x, 1);
    assert.equal(cols.length, 3);
    expectTensor(cols[2]!, [2], 'int32', [2, 5]);
    expectTensor(x.unstack(-1)[0]!, [2], 'int32', [0, 3]);
  });
  test('a vector gives scalars; an empty axis gives no tensors; bool keeps its dtype', () => {
    const parts = fx.unstack(fx.tensor([true, false]));
    expectTensor(parts[0]!, [], 'bool', [1]);
    expectTensor(parts[1]!, [], 'bool', [0]);
    assert.deepEqual(fx.unstack(fx.zeros([0, 3])), []);
    assert.deepEqual(fx.unstack(fx.zeros([2, 0])).map((t) => t.shape), [[0], [0]]);
  });
});

describe('split', () => {
  test('into equal parts', () => {
    const parts = fx.split(iota([2, 4]), 2, 1);
    assert.equal(parts.length, 2);
    expectTensor(parts[0]!, [2, 2], 'float32', [0, 1, 4, 5]);
    expectTensor(parts[1]!, [2, 2], 'float32', [2, 3, 6, 7]);
  });
  test('into sizes, one of them -1, and sizes of 0', () => {
    const parts = fx.split(iota([5], 'int32'), [1, -1, 0, 2]);
    assert.deepEqual(parts.map((p) => Array.from(p.dataSync())), [[0], [1, 2], [], [3, 4]]);
    assert.deepEqual(parts.map((p) => p.dtype), ['int32', 'int32', 'int32', 'int32']);
  });
  test('bool, float64, negative axis and the method form', () => {
    expectTensor(fx.split(fx.tensor([true, false, false, true]), 2)[1]!, [2], 'bool', [0, 1]);
    expectTensor(fx.split(fx.tensor([1, 2, 3, 4], [2, 2], 'float64'), [1, 1], -1)[1]!, [2, 1], 'float64', [2, 4]);
    expectTensor(iota([3]).split(3)[2]!, [1], 'float32', [2]);
  });
});

describe('slice', () => {
  test('a box with explicit begin and size', () => {
    expectTensor(fx.slice(iota([3, 4]), [1, 1], [2, 2]), [2, 2], 'float32', [5, 6, 9, 10]);
  });
  test('size -1 goes to the end; missing entries take everything', () => {
    expectTensor(fx.slice(iota([3, 4]), [1, 2], [-1, -1]), [2, 2], 'float32', [6, 7, 10, 11]);
    expectTensor(fx.slice(iota([3, 2]), [2]), [1, 2], 'float32', [4, 5]);
    expectTensor(fx.slice(iota([3, 2]), 1, 1), [1, 2], 'float32', [2, 3]);
  });
  test('rank 1 with numbers; int32, bool and float64 keep their dtype', () => {
    expectTensor(fx.slice(iota([5], 'int32'), 1, 3), [3], 'int32', [1, 2, 3]);
    expectTensor(fx.slice(fx.tensor([true, false, true]), [1], [2]), [2], 'bool', [0, 1]);
    expectTensor(fx.slice(fx.tensor([1.25, 2.5], [2], 'float64'), [1]), [1], 'float64', [2.5]);
  });
  test('empty results, empty inputs and the method form', () => {
    expectTensor(fx.slice(iota([3]), [3], [0]), [0], 'float32', []);
    expectTensor(fx.slice(fx.zeros([0, 2]), [0, 1]), [0, 1], 'float32', []);
    expectTensor(iota([2, 3, 4]).slice([1, 0, 3], [1, 2, 1]), [1, 2, 1], 'float32', [15, 19]);
  });
});

describe('stridedSlice', () => {
  const x = iota([3, 4], 'int32');
  test('plain ranges, steps and negative indices', () => {
    expectTensor(fx.stridedSlice(x, [0, 1], [2, 3]), [2, 2], 'int32', [1, 2, 5, 6]);
    expectTensor(fx.stridedSlice(x, [0, 0], [3, 4], [2, 3]), [2, 2], 'int32', [0, 3, 8, 11]);
    expectTensor(fx.stridedSlice(x, [-2, -3], [3, -1]), [2, 2], 'int32', [5, 6, 9, 10]);
  });
  test('negative strides walk backwards (x[::-1, 3:0:-2])', () => {
    expectTensor(fx.stridedSlice(x, [0, 3], [0, 0], [-1, -2], 1, 1), [3, 2], 'int32', [11, 9, 7, 5, 3, 1]);
    // with end 0 not masked, the range stops before row 0 (x[:0:-1, 3:0:-2])
    expectTensor(fx.stridedSlice(x, [0, 3], [0, 0], [-1, -2], 1, 0), [2, 2], 'int32', [11, 9, 7, 5]);
  });
  test('beginMask and endMask take the whole range (x[:2, 1:])', () => {
    expectTensor(fx.stridedSlice(x, [9, 1], [2, 9], [1, 1], 1, 2), [2, 3], 'int32', [1, 2, 3, 5, 6, 7]);
  });
  test('shrinkAxisMask drops the axis (x[1], x[:, -1])', () => {
    expectTensor(fx.stridedSlice(x, [1], [2], [1], 0, 0, 0, 0, 1), [4], 'int32', [4, 5, 6, 7]);
    expectTensor(fx.stridedSlice(x, [0, -1], [0, 0], [1, 1], 1, 1, 0, 0, 2), [3], 'int32', [3, 7, 11]);
  });
  test('newAxisMask inserts a size-1 axis (x[newaxis, 1:])', () => {
    expectTensor(fx.stridedSlice(x, [0, 1], [0, 3], [1, 1], 0, 0, 0, 1), [1, 2, 4], 'int32', [4, 5, 6, 7, 8, 9, 10, 11]);
  });
  test('ellipsisMask stands for the missing axes (y[..., 1] on a rank-3 tensor)', () => {
    const y = iota([2, 2, 3]);
    expectTensor(fx.stridedSlice(y, [0, 1], [0, 2], [1, 1], 0, 0, 1, 0, 2), [2, 2], 'float32', [1, 4, 7, 10]);
    expectTensor(fx.stridedSlice(y, [1, 0], [2, 0], [1, 1], 0, 0, 2, 0, 0), [1, 2, 3], 'float32', [6, 7, 8, 9, 10, 11]);
  });
  test('out-of-range bounds clamp; a reversed range is empty', () => {
    expectTensor(fx.stridedSlice(x, [-10, 2], [10, 100]), [3, 2], 'int32', [2, 3, 6, 7, 10, 11]);
    expectTensor(fx.stridedSlice(x, [2], [1]), [0, 4], 'int32', []);
  });
  test('bool and float64 inputs and the method form', () => {
    expectTensor(fx.stridedSlice(fx.tensor([true, false, true, false]), [0], [4], [2]), [2], 'bool', [1, 1]);
    expectTensor(fx.tensor([1, 2, 3], [3], 'float64').stridedSlice([-1], [0], [-1], 0, 1), [3], 'float64', [3, 2, 1]);
  });
});

describe('tile', () => {
  test('repeats along each axis', () => {
    expectTensor(fx.tile(fx.tensor([[1, 2], [3, 4]]), [1, 2]), [2, 4], 'float32', [1, 2, 1, 2, 3, 4, 3, 4]);
    expectTensor(fx.tile(fx.tensor([[1, 2]]), [3, 1]), [3, 2], 'float32', [1, 2, 1, 2, 1, 2]);
    expectTensor(fx.tile(fx.tensor([1, 2], [2], 'int32'), [3]), [6], 'int32', [1, 2, 1, 2, 1, 2]);
  });
  test('rank 3 on two axes, bool, reps of 0 and the method form', () => {
    expectTensor(fx.tile(iota([1, 2, 1]), [2, 1, 2]), [2, 2, 2], 'float32', [0, 0, 1, 1, 0, 0, 1, 1]);
    expectTensor(fx.tile(fx.tensor([true, false]), [2]), [4], 'bool', [1, 0, 1, 0]);
    expectTensor(fx.tile(iota([2]), [0]), [0], 'float32', []);
    expectTensor(fx.tensor([5], [1], 'float64').tile([2]), [2], 'float64', [5, 5]);
  });
});

describe('pad', () => {
  test('pads with zeros by default and with a constant', () => {
    expectTensor(fx.pad(fx.tensor([[1, 2], [3, 4]]), [[1, 0], [0, 1]]), [3, 3], 'float32', [0, 0, 0, 1, 2, 0, 3, 4, 0]);
    expectTensor(fx.pad(fx.tensor([1, 2]), [[2, 1]], 7), [5], 'float32', [7, 7, 1, 2, 7]);
  });
  test('int32 truncates the constant; bool pads true for non-zero; float64 keeps it', () => {
    expectTensor(fx.pad(fx.tensor([1], [1], 'int32'), [[1, 1]], 2.7), [3], 'int32', [2, 1, 2]);
    expectTensor(fx.pad(fx.tensor([false]), [[0, 1]], 1), [2], 'bool', [0, 1]);
    expectTensor(fx.pad(fx.tensor([1], [1], 'float64'), [[1, 0]], 0.1), [2], 'float64', [0.1, 1]);
  });
  test('empty inputs, zero paddings and the method form', () => {
    expectTensor(fx.pad(fx.zeros([0, 1]), [[1, 1], [0, 0]], 3), [2, 1], 'float32', [3, 3]);
    const x = iota([2]);
    assert.equal(fx.pad(x, [[0, 0]]), x);
    expectTensor(iota([1, 2]).pad([[0, 0], [1, 0]], -1), [1, 3], 'float32', [-1, 0, 1]);
  });
});

describe('mirrorPad', () => {
  test("'reflect' excludes the edge", () => {
    expectTensor(fx.mirrorPad(fx.tensor([1, 2, 3]), [[2, 2]], 'reflect'), [7], 'float32', [3, 2, 1, 2, 3, 2, 1]);
  });
  test("'symmetric' repeats the edge", () => {
    expectTensor(fx.mirrorPad(fx.tensor([1, 2, 3]), [[2, 3]], 'symmetric'), [8], 'float32', [2, 1, 1, 2, 3, 3, 2, 1]);
  });
  test('two axes (TensorFlow docs example), int32 and bool', () => {
    const x = fx.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32');
    expectTensor(fx.mirrorPad(x, [[1, 1], [2, 2]], 'reflect'), [4, 7], 'int32', [
      6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1,
    ]);
    expectTensor(fx.mirrorPad(x, [[1, 1], [2, 2]], 'symmetric'), [4, 7], 'int32', [
      2, 1, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 5, 4, 4, 5, 6, 6, 5, 5, 4, 4, 5, 6, 6, 5,
    ]);
    expectTensor(fx.tensor([true, false]).mirrorPad([[1, 0]], 'reflect'), [3], 'bool', [0, 1, 0]);
  });
  test('size-1 axes pad only in symmetric mode', () => {
    expectTensor(fx.mirrorPad(fx.tensor([[5]]), [[0, 0], [1, 1]], 'symmetric'), [1, 3], 'float32', [5, 5, 5]);
  });
});

describe('reverse', () => {
  test('reverses all axes by default, or the listed ones', () => {
    const x = iota([2, 3], 'int32');
    expectTensor(fx.reverse(x), [2, 3], 'int32', [5, 4, 3, 2, 1, 0]);
    expectTensor(fx.reverse(x, 0), [2, 3], 'int32', [3, 4, 5, 0, 1, 2]);
    expectTensor(fx.reverse(x, [1]), [2, 3], 'int32', [2, 1, 0, 5, 4, 3]);
    expectTensor(fx.reverse(x, -1), [2, 3], 'int32', [2, 1, 0, 5, 4, 3]);
  });
  test('a middle axis of a rank-3 tensor', () => {
    expectTensor(fx.reverse(iota([2, 2, 2]), 1), [2, 2, 2], 'float32', [2, 3, 0, 1, 6, 7, 4, 5]);
  });
  test('bool, float64, size-1, empty and scalar inputs, and the method form', () => {
    expectTensor(fx.reverse(fx.tensor([true, false, false])), [3], 'bool', [0, 0, 1]);
    expectTensor(fx.tensor([1, 2], [2], 'float64').reverse(), [2], 'float64', [2, 1]);
    expectTensor(fx.reverse(fx.tensor([[1, 2]]), 0), [1, 2], 'float32', [1, 2]);
    expectTensor(fx.reverse(fx.zeros([0, 2])), [0, 2], 'float32', []);
    expectTensor(fx.reverse(fx.scalar(3)), [], 'float32', [3]);
  });
});

describe('depthToSpace', () => {
  test('NHWC, TensorFlow docs example ([1,1,1,4] -> [1,2,2,1])', () => {
    expectTensor(fx.depthToSpace(fx.tensor([1, 2, 3, 4], [1, 1, 1, 4]), 2), [1, 2, 2, 1], 'float32', [1, 2, 3, 4]);
  });
  test('NHWC with depth 12 and block 2 (TensorFlow docs example)', () => {
    const x = fx.tensor(Array.from({ length: 12 }, (_, i) => i + 1), [1, 1, 1, 12], 'int32');
    expectTensor(fx.depthToSpace(x, 2), [1, 2, 2, 3], 'int32', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
  test('NHWC over a 2x2 grid', () => {
    const x = iota([1, 2, 2, 4]);
    expectTensor(fx.depthToSpace(x, 2), [1, 4, 4, 1], 'float32', [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
  });
  test('NCHW matches NHWC through transposes; bool and the method form', () => {
    const x = iota([2, 2, 3, 8]);
    const nhwc = fx.depthToSpace(x, 2);
    const nchw = fx.depthToSpace(fx.transpose(x, [0, 3, 1, 2]), 2, 'NCHW');
    assert.deepEqual(Array.from(fx.transpose(nchw, [0, 2, 3, 1]).dataSync()), Array.from(nhwc.dataSync()));
    expectTensor(fx.tensor([true, false, false, true], [1, 1, 1, 4]).depthToSpace(2), [1, 2, 2, 1], 'bool', [1, 0, 0, 1]);
  });
});

describe('spaceToDepth', () => {
  test('NHWC, TensorFlow docs example ([1,2,2,1] -> [1,1,1,4])', () => {
    expectTensor(fx.spaceToDepth(fx.tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2), [1, 1, 1, 4], 'float32', [1, 2, 3, 4]);
  });
  test('NHWC over a 4x4 image with 1 channel (TensorFlow docs example)', () => {
    const x = fx.tensor([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16], [1, 4, 4, 1], 'int32');
    expectTensor(fx.spaceToDepth(x, 2), [1, 2, 2, 4], 'int32', Array.from({ length: 16 }, (_, i) => i + 1));
  });
  test('inverts depthToSpace in both data formats; float64 and bool', () => {
    const x = iota([2, 4, 6, 3], 'float64');
    assert.deepEqual(Array.from(fx.depthToSpace(fx.spaceToDepth(x, 2), 2).dataSync()), Array.from(x.dataSync()));
    const y = iota([2, 4, 6, 3]);
    const nchw = fx.spaceToDepth(fx.transpose(y, [0, 3, 1, 2]), 2, 'NCHW');
    assert.deepEqual(nchw.shape, [2, 12, 2, 3]);
    assert.deepEqual(Array.from(fx.transpose(nchw, [0, 2, 3, 1]).dataSync()), Array.from(fx.spaceToDepth(y, 2).dataSync()));
    const back = fx.spaceToDepth(fx.depthToSpace(iota([1, 8, 2, 3]), 2, 'NCHW'), 2, 'NCHW');
    assert.deepEqual(Array.from(back.dataSync()), Array.from(iota([1, 8, 2, 3]).dataSync()));
    expectTensor(fx.spaceToDepth(fx.tensor([true, false, true, true], [1, 2, 2, 1]), 2), [1, 1, 1, 4], 'bool', [1, 0, 1, 1]);
  });
});
