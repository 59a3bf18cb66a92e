/** The README's Functional and subclassed examples, run as written (a few training steps each). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';

test('README Functional example: Embedding + LSTM + concatenate, two inputs, AdamW, accuracy and AUC', async () => {
  const tokens = fx.input({ shape: [16], dtype: 'int32', name: 'tokens' });
  const extra = fx.input({ shape: [4], name: 'extra' });
  const h = fx.layers.lstm({ units: 32 }).apply(fx.layers.embedding({ inputDim: 1000, outputDim: 16, maskZero: true }).apply(tokens)) as fx.layers.SymbolicTensor;
  const both = fx.layers.concatenate().apply([h, extra]) as fx.layers.SymbolicTensor;
  const out = fx.layers.dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(both) as fx.layers.SymbolicTensor;
  const model = fx.model({ inputs: [tokens, extra], outputs: out });
  model.compile({ optimizer: new fx.optimizers.AdamW({ learningRate: 1e-3 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'auc'] });
  const x1 = fx.cast(fx.randomUniform([8, 16], 0, 1000, 'int32', 1), 'int32');
  const x2 = fx.randomNormal([8, 4], 0, 1, 'float32', 2);
  const y = fx.cast(fx.greater(fx.randomUniform([8, 1], 0, 1, 'float32', 3), 0.5), 'float32');
  const h2 = await model.fit([x1, x2], y, { epochs: 2, batchSize: 4, verbose: 0 });
  assert.deepEqual(Object.keys(h2.history).sort(), ['accuracy', 'auc', 'loss']);
  assert.deepEqual((model.predict([x1, x2]) as fx.Tensor).shape, [8, 1]);
});

test('README subclassed example with a custom trainStep', async () => {
  class TwoLayer extends fx.Model {
    hidden = fx.layers.dense({ units: 64, activation: 'relu' });
    out = fx.layers.dense({ units: 10 });
    override call(x: fx.layers.LayerInputs): fx.Tensor {
      return this.out.apply(this.hidden.apply(x)) as fx.Tensor;
    }
    override trainStep(data: { x: fx.Tensor[]; y: fx.Tensor[]; sampleWeight: fx.Tensor | null }): Record<string, number> {
      const tape = new fx.GradientTape();
      const loss = this.computeLoss(data.y, [this.apply(data.x[0]!, { training: true }) as fx.Tensor]);
      const vars = this.trainableWeights;
      const grads = tape.gradient(loss, vars) as fx.Tensor[];
      this.optimizer!.applyGradients(grads.map((g, i) => [g, vars[i]!] as [fx.Tensor, fx.Variable]));
      return { loss: loss.dataSync()[0]! };
    }
  }
  const m = new TwoLayer();
  m.compile({ optimizer: 'adam', loss: new fx.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  const x = fx.randomNormal([32, 5], 0, 1, 'float32', 4);
  const y = fx.cast(fx.randomUniform([32], 0, 10, 'float32', 5), 'int32');
  const h = await m.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });
  const loss = h.history['loss']!;
  assert.ok(loss[4]! < loss[0]!, `loss ${loss.join(', ')}`);
});

test('README "Saving and deployment" example: .keras, .weights.h5, TensorFlow.js format, ONNX, safetensors', async () => {
  const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'fx-readme-saving-'));
  try {
    const model = fx.sequential({ layers: [fx.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), fx.layers.dense({ units: 2 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = fx.randomNormal([5, 3], 0, 1, 'float32', 7);
    const y0 = (model.predict(x) as fx.Tensor).dataSync();
    const close = (m: fx.Model): void => {
      const y = (m.predict(x) as fx.Tensor).dataSync();
      y0.forEach((v, i) => assert.ok(Math.abs(v - (y[i] as number)) < 1e-6, `prediction ${i}`));
    };
    await model.save(join(dir, 'model.keras'));
    close(await fx.models.loadModel(join(dir, 'model.keras')));
    await model.saveWeights(join(dir, 'model.weights.h5'));
    await model.loadWeights(join(dir, 'model.weights.h5'));
    close(model);
    await model.save(`file://${join(dir, 'web-model')}`);
    close(await fx.loadLayersModel(`file://${join(dir, 'web-model', 'model.json')}`));
    const bytes = fx.onnx.exportModel(model, join(dir, 'model.onnx'), { opset: 17 });
    assert.ok(bytes.length > 0 && existsSync(join(dir, 'model.onnx')));
    await fx.io.saveSafetensors({ w: fx.ones([2, 2]) }, join(dir, 'tensors.safetensors'));
    const back = await fx.io.loadSafetensors(join(dir, 'tensors.safetensors'));
    assert.deepEqual(Array.from((back['w'] as fx.Tensor).dataSync()), [1, 1, 1, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
