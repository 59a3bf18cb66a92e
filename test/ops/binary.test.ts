/** Forward values of the binary family: arithmetic, comparisons, logical ops, where, addN, prelu. */
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
const i32 = (values: number[], shape: number[] = [values.length]): fx.Tensor => fx.tensor(values, shape, 'int32');
const f64 = (values: number[], shape: number[] = [values.length]): fx.Tensor => fx.tensor(values, shape, 'float64');
const bools = (values: boolean[], shape: number[] = [values.length]): fx.Tensor => fx.tensor(values, shape, 'bool');

describe('add', () => {
  test('float32 and broadcasting', () => {
    expectTensor(fx.add(fx.tensor([[1, 2, 3], [4, 5, 6]]), fx.tensor([10, 20, 30])), [2, 3], 'float32', [11, 22, 33, 14, 25, 36]);
    expectTensor(fx.add(fx.tensor([[1], [2]]), fx.tensor([[10, 20, 30]])), [2, 3], 'float32', [11, 21, 31, 12, 22, 32]);
  });
  test('int32 stays int32, float64 stays float64, mixed dtypes promote', () => {
    expectTensor(fx.add(i32([1, 2]), i32([3, 4])), [2], 'int32', [4, 6]);
    expectTensor(fx.add(f64([0.1]), f64([0.2])), [1], 'float64', [0.1 + 0.2]);
    expectTensor(fx.add(i32([1, 2]), fx.tensor([0.5, 0.5])), [2], 'float32', [1.5, 2.5]);
    expectTensor(fx.add(fx.tensor([1, 2]), f64([1, 1])), [2], 'float64', [2, 3]);
  });
  test('weak typing of plain numbers', () => {
    expectTensor(i32([1, 2]).add(2), [2], 'int32', [3, 4]);
    expectTensor(i32([1, 2]).add(2.5), [2], 'float32', [3.5, 4.5]);
    expectTensor(f64([1, 2]).add(0.1), [2], 'float64', [1.1, 2.1]);
    expectTensor(fx.add(3, i32([1])), [1], 'int32', [4]);
  });
  test('size-1 and empty dims', () => {
    expectTensor(fx.add(fx.tensor([1]), fx.tensor([1, 2, 3])), [3], 'float32', [2, 3, 4]);
    expectTensor(fx.add(fx.zeros([0, 3]), fx.ones([1, 3])), [0, 3], 'float32', []);
    expectTensor(fx.add(fx.scalar(1), fx.scalar(2)), [], 'float32', [3]);
  });
});

describe('sub', () => {
  test('float32, int32 and broadcasting', () => {
    expectTensor(fx.sub(fx.tensor([[5], [7]]), fx.tensor([1, 2, 3])), [2, 3], 'float32', [4, 3, 2, 6, 5, 4]);
    expectTensor(fx.sub(i32([1, 2]), i32([3, 5])), [2], 'int32', [-2, -3]);
    expectTensor(fx.sub(f64([1]), f64([1e-17])), [1], 'float64', [1 - 1e-17]);
  });
  test('weak typing and empty dims', () => {
    expectTensor(i32([5, 6]).sub(1), [2], 'int32', [4, 5]);
    expectTensor(i32([5, 6]).sub(0.5), [2], 'float32', [4.5, 5.5]);
    expectTensor(fx.sub(fx.zeros([2, 0]), fx.zeros([1, 1])), [2, 0], 'float32', []);
  });
});

describe('mul', () => {
  test('float32, int32, float64 and broadcasting', () => {
    expectTensor(fx.mul(fx.tensor([[1, 2], [3, 4]]), fx.tensor([[10], [100]])), [2, 2], 'float32', [10, 20, 300, 400]);
    expectTensor(fx.mul(i32([3, -4]), i32([5, 6])), [2], 'int32', [15, -24]);
    expectTensor(fx.mul(f64([1 / 3]), f64([3])), [1], 'float64', [(1 / 3) * 3]);
  });
  test('weak typing and empty dims', () => {
    expectTensor(i32([1, 2]).mul(3), [2], 'int32', [3, 6]);
    expectTensor(i32([1, 2]).mul(1.5), [2], 'float32', [1.5, 3]);
    expectTensor(fx.mul(fx.ones([0]), 2), [0], 'float32', []);
  });
});

