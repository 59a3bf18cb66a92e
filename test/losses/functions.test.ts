/** Keras 3 per-sample loss functions in fx.losses: known values, options, stability, errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fx from '../../src/index.js';
import { clipP, EPS, expectError, expectFinite, expectValues, mean } from './helpers.js';

const L = fx.losses;
const T2 = [[0, 1], [0, 0]];
const P2 = [[0.6, 0.4], [0.4, 0.6]];

/** Elementwise binary cross-entropy on clipped probabilities (float32 clip bounds). */
const bce = (t: number, p: number): number => -(t * Math.log(clipP(p)) + (1 - t) * Math.log(1 - clipP(p)));
/** Sigmoid cross-entropy on logits. */
const sce = (t: number, x: number): number => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
const logSoftmax = (xs: number[]): number[] => {
  const m = Math.max(...xs);
  const lse = m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  return xs.map((x) => x - lse);
};

describe('regression losses (per sample, last axis reduced)', () => {
  test('meanAbsoluteError, meanSquaredError (fx.metrics)', () => {
    expectValues(L.meanAbsoluteError([[0, 1], [0, 0]], [[1, 1], [1, 0]]), [0.5, 0.5], [2]);
    expectValues(fx.metrics.meanSquaredError([[0, 1], [0, 0]], [[2, 1], [1, 0]]), [2, 0.5], [2]);
    // yTrue [batch] against yPred [batch, 1]: the trailing 1 is aligned as Keras does
    expectValues(L.meanAbsoluteError([1, 2, 3], [[1.5], [2], [1]]), [0.5, 0, 2], [3]);
  });
  test('meanAbsolutePercentageError divides by max(|yTrue|, epsilon)', () => {
    expectValues(L.meanAbsolutePercentageError([[1, 2], [4, -2]], [[1.5, 2], [3, -1]]), [25, 37.5], [2]);
    // yTrue 0 gives |0 - 1e-8| / 1e-7 = 0.1 -> 100 * mean(0.1, 0) = 5
    expectValues(L.meanAbsolutePercentageError(fx.tensor([[0, 1]], [1, 2], 'float64'), fx.tensor([[1e-8, 1]], [1, 2], 'float64')), [5], [1]);
  });
  test('meanSquaredLogarithmicError clips at epsilon before log(x + 1)', () => {
    const t = [[1, 2], [0, 3]];
    const p = [[2, 2], [-1, 1]];
    const want = t.map((r, i) => mean(r.map((tv, j) => (Math.log(Math.max(p[i]![j]!, EPS) + 1) - Math.log(Math.max(tv, EPS) + 1)) ** 2)));
    expectValues(L.meanSquaredLogarithmicError(t, p), want, [2]);
  });
  test('huber: quadratic inside delta, linear outside', () => {
    expectValues(L.huber(T2, P2), [0.18, 0.13], [2]);
    // delta 0.5: |e| = 0.6 > 0.5 -> 0.5 * 0.6 - 0.125 = 0.175; |e| = 0.4 -> 0.08
    expectValues(L.huber(T2, P2, 0.5), [0.175, (0.08 + 0.175) / 2], [2]);
  });
  test('logCosh, also for large errors', () => {
    expectValues(L.logCosh([[0, 1], [0, 0]], [[1, 1], [0, 0]]), [Math.log(Math.cosh(1)) / 2, 0], [2]);
    // log(cosh(100)) = 100 - log(2) + log(1 + e^-200)
    expectValues(L.logCosh([[0]], [[100]]), [100 - Math.log(2)], [1]);
  });
  test('kullbackLeiblerDivergence (alias kld) clips both to [epsilon, 1]', () => {
    const t = [[0.2, 0.8], [1, 0]];
    const p = [[0.5, 0.5], [0.9, 0.1]];
    const want = t.map((r, i) =>
      r.reduce((a, tv, j) => {
        const tc = Math.min(Math.max(tv, EPS), 1);
        const pc = Math.min(Math.max(p[i]![j]!, EPS), 1);
        return a + tc * Math.log(tc / pc);
      }, 0),
    );
    expectValues(L.kullbackLeiblerDivergence(t, p), want, [2]);
    assert.equal(L.kld, L.kullbackLeiblerDivergence);
  });
  test('poisson', () => {
    const t = [[1, 2], [0, 3]];
    const p = [[0.5, 2], [1, 0]];
    const want = t.map((r, i) => mean(r.map((tv, j) => p[i]![j]! - tv * Math.log(p[i]![j]! + EPS))));
    expectValues(L.poisson(t, p), want, [2]);
  });
  test('cosineSimilarity (Keras example) and axis', () => {
    expectValues(L.cosineSimilarity([[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]]), [0, -1, 1], [3]);
    expectValues(L.cosineSimilarity([[1, 0], [0, 1]], [[1, 0], [1, 0]], 0), [-1 / Math.SQRT2, 0], [2]);
  });
});

