/**
 * Forward values of the nn family: batchNorm, localResponseNormalization, dropout, the
 * cross-entropies on logits and the tf.losses namespace.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

/** Asserts shape, dtype and values (to `tol` absolute + relative; NaN must match NaN). */
function expectTensor(t: fx.Tensor, shape: number[], dtype: fx.DType, values: number[], tol = 0): void {
  assert.deepEqual(t.shape, shape, 'shape');
  assert.equal(t.dtype, dtype, 'dtype');
  const got = Array.from(t.dataSync());
  assert.equal(got.length, values.length, 'number of values');
  values.forEach((v, i) => {
    const g = got[i] as number;
    if (Number.isNaN(v)) {
      assert.ok(Number.isNaN(g), `element ${i}: expected NaN, got ${g}`);
    } else if (tol === 0 || !Number.isFinite(v)) {
      assert.equal(g, v, `element ${i}`);
    } else {
      assert.ok(Math.abs(g - v) <= tol * (1 + Math.abs(v)), `element ${i}: expected ${v}, got ${g}`);
    }
  });
}

const f32 = 1e-6;
const f64 = 1e-12;
const R = fx.losses.Reduction;
const allFinite = (t: fx.Tensor): boolean => Array.from(t.dataSync()).every((v) => Number.isFinite(v));

describe('batchNorm', () => {
  test('per-channel statistics broadcast over the last axis', () => {
    const x = fx.tensor([[1, 2], [3, 4]]);
    expectTensor(fx.batchNorm(x, [1, 2], [1, 4], [10, 20], [2, 3], 0), [2, 2], 'float32', [10, 20, 14, 23]);
    expectTensor(fx.batchNorm(x, [1, 2], [1, 4]), [2, 2], 'float32', [0, 0, 2 / Math.sqrt(1.001), 2 / Math.sqrt(4.001)], f32);
    expectTensor(x.batchNorm([1, 2], [1, 4], undefined, [2, 3], 0), [2, 2], 'float32', [0, 0, 4, 3]);
  });
  test('scalar and full-rank statistics; rank 4 with size-1 dims', () => {
    expectTensor(fx.batchNorm(fx.tensor([1, 3]), 1, 4, 0.5, undefined, 0), [2], 'float32', [0.5, 1.5]);
    expectTensor(fx.batchNorm(fx.tensor([[2, 4]]), [[1, 2]], [[1, 1]], null, null, 0), [1, 2], 'float32', [1, 2]);
    const x4 = fx.reshape(fx.tensor([1, 2, 3, 4, 5, 6, 7, 8]), [2, 1, 2, 2]);
    expectTensor(fx.batchNorm(x4, [0, 1], [1, 1], undefined, undefined, 0), [2, 1, 2, 2], 'float32', [1, 1, 3, 3, 5, 5, 7, 7]);
  });
  test('dtypes: int32 is promoted to float32; float64 anywhere gives float64', () => {
    expectTensor(fx.batchNorm(fx.tensor([1, 2], [2], 'int32'), 1, 1, 0, 1, 0), [2], 'float32', [0, 1]);
    const y = fx.batchNorm(fx.tensor([0.1, 0.2], [2], 'float64'), 0.1, 1, 0, 1, 0);
    expectTensor(y, [2], 'float64', [0, 0.2 - 0.1], f64);
    expectTensor(fx.batchNorm(fx.tensor([1, 2]), fx.tensor([1], [1], 'float64'), 1, 0, 1, 0), [2], 'float64', [0, 1]);
  });
  test('empty x', () => {
    expectTensor(fx.batchNorm(fx.zeros([0, 3]), [1, 2, 3], [1, 1, 1]), [0, 3], 'float32', []);
  });
  test('gradients with respect to x, mean, variance, offset and scale', () => {
    const [dx, dm, dv, doff, ds] = fx.grads((x, m, v, o, s) => fx.sum(fx.batchNorm(x, m, v, o, s, 0)))([
      fx.tensor([[1, 2], [3, 4]], undefined, 'float64'),
      fx.tensor([1, 2], undefined, 'float64'),
      fx.tensor([1, 4], undefined, 'float64'),
      fx.tensor([0, 0], undefined, 'float64'),
      fx.tensor([2, 3], undefined, 'float64'),
    ]) as [fx.Tensor, fx.Tensor, fx.Tensor, fx.Tensor, fx.Tensor];
    expectTensor(dx, [2, 2], 'float64', [2, 1.5, 2, 1.5], f64);
    expectTensor(dm, [2], 'float64', [-4, -3], f64);
    // d/dv of sum((x - m) s v^-1/2) = -1/2 s v^-3/2 sum(x - m)
    expectTensor(dv, [2], 'float64', [-0.5 * 2 * 2, -0.5 * 3 * 2 / 8], f64);
    expectTensor(doff, [2], 'float64', [2, 2], f64);
    expectTensor(ds, [2], 'float64', [2, 1], f64);
  });
});

