/** Shape ops: reshape, broadcastTo, ... */
import { registerGradient, runKernel } from '../core/engine.js';
import { FluxionError, fmtShape } from '../core/errors.js';
import { broadcastShapes, checkShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/shape.js';
import '../core/kernel-defs/basic.js';
import { convertToTensor } from './convert.js';
import { reduceToShape } from './grad-util.js';
import { defineOp } from './registry.js';

/** Reshape; one dimension may be -1 and is inferred. */
export const reshape = defineOp(
  { name: 'reshape', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['reshape'], method: true },
  (x: TensorLike, shape: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'reshape');
    if (!Array.isArray(shape)) {
      throw new FluxionError(`reshape: shape must be an array of integers, but received ${JSON.stringify(shape)}.`);
    }
    const inferred = [...shape];
    const unknown = inferred.indexOf(-1);
    if (unknown !== inferred.lastIndexOf(-1)) {
      throw new FluxionError(`reshape: shape ${fmtShape(shape)} has more than one -1; at most one dimension can be inferred.`);
    }
    if (unknown >= 0) {
      const known = inferred.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
      if (known === 0 || $x.size % known !== 0) {
        throw new FluxionError(
          `reshape: cannot reshape a tensor of shape ${fmtShape($x.shape)} (${$x.size} elements) into ${fmtShape(shape)}: ` +
            `${$x.size} is not divisible by ${known}.`,
        );
      }
      inferred[unknown] = $x.size / known;
    }
    checkShape('reshape', inferred);
    if (sizeFromShape(inferred) !== $x.size) {
      throw new FluxionError(
        `reshape: cannot reshape a tensor of shape ${fmtShape($x.shape)} (${$x.size} elements) into shape ` +
          `${fmtShape(inferred)} (${sizeFromShape(inferred)} elements); the number of elements must stay the same.`,
      );
    }
    if (shapesEqual(inferred, $x.shape)) return $x;
    return runKernel('reshape', [$x], { shape: inferred });
  },
);

registerGradient('reshape', ([dy], { inputs: [x] }) => [reshape(dy, x.shape)]);

/** Broadcasts `x` to `shape` (numpy rules). */
export const broadcastTo = defineOp(
  { name: 'broadcastTo', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['broadcastTo'], method: true },
  (x: TensorLike, shape: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'broadcastTo');
    checkShape('broadcastTo', shape);
    if ($x.rank > shape.length) {
      throw new FluxionError(
        `broadcastTo: cannot broadcast a tensor of rank ${$x.rank} (shape ${fmtShape($x.shape)}) to the lower rank ${shape.length} (shape ${fmtShape(shape)}).`,
      );
    }
    const out = broadcastShapes('broadcastTo', $x.shape, shape);
    if (!shapesEqual(out, shape)) {
      throw new FluxionError(`broadcastTo: cannot broadcast shape ${fmtShape($x.shape)} to ${fmtShape(shape)}.`);
    }
    if (shapesEqual($x.shape, shape)) return $x;
    return runKernel('broadcastTo', [$x], { shape: [...shape] });
  },
);

registerGradient('broadcastTo', ([dy], { inputs: [x] }) => [reduceToShape(dy, x.shape)]);

/** Permutes the axes; the default reverses them (a matrix transpose for rank 2). */
export const transpose = defineOp(
  { name: 'transpose', family: 'shape', dtypes: 'all', gradient: 'yes', kernels: ['transpose'], method: true },
  (x: TensorLike, perm?: readonly number[]): Tensor => {
    const $x = convertToTensor(x, 'x', 'transpose');
    const p = perm === undefined ? $x.shape.map((_, i) => $x.rank - 1 - i) : [...perm];
    const sorted = [...p].sort((a, b) => a - b);
    if (p.length !== $x.rank || sorted.some((v, i) => v !== i)) {
      throw new FluxionError(
        `transpose: perm ${JSON.stringify(perm)} is not a permutation of the ${$x.rank} axes of x (shape ${fmtShape($x.shape)}); ` +
          `expected each of 0..${$x.rank - 1} exactly once.`,
      );
    }
    if (p.every((v, i) => v === i)) return $x;
    return runKernel('transpose', [$x], { perm: p });
  },
);

registerGradient('transpose', ([dy], { attrs: { perm } }) => {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [transpose(dy, inverse)];
});