describe('hinge losses', () => {
  test('hinge and squaredHinge convert {0,1} labels to {-1,1}', () => {
    expectValues(L.hinge(T2, P2), [1.1, 1.5], [2]);
    expectValues(L.squaredHinge(T2, P2), [1.46, 2.26], [2]);
    expectValues(L.hinge([[-1, 1]], [[0.6, 0.4]]), [1.1], [1]);
    // not binary: used as is
    expectValues(L.hinge([[0.5, 1]], [[1, 2]]), [0.25], [1]);
  });
  test('categoricalHinge', () => {
    expectValues(L.categoricalHinge(T2, P2), [1.2, 1.6], [2]);
  });
});

describe('binaryCrossentropy', () => {
  test('probabilities (Keras example), labelSmoothing, axis', () => {
    expectValues(L.binaryCrossentropy(T2, P2), [0.916291, 0.713558], [2]);
    const s = 0.2;
    const sm = (t: number): number => t * (1 - s) + 0.5 * s;
    expectValues(L.binaryCrossentropy(T2, P2, false, s), T2.map((r, i) => mean(r.map((t, j) => bce(sm(t), P2[i]![j]!)))), [2]);
    expectValues(L.binaryCrossentropy(T2, P2, false, 0, 0), [0, 1].map((j) => mean([0, 1].map((i) => bce(T2[i]![j]!, P2[i]![j]!)))), [2]);
  });
  test('fromLogits equals the probability form on sigmoid(logits)', () => {
    const x = [[2, -1], [0.5, 3]];
    expectValues(L.binaryCrossentropy(T2, x, true), T2.map((r, i) => mean(r.map((t, j) => sce(t, x[i]![j]!)))), [2]);
  });
  test('stable at probabilities 0 and 1 and logits +-100', () => {
    expectValues(L.binaryCrossentropy([[1, 0]], [[0, 1]]), [(-Math.log(Math.fround(EPS)) - Math.log(1 - Math.fround(1 - EPS))) / 2], [1]);
    expectValues(L.binaryCrossentropy([[1, 0]], [[-100, 100]], true), [100], [1]);
    expectValues(L.binaryCrossentropy([[1, 0]], [[100, -100]], true), [0], [1]);
  });
  test('binaryFocalCrossentropy (Keras example) and class balancing', () => {
    expectValues(L.binaryFocalCrossentropy(T2, P2, { gamma: 2 }), [0.329865, 0.205798], [2]);
    const focal = (t: number, p: number, g: number, a: number): number => {
      const pt = t * p + (1 - t) * (1 - p);
      return (t * a + (1 - t) * (1 - a)) * (1 - pt) ** g * bce(t, p);
    };
    const want = T2.map((r, i) => mean(r.map((t, j) => focal(t, P2[i]![j]!, 3, 0.25))));
    expectValues(L.binaryFocalCrossentropy(T2, P2, { gamma: 3, applyClassBalancing: true }), want, [2]);
  });
});

describe('categoricalCrossentropy', () => {
  const t = [[0, 1, 0], [0, 0, 1]];
  const p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
  test('probabilities (Keras example): normalized, clipped', () => {
    expectValues(L.categoricalCrossentropy(t, p), [0.051293, 2.302585], [2]);
    // not normalized: divided by the row sum first
    expectValues(L.categoricalCrossentropy([[0, 1]], [[1, 3]]), [-Math.log(0.75)], [1]);
  });
  test('labelSmoothing: yTrue (1 - s) + s / classes', () => {
    const s = 0.3;
    const want = t.map((r, i) => -r.reduce((a, tv, j) => a + (tv * (1 - s) + s / 3) * Math.log(clipP(p[i]![j]!)), 0));
    expectValues(L.categoricalCrossentropy(t, p, false, s), want, [2]);
  });
  test('fromLogits uses log-softmax; stable at +-100', () => {
    const x = [[1, 2, 3], [-1, 0, 5]];
    const want = t.map((r, i) => -r.reduce((a, tv, j) => a + tv * logSoftmax(x[i]!)[j]!, 0));
    expectValues(L.categoricalCrossentropy(t, x, true), want, [2]);
    expectValues(L.categoricalCrossentropy([[1, 0, 0]], [[-100, 100, 0]], true), [200], [1]);
    expectFinite(L.categoricalCrossentropy([[1, 0, 0]], [[0, 1, 0]]), 'probability 0 of the true class');
  });
  test('axis 0', () => {
    const want = [0, 1, 2].map((j) => -[0, 1].reduce((a, i) => a + t[i]![j]! * Math.log(clipP(p[i]![j]! / (p[0]![j]! + p[1]![j]!))), 0));
    expectValues(L.categoricalCrossentropy(t, p, false, 0, 0), want, [3]);
  });
});