describe('localResponseNormalization', () => {
  test('sums squares over the channel window [c - r, c + r]', () => {
    const x = fx.tensor([1, 2, 3, 4], [1, 1, 1, 4]);
    expectTensor(fx.localResponseNormalization(x, 1), [1, 1, 1, 4], 'float32', [1 / Math.sqrt(6), 2 / Math.sqrt(15), 3 / Math.sqrt(30), 4 / Math.sqrt(26)], f32);
    expectTensor(x.localResponseNormalization(), [1, 1, 1, 4], 'float32', [1, 2, 3, 4].map((v) => v / Math.sqrt(31)), f32);
    expectTensor(fx.localResponseNormalization(x, 0, 2, 0.5, 1), [1, 1, 1, 4], 'float32', [1, 2, 3, 4].map((v) => v / (2 + 0.5 * v * v)), f32);
  });
  test('rank 3, several pixels, float64 and int32 input', () => {
    const x = fx.tensor([1, 1, 2, 0], [1, 2, 2], 'float64');
    expectTensor(fx.localResponseNormalization(x, 1, 1, 1, 1), [1, 2, 2], 'float64', [1 / 3, 1 / 3, 2 / 5, 0], f64);
    expectTensor(fx.localResponseNormalization(fx.tensor([3], [1, 1, 1, 1], 'int32'), 2, 0, 1, 0.5), [1, 1, 1, 1], 'float32', [1]);
  });
  test('size-1 and empty dims', () => {
    expectTensor(fx.localResponseNormalization(fx.zeros([0, 2, 2, 3])), [0, 2, 2, 3], 'float32', []);
    expectTensor(fx.localResponseNormalization(fx.zeros([1, 1, 1, 0])), [1, 1, 1, 0], 'float32', []);
  });
  test('gradient of a single channel: d/dx x (1 + x^2)^-1/2 = (1 + x^2)^-3/2', () => {
    const g = fx.grad((x) => fx.sum(fx.localResponseNormalization(x, 0)))(fx.tensor([2], [1, 1, 1, 1], 'float64'));
    expectTensor(g, [1, 1, 1, 1], 'float64', [Math.pow(5, -1.5)], f64);
  });
});

