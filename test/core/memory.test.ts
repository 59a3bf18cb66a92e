import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';

test('tidy releases intermediates and keeps results, kept tensors and variables', () => {
  const before = fx.memory().numTensors;
  let inner: fx.Tensor | undefined;
  let kept: fx.Tensor | undefined;
  let v: fx.Variable | undefined;
  const out = fx.tidy(() => {
    const a = fx.tensor([1, 2, 3]);
    inner = a.mul(2);
    kept = fx.keep(a.add(1));
    v = new fx.Variable(fx.tensor([0]));
    return inner.add(1);
  });
  assert.ok(inner?.isDisposed, 'intermediate released');
  assert.ok(!out.isDisposed, 'result survives');
  assert.ok(kept && !kept.isDisposed, 'kept survives');
  assert.ok(v && !v.isDisposed, 'variable survives');
  assert.deepEqual(Array.from(out.dataSync()), [3, 5, 7]);
  assert.equal(fx.memory().numTensors, before + 3, 'result, kept, variable');
});

test('nested tidy: an inner result is released by the outer tidy unless returned', () => {
  let innerResult: fx.Tensor | undefined;
  fx.tidy(() => {
    innerResult = fx.tidy(() => fx.tensor([1]).add(1));
    assert.ok(!innerResult.isDisposed);
    return undefined;
  });
  assert.ok(innerResult?.isDisposed);
});

test('tidy refuses async functions with a clear message', () => {
  assert.throws(() => fx.tidy(async () => fx.scalar(1)), /tidy: fn must be synchronous/);
});

test('dispose releases tensors in containers and memory() counts bytes', () => {
  const a = fx.zeros([10], 'float64');
  const b = fx.zeros([10], 'int32');
  const before = fx.memory();
  fx.dispose({ a, list: [b] });
  const after = fx.memory();
  assert.equal(before.numTensors - after.numTensors, 2);
  assert.equal(before.numBytes - after.numBytes, 80 + 40);
});

test('tidy inside a recording gradient keeps what the tape needs', () => {
  const g = fx.grad((x) => fx.tidy(() => fx.sum(fx.mul(fx.tanh(x), x))))(fx.tensor([0.5, -1], [2], 'float64'));
  const expected = [0.5, -1].map((x) => Math.tanh(x) + x * (1 - Math.tanh(x) ** 2));
  Array.from(g.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) < 1e-12));
});
