import type { Tensor, Tensor3D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

// TensorFlow.js types conv inputs by rank; the harness hands over rank-generic tensors.
const t3 = (t: Tensor | undefined): Tensor3D => t as Tensor3D;
const t4 = (t: Tensor | undefined): Tensor4D => t as Tensor4D;
const t5 = (t: Tensor | undefined): Tensor5D => t as Tensor5D;

// Inputs in [-1, 1]: TensorFlow.js accumulates in float32, Fluxion in float64 (rounding once), so
// small ranges keep the accumulated rounding of the reference well inside the tolerance.
const r: [number, number] = [-1, 1];

/**
 * Multiples of 1/8 in [-1, 1]: every product and partial sum is exact in float32, so both
 * libraries must agree exactly however they order and round the accumulation.
 */
function eighths(n: number, step: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * step) % 17) - 8) / 8);
}

/** Rows of the conv family. */
export const cases: DiffCase[] = [
  {
    op: 'conv2d',
    label: 'valid, batch 2',
    inputs: [{ shape: [2, 5, 5, 3], range: r }, { shape: [3, 3, 3, 4], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'valid'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'valid'),
  },
  {
    op: 'conv2d',
    label: 'same, strides 2, odd sizes',
    inputs: [{ shape: [1, 7, 6, 2], range: r }, { shape: [3, 2, 2, 3], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, [2, 2], 'same'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), [2, 2], 'same'),
  },
  {
    op: 'conv2d',
    label: 'strides [1,2]',
    inputs: [{ shape: [1, 6, 7, 2], range: r }, { shape: [2, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, [1, 2], 'valid'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), [1, 2], 'valid'),
  },
  {
    op: 'conv2d',
    label: 'NCHW',
    inputs: [{ shape: [2, 3, 6, 5], range: r }, { shape: [3, 3, 3, 4], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'same', 'NCHW'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'same', 'NCHW'),
  },
  {
    op: 'conv2d',
    label: 'dilations 2, same',
    inputs: [{ shape: [1, 7, 7, 2], range: r }, { shape: [3, 3, 2, 3], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'same', 'NHWC', [2, 2]),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'same', 'NHWC', [2, 2]),
  },
  {
    op: 'conv2d',
    label: 'dilations [2,1], valid',
    inputs: [{ shape: [1, 7, 6, 2], range: r }, { shape: [2, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'valid', 'NHWC', [2, 1]),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'valid', 'NHWC', [2, 1]),
  },
  {
    op: 'conv2d',
    label: 'explicit padding, strides [2,1]',
    inputs: [{ shape: [1, 6, 5, 2], range: r }, { shape: [3, 2, 2, 3], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, [2, 1], [[0, 0], [1, 2], [0, 1], [0, 0]]),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), [2, 1], [[0, 0], [1, 2], [0, 1], [0, 0]]),
  },
  {
    op: 'conv2d',
    label: 'numeric pad with dimRoundingMode ceil',
    inputs: [{ shape: [1, 6, 6, 2], range: r }, { shape: [3, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 2, 1, 'NHWC', 1, 'ceil'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 2, 1, 'NHWC', 1, 'ceil'),
  },
  {
    op: 'conv2d',
    label: 'numeric pad, floor by default',
    inputs: [{ shape: [1, 6, 6, 2], range: r }, { shape: [3, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 2, 1),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 2, 1),
  },
  {
    op: 'conv2d',
    label: 'rank-3 x',
    inputs: [{ shape: [5, 4, 3], range: r }, { shape: [2, 2, 3, 2], range: r }],
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'same'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'same'),
  },
  {
    op: 'conv2d',
    label: 'larger (two im2col chunks per image), exact values',
    inputs: [{ shape: [2, 24, 24, 16], values: eighths(2 * 24 * 24 * 16, 7) }, { shape: [3, 3, 16, 8], values: eighths(3 * 3 * 16 * 8, 5) }],
    tol: 0,
    fx: (x, f) => fx.conv2d(x!, f!, 1, 'same'),
    tf: (tf, x, f) => tf.conv2d(t4(x), t4(f), 1, 'same'),
  },
  {
    op: 'conv1d',
    label: 'same, stride 2',
    inputs: [{ shape: [2, 9, 3], range: r }, { shape: [3, 3, 4], range: r }],
    fx: (x, f) => fx.conv1d(x!, f!, 2, 'same'),
    tf: (tf, x, f) => tf.conv1d(t3(x), t3(f), 2, 'same'),
  },
  {
    op: 'conv1d',
    label: 'valid, dilation 2, rank-2 x',
    inputs: [{ shape: [10, 2], range: r }, { shape: [3, 2, 3], range: r }],
    fx: (x, f) => fx.conv1d(x!, f!, 1, 'valid', 'NWC', 2),
    tf: (tf, x, f) => tf.conv1d(t3(x), t3(f), 1, 'valid', 'NWC', 2),
  },
  {
    op: 'conv1d',
    label: 'explicit padding (TensorFlow.js form)',
    inputs: [{ shape: [1, 7, 2], range: r }, { shape: [2, 2, 3], range: r }],
    fx: (x, f) => fx.conv1d(x!, f!, 1, [[0, 0], [0, 0], [2, 1], [0, 0]]),
    tf: (tf, x, f) => tf.conv1d(t3(x), t3(f), 1, [[0, 0], [0, 0], [2, 1], [0, 0]]),
  },
  {
    op: 'conv2dTranspose',
    label: 'same, strides 2',
    inputs: [{ shape: [1, 4, 4, 3], range: r }, { shape: [3, 3, 2, 3], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [1, 8, 8, 2], 2, 'same'),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [1, 8, 8, 2], 2, 'same'),
  },
  {
    op: 'conv2dTranspose',
    label: 'valid, batch 2',
    inputs: [{ shape: [2, 3, 3, 4], range: r }, { shape: [2, 2, 3, 4], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [2, 6, 6, 3], [2, 2], 'valid'),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [2, 6, 6, 3], [2, 2], 'valid'),
  },
  {
    op: 'conv2dTranspose',
    label: 'stride 1, rank-3 x',
    inputs: [{ shape: [4, 5, 2], range: r }, { shape: [3, 3, 3, 2], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [6, 7, 3], 1, 'valid'),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [6, 7, 3], 1, 'valid'),
  },
  {
    op: 'conv2dTranspose',
    label: 'explicit padding, odd output',
    inputs: [{ shape: [1, 4, 4, 3], range: r }, { shape: [3, 3, 2, 3], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [1, 7, 7, 2], 2, [[0, 0], [1, 1], [1, 1], [0, 0]]),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [1, 7, 7, 2], 2, [[0, 0], [1, 1], [1, 1], [0, 0]]),
  },
  {
    op: 'conv2dTranspose',
    label: 'numeric pad',
    inputs: [{ shape: [1, 3, 3, 2], range: r }, { shape: [3, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [1, 5, 5, 2], 2, 1),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [1, 5, 5, 2], 2, 1),
  },
  {
    op: 'conv2dTranspose',
    label: 'same, odd output size',
    inputs: [{ shape: [1, 4, 4, 3], range: r }, { shape: [3, 3, 2, 3], range: r }],
    fx: (x, f) => fx.conv2dTranspose(x!, f!, [1, 7, 7, 2], 2, 'same'),
    tf: (tf, x, f) => tf.conv2dTranspose(t4(x), t4(f), [1, 7, 7, 2], 2, 'same'),
  },
  {
    op: 'depthwiseConv2d',
    label: 'same, multiplier 2, batch 2',
    inputs: [{ shape: [2, 6, 6, 3], range: r }, { shape: [3, 3, 3, 2], range: r }],
    fx: (x, f) => fx.depthwiseConv2d(x!, f!, 1, 'same'),
    tf: (tf, x, f) => tf.depthwiseConv2d(t4(x), t4(f), 1, 'same'),
  },
  {
    op: 'depthwiseConv2d',
    label: 'strides 2, valid',
    inputs: [{ shape: [1, 7, 6, 2], range: r }, { shape: [2, 3, 2, 1], range: r }],
    fx: (x, f) => fx.depthwiseConv2d(x!, f!, [2, 2], 'valid'),
    tf: (tf, x, f) => tf.depthwiseConv2d(t4(x), t4(f), [2, 2], 'valid'),
  },
  {
    op: 'depthwiseConv2d',
    label: 'dilations 2',
    inputs: [{ shape: [1, 7, 7, 2], range: r }, { shape: [2, 2, 2, 3], range: r }],
    fx: (x, f) => fx.depthwiseConv2d(x!, f!, 1, 'same', 'NHWC', [2, 2]),
    tf: (tf, x, f) => tf.depthwiseConv2d(t4(x), t4(f), 1, 'same', 'NHWC', [2, 2]),
  },
  {
    op: 'separableConv2d',
    label: 'same',
    inputs: [{ shape: [1, 6, 6, 3], range: r }, { shape: [3, 3, 3, 2], range: r }, { shape: [1, 1, 6, 4], range: r }],
    fx: (x, d, p) => fx.separableConv2d(x!, d!, p!, 1, 'same'),
    tf: (tf, x, d, p) => tf.separableConv2d(t4(x), t4(d), t4(p), 1, 'same'),
  },
  {
    op: 'separableConv2d',
    label: 'valid, strides 2, batch 2',
    inputs: [{ shape: [2, 7, 7, 2], range: r }, { shape: [3, 3, 2, 1], range: r }, { shape: [1, 1, 2, 3], range: r }],
    fx: (x, d, p) => fx.separableConv2d(x!, d!, p!, 2, 'valid'),
    tf: (tf, x, d, p) => tf.separableConv2d(t4(x), t4(d), t4(p), 2, 'valid'),
  },
  {
    op: 'conv3d',
    label: 'valid',
    inputs: [{ shape: [1, 4, 5, 4, 2], range: r }, { shape: [2, 3, 2, 2, 3], range: r }],
    fx: (x, f) => fx.conv3d(x!, f!, 1, 'valid'),
    tf: (tf, x, f) => tf.conv3d(t5(x), t5(f), 1, 'valid'),
  },
  {
    op: 'conv3d',
    label: 'same, strides 2, batch 2',
    inputs: [{ shape: [2, 5, 4, 5, 2], range: r }, { shape: [3, 2, 3, 2, 2], range: r }],
    fx: (x, f) => fx.conv3d(x!, f!, 2, 'same'),
    tf: (tf, x, f) => tf.conv3d(t5(x), t5(f), 2, 'same'),
  },
  {
    op: 'conv3d',
    label: 'dilations 2, rank-4 x',
    inputs: [{ shape: [5, 5, 5, 2], range: r }, { shape: [2, 2, 2, 2, 2], range: r }],
    fx: (x, f) => fx.conv3d(x!, f!, 1, 'same', 'NDHWC', 2),
    tf: (tf, x, f) => tf.conv3d(t5(x), t5(f), 1, 'same', 'NDHWC', 2),
  },
];
