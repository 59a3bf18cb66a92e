import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

export const cases: DiffCase[] = [
  { op: 'add', inputs: [{ shape: [2, 3] }, { shape: [3] }], fx: (a, b) => fx.add(a!, b!), tf: (tf, a, b) => tf.add(a!, b!) },
  { op: 'add', label: 'int32', inputs: [{ shape: [4], dtype: 'int32' }, { shape: [4], dtype: 'int32' }], fx: (a, b) => fx.add(a!, b!), tf: (tf, a, b) => tf.add(a!, b!) },
  { op: 'sub', inputs: [{ shape: [2, 1] }, { shape: [1, 3] }], fx: (a, b) => fx.sub(a!, b!), tf: (tf, a, b) => tf.sub(a!, b!) },
  { op: 'mul', inputs: [{ shape: [3, 4] }, { shape: [3, 1] }], fx: (a, b) => fx.mul(a!, b!), tf: (tf, a, b) => tf.mul(a!, b!) },
  { op: 'div', inputs: [{ shape: [5] }, { shape: [5], awayFromZero: 0.3 }], fx: (a, b) => fx.div(a!, b!), tf: (tf, a, b) => tf.div(a!, b!) },
  { op: 'div', label: 'int32 floors', inputs: [{ shape: [6], dtype: 'int32' }, { shape: [6], dtype: 'int32', range: [1, 4] }], fx: (a, b) => fx.div(a!, b!), tf: (tf, a, b) => tf.div(a!, b!) },
  { op: 'neg', inputs: [{ shape: [7] }], fx: (x) => fx.neg(x!), tf: (tf, x) => tf.neg(x!) },
  { op: 'exp', inputs: [{ shape: [7] }], fx: (x) => fx.exp(x!), tf: (tf, x) => tf.exp(x!) },
  { op: 'log', inputs: [{ shape: [7], range: [0.1, 5] }], fx: (x) => fx.log(x!), tf: (tf, x) => tf.log(x!) },
  { op: 'tanh', inputs: [{ shape: [7] }], fx: (x) => fx.tanh(x!), tf: (tf, x) => tf.tanh(x!) },
  { op: 'sigmoid', inputs: [{ shape: [7] }], fx: (x) => fx.sigmoid(x!), tf: (tf, x) => tf.sigmoid(x!) },
  { op: 'square', inputs: [{ shape: [7] }], fx: (x) => fx.square(x!), tf: (tf, x) => tf.square(x!) },
  { op: 'sum', inputs: [{ shape: [2, 3, 4] }], fx: (x) => fx.sum(x!, [0, 2], true), tf: (tf, x) => tf.sum(x!, [0, 2], true) },
  { op: 'reshape', inputs: [{ shape: [2, 6] }], fx: (x) => fx.reshape(x!, [3, -1]), tf: (tf, x) => tf.reshape(x!, [3, -1]) },
  { op: 'broadcastTo', inputs: [{ shape: [3, 1] }], fx: (x) => fx.broadcastTo(x!, [2, 3, 4]), tf: (tf, x) => tf.broadcastTo(x!, [2, 3, 4]) },
  { op: 'matMul', inputs: [{ shape: [5, 7] }, { shape: [7, 3] }], fx: (a, b) => fx.matMul(a!, b!), tf: (tf, a, b) => tf.matMul(a!, b!) },
  { op: 'matMul', label: 'transposed batched', inputs: [{ shape: [2, 7, 5] }, { shape: [2, 3, 7] }], fx: (a, b) => fx.matMul(a!, b!, true, true), tf: (tf, a, b) => tf.matMul(a!, b!, true, true) },
  { op: 'cast', inputs: [{ shape: [6], range: [-3, 3] }], fx: (x) => fx.cast(x!, 'int32'), tf: (tf, x) => tf.cast(x!, 'int32') },
  { op: 'clone', inputs: [{ shape: [3] }], fx: (x) => fx.clone(x!), tf: (tf, x) => tf.clone(x!) },
];
