/**
 * Forward values of the unary family. Float64 references are 50-digit mpmath values rounded to
 * float64; float32 results are compared with a float32-sized tolerance.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

/** Asserts values and shape; NaN matches NaN, infinities match exactly. */
function expectValues(t: fx.Tensor, expected: readonly number[], tol = 1e-6, shape?: readonly number[]): void {
  if (shape) assert.deepEqual(t.shape, shape, 'shape');
  const got = Array.from(t.dataSync(), Number);
  assert.equal(got.length, expected.length, `length of ${JSON.stringify(got)}`);
  got.forEach((g, i) => {
    const e = expected[i] as number;
    if (Number.isNaN(e)) return assert.ok(Number.isNaN(g), `element ${i}: expected NaN, got ${g}`);
    if (!Number.isFinite(e)) return assert.equal(g, e, `element ${i}`);
    assert.ok(Math.abs(g - e) <= tol * Math.max(1, Math.abs(e)), `element ${i}: expected ${e}, got ${g} (all: ${JSON.stringify(got)})`);
  });
}

/** Float64 check with a relative tolerance (for values far from 1 in magnitude). */
function expectRelative(t: fx.Tensor, expected: readonly number[], rel = 1e-14): void {
  const got = Array.from(t.dataSync(), Number);
  assert.equal(got.length, expected.length);
  got.forEach((g, i) => {
    const e = expected[i] as number;
    assert.ok(Math.abs(g - e) <= rel * Math.abs(e) + 1e-300, `element ${i}: expected ${e}, got ${g}`);
  });
}

const f64 = (values: number[], shape?: number[]): fx.Tensor => fx.tensor(values, shape ?? [values.length], 'float64');
const i32 = (values: number[], shape?: number[]): fx.Tensor => fx.tensor(values, shape ?? [values.length], 'int32');

/** The shared checks of a float op: float32 default, int32/bool promoted to float32, float64 kept, empty and size-1 shapes. */
function floatOpBasics(op: (x: fx.Tensor) => fx.Tensor, sample: number): void {
  test('float32 in, float32 out; float64 kept', () => {
    assert.equal(op(fx.tensor([sample])).dtype, 'float32');
    assert.equal(op(f64([sample])).dtype, 'float64');
  });
  test('int32 and bool inputs are promoted to float32', () => {
    const y = op(i32([1, 0], [2]));
    assert.equal(y.dtype, 'float32');
    expectValues(y, Array.from(op(fx.tensor([1, 0])).dataSync()));
    assert.equal(op(fx.tensor([true, false])).dtype, 'float32');
  });
  test('empty and size-1 shapes are preserved', () => {
    assert.deepEqual(op(fx.zeros([0, 3])).shape, [0, 3]);
    assert.deepEqual(op(fx.fill([1, 1, 2], sample)).shape, [1, 1, 2]);
    assert.deepEqual(op(fx.scalar(sample)).shape, []);
  });
}

/** The shared checks of a numeric op: int32 stays int32, bool is rejected, empty shapes work. */
function numericOpBasics(op: (x: fx.Tensor) => fx.Tensor, name: string): void {
  test('int32 stays int32; float64 stays float64', () => {
    assert.equal(op(i32([-2, 3])).dtype, 'int32');
    assert.equal(op(f64([-2, 3])).dtype, 'float64');
  });
  test('bool is rejected', () => {
    assert.throws(() => op(fx.tensor([true])), { message: `${name}: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool.` });
  });
  test('empty and size-1 shapes are preserved', () => {
    assert.deepEqual(op(fx.zeros([2, 0])).shape, [2, 0]);
    assert.deepEqual(op(fx.ones([1, 1])).shape, [1, 1]);
  });
}

describe('neg', () => {
  test('known values; int32 keeps its dtype', () => {
    expectValues(fx.neg(fx.tensor([1, -2.5, 0])), [-1, 2.5, 0]);
    const y = fx.neg(i32([3, -4]));
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [-3, 4]);
  });
  test('as a method, on a nested array', () => {
    expectValues(fx.tensor([[1, 2]]).neg(), [-1, -2], 0, [1, 2]);
    expectValues(fx.neg([[5], [6]]), [-5, -6], 0, [2, 1]);
  });
  numericOpBasics(fx.neg, 'neg');
});

