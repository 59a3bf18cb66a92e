import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the creation family. */
export const cases: ErrorCase[] = [
  {
    name: 'tensor2d from flat values without a shape',
    fn: () => fx.tensor2d([1, 2, 3, 4]),
    message: 'tensor2d: values must have rank 2, but have rank 1 (shape [4]). For flat values, pass the shape (an array of 2 dimensions) as the second argument.',
  },
  {
    name: 'tensor3d from rank-2 values',
    fn: () => fx.tensor3d([[1, 2], [3, 4]]),
    message: 'tensor3d: values must have rank 3, but have rank 2 (shape [2,2]). Use tensor2d() or tensor() for rank 2.',
  },
  {
    name: 'tensor2d with a shape of the wrong length',
    fn: () => fx.tensor2d([1, 2, 3, 4], [1, 2, 2] as unknown as [number, number]),
    message: 'tensor2d: shape must be an array of 2 integers, but received [1,2,2].',
  },
  {
    name: 'tensor2d with too few values for the shape',
    fn: () => fx.tensor2d([1, 2, 3], [2, 2]),
    message: 'tensor2d: the shape [2,2] holds 4 values, but 3 were given.',
  },
  {
    name: 'tensor1d of a number',
    fn: () => fx.tensor1d(5),
    message: 'tensor1d: values must have rank 1, but have rank 0 (shape []). Use scalar() or tensor() for rank 0.',
  },
  {
    name: 'tensor with an unknown dtype',
    fn: () => fx.tensor([1], [1], 'int64' as fx.DType),
    message: 'tensor: dtype must be one of bool, int32, float32, float64, but received "int64".',
  },
  {
    name: 'tensor of a tensor',
    fn: () => fx.tensor(fx.ones([2])),
    message: 'tensor: values is already a Tensor; use clone() to copy it or cast() to change its dtype.',
  },
  {
    name: 'scalar of an array',
    fn: () => fx.scalar([1, 2] as unknown as number),
    message: 'scalar: value must be a number or a boolean, but received an array of length 2. Use tensor() for arrays.',
  },
  {
    name: 'zeros with a negative dimension',
    fn: () => fx.zeros([2, -1]),
    message: 'zeros: shape must be an array of non-negative integers, but received [2,-1].',
  },
  {
    name: 'ones with an unknown dtype',
    fn: () => fx.ones([2], 'complex64' as fx.DType),
    message: 'ones: dtype must be one of bool, int32, float32, float64, but received "complex64".',
  },
  {
    name: 'cast to an unknown dtype',
    fn: () => fx.cast(fx.ones([2]), 'string' as fx.DType),
    message: 'cast: dtype must be one of bool, int32, float32, float64, but received "string".',
  },
  {
    name: 'range with a zero step',
    fn: () => fx.range(0, 5, 0),
    message: 'range: step must be non-zero, but is 0; with a zero step the sequence would never reach stop.',
  },
  {
    name: 'range with fractional values for int32',
    fn: () => fx.range(0, 2.5, 0.5, 'int32'),
    message: "range: start, stop and step must be integers for dtype int32, but received start=0, stop=2.5, step=0.5. Use dtype 'float32' for fractional values.",
  },
  {
    name: 'range with a NaN stop',
    fn: () => fx.range(0, NaN),
    message: 'range: stop must be a finite number, but received number NaN.',
  },
  {
    name: 'range of bools',
    fn: () => fx.range(0, 2, 1, 'bool'),
    message: 'range: dtype must be float32, float64 or int32, but received "bool".',
  },
  {
    name: 'linspace with a fractional count',
    fn: () => fx.linspace(0, 1, 2.5),
    message: 'linspace: num must be a non-negative integer, but received number 2.5.',
  },
  {
    name: 'eye with a negative size',
    fn: () => fx.eye(-1),
    message: 'eye: numRows must be a non-negative integer, but received number -1.',
  },
  {
    name: 'eye with a fractional batch dimension',
    fn: () => fx.eye(2, 2, [1.5]),
    message: 'eye: batchShape must be an array of non-negative integers, but received [1.5].',
  },
  {
    name: 'oneHot of float indices',
    fn: () => fx.oneHot(fx.tensor([0, 1]), 2),
    message: "oneHot: argument 'indices' must have dtype int32, but has dtype float32. Cast them first with cast(indices, 'int32').",
  },
  {
    name: 'oneHot with a negative depth',
    fn: () => fx.oneHot([0, 1], -2),
    message: 'oneHot: depth must be a non-negative integer, but received number -2.',
  },
  {
    name: 'variable with a non-boolean trainable flag',
    fn: () => fx.variable(fx.ones([2]), 'yes' as unknown as boolean),
    message: 'variable: trainable must be a boolean, but received the string "yes".',
  },
  {
    name: 'variable with an empty name',
    fn: () => fx.variable(fx.ones([2]), true, ''),
    message: 'variable: name must be a non-empty string, but received the string "".',
  },
  {
    name: 'variable with an unknown dtype',
    fn: () => fx.variable(fx.ones([2]), true, 'v', 'float16' as fx.DType),
    message: 'variable: dtype must be one of bool, int32, float32, float64, but received "float16".',
  },
  {
    name: 'Variable.assign of another shape',
    fn: () => fx.variable(fx.ones([2]), true, 'w').assign(fx.ones([3])),
    message:
      'Variable.assign: variable "w" has shape [2] and dtype float32, but the new value has shape [3] and dtype float32. ' +
      'Cast or reshape the value first; a variable keeps its shape and dtype for its whole life.',
  },
  {
    name: 'Variable.assign of another dtype',
    fn: () => fx.variable(fx.ones([2]), true, 'w').assign(fx.ones([2], 'int32')),
    message:
      'Variable.assign: variable "w" has shape [2] and dtype float32, but the new value has shape [2] and dtype int32. ' +
      'Cast or reshape the value first; a variable keeps its shape and dtype for its whole life.',
  },
  {
    name: 'Variable.assignAdd of a delta that would grow the variable',
    fn: () => fx.variable(fx.ones([2]), true, 'w').assignAdd(fx.ones([3, 2])),
    message:
      'Variable.assignAdd: variable "w" has shape [2] and dtype float32, but the new value has shape [3,2] and dtype float32. ' +
      'Cast or reshape the value first; a variable keeps its shape and dtype for its whole life.',
  },
  {
    name: 'Variable.assignSub of a delta that does not broadcast',
    fn: () => fx.variable(fx.ones([2]), true, 'w').assignSub(fx.ones([3])),
    message:
      'sub: shapes [2] and [3] cannot be broadcast together (dimension -1 is 2 vs 3; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'Variable.assign of a plain array',
    fn: () => fx.variable(fx.ones([2]), true, 'w').assign([1, 2] as unknown as fx.Tensor),
    message: 'Variable.assign: the new value must be a Tensor, but received an array of length 2. Wrap it with fx.tensor() first.',
  },
];
