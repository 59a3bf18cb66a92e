import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

/** Rows of the linalg family. */
export const cases: DiffCase[] = [
  { op: 'fused.matMul', label: 'relu, bias [n]', inputs: [{ shape: [5, 6] }, { shape: [6, 4] }, { shape: [4] }], fx: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'relu' }), tf: (tf, a, b, c) => tf.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'relu' }) },
  { op: 'fused.matMul', label: 'linear, transposeA and B, bias [1, n]', inputs: [{ shape: [6, 5] }, { shape: [4, 6] }, { shape: [1, 4] }], fx: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, transposeA: true, transposeB: true }), tf: (tf, a, b, c) => tf.fused.matMul({ a: a!, b: b!, bias: c!, transposeA: true, transposeB: true }) },
  { op: 'fused.matMul', label: 'sigmoid, no bias', inputs: [{ shape: [3, 7] }, { shape: [7, 2] }], fx: (a, b) => fx.fused.matMul({ a: a!, b: b!, activation: 'sigmoid' }), tf: (tf, a, b) => tf.fused.matMul({ a: a!, b: b!, activation: 'sigmoid' }) },
  { op: 'fused.matMul', label: 'leakyrelu', inputs: [{ shape: [4, 3] }, { shape: [3, 5] }, { shape: [5] }], fx: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'leakyrelu', leakyreluAlpha: 0.1 }), tf: (tf, a, b, c) => tf.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'leakyrelu', leakyreluAlpha: 0.1 }) },
  { op: 'matMul', label: 'transposeA', inputs: [{ shape: [4, 3] }, { shape: [4, 5] }], fx: (a, b) => fx.matMul(a!, b!, true), tf: (tf, a, b) => tf.matMul(a!, b!, true) },
  // TensorFlow.js's cpu kernel broadcasts batch dimensions correctly only when one side's batch is
  // all ones or missing ([2,1,3,4]·[3,4,2] comes out wrong there); test/ops/linalg.test.ts checks
  // the general case against a reference product.
  { op: 'matMul', label: 'batch broadcast of a size-1 batch', inputs: [{ shape: [1, 3, 4] }, { shape: [2, 4, 2] }], fx: (a, b) => fx.matMul(a!, b!), tf: (tf, a, b) => tf.matMul(a!, b!) },
  { op: 'matMul', label: 'batch against a matrix', inputs: [{ shape: [2, 3, 4] }, { shape: [4, 2] }], fx: (a, b) => fx.matMul(a!, b!), tf: (tf, a, b) => tf.matMul(a!, b!) },
  { op: 'matMul', label: 'int32', inputs: [{ shape: [3, 4], dtype: 'int32' }, { shape: [4, 2], dtype: 'int32' }], fx: (a, b) => fx.matMul(a!, b!), tf: (tf, a, b) => tf.matMul(a!, b!) },

  { op: 'dot', label: 'vector·vector', inputs: [{ shape: [6] }, { shape: [6] }], fx: (a, b) => fx.dot(a!, b!), tf: (tf, a, b) => tf.dot(a!, b!) },
  { op: 'dot', label: 'matrix·vector', inputs: [{ shape: [3, 6] }, { shape: [6] }], fx: (a, b) => fx.dot(a!, b!), tf: (tf, a, b) => tf.dot(a!, b!) },
  { op: 'dot', label: 'vector·matrix', inputs: [{ shape: [3] }, { shape: [3, 5] }], fx: (a, b) => fx.dot(a!, b!), tf: (tf, a, b) => tf.dot(a!, b!) },
  { op: 'dot', label: 'matrix·matrix', inputs: [{ shape: [2, 3] }, { shape: [3, 4] }], fx: (a, b) => fx.dot(a!, b!), tf: (tf, a, b) => tf.dot(a!, b!) },

  { op: 'outerProduct', inputs: [{ shape: [4] }, { shape: [3] }], fx: (a, b) => fx.outerProduct(a!, b!), tf: (tf, a, b) => tf.outerProduct(a! as never, b! as never) },

  { op: 'einsum', label: 'ij,jk->ik', inputs: [{ shape: [3, 4] }, { shape: [4, 5] }], fx: (a, b) => fx.einsum('ij,jk->ik', a!, b!), tf: (tf, a, b) => tf.einsum('ij,jk->ik', a!, b!) },
  { op: 'einsum', label: 'bij,bjk->bik', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 2] }], fx: (a, b) => fx.einsum('bij,bjk->bik', a!, b!), tf: (tf, a, b) => tf.einsum('bij,bjk->bik', a!, b!) },
  { op: 'einsum', label: 'bhqd,bhkd->bhqk', inputs: [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 5, 4] }], fx: (a, b) => fx.einsum('bhqd,bhkd->bhqk', a!, b!), tf: (tf, a, b) => tf.einsum('bhqd,bhkd->bhqk', a!, b!) },
  { op: 'einsum', label: 'ij->ji', inputs: [{ shape: [3, 4] }], fx: (a) => fx.einsum('ij->ji', a!), tf: (tf, a) => tf.einsum('ij->ji', a!) },
  { op: 'einsum', label: 'ij->i', inputs: [{ shape: [3, 4] }], fx: (a) => fx.einsum('ij->i', a!), tf: (tf, a) => tf.einsum('ij->i', a!) },
  { op: 'einsum', label: 'ij->', inputs: [{ shape: [3, 4] }], fx: (a) => fx.einsum('ij->', a!), tf: (tf, a) => tf.einsum('ij->', a!) },
  { op: 'einsum', label: 'i,i->', inputs: [{ shape: [5] }, { shape: [5] }], fx: (a, b) => fx.einsum('i,i->', a!, b!), tf: (tf, a, b) => tf.einsum('i,i->', a!, b!) },
  { op: 'einsum', label: 'i,j->ij', inputs: [{ shape: [3] }, { shape: [4] }], fx: (a, b) => fx.einsum('i,j->ij', a!, b!), tf: (tf, a, b) => tf.einsum('i,j->ij', a!, b!) },
  { op: 'einsum', label: 'ij,ij->ij', inputs: [{ shape: [3, 4] }, { shape: [3, 4] }], fx: (a, b) => fx.einsum('ij,ij->ij', a!, b!), tf: (tf, a, b) => tf.einsum('ij,ij->ij', a!, b!) },

  { op: 'linalg.bandPart', inputs: [{ shape: [2, 4, 5] }], fx: (a) => fx.linalg.bandPart(a!, 1, 2), tf: (tf, a) => tf.linalg.bandPart(a!, 1, 2) },
  { op: 'linalg.bandPart', label: 'lower triangle', inputs: [{ shape: [4, 4] }], fx: (a) => fx.linalg.bandPart(a!, -1, 0), tf: (tf, a) => tf.linalg.bandPart(a!, -1, 0) },

  { op: 'linalg.qr', label: 'tall', inputs: [{ shape: [5, 3] }], fx: (a) => fx.linalg.qr(a!), tf: (tf, a) => tf.linalg.qr(a!) },
  { op: 'linalg.qr', label: 'square batch', inputs: [{ shape: [2, 3, 3] }], fx: (a) => fx.linalg.qr(a!), tf: (tf, a) => tf.linalg.qr(a!) },
  { op: 'linalg.qr', label: 'wide', inputs: [{ shape: [2, 4] }], fx: (a) => fx.linalg.qr(a!), tf: (tf, a) => tf.linalg.qr(a!) },
  { op: 'linalg.qr', label: 'tall, fullMatrices', inputs: [{ shape: [4, 2] }], fx: (a) => fx.linalg.qr(a!, true), tf: (tf, a) => tf.linalg.qr(a!, true) },

  { op: 'linalg.gramSchmidt', inputs: [{ shape: [3, 5] }], fx: (a) => fx.linalg.gramSchmidt(a!), tf: (tf, a) => tf.linalg.gramSchmidt(a! as never) as never },
  {
    op: 'linalg.gramSchmidt',
    label: 'list of vectors',
    inputs: [{ shape: [4] }, { shape: [4] }],
    fx: (a, b) => fx.linalg.gramSchmidt([a!, b!]),
    tf: (tf, a, b) => tf.linalg.gramSchmidt([a!, b!] as never) as never,

  },
];
