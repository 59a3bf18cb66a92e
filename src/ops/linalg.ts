/** Linear algebra: matMul (batched, broadcasting batch dimensions), ... */
import { registerGradient, runKernel } from '../core/engine.js';
import { FluxionError, fmtShape } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/linalg.js';
import { binaryOperands, requireDType } from './convert.js';
import { reduceToShape } from './grad-util.js';
import { defineOp } from './registry.js';
import { reshape } from './shape.js';

/**
 * Matrix product of the last two dimensions; leading (batch) dimensions broadcast. Rank-1
 * operands are not promoted: use `dot` for vectors.
 */
export const matMul = defineOp(
  { name: 'matMul', family: 'linalg', dtypes: 'numeric', gradient: 'yes', kernels: ['batchMatMul'], method: true },
  (a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor => {
    const [$a, $b] = binaryOperands('matMul', a, b);
    requireDType('matMul', 'a', $a, ['float32', 'float64', 'int32']);
    if ($a.rank < 2 || $b.rank < 2) {
      throw new FluxionError(
        `matMul: both operands must have rank >= 2, but a has shape ${fmtShape($a.shape)} and b has shape ${fmtShape($b.shape)}. ` +
          'Use dot() for vectors, or expandDims() to make a row or column matrix.',
      );
    }
    const ka = transposeA ? $a.shape[$a.rank - 2] : $a.shape[$a.rank - 1];
    const kb = transposeB ? $b.shape[$b.rank - 1] : $b.shape[$b.rank - 2];
    if (ka !== kb) {
      const ia = transposeA ? $a.rank - 2 : $a.rank - 1;
      const ib = transposeB ? $b.rank - 1 : $b.rank - 2;
      const hint =
        !transposeB && $a.shape[$a.rank - 1] === $b.shape[$b.rank - 1]
          ? ' Did you mean transposeB=true?'
          : !transposeA && $a.shape[$a.rank - 2] === $b.shape[$b.rank - 2]
            ? ' Did you mean transposeA=true?'
            : '';
      throw new FluxionError(
        `matMul: inner dimensions must match: a has shape ${fmtShape($a.shape)} and b has shape ${fmtShape($b.shape)} ` +
          `(a.shape[${ia}]=${String(ka)} vs b.shape[${ib}]=${String(kb)}).${hint}`,
      );
    }
    broadcastShapes('matMul (batch dimensions)', $a.shape.slice(0, -2), $b.shape.slice(0, -2));
    return runKernel('batchMatMul', [$a, $b], { transposeA, transposeB });
  },
);

registerGradient('batchMatMul', ([dy], { inputs: [a, b], attrs: { transposeA, transposeB } }) => {
  let da: Tensor;
  let db: Tensor;
  if (!transposeA && !transposeB) {
    da = matMul(dy, b, false, true);
    db = matMul(a, dy, true, false);
  } else if (!transposeA && transposeB) {
    da = matMul(dy, b, false, false);
    db = matMul(dy, a, true, false);
  } else if (transposeA && !transposeB) {
    da = matMul(b, dy, false, true);
    db = matMul(a, dy, false, false);
  } else {
    da = matMul(b, dy, true, true);
    db = matMul(dy, a, true, true);
  }
  return [reduceBatch(da, a.shape), reduceBatch(db, b.shape)];
});

/** Sums a gradient over batch dimensions that broadcasting added or stretched. */
function reduceBatch(g: Tensor, shape: readonly number[]): Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  return reshape(reduceToShape(g, shape), shape);
}
