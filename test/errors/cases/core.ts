import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

export const cases: ErrorCase[] = [
  {
    name: 'matMul inner dimension mismatch suggests transposeB',
    fn: () => fx.matMul(fx.ones([2, 3]), fx.ones([5, 3])),
    message: 'matMul: inner dimensions must match: a has shape [2,3] and b has shape [5,3] (a.shape[1]=3 vs b.shape[0]=5). Did you mean transposeB=true?',
  },
  {
    name: 'matMul of vectors points to dot',
    fn: () => fx.matMul(fx.ones([3]), fx.ones([3])),
    message: 'matMul: both operands must have rank >= 2, but a has shape [3] and b has shape [3]. Use dot() for vectors, or expandDims() to make a row or column matrix.',
  },
  {
    name: 'add of non-broadcastable shapes',
    fn: () => fx.add(fx.ones([2, 3]), fx.ones([4])),
    message: 'add: shapes [2,3] and [4] cannot be broadcast together (dimension -1 is 3 vs 4; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'reshape to a different size',
    fn: () => fx.reshape(fx.ones([2, 3]), [4, 2]),
    message: 'reshape: cannot reshape a tensor of shape [2,3] (6 elements) into shape [4,2] (8 elements); the number of elements must stay the same.',
  },
  {
    name: 'sum with an out-of-range axis',
    fn: () => fx.sum(fx.ones([2, 3]), 2),
    message: 'sum: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'tensor from a ragged array',
    fn: () => fx.tensor([[1, 2], [3]]),
    message: 'tensor: the nested array is ragged: expected element [1] to have length 2, but it has length 1. Every row must have the same length.',
  },
  {
    name: 'tensor from a string (plain JS caller)',
    fn: () => fx.tensor('abc' as unknown as number),
    message: 'tensor: values must be a number, a boolean, a nested array or a typed array, but received the string "abc".',
  },
  {
    name: 'grad with respect to an int32 tensor',
    fn: () => fx.grad((x) => fx.sum(x))(fx.tensor([1, 2], [2], 'int32')),
    message: "grad: x has dtype int32; gradients are defined only with respect to float32 or float64 tensors. Cast it first, e.g. fx.cast(x, 'float32').",
  },
  {
    name: 'neg of a bool tensor',
    fn: () => fx.neg(fx.tensor([true, false])),
    message: "neg: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'add with an object argument',
    fn: () => fx.add(fx.ones([2]), { a: 1 } as unknown as number),
    message: "add: argument 'b' must be a Tensor, a number, a boolean, a typed array or a nested array, but received an Object.",
  },
];
