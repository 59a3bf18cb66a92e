import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { maskedCrc32c, crc32c } from '../../src/utils/crc32c.js';

class FakeModel {
  stopTraining = false;
  weights: fx.Tensor[] = [fx.scalar(0)];
  optimizer = { learningRate: 0.1 };
  name = 'fake';
  getWeights(): fx.Tensor[] {
    return this.weights.map((w) => fx.clone(w));
  }
  setWeights(w: fx.Tensor[]): void {
    this.weights = w;
  }
}

/** Reads TFRecord framing (checking both CRCs) and decodes Event scalars. */
function readEvents(path: string): { step: number; scalars: Record<string, number>; fileVersion?: string }[] {
  const buf = readFileSync(path);
  const out: { step: number; scalars: Record<string, number>; fileVersion?: string }[] = [];
  let off = 0;
  while (off < buf.length) {
    const view = new DataView(buf.buffer, buf.byteOffset + off);
    const len = Number(view.getBigUint64(0, true));
    assert.equal(view.getUint32(8, true), maskedCrc32c(new Uint8Array(buf.buffer, buf.byteOffset + off, 8)), 'length crc');
    const data = new Uint8Array(buf.buffer, buf.byteOffset + off + 12, len);
    assert.equal(view.getUint32(12 + len, true), maskedCrc32c(data), 'data crc');
    out.push(decodeEvent(data));
    off += 16 + len;
  }
  return out;
}

function decodeEvent(data: Uint8Array): { step: number; scalars: Record<string, number>; fileVersion?: string } {
  let i = 0;
  const readVarint = (d: Uint8Array, at: { i: number }): number => {
    let shift = 0;
    let v = 0;
    for (;;) {
      const b = d[at.i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const ev: { step: number; scalars: Record<string, number>; fileVersion?: string } = { step: 0, scalars: {} };
  const at = { i };
  while (at.i < data.length) {
    const k = readVarint(data, at);
    const field = k >> 3;
    const wire = k & 7;
    if (wire === 1) at.i += 8;
    else if (wire === 0) {
      const v = readVarint(data, at);
      if (field === 2) ev.step = v;
    } else if (wire === 2) {
      const len = readVarint(data, at);
      const sub = data.subarray(at.i, at.i + len);
      at.i += len;
      if (field === 3) ev.fileVersion = new TextDecoder().decode(sub);
      if (field === 5) {
        const s = { i: 0 };
        while (s.i < sub.length) {
          readVarint(sub, s);
          const vlen = readVarint(sub, s);
          const value = sub.subarray(s.i, s.i + vlen);
          s.i += vlen;
          const v = { i: 0 };
          let tag = '';
          let num = NaN;
          while (v.i < value.length) {
            const kk = readVarint(value, v);
            if (kk >> 3 === 1) {
              const l = readVarint(value, v);
              tag = new TextDecoder().decode(value.subarray(v.i, v.i + l));
              v.i += l;
            } else {
              num = new DataView(value.buffer, value.byteOffset + v.i, 4).getFloat32(0, true);
              v.i += 4;
            }
          }
          ev.scalars[tag] = num;
        }
      }
    }
  }
  i = at.i;
  return ev;
}

describe('callbacks', () => {
  test('crc32c matches the standard check value', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  });

  test('History records every epoch', () => {
    const h = new fx.callbacks.History();
    h.onEpochEnd(0, { loss: 1, accuracy: 0.5 });
    h.onEpochEnd(1, { loss: 0.5, accuracy: 0.75 });
    assert.deepEqual(h.history, { loss: [1, 0.5], accuracy: [0.5, 0.75] });
    assert.deepEqual(h.epoch, [0, 1]);
  });

  test('the progress bar: Keras-style line, one line per epoch when not a TTY', () => {
    const out: string[] = [];
    const bar = new fx.callbacks.ProgbarLogger(1, { write: (s) => out.push(s), isTTY: false });
    bar.setParams({ epochs: 2, steps: 4, verbose: 1 });
    bar.onTrainBegin();
    bar.onEpochBegin(0);
    for (let b = 0; b < 4; b++) bar.onTrainBatchEnd(b, { loss: 0.5 });
    bar.onEpochEnd(0, { loss: 0.25, accuracy: 0.875, val_loss: 0.3 });
    assert.equal(out[0], 'Epoch 1/2\n');
    assert.equal(out.length, 2, 'no per-batch redraws without a TTY');
    assert.match(out[1]!, /^4\/4 ━{20} \d+s \d+(us|ms)\/step - accuracy: 0\.8750 - loss: 0\.2500 - val_loss: 0\.3000\n$/);
  });

  test('the progress bar redraws in place on a TTY', () => {
    const out: string[] = [];
    const bar = new fx.callbacks.ProgbarLogger(1, { write: (s) => out.push(s), isTTY: true });
    bar.setParams({ epochs: 1, steps: 2, verbose: 1 });
    bar.onTrainBegin();
    bar.onEpochBegin(0);
    bar.onTrainBatchEnd(0, { loss: 1 });
    assert.ok(out[1]!.startsWith("\r1/2 ") && out[1]!.includes("ETA: ") && out[1]!.endsWith(" - loss: 1.0000\u001b[K"), JSON.stringify(out[1]));
  });

  test('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', () => {
    const model = new FakeModel();
    const es = new fx.callbacks.EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    es.setModel(model as unknown as Parameters<typeof es.setModel>[0]);
    es.onTrainBegin();
    const losses = [1, 0.5, 0.6, 0.7, 0.8];
    for (let e = 0; e < losses.length && !model.stopTraining; e++) {
      model.weights = [fx.scalar(e)];
      es.onEpochEnd(e, { val_loss: losses[e]! });
    }
    assert.equal(model.stopTraining, true);
    assert.equal(es.stoppedEpoch, 3);
    assert.equal(model.weights[0]!.dataSync()[0], 1, 'weights of epoch 1 (the best) restored');
    assert.throws(() => es.onEpochEnd(4, { loss: 1 }), /EarlyStopping: the monitored metric "val_loss" is not in the logs; available: loss/);
  });

  test('ReduceLROnPlateau and LearningRateScheduler change the learning rate', () => {
    const model = new FakeModel();
    const r = new fx.callbacks.ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1 });
    r.setModel(model as unknown as Parameters<typeof r.setModel>[0]);
    r.onTrainBegin();
    r.onEpochEnd(0, { loss: 1 });
    r.onEpochEnd(1, { loss: 1 });
    assert.equal(model.optimizer.learningRate, 0.05);
    const s = new fx.callbacks.LearningRateScheduler((epoch) => 0.1 / (epoch + 1));
    s.setModel(model as unknown as Parameters<typeof s.setModel>[0]);
    s.onEpochBegin(3);
    assert.equal(model.optimizer.learningRate, 0.025);
  });

  test('TensorBoard writes valid event files with per-epoch and per-batch scalars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-tb-'));
    const tb = new fx.callbacks.TensorBoard({ logDir: dir, updateFreq: 2 });
    tb.onTrainBegin();
    for (let b = 0; b < 4; b++) tb.onTrainBatchEnd(b, { loss: 1 / (b + 1) });
    tb.onEpochEnd(0, { loss: 0.5, val_loss: 0.75 });
    tb.onTrainEnd();
    const trainFile = join(dir, 'train', readdirSync(join(dir, 'train'))[0]!);
    const events = readEvents(trainFile);
    assert.equal(events[0]!.fileVersion, 'brain.Event:2');
    assert.deepEqual(events.slice(1).map((e) => [e.step, e.scalars]), [[2, { batch_loss: 0.5 }], [4, { batch_loss: 0.25 }], [0, { epoch_loss: 0.5 }]]);
    const valEvents = readEvents(join(dir, 'validation', readdirSync(join(dir, 'validation'))[0]!));
    assert.deepEqual(valEvents[1]!.scalars, { epoch_loss: 0.75 });
  });

  test('CSVLogger writes a header and a row per epoch', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fx-csv-')), 'log.csv');
    const c = new fx.callbacks.CSVLogger(file);
    c.onTrainBegin();
    c.onEpochEnd(0, { loss: 1, accuracy: 0.5 });
    c.onEpochEnd(1, { loss: 0.5, accuracy: 0.75 });
    assert.equal(readFileSync(file, 'utf8'), 'epoch,accuracy,loss\n0,0.5,1\n1,0.75,0.5\n');
  });
});