describe('div', () => {
  test('float32 division and division by zero', () => {
    expectTensor(fx.div(fx.tensor([1, 1, -1, 0]), fx.tensor([4, 0, 0, 0])), [4], 'float32', [0.25, Infinity, -Infinity, NaN]);
  });
  test('int32 division floors', () => {
    expectTensor(fx.div(i32([7, -7, 7, -7, 6]), i32([2, 2, -2, -2, 3])), [5], 'int32', [3, -4, -4, 3, 2]);
    expectTensor(i32([7, 8]).div(2), [2], 'int32', [3, 4]);
  });
  test('float64 stays float64; a non-integer number makes int32 float32', () => {
    expectTensor(fx.div(f64([1]), f64([3])), [1], 'float64', [1 / 3]);
    expectTensor(i32([7, 8]).div(2.5), [2], 'float32', [2.8, 3.2], f32);
  });
  test('broadcasting and empty dims', () => {
    expectTensor(fx.div(fx.tensor([[2, 4], [6, 8]]), fx.tensor([2, 4])), [2, 2], 'float32', [1, 1, 3, 2]);
    expectTensor(fx.div(fx.zeros([0, 2]), fx.ones([2])), [0, 2], 'float32', []);
  });
});

describe('divNoNan', () => {
  test('0 where the divisor is 0, a / b elsewhere', () => {
    expectTensor(fx.divNoNan(fx.tensor([1, 2, 3, 0]), fx.tensor([0, 4, 0, 0])), [4], 'float32', [0, 0.5, 0, 0]);
    expectTensor(fx.tensor([2, 4]).divNoNan(0), [2], 'float32', [0, 0]);
  });
  test('int32 floors; float64 stays float64', () => {
    expectTensor(fx.divNoNan(i32([7, -7, 5]), i32([2, 2, 0])), [3], 'int32', [3, -4, 0]);
    expectTensor(fx.divNoNan(f64([1, 1]), f64([3, 0])), [2], 'float64', [1 / 3, 0]);
  });
  test('broadcasting and empty dims', () => {
    expectTensor(fx.divNoNan(fx.tensor([[1, 2], [3, 4]]), fx.tensor([[0], [2]])), [2, 2], 'float32', [0, 0, 1.5, 2]);
    expectTensor(fx.divNoNan(fx.zeros([0]), fx.zeros([1])), [0], 'float32', []);
  });
  test('the gradient is 0 (not NaN) where the divisor is 0', () => {
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.divNoNan(a, b)))([f64([3, 3]), f64([0, 2])]);
    expectTensor(ga!, [2], 'float64', [0, 0.5]);
    expectTensor(gb!, [2], 'float64', [0, -0.75]);
  });
});

describe('floorDiv', () => {
  test('float operands keep their dtype', () => {
    expectTensor(fx.floorDiv(fx.tensor([7.5, -7.5, 1, -1]), fx.tensor([2, 2, 3, 3])), [4], 'float32', [3, -4, 0, -1]);
    expectTensor(fx.floorDiv(f64([10]), f64([4])), [1], 'float64', [2]);
  });
  test('int32 floors toward -infinity and broadcasts', () => {
    expectTensor(fx.floorDiv(i32([7, -7, 7, -7]), i32([2, 2, -2, -2])), [4], 'int32', [3, -4, -4, 3]);
    expectTensor(fx.floorDiv(i32([9, -9], [2, 1]), i32([2, 4])), [2, 2], 'int32', [4, 2, -5, -3]);
    expectTensor(i32([9]).floorDiv(2), [1], 'int32', [4]);
  });
  test('empty dims and a zero gradient', () => {
    expectTensor(fx.floorDiv(fx.zeros([0, 2]), 2), [0, 2], 'float32', []);
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.floorDiv(a, b)))([f64([5.5, 3]), f64([2, 2])]);
    expectTensor(ga!, [2], 'float64', [0, 0]);
    expectTensor(gb!, [2], 'float64', [0, 0]);
  });
});

