import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

describe('Embedding', () => {
  test('layer contract (shapes, config round trip, gradients w.r.t. the embeddings)', () => {
    runLayerTest((dtype) => fx.layers.embedding({ inputDim: 5, outputDim: 3, dtype }), {
      inputShape: [2, 4],
      expectedOutputShape: [2, 4, 3],
      inputIsIndex: true,
      indexRange: 5,
    });
  });

  test('looks up rows of the embeddings weight (int32 and float inputs holding integers)', () => {
    const e = fx.layers.embedding({ inputDim: 4, outputDim: 2, name: 'emb' });
    e.apply(fx.tensor([[0]], [1, 1], 'int32'));
    const table = [[0, 1], [10, 11], [20, 21], [30, 31]];
    e.setWeights([fx.tensor(table)]);
    const y = e.apply(fx.tensor([[3, 1], [0, 2]], [2, 2], 'int32')) as fx.Tensor;
    assert.deepEqual(y.arraySync(), [[[30, 31], [10, 11]], [[0, 1], [20, 21]]]);
    const yf = e.apply(fx.tensor([[3, 1]], [1, 2], 'float32')) as fx.Tensor;
    assert.deepEqual(yf.arraySync(), [[[30, 31], [10, 11]]]);
    assert.deepEqual(e.weights.map((w) => `${w.name}:${w.shape.join('x')}`), ['emb/embeddings:4x2']);
  });

  test('default initializer is uniform in [-0.05, 0.05]', () => {
    const e = fx.layers.embedding({ inputDim: 50, outputDim: 20 });
    e.apply(fx.tensor([[1]], [1, 1], 'int32'));
    const v = Array.from(e.weights[0]!.dataSync());
    assert.ok(v.every((x) => x >= -0.05 && x <= 0.05));
    assert.ok(Math.max(...v) > 0.04 && Math.min(...v) < -0.04, 'spread over the range');
  });

  test('maskZero: the output mask is inputs != 0; without it there is no mask', () => {
    const e = fx.layers.embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    const x = fx.tensor([[1, 0, 3], [0, 0, 2]], [2, 3], 'int32');
    const m = e.computeMask(x, null) as fx.Tensor;
    assert.equal(m.dtype, 'bool');
    assert.deepEqual(Array.from(m.dataSync()), [1, 0, 1, 0, 0, 1]);
    assert.equal(fx.layers.embedding({ inputDim: 4, outputDim: 2 }).computeMask(x, null), null);
  });

  test('inputLength gives the input shape; the Functional output is float', () => {
    const e = fx.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 7 });
    const model = fx.sequential({ layers: [e] });
    assert.deepEqual(model.outputs[0]!.shape, [null, 7, 4]);
    assert.equal(e.getConfig()['inputLength'], 7);
    const sym = fx.layers.embedding({ inputDim: 10, outputDim: 4 }).apply(fx.input({ shape: [5], dtype: 'int32' })) as fx.layers.SymbolicTensor;
    assert.equal(sym.dtype, 'float32');
  });

  test('trains: gradients flow only into the looked-up rows', () => {
    const e = fx.layers.embedding({ inputDim: 3, outputDim: 2, embeddingsInitializer: 'ones' });
    const x = fx.tensor([[2, 2]], [1, 2], 'int32');
    e.apply(x);
    const tape = new fx.GradientTape();
    const loss = fx.sum(e.apply(x) as fx.Tensor);
    const g = tape.gradient(loss, e.weights[0]!) as fx.Tensor;
    assert.deepEqual(g.arraySync(), [[0, 0], [0, 0], [2, 2]]);
  });

  test('bad arguments and indices are refused', () => {
    assert.throws(() => fx.layers.embedding({ inputDim: 0, outputDim: 2 }), { message: 'Embedding: inputDim must be a positive integer, but received number 0.' });
    assert.throws(() => fx.layers.embedding({ inputDim: 3, outputDim: 2.5 }), { message: 'Embedding: outputDim must be a positive integer, but received number 2.5.' });
    const e = fx.layers.embedding({ inputDim: 3, outputDim: 2, name: 'words' });
    assert.throws(() => e.apply(fx.tensor([[1, 3]], [1, 2], 'int32')), {
      message: 'Layer "words" (Embedding): index 3 (at flat position 1 of the input of shape [1, 2]) is out of range; expected indices in [0, 3) (inputDim=3).',
    });
    assert.throws(() => e.apply(fx.tensor([[1, 0.5]], [1, 2])), {
      message: 'Layer "words" (Embedding) expects integer indices, but the float32 input holds 0.5 at flat position 1. Round or cast the indices to int32.',
    });
  });
});
