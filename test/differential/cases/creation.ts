import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

/** Rows of the creation family. Ops that take no tensor ignore the (empty) random inputs. */
export const cases: DiffCase[] = [
  { op: 'tensor', inputs: [], fx: () => fx.tensor([[1, 2, 3], [4, 5, 6]]), tf: (tf) => tf.tensor([[1, 2, 3], [4, 5, 6]]) },
  { op: 'tensor', label: 'flat values, shape and int32', inputs: [], fx: () => fx.tensor([1, 2, 3, 4], [2, 2], 'int32'), tf: (tf) => tf.tensor([1, 2, 3, 4], [2, 2], 'int32') },
  { op: 'tensor', label: 'bool', inputs: [], fx: () => fx.tensor([true, false]), tf: (tf) => tf.tensor([true, false]) },
  { op: 'scalar', inputs: [], fx: () => fx.scalar(3.25), tf: (tf) => tf.scalar(3.25) },
  { op: 'fill', inputs: [], fx: () => fx.fill([2, 3], 7, 'int32'), tf: (tf) => tf.fill([2, 3], 7, 'int32') },
  { op: 'zeros', inputs: [], fx: () => fx.zeros([3, 2]), tf: (tf) => tf.zeros([3, 2]) },
  { op: 'ones', inputs: [], fx: () => fx.ones([2, 0, 3]), tf: (tf) => tf.ones([2, 0, 3]) },
  { op: 'zerosLike', inputs: [{ shape: [2, 3], dtype: 'int32' }], fx: (x) => fx.zerosLike(x!), tf: (tf, x) => tf.zerosLike(x!) },
  { op: 'onesLike', inputs: [{ shape: [4] }], fx: (x) => fx.onesLike(x!), tf: (tf, x) => tf.onesLike(x!) },
  { op: 'cast', label: 'int32 to float32', inputs: [{ shape: [5], dtype: 'int32' }], fx: (x) => fx.cast(x!, 'float32'), tf: (tf, x) => tf.cast(x!, 'float32') },
  { op: 'cast', label: 'float32 to bool', inputs: [{ shape: [6], range: [-1, 1] }], fx: (x) => fx.cast(x!, 'bool'), tf: (tf, x) => tf.cast(x!, 'bool') },
  { op: 'clone', label: 'int32', inputs: [{ shape: [2, 2], dtype: 'int32' }], fx: (x) => fx.clone(x!), tf: (tf, x) => tf.clone(x!) },
  { op: 'tensor1d', inputs: [], fx: () => fx.tensor1d([1, 2, 3], 'int32'), tf: (tf) => tf.tensor1d([1, 2, 3], 'int32') },
  { op: 'tensor2d', inputs: [], fx: () => fx.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf: (tf) => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]) },
  { op: 'tensor3d', inputs: [], fx: () => fx.tensor3d([[[1], [2]], [[3], [4]]]), tf: (tf) => tf.tensor3d([[[1], [2]], [[3], [4]]]) },
  { op: 'tensor4d', inputs: [], fx: () => fx.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), tf: (tf) => tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) },
  { op: 'tensor5d', inputs: [], fx: () => fx.tensor5d([[[[[1, 2]]]]]), tf: (tf) => tf.tensor5d([[[[[1, 2]]]]]) },
  { op: 'tensor6d', inputs: [], fx: () => fx.tensor6d([1, 2, 3, 4], [1, 1, 1, 2, 2, 1]), tf: (tf) => tf.tensor6d([1, 2, 3, 4], [1, 1, 1, 2, 2, 1]) },
  { op: 'range', inputs: [], fx: () => fx.range(0, 10, 3), tf: (tf) => tf.range(0, 10, 3) },
  { op: 'range', label: 'negative step, int32', inputs: [], fx: () => fx.range(5, -5, -2, 'int32'), tf: (tf) => tf.range(5, -5, -2, 'int32') },
  { op: 'range', label: 'fractional step', inputs: [], fx: () => fx.range(-1, 1.2, 0.3), tf: (tf) => tf.range(-1, 1.2, 0.3) },
  { op: 'linspace', inputs: [], fx: () => fx.linspace(-2, 3, 11), tf: (tf) => tf.linspace(-2, 3, 11) },
  { op: 'eye', inputs: [], fx: () => fx.eye(3, 4), tf: (tf) => tf.eye(3, 4) },
  { op: 'eye', label: 'batched int32', inputs: [], fx: () => fx.eye(2, 2, [3], 'int32'), tf: (tf) => tf.eye(2, 2, [3], 'int32') },
  { op: 'oneHot', inputs: [{ shape: [2, 3], dtype: 'int32', range: [-1, 4] }], fx: (x) => fx.oneHot(x!, 4), tf: (tf, x) => tf.oneHot(x!, 4) },
  { op: 'oneHot', label: 'on/off values, float32', inputs: [{ shape: [5], dtype: 'int32', range: [0, 2] }], fx: (x) => fx.oneHot(x!, 3, 2, -1, 'float32'), tf: (tf, x) => tf.oneHot(x!, 3, 2, -1, 'float32') },
  { op: 'variable', inputs: [{ shape: [2, 3] }], fx: (x) => fx.variable(x!), tf: (tf, x) => tf.variable(x!) },
  { op: 'variable', label: 'with dtype', inputs: [{ shape: [4] }], fx: (x) => fx.variable(x!, false, undefined, 'int32'), tf: (tf, x) => tf.variable(x!, false, undefined, 'int32') },
];