describe('exp', () => {
  test('known values (float64)', () => {
    expectRelative(fx.exp(f64([0, 1, -1, 10])), [1, Math.E, 1 / Math.E, 22026.465794806718]);
  });
  test('overflow and underflow', () => {
    expectValues(fx.exp(fx.tensor([1000, -1000])), [Infinity, 0]);
  });
  floatOpBasics(fx.exp, 0.5);
});

describe('log', () => {
  test('known values and the edges of its domain', () => {
    expectValues(fx.log(f64([1, Math.E, 0, -1])), [0, 1, -Infinity, NaN], 1e-15);
    expectValues(fx.tensor([10]).log(), [Math.log(10)]);
  });
  floatOpBasics(fx.log, 2);
});

describe('tanh', () => {
  test('known values (float64)', () => {
    expectValues(fx.tanh(f64([-2, -0.5, 0, 0.5, 1, 3])), [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.7615941559557649, 0.9950547536867305], 1e-15);
  });
  test('saturates without NaN', () => {
    expectValues(fx.tanh(fx.tensor([-1000, 1000])), [-1, 1], 0);
  });
  floatOpBasics(fx.tanh, 0.3);
});

describe('sigmoid', () => {
  test('known values (float64), including the far tails', () => {
    const y = fx.sigmoid(f64([-1000, -40, -1, 0, 1, 40, 1000]));
    expectRelative(y, [0, 4.248354255291589e-18, 0.2689414213699951, 0.5, 0.7310585786300049, 1, 1]);
  });
  test('no overflow or NaN for large |x| in float32', () => {
    const y = Array.from(fx.sigmoid(fx.tensor([-1000, -100, 100, 1000])).dataSync());
    assert.ok(y.every((v) => !Number.isNaN(v)));
    expectValues(fx.sigmoid(fx.tensor([-1000, 1000])), [0, 1], 0);
  });
  test('its gradient at +-1000 is 0, not NaN', () => {
    const g = fx.grad((x) => fx.sum(fx.sigmoid(x)))(f64([-1000, 1000]));
    expectValues(g, [0, 0], 0);
  });
  floatOpBasics(fx.sigmoid, 0.1);
});

describe('square', () => {
  test('known values; int32 stays int32', () => {
    expectValues(fx.square(fx.tensor([-3, 0.5, 0])), [9, 0.25, 0]);
    const y = fx.square(i32([-3, 4]));
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [9, 16]);
  });
  numericOpBasics(fx.square, 'square');
});

describe('abs', () => {
  test('known values, float and int32', () => {
    expectValues(fx.abs(fx.tensor([-2.5, 0, 3, -0])), [2.5, 0, 3, 0], 0);
    const y = i32([-7, 7, 0]).abs();
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [7, 7, 0]);
  });
  test('NaN and infinities', () => {
    expectValues(fx.abs(fx.tensor([NaN, -Infinity])), [NaN, Infinity]);
  });
  test('gradient is sign(x)', () => {
    expectValues(fx.grad((x) => fx.sum(fx.abs(x)))(f64([-2, 3])), [-1, 1], 0);
  });
  numericOpBasics(fx.abs, 'abs');
});

describe('sign', () => {
  test('known values; NaN stays NaN', () => {
    expectValues(fx.sign(fx.tensor([-2.5, 0, 3, NaN, -Infinity])), [-1, 0, 1, NaN, -1], 0);
    assert.deepEqual(Array.from(i32([-9, 0, 4]).sign().dataSync()), [-1, 0, 1]);
  });
  test('its gradient is zero', () => {
    expectValues(fx.grad((x) => fx.sum(fx.sign(x)))(f64([-2, 3])), [0, 0], 0);
  });
  numericOpBasics(fx.sign, 'sign');
});

describe('expm1', () => {
  test('accurate for tiny |x| (float64)', () => {
    expectRelative(fx.expm1(f64([-1, -1e-10, 1e-10, 1])), [-0.6321205588285577, -9.999999999500001e-11, 1.00000000005e-10, 1.7182818284590453]);
  });
  test('float32 values', () => {
    expectValues(fx.tensor([0, 2]).expm1(), [0, Math.E ** 2 - 1]);
  });
  floatOpBasics(fx.expm1, 0.5);
});

