/**
 * The `fx.linalg` namespace: TensorFlow.js's tf.linalg (bandPart, qr, gramSchmidt) plus inv,
 * solve and cholesky from TensorFlow's tf.linalg. Every op works on batches of matrices (the last
 * two axes) and has a gradient.
 */
import type { DType } from '../core/dtype.js';
import { registerGradient, runKernel, runKernelMulti } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/linalg.js';
import { add, mul, sub } from './binary.js';
import { asFloat, binaryOperands, convertToTensor, requireDType } from './convert.js';
import { tensor } from './creation.js';
import { matMul } from './linalg.js';
import { defineOp } from './registry.js';
import { broadcastTo, reshape, transpose } from './shape.js';
import { neg } from './unary.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];

/** Swaps the last two axes (the matrix transpose of every matrix in a batch). */
function matrixTranspose(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return transpose(x, perm);
}

/** Converts a float-only matrix argument (int32 promotes to float32) and checks its rank. */
function matrixArg(op: string, arg: string, x: TensorLike, square: boolean): Tensor {
  const $x = convertToTensor(x, arg, op);
  requireDType(op, arg, $x, NUMERIC);
  if ($x.rank < 2) {
    throw new FluxionError(
      `${op}: ${arg} must be a matrix or a batch of matrices (rank >= 2), but has shape ${fmtShape($x.shape)}.` +
        ($x.rank === 1 ? ` Reshape a vector to [1, n] or [n, 1] first.` : ''),
    );
  }
  if (square && $x.shape[$x.rank - 1] !== $x.shape[$x.rank - 2]) {
    throw new FluxionError(
      `${op}: ${arg} must be a square matrix or a batch of them (shape [..., n, n]), but has shape ${fmtShape($x.shape)}.`,
    );
  }
  return asFloat($x);
}

// ---------------------------------------------------------------- bandPart

function bandWidth(arg: 'numLower' | 'numUpper', v: number | Tensor, limit: number, what: string): number {
  let value: number;
  if (v instanceof Tensor) {
    if (v.rank !== 0) {
      throw new FluxionError(`linalg.bandPart: ${arg} must be a number or a scalar tensor, but is a tensor of shape ${fmtShape(v.shape)}.`);
    }
    value = v.dataSync()[0] as number;
  } else {
    value = v;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new FluxionError(`linalg.bandPart: ${arg} must be an integer (negative keeps the whole triangle), but received ${describeValue(value)}.`);
  }
  if (value > limit) {
    throw new FluxionError(
      `linalg.bandPart: ${arg} must be negative (keep the whole triangle) or at most the number of ${what} (${limit}), but is ${value}.`,
    );
  }
  return value;
}

/**
 * Keeps a band of every inner matrix: entry (i, j) survives when (numLower < 0 or i - j <= numLower)
 * and (numUpper < 0 or j - i <= numUpper); the rest become 0. bandPart(a, -1, 0) is the lower
 * triangle, bandPart(a, 0, 0) the diagonal.
 */
export const bandPart = defineOp(
  { name: 'linalg.bandPart', family: 'linalg', dtypes: 'all', gradient: 'yes', kernels: ['bandPart'] },
  (a: TensorLike, numLower: number | Tensor, numUpper: number | Tensor): Tensor => {
    const $a = convertToTensor(a, 'a', 'linalg.bandPart');
    if ($a.rank < 2) {
      throw new FluxionError(`linalg.bandPart: a must have rank >= 2 (a matrix or a batch of them), but has shape ${fmtShape($a.shape)}.`);
    }
    const lower = bandWidth('numLower', numLower, $a.shape[$a.rank - 2] as number, 'rows');
    const upper = bandWidth('numUpper', numUpper, $a.shape[$a.rank - 1] as number, 'columns');
    return runKernel('bandPart', [$a], { numLower: lower, numUpper: upper });
  },
);

