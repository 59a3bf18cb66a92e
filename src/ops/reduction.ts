/** Reductions over any axes, with keepDims. */
import { registerGradient, runKernel } from '../core/engine.js';
import { normalizeAxes, reducedShape, shapesEqual } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { Axis } from '../core/tensor-ops.js';
import '../core/kernel-defs/reduction.js';
import { convertToTensor } from './convert.js';
import { defineOp } from './registry.js';
import { broadcastTo, reshape } from './shape.js';

function keepDimsReshape(y: Tensor, x: Tensor, axes: number[], keepDims: boolean): Tensor {
  return keepDims ? reshape(y, reducedShape(x.shape, axes, true)) : y;
}

/** Sum over `axis` (all axes by default). bool sums count as int32. */
export const sum = defineOp(
  { name: 'sum', family: 'reduction', dtypes: 'all (bool sums to int32)', gradient: 'yes', kernels: ['sum'], method: true },
  (x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor => {
    const $x = convertToTensor(x, 'x', 'sum');
    const axes = normalizeAxes('sum', axis, $x.rank);
    return keepDimsReshape(runKernel('sum', [$x], { axes }), $x, axes, keepDims);
  },
);

registerGradient('sum', ([dy], { inputs: [x], attrs: { axes } }) => {
  const kept = reducedShape(x.shape, axes, true);
  const g = shapesEqual(dy.shape, kept) ? dy : reshape(dy, kept);
  return [broadcastTo(g, x.shape)];
});
