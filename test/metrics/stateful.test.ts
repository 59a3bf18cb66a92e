/** Keras 3 stateful metrics: known values, sample weights, accumulation, resetState, configs, get(). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fx from '../../src/index.js';
import { expectError, expectScalar, expectValues } from '../losses/helpers.js';

const M = fx.metrics;

describe('Mean, Sum, MeanMetricWrapper', () => {
  test('Mean: weighted, accumulated over updates, reset', () => {
    const m = new M.Mean();
    m.updateState([1, 3, 5, 7]);
    expectScalar(m.result(), 4);
    m.updateState([10], [2]);
    expectScalar(m.result(), (16 + 20) / 6);
    m.resetState();
    expectScalar(m.result(), 0);
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expectScalar(m.result(), 2);
    // rank-2 values are averaged per sample first
    m.resetState();
    m.updateState([[1, 3], [5, 7]], [1, 0]);
    expectScalar(m.result(), 2);
  });
  test('Sum', () => {
    const s = new M.Sum();
    s.updateState([1, 2, 3]);
    s.updateState([4], [0.5]);
    expectScalar(s.result(), 8);
  });
  test('state lives in non-trainable Variables that can be saved and restored', () => {
    const m = new M.Mean({ name: 'loss_mean' });
    m.updateState([2, 4]);
    assert.equal(m.variables.length, 2);
    assert.ok(m.variables.every((v) => v instanceof fx.Variable && !v.trainable));
    assert.deepEqual(m.variables.map((v) => v.name), ['loss_mean/total', 'loss_mean/count']);
    const copy = new M.Mean();
    copy.variables.forEach((v, i) => v.assign(m.variables[i] as fx.Tensor));
    expectScalar(copy.result(), 3);
  });
  test('a Metric subclass keeps its state in addVariable variables', () => {
    class CountPositives extends M.Metric {
      private readonly n = this.addVariable([], 'n');
      updateState(_yTrue: fx.TensorLike, yPred: fx.TensorLike): void {
        this.n.assignAdd(fx.sum(fx.cast(fx.greater(yPred, 0), 'float32')));
      }
      result(): fx.Tensor {
        return this.n;
      }
    }
    const c = new CountPositives();
    assert.equal(c.name, 'count_positives');
    c.updateState([], [1, -1, 2]);
    c.updateState([], [3]);
    expectScalar(c.result(), 3);
    c.resetState();
    expectScalar(c.result(), 0);
    assert.deepEqual(c.variables.map((v) => v.name), ['count_positives/n']);
  });
  test('MeanMetricWrapper around a custom function', () => {
    const m = new M.MeanMetricWrapper((t, p) => fx.sum(fx.abs(fx.sub(t, p)), -1), { name: 'l1' });
    m.updateState([[0, 1], [1, 1]], [[1, 1], [1, 3]]);
    expectScalar(m.result(), 1.5);
    assert.equal(m.name, 'l1');
    assert.deepEqual(m.getConfig(), { name: 'l1', dtype: 'float32' });
  });
});

describe('accuracy metrics', () => {
  test('Accuracy (exact match)', () => {
    const m = new M.Accuracy();
    m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
    expectScalar(m.result(), 0.75);
    m.resetState();
    m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]);
    expectScalar(m.result(), 0.5);
  });
  test('BinaryAccuracy with threshold, weights and accumulation', () => {
    const m = new M.BinaryAccuracy();
    m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
    expectScalar(m.result(), 0.75);
    m.updateState([[1], [0]], [[0.7], [0.2]]);
    expectScalar(m.result(), 5 / 6);
    m.resetState();
    m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1]);
    expectScalar(m.result(), 0.5);
    const t = new M.BinaryAccuracy({ threshold: 0.7 });
    t.updateState([1, 1, 0], [0.69, 0.71, 0.2]);
    expectScalar(t.result(), 2 / 3);
    assert.deepEqual(t.getConfig(), { name: 'binary_accuracy', dtype: 'float32', threshold: 0.7 });
  });
  test('CategoricalAccuracy and SparseCategoricalAccuracy', () => {
    const c = new M.CategoricalAccuracy();
    c.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
    expectScalar(c.result(), 0.5);
    c.resetState();
    c.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]);
    expectScalar(c.result(), 0.3);
    const s = new M.SparseCategoricalAccuracy();
    s.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
    expectScalar(s.result(), 0.5);
    s.updateState([0, 0], [[0.9, 0.1, 0], [0.2, 0.3, 0.5]], [3, 1]);
    expectScalar(s.result(), (1 + 3) / 6);
  });
  test('TopKCategoricalAccuracy and SparseTopKCategoricalAccuracy', () => {
    const t = new M.TopKCategoricalAccuracy({ k: 1 });
    t.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]);
    expectScalar(t.result(), 0.3);
    const s = new M.SparseTopKCategoricalAccuracy({ k: 2 });
    s.updateState([2, 1, 0], [[0.1, 0.9, 0.8], [0.05, 0.95, 0], [0.1, 0.5, 0.4]]);
    expectScalar(s.result(), 2 / 3);
    // default k = 5 with 3 classes: always in the top k
    const d = new M.SparseTopKCategoricalAccuracy();
    d.updateState([0], [[0, 1, 2]]);
    expectScalar(d.result(), 1);
  });
});

describe('regression and probabilistic metrics', () => {
  const t = [[0, 1], [0, 0]];
  const p = [[1, 1], [0, 0]];
  test('MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError', () => {
    const mse = new M.MeanSquaredError();
    mse.updateState(t, p);
    expectScalar(mse.result(), 0.25);
    mse.updateState([[2, 2]], [[0, 0]], [2]);
    expectScalar(mse.result(), (0.5 + 0 + 2 * 4) / 4);
    const rmse = new M.RootMeanSquaredError();
    rmse.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
    expectScalar(rmse.result(), 0.5);
    rmse.resetState();
    rmse.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]);
    expectScalar(rmse.result(), Math.sqrt(0.5));
    const mae = new M.MeanAbsoluteError();
    mae.updateState(t, p);
    expectScalar(mae.result(), 0.25);
    const mape = new M.MeanAbsolutePercentageError();
    mape.updateState([[1, 2]], [[2, 3]]);
    expectScalar(mape.result(), 75);
  });
  test('cross-entropy metrics and CosineSimilarity (positive when aligned)', () => {
    const b = new M.BinaryCrossentropy();
    b.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
    expectScalar(b.result(), (0.916291 + 0.713558) / 2);
    const c = new M.CategoricalCrossentropy();
    c.updateState([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
    expectScalar(c.result(), (0.051293 + 2.302585) / 2);
    const s = new M.SparseCategoricalCrossentropy();
    s.updateState([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);
    expectScalar(s.result(), (0.051293 + 2.302585) / 2);
    const cos = new M.CosineSimilarity();
    cos.updateState([[0, 1], [1, 1]], [[1, 0], [1, 1]]);
    expectScalar(cos.result(), 0.5);
  });
});

describe('Precision and Recall', () => {
  test('thresholded counts, weights, accumulation', () => {
    const p = new M.Precision();
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expectScalar(p.result(), 2 / 3);
    p.resetState();
    p.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
    expectScalar(p.result(), 1);
    p.updateState([0], [0.9]);
    expectScalar(p.result(), 0.5);
    const r = new M.Recall();
    r.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expectScalar(r.result(), 2 / 3);
    r.updateState([1, 1], [0.2, 0.51]);
    expectScalar(r.result(), 3 / 5);
  });
  test('topK and classId', () => {
    const p = new M.Precision({ topK: 2 });
    p.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    expectScalar(p.result(), 0);
    const q = new M.Precision({ topK: 4 });
    q.updateState([0, 0, 1, 1], [1, 1, 1, 1]);
    expectScalar(q.result(), 0.5);
    // classId 2 with topK 2: row 0 keeps classes 1,2; row 1 keeps 0,1
    const c = new M.Precision({ classId: 2, topK: 2 });
    c.updateState([[0, 0, 1], [0, 0, 1]], [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]);
    expectScalar(c.result(), 1);
    const rc = new M.Recall({ classId: 2, topK: 2 });
    rc.updateState([[0, 0, 1], [0, 0, 1]], [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]);
    expectScalar(rc.result(), 0.5);
  });
  test('several thresholds give a vector', () => {
    const p = new M.Precision({ thresholds: [0.2, 0.5, 0.8] });
    p.updateState([0, 1, 1, 0], [0.3, 0.6, 0.9, 0.1]);
    expectValues(p.result(), [2 / 3, 1, 1], [3]);
    const tp = new M.TruePositives({ thresholds: [0.2, 0.5, 0.8] });
    tp.updateState([0, 1, 1, 0], [0.3, 0.6, 0.9, 0.1], [1, 2, 3, 4]);
    expectValues(tp.result(), [5, 5, 3], [3]);
    const fp = new M.FalsePositives();
    fp.updateState([0, 1, 1, 0], [0.3, 0.6, 0.9, 0.7]);
    expectScalar(fp.result(), 1);
    const tn = new M.TrueNegatives();
    tn.updateState([0, 1, 1, 0], [0.3, 0.6, 0.9, 0.7]);
    expectScalar(tn.result(), 1);
    const fn = new M.FalseNegatives();
    fn.updateState([0, 1, 1, 0], [0.3, 0.2, 0.9, 0.7]);
    expectScalar(fn.result(), 1);
  });
});

/** Counts at each threshold and the trapezoid under the ROC curve, from scratch. */
function bruteForceRocAuc(labels: number[], preds: number[], weights: number[], thresholds: number[]): number {
  // compared in float32, as the metric (and Keras) compares float32 predictions with float32 thresholds
  const pts = thresholds.map(Math.fround).map((th) => {
    let tp = 0, fp = 0, tn = 0, fn = 0;
    labels.forEach((y, i) => {
      const w = weights[i] as number;
      const pos = Math.fround(preds[i] as number) > th;
      if (y === 1 && pos) tp += w;
      else if (y === 1) fn += w;
      else if (pos) fp += w;
      else tn += w;
    });
    return { tpr: tp + fn === 0 ? 0 : tp / (tp + fn), fpr: fp + tn === 0 ? 0 : fp / (fp + tn) };
  });
  let area = 0;
  for (let i = 0; i + 1 < pts.length; i++) area += (pts[i]!.fpr - pts[i + 1]!.fpr) * (pts[i]!.tpr + pts[i + 1]!.tpr) / 2;
  return area;
}

