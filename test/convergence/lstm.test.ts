/**
 * Convergence (trains a model, so it lives apart from the unit tests): an LSTM learns to sum a
 * sequence of 8 numbers drawn uniformly from [0, 1] (targets in [0, 8], standard deviation about
 * 0.82), with compile/fit, and reaches a mean absolute error below 0.1 on held-out sequences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';
import { makeRng } from '../helpers/random-inputs.js';

const STEPS = 8;

function sequences(n: number, seed: number): { x: fx.Tensor; y: fx.Tensor; sums: number[] } {
  const rng = makeRng(seed);
  const values: number[] = [];
  const sums: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < STEPS; t++) {
      const v = rng();
      values.push(v);
      s += v;
    }
    sums.push(s);
  }
  return { x: fx.tensor(values, [n, STEPS, 1]), y: fx.tensor(sums, [n, 1]), sums };
}

test('LSTM learns the sum of 8 numbers in [0, 1]: held-out mean absolute error < 0.1 (reaches about 0.03)', async () => {
  fx.setSeed(1);
  const train = sequences(1024, 1);
  const held = sequences(256, 2);
  const model = fx.sequential({
    layers: [fx.layers.lstm({ units: 16, inputShape: [STEPS, 1] }), fx.layers.dense({ units: 1 })],
  });
  model.compile({ optimizer: new fx.optimizers.Adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
  const start = Date.now();
  await model.fit(train.x, train.y, { epochs: 25, batchSize: 32, verbose: 0 });
  const seconds = (Date.now() - start) / 1000;
  const pred = Array.from((model.predict(held.x) as fx.Tensor).dataSync());
  const mae = pred.reduce((s, p, i) => s + Math.abs(p - (held.sums[i] as number)), 0) / pred.length;
  console.log(`held-out MAE ${mae.toFixed(4)} after ${seconds.toFixed(1)} s of fit`);
  assert.ok(mae < 0.1, `held-out mean absolute error ${mae}`);
});
