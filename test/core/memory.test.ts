import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';

/** Collects garbage and lets the event loop turn (the FinalizationRegistry's callbacks run then), five times. */
async function settleGc(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

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

test('tensors that outlive a tidy (returned, kept, or left by a throw) are counted until the garbage collector frees them', async () => {
  await settleGc();
  const base = fx.memory().numTensors;
  // Inside a tidy, registration with the FinalizationRegistry is deferred; what leaves the tidy is registered then.
  let returned: fx.Tensor | null = fx.tidy(() => fx.add(fx.ones([3]), 1));
  let kept: fx.Tensor | null = null;
  fx.tidy(() => {
    kept = fx.keep(fx.mul(fx.ones([4]), 2));
  });
  assert.throws(() =>
    fx.tidy(() => {
      fx.ones([5]);
      throw new Error('boom');
    }),
  /boom/);
  assert.equal(fx.memory().numTensors, base + 3, 'the returned, the kept and the orphaned tensor are counted');
  assert.deepEqual(Array.from(returned.dataSync()), [2, 2, 2]);
  assert.deepEqual(Array.from((kept as unknown as fx.Tensor).dataSync()), [2, 2, 2, 2]);
  returned = null;
  kept = null;
  await settleGc();
  assert.equal(fx.memory().numTensors, base, 'all three were counted down after collection');
});

test('tensors made outside tidy: disposed ones leave the count at once, dropped ones once collected (registered in batches)', async () => {
  await settleGc();
  const base = fx.memory().numTensors;
  const a = fx.ones([8]);
  // Disposed right away: counted down at dispose (they wait in the young list, never registered).
  for (let i = 0; i < 10_000; i++) fx.add(a, a).dispose();
  assert.equal(fx.memory().numTensors, base + 1);
  assert.equal(fx.memory().unreliable, false);
  // Dropped without dispose, in one synchronous stretch: more than the young list holds (256), so most are
  // registered when the list fills and the rest when the task ends; all are counted until collected.
  let dropped: fx.Tensor[] | null = [];
  for (let i = 0; i < 1000; i++) dropped.push(fx.add(a, a));
  assert.equal(fx.memory().numTensors, base + 1001);
  assert.equal(dropped[0]!.dataSync()[0], 2);
  assert.equal(dropped[999]!.dataSync()[7], 2);
  dropped = null;
  await settleGc();
  assert.equal(fx.memory().numTensors, base + 1, 'the 1000 dropped tensors were counted down after collection');
  // Registered when the task ended, then disposed: unregistered, so its collection does not count it down again.
  let late: fx.Tensor | null = fx.add(a, a);
  await Promise.resolve();
  late.dispose();
  late = null;
  assert.equal(fx.memory().numTensors, base + 1);
  await settleGc();
  assert.equal(fx.memory().numTensors, base + 1, 'a registered tensor disposed later is counted down once');
  a.dispose();
  assert.equal(fx.memory().numTensors, base);
});
