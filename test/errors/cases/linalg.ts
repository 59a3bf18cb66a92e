import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the linalg family. */
export const cases: ErrorCase[] = [
  {
    name: 'fused.matMul with an unknown activation',
    fn: () => fx.fused.matMul({ a: fx.ones([2, 2]), b: fx.ones([2, 2]), activation: 'swish' as unknown as 'relu' }),
    message: "fused.matMul: activation must be one of 'linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'tanh', 'prelu', but received \"swish\".",
  },
  {
    name: 'fused.matMul prelu without weights',
    fn: () => fx.fused.matMul({ a: fx.ones([2, 2]), b: fx.ones([2, 2]), activation: 'prelu' }),
    message: "fused.matMul: activation 'prelu' needs preluActivationWeights (the slopes for negative inputs).",
  },
  {
    name: 'fused.matMul bias that does not broadcast to the product',
    fn: () => fx.fused.matMul({ a: fx.ones([2, 3]), b: fx.ones([3, 4]), bias: fx.ones([3]) }),
    message:
      "fused.matMul: bias of shape [3] does not broadcast to the product's shape [2,4]. " +
      'Use one value per output column (shape [n]) or a shape whose dimensions, aligned from the right, are equal or 1.',
  },
  {
    name: 'fused.matMul inner dimension mismatch (matMul checks the operands)',
    fn: () => fx.fused.matMul({ a: fx.ones([3, 2]), b: fx.ones([3, 4]) }),
    message: 'matMul: inner dimensions must match: a has shape [3,2] and b has shape [3,4] (a.shape[1]=2 vs b.shape[0]=3). Did you mean transposeA=true?',
  },
  {
    name: 'matMul batch dimensions that do not broadcast',
    fn: () => fx.matMul(fx.ones([2, 3, 4]), fx.ones([3, 4, 5])),
    message:
      'matMul: the batch dimensions of a (shape [2,3,4]) and b (shape [3,4,5]) cannot be broadcast together: [2] vs [3]. ' +
      'Leading dimensions, aligned from the right, must be equal or 1.',
  },
  {
    name: 'matMul inner dimension mismatch suggests transposeA',
    fn: () => fx.matMul(fx.ones([3, 2]), fx.ones([3, 4])),
    message: 'matMul: inner dimensions must match: a has shape [3,2] and b has shape [3,4] (a.shape[1]=2 vs b.shape[0]=3). Did you mean transposeA=true?',
  },
  {
    name: 'matMul of bool matrices',
    fn: () => fx.matMul(fx.tensor([[true]]), fx.tensor([[false]])),
    message: "matMul: argument 'a' must have dtype float32 or float64 or int32, but has dtype bool.",
  },
  {
    name: 'dot of a rank-3 tensor points to matMul and einsum',
    fn: () => fx.dot(fx.ones([2, 2, 2]), fx.ones([2])),
    message:
      'dot: t1 and t2 must each have rank 1 or 2, but t1 has shape [2,2,2] (rank 3) and t2 has shape [2] (rank 1). ' +
      'Use matMul() for batches of matrices or einsum() for other contractions.',
  },
  {
    name: 'dot inner dimension mismatch',
    fn: () => fx.dot(fx.ones([2, 3]), fx.ones([4])),
    message: 'dot: inner dimensions must match: t1 has shape [2,3] and t2 has shape [4] (3 vs 4).',
  },
  {
    name: 'outerProduct of a matrix',
    fn: () => fx.outerProduct(fx.ones([2, 2]), fx.ones([3])),
    message: 'outerProduct: v1 must be a vector (rank 1), but has shape [2,2]. Flatten it with reshape(v1, [-1]) or use einsum() for higher ranks.',
  },
  {
    name: 'einsum with a repeated output subscript',
    fn: () => fx.einsum('ij->ii', fx.ones([2, 2])),
    message: "einsum: the output subscripts 'ii' repeat 'i'; each output letter may appear once (take a diagonal on the input side instead, e.g. 'ii->i').",
  },
  {
    name: 'einsum with mismatched dimension sizes',
    fn: () => fx.einsum('ij,jk->ik', fx.ones([2, 3]), fx.ones([4, 5])),
    message:
      "einsum: subscript 'j' has size 3 in operand 0 (shape [2,3]) but size 4 in operand 1 (shape [4,5]); every axis labeled 'j' must have the same size.",
  },
  {
    name: 'einsum with the wrong number of operands',
    fn: () => fx.einsum('ij,jk->ik', fx.ones([2, 3])),
    message: "einsum: the equation 'ij,jk->ik' has 2 input terms, but 1 tensor was given; pass one tensor per comma-separated term.",
  },
  {
    name: 'einsum with a term that does not match the rank',
    fn: () => fx.einsum('ij->i', fx.ones([2, 3, 4])),
    message: "einsum: operand 0 has 2 subscripts ('ij') but rank 3 (shape [2,3,4]); give one letter per axis.",
  },
  {
    name: 'einsum with an ellipsis',
    fn: () => fx.einsum('...ij->...ji', fx.ones([2, 3, 4])),
    message:
      "einsum: the equation '...ij->...ji' uses an ellipsis ('...') in operand 0, which is not supported; name every axis with a letter, e.g. 'bij,bjk->bik'.",
  },
  {
    name: 'einsum with an output letter absent from the inputs',
    fn: () => fx.einsum('ij->k', fx.ones([2, 3])),
    message: "einsum: the output subscript 'k' of 'ij->k' does not appear in any input term.",
  },
  {
    name: 'einsum with a digit in the equation',
    fn: () => fx.einsum('i1->i', fx.ones([2, 3])),
    message:
      "einsum: the equation 'i1->i' has the character '1' in operand 0; subscripts must be letters a-z or A-Z, with ',' between operands and '->' before the output.",
  },
  {
    name: 'einsum of bool tensors',
    fn: () => fx.einsum('i->', fx.tensor([true])),
    message: "einsum: the tensors must have dtype float32, float64 or int32, but have dtype bool. Cast them first, e.g. cast(x, 'float32').",
  },
  {
    name: 'linalg.bandPart of a vector',
    fn: () => fx.linalg.bandPart(fx.ones([3]), 0, 0),
    message: 'linalg.bandPart: a must have rank >= 2 (a matrix or a batch of them), but has shape [3].',
  },
  {
    name: 'linalg.bandPart with numLower beyond the rows',
    fn: () => fx.linalg.bandPart(fx.ones([2, 3]), 3, 0),
    message: 'linalg.bandPart: numLower must be negative (keep the whole triangle) or at most the number of rows (2), but is 3.',
  },
  {
    name: 'linalg.bandPart with a fractional width',
    fn: () => fx.linalg.bandPart(fx.ones([2, 3]), 0, 0.5),
    message: 'linalg.bandPart: numUpper must be an integer (negative keeps the whole triangle), but received number 0.5.',
  },
  {
    name: 'linalg.inv of a non-square matrix',
    fn: () => fx.linalg.inv(fx.ones([2, 3])),
    message: 'linalg.inv: x must be a square matrix or a batch of them (shape [..., n, n]), but has shape [2,3].',
  },
  {
    name: 'linalg.inv of a singular matrix',
    fn: () => fx.linalg.inv([[1, 2], [2, 4]]),
    message:
      'linalg.inv: the matrix is singular (not invertible): LU factorization found a zero pivot in column 1. Check for linearly dependent rows or columns.',
  },
  {
    name: 'linalg.inv of a batch with a singular matrix names it',
    fn: () => fx.linalg.inv([[[1, 0], [0, 1]], [[0, 0], [0, 0]]]),
    message:
      'linalg.inv: matrix 1 of the batch is singular (not invertible): LU factorization found a zero pivot in column 0. Check for linearly dependent rows or columns.',
  },
  {
    name: 'linalg.inv of a vector',
    fn: () => fx.linalg.inv([1, 2]),
    message: 'linalg.inv: x must be a matrix or a batch of matrices (rank >= 2), but has shape [2]. Reshape a vector to [1, n] or [n, 1] first.',
  },
  {
    name: 'linalg.solve with a vector right-hand side',
    fn: () => fx.linalg.solve(fx.eye(3), fx.ones([3])),
    message:
      'linalg.solve: b must have rank >= 2 (shape [..., n, k], one column per right-hand side), but has shape [3]. For a single right-hand side, reshape it to [3, 1].',
  },
  {
    name: 'linalg.solve with mismatched rows',
    fn: () => fx.linalg.solve(fx.eye(3), fx.ones([4, 2])),
    message: 'linalg.solve: b must have as many rows as a: a has shape [3,3] (n=3) but b has shape [4,2] (4 rows).',
  },
  {
    name: 'linalg.solve with batch dimensions that do not broadcast',
    fn: () => fx.linalg.solve(fx.ones([2, 3, 3]), fx.ones([4, 3, 1])),
    message:
      'linalg.solve: the batch dimensions of a (shape [2,3,3]) and b (shape [4,3,1]) cannot be broadcast together: [2] vs [4]. ' +
      'Leading dimensions, aligned from the right, must be equal or 1.',
  },
  {
    name: 'linalg.solve with a singular matrix',
    fn: () => fx.linalg.solve([[1, 2], [2, 4]], [[1], [1]]),
    message:
      'linalg.solve: a is singular, so a·x = b has no unique solution: LU factorization found a zero pivot in column 1. Check for linearly dependent rows or columns.',
  },
  {
    name: 'linalg.cholesky of an indefinite matrix',
    fn: () => fx.linalg.cholesky([[1, 2], [2, 1]]),
    message:
      'linalg.cholesky: the matrix is not positive definite (the pivot of row 1 is -3). ' +
      'Cholesky needs a symmetric positive-definite matrix; if it is only semi-definite, add a small multiple of the identity.',
  },
  {
    name: 'linalg.cholesky of a non-square matrix',
    fn: () => fx.linalg.cholesky(fx.ones([2, 3])),
    message: 'linalg.cholesky: x must be a square matrix or a batch of them (shape [..., n, n]), but has shape [2,3].',
  },
  {
    name: 'linalg.qr of a vector',
    fn: () => fx.linalg.qr(fx.ones([3])),
    message: 'linalg.qr: x must be a matrix or a batch of matrices (rank >= 2), but has shape [3]. Reshape a vector to [1, n] or [n, 1] first.',
  },
  {
    name: 'linalg.qr gradient with full matrices of a tall matrix',
    fn: () => fx.grad((x) => fx.linalg.qr(x, true)[0])(fx.tensor([[1, 2], [3, 4], [5, 7]])),
    message:
      'linalg.qr: the gradient is not defined for fullMatrices=true when x has more rows than columns (shape [3,2]): ' +
      'the extra columns of q are not unique. Use fullMatrices=false.',
  },
  {
    name: 'linalg.gramSchmidt with more vectors than dimensions',
    fn: () => fx.linalg.gramSchmidt(fx.ones([3, 2])),
    message: 'linalg.gramSchmidt: the number of vectors (3) exceeds their dimension (2); at most 2 vectors of length 2 can be orthonormal.',
  },
  {
    name: 'linalg.gramSchmidt of linearly dependent vectors',
    fn: () => fx.linalg.gramSchmidt(fx.tensor([[1, 2], [2, 4]])),
    message:
      'linalg.gramSchmidt: the vectors are linearly dependent: vector 1 lies in the span of the vectors before it, so it cannot be orthonormalized.',
  },
  {
    name: 'linalg.gramSchmidt of vectors of different lengths',
    fn: () => fx.linalg.gramSchmidt([fx.ones([3]), fx.ones([2])]),
    message: 'linalg.gramSchmidt: every vector must have rank 1 and the length of xs[0] (3), but xs[1] has shape [2].',
  },
];