describe('mod', () => {
  test('the result takes the sign of the divisor', () => {
    expectTensor(fx.mod(i32([5, -5, 5, -5, 6]), i32([3, 3, -3, -3, 3])), [5], 'int32', [2, 1, -1, -2, 0]);
    expectTensor(fx.mod(fx.tensor([5.5, -5.5, 5.5]), fx.tensor([2, 2, -2])), [3], 'float32', [1.5, 0.5, -0.5]);
  });
  test('float64, broadcasting and weak typing', () => {
    expectTensor(fx.mod(f64([7.25]), f64([2])), [1], 'float64', [1.25]);
    expectTensor(fx.mod(i32([4, -4], [2, 1]), i32([3, 5])), [2, 2], 'int32', [1, 4, 2, 1]);
    expectTensor(i32([7, -7]).mod(4), [2], 'int32', [3, 1]);
    expectTensor(fx.mod(fx.ones([0, 1]), fx.ones([3])), [0, 3], 'float32', []);
  });
});

describe('pow', () => {
  test('int32 ** int32 stays int32', () => {
    expectTensor(fx.pow(i32([2, 3, -2, 5]), i32([3, 2, 3, 0])), [4], 'int32', [8, 9, -8, 1]);
    expectTensor(i32([2, 3]).pow(2), [2], 'int32', [4, 9]);
  });
  test('floats, negative bases and weak typing', () => {
    expectTensor(fx.pow(fx.tensor([4, 9, -2, -2]), fx.tensor([0.5, 0.5, 3, 0.5])), [4], 'float32', [2, 3, -8, NaN]);
    expectTensor(i32([4, 9]).pow(0.5), [2], 'float32', [2, 3]);
    expectTensor(fx.pow(f64([2]), f64([0.5])), [1], 'float64', [Math.SQRT2]);
  });
  test('broadcasting and empty dims', () => {
    expectTensor(fx.pow(fx.tensor([[1], [2]]), fx.tensor([1, 2, 3])), [2, 3], 'float32', [1, 1, 1, 2, 4, 8]);
    expectTensor(fx.pow(fx.ones([0]), 2), [0], 'float32', []);
  });
  test('the exponent gradient is y * log(base) where base > 0 and 0 elsewhere', () => {
    const [gb, ge] = fx.grads((b: fx.Tensor, e: fx.Tensor) => fx.sum(fx.pow(b, e)))([f64([2, 0, -2]), f64([3, 2, 2])]);
    expectTensor(gb!, [3], 'float64', [12, 0, -4]);
    expectTensor(ge!, [3], 'float64', [8 * Math.log(2), 0, 0]);
  });
});

describe('maximum', () => {
  test('elementwise maximum, NaN propagates', () => {
    expectTensor(fx.maximum(fx.tensor([1, 5, 3, NaN]), fx.tensor([4, 2, 3, 0])), [4], 'float32', [4, 5, 3, NaN]);
  });
  test('int32, float64, bool (as int32) and broadcasting', () => {
    expectTensor(fx.maximum(i32([-1, 2, -3]), 0), [3], 'int32', [0, 2, 0]);
    expectTensor(fx.maximum(f64([0.1]), f64([0.2, 0.05])), [2], 'float64', [0.2, 0.1]);
    expectTensor(fx.maximum(bools([true, false]), bools([false, false])), [2], 'int32', [1, 0]);
    expectTensor(fx.maximum(fx.tensor([[1], [5]]), fx.tensor([2, 4])), [2, 2], 'float32', [2, 4, 5, 5]);
    expectTensor(fx.maximum(fx.ones([0, 2]), fx.ones([1])), [0, 2], 'float32', []);
  });
  test('the gradient goes to a where a >= b (ties to a), else to b', () => {
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.maximum(a, b)))([f64([1, 3, 2]), f64([2, 1, 2])]);
    expectTensor(ga!, [3], 'float64', [0, 1, 1]);
    expectTensor(gb!, [3], 'float64', [1, 0, 0]);
  });
});