describe('AUC', () => {
  test('Keras example: 3 thresholds, weights', () => {
    const m = new M.AUC({ numThresholds: 3 });
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expectScalar(m.result(), 0.75);
    m.resetState();
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]);
    expectScalar(m.result(), 1);
  });
  test('ROC against a brute-force trapezoid; accumulation equals one big update', () => {
    const labels = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
    const preds = [0.1, 0.35, 0.8, 0.42, 0.62, 0.05, 0.7, 0.55, 0.21, 0.3];
    const weights = [1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2];
    const n = 11;
    const thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    const m = new M.AUC({ numThresholds: n });
    m.updateState(labels.slice(0, 4), preds.slice(0, 4), weights.slice(0, 4));
    m.updateState(labels.slice(4), preds.slice(4), weights.slice(4));
    expectScalar(m.result(), bruteForceRocAuc(labels, preds, weights, thresholds));
    // many thresholds approach the exact (Mann-Whitney) AUC: pairs ranked correctly / all pairs
    const fine = new M.AUC({ numThresholds: 2001 });
    fine.updateState(labels, preds);
    let good = 0, all = 0;
    labels.forEach((a, i) => labels.forEach((b, j) => {
      if (a === 1 && b === 0) {
        all++;
        if ((preds[i] as number) > (preds[j] as number)) good++;
      }
    }));
    expectScalar(fine.result(), good / all, 1e-4);
  });
  test('PR curve (interpolation, minoring, majoring), explicit thresholds, fromLogits, multiLabel', () => {
    const labels = [0, 0, 1, 1];
    const preds = [0, 0.5, 0.3, 0.9];
    const pr = new M.AUC({ numThresholds: 3, curve: 'PR' });
    pr.updateState(labels, preds);
    // thresholds [-eps, 0.5, 1+eps]: tp [2,1,0], fp [2,0,0], fn [0,1,2]; Davis-Goadrich between the first two:
    // dtp = 1, dp = 3: slope 1/3, intercept 1 - 1/3, p ratio 4/1 -> (1/3)(1 + (2/3) ln 4) / (tp + fn = 2);
    // second segment: dtp = 1, dp = 1, slope 1, intercept 0, p = 0 -> ratio 1: 1 * (1 + 0) / 2
    expectScalar(pr.result(), ((1 / 3) * (1 + (2 / 3) * Math.log(4))) / 2 + 0.5);
    const minor = new M.AUC({ numThresholds: 3, curve: 'PR', summationMethod: 'minoring' });
    minor.updateState(labels, preds);
    // recall [1, 0.5, 0], precision [0.5, 1, 0]: (1 - 0.5) * 0.5 + (0.5 - 0) * 0
    expectScalar(minor.result(), 0.25);
    const major = new M.AUC({ numThresholds: 3, curve: 'PR', summationMethod: 'majoring' });
    major.updateState(labels, preds);
    expectScalar(major.result(), 0.5 * 1 + 0.5 * 1);
    const explicit = new M.AUC({ thresholds: [0.5] });
    explicit.updateState(labels, preds);
    expectScalar(explicit.result(), 0.75);
    const logits = new M.AUC({ numThresholds: 3, fromLogits: true });
    logits.updateState(labels, preds.map((q) => Math.log(q / (1 - q + 1e-12) + 1e-12)));
    expectScalar(logits.result(), 0.75, 1e-4);
    const multi = new M.AUC({ numThresholds: 3, multiLabel: true });
    multi.updateState([[0, 1], [0, 0], [1, 1], [1, 0]], [[0, 0.9], [0.5, 0.2], [0.3, 0.6], [0.9, 0.4]]);
    // column 0 is the Keras example (0.75); column 1: labels [1,0,1,0], preds [0.9,0.2,0.6,0.4] -> 1
    expectScalar(multi.result(), (0.75 + 1) / 2);
  });
  test('errors and config', () => {
    expectError(() => new M.AUC({ curve: 'PRC' as 'PR' }), 'AUC: curve must be \'ROC\' or \'PR\', but received the string "PRC".');
    expectError(() => new M.AUC({ numThresholds: 1 }), 'AUC: numThresholds must be an integer > 1, but received number 1.');
    expectError(
      () => new M.AUC({ summationMethod: 'trapezoid' as 'minoring' }),
      "AUC: summationMethod must be 'interpolation', 'minoring' or 'majoring', but received the string \"trapezoid\".",
    );
    const a = new M.AUC({ curve: 'PR', numThresholds: 50 });
    assert.deepEqual(a.getConfig(), {
      name: 'auc', dtype: 'float32', numThresholds: 50, curve: 'PR', summationMethod: 'interpolation', multiLabel: false, numLabels: 1, fromLogits: false,
    });
    assert.equal(a.variables.length, 4);
  });
});