registerGradient('bandPart', ([dy], { attrs }) => [runKernel('bandPart', [dy], { ...attrs })]);

// ---------------------------------------------------------------- inv, solve, cholesky

/** The inverse of every inner square matrix; throws on a singular matrix. */
export const inv = defineOp(
  { name: 'linalg.inv', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['matrixInverse'] },
  (x: TensorLike): Tensor => runKernel('matrixInverse', [matrixArg('linalg.inv', 'x', x, true)], {}),
);

// d(A⁻¹) = -A⁻¹ dA A⁻¹, so dA = -A⁻ᵀ dY A⁻ᵀ
registerGradient('matrixInverse', ([dy], { outputs: [y] }) => [neg(matMul(matMul(y, dy, true, false), y, false, true))]);

/**
 * Solves a·x = b for x: a is [..., n, n] and b [..., n, k]; batch dimensions broadcast. Uses an LU
 * factorization with partial pivoting; throws when a is singular.
 */
export const solve = defineOp(
  { name: 'linalg.solve', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['matrixSolve'] },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [ca, cb] = binaryOperands('linalg.solve', a, b);
    const $a = matrixArg('linalg.solve', 'a', ca, true);
    const $b = asFloat(cb);
    if ($b.rank < 2) {
      throw new FluxionError(
        `linalg.solve: b must have rank >= 2 (shape [..., n, k], one column per right-hand side), but has shape ${fmtShape($b.shape)}.` +
          ($b.rank === 1 ? ` For a single right-hand side, reshape it to [${$b.size}, 1].` : ''),
      );
    }
    const n = $a.shape[$a.rank - 1] as number;
    const rows = $b.shape[$b.rank - 2] as number;
    if (rows !== n) {
      throw new FluxionError(
        `linalg.solve: b must have as many rows as a: a has shape ${fmtShape($a.shape)} (n=${n}) but b has shape ` +
          `${fmtShape($b.shape)} (${rows} rows).`,
      );
    }
    const k = $b.shape[$b.rank - 1] as number;
    const batchA = $a.shape.slice(0, -2);
    const batchB = $b.shape.slice(0, -2);
    const clash = batchA.some((d, i) => {
      const e = batchB[batchB.length - batchA.length + i] ?? 1;
      return d !== e && d !== 1 && e !== 1;
    });
    if (clash) {
      throw new FluxionError(
        `linalg.solve: the batch dimensions of a (shape ${fmtShape($a.shape)}) and b (shape ${fmtShape($b.shape)}) cannot be broadcast ` +
          `together: ${fmtShape(batchA)} vs ${fmtShape(batchB)}. Leading dimensions, aligned from the right, must be equal or 1.`,
      );
    }
    const batch = broadcastShapes('linalg.solve', batchA, batchB);
    return runKernel('matrixSolve', [broadcastTo($a, [...batch, n, n]), broadcastTo($b, [...batch, n, k])], {});
  },
);

// x = A⁻¹B: dB = A⁻ᵀ dX, dA = -dB xᵀ
registerGradient('matrixSolve', ([dy], { inputs: [a], outputs: [x] }) => {
  const db = runKernel('matrixSolve', [matrixTranspose(a), dy], {});
  return [neg(matMul(db, x, false, true)), db];
});

/**
 * The Cholesky factor of every inner symmetric positive-definite matrix: lower-triangular L with
 * L·Lᵀ = x. Only the lower triangle of x is read; throws when x is not positive definite.
 */
export const cholesky = defineOp(
  { name: 'linalg.cholesky', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['cholesky'] },
  (x: TensorLike): Tensor => runKernel('cholesky', [matrixArg('linalg.cholesky', 'x', x, true)], {}),
);