describe('log1p', () => {
  test('accurate for tiny |x| (float64)', () => {
    expectRelative(fx.log1p(f64([-0.5, -1e-10, 1e-10, 1])), [-0.6931471805599453, -1.00000000005e-10, 9.999999999500001e-11, 0.6931471805599453]);
  });
  test('domain edges', () => {
    expectValues(fx.log1p(fx.tensor([-1, -2, 0])), [-Infinity, NaN, 0]);
  });
  floatOpBasics(fx.log1p, 0.5);
});

describe('sqrt', () => {
  test('known values; NaN for negatives', () => {
    expectValues(fx.sqrt(fx.tensor([0, 1, 2, 9, -1])), [0, 1, Math.SQRT2, 3, NaN]);
  });
  test('int32 promotes to float32 (no truncation)', () => {
    expectValues(fx.sqrt(i32([2])), [Math.SQRT2]);
  });
  floatOpBasics(fx.sqrt, 4);
});

describe('rsqrt', () => {
  test('known values (float64); Infinity at 0', () => {
    expectRelative(fx.rsqrt(f64([0.25, 1, 2, 100])), [2, 1, 0.7071067811865476, 0.1]);
    expectValues(fx.rsqrt(fx.tensor([0])), [Infinity]);
  });
  floatOpBasics(fx.rsqrt, 4);
});

describe('reciprocal', () => {
  test('known values; int32 promotes to float32', () => {
    expectValues(fx.reciprocal(fx.tensor([-2, 0.5, 4, 0])), [-0.5, 2, 0.25, Infinity]);
    expectValues(fx.reciprocal(i32([3])), [1 / 3]);
  });
  floatOpBasics(fx.reciprocal, 2);
});

const TRIG_X = [-2, -0.5, 0, 0.5, 1, 3];

describe('sin', () => {
  test('known values (float64)', () => {
    expectValues(fx.sin(f64(TRIG_X)), [-0.9092974268256817, -0.479425538604203, 0, 0.479425538604203, 0.8414709848078965, 0.1411200080598672], 1e-15);
  });
  floatOpBasics(fx.sin, 1);
});

describe('cos', () => {
  test('known values (float64)', () => {
    expectValues(fx.cos(f64(TRIG_X)), [-0.4161468365471424, 0.8775825618903728, 1, 0.8775825618903728, 0.5403023058681398, -0.9899924966004454], 1e-15);
  });
  floatOpBasics(fx.cos, 1);
});

describe('tan', () => {
  test('known values (float64)', () => {
    expectValues(fx.tan(f64(TRIG_X)), [2.185039863261519, -0.5463024898437905, 0, 0.5463024898437905, 1.5574077246549023, -0.1425465430742778], 1e-15);
  });
  floatOpBasics(fx.tan, 1);
});

describe('asin', () => {
  test('known values (float64); NaN outside [-1, 1]', () => {
    expectValues(fx.asin(f64([-1, -0.5, 0, 0.25, 0.9, 1, 1.5])), [-1.5707963267948966, -0.5235987755982989, 0, 0.25268025514207865, 1.1197695149986342, 1.5707963267948966, NaN], 1e-15);
  });
  floatOpBasics(fx.asin, 0.5);
});

describe('acos', () => {
  test('known values (float64); NaN outside [-1, 1]', () => {
    expectValues(fx.acos(f64([-1, -0.5, 0, 0.25, 0.9, 1, -2])), [Math.PI, 2.0943951023931957, 1.5707963267948966, 1.318116071652818, 0.45102681179626236, 0, NaN], 1e-15);
  });
  floatOpBasics(fx.acos, 0.5);
});

describe('atan', () => {
  test('known values (float64), limits at +-Infinity', () => {
    expectValues(fx.atan(f64(TRIG_X)), [-1.1071487177940904, -0.4636476090008061, 0, 0.4636476090008061, 0.7853981633974483, 1.2490457723982544], 1e-15);
    expectValues(fx.atan(f64([-Infinity, Infinity])), [-Math.PI / 2, Math.PI / 2], 1e-15);
  });
  floatOpBasics(fx.atan, 0.5);
});

describe('asinh', () => {
  test('known values (float64)', () => {
    expectValues(fx.asinh(f64(TRIG_X)), [-1.4436354751788103, -0.48121182505960347, 0, 0.48121182505960347, 0.881373587019543, 1.8184464592320668], 1e-15);
  });
  floatOpBasics(fx.asinh, 0.5);
});