describe('F1Score', () => {
  const t = [[1, 1, 1], [1, 0, 0], [1, 1, 0]];
  const p = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]];
  test('per class (Keras example), macro, micro, weighted, default threshold (argmax)', () => {
    const f = new M.F1Score({ threshold: 0.5 });
    f.updateState(t, p);
    expectValues(f.result(), [0.5, 0.8, 2 / 3], [3], 1e-5);
    const macro = new M.F1Score({ threshold: 0.5, average: 'macro' });
    macro.updateState(t, p);
    expectScalar(macro.result(), (0.5 + 0.8 + 2 / 3) / 3, 1e-5);
    // micro: tp = 1 + 2 + 1 = 4, fp = 0 + 1 + 1 = 2, fn = 2 + 0 + 0 = 2 -> p = r = 2/3
    const micro = new M.F1Score({ threshold: 0.5, average: 'micro' });
    micro.updateState(t, p);
    expectScalar(micro.result(), 2 / 3, 1e-5);
    const weighted = new M.F1Score({ threshold: 0.5, average: 'weighted' });
    weighted.updateState(t, p);
    expectScalar(weighted.result(), (3 * 0.5 + 2 * 0.8 + 1 * (2 / 3)) / 6, 1e-5);
    // without a threshold the largest prediction of each row is the positive one
    const arg = new M.F1Score();
    arg.updateState([[0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6]]);
    // class 0: tp 0, fn 1 -> 0; class 1: tp 1, fp 1 -> p 0.5, r 1 -> 2/3
    expectValues(arg.result(), [0, 2 / 3], [2], 1e-5);
  });
});

