/**
 * model.fit / evaluateDataset straight from fx.data pipelines, on real Fashion-MNIST (CI installs
 * it with `apt-get install dataset-fashion-mnist`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

describe('training from fx.data datasets', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = fx.datasets.fashionMnist.loadData();
  const n = 6000;
  const images = fx.div(fx.reshape(fx.slice(xTrain, 0, n), [n, 784]), 255);
  const labels = fx.slice(yTrain, 0, n);

  test('fit trains an MLP from fromTensorSlices -> shuffle -> batch -> prefetch ({xs, ys} elements)', async () => {
    fx.setSeed(0);
    const ds = fx.data.fromTensorSlices({ xs: images, ys: labels }).shuffle(n, 1).batch(64).prefetch(2);
    const model = fx.sequential({ layers: [fx.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }), fx.layers.dense({ units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: fx.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(ds, undefined, { epochs: 3, verbose: 0 });
    const loss = history.history['loss'] ?? [];
    assert.equal(loss.length, 3);
    assert.ok((loss[2] ?? Infinity) < (loss[0] ?? 0), `loss went down: ${loss.join(', ')}`);
    const testSet = fx.data
      .zip([fx.data.fromTensorSlices(fx.slice(xTest, 0, 2000)), fx.data.fromTensorSlices(fx.slice(yTest, 0, 2000))])
      .map(([x, y]) => [fx.div(fx.reshape(x, [784]), 255), y] as [fx.Tensor, fx.Tensor])
      .batch(500);
    const [, acc] = (await model.evaluateDataset(testSet)) as fx.Tensor[];
    const accuracy = acc?.dataSync()[0] ?? 0;
    assert.ok(accuracy > 0.7, `test accuracy ${accuracy} (chance: 0.1)`);
  });

  test('fit from a Dataset of [x, y] tuples with repeat and stepsPerEpoch', async () => {
    fx.setSeed(1);
    const ds = fx.data.fromTensorSlices([images, labels]).batch(100).repeat();
    assert.equal(ds.cardinality(), fx.data.INFINITE_CARDINALITY);
    const model = fx.sequential({ layers: [fx.layers.dense({ units: 10, activation: 'softmax', inputShape: [784] })] });
    model.compile({ optimizer: fx.train.adam(3e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(ds, undefined, { epochs: 2, stepsPerEpoch: 30, verbose: 0 });
    const acc = history.history['acc'] ?? history.history['accuracy'] ?? [];
    assert.ok((acc[1] ?? 0) > 0.6, `accuracy ${acc.join(', ')}`);
  });
});
