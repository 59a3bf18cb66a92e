/**
 * fx.metrics' functional metrics against TensorFlow.js on the same random inputs.
 * tf.metrics lives in @tensorflow/tfjs-layers, which is not a devDependency; its definitions
 * (tfjs-layers src/metrics.ts and src/losses.ts, v4) are written out below with
 * @tensorflow/tfjs-core ops (cpu backend), line for line, and compared to 1e-5 relative.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as fx from '../../src/index.js';
import { makeRng } from '../helpers/random-inputs.js';

const EPSILON = 1e-7; // tfjs-layers' epsilon() on the cpu backend (float32)

// ---- TensorFlow.js's tf.metrics, from tfjs-core ops
const tfl = {
  binaryAccuracy: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const threshold = tf.mul(0.5, tf.onesLike(yPred));
    const thresholded = tf.cast(tf.greater(yPred, threshold), yTrue.dtype);
    return tf.mean(tf.equal(yTrue, thresholded), -1);
  },
  categoricalAccuracy: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32'),
  sparseCategoricalAccuracy: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const t = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [yTrue.rank - 1]) : yTrue;
    let p = tf.argMax(yPred, -1);
    if (p.dtype !== t.dtype) p = tf.cast(p, t.dtype);
    return tf.cast(tf.equal(t, p), 'float32');
  },
  precision: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const tp = tf.cast(tf.sum(tf.logicalAnd(tf.equal(yTrue, 1), tf.equal(yPred, 1))), 'float32');
    const fp = tf.cast(tf.sum(tf.logicalAnd(tf.equal(yTrue, 0), tf.equal(yPred, 1))), 'float32');
    const den = tf.add(tp, fp);
    return tf.cast(tf.where(tf.greater(den, 0), tf.div(tp, den), 0), 'float32');
  },
  recall: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const tp = tf.cast(tf.sum(tf.logicalAnd(tf.equal(yTrue, 1), tf.equal(yPred, 1))), 'float32');
    const fn = tf.cast(tf.sum(tf.logicalAnd(tf.equal(yTrue, 1), tf.equal(yPred, 0))), 'float32');
    const den = tf.add(tp, fn);
    return tf.cast(tf.where(tf.greater(den, 0), tf.div(tp, den), 0), 'float32');
  },
  meanSquaredError: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.mean(tf.square(tf.sub(yPred, yTrue)), -1),
  meanAbsoluteError: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.mean(tf.abs(tf.sub(yPred, yTrue)), -1),
  meanAbsolutePercentageError: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const diff = tf.sub(yTrue, yPred);
    const clippedTrue = tf.clipByValue(tf.abs(yTrue), EPSILON, Number.MAX_VALUE);
    return tf.mul(100, tf.mean(tf.abs(tf.div(diff, clippedTrue)), -1));
  },
  meanSquaredLogarithmicError: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const first = tf.log(tf.add(1, tf.clipByValue(yPred, EPSILON, Number.MAX_VALUE)));
    const second = tf.log(tf.add(1, tf.clipByValue(yTrue, EPSILON, Number.MAX_VALUE)));
    return tf.mean(tf.square(tf.sub(first, second)), -1);
  },
  cosineProximity: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    const l2 = (x: tf.Tensor): tf.Tensor => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), tf.mul(tf.scalar(EPSILON), tf.onesLike(x)))));
    return tf.neg(tf.sum(tf.mul(l2(yTrue), l2(yPred)), -1));
  },
  binaryCrossentropy: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    let y = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    y = tf.log(tf.div(y, tf.sub(1, y)));
    const sce = tf.add(tf.sub(tf.relu(y), tf.mul(y, yTrue)), tf.log1p(tf.exp(tf.neg(tf.abs(y)))));
    return tf.mean(sce, -1);
  },
  categoricalCrossentropy: (target: tf.Tensor, output: tf.Tensor): tf.Tensor => {
    let o = tf.div(output, tf.sum(output, output.rank - 1, true));
    o = tf.clipByValue(o, EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(tf.cast(target, 'float32'), tf.log(o)), o.rank - 1));
  },
  sparseCategoricalCrossentropy: (target: tf.Tensor, output: tf.Tensor): tf.Tensor => {
    const flat = tf.cast(tf.floor(tf.reshape(target, [target.size])), 'int32');
    const o = tf.clipByValue(output, EPSILON, 1 - EPSILON);
    const oneHot = tf.reshape(tf.oneHot(flat, o.shape[o.rank - 1] as number), o.shape);
    return tfl.categoricalCrossentropy(oneHot, o);
  },
  r2Score: (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    // tfjs-layers: yTrue.sub(yPred).square().sum(), yTrue.sub(yTrue.mean()).square().sum()
    const ssRes = tf.sum(tf.square(tf.sub(yTrue, yPred)));
    const ssTot = tf.sum(tf.square(tf.sub(yTrue, tf.mean(yTrue))));
    return tf.sub(tf.scalar(1), tf.div(ssRes, ssTot));
  },
};

type Gen = (rng: () => number) => number;
const uniform = (lo: number, hi: number): Gen => (rng) => lo + (hi - lo) * rng();
const bit: Gen = (rng) => (rng() < 0.5 ? 0 : 1);
const intIn = (n: number): Gen => (rng) => Math.floor(rng() * n);

interface Case {
  name: keyof typeof tfl;
  fx: (t: fx.Tensor, p: fx.Tensor) => fx.Tensor;
  trueShape: number[];
  predShape: number[];
  yTrue: Gen;
  yPred: Gen;
  /** Rows of yPred normalized to sum 1. */
  simplex?: boolean;
}