describe('dropout', () => {
  test('keeps about 1 - rate of the values and scales them by 1 / (1 - rate)', () => {
    const y = fx.dropout(fx.ones([10000]), 0.3, undefined, 123);
    const values = Array.from(y.dataSync());
    const kept = values.filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / 10000 - 0.7) <= 0.02, `kept fraction ${kept.length / 10000}`);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6), 'kept values are scaled by 1 / (1 - rate)');
    assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) / 10000 - 1) < 0.03, 'the mean is preserved');
  });
  test('a seed makes it deterministic; setSeed makes unseeded calls reproducible', () => {
    const x = fx.tensor(Array.from({ length: 50 }, (_, i) => i + 1));
    assert.deepEqual(fx.dropout(x, 0.5, undefined, 7).dataSync(), fx.dropout(x, 0.5, undefined, 7).dataSync());
    assert.notDeepEqual(fx.dropout(x, 0.5, undefined, 7).dataSync(), fx.dropout(x, 0.5, undefined, 8).dataSync());
    assert.deepEqual(fx.dropout(x, 0.5, undefined, 'abc').dataSync(), fx.dropout(x, 0.5, undefined, 'abc').dataSync());
    fx.setSeed(42);
    const a = fx.dropout(x, 0.5).dataSync();
    fx.setSeed(42);
    assert.deepEqual(fx.dropout(x, 0.5).dataSync(), a);
  });
  test('rate 0 returns x; dtypes are kept', () => {
    const x = fx.tensor([1, 2, 3]);
    assert.equal(fx.dropout(x, 0), x);
    const y = fx.dropout(fx.ones([8], 'float64'), 0.75, undefined, 1);
    assert.equal(y.dtype, 'float64');
    assert.ok(Array.from(y.dataSync()).every((v) => v === 0 || v === 4), 'values are 0 or 1 / (1 - 0.75)');
  });
  test('noiseShape shares one draw along its size-1 dimensions', () => {
    const y = fx.dropout(fx.ones([20, 3]), 0.5, [20, 1], 5);
    const rows = y.arraySync() as number[][];
    for (const row of rows) assert.ok(row.every((v) => v === row[0]) && (row[0] === 0 || row[0] === 2), `row ${JSON.stringify(row)}`);
    assert.ok(rows.some((r) => r[0] === 0) && rows.some((r) => r[0] === 2), 'both kept and dropped rows');
    const z = fx.dropout(fx.ones([4, 5]), 0.5, [null, 1] as unknown as number[], 5);
    assert.deepEqual(z.shape, [4, 5]);
  });
  test('size-1 and empty x', () => {
    expectTensor(fx.dropout(fx.zeros([0, 4]), 0.5, undefined, 1), [0, 4], 'float32', []);
    const one = fx.dropout(fx.ones([1]), 0.5, undefined, 3).dataSync()[0];
    assert.ok(one === 0 || one === 2);
  });
  test('the gradient is the same scaled mask', () => {
    const x = fx.ones([100]);
    const y = fx.dropout(x, 0.4, undefined, 9);
    const g = fx.grad((t) => fx.sum(fx.dropout(t, 0.4, undefined, 9)))(x);
    assert.deepEqual(Array.from(g.dataSync()), Array.from(y.dataSync()));
  });
});

describe('softmaxCrossEntropyWithLogits', () => {
  test('-sum(labels * logSoftmax(logits)) over the last axis', () => {
    const loss = fx.softmaxCrossEntropyWithLogits([[0, 1], [1, 0], [0.5, 0.5]], [[0, 0], [1, 2], [0, Math.log(3)]]);
    const row3 = 0.5 * Math.log(4) + 0.5 * (Math.log(4) - Math.log(3));
    expectTensor(loss, [3], 'float32', [Math.log(2), Math.log(1 + Math.E), row3], f32);
  });
  test('another axis, rank 3, float64', () => {
    const labels = fx.tensor([1, 0, 0, 1], [2, 2], 'float64');
    const logits = fx.tensor([0, 1, 2, 3], [2, 2], 'float64');
    // along axis 0: column 0 has logits [0, 2], label on row 0; column 1 has [1, 3], label on row 1
    expectTensor(fx.softmaxCrossEntropyWithLogits(labels, logits, 0), [2], 'float64', [Math.log(1 + Math.exp(2)), Math.log(1 + Math.exp(-2))], f64);
    const y = fx.softmaxCrossEntropyWithLogits(fx.ones([2, 3, 4]), fx.zeros([2, 3, 4]), 1);
    expectTensor(y, [2, 4], 'float32', new Array<number>(8).fill(3 * Math.log(3)), f32);
  });
  test('logits of +-100 give finite values and gradients', () => {
    const labels = fx.tensor([[0, 1], [1, 0]], undefined, 'float64');
    const logits = fx.tensor([[100, -100], [100, -100]], undefined, 'float64');
    expectTensor(fx.softmaxCrossEntropyWithLogits(labels, logits), [2], 'float64', [200, 0], f64);
    const [dl, dx] = fx.grads((z, x) => fx.sum(fx.softmaxCrossEntropyWithLogits(z, x)))([labels, logits]) as [fx.Tensor, fx.Tensor];
    expectTensor(dx, [2, 2], 'float64', [1, -1, 0, 0], f64);
    expectTensor(dl, [2, 2], 'float64', [0, 200, 0, 200], f64);
  });
  test('size-1 class axis and empty batch', () => {
    expectTensor(fx.softmaxCrossEntropyWithLogits([[1], [2]], [[5], [-3]]), [2], 'float32', [0, 0]);
    expectTensor(fx.softmaxCrossEntropyWithLogits(fx.zeros([0, 3]), fx.zeros([0, 3])), [0], 'float32', []);
  });
});

