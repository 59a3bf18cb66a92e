/**
 * Training resumed from a .keras checkpoint continues exactly: 2 epochs + save + load + 2 epochs
 * gives the weights of 4 epochs straight (bit for bit on the js backend, within 1e-6 on cpu).
 * The model has dropout and batch normalization, and fit shuffles; fit's seed makes every
 * epoch's random draws depend only on (seed, epoch), and the archive carries the optimizer state.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('resume');
after(() => tmp.remove());

function makeModel(): fx.Model {
  fx.setSeed(11);
  const m = fx.sequential({
    layers: [
      fx.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      fx.layers.dropout({ rate: 0.25 }),
      fx.layers.batchNormalization({}),
      fx.layers.dense({ units: 2 }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
  return m;
}

function data(): [fx.Tensor, fx.Tensor] {
  fx.setSeed(3);
  return [fx.randomNormal([40, 4]), fx.randomNormal([40, 2])];
}

const fitArgs = { batchSize: 8, seed: 5, verbose: 0 } as const;

for (const [backend, tolerance] of [['js', 0], ['cpu', 1e-6]] as const) {
  describe(`resume on the ${backend} backend`, () => {
    test(`2 epochs + save + load + 2 epochs == 4 epochs straight (${tolerance === 0 ? 'bit for bit' : `within ${tolerance}`})`, async () => {
      const previous = fx.getBackend();
      await fx.setBackend(backend);
      try {
        const [x, y] = data();
        const straight = makeModel();
        await straight.fit(x, y, { ...fitArgs, epochs: 4 });

        const first = makeModel();
        await first.fit(x, y, { ...fitArgs, epochs: 2 });
        const path = tmp.path(`resume-${backend}.keras`);
        await first.save(path);
        const resumed = await fx.models.loadModel(path);
        assert.equal(resumed.optimizer?.iterations, 10, 'the optimizer state (iterations) came back');
        await resumed.fit(x, y, { ...fitArgs, epochs: 4, initialEpoch: 2 });

        const a = straight.weights.map((w) => Array.from(w.dataSync()));
        const b = resumed.weights.map((w) => Array.from(w.dataSync()));
        assert.equal(b.length, a.length);
        if (tolerance === 0) assert.deepEqual(b, a);
        else {
          let worst = 0;
          a.forEach((wa, i) => wa.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (b[i]?.[j] ?? NaN))))));
          assert.ok(worst <= tolerance, `largest difference ${worst}`);
        }
        // Without the optimizer state the run diverges: the check above can fail.
        const noOpt = tmp.path(`no-opt-${backend}.keras`);
        await first.save(noOpt, { includeOptimizer: false });
        const fresh = await fx.models.loadModel(noOpt);
        assert.equal(fresh.optimizer, null, 'includeOptimizer: false saves no compile_config');
      } finally {
        await fx.setBackend(previous);
      }
    });
  });
}
