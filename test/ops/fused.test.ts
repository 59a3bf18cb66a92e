/** Forward values of fx.fused.matMul against the unfused matMul + add + activation. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

function assertClose(got: fx.Tensor, want: fx.Tensor, tol = 1e-5): void {
  assert.deepEqual(got.shape, want.shape, 'shape');
  assert.equal(got.dtype, want.dtype, 'dtype');
  const g = got.dataSync();
  const w = want.dataSync();
  for (let i = 0; i < w.length; i++) {
    const x = g[i] as number;
    const y = w[i] as number;
    assert.ok(Math.abs(x - y) <= tol * (1 + Math.abs(y)), `element ${i}: ${x} vs ${y}`);
  }
}

type Act = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'sigmoid' | 'tanh';

function unfused(y: fx.Tensor, act: Act, alpha = 0.2): fx.Tensor {
  switch (act) {
    case 'linear': return y;
    case 'relu': return fx.relu(y);
    case 'relu6': return fx.relu6(y);
    case 'elu': return fx.elu(y);
    case 'leakyrelu': return fx.leakyRelu(y, alpha);
    case 'sigmoid': return fx.sigmoid(y);
    case 'tanh': return fx.tanh(y);
  }
}

const ACTS: Act[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'tanh'];

describe('fused.matMul', () => {
  test('the TensorFlow.js doc example', () => {
    const a = fx.tensor2d([-1, -2], [1, 2]);
    const b = fx.tensor2d([1, 2, 3, 4], [2, 2]);
    const bias = fx.tensor2d([1, 2], [1, 2]);
    const y = fx.fused.matMul({ a, b, bias, activation: 'relu' });
    assert.deepEqual(y.shape, [1, 2]);
    assert.deepEqual(Array.from(y.dataSync()), [0, 0]); // [-7, -10] + [1, 2] -> relu
    assert.deepEqual(Array.from(fx.fused.matMul({ a, b, bias }).dataSync()), [-6, -8]);
  });

  for (const activation of ACTS) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      test(`${activation}${ta ? ', transposeA' : ''}${tb ? ', transposeB' : ''}: matches matMul + add + ${activation}`, () => {
        fx.setSeed(7);
        const m = 13;
        const k = 21;
        const n = 19;
        const a = fx.randomUniform(ta ? [k, m] : [m, k], -1, 1);
        const b = fx.randomUniform(tb ? [n, k] : [k, n], -1, 1);
        const bias = fx.randomUniform([n], -1, 1);
        const got = fx.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation, leakyreluAlpha: 0.3 });
        assertClose(got, unfused(fx.add(fx.matMul(a, b, ta, tb), bias), activation, 0.3));
        const noBias = fx.fused.matMul({ a, b, transposeA: ta, transposeB: tb, activation, leakyreluAlpha: 0.3 });
        assertClose(noBias, unfused(fx.matMul(a, b, ta, tb), activation, 0.3));
      });
    }
  }

  test('bias broadcasting: [n], [1, n], [m, 1], [m, n], a scalar, and batched products', () => {
    fx.setSeed(3);
    const a = fx.randomUniform([2, 4, 5], -1, 1);
    const b = fx.randomUniform([5, 3], -1, 1);
    const prod = fx.matMul(a, b);
    for (const shape of [[3], [1, 3], [4, 1], [4, 3], [], [2, 1, 3], [2, 4, 3]]) {
      const bias = fx.randomUniform(shape, -1, 1);
      assertClose(fx.fused.matMul({ a, b, bias, activation: 'tanh' }), fx.tanh(fx.add(prod, bias)));
    }
  });

  test('prelu composes with preluActivationWeights', () => {
    const a = fx.tensor2d([1, -2, 3, -4], [2, 2]);
    const b = fx.tensor2d([1, 0, 0, 1], [2, 2]);
    const w = fx.tensor1d([0.5, 0.25]);
    const y = fx.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: w });
    assert.deepEqual(Array.from(y.dataSync()), [1, -0.5, 3, -1]);
  });

  test('int32 operands are promoted to float32; float64 stays float64', () => {
    const y = fx.fused.matMul({ a: fx.tensor2d([1, 2], [1, 2], 'int32'), b: fx.tensor2d([3, 4], [2, 1], 'int32'), bias: [1] });
    assert.equal(y.dtype, 'float32');
    assert.deepEqual(Array.from(y.dataSync()), [12]);
    const z = fx.fused.matMul({ a: fx.tensor2d([1, 2], [1, 2], 'float64'), b: fx.tensor2d([3, 4], [2, 1], 'float64'), activation: 'sigmoid' });
    assert.equal(z.dtype, 'float64');
    assert.ok(Math.abs((z.dataSync()[0] as number) - 1 / (1 + Math.exp(-11))) < 1e-12);
  });

  test('empty inner dimension: act(bias)', () => {
    const y = fx.fused.matMul({ a: fx.zeros([2, 0]), b: fx.zeros([0, 3]), bias: [-1, 0, 2], activation: 'relu' });
    assert.deepEqual(y.shape, [2, 3]);
    assert.deepEqual(Array.from(y.dataSync()), [0, 0, 2, 0, 0, 2]);
  });

  test('a large product (multithreaded native GEMM) with relu and bias', () => {
    fx.setSeed(11);
    const a = fx.randomUniform([130, 200], -1, 1);
    const b = fx.randomUniform([200, 150], -1, 1);
    const bias = fx.randomUniform([150], -1, 1);
    assertClose(fx.fused.matMul({ a, b, bias, activation: 'relu' }), fx.relu(fx.add(fx.matMul(a, b), bias)), 1e-4);
  });
});
