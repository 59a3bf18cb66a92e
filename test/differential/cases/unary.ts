import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

const SPECIAL = [NaN, Infinity, -Infinity, 0, -1.5, 3e38];
const HALVES = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -3.7];

/** Rows of the unary family. */
export const cases: DiffCase[] = [
  // existing elementwise ops: extra rows beyond test/differential/cases/core.ts
  { op: 'neg', label: 'int32', inputs: [{ shape: [2, 3], dtype: 'int32' }], fx: (x) => fx.neg(x!), tf: (tf, x) => tf.neg(x!) },
  { op: 'exp', label: 'wide range', inputs: [{ shape: [3, 4], range: [-20, 20] }], fx: (x) => fx.exp(x!), tf: (tf, x) => tf.exp(x!) },
  { op: 'log', label: 'size-1', inputs: [{ shape: [1, 1], range: [0.1, 9] }], fx: (x) => fx.log(x!), tf: (tf, x) => tf.log(x!) },
  { op: 'tanh', label: 'wide range', inputs: [{ shape: [8], range: [-10, 10] }], fx: (x) => fx.tanh(x!), tf: (tf, x) => tf.tanh(x!) },
  { op: 'sigmoid', label: 'wide range', inputs: [{ shape: [10], range: [-30, 30] }], fx: (x) => fx.sigmoid(x!), tf: (tf, x) => tf.sigmoid(x!) },
  { op: 'square', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }], fx: (x) => fx.square(x!), tf: (tf, x) => tf.square(x!) },

  // arithmetic
  { op: 'abs', inputs: [{ shape: [2, 4] }], fx: (x) => fx.abs(x!), tf: (tf, x) => tf.abs(x!) },
  { op: 'abs', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }], fx: (x) => fx.abs(x!), tf: (tf, x) => tf.abs(x!) },
  { op: 'sign', inputs: [{ shape: [2, 4] }], fx: (x) => fx.sign(x!), tf: (tf, x) => tf.sign(x!) },
  { op: 'sign', label: 'int32 with zeros', inputs: [{ shape: [6], dtype: 'int32', values: [-3, 0, 2, 0, -1, 5] }], fx: (x) => fx.sign(x!), tf: (tf, x) => tf.sign(x!) },
  { op: 'expm1', inputs: [{ shape: [2, 4] }], fx: (x) => fx.expm1(x!), tf: (tf, x) => tf.expm1(x!) },
  { op: 'log1p', inputs: [{ shape: [2, 4], range: [-0.9, 5] }], fx: (x) => fx.log1p(x!), tf: (tf, x) => tf.log1p(x!) },
  { op: 'sqrt', inputs: [{ shape: [2, 4], range: [0, 10] }], fx: (x) => fx.sqrt(x!), tf: (tf, x) => tf.sqrt(x!) },
  { op: 'rsqrt', inputs: [{ shape: [2, 4], range: [0.1, 10] }], fx: (x) => fx.rsqrt(x!), tf: (tf, x) => tf.rsqrt(x!) },
  { op: 'reciprocal', inputs: [{ shape: [2, 4], awayFromZero: 0.1 }], fx: (x) => fx.reciprocal(x!), tf: (tf, x) => tf.reciprocal(x!) },

  // rounding and clipping
  { op: 'floor', inputs: [{ shape: [2, 4], range: [-5, 5] }], fx: (x) => fx.floor(x!), tf: (tf, x) => tf.floor(x!) },
  { op: 'ceil', inputs: [{ shape: [2, 4], range: [-5, 5] }], fx: (x) => fx.ceil(x!), tf: (tf, x) => tf.ceil(x!) },
  { op: 'round', inputs: [{ shape: [2, 4], range: [-5, 5] }], fx: (x) => fx.round(x!), tf: (tf, x) => tf.round(x!) },
  { op: 'round', label: 'halves to even', inputs: [{ shape: [8], values: HALVES }], fx: (x) => fx.round(x!), tf: (tf, x) => tf.round(x!) },
  { op: 'round', label: 'int32', inputs: [{ shape: [4], dtype: 'int32' }], fx: (x) => fx.round(x!), tf: (tf, x) => tf.round(x!) },
  { op: 'clipByValue', inputs: [{ shape: [3, 4] }], fx: (x) => fx.clipByValue(x!, -0.5, 1), tf: (tf, x) => tf.clipByValue(x!, -0.5, 1) },
  { op: 'clipByValue', label: 'int32', inputs: [{ shape: [8], dtype: 'int32' }], fx: (x) => fx.clipByValue(x!, -2, 3), tf: (tf, x) => tf.clipByValue(x!, -2, 3) },

  // trigonometric and hyperbolic
  { op: 'sin', inputs: [{ shape: [2, 4], range: [-6, 6] }], fx: (x) => fx.sin(x!), tf: (tf, x) => tf.sin(x!) },
  { op: 'cos', inputs: [{ shape: [2, 4], range: [-6, 6] }], fx: (x) => fx.cos(x!), tf: (tf, x) => tf.cos(x!) },
  { op: 'tan', inputs: [{ shape: [2, 4], range: [-1.4, 1.4] }], fx: (x) => fx.tan(x!), tf: (tf, x) => tf.tan(x!) },
  { op: 'asin', inputs: [{ shape: [2, 4], range: [-1, 1] }], fx: (x) => fx.asin(x!), tf: (tf, x) => tf.asin(x!) },
  { op: 'acos', inputs: [{ shape: [2, 4], range: [-1, 1] }], fx: (x) => fx.acos(x!), tf: (tf, x) => tf.acos(x!) },
  { op: 'atan', inputs: [{ shape: [2, 4], range: [-10, 10] }], fx: (x) => fx.atan(x!), tf: (tf, x) => tf.atan(x!) },
  { op: 'asinh', inputs: [{ shape: [2, 4], range: [-10, 10] }], fx: (x) => fx.asinh(x!), tf: (tf, x) => tf.asinh(x!) },
  { op: 'acosh', inputs: [{ shape: [2, 4], range: [1, 10] }], fx: (x) => fx.acosh(x!), tf: (tf, x) => tf.acosh(x!) },
  { op: 'atanh', inputs: [{ shape: [2, 4], range: [-0.99, 0.99] }], fx: (x) => fx.atanh(x!), tf: (tf, x) => tf.atanh(x!) },
  { op: 'sinh', inputs: [{ shape: [2, 4], range: [-5, 5] }], fx: (x) => fx.sinh(x!), tf: (tf, x) => tf.sinh(x!) },
  { op: 'cosh', inputs: [{ shape: [2, 4], range: [-5, 5] }], fx: (x) => fx.cosh(x!), tf: (tf, x) => tf.cosh(x!) },

  // special functions (TensorFlow.js's erf is a 1.5e-7 approximation: within the 1e-6 absolute slack)
  { op: 'erf', inputs: [{ shape: [3, 4], range: [-4, 4] }], fx: (x) => fx.erf(x!), tf: (tf, x) => tf.erf(x!) },

  // activations
  { op: 'relu', inputs: [{ shape: [3, 4] }], fx: (x) => fx.relu(x!), tf: (tf, x) => tf.relu(x!) },
  { op: 'relu', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }], fx: (x) => fx.relu(x!), tf: (tf, x) => tf.relu(x!) },
  { op: 'relu6', inputs: [{ shape: [3, 4], range: [-3, 9] }], fx: (x) => fx.relu6(x!), tf: (tf, x) => tf.relu6(x!) },
  { op: 'relu6', label: 'int32', inputs: [{ shape: [6], dtype: 'int32', range: [-3, 9] }], fx: (x) => fx.relu6(x!), tf: (tf, x) => tf.relu6(x!) },
  { op: 'elu', inputs: [{ shape: [3, 4], range: [-4, 4] }], fx: (x) => fx.elu(x!), tf: (tf, x) => tf.elu(x!) },
  { op: 'selu', inputs: [{ shape: [3, 4], range: [-4, 4] }], fx: (x) => fx.selu(x!), tf: (tf, x) => tf.selu(x!) },
  { op: 'leakyRelu', inputs: [{ shape: [3, 4] }], fx: (x) => fx.leakyRelu(x!), tf: (tf, x) => tf.leakyRelu(x!) },
  { op: 'leakyRelu', label: 'alpha 0.01', inputs: [{ shape: [6] }], fx: (x) => fx.leakyRelu(x!, 0.01), tf: (tf, x) => tf.leakyRelu(x!, 0.01) },
  { op: 'step', inputs: [{ shape: [3, 4] }], fx: (x) => fx.step(x!), tf: (tf, x) => tf.step(x!) },
  { op: 'step', label: 'alpha 0.25', inputs: [{ shape: [6] }], fx: (x) => fx.step(x!, 0.25), tf: (tf, x) => tf.step(x!, 0.25) },
  { op: 'softplus', inputs: [{ shape: [3, 4], range: [-30, 30] }], fx: (x) => fx.softplus(x!), tf: (tf, x) => tf.softplus(x!) },
  { op: 'logSigmoid', inputs: [{ shape: [3, 4], range: [-30, 30] }], fx: (x) => fx.logSigmoid(x!), tf: (tf, x) => tf.logSigmoid(x!) },

  // predicates
  { op: 'isNaN', inputs: [{ shape: [6], values: SPECIAL }], fx: (x) => fx.isNaN(x!), tf: (tf, x) => tf.isNaN(x!) },
  { op: 'isFinite', inputs: [{ shape: [2, 3], values: SPECIAL }], fx: (x) => fx.isFinite(x!), tf: (tf, x) => tf.isFinite(x!) },
  { op: 'isInf', inputs: [{ shape: [3, 2], values: SPECIAL }], fx: (x) => fx.isInf(x!), tf: (tf, x) => tf.isInf(x!) },
  { op: 'logicalNot', inputs: [{ shape: [2, 4], dtype: 'bool' }], fx: (x) => fx.logicalNot(x!), tf: (tf, x) => tf.logicalNot(x!) },
];
