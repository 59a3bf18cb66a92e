import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

const f64 = (values: number[], shape?: number[]): fx.Tensor => fx.tensor(values, shape ?? [values.length], 'float64');

function close(actual: fx.Tensor | null | undefined, expected: number[], tol = 1e-10): void {
  assert.ok(actual, 'a gradient');
  const a = Array.from(actual.dataSync());
  assert.equal(a.length, expected.length, `length ${a.length} vs ${expected.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) <= tol, `element ${i}: ${v} vs ${expected[i]}`));
}

describe('grad, grads, valueAndGrad, valueAndGrads', () => {
  test('grad of sum(x^2) is 2x', () => close(fx.grad((x) => fx.sum(fx.square(x)))(f64([1, -2, 3])), [2, -4, 6]));
  test('grad with dy scales the gradient', () => close(fx.grad((x) => fx.square(x))(f64([1, 2]), f64([3, 0.5])), [6, 2]));
  test('grads returns one gradient per argument, broadcast-reduced', () => {
    const [da, db] = fx.grads((a, b) => fx.sum(fx.mul(a!, b!)))([f64([1, 2, 3, 4], [2, 2]), f64([10, 20], [2])]);
    close(da, [10, 20, 10, 20]);
    close(db, [4, 6]);
  });
  test('valueAndGrad / valueAndGrads return the value too', () => {
    const { value, grad } = fx.valueAndGrad((x) => fx.sum(fx.exp(x)))(f64([0, 1]));
    close(value, [1 + Math.E]);
    close(grad, [1, Math.E]);
    const r = fx.valueAndGrads((a, b) => fx.sum(fx.sub(a!, b!)))([f64([1]), f64([2])]);
    close(r.value, [-1]);
    close(r.grads[0], [1]);
    close(r.grads[1], [-1]);
  });
  test('a gradient of an unconnected input is an error naming it', () => {
    assert.throws(
      () => fx.grads((a) => fx.sum(a!))([f64([1]), f64([2])]),
      /grads: cannot compute the gradient of y=f\(x\) with respect to args\[1\]: y does not depend on it/,
    );
  });
  test('f must return a tensor', () => {
    assert.throws(() => fx.grad(() => 3 as unknown as fx.Tensor)(f64([1])), /grad: f must return a Tensor, but it returned number 3/);
  });
});

describe('higher-order gradients', () => {
  test('d2/dx2 tanh = -2 tanh (1 - tanh^2)', () => {
    const xs = [-1.5, 0.3, 2];
    const g2 = fx.grad((x) => fx.sum(fx.grad((y) => fx.sum(fx.tanh(y)))(x)))(f64(xs));
    close(g2, xs.map((x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)), 1e-12);
  });
  test('d2/dx2 sigmoid = s(1-s)(1-2s)', () => {
    const xs = [-2, 0.5];
    const s = (x: number): number => 1 / (1 + Math.exp(-x));
    const g2 = fx.grad((x) => fx.sum(fx.grad((y) => fx.sum(fx.sigmoid(y)))(x)))(f64(xs));
    close(g2, xs.map((x) => s(x) * (1 - s(x)) * (1 - 2 * s(x))), 1e-12);
  });
  test('third derivative of x^3 is 6', () => {
    const cube = (x: fx.Tensor): fx.Tensor => fx.sum(fx.mul(x, fx.mul(x, x)));
    const d1 = (x: fx.Tensor): fx.Tensor => fx.grad(cube)(x);
    const d2 = (x: fx.Tensor): fx.Tensor => fx.grad((y) => fx.sum(d1(y)))(x);
    const d3 = fx.grad((y) => fx.sum(d2(y)))(f64([0.5, 2]));
    close(d2(f64([0.5, 2])), [3, 12]);
    close(d3, [6, 6]);
  });
  test('second derivative through a matMul chain (Hessian-vector product)', () => {
    // f(w) = sum((A w)^2) => grad = 2 A^T A w, Hessian = 2 A^T A
    const A = f64([1, 2, 3, 4, 5, 6], [3, 2]);
    const w = f64([0.5, -1], [2, 1]);
    const v = f64([1, 2], [2, 1]);
    const hv = fx.grad((x) => fx.sum(fx.mul(fx.grad((y) => fx.sum(fx.square(fx.matMul(A, y))))(x), v)))(w);
    // 2 A^T A v: A^T A = [[35,44],[44,56]] => [35+88, 44+112]*2
    close(hv, [246, 312]);
  });
  test('Hessian-vector product of softmax cross-entropy (the gradient flows through its logSoftmax output)', () => {
    const labels = f64([0, 1, 0, 0.25, 0.25, 0.5], [2, 3]);
    const x0 = [0.3, -1.2, 2.0, 0.1, 0.7, -0.4];
    const v = [1, -0.5, 0.25, 2, 0, -1];
    const g = (x: fx.Tensor): fx.Tensor => fx.grad((y) => fx.losses.softmaxCrossEntropy(labels, y))(x);
    const hv = fx.grad((x) => fx.sum(fx.mul(g(x), f64(v, [2, 3]))))(f64(x0, [2, 3]));
    // The Hessian is symmetric, so H v = d/de g(x + e v) at e = 0: central differences in float64.
    const eps = 1e-5;
    const at = (sign: number): number[] => Array.from(g(f64(x0.map((xi, i) => xi + sign * eps * v[i]!), [2, 3])).dataSync());
    const plus = at(1);
    const minus = at(-1);
    close(hv, plus.map((p, i) => (p - minus[i]!) / (2 * eps)), 1e-7);
  });
});

describe('GradientTape', () => {
  test('watch and gradient with a list of sources', () => {
    const x = f64([1, 2], [1, 2]);
    const w = f64([3, 4], [2, 1]);
    const tape = new fx.GradientTape();
    tape.watch(x, w);
    const y = fx.sum(fx.matMul(x, w));
    const [dx, dw] = tape.gradient(y, [x, w]);
    close(dx, [3, 4]);
    close(dw, [1, 2]);
  });
  test('trainable variables are watched automatically; non-trainable ones are not', () => {
    const v = new fx.Variable(f64([2]));
    const frozen = new fx.Variable(f64([5]), false);
    const tape = new fx.GradientTape();
    const y = fx.mul(fx.square(v), frozen);
    const g = tape.gradient(y, { v, frozen });
    close(g['v'], [20]);
    assert.equal(g['frozen'], null);
  });
  test('unconnectedGradients "zero" gives zeros instead of null', () => {
    const a = f64([1, 2]);
    const b = f64([3]);
    const tape = new fx.GradientTape();
    tape.watch(a, b);
    const y = fx.sum(a);
    const [ga, gb] = tape.gradient(y, [a, b], undefined, 'zero');
    close(ga, [1, 1]);
    close(gb, [0]);
  });
  test('a non-persistent tape computes once; a persistent one many times', () => {
    const x = f64([3]);
    const once = new fx.GradientTape();
    once.watch(x);
    const y = fx.square(x);
    close(once.gradient(y, x), [6]);
    assert.throws(() => once.gradient(y, x), /GradientTape.gradient: a non-persistent tape can compute gradients only once/);
    const many = new fx.GradientTape({ persistent: true });
    many.watch(x);
    const y2 = fx.square(x);
    const y3 = fx.mul(y2, x);
    close(many.gradient(y2, x), [6]);
    close(many.gradient(y3, x), [27]);
    many.stop();
  });
  test('nested tapes give second derivatives', () => {
    const x = f64([0.7]);
    const outer = new fx.GradientTape();
    outer.watch(x);
    const inner = new fx.GradientTape();
    inner.watch(x);
    const y = fx.exp(fx.square(x));
    const dy = inner.gradient(y, x) as fx.Tensor;
    const d2 = outer.gradient(dy, x);
    // d/dx (2x e^{x^2}) = (2 + 4x^2) e^{x^2}
    close(d2, [(2 + 4 * 0.49) * Math.exp(0.49)], 1e-12);
  });
});

describe('variableGrads, customGrad, stopGradient', () => {
  test('variableGrads finds the trainable variables the loss reads, keyed by name', () => {
    const w = new fx.Variable(f64([1, 2]), true, 'w');
    const b = new fx.Variable(f64([0.5]), true, 'b');
    const frozen = new fx.Variable(f64([1]), false, 'frozen');
    const { value, grads } = fx.variableGrads(() => fx.sum(fx.add(fx.mul(w, frozen), b)));
    close(value, [4]);
    assert.deepEqual(Object.keys(grads).sort(), ['b', 'w']);
    close(grads['w'], [1, 1]);
    close(grads['b'], [2]);
    const only = fx.variableGrads(() => fx.sum(fx.mul(w, b)), [b]);
    assert.deepEqual(Object.keys(only.grads), ['b']);
    close(only.grads['b'], [3]);
  });
  test('variableGrads requires a scalar loss', () => {
    const w = new fx.Variable(f64([1, 2]));
    assert.throws(() => fx.variableGrads(() => fx.mul(w, 2)), /variableGrads: f must return a scalar \(rank 0\) loss, but it returned shape \[2\]/);
  });
  test('customGrad uses the supplied gradient (TensorFlow.js signature with save)', () => {
    const clipGrad = fx.customGrad((...args) => {
      const x = args[0] as fx.Tensor;
      const save = args[1] as (ts: fx.Tensor[]) => void;
      save([x]);
      return { value: fx.square(x), gradFunc: (dy, [sx]) => fx.mul(dy, fx.mul(sx!, 0.5)) };
    });
    const g = fx.grad((x) => fx.sum(clipGrad(x)))(f64([2, 4]));
    close(g, [1, 2]);
    close(clipGrad(f64([3])), [9]);
  });
});

describe('stopGradient', () => {
  test('returns its input unchanged in the forward pass', () => {
    const x = f64([1.5, -2]);
    const y = fx.stopGradient(x);
    assert.deepEqual(Array.from(y.dataSync()), [1.5, -2]);
    assert.equal(y.dtype, 'float64');
    assert.deepEqual(fx.stopGradient([[1, 2]]).shape, [1, 2]);
  });
  test('blocks the gradient', () => {
    const g = fx.grad((x) => fx.sum(fx.mul(x, fx.stopGradient(x))))(f64([3]));
    close(g, [3]);
  });
});

describe('errors of the autodiff API', () => {
  test('no gradient flows through a comparison (bool result), as in TensorFlow', () => {
    const x = f64([1, 2]);
    const tape = new fx.GradientTape();
    tape.watch(x);
    const y = fx.sum(fx.cast(fx.greater(x, 1.5), 'float64'));
    assert.equal(tape.gradient(y, x), null);
    assert.throws(
      () => fx.grad((t) => fx.sum(fx.cast(fx.equal(t, t), 'float64')))(x),
      /grad: cannot compute the gradient of y=f\(x\) with respect to x: y does not depend on it/,
    );
  });
  test('int inputs get no gradient and the error says why', () => {
    assert.throws(
      () => fx.grads((a, b) => fx.sum(fx.mul(a!, b!)))([f64([1]), fx.tensor([1], [1], 'int32')]),
      /grads: args\[1\] has dtype int32; gradients are defined only with respect to float32 or float64 tensors/,
    );
  });
});

describe('tape snapshots of variables', () => {
  test('assigning a variable after the forward pass does not change its gradient', () => {
    const w = new fx.Variable(f64([1, 2]));
    const tape = new fx.GradientTape();
    const loss = fx.sum(fx.square(w));
    w.assign(f64([10, 20]));
    close(tape.gradient(loss, w), [2, 4]);
  });
});
