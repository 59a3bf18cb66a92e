/** Keras 3 loss classes: reductions, sample weights, masks, configs, get(), gradients. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fx from '../../src/index.js';
import { checkGradCase } from '../helpers/gradcheck.js';
import { expectError, expectFinite, expectScalar, expectValues } from './helpers.js';

const L = fx.losses;
const T = [[0, 1], [0, 0], [1, 1]];
const P = [[1, 1], [1, 0], [0, 0.5]];
// per-sample MSE: [0.5, 0.5, 0.625]
const PER = [0.5, 0.5, 0.625];

describe('Loss reductions and sample weights', () => {
  test("sum_over_batch_size (default), 'mean', 'sum', 'none'", () => {
    expectScalar(new L.MeanSquaredError().call(T, P), (0.5 + 0.5 + 0.625) / 3);
    expectScalar(new L.MeanSquaredError({ reduction: 'mean' }).call(T, P), (0.5 + 0.5 + 0.625) / 3);
    expectScalar(new L.MeanSquaredError({ reduction: 'sum' }).call(T, P), 1.625);
    expectValues(new L.MeanSquaredError({ reduction: 'none' }).call(T, P), PER, [3]);
    expectValues(new L.MeanSquaredError({ reduction: null }).call(T, P), PER, [3]);
  });
  test('sample weights: per sample [batch] or [batch,1], scalar; the divisor stays the element count', () => {
    const w = [1, 0, 2];
    const weighted = 0.5 * 1 + 0.5 * 0 + 0.625 * 2;
    expectScalar(new L.MeanSquaredError().call(T, P, w), weighted / 3);
    expectScalar(new L.MeanSquaredError().call(T, P, [[1], [0], [2]]), weighted / 3);
    expectScalar(new L.MeanSquaredError().call(T, P, 2), (2 * 1.625) / 3);
    expectScalar(new L.MeanSquaredError({ reduction: 'sum' }).call(T, P, w), weighted);
    expectScalar(new L.MeanSquaredError({ reduction: 'mean_with_sample_weight' }).call(T, P, w), weighted / 3);
    expectValues(new L.MeanSquaredError({ reduction: 'none' }).call(T, P, w), [0.5, 0, 1.25], [3]);
  });
  test('per-sample losses of rank 2 ([batch, time]) take [batch] weights on the leading axis', () => {
    const t = [[[1], [2]], [[3], [4]]];
    const p = [[[0], [0]], [[0], [0]]];
    // per-sample MSE over the last axis: [[1, 4], [9, 16]]
    expectScalar(new L.MeanSquaredError().call(t, p, [1, 0]), (1 + 4) / 4);
    expectScalar(new L.MeanSquaredError().call(t, p, [[1, 0], [0, 1]]), (1 + 16) / 4);
  });
  test('SparseCategoricalCrossentropy with ignoreClass leaves ignored entries out of the mean', () => {
    const p = [[0.05, 0.95, 0], [0.3, 0.3, 0.4], [0.1, 0.8, 0.1]];
    const loss = new L.SparseCategoricalCrossentropy({ ignoreClass: -1 });
    expectScalar(loss.call([1, -1, 2], p), (0.051293 + 2.302585) / 2);
    // with weights: sum(w * loss * 3/2) / 3
    expectScalar(loss.call([1, -1, 2], p, [2, 5, 1]), (2 * 0.051293 + 2.302585) / 2);
    expectScalar(new L.SparseCategoricalCrossentropy({ ignoreClass: -1, reduction: 'sum' }).call([1, -1, 2], p), 0.051293 + 2.302585);
    expectScalar(loss.call([-1, -1, -1], p), 0);
  });
  test('the class options reach the functions', () => {
    const t = [[0, 1], [0, 0]];
    const x = [[2, -1], [0.5, 3]];
    expectScalar(new L.BinaryCrossentropy({ fromLogits: true }).call(t, x), fx.mean(L.binaryCrossentropy(t, x, true)).dataSync()[0] as number);
    expectScalar(new L.BinaryCrossentropy({ labelSmoothing: 0.1 }).call(t, [[0.6, 0.4], [0.4, 0.6]]),
      fx.mean(L.binaryCrossentropy(t, [[0.6, 0.4], [0.4, 0.6]], false, 0.1)).dataSync()[0] as number);
    expectScalar(new L.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }).call([[0, 1, 0]], [[1, 2, 3]]),
      L.categoricalCrossentropy([[0, 1, 0]], [[1, 2, 3]], true, 0.2).dataSync()[0] as number);
    expectScalar(new L.SparseCategoricalCrossentropy({ fromLogits: true }).call([2], [[1, 2, 3]]),
      L.sparseCategoricalCrossentropy([2], [[1, 2, 3]], true).dataSync()[0] as number);
    expectScalar(new L.Huber({ delta: 0.5 }).call([[0, 1]], [[0.6, 0.4]]), 0.175);
    expectScalar(new L.CosineSimilarity({ axis: 0 }).call([[1, 0], [0, 1]], [[1, 0], [1, 0]]), -1 / Math.SQRT2 / 2);
    const classes: [fx.losses.Loss, (t: fx.Tensor, p: fx.Tensor) => fx.Tensor][] = [
      [new L.MeanAbsoluteError(), L.meanAbsoluteError],
      [new L.MeanAbsolutePercentageError(), L.meanAbsolutePercentageError],
      [new L.MeanSquaredLogarithmicError(), L.meanSquaredLogarithmicError],
      [new L.LogCosh(), L.logCosh],
      [new L.KLDivergence(), L.kullbackLeiblerDivergence],
      [new L.Poisson(), L.poisson],
      [new L.Hinge(), L.hinge],
      [new L.SquaredHinge(), L.squaredHinge],
      [new L.CategoricalHinge(), L.categoricalHinge],
      [new L.BinaryFocalCrossentropy(), (a, b) => L.binaryFocalCrossentropy(a, b)],
    ];
    const yt = fx.tensor([[0, 1], [1, 0]]);
    const yp = fx.tensor([[0.3, 0.6], [0.8, 0.1]]);
    for (const [loss, fn] of classes) {
      expectScalar(loss.call(yt, yp), fx.mean(fn(yt, yp)).dataSync()[0] as number);
    }
  });
  test('float64 inputs stay float64; int labels are cast', () => {
    const out = new L.MeanSquaredError().call(fx.tensor([1, 2], [2], 'int32'), fx.tensor([[1.5], [2]], [2, 1], 'float64'));
    assert.equal(out.dtype, 'float64');
    expectScalar(out, 0.125);
  });
});

describe('Loss config, subclassing and get()', () => {
  test('default names and getConfig/fromConfig', () => {
    assert.equal(new L.MeanSquaredError().name, 'mean_squared_error');
    assert.equal(new L.Huber().name, 'huber_loss');
    assert.equal(new L.KLDivergence().name, 'kl_divergence');
    const b = new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, reduction: 'sum', name: 'bce' });
    assert.deepEqual(b.getConfig(), { name: 'bce', reduction: 'sum', fromLogits: true, labelSmoothing: 0.1, axis: -1 });
    const copy = L.BinaryCrossentropy.fromConfig(b.getConfig());
    assert.ok(copy instanceof L.BinaryCrossentropy);
    assert.deepEqual(copy.getConfig(), b.getConfig());
    const s = L.get(L.serialize(new L.SparseCategoricalCrossentropy({ ignoreClass: 255 })));
    assert.ok(s instanceof L.SparseCategoricalCrossentropy);
    assert.equal(s.ignoreClass, 255);
  });
  test('every class survives get(serialize(loss)) with its options', () => {
    const losses: fx.losses.Loss[] = [
      new L.MeanSquaredError({ reduction: 'sum' }), new L.MeanAbsoluteError({ name: 'l1' }), new L.MeanAbsolutePercentageError(),
      new L.MeanSquaredLogarithmicError(), new L.Huber({ delta: 2 }), new L.LogCosh(), new L.BinaryCrossentropy({ axis: 0 }),
      new L.BinaryFocalCrossentropy({ gamma: 3, alpha: 0.5, applyClassBalancing: true }), new L.CategoricalCrossentropy({ labelSmoothing: 0.1 }),
      new L.SparseCategoricalCrossentropy({ fromLogits: true }), new L.KLDivergence(), new L.Poisson({ reduction: 'none' }),
      new L.CosineSimilarity({ axis: 0 }), new L.Hinge(), new L.SquaredHinge(), new L.CategoricalHinge(),
    ];
    for (const loss of losses) {
      const copy = L.get(L.serialize(loss));
      assert.equal(copy.constructor, loss.constructor);
      assert.deepEqual(copy.getConfig(), loss.getConfig());
    }
  });
  test('a subclass implements compute', () => {
    class Cubed extends L.Loss {
      compute(yTrue: fx.Tensor, yPred: fx.Tensor): fx.Tensor {
        return fx.mean(fx.pow(fx.abs(fx.sub(yTrue, yPred)), 3), -1);
      }
    }
    const c = new Cubed({ reduction: 'sum' });
    assert.equal(c.name, 'cubed');
    expectScalar(c.call([[0, 0]], [[1, 2]]), 4.5);
  });
  test('get resolves Keras and TF.js names, instances and functions', () => {
    const cases: [string, string][] = [
      ['mse', 'MeanSquaredError'],
      ['MSE', 'MeanSquaredError'],
      ['meanSquaredError', 'MeanSquaredError'],
      ['mean_squared_error', 'MeanSquaredError'],
      ['MeanSquaredError', 'MeanSquaredError'],
      ['mae', 'MeanAbsoluteError'],
      ['sparseCategoricalCrossentropy', 'SparseCategoricalCrossentropy'],
      ['categorical_crossentropy', 'CategoricalCrossentropy'],
      ['binaryCrossentropy', 'BinaryCrossentropy'],
      ['kld', 'KLDivergence'],
      ['kullbackLeiblerDivergence', 'KLDivergence'],
      ['huber', 'Huber'],
      ['logcosh', 'LogCosh'],
      ['cosineSimilarity', 'CosineSimilarity'],
      ['categoricalHinge', 'CategoricalHinge'],
      ['cosineProximity', 'CosineSimilarity'],
      ['BinaryFocalCrossentropy', 'BinaryFocalCrossentropy'],
    ];
    for (const [name, cls] of cases) assert.equal(L.get(name).constructor.name, cls, name);
    const inst = new L.Poisson();
    assert.equal(L.get(inst), inst);
    const wrapped = L.get(L.meanAbsoluteError);
    assert.ok(wrapped instanceof L.LossFunctionWrapper);
    assert.equal(wrapped.name, 'mean_absolute_error');
    expectScalar(wrapped.call([[0, 1]], [[1, 1]]), 0.5);
  });
  test('errors: unknown names list the valid ones; bad reduction; bad weights', () => {
    assert.throws(
      () => L.get('meanSquareError'),
      (e: Error) => e.message.startsWith("losses.get: unknown loss 'meanSquareError'. Valid names: ") && e.message.includes(', mse,') &&
        e.message.includes('sparseCategoricalCrossentropy') && e.message.includes('mean_squared_error'),
    );
    assert.equal(
      (() => {
        try {
          L.get('nope');
          return '';
        } catch (e) {
          return (e as Error).message;
        }
      })(),
      `losses.get: unknown loss 'nope'. Valid names: ${L.lossNames().join(', ')}.`,
    );
    expectError(
      () => new L.MeanSquaredError({ reduction: 'average' as 'sum' }),
      "MeanSquaredError: reduction must be one of 'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none' or null, " +
        'but received the string "average".',
    );
    expectError(
      () => new L.MeanSquaredError().call(T, P, [1, 2]),
      'MeanSquaredError: sampleWeight has shape [2], which does not fit the per-sample losses of shape [3]; use a scalar, one weight per ' +
        'sample (shape [3]) or a shape that broadcasts to [3].',
    );
    expectError(
      () => new L.CategoricalCrossentropy().call([1, 0], [[0.3, 0.7], [0.6, 0.4]]),
      'categoricalCrossentropy: yTrue has shape [2] and yPred has shape [2,2]: yTrue looks like integer class labels (one per sample), ' +
        "but categoricalCrossentropy expects one-hot labels of yPred's shape. Use sparseCategoricalCrossentropy for integer labels, " +
        'or one-hot encode them with fx.oneHot(labels, 2).',
    );
  });
});

describe('gradients', () => {
  const grad = (loss: fx.losses.Loss, yTrue: fx.TensorLike, yPred: fx.Tensor): fx.Tensor => fx.grad((p: fx.Tensor) => loss.call(yTrue, p))(yPred);
  test('finite at probabilities 0 and 1 and logits +-100', () => {
    const probs = fx.tensor([[0, 1, 0], [1, 0, 0]]);
    const logits = fx.tensor([[100, -100, 0], [-100, 100, 100]]);
    const oneHot = [[0, 1, 0], [1, 0, 0]];
    const cases: [string, fx.losses.Loss, fx.TensorLike, fx.Tensor][] = [
      ['bce probs', new L.BinaryCrossentropy(), oneHot, probs],
      ['bce logits', new L.BinaryCrossentropy({ fromLogits: true }), oneHot, logits],
      ['focal probs', new L.BinaryFocalCrossentropy(), oneHot, probs],
      ['focal logits', new L.BinaryFocalCrossentropy({ fromLogits: true }), oneHot, logits],
      ['cce probs', new L.CategoricalCrossentropy(), oneHot, probs],
      ['cce logits', new L.CategoricalCrossentropy({ fromLogits: true }), oneHot, logits],
      ['scce probs', new L.SparseCategoricalCrossentropy(), [1, 0], probs],
      ['scce logits', new L.SparseCategoricalCrossentropy({ fromLogits: true }), [1, 0], logits],
      ['kld', new L.KLDivergence(), oneHot, probs],
      ['poisson', new L.Poisson(), oneHot, probs],
      ['msle', new L.MeanSquaredLogarithmicError(), oneHot, probs],
      ['mape', new L.MeanAbsolutePercentageError(), oneHot, probs],
      ['cosine zero vector', new L.CosineSimilarity(), oneHot, fx.zeros([2, 3])],
      ['logcosh large', new L.LogCosh(), oneHot, logits],
    ];
    for (const [label, loss, t, p] of cases) {
      expectFinite(loss.call(t, p), `${label} loss`);
      expectFinite(grad(loss, t, p), `${label} gradient`);
    }
  });
  test('gradient of bce from logits at +-100 is sigmoid(x) - y', () => {
    const g = grad(new L.BinaryCrossentropy({ fromLogits: true, reduction: 'sum' }), [[1, 0, 1]], fx.tensor([[-100, 100, 100]]));
    expectValues(g, [-1 / 3, 1 / 3, 0], [1, 3]);
  });
  test('central finite differences in float64', () => {
    const labels = { shape: [3, 4], values: [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1], constant: true };
    const rows = [
      ['BinaryCrossentropy', (t: fx.Tensor, p: fx.Tensor) => new L.BinaryCrossentropy({ labelSmoothing: 0.1 }).call(t, p, [1, 2, 0.5]), [0.05, 0.95]],
      ['BinaryCrossentropy fromLogits', (t: fx.Tensor, p: fx.Tensor) => new L.BinaryCrossentropy({ fromLogits: true }).call(t, p), [-3, 3]],
      ['CategoricalCrossentropy', (t: fx.Tensor, p: fx.Tensor) => new L.CategoricalCrossentropy({ labelSmoothing: 0.2 }).call(t, p), [0.05, 1]],
      ['CategoricalCrossentropy fromLogits', (t: fx.Tensor, p: fx.Tensor) => new L.CategoricalCrossentropy({ fromLogits: true }).call(t, p), [-3, 3]],
      ['SparseCategoricalCrossentropy fromLogits', (_t: fx.Tensor, p: fx.Tensor) => new L.SparseCategoricalCrossentropy({ fromLogits: true }).call([1, 0, 3], p), [-3, 3]],
      ['SparseCategoricalCrossentropy', (_t: fx.Tensor, p: fx.Tensor) => new L.SparseCategoricalCrossentropy().call([1, 0, 3], p), [0.05, 1]],
      ['Huber', (t: fx.Tensor, p: fx.Tensor) => new L.Huber({ delta: 0.7 }).call(t, p), [-2, 2]],
      ['LogCosh', (t: fx.Tensor, p: fx.Tensor) => new L.LogCosh().call(t, p), [-3, 3]],
      ['KLDivergence', (t: fx.Tensor, p: fx.Tensor) => new L.KLDivergence().call(fx.add(fx.mul(t, 0.8), 0.05), p), [0.05, 1]],
      ['Poisson', (t: fx.Tensor, p: fx.Tensor) => new L.Poisson().call(t, p), [0.1, 2]],
      ['CosineSimilarity', (t: fx.Tensor, p: fx.Tensor) => new L.CosineSimilarity().call(fx.add(t, 0.3), p), [-2, 2]],
      ['BinaryFocalCrossentropy', (t: fx.Tensor, p: fx.Tensor) => new L.BinaryFocalCrossentropy({ applyClassBalancing: true }).call(t, p), [0.05, 0.95]],
    ] as const;
    for (const [label, fn, range] of rows) {
      const fail = checkGradCase({
        op: label,
        inputs: [labels, { shape: [3, 4], range: [range[0], range[1]] }],
        fn: (t, p) => fn(t as fx.Tensor, p as fx.Tensor),
        tol: 1e-5,
      });
      assert.equal(fail, null, `${label}: ${String(fail)}`);
    }
  });
});
