/**
 * No tidy/dispose tax: 100,000 steps of a small training loop without tidy or dispose keep the
 * process's memory (V8 heap + external/ArrayBuffer bytes) flat, because tensor data lives in
 * garbage-collected ArrayBuffers.
 */
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as fx from '../../src/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function usedBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function makeProblem(): { step: () => number } {
  const X = fx.tensor(Array.from({ length: 32 * 4 }, (_, i) => Math.sin(i)), [32, 4]);
  const Y = fx.tensor(Array.from({ length: 32 }, (_, i) => Math.cos(i)), [32, 1]);
  const w = new fx.Variable(fx.zeros([4, 1]), true, 'w');
  const b = new fx.Variable(fx.zeros([1]), true, 'b');
  return {
    step: () => {
      const { value, grads } = fx.variableGrads(() =>
        fx.mul(fx.sum(fx.square(fx.sub(fx.add(fx.matMul(X, w), b), Y))), 1 / 32),
      );
      w.assign(fx.sub(w, fx.mul(grads['w']!, 0.05)));
      b.assign(fx.sub(b, fx.mul(grads['b']!, 0.05)));
      return value.dataSync()[0] as number;
    },
  };
}

test('100,000 training steps without tidy: memory stays flat', () => {
  const { step } = makeProblem();
  const first = step();
  for (let i = 0; i < 10_000; i++) step();
  const warm = usedBytes();
  let last = first;
  for (let i = 0; i < 90_000; i++) last = step();
  const end = usedBytes();
  const growth = end - warm;
  assert.ok(last < first, `the loss fell (${first} -> ${last})`);
  assert.ok(growth < 4 * 1024 * 1024, `memory grew by ${(growth / 1e6).toFixed(2)} MB between step 10,000 and 100,000`);
});

test('garbage-collected tensors leave memory() once the event loop turns', async () => {
  const { step } = makeProblem();
  for (let i = 0; i < 50; i++) step();
  await tick();
  gc();
  await tick();
  const base = fx.memory().numTensors;
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 200; i++) step();
    gc();
    await tick();
  }
  gc();
  await tick();
  await tick();
  const after = fx.memory().numTensors;
  assert.ok(after - base < 200, `live tensor count went from ${base} to ${after} after 1,000 steps`);
});
