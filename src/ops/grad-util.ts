/** Helpers for backward rules. */
import { runKernel } from '../core/engine.js';
import { broadcastedAxes, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import '../core/kernel-defs/reduction.js';

/** Sums a broadcast gradient back down to `shape` (the shape of the input it flows to). */
export function reduceToShape(dy: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(dy.shape, shape)) return dy;
  const axes = broadcastedAxes(shape, dy.shape);
  const summed = axes.length > 0 ? runKernel('sum', [dy], { axes }) : dy;
  return shapesEqual(summed.shape, shape) ? summed : runKernel('reshape', [summed], { shape: [...shape] });
}