describe('acosh', () => {
  test('known values (float64); NaN below 1', () => {
    expectValues(fx.acosh(f64([1, 1.5, 2, 10, 100, 0.5])), [0, 0.9624236501192069, 1.3169578969248168, 2.993222846126381, 5.298292365610485, NaN], 1e-15);
  });
  floatOpBasics(fx.acosh, 2);
});

describe('atanh', () => {
  test('known values (float64); +-Infinity at +-1, NaN beyond', () => {
    expectValues(fx.atanh(f64([-0.9, -0.5, 0, 0.25, 0.5, 0.99])), [-1.4722194895832204, -0.5493061443340549, 0, 0.25541281188299536, 0.5493061443340549, 2.6466524123622457], 1e-15);
    expectValues(fx.atanh(fx.tensor([1, -1, 2])), [Infinity, -Infinity, NaN]);
  });
  floatOpBasics(fx.atanh, 0.5);
});

describe('sinh', () => {
  test('known values (float64)', () => {
    expectRelative(fx.sinh(f64([-2, -0.5, 0.5, 1, 3])), [-3.6268604078470186, -0.5210953054937474, 0.5210953054937474, 1.1752011936438014, 10.017874927409903]);
  });
  floatOpBasics(fx.sinh, 0.5);
});

describe('cosh', () => {
  test('known values (float64)', () => {
    expectRelative(fx.cosh(f64(TRIG_X)), [3.7621956910836314, 1.1276259652063807, 1, 1.1276259652063807, 1.5430806348152437, 10.067661995777765]);
  });
  floatOpBasics(fx.cosh, 0.5);
});

describe('erf', () => {
  // every branch of the float64 implementation and its boundaries, against 50-digit references
  const xs = [-7, -3, -1.5, -1, -0.5, -0.49999, -1e-3, 0, 1e-8, 0.3, 0.49999, 0.5, 0.75, 1, 1.25, 1.49999, 1.5, 1.75, 2, 2.5, 3, 4, 5.5, 5.99999, 6];
  const ref = [
    -1.0, -0.9999779095030014, -0.9661051464753108, -0.8427007929497149, -0.5204998778130465, -0.5204910899433182,
    -0.0011283787909692365, 0.0, 1.1283791670955126e-8, 0.3286267594591274, 0.5204910899433182, 0.5204998778130465,
    0.7111556336535151, 0.8427007929497149, 0.9229001282564583, 0.9661039571545788, 0.9661051464753108,
    0.9866716712191824, 0.9953222650189527, 0.999593047982555, 0.9999779095030014, 0.9999999845827421,
    0.9999999999999927, 1.0, 1.0,
  ];
  test('float64 values agree with 50-digit references to a few ulp', () => {
    const got = fx.erf(f64(xs)).dataSync();
    ref.forEach((r, i) => {
      const g = got[i] as number;
      assert.ok(Math.abs(g - r) <= 4 * Number.EPSILON * Math.max(Math.abs(r), 1e-300) || g === r, `erf(${xs[i]}) = ${g}, expected ${r}`);
    });
  });
  test('odd symmetry, limits and NaN', () => {
    const y = fx.erf(f64([0.7, -0.7])).dataSync();
    assert.equal(y[0], -(y[1] as number));
    expectValues(fx.erf(f64([Infinity, -Infinity, NaN])), [1, -1, NaN], 0);
  });
  test('the forward values are smooth across branch boundaries (finite differences match 2/sqrt(pi) e^-x^2)', () => {
    for (const b of [0.5, 1.5, 2, 6]) {
      const h = 1e-6;
      const [lo, hi] = Array.from(fx.erf(f64([b - h, b + h])).dataSync());
      const slope = ((hi as number) - (lo as number)) / (2 * h);
      const exact = (2 / Math.sqrt(Math.PI)) * Math.exp(-b * b);
      assert.ok(Math.abs(slope - exact) < 1e-8, `slope at ${b}: ${slope} vs ${exact}`);
    }
  });
  floatOpBasics(fx.erf, 0.5);
});

describe('floor', () => {
  test('known values; int32 stays int32', () => {
    expectValues(fx.floor(fx.tensor([-2.5, -0.5, 0.5, 2.9, 3])), [-3, -1, 0, 2, 3], 0);
    const y = i32([-3, 4]).floor();
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [-3, 4]);
  });
  test('its gradient is zero', () => {
    expectValues(fx.grad((x) => fx.sum(fx.floor(x)))(f64([1.5, -2.2])), [0, 0], 0);
  });
  numericOpBasics(fx.floor, 'floor');
});

