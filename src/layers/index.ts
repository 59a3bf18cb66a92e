/**
 * fx.layers: TensorFlow.js-style factories (fx.layers.dense({units: 10})) and the layer classes
 * (fx.layers.Dense) for subclassing and instanceof checks.
 */
import { Activation, Dense, Dropout, Flatten, Reshape, type ActivationArgs, type DenseArgs, type DropoutArgs, type ReshapeArgs } from './core.js';
import { Conv1D, Conv2D, type ConvArgs } from './convolutional.js';
import type { LayerArgs } from './layer.js';
import {
  AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  MaxPooling1D, MaxPooling2D, type GlobalPoolingArgs, type PoolingArgs,
} from './pooling.js';

export { Layer, type CallArgs, type InputSpec, type LayerArgs, type LayerInputs } from './layer.js';
export { InputLayer, type InputArgs } from './input-layer.js';
export { SymbolicTensor } from './symbolic.js';
export { registerLayer, deserializeLayer, serializeLayer, registeredLayerClasses } from './registry.js';
export { Activation, Dense, Dropout, Flatten, Reshape };

export const dense = (args: DenseArgs): Dense => new Dense(args);
export const activation = (args: ActivationArgs): Activation => new Activation(args);
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args);
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);

export { Conv1D, Conv2D, MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D };
export const conv1d = (args: ConvArgs): Conv1D => new Conv1D(args);
export const conv2d = (args: ConvArgs): Conv2D => new Conv2D(args);
export const maxPooling1d = (args?: PoolingArgs): MaxPooling1D => new MaxPooling1D(args);
export const maxPooling2d = (args?: PoolingArgs): MaxPooling2D => new MaxPooling2D(args);
export const averagePooling1d = (args?: PoolingArgs): AveragePooling1D => new AveragePooling1D(args);
export const averagePooling2d = (args?: PoolingArgs): AveragePooling2D => new AveragePooling2D(args);
export const globalAveragePooling1d = (args?: GlobalPoolingArgs): GlobalAveragePooling1D => new GlobalAveragePooling1D(args);
export const globalAveragePooling2d = (args?: GlobalPoolingArgs): GlobalAveragePooling2D => new GlobalAveragePooling2D(args);
export const globalMaxPooling1d = (args?: GlobalPoolingArgs): GlobalMaxPooling1D => new GlobalMaxPooling1D(args);
export const globalMaxPooling2d = (args?: GlobalPoolingArgs): GlobalMaxPooling2D => new GlobalMaxPooling2D(args);
/** TensorFlow.js's short aliases. */
export const maxPool2d = maxPooling2d;
export const avgPool2d = averagePooling2d;
export const globalAvgPool2d = globalAveragePooling2d;
export const globalMaxPool2d = globalMaxPooling2d;

// ---- Embedding and recurrent layers (Embedding, SimpleRNN, LSTM, GRU, their cells, RNN, Bidirectional, TimeDistributed)
import { Embedding, type EmbeddingArgs } from './embedding.js';
import {
  GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, SimpleRNN, SimpleRNNCell,
  type GRUArgs, type GRUCellArgs, type LSTMArgs, type LSTMCellArgs, type RNNArgs, type RNNCellArgs, type SimpleRNNArgs,
} from './recurrent.js';
import { Bidirectional, TimeDistributed, type BidirectionalArgs, type TimeDistributedArgs } from './wrappers.js';

export { Embedding, RNN, RNNCell, SimpleRNN, SimpleRNNCell, LSTM, LSTMCell, GRU, GRUCell, Bidirectional, TimeDistributed };
export type { RNNCallArgs } from './recurrent.js';
export type { MergeMode } from './wrappers.js';
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args);
export const rnn = (args: RNNArgs): RNN => new RNN(args);
export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args);
export const simpleRNNCell = (args: RNNCellArgs): SimpleRNNCell => new SimpleRNNCell(args);
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args);
export const lstmCell = (args: LSTMCellArgs): LSTMCell => new LSTMCell(args);
export const gru = (args: GRUArgs): GRU => new GRU(args);
export const gruCell = (args: GRUCellArgs): GRUCell => new GRUCell(args);
export const bidirectional = (args: BidirectionalArgs): Bidirectional => new Bidirectional(args);
export const timeDistributed = (args: TimeDistributedArgs): TimeDistributed => new TimeDistributed(args);

// ---- merging, attention and the remaining convolution layers (keras-lattn)
export { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, Merge, type ConcatenateArgs, type DotArgs } from './merging.js';
export { Attention, MultiHeadAttention, type AttentionArgs, type MultiHeadAttentionArgs } from './attention.js';
export { Conv3D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, type Conv2DTransposeArgs, type DepthwiseConv2DArgs, type SeparableConv2DArgs } from './convolutional.js';
import { Add as AddL, Subtract as SubtractL, Multiply as MultiplyL, Average as AverageL, Maximum as MaximumL, Minimum as MinimumL, Concatenate as ConcatenateL, Dot as DotL, type ConcatenateArgs as ConcatArgsL, type DotArgs as DotArgsL } from './merging.js';
import { Attention as AttentionL, MultiHeadAttention as MultiHeadAttentionL, type AttentionArgs as AttentionArgsL, type MultiHeadAttentionArgs as MhaArgsL } from './attention.js';
import { Conv3D as Conv3DL, Conv2DTranspose as Conv2DTransposeL, DepthwiseConv2D as DepthwiseConv2DL, SeparableConv2D as SeparableConv2DL, type Conv2DTransposeArgs as Conv2DTArgsL, type DepthwiseConv2DArgs as DwArgsL, type SeparableConv2DArgs as SepArgsL } from './convolutional.js';
export const add = (args: LayerArgs = {}): AddL => new AddL(args);
export const subtract = (args: LayerArgs = {}): SubtractL => new SubtractL(args);
export const multiply = (args: LayerArgs = {}): MultiplyL => new MultiplyL(args);
export const average = (args: LayerArgs = {}): AverageL => new AverageL(args);
export const maximum = (args: LayerArgs = {}): MaximumL => new MaximumL(args);
export const minimum = (args: LayerArgs = {}): MinimumL => new MinimumL(args);
export const concatenate = (args: ConcatArgsL = {}): ConcatenateL => new ConcatenateL(args);
export const dot = (args: DotArgsL): DotL => new DotL(args);
export const attention = (args: AttentionArgsL = {}): AttentionL => new AttentionL(args);
export const multiHeadAttention = (args: MhaArgsL): MultiHeadAttentionL => new MultiHeadAttentionL(args);
export const conv3d = (args: ConvArgs): Conv3DL => new Conv3DL(args);
export const conv2dTranspose = (args: Conv2DTArgsL): Conv2DTransposeL => new Conv2DTransposeL(args);
export const depthwiseConv2d = (args: DwArgsL): DepthwiseConv2DL => new DepthwiseConv2DL(args);
export const separableConv2d = (args: SepArgsL): SeparableConv2DL => new SeparableConv2DL(args);
