/** Elementwise binary ops with numpy broadcasting. Operands are promoted to a common dtype. */
import { upcastType, type DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import type { BinaryDef, KernelName, KernelRegistry } from '../core/kernels.js';
import { broadcastShapes, shapesEqual } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/elementwise.js';
import '../core/kernel-defs/binary.js';
import { asFloat, binaryOperands, castTo, convertToTensor, requireDType } from './convert.js';
import { onesLike, zerosLike } from './creation.js';
import { reduceToShape } from './grad-util.js';
import { defineOp, type OpInfo } from './registry.js';
import { log, neg, square } from './unary.js';

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

// Operand gradients no source needs (a constant divisor, a data operand) are not computed.
registerGradient('add', ([dy], { inputs: [a, b], needs }) => [
  needs[0] === false ? null : reduceToShape(dy, a.shape),
  needs[1] === false ? null : reduceToShape(dy, b.shape),
]);
registerGradient('sub', ([dy], { inputs: [a, b], needs }) => [
  needs[0] === false ? null : reduceToShape(dy, a.shape),
  needs[1] === false ? null : reduceToShape(neg(dy), b.shape),
]);
registerGradient('mul', ([dy], { inputs: [a, b], needs }) => [
  needs[0] === false ? null : reduceToShape(mul(dy, b), a.shape),
  needs[1] === false ? null : reduceToShape(mul(dy, a), b.shape),
]);
registerGradient('div', ([dy], { inputs: [a, b], needs }) => [
  needs[0] === false ? null : reduceToShape(div(dy, b), a.shape),
  needs[1] === false ? null : reduceToShape(neg(div(mul(dy, a), square(b))), b.shape),
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


// ---- arithmetic beyond the four basic operations

/**
 * Like binaryOperands, with the op's own argument names in messages (pow(base, exp),
 * prelu(x, alpha)): converts both (plain numbers weakly typed) and promotes them to a common dtype.
 */
function namedOperands(op: string, a: TensorLike, b: TensorLike, names: readonly [string, string]): [Tensor, Tensor] {
  const hintA = a instanceof Tensor ? a.dtype : undefined;
  const hintB = b instanceof Tensor ? b.dtype : undefined;
  const ta = convertToTensor(a, names[0], op, hintB);
  const tb = convertToTensor(b, names[1], op, hintA ?? ta.dtype);
  const dtype = upcastType(ta.dtype, tb.dtype);
  return [castTo(ta, dtype), castTo(tb, dtype)];
}

const NUMERIC_HINT = "Cast it first, e.g. cast(x, 'int32') or cast(x, 'float32').";

/** Elementwise a / b that returns 0 wherever b is 0 (int32 operands divide with floor). */
export const divNoNan = defineOp(
  { name: 'divNoNan', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['divNoNan'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands('divNoNan', a, b);
    requireDType('divNoNan', 'a', $a, NUMERIC, NUMERIC_HINT);
    broadcastShapes('divNoNan', $a.shape, $b.shape);
    return runKernel('divNoNan', [$a, $b], {});
  },
);

// TensorFlow's rule: both partials use divNoNan, so they are 0 (not NaN) where b is 0.
registerGradient('divNoNan', ([dy], { inputs: [a, b] }) => [
  reduceToShape(divNoNan(dy, b), a.shape),
  reduceToShape(mul(dy, divNoNan(divNoNan(neg(a), b), b)), b.shape),
]);

/**
 * Elementwise floor(a / b), in the operands' dtype (float operands give whole-valued floats, as in
 * TensorFlow). Its gradient is zero: the result is piecewise constant.
 */
export const floorDiv = defineOp(
  { name: 'floorDiv', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['floorDiv'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands('floorDiv', a, b);
    requireDType('floorDiv', 'a', $a, NUMERIC, NUMERIC_HINT);
    broadcastShapes('floorDiv', $a.shape, $b.shape);
    return runKernel('floorDiv', [$a, $b], {});
  },
);

registerGradient('floorDiv', (_dys, { inputs: [a, b] }) => [zerosLike(a), zerosLike(b)]);

/** Elementwise floor-mod: a - floor(a / b) * b, so the result takes the sign of b (as TensorFlow.js). */
export const mod = defineOp(
  { name: 'mod', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['mod'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands('mod', a, b);
    requireDType('mod', 'a', $a, NUMERIC, NUMERIC_HINT);
    broadcastShapes('mod', $a.shape, $b.shape);
    return runKernel('mod', [$a, $b], {});
  },
);

registerGradient('mod', ([dy], { inputs: [a, b] }) => [
  reduceToShape(dy, a.shape),
  reduceToShape(neg(mul(dy, floorDiv(a, b))), b.shape),
]);

/**
 * Elementwise base ** exp. The result has the promoted dtype, so int32 ** int32 stays int32 (a
 * negative int32 exponent truncates toward zero, as in TensorFlow.js).
 */
export const pow = defineOp(
  { name: 'pow', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['pow'], method: true },
  (base: TensorLike, exp: TensorLike): Tensor => {
    const [$base, $exp] = namedOperands('pow', base, exp, ['base', 'exp']);
    requireDType('pow', 'base', $base, NUMERIC, NUMERIC_HINT);
    broadcastShapes('pow', $base.shape, $exp.shape);
    return runKernel('pow', [$base, $exp], {});
  },
);

// d/dbase = exp * base^(exp-1); d/dexp = y * log(base) where base > 0 and 0 elsewhere (TensorFlow.js's
// rule). log is taken of base with its non-positive entries replaced by 1, so no NaN reaches a
// higher-order gradient.
registerGradient('pow', ([dy], { inputs: [base, exp], outputs: [y] }) => {
  const dBase = mul(dy, mul(exp, pow(base, sub(exp, 1))));
  const logBase = log(where(greater(base, 0), base, onesLike(base)));
  const dExp = mul(dy, mul(y, logBase));
  return [reduceToShape(dBase, base.shape), reduceToShape(dExp, exp.shape)];
});

/** Operands of maximum/minimum: numeric, with bool promoted to int32 (as TensorFlow.js). */
function minMaxOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const [$a, $b] = binaryOperands(op, a, b);
  broadcastShapes(op, $a.shape, $b.shape);
  return $a.dtype === 'bool' ? [castTo($a, 'int32'), castTo($b, 'int32')] : [$a, $b];
}

/** Elementwise maximum (NaN propagates). bool operands give int32. */
export const maximum = defineOp(
  { name: 'maximum', family: 'binary', dtypes: 'numeric (bool as int32)', gradient: 'yes', kernels: ['maximum'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => runKernel('maximum', minMaxOperands('maximum', a, b), {}),
);

/** Elementwise minimum (NaN propagates). bool operands give int32. */
export const minimum = defineOp(
  { name: 'minimum', family: 'binary', dtypes: 'numeric (bool as int32)', gradient: 'yes', kernels: ['minimum'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => runKernel('minimum', minMaxOperands('minimum', a, b), {}),
);

// The gradient goes to a where a >= b (maximum) or a <= b (minimum), else to b; ties go to a.
registerGradient('maximum', ([dy], { inputs: [a, b] }) => {
  const zeros = zerosLike(dy);
  const toA = greaterEqual(a, b);
  return [reduceToShape(where(toA, dy, zeros), a.shape), reduceToShape(where(toA, zeros, dy), b.shape)];
});
registerGradient('minimum', ([dy], { inputs: [a, b] }) => {
  const zeros = zerosLike(dy);
  const toA = lessEqual(a, b);
  return [reduceToShape(where(toA, dy, zeros), a.shape), reduceToShape(where(toA, zeros, dy), b.shape)];
});

/** Elementwise (a - b) ** 2. */
export const squaredDifference = defineOp(
  { name: 'squaredDifference', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['squaredDifference'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands('squaredDifference', a, b);
    requireDType('squaredDifference', 'a', $a, NUMERIC, NUMERIC_HINT);
    broadcastShapes('squaredDifference', $a.shape, $b.shape);
    return runKernel('squaredDifference', [$a, $b], {});
  },
);

registerGradient('squaredDifference', ([dy], { inputs: [a, b] }) => {
  const g = mul(dy, mul(sub(a, b), 2));
  return [reduceToShape(g, a.shape), reduceToShape(neg(g), b.shape)];
});

/** Elementwise atan2(a, b): the angle of the point (b, a), in (-pi, pi]. int32/bool promote to float32. */
export const atan2 = defineOp(
  { name: 'atan2', family: 'binary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['atan2'], method: true },
  (a: TensorLike, b: TensorLike): Tensor => {
    const [$a, $b] = binaryOperands('atan2', a, b);
    broadcastShapes('atan2', $a.shape, $b.shape);
    return runKernel('atan2', [asFloat($a), asFloat($b)], {});
  },
);

registerGradient('atan2', ([dy], { inputs: [a, b] }) => {
  const d = add(square(a), square(b));
  return [reduceToShape(mul(dy, div(b, d)), a.shape), reduceToShape(mul(dy, div(neg(a), d)), b.shape)];
});

// ---- logical ops (bool only)

const logicalOp = (name: 'logicalAnd' | 'logicalOr' | 'logicalXor'): ((a: TensorLike, b: TensorLike) => Tensor) =>
  defineOp(
    { name, family: 'binary', dtypes: 'bool', gradient: 'no', kernels: [name], method: true },
    (a: TensorLike, b: TensorLike): Tensor => {
      const hint = 'Build a bool tensor with a comparison such as greater(x, 0), or cast(x, "bool").';
      const $a = convertToTensor(a, 'a', name, 'bool');
      const $b = convertToTensor(b, 'b', name, 'bool');
      requireDType(name, 'a', $a, ['bool'], hint);
      requireDType(name, 'b', $b, ['bool'], hint);
      broadcastShapes(name, $a.shape, $b.shape);
      return runKernel(name, [$a, $b], {});
    },
  );

/** Elementwise a AND b on bool tensors. */
export const logicalAnd = logicalOp('logicalAnd');
/** Elementwise a OR b on bool tensors. */
export const logicalOr = logicalOp('logicalOr');
/** Elementwise a XOR b on bool tensors. */
export const logicalXor = logicalOp('logicalXor');

// ---- addN and prelu

/** Sums a list of tensors of the same shape and dtype (no broadcasting). The gradient passes dy to each. */
export const addN = defineOp(
  { name: 'addN', family: 'binary', dtypes: 'numeric', gradient: 'yes', kernels: ['addN'] },
  (tensors: TensorLike[]): Tensor => {
    if (!Array.isArray(tensors)) {
      throw new FluxionError(
        `addN: tensors must be an array of tensors, but received ${describeValue(tensors)}. Wrap a single tensor in an array: addN([x]).`,
      );
    }
    if (tensors.length === 0) {
      throw new FluxionError('addN: tensors must hold at least one tensor, but the array is empty.');
    }
    const hint = tensors.find((t): t is Tensor => t instanceof Tensor)?.dtype;
    const $ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'addN', hint));
    const first = $ts[0] as Tensor;
    requireDType('addN', 'tensors[0]', first, NUMERIC, NUMERIC_HINT);
    $ts.forEach((t, i) => {
      if (t.dtype !== first.dtype) {
        throw new FluxionError(
          `addN: every tensor must have the same dtype, but tensors[0] has dtype ${first.dtype} and tensors[${i}] has dtype ${t.dtype}. ` +
            'Cast them to one dtype with cast().',
        );
      }
      if (!shapesEqual(t.shape, first.shape)) {
        throw new FluxionError(
          `addN: every tensor must have the same shape, but tensors[0] has shape ${fmtShape(first.shape)} and tensors[${i}] has shape ` +
            `${fmtShape(t.shape)}. addN does not broadcast; use add() or broadcastTo() for that.`,
        );
      }
    });
    return runKernel('addN', $ts, {});
  },
);

registerGradient('addN', ([dy], { inputs }) => inputs.map(() => dy));

/**
 * Parametric ReLU: x where x >= 0, alpha * x where x < 0. alpha broadcasts against x (e.g. one
 * slope per channel); int32/bool operands promote to float32.
 */
export const prelu = defineOp(
  { name: 'prelu', family: 'binary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['prelu'], method: true },
  (x: TensorLike, alpha: TensorLike): Tensor => {
    const [$x, $alpha] = namedOperands('prelu', x, alpha, ['x', 'alpha']);
    broadcastShapes('prelu', $x.shape, $alpha.shape);
    return runKernel('prelu', [asFloat($x), asFloat($alpha)], {});
  },
);

// As TensorFlow.js: where x > 0, dx = dy and dalpha = 0; elsewhere dx = alpha * dy and dalpha = x * dy.
registerGradient('prelu', ([dy], { inputs: [x, alpha] }) => {
  const positive = greater(x, 0);
  return [
    reduceToShape(where(positive, dy, mul(dy, alpha)), x.shape),
    reduceToShape(where(positive, zerosLike(dy), mul(dy, x)), alpha.shape),
  ];
});
