/**
 * Elementwise unary ops. Float-only ops (exp, log, ...) promote int32/bool inputs to float32;
 * the rest keep the input's dtype.
 */
import type { DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import type { KernelName, KernelRegistry, UnaryDef } from '../core/kernels.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/elementwise.js';
import { div, mul, sub } from './binary.js';
import { asFloat, convertToTensor, requireDType } from './convert.js';
import { defineOp, type OpInfo } from './registry.js';

/** Names of kernels that take one tensor and no attributes. */
export type UnaryKernel = { [K in KernelName]: KernelRegistry[K] extends UnaryDef ? K : never }[KernelName];

const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];

/** Defines a unary op over a kernel of the same name. `float` ops promote integer inputs to float32. */
export function unaryOp(name: UnaryKernel, kind: 'float' | 'numeric', info?: Partial<OpInfo>): (x: TensorLike) => Tensor {
  const fn = (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', name);
    if (kind === 'float') return runKernel(name, [asFloat($x)], {} as never);
    requireDType(name, 'x', $x, NUMERIC);
    return runKernel(name, [$x], {} as never);
  };
  return defineOp(
    { name, family: 'unary', dtypes: kind === 'float' ? 'float (ints promoted)' : 'numeric', gradient: 'yes', kernels: [name], method: true, ...info },
    fn,
  );
}

export const neg = unaryOp('neg', 'numeric');
export const exp = unaryOp('exp', 'float');
export const log = unaryOp('log', 'float');
export const tanh = unaryOp('tanh', 'float');
export const sigmoid = unaryOp('sigmoid', 'float');
export const square = unaryOp('square', 'numeric');

registerGradient('neg', ([dy]) => [neg(dy)]);
registerGradient('exp', ([dy], { outputs: [y] }) => [mul(dy, y)]);
registerGradient('log', ([dy], { inputs: [x] }) => [div(dy, x)]);
registerGradient('tanh', ([dy], { outputs: [y] }) => [mul(dy, sub(1, square(y)))]);
registerGradient('sigmoid', ([dy], { outputs: [y] }) => [mul(dy, mul(y, sub(1, y)))]);
registerGradient('square', ([dy], { inputs: [x] }) => [mul(dy, mul(x, 2))]);
