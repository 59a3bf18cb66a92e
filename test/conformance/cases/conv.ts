import * as fx from '../../../src/index.js';
import type { ConformanceCase } from './types.js';

type T = fx.Tensor;

/**
 * The value and the gradients of `f` at (x, filter) for the upstream gradient dy: one row checks
 * the forward kernel and both backprop kernels.
 */
function withGrads(f: (x: T, w: T) => T): (x?: T, w?: T, dy?: T) => T[] {
  return (x, w, dy) => {
    const y = f(x!, w!);
    const g = fx.grads((a: T, b: T) => fx.sum(fx.mul(f(a, b), dy!)))([x!, w!]);
    return [y, ...g];
  };
}

/** The value of a pool and its gradient for the upstream gradient dy. */
function poolWithGrad(f: (x: T) => T): (x?: T, dy?: T) => T[] {
  return (x, dy) => [f(x!), fx.grads((a: T) => fx.sum(fx.mul(f(a), dy!)))([x!])[0] as T];
}

/** maxPoolGradGrad: the gradient, with respect to dy, of Σ w · maxPoolGrad(dy, x). */
function maxPoolGradGrad(f: (x: T) => T): (x?: T, dy?: T, w?: T) => T[] {
  return (x, dy, w) =>
    fx.grads((d: T) => fx.sum(fx.mul(fx.grads((a: T) => fx.sum(fx.mul(f(a), d)))([x!])[0] as T, w!)))([dy!]);
}

const r: [number, number] = [-1, 1];

/** Multiples of 1/2 in [-2, 2]: many ties inside pooling windows (the first maximum must win). */
function halves(n: number, step: number): number[] {
  return Array.from({ length: n }, (_, i) => (((i * step) % 9) - 4) / 2);
}

// Tolerances. The js reference accumulates in float64 and rounds once; the native kernels
// accumulate float32 products (the GEMM over the patch length K, the direct loops over the taps),
// whose rounding grows like sqrt(K) * 2^-24 of the terms' magnitude: with |x|, |w| <= 1 that is a
// few 1e-6 absolute on sums of a few hundred terms, more than the default 1e-5 relative allows for
// outputs near zero. Rows whose sums run over K >= 100 terms (or whose filter gradient sums over
// thousands of positions, accumulated per chunk in float32 then in float64) use 1e-4.
const LONG = 1e-4;