describe('ceil', () => {
  test('known values; int32 stays int32', () => {
    expectValues(fx.ceil(fx.tensor([-2.5, -0.5, 0.5, 2.1, 3])), [-2, 0, 1, 3, 3], 0);
    assert.equal(fx.ceil(i32([1])).dtype, 'int32');
  });
  test('its gradient is zero', () => {
    expectValues(fx.grad((x) => fx.sum(fx.ceil(x)))(f64([1.5])), [0], 0);
  });
  numericOpBasics(fx.ceil, 'ceil');
});

describe('round', () => {
  test('halves round to even (banker\'s rounding), as TensorFlow.js', () => {
    expectValues(fx.round(fx.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, -2.6, 3.5])), [-2, -2, 0, 0, 2, 2, 2, -3, 4], 0);
  });
  test('int32 stays int32; float64 keeps precision', () => {
    assert.deepEqual(Array.from(fx.round(i32([-3, 7])).dataSync()), [-3, 7]);
    expectValues(fx.round(f64([4503599627370495.5, 1e300])), [4503599627370496, 1e300], 0);
  });
  test('its gradient is zero', () => {
    expectValues(fx.grad((x) => fx.sum(fx.round(x)))(f64([1.2])), [0], 0);
  });
  numericOpBasics(fx.round, 'round');
});

describe('clipByValue', () => {
  test('clamps to [min, max]; NaN stays NaN', () => {
    expectValues(fx.clipByValue(fx.tensor([-3, -1, 0, 1, 3, NaN]), -1, 2), [-1, -1, 0, 1, 2, NaN], 0);
    expectValues(fx.tensor([[5, -5]]).clipByValue(0, 1), [1, 0], 0, [1, 2]);
  });
  test('int32 stays int32; min == max and infinite bounds', () => {
    const y = fx.clipByValue(i32([-10, 0, 10]), -2, 3);
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [-2, 0, 3]);
    expectValues(fx.clipByValue(fx.tensor([-1, 4]), 2, 2), [2, 2], 0);
    expectValues(fx.clipByValue(f64([-1e30, 1e30]), 0, Infinity), [0, 1e30], 0);
  });
  test('gradient passes where min <= x <= max (inclusive)', () => {
    const g = fx.grad((x) => fx.sum(fx.clipByValue(x, -1, 1)))(f64([-2, -1, 0, 1, 2]));
    expectValues(g, [0, 1, 1, 1, 0], 0);
  });
  test('empty tensors', () => {
    assert.deepEqual(fx.clipByValue(fx.zeros([0, 2]), 0, 1).shape, [0, 2]);
  });
});

describe('relu', () => {
  test('known values; NaN stays NaN', () => {
    expectValues(fx.relu(fx.tensor([-2, -0.5, 0, 0.5, 3, NaN])), [0, 0, 0, 0.5, 3, NaN], 0);
  });
  test('int32 stays int32; bool becomes int32 (as TensorFlow.js)', () => {
    const y = i32([-3, 4]).relu();
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [0, 4]);
    const b = fx.relu(fx.tensor([true, false]));
    assert.equal(b.dtype, 'int32');
    assert.deepEqual(Array.from(b.dataSync()), [1, 0]);
  });
  test('gradient is 1 for x > 0 and 0 for x <= 0 (0 at the kink, as TensorFlow)', () => {
    expectValues(fx.grad((x) => fx.sum(fx.relu(x)))(f64([-1, 0, 2])), [0, 0, 1], 0);
  });
  test('empty and size-1 shapes', () => {
    assert.deepEqual(fx.relu(fx.zeros([0])).shape, [0]);
    assert.deepEqual(fx.relu(fx.ones([1, 1])).shape, [1, 1]);
  });
});

describe('relu6', () => {
  test('known values', () => {
    expectValues(fx.relu6(fx.tensor([-2, 0, 3, 6, 7.5])), [0, 0, 3, 6, 6], 0);
  });
  test('int32 stays int32; bool becomes int32', () => {
    const y = fx.relu6(i32([-3, 4, 9]));
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [0, 4, 6]);
    assert.equal(fx.relu6(fx.tensor([true])).dtype, 'int32');
  });
  test('gradient passes for 0 < x < 6 only', () => {
    expectValues(fx.grad((x) => fx.sum(fx.relu6(x)))(f64([-1, 0, 3, 6, 8])), [0, 0, 1, 0, 0], 0);
  });
});

