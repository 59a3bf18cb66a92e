/**
 * Every registered layer class round-trips through every Keras-side format (.keras, .weights.h5,
 * legacy .h5, .safetensors): a small model per class is saved, loaded and must predict exactly the
 * same values. A class without a row fails the test.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { Lambda } from '../../src/saving/lambda.js';
import { outputs, randomizeWeights, tempDir } from './helpers.js';

type Case = () => { model: fx.Model; x: fx.Tensor | fx.Tensor[]; load?: fx.io.LoadOptions };
const L = fx.layers;
type Sym = fx.layers.SymbolicTensor;

function one(layer: fx.layers.Layer, shape: number[], batch = 2): ReturnType<Case> {
  const i = fx.input({ shape });
  const model = fx.model({ inputs: i, outputs: layer.apply(i) as Sym });
  return { model, x: fx.randomNormal([batch, ...shape]) };
}

function two(layer: fx.layers.Layer, a: number[], b: number[] = a): ReturnType<Case> {
  const i = fx.input({ shape: a });
  const j = fx.input({ shape: b });
  const model = fx.model({ inputs: [i, j], outputs: layer.apply([i, j]) as Sym });
  return { model, x: [fx.randomNormal([2, ...a]), fx.randomNormal([2, ...b])] };
}

const square = (t: fx.Tensor | fx.Tensor[]): fx.Tensor => fx.mul(t as fx.Tensor, t as fx.Tensor);

export const CASES: Record<string, Case> = {
  Activation: () => one(L.activation({ activation: 'tanh' }), [4]),
  Add: () => two(L.add({}), [3]),
  AlphaDropout: () => one(L.alphaDropout({ rate: 0.2 }), [4]),
  Attention: () => two(L.attention({}), [2, 3], [4, 3]),
  Average: () => two(L.average({}), [3]),
  AveragePooling1D: () => one(L.averagePooling1d({ poolSize: 2 }), [6, 2]),
  AveragePooling2D: () => one(L.averagePooling2d({ poolSize: 2 }), [4, 4, 2]),
  BatchNormalization: () => one(L.batchNormalization({}), [4]),
  Bidirectional: () => one(L.bidirectional({ layer: L.lstm({ units: 2 }) }), [5, 3]),
  CenterCrop: () => one(L.centerCrop({ height: 2, width: 2 }), [4, 4, 1]),
  Concatenate: () => two(L.concatenate({}), [3], [2]),
  Conv1D: () => one(L.conv1d({ filters: 2, kernelSize: 2 }), [6, 3]),
  Conv2D: () => one(L.conv2d({ filters: 2, kernelSize: 2, activation: 'relu' }), [5, 5, 2]),
  Conv2DTranspose: () => one(L.conv2dTranspose({ filters: 2, kernelSize: 2 }), [3, 3, 2]),
  Conv3D: () => one(L.conv3d({ filters: 2, kernelSize: 2 }), [3, 3, 3, 1]),
  Cropping1D: () => one(L.cropping1d({ cropping: 1 }), [5, 2]),
  Cropping2D: () => one(L.cropping2d({ cropping: 1 }), [4, 4, 1]),
  Dense: () => one(L.dense({ units: 3, activation: 'sigmoid' }), [4]),
  DepthwiseConv2D: () => one(L.depthwiseConv2d({ kernelSize: 2 }), [4, 4, 2]),
  Dot: () => two(L.dot({ axes: 1 }), [3]),
  Dropout: () => one(L.dropout({ rate: 0.3 }), [4]),
  ELU: () => one(L.elu({ alpha: 0.5 }), [4]),
  Embedding: () => {
    const i = fx.input({ shape: [3], dtype: 'int32' });
    const model = fx.model({ inputs: i, outputs: L.embedding({ inputDim: 10, outputDim: 4 }).apply(i) as Sym });
    return { model, x: fx.tensor([[1, 2, 3], [9, 0, 4]], [2, 3], 'int32') };
  },
  Flatten: () => one(L.flatten(), [2, 3]),
  Functional: () => {
    const ii = fx.input({ shape: [3] });
    const inner = fx.model({ inputs: ii, outputs: L.dense({ units: 2 }).apply(ii) as Sym });
    const i = fx.input({ shape: [3] });
    const model = fx.model({ inputs: i, outputs: L.dense({ units: 1 }).apply(inner.apply(i) as Sym) as Sym });
    return { model, x: fx.randomNormal([2, 3]) };
  },
  GRU: () => one(L.gru({ units: 2, returnSequences: true }), [4, 3]),
  GRUCell: () => one(L.rnn({ cell: L.gruCell({ units: 2 }) }), [4, 3]),
  GaussianDropout: () => one(L.gaussianDropout({ rate: 0.3 }), [4]),
  GaussianNoise: () => one(L.gaussianNoise({ stddev: 0.1 }), [4]),
  GlobalAveragePooling1D: () => one(L.globalAveragePooling1d(), [5, 2]),
  GlobalAveragePooling2D: () => one(L.globalAveragePooling2d(), [3, 3, 2]),
  GlobalMaxPooling1D: () => one(L.globalMaxPooling1d(), [5, 2]),
  GlobalMaxPooling2D: () => one(L.globalMaxPooling2d(), [3, 3, 2]),
  GroupNormalization: () => one(L.groupNormalization({ groups: 2 }), [4]),
  InputLayer: () => {
    const i = fx.input({ shape: [2, 2], name: 'an_input' });
    return { model: fx.model({ inputs: i, outputs: L.flatten().apply(i) as Sym }), x: fx.randomNormal([2, 2, 2]) };
  },
  LSTM: () => one(L.lstm({ units: 3 }), [4, 2]),
  LSTMCell: () => one(L.rnn({ cell: L.lstmCell({ units: 2 }) }), [4, 3]),
  // A Lambda's function never comes from the file: loading needs safeMode false and customObjects.
  Lambda: () => ({ ...one(new Lambda({ name: 'squarer', functionName: 'square', fn: square }), [3]), load: { safeMode: false, customObjects: { square } } }),
  LayerNormalization: () => one(L.layerNormalization({}), [4]),
  LeakyReLU: () => one(L.leakyReLU({}), [4]),
  Masking: () => one(L.masking({ maskValue: 0 }), [3, 2]),
  MaxPooling1D: () => one(L.maxPooling1d({ poolSize: 2 }), [6, 2]),
  MaxPooling2D: () => one(L.maxPooling2d({ poolSize: 2 }), [4, 4, 2]),
  Maximum: () => two(L.maximum({}), [3]),
  Minimum: () => two(L.minimum({}), [3]),
  MultiHeadAttention: () => {
    const i = fx.input({ shape: [4, 3] });
    const model = fx.model({ inputs: i, outputs: L.multiHeadAttention({ numHeads: 2, keyDim: 2 }).apply([i, i]) as Sym });
    return { model, x: fx.randomNormal([2, 4, 3]) };
  },
  Multiply: () => two(L.multiply({}), [3]),
  Normalization: () => one(L.normalization({ mean: [1, 2, 3], variance: [1, 4, 9] }), [3]),
  PReLU: () => one(L.prelu({}), [4]),
  Permute: () => one(L.permute({ dims: [2, 1] }), [3, 4]),
  RNN: () => one(L.rnn({ cell: L.simpleRNNCell({ units: 2 }), returnSequences: true }), [4, 3]),
  ReLU: () => one(L.reLU({ maxValue: 1 }), [4]),
  RepeatVector: () => one(L.repeatVector({ n: 3 }), [4]),
  Rescaling: () => one(L.rescaling({ scale: 0.5, offset: 1 }), [4]),
  Reshape: () => one(L.reshape({ targetShape: [3, 2] }), [6]),
  Resizing: () => one(L.resizing({ height: 3, width: 3 }), [5, 5, 1]),
  SeparableConv2D: () => one(L.separableConv2d({ filters: 2, kernelSize: 2 }), [4, 4, 2]),
  Sequential: () => {
    const model = fx.sequential({ layers: [L.dense({ units: 3, inputShape: [4], activation: 'relu' }), L.batchNormalization({}), L.dense({ units: 2 })] });
    return { model, x: fx.randomNormal([2, 4]) };
  },
  SimpleRNN: () => one(L.simpleRNN({ units: 3 }), [4, 2]),
  SimpleRNNCell: () => one(L.rnn({ cell: L.simpleRNNCell({ units: 2 }) }), [4, 3]),
  Softmax: () => one(L.softmax({}), [4]),
  SpatialDropout1D: () => one(L.spatialDropout1d({ rate: 0.2 }), [4, 3]),
  SpatialDropout2D: () => one(L.spatialDropout2d({ rate: 0.2 }), [3, 3, 2]),
  Subtract: () => two(L.subtract({}), [3]),
  TimeDistributed: () => one(L.timeDistributed({ layer: L.dense({ units: 2 }) }), [4, 3]),
  UnitNormalization: () => one(L.unitNormalization({}), [4]),
  UpSampling1D: () => one(L.upSampling1d({ size: 2 }), [3, 2]),
  UpSampling2D: () => one(L.upSampling2d({ size: [2, 2] }), [2, 2, 1]),
  ZeroPadding1D: () => one(L.zeroPadding1d({ padding: 1 }), [3, 2]),
  ZeroPadding2D: () => one(L.zeroPadding2d({ padding: 1 }), [2, 2, 1]),
};

const tmp = tempDir('layers');
after(() => tmp.remove());

describe('.keras round trip of every layer class', () => {
  test('every registered layer class has a row', () => {
    const missing = fx.layers.registeredLayerClasses().filter((c) => !(c in CASES));
    assert.deepEqual(missing, [], `layer classes without a round-trip row: ${missing.join(', ')}`);
  });

  for (const [className, make] of Object.entries(CASES)) {
    test(`${className}: save, load, same predictions`, async () => {
      const { model, x, load } = make();
      randomizeWeights(model);
      const expected = outputs(model.predict(x));
      const path = tmp.path(`${className}.keras`);
      await model.save(path);
      const restored = await fx.models.loadModel(path, load ?? {});
      assert.notEqual(restored, model);
      assert.equal(restored.getClassName(), model.getClassName());
      assert.deepEqual(restored.weights.map((w) => w.shape), model.weights.map((w) => w.shape));
      const classes = (m: fx.Model): string[] => m.layers.map((l) => l.getClassName());
      assert.deepEqual(classes(restored), classes(model));
      assert.deepEqual(outputs(restored.predict(x)), expected);
    });

    test(`${className}: .weights.h5, legacy .h5 and .safetensors round trips`, async () => {
      const { model, x, load } = make();
      randomizeWeights(model, 13);
      const expected = outputs(model.predict(x));
      await model.save(tmp.path(`${className}.h5`));
      const legacy = await fx.models.loadModel(tmp.path(`${className}.h5`), load ?? {});
      assert.deepEqual(outputs(legacy.predict(x)), expected, 'legacy .h5');
      for (const ext of ['.weights.h5', '.safetensors']) {
        const path = tmp.path(`${className}${ext}`);
        await model.saveWeights(path);
        const fresh = make().model;
        await fresh.loadWeights(path);
        assert.deepEqual(outputs(fresh.predict(x)), expected, ext);
      }
    });
  }
});