describe('sigmoidCrossEntropyWithLogits', () => {
  test('max(x, 0) - x z + log(1 + exp(-|x|))', () => {
    const y = fx.sigmoidCrossEntropyWithLogits([0, 1, 0.5, 1], [0, 0, 2, -1]);
    const expected = [Math.log(2), Math.log(2), 2 - 1 + Math.log1p(Math.exp(-2)), 1 + Math.log1p(Math.exp(-1))];
    expectTensor(y, [4], 'float32', expected, f32);
  });
  test('logits of +-100 with labels 0 and 1: finite values and gradients', () => {
    const z = fx.tensor([0, 1, 0, 1], undefined, 'float64');
    const x = fx.tensor([100, 100, -100, -100], undefined, 'float64');
    expectTensor(fx.sigmoidCrossEntropyWithLogits(z, x), [4], 'float64', [100, Math.exp(-100), Math.exp(-100), 100], f64);
    const [dz, dx] = fx.grads((a, b) => fx.sum(fx.sigmoidCrossEntropyWithLogits(a, b)))([z, x]) as [fx.Tensor, fx.Tensor];
    assert.ok(allFinite(dz) && allFinite(dx));
    expectTensor(dx, [4], 'float64', [1, 0, 0, -1], f64);
    expectTensor(dz, [4], 'float64', [-100, -100, 100, 100], f64);
  });
  test('shapes, int32 labels and empty input', () => {
    expectTensor(fx.sigmoidCrossEntropyWithLogits(fx.tensor([[1], [0]], undefined, 'int32'), [[0], [0]]), [2, 1], 'float32', [Math.log(2), Math.log(2)], f32);
    expectTensor(fx.sigmoidCrossEntropyWithLogits(fx.zeros([2, 0]), fx.zeros([2, 0])), [2, 0], 'float32', []);
  });
});

describe('losses.computeWeightedLoss', () => {
  const losses = (): fx.Tensor => fx.tensor([[1, 2], [3, 4]]);
  test('the four reductions', () => {
    expectTensor(fx.losses.computeWeightedLoss(losses()), [], 'float32', [2.5]);
    expectTensor(fx.losses.computeWeightedLoss(losses(), [[1], [0]]), [], 'float32', [1.5]);
    expectTensor(fx.losses.computeWeightedLoss(losses(), [2, 1], R.MEAN), [], 'float32', [14 / 6], f32);
    expectTensor(fx.losses.computeWeightedLoss(losses(), null, R.MEAN), [], 'float32', [2.5]);
    expectTensor(fx.losses.computeWeightedLoss(losses(), 2, R.SUM), [], 'float32', [20]);
    expectTensor(fx.losses.computeWeightedLoss(losses(), [1, 0], R.NONE), [2, 2], 'float32', [1, 0, 3, 0]);
  });
  test('zero weights and empty losses give 0 (no division by zero)', () => {
    expectTensor(fx.losses.computeWeightedLoss(losses(), 0), [], 'float32', [0]);
    expectTensor(fx.losses.computeWeightedLoss(losses(), [0, 0], R.MEAN), [], 'float32', [0]);
    expectTensor(fx.losses.computeWeightedLoss(fx.zeros([0, 2])), [], 'float32', [0]);
  });
  test('Reduction has TensorFlow.js values; float64 is kept', () => {
    assert.deepEqual([R.NONE, R.MEAN, R.SUM, R.SUM_BY_NONZERO_WEIGHTS], [0, 1, 2, 3]);
    expectTensor(fx.losses.computeWeightedLoss(fx.tensor([1, 2], undefined, 'float64'), [0.5, 0.5], R.SUM), [], 'float64', [1.5]);
  });
});

describe('losses.absoluteDifference', () => {
  test('|labels - predictions|, weighted', () => {
    expectTensor(fx.losses.absoluteDifference([1, 2, 3], [2, 2, 1]), [], 'float32', [1]);
    expectTensor(fx.losses.absoluteDifference([1, 2, 3], [2, 2, 1], [1, 1, 0], R.NONE), [3], 'float32', [1, 0, 0]);
  });
  test('the subgradient at a perfect prediction is 0 (as TensorFlow)', () => {
    const g = fx.grad((p) => fx.losses.absoluteDifference(fx.tensor([1, 2]), p, undefined, R.SUM))(fx.tensor([1, 3]));
    expectTensor(g, [2], 'float32', [0, 1], f32);
  });
});