export const cases: ConformanceCase[] = [
  // ---------------------------------------------------------------- conv2d (forward + both backprops)
  {
    op: 'conv2d',
    label: 'first layer C=1, valid, batch 3 (direct kernel, threaded)',
    inputs: [{ shape: [3, 28, 28, 1], range: r }, { shape: [3, 3, 1, 32], range: r }, { shape: [3, 26, 26, 32], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'valid')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'first layer C=3, same, 13x17 (direct kernel, channel tail)',
    inputs: [{ shape: [1, 13, 17, 3], range: r }, { shape: [3, 3, 3, 12], range: r }, { shape: [1, 13, 17, 12], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'C=1, dilation 2, same (direct kernel)',
    inputs: [{ shape: [2, 13, 17, 1], range: r }, { shape: [3, 3, 1, 5], range: r }, { shape: [2, 13, 17, 5], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same', 'NHWC', 2)),
  },
  {
    op: 'conv2d',
    label: 'C=3, stride 2, same, odd sizes (direct kernel)',
    inputs: [{ shape: [3, 13, 17, 3], range: r }, { shape: [5, 5, 3, 9], range: r }, { shape: [3, 7, 9, 9], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 2, 'same')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'C=2, 64 outputs, stride 2, same, 13x17 (direct kernel, pixel pairs)',
    inputs: [{ shape: [2, 13, 17, 2], range: r }, { shape: [3, 3, 2, 64], range: r }, { shape: [2, 7, 9, 64], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 2, 'same')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'C=1, 32 outputs, dilation [2, 3], same, 13x17 (direct kernel, pixel pairs)',
    inputs: [{ shape: [1, 13, 17, 1], range: r }, { shape: [3, 3, 1, 32], range: r }, { shape: [1, 13, 17, 32], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same', 'NHWC', [2, 3])),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'CNN layer 2: 13x13x32 * 3x3x32x64, valid, batch 2 (im2col + GEMM)',
    inputs: [{ shape: [2, 13, 13, 32], range: r }, { shape: [3, 3, 32, 64], range: r }, { shape: [2, 11, 11, 64], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'valid')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'stride 2, same, 13x17, C=5 (GEMM path)',
    inputs: [{ shape: [3, 13, 17, 5], range: r }, { shape: [3, 3, 5, 7], range: r }, { shape: [3, 7, 9, 7], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 2, 'same')),
  },
  {
    op: 'conv2d',
    label: 'dilation 2, same, 13x17, C=8 (GEMM path)',
    inputs: [{ shape: [1, 13, 17, 8], range: r }, { shape: [3, 3, 8, 6], range: r }, { shape: [1, 13, 17, 6], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same', 'NHWC', 2)),
    // The filter gradient sums over 221 positions (measured 2.8e-5 relative on the portable path).
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'explicit asymmetric pads, strides [2, 1], 4x3 filter',
    inputs: [{ shape: [2, 11, 9, 6], range: r }, { shape: [4, 3, 6, 5], range: r }, { shape: [2, 6, 10, 5], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, [2, 1], [[0, 0], [2, 1], [0, 3], [0, 0]])),
  },
  {
    op: 'conv2d',
    label: 'pointwise 1x1 (x is the patch matrix)',
    inputs: [{ shape: [2, 7, 9, 24], range: r }, { shape: [1, 1, 24, 40], range: r }, { shape: [2, 7, 9, 40], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'valid')),
  },
  {
    op: 'conv2d',
    label: '1x1, stride 2 (im2col)',
    inputs: [{ shape: [1, 9, 9, 12], range: r }, { shape: [1, 1, 12, 5], range: r }, { shape: [1, 5, 5, 5], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 2, 'valid')),
  },
  {
    op: 'conv2d',
    label: 'batch 8, 16x16x16 * 3x3x16x32, same (threaded GEMM chunks)',
    inputs: [{ shape: [8, 16, 16, 16], range: r }, { shape: [3, 3, 16, 32], range: r }, { shape: [8, 16, 16, 32], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same')),
    tol: LONG,
  },
  {
    op: 'conv2d',
    label: 'NCHW, batch 1',
    inputs: [{ shape: [1, 10, 7, 9], range: r }, { shape: [3, 2, 10, 4], range: r }, { shape: [1, 4, 7, 9], range: r }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same', 'NCHW')),
  },
  {
    op: 'conv2d',
    label: 'empty batch',
    inputs: [{ shape: [0, 5, 5, 3] }, { shape: [3, 3, 3, 4] }, { shape: [0, 3, 3, 4] }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'valid')),
  },
  {
    op: 'conv2d',
    label: 'float64 (js fallback)',
    inputs: [{ shape: [1, 6, 5, 3], dtype: 'float64' }, { shape: [3, 3, 3, 2], dtype: 'float64' }, { shape: [1, 6, 5, 2], dtype: 'float64' }],
    fn: withGrads((x, w) => fx.conv2d(x, w, 1, 'same')),
  },
  {
    op: 'conv1d',
    label: 'stride 2, same',
    inputs: [{ shape: [2, 31, 6], range: r }, { shape: [5, 6, 7], range: r }, { shape: [2, 16, 7], range: r }],
    fn: withGrads((x, w) => fx.conv1d(x, w, 2, 'same')),
  },
  {
    op: 'conv2dTranspose',
    label: 'stride 2, same, batch 2',
    inputs: [{ shape: [2, 7, 7, 16], range: r }, { shape: [3, 3, 8, 16], range: r }, { shape: [2, 14, 14, 8], range: r }],
    fn: withGrads((x, w) => fx.conv2dTranspose(x, w, [2, 14, 14, 8], 2, 'same')),
    tol: LONG,
  },
  // ---------------------------------------------------------------- conv3d
  {
    op: 'conv3d',
    label: 'same, C=3 (direct kernel)',
    inputs: [{ shape: [2, 5, 6, 7, 3], range: r }, { shape: [2, 3, 2, 3, 4], range: r }, { shape: [2, 5, 6, 7, 4], range: r }],
    fn: withGrads((x, w) => fx.conv3d(x, w, 1, 'same')),
    tol: LONG,
  },
  {
    op: 'conv3d',
    label: 'stride 2, valid, C=8 (GEMM path)',
    inputs: [{ shape: [1, 7, 6, 9, 8], range: r }, { shape: [3, 2, 3, 8, 5], range: r }, { shape: [1, 3, 3, 4, 5], range: r }],
    fn: withGrads((x, w) => fx.conv3d(x, w, 2, 'valid')),
    tol: LONG,
  },
  {
    op: 'conv3d',
    label: 'dilation 2, same',
    inputs: [{ shape: [1, 6, 7, 5, 4], range: r }, { shape: [2, 2, 3, 4, 3], range: r }, { shape: [1, 6, 7, 5, 3], range: r }],
    fn: withGrads((x, w) => fx.conv3d(x, w, 1, 'same', 'NDHWC', 2)),
  },
  // ---------------------------------------------------------------- depthwise
  {
    op: 'depthwiseConv2d',
    label: 'channel multiplier 2, same, 13x17, batch 3',
    inputs: [{ shape: [3, 13, 17, 5], range: r }, { shape: [3, 3, 5, 2], range: r }, { shape: [3, 13, 17, 10], range: r }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 1, 'same')),
  },
  {
    op: 'depthwiseConv2d',
    label: 'multiplier 1, stride 2, valid, C=19 (SIMD tail)',
    inputs: [{ shape: [1, 13, 17, 19], range: r }, { shape: [3, 3, 19, 1], range: r }, { shape: [1, 6, 8, 19], range: r }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 2, 'valid')),
  },
  {
    op: 'depthwiseConv2d',
    label: 'dilation 2, multiplier 3, same',
    inputs: [{ shape: [2, 11, 9, 4], range: r }, { shape: [3, 2, 4, 3], range: r }, { shape: [2, 11, 9, 12], range: r }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 1, 'same', 'NHWC', 2)),
  },
  {
    op: 'depthwiseConv2d',
    label: 'explicit pads, stride 3',
    inputs: [{ shape: [1, 10, 11, 6], range: r }, { shape: [4, 3, 6, 1], range: r }, { shape: [1, 4, 4, 6], range: r }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 3, [[0, 0], [1, 2], [2, 0], [0, 0]])),
  },
  {
    op: 'depthwiseConv2d',
    label: 'batch 4, 32x32x32, same (threaded)',
    inputs: [{ shape: [4, 32, 32, 32], range: r }, { shape: [3, 3, 32, 1], range: r }, { shape: [4, 32, 32, 32], range: r }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 1, 'same')),
    tol: LONG,
  },
  {
    op: 'depthwiseConv2d',
    label: 'float64, multiplier 2',
    inputs: [{ shape: [2, 7, 6, 3], dtype: 'float64' }, { shape: [3, 3, 3, 2], dtype: 'float64' }, { shape: [2, 7, 6, 6], dtype: 'float64' }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 1, 'same')),
    tol: 1e-12,
  },
  {
    op: 'depthwiseConv2d',
    label: 'empty batch',
    inputs: [{ shape: [0, 5, 5, 3] }, { shape: [3, 3, 3, 2] }, { shape: [0, 5, 5, 6] }],
    fn: withGrads((x, w) => fx.depthwiseConv2d(x, w, 1, 'same')),
  },
  // ---------------------------------------------------------------- pools
  {
    op: 'maxPool',
    label: '2x2 stride 2 valid, 13x17, ties',
    inputs: [{ shape: [3, 13, 17, 5], values: halves(3 * 13 * 17 * 5, 5) }, { shape: [3, 6, 8, 5], range: r }],
    fn: poolWithGrad((x) => fx.maxPool(x, 2, 2, 'valid')),
  },
  {
    op: 'maxPool',
    label: '3x3 stride 1 same (overlapping windows)',
    inputs: [{ shape: [2, 13, 17, 6], values: halves(2 * 13 * 17 * 6, 7) }, { shape: [2, 13, 17, 6], range: r }],
    fn: poolWithGrad((x) => fx.maxPool(x, 3, 1, 'same')),
  },
  {
    op: 'maxPool',
    label: '3x3 stride 2 same',
    inputs: [{ shape: [1, 13, 17, 9] }, { shape: [1, 7, 9, 9] }],
    fn: poolWithGrad((x) => fx.maxPool(x, 3, 2, 'same')),
  },
  {
    op: 'maxPool',
    label: '3x2 stride 3 same',
    inputs: [{ shape: [2, 13, 17, 4] }, { shape: [2, 5, 6, 4] }],
    fn: poolWithGrad((x) => fx.maxPool(x, [3, 2], 3, 'same')),
  },
  {
    op: 'maxPool',
    label: 'NaN and ±Infinity inputs',
    inputs: [
      { shape: [1, 4, 4, 3], values: Array.from({ length: 48 }, (_, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? -Infinity : i % 13 === 0 ? Infinity : (i % 5) - 2)) },
      { shape: [1, 2, 2, 3], range: r },
    ],
    fn: poolWithGrad((x) => fx.maxPool(x, 2, 2, 'valid')),
  },
  {
    op: 'maxPool',
    label: 'batch 16, 26x26x32, 2x2 stride 2 (threaded)',
    inputs: [{ shape: [16, 26, 26, 32] }, { shape: [16, 13, 13, 32] }],
    fn: poolWithGrad((x) => fx.maxPool(x, 2, 2, 'valid')),
  },
  {
    op: 'maxPool',
    label: 'int32',
    inputs: [{ shape: [2, 9, 7, 3], dtype: 'int32' }],
    fn: (x) => fx.maxPool(x!, 3, 2, 'same'),
  },
  {
    op: 'maxPool',
    label: 'float64',
    inputs: [{ shape: [2, 9, 7, 3], dtype: 'float64' }, { shape: [2, 5, 4, 3], dtype: 'float64' }],
    fn: poolWithGrad((x) => fx.maxPool(x, 3, 2, 'same')),
    tol: 0,
  },
  {
    op: 'maxPool',
    label: 'empty batch',
    inputs: [{ shape: [0, 6, 6, 2] }, { shape: [0, 3, 3, 2] }],
    fn: poolWithGrad((x) => fx.maxPool(x, 2, 2, 'valid')),
  },
  {
    op: 'maxPoolGradGrad',
    label: '3x3 stride 2 same',
    inputs: [{ shape: [2, 9, 11, 5], values: halves(2 * 9 * 11 * 5, 3) }, { shape: [2, 5, 6, 5] }, { shape: [2, 9, 11, 5] }],
    fn: maxPoolGradGrad((x) => fx.maxPool(x, 3, 2, 'same')),
  },
  {
    op: 'avgPool',
    label: '2x2 stride 2 valid, 13x17',
    inputs: [{ shape: [3, 13, 17, 5] }, { shape: [3, 6, 8, 5] }],
    fn: poolWithGrad((x) => fx.avgPool(x, 2, 2, 'valid')),
  },
  {
    op: 'avgPool',
    label: '3x3 stride 1 same (partial windows at the edges)',
    inputs: [{ shape: [2, 13, 17, 6] }, { shape: [2, 13, 17, 6] }],
    fn: poolWithGrad((x) => fx.avgPool(x, 3, 1, 'same')),
  },
  {
    op: 'avgPool',
    label: '3x3 stride 3 same, batch 1',
    inputs: [{ shape: [1, 13, 17, 7] }, { shape: [1, 5, 6, 7] }],
    fn: poolWithGrad((x) => fx.avgPool(x, 3, 3, 'same')),
  },
  {
    op: 'avgPool',
    label: 'batch 16, 28x28x16, 3x3 stride 2 same (threaded)',
    inputs: [{ shape: [16, 28, 28, 16] }, { shape: [16, 14, 14, 16] }],
    fn: poolWithGrad((x) => fx.avgPool(x, 3, 2, 'same')),
  },
  {
    op: 'avgPool',
    label: 'float64',
    inputs: [{ shape: [2, 9, 7, 3], dtype: 'float64' }, { shape: [2, 5, 4, 3], dtype: 'float64' }],
    fn: poolWithGrad((x) => fx.avgPool(x, 3, 2, 'same')),
    tol: 0,
  },
  {
    op: 'maxPool3d',
    label: '2x3x2 stride [1, 2, 2] same',
    inputs: [{ shape: [2, 5, 9, 7, 3], values: halves(2 * 5 * 9 * 7 * 3, 5) }, { shape: [2, 5, 5, 4, 3] }],
    fn: poolWithGrad((x) => fx.maxPool3d(x, [2, 3, 2], [1, 2, 2], 'same')),
  },
  {
    op: 'avgPool3d',
    label: '3x3x3 stride 2 valid',
    inputs: [{ shape: [2, 7, 9, 8, 4] }, { shape: [2, 3, 4, 3, 4] }],
    fn: poolWithGrad((x) => fx.avgPool3d(x, 3, 2, 'valid')),
  },
];
