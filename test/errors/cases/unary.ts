import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the unary family. */
export const cases: ErrorCase[] = [
  {
    name: 'clipByValue with min above max suggests swapping the bounds',
    fn: () => fx.clipByValue(fx.ones([2]), 3, 1),
    message: 'clipByValue: clipValueMin (3) must be less than or equal to clipValueMax (1). Did you mean clipByValue(x, 1, 3)?',
  },
  {
    name: 'clipByValue with a string bound',
    fn: () => fx.clipByValue(fx.ones([2]), '0' as unknown as number, 1),
    message: 'clipByValue: clipValueMin must be a number, but received the string "0".',
  },
  {
    name: 'clipByValue with a NaN bound',
    fn: () => fx.clipByValue(fx.ones([2]), 0, NaN),
    message: 'clipByValue: clipValueMax must be a number, but received number NaN.',
  },
  {
    name: 'clipByValue of a bool tensor',
    fn: () => fx.clipByValue(fx.tensor([true, false]), 0, 1),
    message: "clipByValue: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'leakyRelu with a tensor alpha points to prelu',
    fn: () => fx.leakyRelu(fx.ones([2]), fx.scalar(0.1) as unknown as number),
    message: 'leakyRelu: alpha must be a finite number, but received a Tensor. For a learned slope tensor use prelu(x, alpha).',
  },
  {
    name: 'elu with an infinite alpha',
    fn: () => fx.elu(fx.ones([2]), Infinity),
    message: 'elu: alpha must be a finite number, but received number Infinity.',
  },
  {
    name: 'step with a NaN alpha',
    fn: () => fx.step(fx.ones([2]), NaN),
    message: 'step: alpha must be a finite number, but received number NaN.',
  },
  {
    name: 'swish with a string beta',
    fn: () => fx.swish(fx.ones([2]), '2' as unknown as number),
    message: 'swish: beta must be a finite number, but received the string "2".',
  },
  {
    name: "gelu with approximate='tanh' (PyTorch spelling)",
    fn: () => fx.gelu(fx.ones([2]), 'tanh' as unknown as boolean),
    message:
      'gelu: approximate must be a boolean (false: the exact erf form, true: the tanh approximation), but received the string "tanh".',
  },
  {
    name: 'logicalNot of a float tensor',
    fn: () => fx.logicalNot(fx.ones([3])),
    message: "logicalNot: argument 'x' must have dtype bool, but has dtype float32. Build it with a comparison such as greater(x, 0), or cast(x, 'bool').",
  },
  {
    name: 'abs of a bool tensor',
    fn: () => fx.abs(fx.tensor([true])),
    message: "abs: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'sqrt of a string',
    fn: () => fx.sqrt('4' as unknown as number),
    message: "sqrt: argument 'x' must be a Tensor, a number, a boolean, a typed array or a nested array, but received the string \"4\".",
  },
  {
    name: 'sin of a ragged nested array',
    fn: () => fx.sin([[1, 2], [3]]),
    message: 'sin: the nested array is ragged: expected element [1] to have length 2, but it has length 1. Every row must have the same length.',
  },
  {
    name: 'relu of a disposed tensor',
    fn: () => {
      const x = fx.ones([2]);
      x.dispose();
      return fx.relu(x);
    },
    message: "relu: argument 'x' is a disposed tensor; it was released by dispose() or tidy().",
  },
  {
    name: 'isNaN does not differentiate',
    fn: () => fx.grad((x) => fx.sum(fx.cast(fx.isNaN(x), 'float32')))(fx.ones([2])),
    message: /^grad: cannot compute the gradient of y=f\(x\) with respect to x: y does not depend on it\./,
  },
];