// Murray (2016): dA = sym(L⁻ᵀ Φ(Lᵀ dL) L⁻¹), Φ = lower triangle with the diagonal halved.
registerGradient('cholesky', ([dy], { outputs: [l] }) => {
  const lInv = runKernel('matrixInverse', [l], {});
  const middle = matMul(l, dy, true, false);
  const phi = sub(runKernel('bandPart', [middle], { numLower: -1, numUpper: 0 }), mul(runKernel('bandPart', [middle], { numLower: 0, numUpper: 0 }), 0.5));
  const g = matMul(matMul(lInv, phi, true, false), lInv);
  return [mul(add(g, matrixTranspose(g)), 0.5)];
});

// ---------------------------------------------------------------- qr, gramSchmidt

/**
 * QR decomposition of every inner [m, n] matrix by Householder reflections (TensorFlow.js's sign
 * convention): returns [q, r] with q·r = x, q with orthonormal columns and r upper triangular.
 * fullMatrices false (the default) gives q [m, min(m,n)] and r [min(m,n), n]; true gives q
 * [m, m] and r [m, n].
 */
export const qr = defineOp(
  { name: 'linalg.qr', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['qr'] },
  (x: TensorLike, fullMatrices = false): [Tensor, Tensor] => {
    const $x = matrixArg('linalg.qr', 'x', x, false);
    if (typeof fullMatrices !== 'boolean') {
      throw new FluxionError(`linalg.qr: fullMatrices must be a boolean, but received ${describeValue(fullMatrices)}.`);
    }
    const [q, r] = runKernelMulti('qr', [$x], { fullMatrices });
    return [q, r as Tensor];
  },
);

/** The constant [rows, cols] matrix with ones at (offset + i, i): x·S selects columns offset.. of x. */
function selector(rows: number, cols: number, offset: number, dtype: DType): Tensor {
  const values = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < cols && offset + i < rows; i++) values[(offset + i) * cols + i] = 1;
  return tensor(values, [rows, cols], dtype);
}

/** The constant [rows, cols] matrix with a single one at (r, c). */
function unitMatrix(rows: number, cols: number, r: number, c: number, dtype: DType): Tensor {
  const values = new Array<number>(rows * cols).fill(0);
  values[r * cols + c] = 1;
  return tensor(values, [rows, cols], dtype);
}

/** The QR gradient for m >= n with reduced (or square) factors. */
function qrGradDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = matMul(q, dq, true, false);
  const qdqAnti = sub(qdq, matrixTranspose(qdq));
  const rdr = matMul(r, dr, false, true);
  const rdrAnti = sub(rdr, matrixTranspose(rdr));
  const lower = runKernel('bandPart', [add(qdqAnti, rdrAnti)], { numLower: -1, numUpper: 0 });
  const rInv = runKernel('matrixInverse', [r], {});
  const gradA = matMul(q, add(dr, matMul(lower, rInv, false, true)));
  const gradB = matMul(sub(dq, matMul(q, qdq)), rInv, false, true);
  return add(gradA, gradB);
}

registerGradient('qr', ([dq, dr], { inputs: [a], outputs: [q, r], attrs: { fullMatrices } }) => {
  const m = a.shape[a.rank - 2] as number;
  const n = a.shape[a.rank - 1] as number;
  const rr = r as Tensor;
  if (m >= n) {
    if (fullMatrices && m > n) {
      throw new FluxionError(
        `linalg.qr: the gradient is not defined for fullMatrices=true when x has more rows than columns (shape ${fmtShape(a.shape)}): ` +
          'the extra columns of q are not unique. Use fullMatrices=false.',
      );
    }
    return [qrGradDeep(q, rr, dq, dr as Tensor)];
  }
  // wide x = [X | Y] with X square: r = [U | V]; differentiate through X = q·U and Y = q·V.
  const first = selector(n, m, 0, a.dtype);
  const rest = selector(n, n - m, m, a.dtype);
  const y = matMul(a, rest);
  const u = matMul(rr, first);
  const dv = matMul(dr as Tensor, rest);
  const du = matMul(dr as Tensor, first);
  const dx = qrGradDeep(q, u, add(dq, matMul(y, dv, false, true)), du);
  const dyPart = matMul(q, dv);
  return [add(matMul(dx, first, false, true), matMul(dyPart, rest, false, true))];
});