describe('elu', () => {
  const xs = [-3, -1, -1e-8, 0, 0.5, 2];
  test('known values (float64), alpha = 1', () => {
    expectRelative(fx.elu(f64(xs)), [-0.950212931632136, -0.6321205588285577, -9.999999950000001e-9, 0, 0.5, 2]);
  });
  test('alpha (Keras) scales the negative side', () => {
    expectRelative(fx.elu(f64(xs), 0.5), [-0.475106465816068, -0.31606027941427883, -4.9999999750000005e-9, 0, 0.5, 2]);
    expectValues(fx.tensor([-1000]).elu(), [-1]);
  });
  floatOpBasics(fx.elu, -0.5);
});

describe('selu', () => {
  test('known values (float64)', () => {
    expectRelative(fx.selu(f64([-3, -1, -1e-8, 0.5, 2])), [-1.670568728767112, -1.1113307378125628, -1.7580993320568802e-8, 0.5253504936777402, 2.101401974710961]);
    expectValues(fx.selu(fx.tensor([0])), [0], 0);
  });
  floatOpBasics(fx.selu, -0.5);
});

describe('leakyRelu', () => {
  test('default alpha is 0.2 (TensorFlow.js)', () => {
    expectValues(fx.leakyRelu(fx.tensor([-2, 0, 3])), [-0.4, 0, 3]);
  });
  test('custom alpha, as a method', () => {
    expectValues(fx.tensor([-2, 1]).leakyRelu(0.01), [-0.02, 1]);
  });
  test('gradient is alpha below 0, 1 above', () => {
    expectValues(fx.grad((x) => fx.sum(fx.leakyRelu(x, 0.1)))(f64([-3, 2])), [0.1, 1], 1e-15);
  });
  floatOpBasics(fx.leakyRelu, -1);
});

describe('step', () => {
  test('1 for x > 0, alpha elsewhere, NaN stays NaN', () => {
    expectValues(fx.step(fx.tensor([-2, 0, 0.1, NaN])), [0, 0, 1, NaN], 0);
    expectValues(fx.tensor([-2, 0, 3]).step(0.5), [0.5, 0.5, 1], 0);
  });
  test('its gradient is zero', () => {
    expectValues(fx.grad((x) => fx.sum(fx.step(x)))(f64([-1, 1])), [0, 0], 0);
  });
  floatOpBasics(fx.step, 1);
});

describe('softplus', () => {
  const xs = [-50, -2, -1e-3, 0, 1e-3, 2, 30, 50];
  test('float64 values, exact in both tails', () => {
    expectRelative(fx.softplus(f64(xs)), [1.9287498479639178e-22, 0.1269280110429725, 0.6926473055599401, 0.6931471805599453, 0.6936473055599401, 2.1269280110429727, 30.000000000000092, 50]);
  });
  test('no overflow for huge inputs', () => {
    expectValues(fx.softplus(fx.tensor([1000, -1000])), [1000, 0]);
  });
  floatOpBasics(fx.softplus, 1);
});

describe('logSigmoid', () => {
  test('float64 values, stable in both tails', () => {
    expectRelative(
      fx.logSigmoid(f64([-50, -2, -1e-3, 0, 1e-3, 2, 30, 50])),
      [-50, -2.1269280110429727, -0.6936473055599401, -0.6931471805599453, -0.6926473055599401, -0.1269280110429725, -9.357622968839737e-14, -1.9287498479639178e-22],
    );
    expectValues(fx.tensor([-1000, 1000]).logSigmoid(), [-1000, 0]);
  });
  floatOpBasics(fx.logSigmoid, 1);
});

describe('softsign', () => {
  test('known values', () => {
    expectValues(fx.softsign(f64([-3, -1, 0, 0.5, 4])), [-0.75, -0.5, 0, 1 / 3, 0.8], 1e-15);
  });
  floatOpBasics(fx.softsign, 1);
});

