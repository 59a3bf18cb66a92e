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

// ---- Normalization, noise, preprocessing, reshaping and activation layers (keras-lnorm)
import {
  BatchNormalization, GroupNormalization, LayerNormalization, UnitNormalization,
  type BatchNormalizationArgs, type GroupNormalizationArgs, type LayerNormalizationArgs, type UnitNormalizationArgs,
} from './normalization.js';
import {
  AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D,
  type AlphaDropoutArgs, type GaussianDropoutArgs, type GaussianNoiseArgs, type SpatialDropout2DArgs, type SpatialDropoutArgs,
} from './noise.js';
import {
  CenterCrop, Normalization, Rescaling, Resizing, type CenterCropArgs, type NormalizationArgs, type RescalingArgs, type ResizingArgs,
} from './preprocessing.js';
import {
  Cropping1D, Cropping2D, Masking, Permute, RepeatVector, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D,
  type Cropping1DArgs, type Cropping2DArgs, type MaskingArgs, type PermuteArgs, type RepeatVectorArgs, type UpSampling1DArgs,
  type UpSampling2DArgs, type ZeroPadding1DArgs, type ZeroPadding2DArgs,
} from './reshaping.js';
import { ELU, LeakyReLU, PReLU, ReLU, Softmax, type ELUArgs, type LeakyReLUArgs, type PReLUArgs, type ReLUArgs, type SoftmaxArgs } from './advanced-activations.js';

export {
  BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization,
  SpatialDropout1D, SpatialDropout2D, GaussianNoise, GaussianDropout, AlphaDropout,
  Rescaling, Normalization, CenterCrop, Resizing,
  Permute, RepeatVector, Masking, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D, Cropping1D, Cropping2D,
  ReLU, LeakyReLU, PReLU, ELU, Softmax,
};
export const batchNormalization = (args?: BatchNormalizationArgs): BatchNormalization => new BatchNormalization(args);
export const layerNormalization = (args?: LayerNormalizationArgs): LayerNormalization => new LayerNormalization(args);
export const groupNormalization = (args?: GroupNormalizationArgs): GroupNormalization => new GroupNormalization(args);
export const unitNormalization = (args?: UnitNormalizationArgs): UnitNormalization => new UnitNormalization(args);
export const spatialDropout1d = (args: SpatialDropoutArgs): SpatialDropout1D => new SpatialDropout1D(args);
export const spatialDropout2d = (args: SpatialDropout2DArgs): SpatialDropout2D => new SpatialDropout2D(args);
export const gaussianNoise = (args: GaussianNoiseArgs): GaussianNoise => new GaussianNoise(args);
export const gaussianDropout = (args: GaussianDropoutArgs): GaussianDropout => new GaussianDropout(args);
export const alphaDropout = (args: AlphaDropoutArgs): AlphaDropout => new AlphaDropout(args);
export const rescaling = (args: RescalingArgs): Rescaling => new Rescaling(args);
export const normalization = (args?: NormalizationArgs): Normalization => new Normalization(args);
export const centerCrop = (args: CenterCropArgs): CenterCrop => new CenterCrop(args);
export const resizing = (args: ResizingArgs): Resizing => new Resizing(args);
export const permute = (args: PermuteArgs): Permute => new Permute(args);
export const repeatVector = (args: RepeatVectorArgs): RepeatVector => new RepeatVector(args);
export const masking = (args?: MaskingArgs): Masking => new Masking(args);
export const upSampling1d = (args?: UpSampling1DArgs): UpSampling1D => new UpSampling1D(args);
export const upSampling2d = (args?: UpSampling2DArgs): UpSampling2D => new UpSampling2D(args);
export const zeroPadding1d = (args?: ZeroPadding1DArgs): ZeroPadding1D => new ZeroPadding1D(args);
export const zeroPadding2d = (args?: ZeroPadding2DArgs): ZeroPadding2D => new ZeroPadding2D(args);
export const cropping1d = (args?: Cropping1DArgs): Cropping1D => new Cropping1D(args);
export const cropping2d = (args?: Cropping2DArgs): Cropping2D => new Cropping2D(args);
export const reLU = (args?: ReLUArgs): ReLU => new ReLU(args);
export const leakyReLU = (args?: LeakyReLUArgs): LeakyReLU => new LeakyReLU(args);
export const prelu = (args?: PReLUArgs): PReLU => new PReLU(args);
export const elu = (args?: ELUArgs): ELU => new ELU(args);
export const softmax = (args?: SoftmaxArgs): Softmax => new Softmax(args);
/** TensorFlow.js's spelling of cropping2d. */
export const cropping2D = cropping2d;
export type {
  BatchNormalizationArgs, LayerNormalizationArgs, GroupNormalizationArgs, UnitNormalizationArgs,
  SpatialDropoutArgs, SpatialDropout2DArgs, GaussianNoiseArgs, GaussianDropoutArgs, AlphaDropoutArgs,
  RescalingArgs, NormalizationArgs, CenterCropArgs, ResizingArgs,
  PermuteArgs, RepeatVectorArgs, MaskingArgs, UpSampling1DArgs, UpSampling2DArgs, ZeroPadding1DArgs, ZeroPadding2DArgs, Cropping1DArgs, Cropping2DArgs,
  ReLUArgs, LeakyReLUArgs, PReLUArgs, ELUArgs, SoftmaxArgs,
};