describe('minimum', () => {
  test('elementwise minimum, NaN propagates', () => {
    expectTensor(fx.minimum(fx.tensor([1, 5, 3, 0]), fx.tensor([4, 2, 3, NaN])), [4], 'float32', [1, 2, 3, NaN]);
  });
  test('int32, float64, bool (as int32) and broadcasting', () => {
    expectTensor(fx.minimum(i32([-1, 2, 9]), 3), [3], 'int32', [-1, 2, 3]);
    expectTensor(fx.minimum(f64([0.1]), f64([0.2, 0.05])), [2], 'float64', [0.1, 0.05]);
    expectTensor(fx.minimum(bools([true, false]), bools([true, true])), [2], 'int32', [1, 0]);
    expectTensor(fx.minimum(fx.tensor([[1], [5]]), fx.tensor([2, 4])), [2, 2], 'float32', [1, 1, 2, 4]);
  });
  test('the gradient goes to a where a <= b (ties to a), else to b', () => {
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.minimum(a, b)))([f64([1, 3, 2]), f64([2, 1, 2])]);
    expectTensor(ga!, [3], 'float64', [1, 0, 1]);
    expectTensor(gb!, [3], 'float64', [0, 1, 0]);
  });
});

describe('squaredDifference', () => {
  test('(a - b) ** 2 in float32, int32 and float64', () => {
    expectTensor(fx.squaredDifference(fx.tensor([1, 2, 3]), fx.tensor([3, 2, 0])), [3], 'float32', [4, 0, 9]);
    expectTensor(fx.squaredDifference(i32([1, -2]), i32([4, 2])), [2], 'int32', [9, 16]);
    expectTensor(fx.squaredDifference(f64([0.5]), f64([0.25])), [1], 'float64', [0.0625]);
  });
  test('broadcasting, weak typing and empty dims', () => {
    expectTensor(fx.squaredDifference(fx.tensor([[1], [2]]), fx.tensor([0, 1, 2])), [2, 3], 'float32', [1, 0, 1, 4, 1, 0]);
    expectTensor(i32([3, 5]).squaredDifference(1), [2], 'int32', [4, 16]);
    expectTensor(fx.squaredDifference(fx.ones([0]), 1), [0], 'float32', []);
  });
});

describe('atan2', () => {
  test('the angle of (b, a) in every quadrant', () => {
    const pi = Math.PI;
    expectTensor(fx.atan2(fx.tensor([1, 1, -1, 0, 0]), fx.tensor([1, -1, -1, 1, -1])), [5], 'float32', [pi / 4, (3 * pi) / 4, (-3 * pi) / 4, 0, pi], f32);
  });
  test('int32 promotes to float32, float64 stays float64, broadcasting', () => {
    expectTensor(fx.atan2(i32([1, -1]), i32([0, 0])), [2], 'float32', [Math.PI / 2, -Math.PI / 2], f32);
    expectTensor(fx.atan2(f64([1]), f64([Math.sqrt(3)])), [1], 'float64', [Math.PI / 6], 1e-15);
    expectTensor(fx.atan2(fx.tensor([[1], [-1]]), fx.tensor([1, -1])), [2, 2], 'float32', [Math.PI / 4, (3 * Math.PI) / 4, -Math.PI / 4, (-3 * Math.PI) / 4], f32);
    expectTensor(fx.atan2(fx.ones([0]), 1), [0], 'float32', []);
  });
});

describe('logicalAnd', () => {
  test('truth table and broadcasting', () => {
    expectTensor(fx.logicalAnd(bools([true, true, false, false]), bools([true, false, true, false])), [4], 'bool', [1, 0, 0, 0]);
    expectTensor(fx.logicalAnd(bools([true, false], [2, 1]), bools([true, false])), [2, 2], 'bool', [1, 0, 0, 0]);
    expectTensor(bools([true, false]).logicalAnd(true), [2], 'bool', [1, 0]);
    expectTensor(fx.logicalAnd(fx.zeros([0], 'bool'), true), [0], 'bool', []);
  });
});

describe('logicalOr', () => {
  test('truth table and broadcasting', () => {
    expectTensor(fx.logicalOr(bools([true, true, false, false]), bools([true, false, true, false])), [4], 'bool', [1, 1, 1, 0]);
    expectTensor(fx.logicalOr(bools([true, false], [2, 1]), bools([true, false])), [2, 2], 'bool', [1, 1, 1, 0]);
    expectTensor(bools([true, false]).logicalOr(false), [2], 'bool', [1, 0]);
  });
});

