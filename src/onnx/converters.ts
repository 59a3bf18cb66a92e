/**
 * The table of layer converters, one per exportable layer class (./convert/*): each reads the
 * layer's config and weights and emits ONNX nodes.
 */
import type { Layer } from '../layers/layer.js';
import { eluLayer, leakyReluLayer, preluLayer, reluLayer, softmaxLayer } from './convert/activations.js';
import { fail, type Converter } from './convert/common.js';
import {
  activationLayer, batchNormalization, centerCrop, concatenate, conv, conv2dTranspose, cropping, dense, depthwiseConv2d, dot, embedding, flatten, globalPool,
  groupNormalization, identity, layerNormalization, multiply, normalization, permute, pool, repeatVector, rescaling, reshape, resizing, separableConv2d, subtract, unitNormalization,
  upSampling, variadic, zeroPadding,
} from './convert/layers.js';
import { attention, bidirectional, multiHeadAttention, recurrent } from './convert/sequence.js';

export type { ConvertContext, Converter } from './convert/common.js';
export { activation, SUPPORTED_ACTIVATIONS } from './convert/activations.js';

const PER_STEP = ['Dense', 'Activation', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ReLU', 'LeakyReLU', 'ELU', 'Rescaling'];

const timeDistributed: Converter = (ctx) => {
  const inner = ctx.layer.sublayers()[0] as Layer;
  const cls = inner.getClassName();
  const converter = CONVERTERS[cls];
  if (!PER_STEP.includes(cls) || converter === undefined) fail(ctx, `it wraps a ${cls}; TimeDistributed is exported for ${PER_STEP.join(', ')}`);
  return converter({ ...ctx, layer: inner, config: inner.getConfig() });
};


export const CONVERTERS: Record<string, Converter> = {
  Dense: dense,
  Activation: activationLayer,
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  Rescaling: rescaling,
  Conv1D: conv,
  Conv2D: conv,
  Conv3D: conv,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  MaxPooling1D: pool('MaxPool'),
  MaxPooling2D: pool('MaxPool'),
  AveragePooling1D: pool('AveragePool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling1D: globalPool('ReduceMean'),
  GlobalAveragePooling2D: globalPool('ReduceMean'),
  GlobalMaxPooling1D: globalPool('ReduceMax'),
  GlobalMaxPooling2D: globalPool('ReduceMax'),
  ZeroPadding1D: zeroPadding,
  ZeroPadding2D: zeroPadding,
  Cropping1D: cropping,
  Cropping2D: cropping,
  RepeatVector: repeatVector,
  UpSampling1D: upSampling,
  UpSampling2D: upSampling,
  CenterCrop: centerCrop,
  Resizing: resizing,
  UnitNormalization: unitNormalization,
  Normalization: normalization,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  GroupNormalization: groupNormalization,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  ELU: eluLayer,
  Softmax: softmaxLayer,
  PReLU: preluLayer,
  Add: variadic('Sum'),
  Subtract: subtract,
  Multiply: multiply,
  Average: variadic('Mean'),
  Maximum: variadic('Max'),
  Minimum: variadic('Min'),
  Concatenate: concatenate,
  Dot: dot,
  Attention: attention,
  Embedding: embedding,
  MultiHeadAttention: multiHeadAttention,
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  SimpleRNN: recurrent('RNN'),
  RNN: recurrent(null),
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
};

