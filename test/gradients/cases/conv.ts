import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

// Convolutions are bilinear in (x, filter), so every row is smooth and checks second order too:
// the second derivatives run the gradient rules of the backprop kernels themselves. A single
// conv's second order never differentiates with respect to dy (the upstream gradient is a
// constant there), so each family also has a chain row (conv -> tanh -> conv), where it is not.

/** Rows of the conv family. */
export const cases: GradCase[] = [
  {
    op: 'conv2d',
    label: 'valid, stride 1',
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [2, 2, 2, 3] }],
    fn: (x, f) => fx.conv2d(x!, f!, 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'same, stride 2',
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [2, 2, 2, 3] }],
    fn: (x, f) => fx.conv2d(x!, f!, 2, 'same'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'same, odd size, stride 2 (uneven padding)',
    inputs: [{ shape: [1, 5, 4, 1] }, { shape: [3, 2, 1, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 2, 'same'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'dilation 2',
    inputs: [{ shape: [1, 5, 5, 1] }, { shape: [2, 2, 1, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 1, 'same', 'NHWC', 2),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'NCHW',
    inputs: [{ shape: [1, 2, 4, 3] }, { shape: [2, 2, 2, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 1, 'same', 'NCHW'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'batch 2, strides [1,2]',
    inputs: [{ shape: [2, 3, 4, 2] }, { shape: [2, 2, 2, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, [1, 2], 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'explicit padding, stride 2',
    inputs: [{ shape: [1, 5, 4, 1] }, { shape: [3, 2, 1, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 2, [[0, 0], [1, 2], [0, 1], [0, 0]]),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: "numeric pad, dimRoundingMode 'ceil' (last window past the input)",
    inputs: [{ shape: [1, 5, 5, 1] }, { shape: [2, 2, 1, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 2, 0, 'NHWC', 1, 'ceil'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'rank-3 x, 1x1 filter',
    inputs: [{ shape: [3, 3, 2] }, { shape: [1, 1, 2, 3] }],
    fn: (x, f) => fx.conv2d(x!, f!, 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv2d',
    label: 'empty batch',
    inputs: [{ shape: [0, 3, 3, 2] }, { shape: [2, 2, 2, 2] }],
    fn: (x, f) => fx.conv2d(x!, f!, 1, 'valid'),
  },
  {
    op: 'conv2d',
    label: 'chain: conv2d -> tanh -> conv2d',
    inputs: [{ shape: [1, 4, 4, 1] }, { shape: [2, 2, 1, 2] }, { shape: [2, 2, 2, 1] }],
    fn: (x, f, g) => fx.conv2d(fx.tanh(fx.conv2d(x!, f!, 1, 'same')), g!, 2, 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv1d',
    label: 'same, stride 2, batch 2',
    inputs: [{ shape: [2, 5, 2] }, { shape: [2, 2, 3] }],
    fn: (x, f) => fx.conv1d(x!, f!, 2, 'same'),
    secondOrder: true,
  },
  {
    op: 'conv1d',
    label: 'dilation 2, NCW',
    inputs: [{ shape: [1, 2, 6] }, { shape: [2, 2, 2] }],
    fn: (x, f) => fx.conv1d(x!, f!, 1, 'valid', 'NCW', 2),
    secondOrder: true,
  },
  {
    op: 'conv2dTranspose',
    label: 'same, stride 2',
    inputs: [{ shape: [1, 2, 2, 3] }, { shape: [2, 2, 2, 3] }],
    fn: (x, f) => fx.conv2dTranspose(x!, f!, [1, 4, 4, 2], 2, 'same'),
    secondOrder: true,
  },
  {
    op: 'conv2dTranspose',
    label: 'valid, stride 1, rank-3 x',
    inputs: [{ shape: [2, 3, 2] }, { shape: [2, 2, 1, 2] }],
    fn: (x, f) => fx.conv2dTranspose(x!, f!, [3, 4, 1], 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'depthwiseConv2d',
    label: 'same, multiplier 2',
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [2, 2, 2, 2] }],
    fn: (x, f) => fx.depthwiseConv2d(x!, f!, 1, 'same'),
    secondOrder: true,
  },
  {
    op: 'depthwiseConv2d',
    label: 'valid, stride 2, batch 2',
    inputs: [{ shape: [2, 5, 4, 2] }, { shape: [2, 2, 2, 1] }],
    fn: (x, f) => fx.depthwiseConv2d(x!, f!, 2, 'valid'),
    secondOrder: true,
  },
  {
    op: 'depthwiseConv2d',
    label: 'dilation 2, NCHW',
    inputs: [{ shape: [1, 2, 5, 4] }, { shape: [2, 2, 2, 1] }],
    fn: (x, f) => fx.depthwiseConv2d(x!, f!, 1, 'same', 'NCHW', 2),
    secondOrder: true,
  },
  {
    op: 'depthwiseConv2d',
    label: 'chain: depthwise -> tanh -> depthwise',
    inputs: [{ shape: [1, 4, 3, 2] }, { shape: [2, 2, 2, 1] }, { shape: [2, 2, 2, 1] }],
    fn: (x, f, g) => fx.depthwiseConv2d(fx.tanh(fx.depthwiseConv2d(x!, f!, 1, 'same')), g!, 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'separableConv2d',
    label: 'same',
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [2, 2, 2, 1] }, { shape: [1, 1, 2, 3] }],
    fn: (x, d, p) => fx.separableConv2d(x!, d!, p!, 1, 'same'),
    secondOrder: true,
  },
  {
    op: 'separableConv2d',
    label: 'valid, stride 2, multiplier 2',
    inputs: [{ shape: [1, 5, 5, 1] }, { shape: [2, 2, 1, 2] }, { shape: [1, 1, 2, 2] }],
    fn: (x, d, p) => fx.separableConv2d(x!, d!, p!, 2, 'valid'),
  },
  {
    op: 'conv3d',
    label: 'valid',
    inputs: [{ shape: [1, 3, 3, 3, 1] }, { shape: [2, 2, 2, 1, 2] }],
    fn: (x, f) => fx.conv3d(x!, f!, 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv3d',
    label: 'same, stride 2, 2 channels',
    inputs: [{ shape: [1, 3, 4, 3, 2] }, { shape: [2, 2, 2, 2, 1] }],
    fn: (x, f) => fx.conv3d(x!, f!, 2, 'same'),
    secondOrder: true,
  },
  {
    op: 'conv3d',
    label: 'chain: conv3d -> tanh -> conv3d',
    inputs: [{ shape: [1, 3, 3, 2, 1] }, { shape: [2, 2, 1, 1, 2] }, { shape: [2, 1, 2, 2, 1] }],
    fn: (x, f, g) => fx.conv3d(fx.tanh(fx.conv3d(x!, f!, 1, 'same')), g!, 1, 'valid'),
    secondOrder: true,
  },
  {
    op: 'conv3d',
    label: 'dilation 2, NCDHW',
    inputs: [{ shape: [1, 1, 4, 3, 3] }, { shape: [2, 1, 2, 1, 2] }],
    fn: (x, f) => fx.conv3d(x!, f!, 1, 'same', 'NCDHW', 2),
  },
];
