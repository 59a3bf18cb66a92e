/** Forward values of the creation family: tensors from values, constants, sequences, eye, oneHot, variables. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

function expectTensor(t: fx.Tensor, values: number[], shape: number[], dtype: fx.DType): void {
  assert.deepEqual(t.shape, shape);
  assert.equal(t.dtype, dtype);
  assert.deepEqual(Array.from(t.dataSync()), values);
}

describe('tensor', () => {
  test('nested arrays infer the shape; numbers default to float32', () => {
    const t = fx.tensor([[1, 2, 3], [4, 5, 6]]);
    expectTensor(t, [1, 2, 3, 4, 5, 6], [2, 3], 'float32');
    assert.ok(t.dataSync() instanceof Float32Array);
  });
  test('a number is a scalar; a boolean array is bool', () => {
    expectTensor(fx.tensor(3.5), [3.5], [], 'float32');
    expectTensor(fx.tensor([true, false, true]), [1, 0, 1], [3], 'bool');
    assert.deepEqual(fx.tensor([true, false]).arraySync(), [true, false]);
  });
  test('typed arrays keep their dtype', () => {
    expectTensor(fx.tensor(new Int32Array([1, 2])), [1, 2], [2], 'int32');
    expectTensor(fx.tensor(new Float64Array([0.1, 0.2])), [0.1, 0.2], [2], 'float64');
    expectTensor(fx.tensor(new Uint8Array([1, 0])), [1, 0], [2], 'bool');
  });
  test('a shape reshapes flat values; a scalar with a shape fills it', () => {
    expectTensor(fx.tensor([1, 2, 3, 4, 5, 6], [3, 2]), [1, 2, 3, 4, 5, 6], [3, 2], 'float32');
    expectTensor(fx.tensor(7, [2, 2]), [7, 7, 7, 7], [2, 2], 'float32');
    expectTensor(fx.tensor(new Float32Array([1, 2, 3, 4]), [2, 2]), [1, 2, 3, 4], [2, 2], 'float32');
  });
  test('the dtype argument converts values', () => {
    expectTensor(fx.tensor([1.7, -1.7, 2], [3], 'int32'), [1, -1, 2], [3], 'int32');
    expectTensor(fx.tensor([0.1], [1], 'float64'), [0.1], [1], 'float64');
    expectTensor(fx.tensor([0, 2, -1], [3], 'bool'), [0, 1, 1], [3], 'bool');
    expectTensor(fx.tensor([true, false], [2], 'float32'), [1, 0], [2], 'float32');
  });
  test('float32 rounds, float64 keeps full precision', () => {
    assert.equal(fx.tensor([0.1]).dataSync()[0], Math.fround(0.1));
    assert.equal(fx.tensor([0.1], undefined, 'float64').dataSync()[0], 0.1);
  });
  test('empty arrays and empty shapes', () => {
    expectTensor(fx.tensor([]), [], [0], 'float32');
    expectTensor(fx.tensor([[], []]), [], [2, 0], 'float32');
    expectTensor(fx.tensor([], [0, 3]), [], [0, 3], 'float32');
  });
});

describe('scalar', () => {
  test('numbers, booleans and dtypes', () => {
    expectTensor(fx.scalar(2.5), [2.5], [], 'float32');
    expectTensor(fx.scalar(true), [1], [], 'bool');
    expectTensor(fx.scalar(3, 'int32'), [3], [], 'int32');
    expectTensor(fx.scalar(0.1, 'float64'), [0.1], [], 'float64');
  });
});

describe('fill', () => {
  test('fills a shape with a value', () => {
    expectTensor(fx.fill([2, 2], 3), [3, 3, 3, 3], [2, 2], 'float32');
    expectTensor(fx.fill([3], 4, 'int32'), [4, 4, 4], [3], 'int32');
    expectTensor(fx.fill([2], true), [1, 1], [2], 'bool');
    expectTensor(fx.fill([], 1.5, 'float64'), [1.5], [], 'float64');
    expectTensor(fx.fill([2, 0], 9), [], [2, 0], 'float32');
  });
});

describe('zeros', () => {
  test('shape and dtype', () => {
    expectTensor(fx.zeros([2, 3]), [0, 0, 0, 0, 0, 0], [2, 3], 'float32');
    expectTensor(fx.zeros([2], 'int32'), [0, 0], [2], 'int32');
    expectTensor(fx.zeros([1], 'bool'), [0], [1], 'bool');
    expectTensor(fx.zeros([0]), [], [0], 'float32');
    expectTensor(fx.zeros([]), [0], [], 'float32');
  });
});

describe('ones', () => {
  test('shape and dtype', () => {
    expectTensor(fx.ones([3]), [1, 1, 1], [3], 'float32');
    expectTensor(fx.ones([1, 2], 'float64'), [1, 1], [1, 2], 'float64');
    expectTensor(fx.ones([2], 'bool'), [1, 1], [2], 'bool');
    expectTensor(fx.ones([3, 0], 'int32'), [], [3, 0], 'int32');
  });
});

describe('zerosLike', () => {
  test('keeps the shape and dtype', () => {
    expectTensor(fx.zerosLike(fx.tensor([[1, 2]], undefined, 'int32')), [0, 0], [1, 2], 'int32');
    expectTensor(fx.zerosLike([true, true]), [0, 0], [2], 'bool');
    expectTensor(fx.tensor([1.5], [1], 'float64').zerosLike(), [0], [1], 'float64');
    expectTensor(fx.zerosLike(fx.zeros([0, 2])), [], [0, 2], 'float32');
  });
});

describe('onesLike', () => {
  test('keeps the shape and dtype', () => {
    expectTensor(fx.onesLike(fx.tensor([[5], [6]])), [1, 1], [2, 1], 'float32');
    expectTensor(fx.onesLike(fx.scalar(3, 'int32')), [1], [], 'int32');
    expectTensor(fx.tensor([false]).onesLike(), [1], [1], 'bool');
  });
});

describe('cast', () => {
  test('between every dtype', () => {
    expectTensor(fx.cast([1.7, -1.7, 0], 'int32'), [1, -1, 0], [3], 'int32');
    expectTensor(fx.cast([1.5, 0, -2], 'bool'), [1, 0, 1], [3], 'bool');
    expectTensor(fx.cast(fx.tensor([true, false]), 'float32'), [1, 0], [2], 'float32');
    expectTensor(fx.cast(fx.tensor([3, 4], [2], 'int32'), 'float64'), [3, 4], [2], 'float64');
    expectTensor(fx.cast(fx.tensor([0.1], [1], 'float64'), 'float32'), [Math.fround(0.1)], [1], 'float32');
  });
  test('same dtype returns the input; method form; empty', () => {
    const x = fx.tensor([1, 2]);
    assert.equal(fx.cast(x, 'float32'), x);
    expectTensor(x.cast('int32'), [1, 2], [2], 'int32');
    expectTensor(fx.cast(fx.zeros([0, 2]), 'int32'), [], [0, 2], 'int32');
  });
});

describe('clone', () => {
  test('a new tensor with the same values', () => {
    const x = fx.tensor([[1, 2], [3, 4]], undefined, 'int32');
    const y = fx.clone(x);
    assert.notEqual(y, x);
    assert.notEqual(y.id, x.id);
    expectTensor(y, [1, 2, 3, 4], [2, 2], 'int32');
    expectTensor(fx.tensor([true]).clone(), [1], [1], 'bool');
  });
  test('survives disposing the original', () => {
    const x = fx.tensor([1, 2]);
    const y = fx.clone(x);
    x.dispose();
    expectTensor(y, [1, 2], [2], 'float32');
  });
});

describe('tensor1d', () => {
  test('values and dtype', () => {
    expectTensor(fx.tensor1d([1, 2, 3]), [1, 2, 3], [3], 'float32');
    expectTensor(fx.tensor1d([1, 2], 'int32'), [1, 2], [2], 'int32');
    expectTensor(fx.tensor1d([true, false]), [1, 0], [2], 'bool');
    expectTensor(fx.tensor1d(new Float64Array([0.5])), [0.5], [1], 'float64');
    expectTensor(fx.tensor1d([]), [], [0], 'float32');
  });
});

describe('tensor2d', () => {
  test('nested values, or flat values with a shape', () => {
    expectTensor(fx.tensor2d([[1, 2], [3, 4]]), [1, 2, 3, 4], [2, 2], 'float32');
    expectTensor(fx.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    expectTensor(fx.tensor2d(new Float32Array([1, 2]), [1, 2]), [1, 2], [1, 2], 'float32');
    expectTensor(fx.tensor2d([], [0, 4]), [], [0, 4], 'float32');
  });
});

describe('tensor3d', () => {
  test('nested values, or flat values with a shape', () => {
    expectTensor(fx.tensor3d([[[1], [2]], [[3], [4]]]), [1, 2, 3, 4], [2, 2, 1], 'float32');
    expectTensor(fx.tensor3d([1, 2, 3, 4], [1, 2, 2], 'float64'), [1, 2, 3, 4], [1, 2, 2], 'float64');
  });
});

describe('tensor4d', () => {
  test('nested values, or flat values with a shape', () => {
    expectTensor(fx.tensor4d([[[[1, 2]]]]), [1, 2], [1, 1, 1, 2], 'float32');
    expectTensor(fx.tensor4d([1, 2, 3, 4], [2, 1, 2, 1], 'int32'), [1, 2, 3, 4], [2, 1, 2, 1], 'int32');
  });
});

describe('tensor5d', () => {
  test('nested values, or flat values with a shape', () => {
    expectTensor(fx.tensor5d([[[[[7]]]]]), [7], [1, 1, 1, 1, 1], 'float32');
    expectTensor(fx.tensor5d([1, 2], [1, 1, 1, 1, 2], 'bool'), [1, 1], [1, 1, 1, 1, 2], 'bool');
  });
});

describe('tensor6d', () => {
  test('nested values, or flat values with a shape', () => {
    expectTensor(fx.tensor6d([[[[[[1, 2]]]]]]), [1, 2], [1, 1, 1, 1, 1, 2], 'float32');
    expectTensor(fx.tensor6d([1, 2, 3, 4], [1, 1, 2, 1, 2, 1]), [1, 2, 3, 4], [1, 1, 2, 1, 2, 1], 'float32');
  });
});

describe('range', () => {
  test('start, stop, step', () => {
    expectTensor(fx.range(0, 5), [0, 1, 2, 3, 4], [5], 'float32');
    expectTensor(fx.range(2, 10, 3), [2, 5, 8], [3], 'float32');
    expectTensor(fx.range(5, 0, -2), [5, 3, 1], [3], 'float32');
    expectTensor(fx.range(0, 1, 0.25), [0, 0.25, 0.5, 0.75], [4], 'float32');
  });
  test('dtypes', () => {
    expectTensor(fx.range(0, 3, 1, 'int32'), [0, 1, 2], [3], 'int32');
    expectTensor(fx.range(0, 0.3, 0.1, 'float64'), [0, 0.1, 0.2], [3], 'float64');
  });
  test('empty when stop is not reached in the direction of step (TensorFlow)', () => {
    expectTensor(fx.range(3, 3), [], [0], 'float32');
    expectTensor(fx.range(5, 0), [], [0], 'float32');
    expectTensor(fx.range(0, 5, -1), [], [0], 'float32');
  });
});

describe('linspace', () => {
  test('evenly spaced, both ends included', () => {
    expectTensor(fx.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], [5], 'float32');
    expectTensor(fx.linspace(10, -10, 3), [10, 0, -10], [3], 'float32');
    assert.equal(fx.linspace(0, 0.7, 8).dataSync()[7], Math.fround(0.7));
  });
  test('one value and none', () => {
    expectTensor(fx.linspace(3, 9, 1), [3], [1], 'float32');
    expectTensor(fx.linspace(3, 9, 0), [], [0], 'float32');
  });
});

describe('eye', () => {
  test('square and rectangular', () => {
    expectTensor(fx.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3], 'float32');
    expectTensor(fx.eye(2, 3), [1, 0, 0, 0, 1, 0], [2, 3], 'float32');
    expectTensor(fx.eye(3, 2), [1, 0, 0, 1, 0, 0], [3, 2], 'float32');
  });
  test('batches and dtypes', () => {
    expectTensor(fx.eye(2, undefined, [2]), [1, 0, 0, 1, 1, 0, 0, 1], [2, 2, 2], 'float32');
    expectTensor(fx.eye(1, 1, [1, 2], 'int32'), [1, 1], [1, 2, 1, 1], 'int32');
    expectTensor(fx.eye(2, 2, undefined, 'bool'), [1, 0, 0, 1], [2, 2], 'bool');
    expectTensor(fx.eye(2, 2, undefined, 'float64'), [1, 0, 0, 1], [2, 2], 'float64');
  });
  test('empty', () => {
    expectTensor(fx.eye(0), [], [0, 0], 'float32');
    expectTensor(fx.eye(2, 2, [0]), [], [0, 2, 2], 'float32');
  });
});

describe('oneHot', () => {
  test('int32 one-hot rows', () => {
    expectTensor(fx.oneHot(fx.tensor([0, 2, 1], [3], 'int32'), 3), [1, 0, 0, 0, 0, 1, 0, 1, 0], [3, 3], 'int32');
    expectTensor(fx.oneHot([1, 0], 2), [0, 1, 1, 0], [2, 2], 'int32');
  });
  test('-1 and out-of-range indices give all-off rows', () => {
    expectTensor(fx.oneHot([-1, 3, 1], 3), [0, 0, 0, 0, 0, 0, 0, 1, 0], [3, 3], 'int32');
  });
  test('onValue, offValue and dtype', () => {
    expectTensor(fx.oneHot([1], 3, 5, -1), [-1, 5, -1], [1, 3], 'int32');
    expectTensor(fx.oneHot([0], 2, 0.5, 0.25, 'float32'), [0.5, 0.25], [1, 2], 'float32');
    expectTensor(fx.oneHot([1], 2, 1, 0, 'bool'), [0, 1], [1, 2], 'bool');
  });
  test('higher-rank indices, scalar, method form and empty', () => {
    expectTensor(fx.oneHot([[0], [1]], 2), [1, 0, 0, 1], [2, 1, 2], 'int32');
    expectTensor(fx.oneHot(fx.scalar(1, 'int32'), 3), [0, 1, 0], [3], 'int32');
    expectTensor(fx.tensor([2], [1], 'int32').oneHot(3), [0, 0, 1], [1, 3], 'int32');
    expectTensor(fx.oneHot(fx.tensor([], [0], 'int32'), 4), [], [0, 4], 'int32');
    expectTensor(fx.oneHot([0, 1], 0), [], [2, 0], 'int32');
  });
});

describe('variable', () => {
  test('copies its initial value; name, trainable and dtype', () => {
    const init = fx.tensor([1, 2, 3]);
    const v = fx.variable(init, false, 'weights', 'float64');
    assert.ok(v instanceof fx.Variable);
    assert.equal(v.name, 'weights');
    assert.equal(v.trainable, false);
    expectTensor(v, [1, 2, 3], [3], 'float64');
    const w = fx.variable(init);
    assert.equal(w.trainable, true);
    assert.notEqual(w.dataSync(), init.dataSync());
    assert.match(fx.variable([1]).name, /^variable_\d+$/);
  });
  test('assign replaces the value in place', () => {
    const v = fx.variable(fx.zeros([2]));
    v.assign(fx.tensor([5, 6]));
    expectTensor(v, [5, 6], [2], 'float32');
  });
  test('assignAdd and assignSub, with broadcasting and int32', () => {
    const v = fx.variable(fx.tensor([[1, 2], [3, 4]]));
    v.assignAdd(fx.tensor([10, 20]));
    expectTensor(v, [11, 22, 13, 24], [2, 2], 'float32');
    v.assignSub(1);
    expectTensor(v, [10, 21, 12, 23], [2, 2], 'float32');
    const i = fx.variable(fx.tensor([1, 2], [2], 'int32'));
    i.assignAdd(fx.tensor([3, 3], [2], 'int32'));
    expectTensor(i, [4, 5], [2], 'int32');
  });
  test('trainable variables receive gradients', () => {
    const v = fx.variable(fx.tensor([1, 2, 3]));
    const { grads } = fx.variableGrads(() => fx.sum(fx.square(v)));
    expectTensor(grads[v.name]!, [2, 4, 6], [3], 'float32');
  });
});
