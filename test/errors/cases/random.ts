import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the random family. */
export const cases: ErrorCase[] = [
  {
    name: 'randomNormal with an int32 dtype',
    fn: () => fx.randomNormal([2], 0, 1, 'int32'),
    message: 'randomNormal: dtype must be float32 or float64, but received "int32". Draw floats and cast() them, or use randomUniform for int32.',
  },
  {
    name: 'randomNormal with a negative standard deviation',
    fn: () => fx.randomNormal([2], 0, -1),
    message: 'randomNormal: stdDev must be non-negative, but is -1.',
  },
  {
    name: 'randomNormal with a fractional dimension',
    fn: () => fx.randomNormal([2, 1.5]),
    message: 'randomNormal: shape must be an array of non-negative integers, but received [2,1.5].',
  },
  {
    name: 'randomNormal with a NaN seed',
    fn: () => fx.randomNormal([2], 0, 1, 'float32', NaN),
    message: 'randomNormal: seed must be a finite number (or omitted), but received number NaN.',
  },
  {
    name: 'randomStandardNormal of bools',
    fn: () => fx.randomStandardNormal([2], 'bool'),
    message: 'randomStandardNormal: dtype must be float32 or float64, but received "bool". Draw floats and cast() them, or use randomUniform for int32.',
  },
  {
    name: 'truncatedNormal with a negative standard deviation',
    fn: () => fx.truncatedNormal([2], 0, -2),
    message: 'truncatedNormal: stdDev must be non-negative, but is -2.',
  },
  {
    name: 'randomUniform of bools',
    fn: () => fx.randomUniform([2], 0, 1, 'bool'),
    message:
      'randomUniform: dtype must be float32, float64 or int32, but received "bool". Compare a float sample with a threshold instead, e.g. less(randomUniform(shape), 0.5).',
  },
  {
    name: 'randomUniform int32 with fractional bounds',
    fn: () => fx.randomUniform([2], 0, 1.5, 'int32'),
    message: 'randomUniform: minval and maxval must be integers for dtype int32, but are 0 and 1.5.',
  },
  {
    name: 'randomUniform int32 with an empty range',
    fn: () => fx.randomUniform([2], 3, 3, 'int32'),
    message:
      'randomUniform: maxval must be greater than minval for dtype int32 (the range [minval, maxval) must not be empty), but minval is 3 and maxval is 3.',
  },
  {
    name: 'randomGamma with a zero alpha',
    fn: () => fx.randomGamma([2], 0),
    message: 'randomGamma: alpha must be positive, but is 0.',
  },
  {
    name: 'randomGamma with a negative beta',
    fn: () => fx.randomGamma([2], 1, -1),
    message: 'randomGamma: beta must be positive, but is -1.',
  },
  {
    name: 'multinomial of rank-3 logits',
    fn: () => fx.multinomial(fx.ones([2, 2, 2]), 3),
    message: 'multinomial: logits must have rank 1 ([classes]) or 2 ([batch, classes]), but has shape [2,2,2].',
  },
  {
    name: 'multinomial with a fractional sample count',
    fn: () => fx.multinomial([1, 2], 1.5),
    message: 'multinomial: numSamples must be a non-negative integer, but received number 1.5.',
  },
  {
    name: 'multinomial with no classes',
    fn: () => fx.multinomial(fx.zeros([2, 0]), 3),
    message: 'multinomial: logits must have at least one class, but has shape [2,0].',
  },
  {
    name: 'multinomial with a negative probability',
    fn: () => fx.multinomial([0.5, -0.5], 3, 1, true),
    message: 'multinomial: with normalized=true, logits holds probabilities, which must be >= 0, but row 0 has -0.5 at class 1.',
  },
  {
    name: 'multinomial with a NaN logit',
    fn: () => fx.multinomial([[0, 1], [NaN, 1]], 3),
    message:
      'multinomial: row 1 of logits gives no valid distribution (its probabilities sum to NaN); check for NaN, all -Infinity logits, or all-zero probabilities.',
  },
  {
    name: 'randomShuffle of a scalar',
    fn: () => fx.randomShuffle(3),
    message: 'randomShuffle: x must have rank >= 1 (it is shuffled along axis 0), but is a scalar.',
  },
];