describe('logicalXor', () => {
  test('truth table and broadcasting', () => {
    expectTensor(fx.logicalXor(bools([true, true, false, false]), bools([true, false, true, false])), [4], 'bool', [0, 1, 1, 0]);
    expectTensor(fx.logicalXor(bools([true, false], [2, 1]), bools([true, false])), [2, 2], 'bool', [0, 1, 1, 0]);
    expectTensor(bools([true, false]).logicalXor(true), [2], 'bool', [0, 1]);
  });
});

describe('addN', () => {
  test('sums tensors and tensor-likes of one shape', () => {
    expectTensor(fx.addN([fx.tensor([[1, 2], [3, 4]]), fx.tensor([[10, 20], [30, 40]]), [[100, 200], [300, 400]]]), [2, 2], 'float32', [111, 222, 333, 444]);
    expectTensor(fx.addN([fx.tensor([1, 2])]), [2], 'float32', [1, 2]);
  });
  test('int32 and float64 keep their dtype; plain arrays take the tensors dtype', () => {
    expectTensor(fx.addN([i32([1, 2]), i32([3, 4]), [5, 6]]), [2], 'int32', [9, 12]);
    expectTensor(fx.addN([f64([0.1]), f64([0.2]), f64([0.3])]), [1], 'float64', [0.1 + 0.2 + 0.3]);
    expectTensor(fx.addN([fx.scalar(1), fx.scalar(2)]), [], 'float32', [3]);
    expectTensor(fx.addN([fx.zeros([0, 2]), fx.zeros([0, 2])]), [0, 2], 'float32', []);
  });
  test('the gradient passes dy to each input', () => {
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.mul(fx.addN([a, b, a]), f64([1, 2]))))([f64([5, 6]), f64([7, 8])]);
    expectTensor(ga!, [2], 'float64', [2, 4]);
    expectTensor(gb!, [2], 'float64', [1, 2]);
  });
});

describe('prelu', () => {
  test('alpha * x where x < 0, x elsewhere', () => {
    expectTensor(fx.prelu(fx.tensor([-2, -1, 0, 1, 2]), 0.25), [5], 'float32', [-0.5, -0.25, 0, 1, 2]);
    expectTensor(fx.tensor([-4, 4]).prelu(fx.scalar(0.5)), [2], 'float32', [-2, 4]);
  });
  test('per-channel alpha broadcasts', () => {
    expectTensor(fx.prelu(fx.tensor([[-1, -1], [2, -3]]), fx.tensor([0.1, 0.5])), [2, 2], 'float32', [-0.1, -0.5, 2, -1.5], f32);
  });
  test('int32 promotes to float32, float64 stays float64, empty dims', () => {
    expectTensor(fx.prelu(i32([-2, 3]), 0.5), [2], 'float32', [-1, 3]);
    expectTensor(fx.prelu(f64([-0.3]), f64([0.1])), [1], 'float64', [-0.3 * 0.1]);
    expectTensor(fx.prelu(fx.zeros([0, 3]), fx.ones([3])), [0, 3], 'float32', []);
  });
  test('gradients for x and alpha', () => {
    const [gx, ga] = fx.grads((x: fx.Tensor, a: fx.Tensor) => fx.sum(fx.prelu(x, a)))([f64([-2, 3, -1], [3]), f64([0.5])]);
    expectTensor(gx!, [3], 'float64', [0.5, 1, 0.5]);
    expectTensor(ga!, [1], 'float64', [-3]);
  });
});

