import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** x + c·I: keeps random matrices well conditioned for inv/solve. */
const shift = (x: fx.Tensor, c: number): fx.Tensor => fx.add(x, fx.mul(fx.eye(x.shape[x.rank - 1]!, undefined, undefined, 'float64'), c));
/** x·xᵀ + c·I: a symmetric positive-definite matrix for cholesky. */
const spd = (x: fx.Tensor, c: number): fx.Tensor => shift(fx.matMul(x, x, false, true), c);

/** Rows of the linalg family. */
export const cases: GradCase[] = [
  { op: 'matMul', label: 'transposeA, batch broadcast of size-1', inputs: [{ shape: [1, 3, 2] }, { shape: [2, 3, 4] }], fn: (a, b) => fx.matMul(a!, b!, true, false), secondOrder: true },
  { op: 'fused.matMul', label: 'linear, bias [n]', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }, { shape: [2] }], fn: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c! }), secondOrder: true },
  { op: 'fused.matMul', label: 'sigmoid, transposeA, bias [1, n]', inputs: [{ shape: [4, 3] }, { shape: [4, 2] }, { shape: [1, 2] }], fn: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, transposeA: true, activation: 'sigmoid' }), secondOrder: true },
  { op: 'fused.matMul', label: 'tanh, transposeB, batch broadcast, bias [m, 1]', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4] }, { shape: [3, 1] }], fn: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, transposeB: true, activation: 'tanh' }), secondOrder: true },
  { op: 'fused.matMul', label: 'elu, transposeA and B', inputs: [{ shape: [4, 3] }, { shape: [2, 4] }, { shape: [2] }], fn: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, transposeA: true, transposeB: true, activation: 'elu' }) },
  { op: 'fused.matMul', label: 'relu (values off the kink)', inputs: [{ shape: [3, 2], values: [1, -2, 0.5, 1.5, -1, -0.25] }, { shape: [2, 2], values: [0.75, -1, 1.25, 0.5] }, { shape: [2], values: [0.1, -0.2] }], fn: (a, b, c) => fx.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'relu' }) },
  { op: 'fused.matMul', label: 'relu6 and leakyrelu (values off the kinks)', inputs: [{ shape: [3, 2], values: [1, -2, 3.5, 1.5, -1, -0.25] }, { shape: [2, 2], values: [0.75, -1, 1.25, 0.5] }], fn: (a, b) => fx.add(fx.fused.matMul({ a: a!, b: b!, activation: 'relu6' }), fx.fused.matMul({ a: a!, b: b!, activation: 'leakyrelu', leakyreluAlpha: 0.3 })) },
  { op: 'fused.matMul', label: 'prelu (composed)', inputs: [{ shape: [3, 2], values: [1, -2, 0.5, 1.5, -1, -0.25] }, { shape: [2, 2], values: [0.75, -1, 1.25, 0.5] }, { shape: [2], values: [0.2, 0.4] }], fn: (a, b, w) => fx.fused.matMul({ a: a!, b: b!, activation: 'prelu', preluActivationWeights: w! }) },
  { op: 'matMul', label: 'empty inner dimension', inputs: [{ shape: [2, 0] }, { shape: [0, 3] }], fn: (a, b) => fx.matMul(a!, b!) },

  { op: 'dot', label: 'vector·vector', inputs: [{ shape: [4] }, { shape: [4] }], fn: (a, b) => fx.dot(a!, b!), secondOrder: true },
  { op: 'dot', label: 'matrix·vector', inputs: [{ shape: [3, 4] }, { shape: [4] }], fn: (a, b) => fx.dot(a!, b!), secondOrder: true },
  { op: 'dot', label: 'vector·matrix', inputs: [{ shape: [3] }, { shape: [3, 2] }], fn: (a, b) => fx.dot(a!, b!) },
  { op: 'dot', label: 'matrix·matrix', inputs: [{ shape: [2, 3] }, { shape: [3, 1] }], fn: (a, b) => fx.dot(a!, b!) },

  { op: 'outerProduct', inputs: [{ shape: [3] }, { shape: [4] }], fn: (a, b) => fx.outerProduct(a!, b!), secondOrder: true },
  { op: 'outerProduct', label: 'size-1', inputs: [{ shape: [1] }, { shape: [2] }], fn: (a, b) => fx.outerProduct(a!, b!) },

  { op: 'einsum', label: 'ij,jk->ik', inputs: [{ shape: [2, 3] }, { shape: [3, 4] }], fn: (a, b) => fx.einsum('ij,jk->ik', a!, b!), secondOrder: true },
  { op: 'einsum', label: 'bhqd,bhkd->bhqk', inputs: [{ shape: [1, 2, 3, 2] }, { shape: [1, 2, 2, 2] }], fn: (a, b) => fx.einsum('bhqd,bhkd->bhqk', a!, b!), secondOrder: true },
  { op: 'einsum', label: 'ij->ji', inputs: [{ shape: [2, 3] }], fn: (a) => fx.einsum('ij->ji', a!) },
  { op: 'einsum', label: 'ij->i', inputs: [{ shape: [2, 3] }], fn: (a) => fx.einsum('ij->i', a!) },
  { op: 'einsum', label: 'i,j->ij', inputs: [{ shape: [3] }, { shape: [2] }], fn: (a, b) => fx.einsum('i,j->ij', a!, b!) },
  { op: 'einsum', label: 'ij,ij->ij', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], fn: (a, b) => fx.einsum('ij,ij->ij', a!, b!), secondOrder: true },
  { op: 'einsum', label: 'ii->i and implicit ij,jk', inputs: [{ shape: [3, 3] }, { shape: [3, 2] }], fn: (a, b) => fx.einsum('ij,jk', fx.reshape(fx.einsum('ii->i', a!), [1, 3]), b!) },
  { op: 'einsum', label: 'three operands, empty dim', inputs: [{ shape: [2, 0] }, { shape: [0, 3] }, { shape: [3] }], fn: (a, b, c) => fx.einsum('ij,jk,k->i', a!, b!, c!) },

  { op: 'linalg.bandPart', inputs: [{ shape: [2, 3, 4] }], fn: (x) => fx.linalg.bandPart(x!, 1, 0), secondOrder: true },
  { op: 'linalg.bandPart', label: 'upper triangle', inputs: [{ shape: [3, 3] }], fn: (x) => fx.mul(fx.linalg.bandPart(x!, 0, -1), x!), secondOrder: true },

  { op: 'linalg.inv', inputs: [{ shape: [3, 3] }], fn: (x) => fx.linalg.inv(shift(x!, 4)), secondOrder: true },
  { op: 'linalg.inv', label: 'batched, 1x1', inputs: [{ shape: [2, 1, 1], range: [1, 2] }], fn: (x) => fx.linalg.inv(x!), secondOrder: true },

  { op: 'linalg.solve', inputs: [{ shape: [3, 3] }, { shape: [3, 2] }], fn: (a, b) => fx.linalg.solve(shift(a!, 4), b!), secondOrder: true },
  { op: 'linalg.solve', label: 'batch broadcast', inputs: [{ shape: [2, 1, 2, 2] }, { shape: [3, 2, 1] }], fn: (a, b) => fx.linalg.solve(shift(a!, 4), b!) },

  { op: 'linalg.cholesky', inputs: [{ shape: [3, 3] }], fn: (x) => fx.linalg.cholesky(spd(x!, 1)), secondOrder: true },
  { op: 'linalg.cholesky', label: 'batched', inputs: [{ shape: [2, 2, 2] }], fn: (x) => fx.linalg.cholesky(spd(x!, 0.5)) },

  { op: 'linalg.qr', label: 'q of a tall matrix', inputs: [{ shape: [4, 3] }], fn: (x) => fx.linalg.qr(x!)[0], secondOrder: true },
  { op: 'linalg.qr', label: 'r of a tall matrix', inputs: [{ shape: [4, 3] }], fn: (x) => fx.linalg.qr(x!)[1], secondOrder: true },
  { op: 'linalg.qr', label: 'q and r of a square batch', inputs: [{ shape: [2, 3, 3] }], fn: (x) => { const [q, r] = fx.linalg.qr(x!); return fx.add(q, fx.mul(r, 0.5)); } },
  { op: 'linalg.qr', label: 'q of a wide matrix', inputs: [{ shape: [2, 4] }], fn: (x) => fx.linalg.qr(x!)[0], secondOrder: true },
  { op: 'linalg.qr', label: 'r of a wide matrix', inputs: [{ shape: [2, 4] }], fn: (x) => fx.linalg.qr(x!)[1] },
  { op: 'linalg.qr', label: 'square, fullMatrices', inputs: [{ shape: [3, 3] }], fn: (x) => { const [q, r] = fx.linalg.qr(x!, true); return fx.add(fx.mul(q, 3), r); } },

  { op: 'linalg.gramSchmidt', inputs: [{ shape: [3, 5] }], fn: (x) => fx.linalg.gramSchmidt(x!) },
  { op: 'linalg.gramSchmidt', label: 'list of vectors', inputs: [{ shape: [3] }, { shape: [3] }], fn: (a, b) => { const [y0, y1] = fx.linalg.gramSchmidt([a!, b!]); return fx.add(y0!, fx.mul(y1!, 2)); } },
];
