import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** Values away from integers and half-integers, where rounding ops are locally constant. */
const OFF_GRID = [0.3, -1.2, 2.7, -0.6, 1.1, -2.35];

/** Rows of the unary family. */
export const cases: GradCase[] = [
  // existing elementwise ops: extra rows beyond test/gradients/cases/core.ts
  { op: 'neg', label: 'size-1 and empty', inputs: [{ shape: [1, 0, 2] }], fn: (x) => fx.neg(x!) },
  { op: 'exp', label: 'size-1', inputs: [{ shape: [1, 1] }], fn: (x) => fx.exp(x!), secondOrder: true },
  { op: 'log', label: 'small inputs', inputs: [{ shape: [4], range: [0.05, 0.5] }], fn: (x) => fx.log(x!), secondOrder: true },
  { op: 'tanh', label: 'wide range', inputs: [{ shape: [2, 3], range: [-4, 4] }], fn: (x) => fx.tanh(x!), secondOrder: true },
  { op: 'sigmoid', label: 'wide range', inputs: [{ shape: [2, 3], range: [-8, 8] }], fn: (x) => fx.sigmoid(x!), secondOrder: true },
  { op: 'square', label: 'empty', inputs: [{ shape: [0, 3] }], fn: (x) => fx.square(x!), secondOrder: true },

  // arithmetic
  { op: 'abs', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.abs(x!), secondOrder: true },
  { op: 'abs', label: 'size-1', inputs: [{ shape: [1], awayFromZero: 0.1 }], fn: (x) => fx.abs(x!) },
  { op: 'sign', inputs: [{ shape: [5], awayFromZero: 0.1 }], fn: (x) => fx.sign(x!) },
  { op: 'expm1', inputs: [{ shape: [2, 3] }], fn: (x) => fx.expm1(x!), secondOrder: true },
  { op: 'log1p', inputs: [{ shape: [2, 3], range: [-0.6, 3] }], fn: (x) => fx.log1p(x!), secondOrder: true },
  { op: 'sqrt', inputs: [{ shape: [2, 3], range: [0.3, 4] }], fn: (x) => fx.sqrt(x!), secondOrder: true },
  { op: 'sqrt', label: 'empty', inputs: [{ shape: [3, 0] }], fn: (x) => fx.sqrt(x!) },
  { op: 'rsqrt', inputs: [{ shape: [2, 3], range: [0.3, 4] }], fn: (x) => fx.rsqrt(x!), secondOrder: true },
  { op: 'reciprocal', inputs: [{ shape: [2, 3], awayFromZero: 0.4 }], fn: (x) => fx.reciprocal(x!), secondOrder: true },

  // rounding: zero gradients
  { op: 'floor', inputs: [{ shape: [6], values: OFF_GRID }], fn: (x) => fx.floor(x!) },
  { op: 'ceil', inputs: [{ shape: [6], values: OFF_GRID }], fn: (x) => fx.ceil(x!) },
  { op: 'round', inputs: [{ shape: [2, 3], values: OFF_GRID }], fn: (x) => fx.round(x!) },
  { op: 'step', inputs: [{ shape: [5], awayFromZero: 0.1 }], fn: (x) => fx.step(x!, 0.3) },
  { op: 'clipByValue', inputs: [{ shape: [6], values: [-2, -0.5, 0.25, 0.9, 1.5, -1.3] }], fn: (x) => fx.clipByValue(x!, -1, 1), secondOrder: true },
  { op: 'clipByValue', label: 'size-1 and empty', inputs: [{ shape: [1, 0] }], fn: (x) => fx.clipByValue(x!, 0, 1) },

  // trigonometric and hyperbolic
  { op: 'sin', inputs: [{ shape: [2, 3], range: [-4, 4] }], fn: (x) => fx.sin(x!), secondOrder: true },
  { op: 'cos', inputs: [{ shape: [2, 3], range: [-4, 4] }], fn: (x) => fx.cos(x!), secondOrder: true },
  { op: 'tan', inputs: [{ shape: [2, 3], range: [-1.2, 1.2] }], fn: (x) => fx.tan(x!), secondOrder: true },
  { op: 'asin', inputs: [{ shape: [2, 3], range: [-0.9, 0.9] }], fn: (x) => fx.asin(x!), secondOrder: true },
  { op: 'acos', inputs: [{ shape: [2, 3], range: [-0.9, 0.9] }], fn: (x) => fx.acos(x!), secondOrder: true },
  { op: 'atan', inputs: [{ shape: [2, 3], range: [-3, 3] }], fn: (x) => fx.atan(x!), secondOrder: true },
  { op: 'asinh', inputs: [{ shape: [2, 3], range: [-3, 3] }], fn: (x) => fx.asinh(x!), secondOrder: true },
  { op: 'acosh', inputs: [{ shape: [2, 3], range: [1.2, 4] }], fn: (x) => fx.acosh(x!), secondOrder: true },
  { op: 'atanh', inputs: [{ shape: [2, 3], range: [-0.9, 0.9] }], fn: (x) => fx.atanh(x!), secondOrder: true },
  { op: 'sinh', inputs: [{ shape: [2, 3] }], fn: (x) => fx.sinh(x!), secondOrder: true },
  { op: 'cosh', inputs: [{ shape: [2, 3] }], fn: (x) => fx.cosh(x!), secondOrder: true },
  { op: 'sin', label: 'size-1 chain', inputs: [{ shape: [1, 1, 3] }], fn: (x) => fx.cos(fx.sin(x!)), secondOrder: true },

  // special functions
  { op: 'erf', inputs: [{ shape: [2, 4], range: [-3, 3] }], fn: (x) => fx.erf(x!), secondOrder: true },
  { op: 'erf', label: 'every branch', inputs: [{ shape: [8], values: [-4.5, -2.2, -1.7, -0.8, 0.2, 0.45, 1.2, 2.9] }], fn: (x) => fx.erf(x!), secondOrder: true },

  // activations
  { op: 'relu', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.relu(x!), secondOrder: true },
  { op: 'relu', label: 'size-1 and empty', inputs: [{ shape: [1, 0, 1] }], fn: (x) => fx.relu(x!) },
  { op: 'relu6', inputs: [{ shape: [6], values: [-1.5, -0.2, 0.5, 3, 5.8, 7] }], fn: (x) => fx.relu6(x!), secondOrder: true },
  { op: 'elu', label: 'x < 0', inputs: [{ shape: [2, 3], range: [-3, -0.1] }], fn: (x) => fx.elu(x!), secondOrder: true },
  { op: 'elu', label: 'both sides', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.elu(x!), secondOrder: true },
  { op: 'elu', label: 'alpha 0.5', inputs: [{ shape: [5], awayFromZero: 0.1 }], fn: (x) => fx.elu(x!, 0.5), secondOrder: true },
  { op: 'selu', label: 'x < 0', inputs: [{ shape: [2, 3], range: [-3, -0.1] }], fn: (x) => fx.selu(x!), secondOrder: true },
  { op: 'selu', label: 'both sides', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.selu(x!), secondOrder: true },
  { op: 'leakyRelu', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.leakyRelu(x!), secondOrder: true },
  { op: 'leakyRelu', label: 'alpha 0.01', inputs: [{ shape: [4], awayFromZero: 0.1 }], fn: (x) => fx.leakyRelu(x!, 0.01) },
  { op: 'softplus', inputs: [{ shape: [2, 3], range: [-5, 5] }], fn: (x) => fx.softplus(x!), secondOrder: true },
  { op: 'softplus', label: 'far tails', inputs: [{ shape: [4], values: [-40, -25, 25, 40] }], fn: (x) => fx.softplus(x!), secondOrder: true },
  { op: 'logSigmoid', inputs: [{ shape: [2, 3], range: [-5, 5] }], fn: (x) => fx.logSigmoid(x!), secondOrder: true },
  { op: 'softsign', inputs: [{ shape: [2, 3], awayFromZero: 0.1 }], fn: (x) => fx.softsign(x!), secondOrder: true },
  { op: 'gelu', inputs: [{ shape: [2, 4], range: [-4, 4] }], fn: (x) => fx.gelu(x!), secondOrder: true },
  { op: 'gelu', label: 'tanh approximation', inputs: [{ shape: [2, 4], range: [-4, 4] }], fn: (x) => fx.gelu(x!, true), secondOrder: true },
  { op: 'silu', inputs: [{ shape: [2, 3], range: [-5, 5] }], fn: (x) => fx.silu(x!), secondOrder: true },
  { op: 'swish', inputs: [{ shape: [2, 3], range: [-5, 5] }], fn: (x) => fx.swish(x!), secondOrder: true },
  { op: 'swish', label: 'beta 1.5', inputs: [{ shape: [1, 4] }], fn: (x) => fx.swish(x!, 1.5), secondOrder: true },
  { op: 'mish', inputs: [{ shape: [2, 3], range: [-5, 5] }], fn: (x) => fx.mish(x!), secondOrder: true },
];