describe('sparseCategoricalCrossentropy', () => {
  const p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
  test('labels [batch] and [batch, 1] (Keras example)', () => {
    expectValues(L.sparseCategoricalCrossentropy([1, 2], p), [0.051293, 2.302585], [2]);
    expectValues(L.sparseCategoricalCrossentropy([[1], [2]], p), [0.051293, 2.302585], [2]);
    expectValues(L.sparseCategoricalCrossentropy(fx.tensor([1, 2], [2], 'int32'), p), [0.051293, 2.302585], [2]);
  });
  test('fromLogits and +-100', () => {
    const x = [[1, 2, 3], [-1, 0, 5]];
    expectValues(L.sparseCategoricalCrossentropy([0, 2], x, true), [-logSoftmax(x[0]!)[0]!, -logSoftmax(x[1]!)[2]!], [2]);
    expectValues(L.sparseCategoricalCrossentropy([0], [[-100, 100, 0]], true), [200], [1]);
  });
  test('ignoreClass gives those entries 0', () => {
    expectValues(L.sparseCategoricalCrossentropy([1, -1], p, false, -1), [0.051293, 0], [2]);
  });
  test('rank 3 (sequence) labels', () => {
    const seq = [[[0.2, 0.8], [0.6, 0.4]]];
    expectValues(L.sparseCategoricalCrossentropy([[1, 0]], seq), [[-Math.log(0.8), -Math.log(0.6)]].flat(), [1, 2]);
  });
});

describe('loss errors', () => {
  test('categoricalCrossentropy given integer labels says to use sparseCategoricalCrossentropy', () => {
    expectError(
      () => L.categoricalCrossentropy([0, 2], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]),
      'categoricalCrossentropy: yTrue has shape [2] and yPred has shape [2,3]: yTrue looks like integer class labels (one per sample), ' +
        "but categoricalCrossentropy expects one-hot labels of yPred's shape. Use sparseCategoricalCrossentropy for integer labels, " +
        'or one-hot encode them with fx.oneHot(labels, 3).',
    );
    expectError(
      () => L.categoricalCrossentropy([[0], [2]], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]),
      'categoricalCrossentropy: yTrue has shape [2,1] and yPred has shape [2,3]: yTrue looks like integer class labels (one per sample), ' +
        "but categoricalCrossentropy expects one-hot labels of yPred's shape. Use sparseCategoricalCrossentropy for integer labels, " +
        'or one-hot encode them with fx.oneHot(labels, 3).',
    );
  });
  test('sparse labels out of range, not integers, or one-hot', () => {
    expectError(
      () => L.sparseCategoricalCrossentropy([1, 3], [[0.5, 0.5, 0], [0.2, 0.3, 0.5]]),
      'sparseCategoricalCrossentropy: yTrue holds class 3 at flat index 1, outside [0, 3) (yPred has 3 classes along its last axis, ' +
        'shape [2,3]). Labels must be integers in [0, 2]; to skip a "void" label such as -1 or 255, set ignoreClass.',
    );
    expectError(
      () => L.sparseCategoricalCrossentropy([0.5, 1], [[0.5, 0.5], [0.2, 0.8]]),
      'sparseCategoricalCrossentropy: yTrue holds 0.5 at flat index 0, which is not an integer class index. If yTrue holds one-hot labels ' +
        'or probabilities, use categoricalCrossentropy.',
    );
    expectError(
      () => L.sparseCategoricalCrossentropy([[0, 1, 0]], [[0.2, 0.3, 0.5]]),
      "sparseCategoricalCrossentropy: yTrue has shape [1,3] but yPred has shape [1,3]; sparse labels (one integer class per sample) must have yPred's " +
        "shape without its last axis ([1]) or with a last axis of 1 ([1,1]). yTrue has yPred's shape, so it looks one-hot: use " +
        'categoricalCrossentropy for one-hot labels.',
    );
  });
  test('shape mismatches name both shapes', () => {
    expectError(
      () => L.meanAbsoluteError([[1, 2, 3]], [[1, 2]]),
      'meanAbsoluteError: yTrue and yPred must have the same shape, but yTrue has shape [1,3] and yPred has shape [1,2].',
    );
    expectError(
      () => L.binaryCrossentropy([[1, 0]], [[0.5, 0.5]], false, 1.5),
      'binaryCrossentropy: labelSmoothing must be a number in [0, 1], but received number 1.5.',
    );
  });
});