describe('metrics.get and resolveAccuracy', () => {
  test('names resolve to instances', () => {
    const cases: [string, string][] = [
      ['accuracy', 'Accuracy'], ['acc', 'Accuracy'], ['mse', 'MeanSquaredError'], ['mae', 'MeanAbsoluteError'], ['auc', 'AUC'],
      ['precision', 'Precision'], ['recall', 'Recall'], ['binaryAccuracy', 'BinaryAccuracy'], ['binary_accuracy', 'BinaryAccuracy'],
      ['sparse_categorical_accuracy', 'SparseCategoricalAccuracy'], ['categoricalAccuracy', 'CategoricalAccuracy'],
      ['topKCategoricalAccuracy', 'TopKCategoricalAccuracy'], ['rmse', 'RootMeanSquaredError'], ['f1Score', 'F1Score'],
      ['RootMeanSquaredError', 'RootMeanSquaredError'],
    ];
    for (const [name, cls] of cases) assert.equal(M.get(name).constructor.name, cls, name);
    const fn = M.get(M.meanAbsoluteError);
    assert.ok(fn instanceof M.MeanMetricWrapper);
    const auc = M.get(M.serialize(new M.AUC({ curve: 'PR' })));
    assert.ok(auc instanceof M.AUC && auc.curve === 'PR');
  });
  test('every class survives get(serialize(metric)) with its options', () => {
    const metrics: fx.metrics.Metric[] = [
      new M.Accuracy(), new M.BinaryAccuracy({ threshold: 0.3 }), new M.CategoricalAccuracy({ name: 'cat' }), new M.SparseCategoricalAccuracy(),
      new M.TopKCategoricalAccuracy({ k: 2 }), new M.SparseTopKCategoricalAccuracy({ k: 3 }), new M.MeanSquaredError(), new M.RootMeanSquaredError(),
      new M.MeanAbsoluteError(), new M.MeanAbsolutePercentageError(), new M.MeanSquaredLogarithmicError(), new M.CosineSimilarity({ axis: 0 }),
      new M.LogCoshError(), new M.BinaryCrossentropy({ fromLogits: true }), new M.CategoricalCrossentropy({ labelSmoothing: 0.1 }),
      new M.SparseCategoricalCrossentropy({ fromLogits: true }), new M.KLDivergence(), new M.Poisson(), new M.Hinge(), new M.SquaredHinge(),
      new M.CategoricalHinge(), new M.Precision({ thresholds: [0.3, 0.6], topK: 2 }), new M.Recall({ classId: 1 }),
      new M.AUC({ curve: 'PR', summationMethod: 'minoring', numThresholds: 7 }), new M.AUC({ thresholds: [0.2, 0.4] }),
      new M.TruePositives({ thresholds: 0.4 }), new M.FalsePositives(), new M.TrueNegatives(), new M.FalseNegatives(),
      new M.F1Score({ average: 'macro', threshold: 0.4 }), new M.FBetaScore({ beta: 2, average: 'weighted' }),
    ];
    for (const m of metrics) {
      const copy = M.get(M.serialize(m));
      assert.equal(copy.constructor, m.constructor, m.name);
      assert.deepEqual(copy.getConfig(), m.getConfig(), m.name);
    }
  });
  test('unknown names list the valid ones', () => {
    expectError(() => M.get('accurcy'), `metrics.get: unknown metric 'accurcy'. Valid names: ${M.metricNames().join(', ')}.`);
    assert.ok(M.metricNames().includes('auc') && M.metricNames().includes('sparseCategoricalAccuracy'));
  });
  test('resolveAccuracy follows the loss, then the shapes', () => {
    const kind = (...a: Parameters<typeof M.resolveAccuracy>): string => M.resolveAccuracy(...a).constructor.name;
    assert.equal(kind('sparseCategoricalCrossentropy', [null, 10]), 'SparseCategoricalAccuracy');
    assert.equal(kind('sparse_categorical_crossentropy', [null, 10]), 'SparseCategoricalAccuracy');
    assert.equal(kind(new fx.losses.SparseCategoricalCrossentropy({ fromLogits: true }), [null, 10]), 'SparseCategoricalAccuracy');
    assert.equal(kind('categoricalCrossentropy', [null, 10]), 'CategoricalAccuracy');
    assert.equal(kind(fx.losses.categoricalCrossentropy, [null, 10]), 'CategoricalAccuracy');
    assert.equal(kind('binaryCrossentropy', [null, 3]), 'BinaryAccuracy');
    assert.equal(kind('mse', [null, 1]), 'BinaryAccuracy');
    assert.equal(kind('mse', [null, 4], [null, 1]), 'SparseCategoricalAccuracy');
    assert.equal(kind('mse', [null, 4], [null, 4]), 'CategoricalAccuracy');
    assert.equal(M.resolveAccuracy('binaryCrossentropy', [null, 1], null, 'acc').name, 'acc');
  });
  test('metric errors name the metric and both shapes', () => {
    expectError(
      () => new M.CategoricalAccuracy().updateState([0, 2], [[0.1, 0.9, 0], [0.2, 0.2, 0.6]]),
      'categoricalAccuracy: yTrue has shape [2] and yPred has shape [2,3]: yTrue looks like integer class labels, but categoricalAccuracy ' +
        "expects one-hot labels of yPred's shape. Use sparseCategoricalAccuracy for integer labels.",
    );
    expectError(
      () => new M.Precision().updateState([0, 1, 1], [0.2, 0.8]),
      'Precision: yTrue and yPred must have the same shape, but yTrue has shape [3] and yPred has shape [2].',
    );
    expectError(
      () => new M.Mean().updateState([1, 2, 3], [1, 2]),
      'Mean: sampleWeight has shape [2], which does not fit the values of shape [3]; use a scalar, one weight per sample (shape [3]) ' +
        'or a shape that broadcasts to [3].',
    );
    expectError(() => new M.BinaryAccuracy({ threshold: 1 }), 'BinaryAccuracy: threshold must be a number in (0, 1), but received number 1.');
  });
});
