/**
 * ONNX export: every exportable layer type (and every activation) is exported, run in
 * onnxruntime-node and compared with Fluxion's predict (1e-5); whole models (MLP, CNN,
 * Functional with several inputs, Embedding + LSTM, GRU, attention block) too; layers without an
 * export are refused with a message that lists what is supported.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as fx from '../../src/index.js';
import type { SymbolicTensor } from '../../src/layers/symbolic.js';
import { CATALOG, catalogInputs, catalogModel } from '../io/layer-catalog.js';

const require = createRequire(import.meta.url);

/** The part of onnxruntime-node's API used here. */
interface OrtTensor {
  data: Float32Array | Int32Array;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface Ort {
  InferenceSession: { create(model: Uint8Array): Promise<OrtSession> };
  Tensor: new (type: string, data: Float32Array | Int32Array, dims: number[]) => OrtTensor;
}
const ort = require('onnxruntime-node') as Ort;

const dir = mkdtempSync(join(tmpdir(), 'fx-onnx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

/** Runs the exported bytes in onnxruntime-node and compares every output with model.predict. */
async function assertSameAsOrt(model: fx.Model, xs: fx.Tensor[], bytes?: Uint8Array, tol = 1e-5): Promise<void> {
  const session = await ort.InferenceSession.create(bytes ?? fx.onnx.exportModel(model));
  const feeds: Record<string, OrtTensor> = {};
  session.inputNames.forEach((n, i) => {
    const x = xs[i] as fx.Tensor;
    const data = x.dtype === 'int32' ? Int32Array.from(x.dataSync() as Int32Array) : Float32Array.from(x.dataSync() as Float32Array);
    feeds[n] = new ort.Tensor(x.dtype === 'int32' ? 'int32' : 'float32', data, [...x.shape]);
  });
  const result = await session.run(feeds);
  const y = model.predict(xs.length === 1 ? (xs[0] as fx.Tensor) : xs);
  const expected = Array.isArray(y) ? y : [y];
  assert.equal(session.outputNames.length, expected.length);
  session.outputNames.forEach((n, k) => {
    const got = result[n] as OrtTensor;
    const want = expected[k] as fx.Tensor;
    assert.deepEqual([...got.dims], [...want.shape], `output ${k} shape`);
    const d = maxDiff(got.data, want.dataSync());
    assert.ok(d <= tol, `output ${k} differs from Fluxion by ${d}`);
  });
}

const EXPORTABLE = fx.onnx.supportedLayers();

describe('onnx.exportModel: every exportable layer type runs in onnxruntime-node like Fluxion (1e-5)', () => {
  it('every exportable layer class has a catalog row, so each is run below', () => {
    assert.deepEqual(EXPORTABLE.filter((c) => !CATALOG.some((r) => r.className === c)), []);
  });

  it('the supported list covers the layers the issue names', () => {
    for (const c of ['Bidirectional', 'TimeDistributed', 'Dense', 'Conv1D', 'Conv2D', 'DepthwiseConv2D', 'Conv2DTranspose', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'BatchNormalization', 'Flatten', 'Reshape', 'Add', 'Concatenate', 'Dropout', 'Embedding', 'LayerNormalization', 'MultiHeadAttention', 'LSTM', 'GRU']) {
      assert.ok(EXPORTABLE.includes(c), `${c} is exportable`);
    }
  });
  for (const row of CATALOG.filter((r) => EXPORTABLE.includes(r.className))) {
    it(`${row.className}`, async () => {
      await assertSameAsOrt(catalogModel(row), catalogInputs(row));
    });
  }
  // Variants the catalog rows do not cover.
  const variants: { title: string; className: string; config: Record<string, unknown>; inputs: number[][] }[] = [
    { title: 'Conv2D, same padding, stride 2, bias off', className: 'Conv2D', config: { filters: 2, kernelSize: 3, strides: 2, padding: 'same', useBias: false }, inputs: [[5, 6, 3]] },
    { title: 'Conv2D, dilation 2', className: 'Conv2D', config: { filters: 2, kernelSize: 2, dilationRate: 2 }, inputs: [[6, 6, 2]] },
    { title: 'Conv1D, stride 2, valid', className: 'Conv1D', config: { filters: 4, kernelSize: 3, strides: 2 }, inputs: [[9, 2]] },
    { title: 'DepthwiseConv2D, same padding', className: 'DepthwiseConv2D', config: { kernelSize: 3, padding: 'same', depthMultiplier: 1 }, inputs: [[5, 5, 3]] },
    { title: 'Conv2DTranspose, same padding', className: 'Conv2DTranspose', config: { filters: 3, kernelSize: 3, strides: 2, padding: 'same' }, inputs: [[3, 4, 2]] },
    { title: 'MaxPooling2D, same padding, stride 2', className: 'MaxPooling2D', config: { poolSize: 3, strides: 2, padding: 'same' }, inputs: [[5, 5, 2]] },
    { title: 'GlobalAveragePooling2D, keepdims', className: 'GlobalAveragePooling2D', config: { keepdims: true }, inputs: [[3, 3, 2]] },
    { title: 'BatchNormalization without center/scale', className: 'BatchNormalization', config: { center: false, scale: false }, inputs: [[3, 4]] },
    { title: 'LSTM, last output, relu activation', className: 'LSTM', config: { units: 3, activation: 'relu', recurrentInitializer: 'glorotUniform' }, inputs: [[5, 2]] },
    { title: 'GRU, resetAfter false, sequences', className: 'GRU', config: { units: 3, resetAfter: false, returnSequences: true }, inputs: [[4, 3]] },
    { title: 'SimpleRNN, sequences', className: 'SimpleRNN', config: { units: 2, returnSequences: true }, inputs: [[4, 3]] },
    { title: 'ReLU with negativeSlope', className: 'ReLU', config: { negativeSlope: 0.1 }, inputs: [[4]] },
    { title: 'MultiHeadAttention with a separate key and valueDim', className: 'MultiHeadAttention', config: { numHeads: 3, keyDim: 2, valueDim: 4 }, inputs: [[3, 5], [4, 5], [4, 6]] },
    { title: 'LayerNormalization over two axes', className: 'LayerNormalization', config: { axis: [-2, -1] }, inputs: [[3, 4]] },
    { title: 'Bidirectional LSTM, sequences, concat', className: 'Bidirectional', config: { layer: { className: 'LSTM', config: { units: 3, returnSequences: true } } }, inputs: [[5, 2]] },
    { title: 'Bidirectional GRU, last output, sum', className: 'Bidirectional', config: { layer: { className: 'GRU', config: { units: 2 } }, mergeMode: 'sum' }, inputs: [[4, 3]] },
    { title: 'Bidirectional SimpleRNN, sequences, ave', className: 'Bidirectional', config: { layer: { className: 'SimpleRNN', config: { units: 2, returnSequences: true } }, mergeMode: 'ave' }, inputs: [[4, 3]] },
    { title: 'Bidirectional LSTM, last output, mul', className: 'Bidirectional', config: { layer: { className: 'LSTM', config: { units: 2 } }, mergeMode: 'mul' }, inputs: [[3, 2]] },
    { title: 'TimeDistributed(Dense with relu)', className: 'TimeDistributed', config: { layer: { className: 'Dense', config: { units: 3, activation: 'relu' } } }, inputs: [[4, 2]] },
    { title: 'RNN(GRUCell), sequences', className: 'RNN', config: { cell: { className: 'GRUCell', config: { units: 3 } }, returnSequences: true }, inputs: [[4, 2]] },
    { title: 'Attention, concat scores with scale', className: 'Attention', config: { scoreMode: 'concat', useScale: true }, inputs: [[3, 4], [5, 4], [5, 4]] },
    { title: 'Attention, dot scores with scale and a key', className: 'Attention', config: { useScale: true }, inputs: [[2, 3], [4, 5], [4, 3]] },
    { title: 'Dot of rank-3 inputs, axes [2, 2]', className: 'Dot', config: { axes: [2, 2] }, inputs: [[3, 4], [5, 4]] },
    { title: 'Dot of rank-3 inputs, axes [1, 2], normalized', className: 'Dot', config: { axes: [1, 2], normalize: true }, inputs: [[3, 4], [2, 3]] },
    { title: 'GroupNormalization of images, 2 groups', className: 'GroupNormalization', config: { groups: 2, epsilon: 1e-5 }, inputs: [[3, 3, 4]] },
    { title: 'Resizing down, bilinear', className: 'Resizing', config: { height: 3, width: 2, interpolation: 'bilinear' }, inputs: [[5, 4, 2]] },
    { title: 'Resizing up, nearest', className: 'Resizing', config: { height: 5, width: 7, interpolation: 'nearest' }, inputs: [[3, 3, 2]] },
    { title: 'UpSampling2D, size [2, 3]', className: 'UpSampling2D', config: { size: [2, 3] }, inputs: [[2, 3, 2]] },
    { title: 'Cropping2D, no crop at the end', className: 'Cropping2D', config: { cropping: [[1, 0], [0, 2]] }, inputs: [[4, 5, 1]] },
    { title: 'UnitNormalization over two axes', className: 'UnitNormalization', config: { axis: [1, 2] }, inputs: [[3, 4]] },
    { title: 'Normalization, inverted', className: 'Normalization', config: { mean: [1, 2, 3, 4], variance: [1, 4, 9, 16], invert: true }, inputs: [[4]] },
    { title: 'CenterCrop of an odd margin', className: 'CenterCrop', config: { height: 2, width: 3 }, inputs: [[5, 6, 2]] },
    { title: 'Concatenate on axis 1', className: 'Concatenate', config: { axis: 1 }, inputs: [[2, 3], [4, 3]] },
  ];
  for (const v of variants) {
    it(v.title, async () => {
      const row = { className: v.className, config: v.config, inputs: v.inputs };
      await assertSameAsOrt(catalogModel(row), catalogInputs(row, 7));
    });
  }
  for (const act of fx.onnx.SUPPORTED_ACTIVATIONS) {
    it(`activation '${act}'`, async () => {
      const row = { className: 'Dense', config: { units: 5, activation: act }, inputs: [[4]] };
      await assertSameAsOrt(catalogModel(row), catalogInputs(row, 3));
    });
  }
});

describe('onnx.exportModel: whole models', () => {
  it('a Sequential CNN (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense) written to m.onnx with opset 17', async () => {
    const m = fx.sequential({
      layers: [
        fx.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 2] }),
        fx.layers.batchNormalization(),
        fx.layers.maxPooling2d({ poolSize: 2 }),
        fx.layers.depthwiseConv2d({ kernelSize: 2 }),
        fx.layers.flatten(),
        fx.layers.dropout({ rate: 0.5 }),
        fx.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    // Train one step so that the batch-norm statistics are not the initial ones.
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = fx.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 5);
    await m.fit(x, fx.oneHot(fx.tensor([0, 1, 2, 1], [4], 'int32'), 3), { epochs: 2, verbose: 0 });
    const path = join(dir, 'm.onnx');
    const bytes = fx.onnx.exportModel(m, path, { opset: 17 });
    assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
    await assertSameAsOrt(m, [x], new Uint8Array(readFileSync(path)));
  });

  it('a Functional model with two inputs and two outputs (Add, Concatenate, LayerNormalization)', async () => {
    const a = fx.input({ shape: [4], name: 'ox_a' });
    const b = fx.input({ shape: [3], name: 'ox_b' });
    const ha = fx.layers.dense({ units: 6, activation: 'gelu' }).apply(a) as SymbolicTensor;
    const hb = fx.layers.dense({ units: 6, activation: 'swish' }).apply(b) as SymbolicTensor;
    const sum = fx.layers.add().apply([ha, hb]) as SymbolicTensor;
    const cat = fx.layers.concatenate().apply([sum, ha]) as SymbolicTensor;
    const norm = fx.layers.layerNormalization().apply(cat) as SymbolicTensor;
    const out1 = fx.layers.dense({ units: 2, activation: 'sigmoid' }).apply(norm) as SymbolicTensor;
    const out2 = fx.layers.dense({ units: 1 }).apply(sum) as SymbolicTensor;
    const m = fx.model({ inputs: [a, b], outputs: [out1, out2] });
    await assertSameAsOrt(m, [fx.randomNormal([3, 4], 0, 1, 'float32', 1), fx.randomNormal([3, 3], 0, 1, 'float32', 2)]);
  });

  it('Embedding + LSTM + Dense (int32 token input)', async () => {
    const ids = fx.input({ shape: [7], dtype: 'int32' });
    const h = fx.layers.lstm({ units: 6 }).apply(fx.layers.embedding({ inputDim: 20, outputDim: 5 }).apply(ids) as SymbolicTensor) as SymbolicTensor;
    const m = fx.model({ inputs: ids, outputs: fx.layers.dense({ units: 2 }).apply(h) as SymbolicTensor });
    const tokens = fx.tensor([[1, 4, 19, 0, 2, 2, 7], [3, 3, 3, 3, 3, 3, 3]], [2, 7], 'int32');
    await assertSameAsOrt(m, [tokens]);
  });

  it('a transformer block (MultiHeadAttention self-attention, residual Add, LayerNormalization, Dense)', async () => {
    const x = fx.input({ shape: [5, 8] });
    const att = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([x, x]) as SymbolicTensor;
    const res = fx.layers.layerNormalization().apply(fx.layers.add().apply([x, att]) as SymbolicTensor) as SymbolicTensor;
    const ff = fx.layers.dense({ units: 8, activation: 'relu' }).apply(res) as SymbolicTensor;
    const out = fx.layers.globalAveragePooling1d().apply(fx.layers.add().apply([res, ff]) as SymbolicTensor) as SymbolicTensor;
    await assertSameAsOrt(fx.model({ inputs: x, outputs: out }), [fx.randomNormal([2, 5, 8], 0, 1, 'float32', 9)]);
  });

  it('an adapted Normalization layer (statistics in its weights)', async () => {
    const norm = fx.layers.normalization();
    norm.adapt(fx.tensor([[1, 10], [3, 30], [5, 20]]));
    const x = fx.input({ shape: [2] });
    const m = fx.model({ inputs: x, outputs: norm.apply(x) as SymbolicTensor });
    await assertSameAsOrt(m, [fx.tensor([[2, 15], [0, 0]])]);
  });

  it('a nested Sequential model is inlined (called twice, sharing weights)', async () => {
    const block = fx.sequential({ layers: [fx.layers.dense({ units: 4, activation: 'tanh', inputShape: [4] }), fx.layers.dense({ units: 4 })] });
    const x = fx.input({ shape: [4] });
    const once = block.apply(x) as SymbolicTensor;
    const twice = block.apply(once) as SymbolicTensor;
    const m = fx.model({ inputs: x, outputs: fx.layers.add().apply([once, twice]) as SymbolicTensor });
    await assertSameAsOrt(m, [fx.randomNormal([3, 4], 0, 1, 'float32', 6)]);
  });

  it('opset 13 and 18 (Squeeze/Reduce in their other forms) give the same results', async () => {
    const m = fx.sequential({ layers: [fx.layers.gru({ units: 3, inputShape: [4, 2] }), fx.layers.reshape({ targetShape: [3, 1] }), fx.layers.globalMaxPooling1d()] });
    const x = fx.randomNormal([2, 4, 2], 0, 1, 'float32', 4);
    await assertSameAsOrt(m, [x], fx.onnx.exportModel(m, { opset: 13 }));
    await assertSameAsOrt(m, [x], fx.onnx.exportModel(m, { opset: 18 }));
  });
});

describe('onnx.exportModel: what cannot be exported is refused clearly', () => {
  it('a layer without an ONNX export names the layer and lists the supported ones', () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 4, inputShape: [3] }), fx.layers.masking({ name: 'mk' })] });
    assert.throws(() => fx.onnx.exportModel(m), (e: Error) => {
      assert.ok(e instanceof fx.FluxionError);
      assert.match(e.message, /^onnx\.exportModel: layer "mk" is a Masking, which has no ONNX export\. Supported layers: Activation, Add, .*Dense.*LSTM.*MultiHeadAttention.*\.$/);
      return true;
    });
  });

  it('unsupported options, opsets and models are refused with the reason', () => {
    const lstm = fx.sequential({ layers: [fx.layers.lstm({ units: 2, goBackwards: true, inputShape: [3, 2], name: 'back' })] });
    assert.throws(() => fx.onnx.exportModel(lstm), /^FluxionError: onnx\.exportModel: layer "back" \(LSTM\) cannot be exported: goBackwards is not supported\.$/);
    const ln = fx.sequential({ layers: [fx.layers.layerNormalization({ inputShape: [3], name: 'ln13' })] });
    assert.throws(() => fx.onnx.exportModel(ln, { opset: 13 }), /layer "ln13" \(LayerNormalization\) cannot be exported: LayerNormalization needs opset 17 or later \(requested 13\)/);
    assert.throws(() => fx.onnx.exportModel(ln, { opset: 9 }), /^FluxionError: onnx\.exportModel: opset must be an integer from 13 to 21, but received number 9\.$/);
    const act = fx.sequential({ layers: [fx.layers.dense({ units: 2, activation: 'relu6', inputShape: [3] })] });
    assert.doesNotThrow(() => fx.onnx.exportModel(act));
    const q = fx.input({ shape: [3, 4] });
    const causal = fx.layers.attention({ name: 'causal' }).apply([q, q], { useCausalMask: true } as never) as SymbolicTensor;
    assert.throws(
      () => fx.onnx.exportModel(fx.model({ inputs: q, outputs: causal })),
      /^FluxionError: onnx\.exportModel: layer "causal" was called with useCausalMask = true, which the export does not reproduce; call it without them to export the model\.$/,
    );
    const lazy = fx.sequential({ layers: [fx.layers.dense({ units: 2 })] });
    assert.throws(() => fx.onnx.exportModel(lazy), /has no graph \(a subclassed model, or a Sequential model without an input shape\)/);
  });
});
