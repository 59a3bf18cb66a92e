/**
 * One small model per registered layer class, for the save/load round-trip tests: the layer made
 * from a config by the registry, applied to fx.input()s of the given shapes. The meta-test in
 * tfjs-roundtrip.test.ts fails when a registered class has no row here.
 */
import * as fx from '../../src/index.js';
import type { SymbolicTensor } from '../../src/layers/symbolic.js';

export interface CatalogRow {
  className: string;
  config: Record<string, unknown>;
  /** Input shapes without the batch axis (several for merge layers). */
  inputs: number[][];
  /** Input dtype (int32 for Embedding); default float32. */
  dtype?: 'float32' | 'int32';
  /** Largest integer value of an int32 input. */
  maxInt?: number;
}

/**
 * Model classes, input layers and RNN cells are covered by the model and RNN rows. Lambda holds code: no file
 * format carries it (test/io/tfjs-safety.test.ts and test/saving cover how loading refuses it).
 */
export const NOT_LAYER_ROWS = ['Functional', 'Sequential', 'InputLayer', 'SimpleRNNCell', 'LSTMCell', 'GRUCell', 'Lambda'];

const rnnInit = { recurrentInitializer: 'glorotUniform' };

export const CATALOG: CatalogRow[] = [
  { className: 'Dense', config: { units: 3, activation: 'relu' }, inputs: [[4]] },
  { className: 'Activation', config: { activation: 'tanh' }, inputs: [[4]] },
  { className: 'Dropout', config: { rate: 0.3 }, inputs: [[4]] },
  { className: 'Flatten', config: {}, inputs: [[3, 2]] },
  { className: 'Reshape', config: { targetShape: [2, 3] }, inputs: [[6]] },
  { className: 'Conv1D', config: { filters: 3, kernelSize: 2, padding: 'same', activation: 'relu' }, inputs: [[5, 2]] },
  { className: 'Conv2D', config: { filters: 3, kernelSize: [2, 2], strides: 1, padding: 'valid' }, inputs: [[5, 5, 2]] },
  { className: 'Conv3D', config: { filters: 2, kernelSize: 2 }, inputs: [[3, 3, 3, 2]] },
  { className: 'Conv2DTranspose', config: { filters: 2, kernelSize: 2, strides: 2 }, inputs: [[3, 3, 2]] },
  { className: 'DepthwiseConv2D', config: { kernelSize: 2, depthMultiplier: 2 }, inputs: [[4, 4, 2]] },
  { className: 'SeparableConv2D', config: { filters: 3, kernelSize: 2 }, inputs: [[4, 4, 2]] },
  { className: 'MaxPooling1D', config: { poolSize: 2 }, inputs: [[4, 3]] },
  { className: 'MaxPooling2D', config: { poolSize: [2, 2] }, inputs: [[4, 4, 2]] },
  { className: 'AveragePooling1D', config: { poolSize: 2 }, inputs: [[4, 3]] },
  { className: 'AveragePooling2D', config: { poolSize: 2, padding: 'same' }, inputs: [[5, 5, 2]] },
  { className: 'GlobalAveragePooling1D', config: {}, inputs: [[4, 3]] },
  { className: 'GlobalAveragePooling2D', config: {}, inputs: [[4, 4, 2]] },
  { className: 'GlobalMaxPooling1D', config: {}, inputs: [[4, 3]] },
  { className: 'GlobalMaxPooling2D', config: {}, inputs: [[4, 4, 2]] },
  { className: 'Embedding', config: { inputDim: 7, outputDim: 3 }, inputs: [[4]], dtype: 'int32', maxInt: 6 },
  { className: 'SimpleRNN', config: { units: 3, ...rnnInit }, inputs: [[4, 2]] },
  { className: 'LSTM', config: { units: 3, returnSequences: true, ...rnnInit }, inputs: [[4, 2]] },
  { className: 'GRU', config: { units: 3, ...rnnInit }, inputs: [[4, 2]] },
  { className: 'RNN', config: { cell: { className: 'LSTMCell', config: { units: 2, ...rnnInit } } }, inputs: [[4, 2]] },
  { className: 'Bidirectional', config: { layer: { className: 'LSTM', config: { units: 2, ...rnnInit } }, mergeMode: 'concat' }, inputs: [[4, 2]] },
  { className: 'TimeDistributed', config: { layer: { className: 'Dense', config: { units: 2 } } }, inputs: [[3, 4]] },
  { className: 'Add', config: {}, inputs: [[3], [3]] },
  { className: 'Subtract', config: {}, inputs: [[3], [3]] },
  { className: 'Multiply', config: {}, inputs: [[3], [3]] },
  { className: 'Average', config: {}, inputs: [[3], [3]] },
  { className: 'Maximum', config: {}, inputs: [[3], [3]] },
  { className: 'Minimum', config: {}, inputs: [[3], [3]] },
  { className: 'Concatenate', config: { axis: -1 }, inputs: [[3], [2]] },
  { className: 'Dot', config: { axes: 1 }, inputs: [[3], [3]] },
  { className: 'Attention', config: {}, inputs: [[3, 4], [2, 4]] },
  { className: 'MultiHeadAttention', config: { numHeads: 2, keyDim: 2 }, inputs: [[3, 4], [3, 4]] },
  { className: 'BatchNormalization', config: { epsilon: 0.01 }, inputs: [[4]] },
  { className: 'LayerNormalization', config: {}, inputs: [[3, 4]] },
  { className: 'GroupNormalization', config: { groups: 2 }, inputs: [[3, 4]] },
  { className: 'UnitNormalization', config: {}, inputs: [[4]] },
  { className: 'SpatialDropout1D', config: { rate: 0.2 }, inputs: [[3, 4]] },
  { className: 'SpatialDropout2D', config: { rate: 0.2 }, inputs: [[3, 3, 2]] },
  { className: 'GaussianNoise', config: { stddev: 0.1 }, inputs: [[4]] },
  { className: 'GaussianDropout', config: { rate: 0.1 }, inputs: [[4]] },
  { className: 'AlphaDropout', config: { rate: 0.1 }, inputs: [[4]] },
  { className: 'Rescaling', config: { scale: 0.5, offset: 1 }, inputs: [[4]] },
  { className: 'Normalization', config: { mean: [1, 2, 3, 4], variance: [1, 4, 9, 16] }, inputs: [[4]] },
  { className: 'CenterCrop', config: { height: 2, width: 2 }, inputs: [[4, 4, 1]] },
  { className: 'Resizing', config: { height: 4, width: 4, interpolation: 'bilinear' }, inputs: [[2, 2, 1]] },
  { className: 'Permute', config: { dims: [2, 1] }, inputs: [[3, 4]] },
  { className: 'RepeatVector', config: { n: 3 }, inputs: [[4]] },
  { className: 'Masking', config: { maskValue: 0 }, inputs: [[3, 4]] },
  { className: 'UpSampling1D', config: { size: 2 }, inputs: [[3, 2]] },
  { className: 'UpSampling2D', config: { size: [2, 2] }, inputs: [[2, 2, 1]] },
  { className: 'ZeroPadding1D', config: { padding: 1 }, inputs: [[3, 2]] },
  { className: 'ZeroPadding2D', config: { padding: 1 }, inputs: [[2, 2, 1]] },
  { className: 'Cropping1D', config: { cropping: [1, 1] }, inputs: [[4, 2]] },
  { className: 'Cropping2D', config: { cropping: [[1, 1], [1, 0]] }, inputs: [[4, 4, 1]] },
  { className: 'ReLU', config: { maxValue: 2 }, inputs: [[4]] },
  { className: 'LeakyReLU', config: { negativeSlope: 0.2 }, inputs: [[4]] },
  { className: 'PReLU', config: {}, inputs: [[4]] },
  { className: 'ELU', config: { alpha: 0.5 }, inputs: [[4]] },
  { className: 'Softmax', config: { axis: -1 }, inputs: [[4]] },
];