const B = 16;
const C = 5;
const cases: Case[] = [
  { name: 'binaryAccuracy', fx: fx.metrics.binaryAccuracy, trueShape: [B, C], predShape: [B, C], yTrue: bit, yPred: uniform(0, 1) },
  { name: 'categoricalAccuracy', fx: fx.metrics.categoricalAccuracy, trueShape: [B, C], predShape: [B, C], yTrue: uniform(0, 1), yPred: uniform(0, 1) },
  { name: 'sparseCategoricalAccuracy', fx: fx.metrics.sparseCategoricalAccuracy, trueShape: [B, 1], predShape: [B, C], yTrue: intIn(C), yPred: uniform(0, 1) },
  { name: 'precision', fx: fx.metrics.precision, trueShape: [B, C], predShape: [B, C], yTrue: bit, yPred: bit },
  { name: 'recall', fx: fx.metrics.recall, trueShape: [B, C], predShape: [B, C], yTrue: bit, yPred: bit },
  { name: 'meanSquaredError', fx: fx.metrics.meanSquaredError, trueShape: [B, C], predShape: [B, C], yTrue: uniform(-2, 2), yPred: uniform(-2, 2) },
  { name: 'meanAbsoluteError', fx: fx.metrics.meanAbsoluteError, trueShape: [B, C], predShape: [B, C], yTrue: uniform(-2, 2), yPred: uniform(-2, 2) },
  { name: 'meanAbsolutePercentageError', fx: fx.metrics.meanAbsolutePercentageError, trueShape: [B, C], predShape: [B, C], yTrue: uniform(0.5, 3), yPred: uniform(-2, 2) },
  { name: 'meanSquaredLogarithmicError', fx: fx.metrics.meanSquaredLogarithmicError, trueShape: [B, C], predShape: [B, C], yTrue: uniform(0, 3), yPred: uniform(-1, 3) },
  { name: 'cosineProximity', fx: fx.metrics.cosineProximity, trueShape: [B, C], predShape: [B, C], yTrue: uniform(-2, 2), yPred: uniform(-2, 2) },
  { name: 'binaryCrossentropy', fx: (t, p) => fx.metrics.binaryCrossentropy(t, p), trueShape: [B, C], predShape: [B, C], yTrue: bit, yPred: uniform(0.01, 0.99) },
  { name: 'categoricalCrossentropy', fx: (t, p) => fx.metrics.categoricalCrossentropy(t, p), trueShape: [B, C], predShape: [B, C], yTrue: uniform(0, 1), yPred: uniform(0.01, 1) },
  { name: 'sparseCategoricalCrossentropy', fx: (t, p) => fx.metrics.sparseCategoricalCrossentropy(t, p), trueShape: [B], predShape: [B, C], yTrue: intIn(C), yPred: uniform(0.01, 1), simplex: true },
  { name: 'r2Score', fx: fx.metrics.r2Score, trueShape: [B, C], predShape: [B, C], yTrue: uniform(-2, 2), yPred: uniform(-2, 2) },
];

describe('fx.metrics functions vs TensorFlow.js tf.metrics (cpu)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  cases.forEach((c, n) => {
    test(c.name, () => {
      for (let trial = 0; trial < 3; trial++) {
        const rng = makeRng(7000 + 31 * n + trial);
        const tv = Array.from({ length: c.trueShape.reduce((a, b) => a * b, 1) }, () => c.yTrue(rng));
        let pv = Array.from({ length: c.predShape.reduce((a, b) => a * b, 1) }, () => c.yPred(rng));
        if (c.simplex) {
          const k = c.predShape[c.predShape.length - 1] as number;
          pv = pv.map((v, i) => v / pv.slice(i - (i % k), i - (i % k) + k).reduce((a, b) => a + b, 0));
        }
        const ours = c.fx(fx.tensor(tv, c.trueShape), fx.tensor(pv, c.predShape));
        const theirs = tfl[c.name](tf.tensor(tv, c.trueShape), tf.tensor(pv, c.predShape));
        assert.deepEqual(ours.shape, theirs.shape, 'shape');
        const a = Array.from(ours.dataSync());
        const b = Array.from(theirs.dataSync());
        a.forEach((x, i) => {
          const y = b[i] as number;
          assert.ok(Math.abs(x - y) <= 1e-5 * Math.max(Math.abs(x), Math.abs(y)) + 1e-6, `${c.name} trial ${trial} element ${i}: fluxion ${x} vs tfjs ${y}`);
        });
      }
    });
  });
  test('aliases', () => {
    assert.equal(fx.metrics.mse, fx.metrics.meanSquaredError);
    assert.equal(fx.metrics.MAE, fx.metrics.meanAbsoluteError);
    assert.equal(fx.metrics.mape, fx.metrics.meanAbsolutePercentageError);
    assert.equal(fx.metrics.cosine, fx.metrics.cosineProximity);
  });
});