describe('gelu', () => {
  const xs = [-10, -5, -3, -1, -0.5, 0, 0.5, 1, 2, 3, 5];
  test('exact form x * Phi(x) by default (float64), accurate in the left tail', () => {
    expectRelative(fx.gelu(f64(xs)), [-7.619853024160526e-23, -1.4332578593959695e-6, -0.0040496940948902835, -0.15865525393145705, -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685429, 1.9544997361036416, 2.99595030590511, 4.999998566742141], 1e-13);
  });
  test('tanh approximation (approximate = true)', () => {
    const ref = [-1.2040923482098107e-37, -2.291796196629506e-7, -0.003637392081773019, -0.1588080093917233, -0.15428599017485609, 0, 0.34571400982514394, 0.8411919906082767, 1.954597694087775, 2.996362607918227, 4.999999770820381];
    expectValues(fx.gelu(f64(xs), true), ref, 1e-15);
  });
  floatOpBasics(fx.gelu, 1);
});

describe('silu', () => {
  test('x * sigmoid(x)', () => {
    expectRelative(fx.silu(f64([-3, -1, 0.5, 2])), [-0.14227761953270035, -0.2689414213699951, 0.3112296656009273, 1.7615941559557649]);
    expectValues(fx.silu(fx.tensor([0, -1000, 1000])), [0, 0, 1000]);
  });
  floatOpBasics(fx.silu, 1);
});

describe('swish', () => {
  test('beta = 1 matches silu; beta = 2', () => {
    expectRelative(fx.swish(f64([-3, -1, 0.5, 2])), [-0.14227761953270035, -0.2689414213699951, 0.3112296656009273, 1.7615941559557649]);
    expectRelative(fx.swish(f64([-3, -1, 0.5, 2]), 2), [-0.007417869469904323, -0.11920292202211756, 0.36552928931500245, 1.964027580075817]);
  });
  floatOpBasics(fx.swish, 1);
});

describe('mish', () => {
  test('x * tanh(softplus(x))', () => {
    expectRelative(fx.mish(f64([-3, -1, 0.5, 2])), [-0.14564746127562458, -0.3034014613741089, 0.37524521130489513, 1.9439589595339946]);
    expectValues(fx.mish(fx.tensor([0, -1000, 1000])), [0, 0, 1000]);
  });
  floatOpBasics(fx.mish, 1);
});

describe('isNaN', () => {
  test('bool result for every dtype', () => {
    const y = fx.isNaN(fx.tensor([NaN, Infinity, -Infinity, 0, 1]));
    assert.equal(y.dtype, 'bool');
    assert.deepEqual(Array.from(y.dataSync()), [1, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(fx.isNaN(i32([1, 2])).dataSync()), [0, 0]);
    assert.deepEqual(Array.from(f64([NaN]).isNaN().dataSync()), [1]);
    assert.deepEqual(fx.isNaN(fx.zeros([0, 2])).shape, [0, 2]);
  });
});

describe('isFinite', () => {
  test('bool result for every dtype', () => {
    const y = fx.isFinite(fx.tensor([NaN, Infinity, -Infinity, 0, 1]));
    assert.equal(y.dtype, 'bool');
    assert.deepEqual(Array.from(y.dataSync()), [0, 0, 0, 1, 1]);
    assert.deepEqual(Array.from(fx.isFinite(fx.tensor([true, false])).dataSync()), [1, 1]);
    assert.deepEqual(Array.from(f64([1e308 * 10]).isFinite().dataSync()), [0]);
  });
});

describe('isInf', () => {
  test('bool result for every dtype', () => {
    const y = fx.isInf(fx.tensor([NaN, Infinity, -Infinity, 0, 3.4e38]));
    assert.equal(y.dtype, 'bool');
    assert.deepEqual(Array.from(y.dataSync()), [0, 1, 1, 0, 0]);
    assert.deepEqual(Array.from(i32([5]).isInf().dataSync()), [0]);
  });
});

describe('logicalNot', () => {
  test('negates a bool tensor', () => {
    const y = fx.logicalNot(fx.tensor([true, false, true]));
    assert.equal(y.dtype, 'bool');
    assert.deepEqual(Array.from(y.dataSync()), [0, 1, 0]);
    assert.deepEqual(Array.from(fx.greater(fx.tensor([1, -1]), 0).logicalNot().dataSync()), [0, 1]);
    assert.deepEqual(fx.logicalNot(fx.cast(fx.zeros([2, 0]), 'bool')).shape, [2, 0]);
  });
});
