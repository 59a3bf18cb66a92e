import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

const img = (): fx.Tensor => fx.ones([1, 8, 8, 3]);
const k3 = (): fx.Tensor => fx.ones([3, 3, 3, 16]);

/** Rows of the conv family. */
export const cases: ErrorCase[] = [
  {
    name: 'conv2d of a rank-2 x suggests adding the channel axis',
    fn: () => fx.conv2d(fx.ones([28, 28]), fx.ones([3, 3, 1, 8]), 1, 'same'),
    message:
      'conv2d: x must be rank 4 (NHWC: [batch, height, width, channels]) or rank 3 (a single example: [height, width, channels]), ' +
      'but has rank 2 (shape [28,28]). If x has a single channel, add it with expandDims(x, -1).',
  },
  {
    name: 'conv2d of a rank-5 x points to conv3d',
    fn: () => fx.conv2d(fx.ones([1, 2, 8, 8, 3]), k3(), 1, 'same'),
    message:
      'conv2d: x must be rank 4 (NHWC: [batch, height, width, channels]) or rank 3 (a single example: [height, width, channels]), ' +
      'but has rank 5 (shape [1,2,8,8,3]). For volumes use conv3d.',
  },
  {
    name: 'conv2d with a rank-3 filter',
    fn: () => fx.conv2d(img(), fx.ones([3, 3, 8]), 1, 'same'),
    message: 'conv2d: filter must be rank 4 ([filterHeight, filterWidth, inChannels, outChannels]), but has rank 3 (shape [3,3,8]).',
  },
  {
    name: 'conv2d channel mismatch names both shapes and dimensions',
    fn: () => fx.conv2d(img(), fx.ones([3, 3, 4, 16]), 1, 'same'),
    message:
      'conv2d: x has 3 channels (x.shape[3], x shape [1,8,8,3]) but filter expects 4 input channels ' +
      '(filter.shape[2], filter shape [3,3,4,16]); they must be equal.',
  },
  {
    name: 'conv2d channel mismatch on channels-first data suggests NCHW',
    fn: () => fx.conv2d(fx.ones([1, 3, 8, 8]), k3(), 1, 'same'),
    message:
      'conv2d: x has 8 channels (x.shape[3], x shape [1,3,8,8]) but filter expects 3 input channels ' +
      "(filter.shape[2], filter shape [3,3,3,16]); they must be equal. If x is laid out NCHW, pass dataFormat 'NCHW'.",
  },
  {
    name: 'conv2d with an upper-case pad mode',
    fn: () => fx.conv2d(img(), k3(), 1, 'SAME' as 'same'),
    message:
      "conv2d: pad must be 'valid', 'same', a non-negative integer or explicit padding [[0,0],[top,bottom],[left,right],[0,0]] (NHWC), " +
      'but received "SAME". Pad modes are lower case: use \'same\'.',
  },
  {
    name: 'conv2d with an unknown pad mode',
    fn: () => fx.conv2d(img(), k3(), 1, 'full' as 'same'),
    message:
      "conv2d: pad must be 'valid', 'same', a non-negative integer or explicit padding [[0,0],[top,bottom],[left,right],[0,0]] (NHWC), " +
      'but received "full".',
  },
  {
    name: 'conv2d with a fractional numeric pad',
    fn: () => fx.conv2d(img(), k3(), 1, 1.5),
    message: 'conv2d: a numeric pad must be a non-negative integer (zeros on every side), but received 1.5.',
  },
  {
    name: 'conv2d explicit pad with too few entries',
    fn: () => fx.conv2d(img(), k3(), 1, [[1, 1], [2, 2]] as unknown as 'same'),
    message:
      'conv2d: explicit pad must give a [before, after] pair of non-negative integers for each of the 4 dimensions of x ' +
      '(NHWC: [[0,0],[top,bottom],[left,right],[0,0]]), but received [[1,1],[2,2]].',
  },
  {
    name: 'conv2d explicit pad of the batch dimension',
    fn: () => fx.conv2d(img(), k3(), 1, [[1, 1], [1, 1], [1, 1], [0, 0]]),
    message:
      'conv2d: explicit pad cannot pad the batch dimension (entry 0 must be [0,0]), but received [[1,1],[1,1],[1,1],[0,0]]. ' +
      'Expected [[0,0],[top,bottom],[left,right],[0,0]] (NHWC).',
  },
  {
    name: 'conv2d with strides and dilations both greater than 1',
    fn: () => fx.conv2d(img(), k3(), 2, 'same', 'NHWC', 2),
    message:
      'conv2d: strides [2,2] and dilations [2,2] cannot both be greater than 1 (TensorFlow does not support dilated convolution ' +
      'with strides). Use strides 1 with dilations > 1, or dilations 1 with strides > 1.',
  },
  {
    name: 'conv2d with a zero stride',
    fn: () => fx.conv2d(img(), k3(), [2, 0], 'same'),
    message: 'conv2d: strides must be a positive integer or an array of 2 positive integers [strideHeight, strideWidth], but received [2,0].',
  },
  {
    name: 'conv2d with a lower-case dataFormat',
    fn: () => fx.conv2d(img(), k3(), 1, 'same', 'nchw' as 'NCHW'),
    message: "conv2d: dataFormat must be 'NHWC' or 'NCHW', but received \"nchw\". Data formats are upper case: use 'NCHW'.",
  },
  {
    name: 'conv2d dimRoundingMode with a pad mode',
    fn: () => fx.conv2d(img(), k3(), 2, 'same', 'NHWC', 1, 'ceil'),
    message:
      "conv2d: dimRoundingMode 'ceil' only applies to a numeric or explicit pad, but pad is 'same'. " +
      'Leave dimRoundingMode out, or give pad as a number of zeros.',
  },
  {
    name: 'conv2d with an unknown dimRoundingMode',
    fn: () => fx.conv2d(img(), k3(), 2, 0, 'NHWC', 1, 'up' as 'ceil'),
    message: "conv2d: dimRoundingMode must be 'floor', 'round' or 'ceil' (or left out), but received \"up\".",
  },
  {
    name: 'conv2d dilated filter larger than the input',
    fn: () => fx.conv2d(fx.ones([1, 3, 3, 1]), fx.ones([3, 3, 1, 1]), 1, 'valid', 'NHWC', 2),
    message:
      'conv2d: the output height would be negative (-1): the effective filter height 5 (filter 3, dilation 2) is larger than ' +
      "the padded input height 3 (x shape [1,3,3,1], padding 0+0). Use pad 'same', a smaller filter or dilation, or a larger input.",
  },
  {
    name: 'conv2d of a string x',
    fn: () => fx.conv2d('abc' as unknown as fx.Tensor, fx.ones([1, 1, 1, 1]), 1, 'valid'),
    message: "conv2d: argument 'x' must be a Tensor, a number, a boolean, a typed array or a nested array, but received the string \"abc\".",
  },
  {
    name: 'conv1d of an image points to conv2d',
    fn: () => fx.conv1d(fx.ones([1, 2, 8, 3]), fx.ones([3, 3, 4]), 1, 'same'),
    message:
      'conv1d: x must be rank 3 (NWC: [batch, width, channels]) or rank 2 (a single example: [width, channels]), ' +
      'but has rank 4 (shape [1,2,8,3]). For images use conv2d.',
  },
  {
    name: 'conv1d channel mismatch',
    fn: () => fx.conv1d(fx.ones([1, 8, 3]), fx.ones([3, 2, 4]), 1, 'same'),
    message:
      'conv1d: x has 3 channels (x.shape[2], x shape [1,8,3]) but filter expects 2 input channels ' +
      '(filter.shape[1], filter shape [3,2,4]); they must be equal.',
  },
  {
    name: 'conv1d 4-entry explicit pad that pads the height view',
    fn: () => fx.conv1d(fx.ones([1, 8, 3]), fx.ones([3, 3, 4]), 1, [[0, 0], [1, 1], [1, 1], [0, 0]]),
    message:
      "conv1d: a 4-entry explicit pad is TensorFlow.js's form [[0,0],[0,0],[left,right],[0,0]] (padding the [batch, 1, width, " +
      'channels] view), whose entry 1 must be [0,0], but received [[0,0],[1,1],[1,1],[0,0]]. Or use [[0,0],[left,right],[0,0]].',
  },
  {
    name: 'conv1d with stride and dilation both greater than 1',
    fn: () => fx.conv1d(fx.ones([1, 8, 3]), fx.ones([3, 3, 4]), 2, 'same', 'NWC', 2),
    message:
      'conv1d: stride 2 and dilation 2 cannot both be greater than 1 (TensorFlow does not support dilated convolution ' +
      'with strides). Use stride 1 with dilation > 1, or dilation 1 with stride > 1.',
  },
  {
    name: 'conv2dTranspose outputShape that does not map back to x suggests one that does',
    fn: () => fx.conv2dTranspose(fx.ones([1, 4, 4, 16]), k3(), [1, 8, 8, 3], 2, 'valid'),
    message:
      "conv2dTranspose: outputShape [1,8,8,3] does not fit x (shape [1,4,4,16]): a conv2d over spatial size [8,8] with strides [2,2] and pad 'valid' " +
      "gives [3,3], not x's [4,4]. Use an outputShape that maps back to x, e.g. [1,9,9,3].",
  },
  {
    name: 'conv2dTranspose outputShape with the wrong channel count',
    fn: () => fx.conv2dTranspose(fx.ones([1, 4, 4, 16]), k3(), [1, 8, 8, 4], 2, 'same'),
    message: 'conv2dTranspose: outputShape [1,8,8,4] has 4 channels, but the filter produces 3 (filter.shape[2], filter shape [3,3,3,16]).',
  },
  {
    name: 'conv2dTranspose outputShape of the wrong rank',
    fn: () => fx.conv2dTranspose(fx.ones([1, 4, 4, 16]), k3(), [8, 8, 3], 2, 'same'),
    message:
      'conv2dTranspose: outputShape must be an array of 4 non-negative integers [batch, height, width, channels] ' +
      '(the rank of x, shape [1,4,4,16]), but received [8,8,3].',
  },
  {
    name: 'conv2dTranspose x channels must match the filter last dimension',
    fn: () => fx.conv2dTranspose(fx.ones([1, 4, 4, 8]), k3(), [1, 8, 8, 3], 2, 'same'),
    message:
      'conv2dTranspose: x has 8 channels (x.shape[3], x shape [1,4,4,8]) but filter expects 16 input channels ' +
      '(filter.shape[3], filter shape [3,3,3,16]); they must be equal.',
  },
  {
    name: 'depthwiseConv2d channel mismatch',
    fn: () => fx.depthwiseConv2d(img(), fx.ones([3, 3, 4, 2]), 1, 'same'),
    message:
      'depthwiseConv2d: x has 3 channels (x.shape[3], x shape [1,8,8,3]) but filter expects 4 input channels ' +
      '(filter.shape[2], filter shape [3,3,4,2]); they must be equal.',
  },
  {
    name: 'depthwiseConv2d with a rank-3 filter',
    fn: () => fx.depthwiseConv2d(img(), fx.ones([3, 3, 3]), 1, 'same'),
    message: 'depthwiseConv2d: filter must be rank 4 ([filterHeight, filterWidth, inChannels, channelMultiplier]), but has rank 3 (shape [3,3,3]).',
  },
  {
    name: 'separableConv2d pointwise filter of the wrong shape',
    fn: () => fx.separableConv2d(img(), fx.ones([3, 3, 3, 2]), fx.ones([1, 1, 3, 4]), 1, 'same'),
    message:
      'separableConv2d: pointwiseFilter must have shape [1,1,6,outChannels] (inChannels 3 × channelMultiplier 2 of ' +
      'depthwiseFilter shape [3,3,3,2]), but has shape [1,1,3,4].',
  },
  {
    name: 'separableConv2d with a numeric pad',
    fn: () => fx.separableConv2d(img(), fx.ones([3, 3, 3, 2]), fx.ones([1, 1, 6, 4]), 1, 1 as unknown as 'same'),
    message: "separableConv2d: pad must be 'valid' or 'same', but received 1.",
  },
  {
    name: 'conv3d with a rank-4 filter',
    fn: () => fx.conv3d(fx.ones([1, 4, 8, 8, 3]), fx.ones([3, 3, 3, 4]), 1, 'same'),
    message: 'conv3d: filter must be rank 5 ([filterDepth, filterHeight, filterWidth, inChannels, outChannels]), but has rank 4 (shape [3,3,3,4]).',
  },
  {
    name: 'conv3d with two strides',
    fn: () => fx.conv3d(fx.ones([1, 4, 8, 8, 3]), fx.ones([3, 3, 3, 3, 4]), [1, 1] as unknown as number, 'same'),
    message:
      'conv3d: strides must be a positive integer or an array of 3 positive integers [strideDepth, strideHeight, strideWidth], ' +
      'but received [1,1].',
  },
  {
    name: 'conv3d channel mismatch',
    fn: () => fx.conv3d(fx.ones([1, 4, 8, 8, 3]), fx.ones([3, 3, 3, 2, 4]), 1, 'same'),
    message:
      'conv3d: x has 3 channels (x.shape[4], x shape [1,4,8,8,3]) but filter expects 2 input channels ' +
      '(filter.shape[3], filter shape [3,3,3,2,4]); they must be equal.',
  },
];
