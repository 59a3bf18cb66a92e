/** The reuse of kernel output buffers (src/core/buffer-pool.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';
import { bufferPoolInfo, setBufferPool } from '../../src/core/buffer-pool.js';

const big = (seed: number): fx.Tensor => fx.randomNormal([64, 64], 0, 1, 'float32', seed); // 16 KB: pooled

test('a disposed output buffer is reused by the next output of the same size, and holds garbage until written', () => {
  const x = big(1);
  const a = fx.relu(x);
  const buf = a.values.buffer;
  a.dispose();
  assert.ok(bufferPoolInfo().pooledBuffers > 0);
  const b = fx.neg(x);
  assert.equal(b.values.buffer, buf, 'the same ArrayBuffer');
  const expected = Array.from(x.dataSync(), (v) => -v);
  assert.deepEqual(Array.from(b.dataSync()), expected, 'every element written');
});

test('an array handed out by dataSync() or data() is never reused', async () => {
  const x = big(2);
  const a = fx.exp(x);
  const held = a.dataSync();
  const copy = Array.from(held);
  a.dispose();
  const c = fx.exp(x);
  const d = await c.data();
  c.dispose();
  for (let i = 0; i < 5; i++) fx.neg(x).dispose();
  assert.notEqual(fx.sin(x).values.buffer, held.buffer);
  assert.deepEqual(Array.from(held), copy, 'the held array is unchanged');
  assert.ok(d.length === 4096);
});

test('a buffer shared by several tensors (reshape) returns to the pool only when all are disposed', () => {
  const x = big(3);
  const a = fx.relu(x);
  const r = fx.reshape(a, [4096]);
  assert.equal(r.values.buffer, a.values.buffer);
  const before = Array.from(r.values);
  a.dispose();
  for (let i = 0; i < 5; i++) fx.neg(x).dispose(); // would take a's buffer if it were free
  assert.deepEqual(Array.from(r.values), before, 'the reshape still reads its values');
  r.dispose();
});

test('a variable keeps the buffer it was assigned; its previous one is released', () => {
  const x = big(4);
  const v = fx.variable(fx.zeros([64, 64]));
  const t = fx.relu(x);
  const values = Array.from(t.values);
  v.assign(t);
  t.dispose();
  for (let i = 0; i < 5; i++) fx.neg(x).dispose();
  assert.deepEqual(Array.from(v.values), values);
  const u = fx.sigmoid(x);
  const ubuf = u.values.buffer;
  v.assign(u);
  u.dispose();
  assert.deepEqual(Array.from(v.values), Array.from(fx.sigmoid(x).dataSync()));
  assert.equal(v.values.buffer, ubuf);
});

test('kernels write every element of a reused buffer: a training step gives the same losses with the pool as without', () => {
  const run = (): number[] => {
    fx.setSeed(7);
    const model = fx.sequential({ layers: [fx.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2] }), fx.layers.maxPooling2d({ poolSize: 2 }), fx.layers.flatten(), fx.layers.dense({ units: 3 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const xs = fx.randomNormal([16, 8, 8, 2], 0, 1, 'float32', 5);
    const ys = fx.randomNormal([16, 3], 0, 1, 'float32', 6);
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push(model.trainOnBatch(xs, ys) as number);
    return losses;
  };
  const pooled = run();
  // Fill the pool with NaN buffers of every size the step uses (4 KB to 10 KB), then train again: any output element a kernel left unwritten would differ.
  fx.tidy(() => {
    for (let n = 1024; n <= 2560; n++) for (let k = 0; k < 2; k++) fx.neg(fx.fill([n], Number.NaN));
  });
  const again = run();
  assert.deepEqual(again, pooled);
  assert.ok(pooled.every(Number.isFinite));
});

test('free lists: an emptied list stays for the next round of its size, but sizes that pass through do not pile up', () => {
  setBufferPool(true); // empty free lists (other tests leave buffers of many sizes waiting)
  // One size taken and returned in a loop: its list is reused (no map entry made per call).
  const x = big(9);
  for (let i = 0; i < 10; i++) fx.relu(x).dispose();
  const y = fx.relu(x); // takes the buffer: its list is empty now, and kept
  assert.ok(bufferPoolInfo().sizes >= 1);
  y.dispose();
  // 600 sizes, each taken once more after its buffer came back (an empty list each): the empty lists are dropped
  // once 256 sizes are listed.
  const held: fx.Tensor[] = [];
  for (let i = 0; i < 600; i++) {
    const t = fx.ones([100 + i]);
    fx.relu(t).dispose();
    held.push(fx.relu(t));
  }
  assert.ok(bufferPoolInfo().sizes <= 256, `${bufferPoolInfo().sizes} size lists`);
  for (const t of held) t.dispose();
});