/**
 * Gram-Schmidt orthonormalization of the rows of a [n, d] matrix (n <= d), or of a list of n
 * vectors of length d: each result row is the input row minus its projections on the previous
 * results, normalized. Computed through a Householder QR of the transpose (more accurate than
 * the classical recurrence; same result). The vectors must be linearly independent.
 */
export const gramSchmidt = defineOp(
  { name: 'linalg.gramSchmidt', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  ((xs: TensorLike | readonly TensorLike[]): Tensor | Tensor[] => {
    const op = 'linalg.gramSchmidt';
    let x: Tensor;
    const isList = Array.isArray(xs) && xs.length > 0 && xs.every((v) => v instanceof Tensor);
    if (isList) {
      const list = (xs as readonly Tensor[]).map((v, i) => asFloat(convertToTensor(v, `xs[${i}]`, op)));
      const d = (list[0] as Tensor).shape[0];
      list.forEach((v, i) => {
        if (v.rank !== 1 || v.shape[0] !== d) {
          throw new FluxionError(
            `${op}: every vector must have rank 1 and the length of xs[0] (${String(d)}), but xs[${i}] has shape ${fmtShape(v.shape)}.`,
          );
        }
      });
      const dtype = list.some((v) => v.dtype === 'float64') ? 'float64' : 'float32';
      const n = list.length;
      // stack the vectors as rows: X = Σ e_i · x_iᵀ (differentiable without a stack op)
      x = list
        .map((v, i) => matMul(unitMatrix(n, 1, i, 0, dtype), reshape(v, [1, d as number])))
        .reduce((acc, t) => add(acc, t));
    } else {
      if (Array.isArray(xs) && xs.length === 0) {
        throw new FluxionError(`${op}: xs must be a [n, d] matrix or a non-empty list of vectors, but received an empty list.`);
      }
      x = asFloat(convertToTensor(xs as TensorLike, 'xs', op));
      if (x.rank !== 2) {
        throw new FluxionError(`${op}: xs must be a [n, d] matrix (one vector per row) or a list of vectors, but has shape ${fmtShape(x.shape)}.`);
      }
    }
    const n = x.shape[0] as number;
    const d = x.shape[1] as number;
    if (n > d) {
      throw new FluxionError(
        `${op}: the number of vectors (${n}) exceeds their dimension (${d}); at most ${d} vectors of length ${d} can be orthonormal.`,
      );
    }
    const [q, r] = runKernelMulti('qr', [transpose(x)], { fullMatrices: false });
    const rv = (r as Tensor).dataSync();
    const xv = x.dataSync();
    const eps = (x.dtype === 'float64' ? 2.2e-16 : 1.2e-7) * Math.max(d, 1) * 10;
    const signs = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const diag = rv[i * n + i] as number;
      let rowNorm = 0;
      for (let j = 0; j < d; j++) rowNorm += (xv[i * d + j] as number) ** 2;
      if (!(Math.abs(diag) > eps * Math.sqrt(rowNorm))) {
        throw new FluxionError(
          `${op}: the vectors are linearly dependent: vector ${i} lies in the span of the vectors before it, so it cannot be orthonormalized.`,
        );
      }
      signs[i] = diag < 0 ? -1 : 1;
    }
    const y = transpose(mul(q, tensor(signs, [1, n], x.dtype)));
    if (!isList) return y;
    return Array.from({ length: n }, (_, i) => reshape(matMul(unitMatrix(1, n, 0, i, x.dtype), y), [d]));
  }) as {
    (xs: Tensor | TensorLike): Tensor;
    (xs: readonly Tensor[]): Tensor[];
  },
);