describe('ModelCheckpoint', () => {
  test('saves after each epoch, or only when the monitor improves, and the weights load back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-ckpt-'));
    const x = fx.randomNormal([32, 3], 0, 1, 'float32', 1);
    const y = fx.randomNormal([32, 1], 0, 1, 'float32', 2);
    const model = fx.sequential({ layers: [fx.layers.dense({ units: 1, inputShape: [3] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const every = new fx.callbacks.ModelCheckpoint({ filepath: join(dir, 'all', 'w-{epoch:02d}-{loss:.3f}.json'), monitor: 'loss' });
    const best = new fx.callbacks.ModelCheckpoint({ filepath: join(dir, 'best.json'), monitor: 'loss', saveBestOnly: true });
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [every, best] });
    const files = readdirSync(join(dir, 'all')).sort();
    assert.equal(files.length, 3);
    assert.match(files[0]!, /^w-01-\d+\.\d{3}\.json$/);
    const copy = fx.sequential({ layers: [fx.layers.dense({ units: 1, inputShape: [3] })] });
    fx.callbacks.loadWeightsJson(copy, join(dir, 'best.json'));
    assert.deepEqual(Array.from(copy.getWeights()[0]!.dataSync()), Array.from(model.getWeights()[0]!.dataSync()), 'the loss fell every epoch, so best = last');
    assert.equal(readdirSync(dir).filter((f) => f.includes('tmp')).length, 0, 'no temporary files left');
  });
  test('a missing filepath is refused', () => {
    assert.throws(() => new fx.callbacks.ModelCheckpoint({ filepath: '' }), /ModelCheckpoint: filepath must be a non-empty string/);
  });
});
