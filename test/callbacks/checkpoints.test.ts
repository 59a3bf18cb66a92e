/**
 * ModelCheckpoint in the Keras formats (.keras, .weights.h5) and BackupAndRestore: a fit
 * interrupted by an exception resumes, when run again, at the epoch it stopped and ends with the
 * weights of an uninterrupted run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'fx-ckpt-keras-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function makeModel(): fx.Model {
  fx.setSeed(21);
  const m = fx.sequential({ layers: [fx.layers.dense({ units: 6, activation: 'relu', inputShape: [3] }), fx.layers.dropout({ rate: 0.2 }), fx.layers.dense({ units: 1 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

function data(): [fx.Tensor, fx.Tensor] {
  return [fx.randomNormal([24, 3], 0, 1, 'float32', 1), fx.randomNormal([24, 1], 0, 1, 'float32', 2)];
}

const weightsOf = (m: fx.Model): number[][] => m.weights.map((w) => Array.from(w.dataSync()));

describe('ModelCheckpoint with Keras formats', () => {
  test('.keras saves the whole model each epoch; .weights.h5 with saveBestOnly saves the weights', async () => {
    const [x, y] = data();
    const model = makeModel();
    const every = new fx.callbacks.ModelCheckpoint({ filepath: join(dir, 'mc', 'model-{epoch:02d}.keras'), monitor: 'loss' });
    const best = new fx.callbacks.ModelCheckpoint({ filepath: join(dir, 'mc', 'best.weights.h5'), monitor: 'loss', saveBestOnly: true });
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, seed: 1, callbacks: [every, best] });
    assert.deepEqual(readdirSync(join(dir, 'mc')).sort(), ['best.weights.h5', 'model-01.keras', 'model-02.keras', 'model-03.keras']);
    const last = await fx.models.loadModel(join(dir, 'mc', 'model-03.keras'));
    assert.deepEqual(weightsOf(last), weightsOf(model));
    assert.equal(last.optimizer?.iterations, model.optimizer?.iterations, 'the .keras checkpoint carries the optimizer state');
    const copy = makeModel();
    await copy.loadWeights(join(dir, 'mc', 'best.weights.h5'));
    assert.equal(best.best < Infinity, true);
  });

  test('the file extension and saveWeightsOnly must agree', () => {
    assert.throws(() => new fx.callbacks.ModelCheckpoint({ filepath: 'm.keras', saveWeightsOnly: true }), /ModelCheckpoint: saveWeightsOnly is true, so filepath must end in \.weights\.h5, but received "m\.keras"\./);
    assert.throws(() => new fx.callbacks.ModelCheckpoint({ filepath: 'w.weights.h5', saveWeightsOnly: false }), /ModelCheckpoint: saveWeightsOnly is false, so filepath must end in \.keras/);
    assert.throws(() => new fx.callbacks.ModelCheckpoint({ filepath: 'w.bin' }), /ModelCheckpoint: filepath must end in \.keras, \.weights\.h5 or \.json, but received "w\.bin"\./);
  });
});

describe('BackupAndRestore', () => {
  test('an interrupted fit resumes at the epoch it stopped and ends with the weights of an uninterrupted run', async () => {
    const [x, y] = data();
    const fitArgs = { epochs: 5, batchSize: 8, verbose: 0, seed: 9 } as const;
    const straight = makeModel();
    await straight.fit(x, y, fitArgs);

    const backupDir = join(dir, 'backup');
    const model = makeModel();
    const started: number[] = [];
    const interrupt = new fx.callbacks.LambdaCallback({
      onEpochBegin: (epoch: number) => {
        started.push(epoch);
        if (epoch === 2) throw new Error('interrupted at epoch 3');
      },
    });
    await assert.rejects(model.fit(x, y, { ...fitArgs, callbacks: [new fx.callbacks.BackupAndRestore({ backupDir }), interrupt] }), /interrupted at epoch 3/);
    assert.deepEqual(started, [0, 1, 2]);
    assert.ok(existsSync(join(backupDir, 'latest.weights.h5')) && existsSync(join(backupDir, 'training_metadata.json')), 'the backup is kept after an interruption');

    // A fresh process would rebuild the model the same way; the backup restores weights and optimizer state.
    const again = makeModel();
    const resumedEpochs: number[] = [];
    const history = await again.fit(x, y, {
      ...fitArgs,
      callbacks: [new fx.callbacks.BackupAndRestore({ backupDir }), new fx.callbacks.LambdaCallback({ onEpochBegin: (e: number) => void resumedEpochs.push(e) })],
    });
    assert.deepEqual(resumedEpochs, [2, 3, 4], 'the second fit starts at epoch 3 (index 2)');
    assert.equal(history.history['loss']?.length, 3);
    assert.deepEqual(weightsOf(again), weightsOf(straight));
    assert.equal(existsSync(backupDir), false, 'deleteCheckpoint removes the backup after a completed fit');
  });

  test('bad arguments are refused', () => {
    assert.throws(() => new fx.callbacks.BackupAndRestore({ backupDir: '' }), /BackupAndRestore: backupDir must be a non-empty folder path, but received/);
    assert.throws(() => new fx.callbacks.BackupAndRestore({ backupDir: 'b', saveFreq: 0 }), /BackupAndRestore: saveFreq must be 'epoch' or a positive number of batches, but received number 0\./);
  });
});
