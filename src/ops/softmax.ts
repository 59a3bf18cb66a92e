/** softmax and logSoftmax along any axis, computed stably (shifted by the maximum, in float64). */
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { normalizeAxis } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/reduction.js';
import { mul, sub } from './binary.js';
import { asFloat, convertToTensor } from './convert.js';
import { sum } from './reduction.js';
import { defineOp } from './registry.js';
import { exp } from './unary.js';

function softmaxAxis(op: string, logits: Tensor, axis: unknown, arg: string): number {
  if (!Number.isInteger(axis)) {
    throw new FluxionError(
      `${op}: ${arg} must be a single integer, but received ${Array.isArray(axis) ? JSON.stringify(axis) : describeValue(axis)}.`,
    );
  }
  if (logits.rank === 0) {
    throw new FluxionError(
      `${op}: logits must have rank >= 1, but it is a scalar (shape []). Give it a class axis, e.g. reshape(logits, [1]).`,
    );
  }
  return normalizeAxis(op, axis as number, logits.rank, arg);
}

/**
 * softmax(logits, dim = -1) = exp(logits) / sum(exp(logits)) along `dim` (any axis, as in
 * TensorFlow; TensorFlow.js only supports the last). Ints are promoted to float32.
 */
export const softmax = defineOp(
  { name: 'softmax', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['softmax'], method: true },
  (logits: TensorLike, dim = -1): Tensor => {
    const $logits = asFloat(convertToTensor(logits, 'logits', 'softmax'));
    return runKernel('softmax', [$logits], { axis: softmaxAxis('softmax', $logits, dim, 'dim') });
  },
);

/** dx = y * (dy - sum(dy * y)) along the axis. */
registerGradient('softmax', ([dy], { outputs: [y], attrs: { axis } }) => [mul(y, sub(dy, sum(mul(dy, y), axis, true)))]);

/**
 * logSoftmax(logits, axis = -1) = logits - logSumExp(logits) along `axis` (any axis). Ints are
 * promoted to float32.
 */
export const logSoftmax = defineOp(
  { name: 'logSoftmax', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['logSoftmax'], method: true },
  (logits: TensorLike, axis = -1): Tensor => {
    const $logits = asFloat(convertToTensor(logits, 'logits', 'logSoftmax'));
    return runKernel('logSoftmax', [$logits], { axis: softmaxAxis('logSoftmax', $logits, axis, 'axis') });
  },
);

/** dx = dy - exp(y) * sum(dy) along the axis. */
registerGradient('logSoftmax', ([dy], { outputs: [y], attrs: { axis } }) => [sub(dy, mul(exp(y), sum(dy, axis, true)))]);
