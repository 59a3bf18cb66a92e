import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

function data(n = 64, seed = 3): { x: fx.Tensor; y: fx.Tensor; labels: fx.Tensor } {
  const x = fx.randomNormal([n, 4], 0, 1, 'float32', seed);
  const w = fx.tensor([[1], [-2], [0.5], [1.5]]);
  const y = fx.matMul(x, w);
  const labels = fx.cast(fx.greater(fx.reshape(y, [n]), 0), 'int32');
  return { x, y, labels };
}

function regressor(seed = 1): fx.Sequential {
  return fx.sequential({ layers: [fx.layers.dense({ units: 1, inputShape: [4], kernelInitializer: fx.initializers.glorotUniform({ seed }) })] });
}

describe('fit', () => {
  test('returns a History whose loss falls; validationData adds val_ logs', async () => {
    const { x, y } = data();
    const m = regressor();
    m.compile({ optimizer: new fx.optimizers.SGD({ learningRate: 0.1 }), loss: 'meanSquaredError', metrics: ['mae'] });
    const h = await m.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, validationData: [x, y] });
    const loss = h.history['loss']!;
    assert.equal(loss.length, 5);
    assert.ok(loss[4]! < loss[0]! * 0.5, `loss ${loss.join(', ')}`);
    assert.deepEqual(Object.keys(h.history).sort(), ['loss', 'mae', 'val_loss', 'val_mae']);
    assert.deepEqual(h.epoch, [0, 1, 2, 3, 4]);
  });

  test("each step's tensors are released when it ends; the caller's arrays are not", async () => {
    const { x, y } = data();
    const m = regressor();
    m.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
    await m.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 }); // builds the model and the optimizer's slots
    const before = fx.memory().numTensors;
    await m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
    m.trainOnBatch(x, y);
    for (const t of [m.evaluate(x, y, { batchSize: 16 })].flat()) t.dispose();
    assert.equal(fx.memory().numTensors, before, 'tensors left behind by the steps');
    const p = m.predict(x, { batchSize: 16 }) as fx.Tensor;
    assert.equal(fx.memory().numTensors, before + 1, 'predict leaves only its output');
    p.dispose();
    // One batch holding every row, unshuffled, is the caller's array itself: fit must not release it.
    await m.fit(x, y, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
    assert.ok(!x.isDisposed && !y.isDisposed);
    assert.equal(x.dataSync().length, 64 * 4);
  });

  test('a seeded shuffle makes fit reproducible', async () => {
    const run = async (): Promise<number[]> => {
      const { x, y } = data();
      const m = regressor(7);
      m.compile({ optimizer: 'sgd', loss: 'mse' });
      await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed: 42 });
      return Array.from(m.getWeights()[0]!.dataSync());
    };
    assert.deepEqual(await run(), await run());
  });

  test('initialEpoch, stepsPerEpoch and callbacks objects', async () => {
    const { x, y } = data();
    const m = regressor();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const batches: number[] = [];
    const epochs: number[] = [];
    await m.fit(x, y, {
      epochs: 4,
      initialEpoch: 2,
      stepsPerEpoch: 3,
      batchSize: 4,
      verbose: 0,
      callbacks: { onBatchEnd: (b) => void batches.push(b), onEpochEnd: (e) => void epochs.push(e) },
    });
    assert.deepEqual(epochs, [2, 3]);
    assert.deepEqual(batches, [0, 1, 2, 0, 1, 2]);
  });

  test('sampleWeight and classWeight weight the loss', async () => {
    const { x, labels } = data(8);
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 2, activation: 'softmax', inputShape: [4], kernelInitializer: 'zeros' })] });
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const zeroWeights = fx.zeros([8]);
    const before = m.getWeights()[0]!.dataSync().slice();
    await m.fit(x, labels, { epochs: 1, batchSize: 8, verbose: 0, sampleWeight: zeroWeights, shuffle: false });
    assert.deepEqual(Array.from(m.getWeights()[0]!.dataSync()), Array.from(before), 'zero sample weights: no update');
    await m.fit(x, labels, { epochs: 1, batchSize: 8, verbose: 0, classWeight: { 0: 0, 1: 0 } });
    assert.deepEqual(Array.from(m.getWeights()[0]!.dataSync()), Array.from(before), 'zero class weights: no update');
  });

  test('fit on a dataset of batches ({xs, ys} or [x, y])', async () => {
    const { x, y } = data(32);
    const m = regressor();
    m.compile({ optimizer: new fx.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const batches = [0, 8, 16, 24].map((s) => ({ xs: fx.slice(x, s, 8), ys: fx.slice(y, s, 8) }));
    const h = await m.fit(batches, { epochs: 3, verbose: 0 });
    assert.equal(h.history['loss']!.length, 3);
    assert.ok(h.history['loss']![2]! < h.history['loss']![0]!);
    async function* gen(): AsyncGenerator<[fx.Tensor, fx.Tensor]> {
      for (const b of batches) yield [b.xs, b.ys];
    }
    const e = (await m.evaluateDataset(gen())) as fx.Tensor;
    assert.equal(e.rank, 0);
  });

  test('evaluate, predict (batched), trainOnBatch, testOnBatch, predictOnBatch', () => {
    const { x, y } = data(10);
    const m = regressor();
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const [loss, mae] = m.evaluate(x, y, { batchSize: 4 }) as fx.Tensor[];
    assert.equal(loss!.rank, 0);
    assert.ok((mae!.dataSync()[0] as number) > 0);
    const p = m.predict(x, { batchSize: 3 }) as fx.Tensor;
    assert.deepEqual(p.shape, [10, 1]);
    const direct = m.predictOnBatch(x) as fx.Tensor;
    Array.from(direct.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - (p.dataSync()[i] as number)) < 1e-6));
    const r = m.trainOnBatch(x, y) as number[];
    assert.equal(r.length, 2);
    assert.equal((m.testOnBatch(x, y) as fx.Tensor[]).length, 2);
  });

  test('regularization losses are added to the training loss', () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones', useBias: false, kernelRegularizer: fx.l2({ l2: 1 }) })] });
    m.compile({ optimizer: new fx.optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
    const x = fx.zeros([4, 2]);
    const loss = m.trainOnBatch(x, fx.zeros([4, 1])) as number;
    assert.ok(Math.abs(loss - 2) < 1e-6, `mse 0 + l2 penalty 1*(1+1) = 2, got ${loss}`);
  });

  test('multiple outputs with per-output losses and lossWeights', () => {
    const inp = fx.input({ shape: [3] });
    const a = fx.layers.dense({ units: 1, name: 'out_a', kernelInitializer: 'zeros' }).apply(inp) as fx.layers.SymbolicTensor;
    const b = fx.layers.dense({ units: 1, name: 'out_b', kernelInitializer: 'zeros' }).apply(inp) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: inp, outputs: [a, b] });
    m.compile({ optimizer: new fx.optimizers.SGD({ learningRate: 0 }), loss: { out_a: 'mse', out_b: 'mae' }, lossWeights: { out_a: 1, out_b: 2 } });
    const loss = m.trainOnBatch(fx.ones([2, 3]), [fx.fill([2, 1], 2), fx.fill([2, 1], 3)]) as number;
    assert.ok(Math.abs(loss - (4 + 2 * 3)) < 1e-5, `4 + 2*3 = 10, got ${loss}`);
  });

  test('a custom trainStep (Keras 3 style) is used by fit', async () => {
    class Custom extends fx.Sequential {
      steps = 0;
      override trainStep(d: { x: fx.Tensor[]; y: fx.Tensor[]; sampleWeight: fx.Tensor | null }): Record<string, number> {
        this.steps++;
        const vars = this.trainableWeights;
        const tape = new fx.GradientTape();
        const pred = this.apply(d.x[0]!, { training: true }) as fx.Tensor;
        const loss = this.computeLoss(d.y, [pred]);
        const grads = tape.gradient(loss, vars) as fx.Tensor[];
        this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [fx.Tensor, fx.Variable]));
        return { loss: loss.dataSync()[0] as number, custom: 1 };
      }
    }
    const m = new Custom({ layers: [fx.layers.dense({ units: 1, inputShape: [4] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const { x, y } = data(16);
    const h = await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    assert.equal(m.steps, 4);
    assert.deepEqual(h.history['custom'], [1, 1]);
  });

  test('a plain custom loop with GradientTape and an optimizer', () => {
    const { x, y } = data(32);
    const m = regressor(3);
    const opt = new fx.optimizers.Adam({ learningRate: 0.05 });
    const lossFn = new fx.losses.MeanSquaredError();
    const first = lossFn.call(y, m.apply(x) as fx.Tensor).dataSync()[0] as number;
    for (let i = 0; i < 100; i++) {
      const tape = new fx.GradientTape();
      const loss = lossFn.call(y, m.apply(x, { training: true }) as fx.Tensor);
      const grads = tape.gradient(loss, m.trainableWeights) as fx.Tensor[];
      opt.applyGradients(grads.map((g, k) => [g, m.trainableWeights[k]!] as [fx.Tensor, fx.Variable]));
    }
    const last = lossFn.call(y, m.apply(x) as fx.Tensor).dataSync()[0] as number;
    assert.ok(last < first * 0.05, `${first} -> ${last}`);
  });
});