describe('losses.meanSquaredError', () => {
  test('(labels - predictions)^2, reduced', () => {
    expectTensor(fx.losses.meanSquaredError([1, 2, 3], [1, 1, 1]), [], 'float32', [5 / 3], f32);
    expectTensor(fx.losses.meanSquaredError([[1, 2], [3, 4]], [[1, 1], [1, 1]], [[2], [1]], R.SUM), [], 'float32', [2 + 4 + 9]);
  });
});

describe('losses.huberLoss', () => {
  test('quadratic inside delta, linear outside', () => {
    expectTensor(fx.losses.huberLoss([0, 0, 0], [0.5, 2, -3]), [], 'float32', [(0.125 + 1.5 + 2.5) / 3], f32);
    expectTensor(fx.losses.huberLoss([0, 0], [1, 4], undefined, 2, R.NONE), [2], 'float32', [0.5, 2 * 4 - 2]);
  });
});

describe('losses.logLoss', () => {
  test('binary cross-entropy on probabilities, with epsilon', () => {
    expectTensor(fx.losses.logLoss([1, 0], [0.5, 0.25], undefined, 0, R.NONE), [2], 'float32', [Math.log(2), -Math.log(0.75)], f32);
    expectTensor(fx.losses.logLoss([1], [0], undefined, 1e-7, R.SUM), [], 'float32', [-Math.log(1e-7)], 1e-5);
  });
});

describe('losses.hingeLoss', () => {
  test('max(0, 1 - (2 labels - 1) predictions)', () => {
    expectTensor(fx.losses.hingeLoss([0, 1, 1], [0.5, 0.5, 2], undefined, R.NONE), [3], 'float32', [1.5, 0.5, 0]);
    expectTensor(fx.losses.hingeLoss([0, 1, 1], [0.5, 0.5, 2]), [], 'float32', [2 / 3], f32);
  });
});

describe('losses.cosineDistance', () => {
  test('1 - sum(labels * predictions) along the axis, which is kept', () => {
    const l = [[1, 0], [0, 1]];
    const p = [[1, 0], [1, 0]];
    expectTensor(fx.losses.cosineDistance(l, p, 1, undefined, R.NONE), [2, 1], 'float32', [0, 1]);
    expectTensor(fx.losses.cosineDistance(l, p, -1), [], 'float32', [0.5]);
    expectTensor(fx.losses.cosineDistance(l, p, 0, undefined, R.NONE), [1, 2], 'float32', [0, 1]);
  });
});

describe('losses.softmaxCrossEntropy', () => {
  test('per-example softmax cross-entropy, averaged', () => {
    const labels = [[0, 1], [1, 0]];
    const logits = [[0, 0], [0, Math.log(3)]];
    expectTensor(fx.losses.softmaxCrossEntropy(labels, logits), [], 'float32', [(Math.log(2) + Math.log(4)) / 2], f32);
    expectTensor(fx.losses.softmaxCrossEntropy(labels, logits, [1, 0]), [], 'float32', [Math.log(2)], f32);
  });
  test('label smoothing moves labels towards 1 / numClasses', () => {
    const y = fx.losses.softmaxCrossEntropy([[0, 1], [1, 0]], [[0, 0], [0, Math.log(3)]], undefined, 0.5, R.NONE);
    expectTensor(y, [2], 'float32', [Math.log(2), Math.log(4) - 0.25 * Math.log(3)], f32);
  });
});

describe('losses.sigmoidCrossEntropy', () => {
  test('elementwise sigmoid cross-entropy, averaged, with label smoothing', () => {
    expectTensor(fx.losses.sigmoidCrossEntropy([1, 0], [0, 0]), [], 'float32', [Math.log(2)], f32);
    const y = fx.losses.sigmoidCrossEntropy([1, 0], [2, 0], undefined, 0.5, R.NONE);
    expectTensor(y, [2], 'float32', [2 - 2 * 0.75 + Math.log1p(Math.exp(-2)), Math.log(2)], f32);
  });
});
