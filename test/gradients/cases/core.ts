import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

export const cases: GradCase[] = [
  { op: 'add', inputs: [{ shape: [2, 3] }, { shape: [3] }], fn: (a, b) => fx.add(a!, b!) },
  { op: 'add', label: 'size-1 and empty', inputs: [{ shape: [0, 3] }, { shape: [1, 3] }], fn: (a, b) => fx.add(a!, b!) },
  { op: 'sub', inputs: [{ shape: [2, 1] }, { shape: [1, 3] }], fn: (a, b) => fx.sub(a!, b!) },
  { op: 'mul', inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], fn: (a, b) => fx.mul(a!, b!), secondOrder: true },
  { op: 'div', inputs: [{ shape: [2, 3] }, { shape: [3], awayFromZero: 0.5 }], fn: (a, b) => fx.div(a!, b!), secondOrder: true },
  { op: 'neg', inputs: [{ shape: [4] }], fn: (x) => fx.neg(x!) },
  { op: 'exp', inputs: [{ shape: [2, 2] }], fn: (x) => fx.exp(x!), secondOrder: true },
  { op: 'log', inputs: [{ shape: [3], range: [0.5, 3] }], fn: (x) => fx.log(x!), secondOrder: true },
  { op: 'tanh', inputs: [{ shape: [3] }], fn: (x) => fx.tanh(x!), secondOrder: true },
  { op: 'sigmoid', inputs: [{ shape: [3] }], fn: (x) => fx.sigmoid(x!), secondOrder: true },
  { op: 'square', inputs: [{ shape: [2, 2] }], fn: (x) => fx.square(x!), secondOrder: true },
  { op: 'sum', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.sum(x!, [0, 2], true) },
  { op: 'sum', label: 'all axes', inputs: [{ shape: [3, 2] }], fn: (x) => fx.sum(x!) },
  { op: 'reshape', inputs: [{ shape: [2, 3] }], fn: (x) => fx.reshape(x!, [3, -1]) },
  { op: 'broadcastTo', inputs: [{ shape: [3, 1] }], fn: (x) => fx.broadcastTo(x!, [2, 3, 4]) },
  { op: 'matMul', inputs: [{ shape: [2, 3] }, { shape: [3, 4] }], fn: (a, b) => fx.matMul(a!, b!), secondOrder: true },
  { op: 'matMul', label: 'transposed', inputs: [{ shape: [3, 2] }, { shape: [4, 3] }], fn: (a, b) => fx.matMul(a!, b!, true, true) },
  { op: 'matMul', label: 'batched broadcast', inputs: [{ shape: [2, 2, 3] }, { shape: [3, 2] }], fn: (a, b) => fx.matMul(a!, b!) },
  { op: 'matMul', label: 'chain', inputs: [{ shape: [2, 3] }, { shape: [3, 3] }], fn: (a, b) => fx.matMul(fx.tanh(fx.matMul(a!, b!)), b!), secondOrder: true },
  { op: 'cast', inputs: [{ shape: [3] }], fn: (x) => fx.cast(fx.cast(x!, 'float32'), 'float64'), tol: 1e-3, eps: 1e-3 },
  { op: 'clone', inputs: [{ shape: [3] }], fn: (x) => fx.clone(x!) },
];
