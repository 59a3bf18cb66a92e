/** Elementwise binary ops with numpy broadcasting. Operands are promoted to a common dtype. */
import type { DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import type { BinaryDef, KernelName, KernelRegistry } from '../core/kernels.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/elementwise.js';
import { binaryOperands, convertToTensor, requireDType } from './convert.js';
import { zerosLike } from './creation.js';
import { reduceToShape } from './grad-util.js';
import { defineOp, type OpInfo } from './registry.js';
import { neg, square } from './unary.js';

/** Names of kernels that take two tensors and no attributes. */
export type BinaryKernel = { [K in KernelName]: KernelRegistry[K] extends BinaryDef ? K : never }[KernelName];

const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];

/**
 * Defines a broadcasting binary op over a kernel of the same name. The shapes are checked here
 * so that the error names the op; `allowed` restricts the (promoted) dtype.
 */
export function binaryOp(
  name: BinaryKernel,
  allowed: readonly DType[] = NUMERIC,
  info?: Partial<OpInfo>,
): (a: TensorLike, b: TensorLike) => Tensor {
  const fn = (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands(name, a, b);
    requireDType(name, 'a', $a, allowed);
    broadcastShapes(name, $a.shape, $b.shape);
    return runKernel(name, [$a, $b], {} as never);
  };
  return defineOp(
    { name, family: 'binary', dtypes: allowed === NUMERIC ? 'numeric' : allowed.join(', '), gradient: 'yes', kernels: [name], method: true, ...info },
    fn,
  );
}

export const add = binaryOp('add');
export const sub = binaryOp('sub');
export const mul = binaryOp('mul');
/** Division; int32 operands divide with floor, as in TensorFlow.js. */
export const div = binaryOp('div');

registerGradient('add', ([dy], { inputs: [a, b] }) => [reduceToShape(dy, a.shape), reduceToShape(dy, b.shape)]);
registerGradient('sub', ([dy], { inputs: [a, b] }) => [reduceToShape(dy, a.shape), reduceToShape(neg(dy), b.shape)]);
registerGradient('mul', ([dy], { inputs: [a, b] }) => [reduceToShape(mul(dy, b), a.shape), reduceToShape(mul(dy, a), b.shape)]);
registerGradient('div', ([dy], { inputs: [a, b] }) => [
  reduceToShape(div(dy, b), a.shape),
  reduceToShape(neg(div(mul(dy, a), square(b))), b.shape),
]);

// ---- comparisons (bool results, no gradient)

const ALL: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];
const compare = (name: BinaryKernel): ((a: TensorLike, b: TensorLike) => Tensor) =>
  binaryOp(name, ALL, { gradient: 'no', dtypes: 'all (result bool)' });

export const equal = compare('equal');
export const notEqual = compare('notEqual');
export const less = compare('less');
export const lessEqual = compare('lessEqual');
export const greater = compare('greater');
export const greaterEqual = compare('greaterEqual');

/**
 * where(condition, a, b): elements of a where condition is true, else of b. The three shapes
 * broadcast together (numpy's where).
 */
export const where = defineOp(
  { name: 'where', family: 'binary', dtypes: 'all (condition bool)', gradient: 'yes', kernels: ['select'] },
  (condition: TensorLike, a: TensorLike, b: TensorLike): Tensor => {
    const $c = convertToTensor(condition, 'condition', 'where');
    requireDType('where', 'condition', $c, ['bool'], 'Build it with a comparison such as greater(x, 0), or cast(x, "bool").');
    const [$a, $b] = binaryOperands('where', a, b);
    broadcastShapes('where', broadcastShapes('where', $c.shape, $a.shape), $b.shape);
    return runKernel('select', [$c, $a, $b], {});
  },
);

registerGradient('select', ([dy], { inputs: [c, a, b] }) => {
  const zeros = zerosLike(dy);
  return [null, reduceToShape(where(c, dy, zeros), a.shape), reduceToShape(where(c, zeros, dy), b.shape)];
});