/** A Functional model of the row's layer (named after the class, so names are stable). */
export function catalogModel(row: CatalogRow): fx.Model {
  const tag = row.className.toLowerCase();
  const inputs = row.inputs.map((shape, i) => fx.input({ shape, name: `${tag}_in${i}`, dtype: row.dtype ?? 'float32' }));
  const layer = fx.layers.deserializeLayer({ className: row.className, config: { ...row.config, name: `${tag}_layer` } });
  const out = layer.apply(inputs.length === 1 ? (inputs[0] as SymbolicTensor) : inputs);
  return fx.model({ inputs: inputs.length === 1 ? (inputs[0] as SymbolicTensor) : inputs, outputs: out, name: `${tag}_model` });
}

/** Deterministic inputs for the row (batch of 2). */
export function catalogInputs(row: CatalogRow, seed = 1): fx.Tensor[] {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return row.inputs.map((shape) => {
    const size = 2 * shape.reduce((a, b) => a * b, 1);
    if (row.dtype === 'int32') return fx.tensor(Array.from({ length: size }, () => Math.floor(next() * ((row.maxInt ?? 1) + 1))), [2, ...shape], 'int32');
    return fx.tensor(Array.from({ length: size }, () => next() * 2 - 1), [2, ...shape]);
  });
}