/** One known-value test set per comparison: float, int32, bool operands, broadcasting and NaN. */
function comparisonTests(
  op: (a: fx.TensorLike, b: fx.TensorLike) => fx.Tensor,
  cmp: (x: number, y: number) => boolean,
): void {
  const xs = [1, 2, 3, -1, 0];
  const ys = [2, 2, 1, -1, NaN];
  const expected = (a: number[], b: number[]): number[] => a.map((x, i) => (cmp(x, b[i] as number) ? 1 : 0));
  test('float32 and float64 operands (NaN compares unordered)', () => {
    expectTensor(op(fx.tensor(xs), fx.tensor(ys)), [5], 'bool', expected(xs, ys));
    expectTensor(op(f64(xs), f64(ys)), [5], 'bool', expected(xs, ys));
  });
  test('int32 operands and weak typing', () => {
    expectTensor(op(i32([1, 2, 3]), i32([2, 2, 2])), [3], 'bool', expected([1, 2, 3], [2, 2, 2]));
    expectTensor(op(i32([1, 2, 3]), 2), [3], 'bool', expected([1, 2, 3], [2, 2, 2]));
    expectTensor(op(i32([1, 2]), fx.tensor([1.5, 2])), [2], 'bool', expected([1, 2], [1.5, 2]));
  });
  test('bool operands', () => {
    expectTensor(op(bools([true, true, false, false]), bools([true, false, true, false])), [4], 'bool', expected([1, 1, 0, 0], [1, 0, 1, 0]));
  });
  test('broadcasting and empty dims', () => {
    expectTensor(op(fx.tensor([[1], [2], [3]]), fx.tensor([2, 3])), [3, 2], 'bool', expected([1, 1, 2, 2, 3, 3], [2, 3, 2, 3, 2, 3]));
    expectTensor(op(fx.zeros([0, 2]), fx.zeros([2])), [0, 2], 'bool', []);
  });
}

describe('equal', () => comparisonTests(fx.equal, (x, y) => x === y));
describe('notEqual', () => comparisonTests(fx.notEqual, (x, y) => x !== y));
describe('less', () => comparisonTests(fx.less, (x, y) => x < y));
describe('lessEqual', () => comparisonTests(fx.lessEqual, (x, y) => x <= y));
describe('greater', () => comparisonTests(fx.greater, (x, y) => x > y));
describe('greaterEqual', () => comparisonTests(fx.greaterEqual, (x, y) => x >= y));

describe('comparison methods', () => {
  test('chain on tensors', () => {
    const x = fx.tensor([1, 2, 3]);
    expectTensor(x.equal(2), [3], 'bool', [0, 1, 0]);
    expectTensor(x.notEqual(2), [3], 'bool', [1, 0, 1]);
    expectTensor(x.less(2), [3], 'bool', [1, 0, 0]);
    expectTensor(x.lessEqual(2), [3], 'bool', [1, 1, 0]);
    expectTensor(x.greater(2), [3], 'bool', [0, 0, 1]);
    expectTensor(x.greaterEqual(2), [3], 'bool', [0, 1, 1]);
  });
});

describe('where', () => {
  test('selects from a where the condition holds, else from b', () => {
    expectTensor(fx.where(bools([true, false, true]), fx.tensor([1, 2, 3]), fx.tensor([10, 20, 30])), [3], 'float32', [1, 20, 3]);
  });
  test('condition, a and b broadcast together', () => {
    expectTensor(fx.where(bools([true, false], [2, 1]), fx.tensor([1, 2, 3]), 0), [2, 3], 'float32', [1, 2, 3, 0, 0, 0]);
    expectTensor(fx.where(bools([true, false, true]), fx.tensor([[1], [2]]), fx.tensor(-1)), [2, 3], 'float32', [1, -1, 1, 2, -1, 2]);
    expectTensor(fx.where(true, fx.tensor([1, 2]), fx.tensor([3, 4])), [2], 'float32', [1, 2]);
  });
  test('keeps int32, float64 and bool values; promotes mixed operands', () => {
    expectTensor(fx.where(bools([false, true]), i32([1, 2]), i32([3, 4])), [2], 'int32', [3, 2]);
    expectTensor(fx.where(bools([false, true]), f64([0.1, 0.2]), 0), [2], 'float64', [0, 0.2]);
    expectTensor(fx.where(bools([false, true]), bools([true, true]), bools([false, false])), [2], 'bool', [0, 1]);
    expectTensor(fx.where(bools([false, true]), i32([1, 2]), fx.tensor([0.5, 0.5])), [2], 'float32', [0.5, 2]);
  });
  test('empty dims and gradients', () => {
    expectTensor(fx.where(fx.zeros([0], 'bool'), fx.ones([0]), fx.zeros([1])), [0], 'float32', []);
    const c = bools([true, false, true]);
    const [ga, gb] = fx.grads((a: fx.Tensor, b: fx.Tensor) => fx.sum(fx.where(c, a, b)))([f64([1, 2, 3]), f64([7])]);
    expectTensor(ga!, [3], 'float64', [1, 0, 1]);
    expectTensor(gb!, [1], 'float64', [1]);
  });
});
