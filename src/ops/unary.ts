/**
 * Elementwise unary ops: arithmetic, rounding, trigonometric and hyperbolic functions,
 * activations and predicates. Float-only ops (exp, sqrt, sin, ...) promote int32/bool inputs to
 * float32; numeric ops (abs, floor, relu, ...) keep int32; predicates return bool.
 */
import type { DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import type { KernelName, KernelRegistry, UnaryDef } from '../core/kernels.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/elementwise.js';
import { SELU_ALPHA, SELU_SCALE } from '../core/kernel-defs/unary.js';
import { add, div, greater, greaterEqual, less, lessEqual, mul, sub, where } from './binary.js';
import { asFloat, castTo, convertToTensor, requireDType } from './convert.js';
import { zerosLike } from './creation.js';
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

/** Converts `x` for a float op: int32/bool become float32. */
function floatInput(op: string, x: TensorLike): Tensor {
  return asFloat(convertToTensor(x, 'x', op));
}

/** Checks a scalar attribute; `finite: false` also accepts +-Infinity (clip bounds). */
function requireNumber(op: string, arg: string, value: unknown, finite = true, hint = ''): number {
  const ok = typeof value === 'number' && (finite ? Number.isFinite(value) : !Number.isNaN(value));
  if (!ok) {
    throw new FluxionError(
      `${op}: ${arg} must be a ${finite ? 'finite ' : ''}number, but received ${describeValue(value)}.${hint ? ` ${hint}` : ''}`,
    );
  }
  return value as number;
}

/** dy where `mask` holds, 0 elsewhere (a broadcast scalar 0: no zero tensor of dy's size is built). */
function maskGrad(dy: Tensor, mask: Tensor): Tensor {
  return where(mask, dy, 0);
}

// ---------------------------------------------------------------- basic arithmetic

/** -x. */
export const neg = unaryOp('neg', 'numeric');
/** e^x. */
export const exp = unaryOp('exp', 'float');
/** Natural logarithm (NaN for x < 0, -Infinity at 0). */
export const log = unaryOp('log', 'float');
/** Hyperbolic tangent. */
export const tanh = unaryOp('tanh', 'float');
/** 1 / (1 + e^-x), computed without overflow for large |x|. */
export const sigmoid = unaryOp('sigmoid', 'float');
/** x * x; int32 stays int32. */
export const square = unaryOp('square', 'numeric');
/** |x|; int32 stays int32. */
export const abs = unaryOp('abs', 'numeric');
/** -1, 0 or 1 by the sign of x (NaN stays NaN); int32 stays int32. Its gradient is zero. */
export const sign = unaryOp('sign', 'numeric');
/** e^x - 1, accurate for small |x|. */
export const expm1 = unaryOp('expm1', 'float');
/** log(1 + x), accurate for small |x|. */
export const log1p = unaryOp('log1p', 'float');
/** Square root (NaN for x < 0). */
export const sqrt = unaryOp('sqrt', 'float');
/** 1 / sqrt(x). */
export const rsqrt = unaryOp('rsqrt', 'float');
/** 1 / x. */
export const reciprocal = unaryOp('reciprocal', 'float');

registerGradient('neg', ([dy]) => [neg(dy)]);
registerGradient('exp', ([dy], { outputs: [y] }) => [mul(dy, y)]);
registerGradient('log', ([dy], { inputs: [x] }) => [div(dy, x)]);
registerGradient('tanh', ([dy], { outputs: [y] }) => [mul(dy, sub(1, square(y)))]);
registerGradient('sigmoid', ([dy], { outputs: [y] }) => [mul(dy, mul(y, sub(1, y)))]);
registerGradient('square', ([dy], { inputs: [x] }) => [mul(dy, mul(x, 2))]);
registerGradient('abs', ([dy], { inputs: [x] }) => [mul(dy, sign(x))]);
registerGradient('sign', ([dy]) => [zerosLike(dy)]);
registerGradient('expm1', ([dy], { inputs: [x] }) => [mul(dy, exp(x))]);
registerGradient('log1p', ([dy], { inputs: [x] }) => [div(dy, add(x, 1))]);
registerGradient('sqrt', ([dy], { outputs: [y] }) => [div(dy, mul(y, 2))]);
registerGradient('rsqrt', ([dy], { inputs: [x], outputs: [y] }) => [mul(dy, div(mul(y, -0.5), x))]);
registerGradient('reciprocal', ([dy], { outputs: [y] }) => [neg(mul(dy, square(y)))]);

// ---------------------------------------------------------------- rounding

/** Largest integer <= x; int32 stays int32. Its gradient is zero. */
export const floor = unaryOp('floor', 'numeric');
/** Smallest integer >= x; int32 stays int32. Its gradient is zero. */
export const ceil = unaryOp('ceil', 'numeric');
/** Nearest integer, halves to even (round(2.5) = 2, round(3.5) = 4), as TensorFlow.js. Zero gradient. */
export const round = unaryOp('round', 'numeric');

registerGradient('floor', ([dy]) => [zerosLike(dy)]);
registerGradient('ceil', ([dy]) => [zerosLike(dy)]);
registerGradient('round', ([dy]) => [zerosLike(dy)]);

/**
 * Clamps every element to [clipValueMin, clipValueMax] (NaN stays NaN); int32 stays int32. The
 * gradient passes where clipValueMin <= x <= clipValueMax.
 */
export const clipByValue = defineOp(
  { name: 'clipByValue', family: 'unary', dtypes: 'numeric', gradient: 'yes', kernels: ['clipByValue'], method: true },
  (x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor => {
    const $x = convertToTensor(x, 'x', 'clipByValue');
    requireDType('clipByValue', 'x', $x, NUMERIC);
    requireNumber('clipByValue', 'clipValueMin', clipValueMin, false);
    requireNumber('clipByValue', 'clipValueMax', clipValueMax, false);
    if (clipValueMin > clipValueMax) {
      throw new FluxionError(
        `clipByValue: clipValueMin (${clipValueMin}) must be less than or equal to clipValueMax (${clipValueMax}). ` +
          `Did you mean clipByValue(x, ${clipValueMax}, ${clipValueMin})?`,
      );
    }
    return runKernel('clipByValue', [$x], { clipValueMin, clipValueMax });
  },
);

registerGradient('clipByValue', ([dy], { inputs: [x], attrs: { clipValueMin, clipValueMax } }) => [
  maskGrad(maskGrad(dy, greaterEqual(x, clipValueMin)), lessEqual(x, clipValueMax)),
]);

// ---------------------------------------------------------------- trigonometric and hyperbolic

/** Sine (radians). */
export const sin = unaryOp('sin', 'float');
/** Cosine (radians). */
export const cos = unaryOp('cos', 'float');
/** Tangent (radians). */
export const tan = unaryOp('tan', 'float');
/** Arcsine, in [-pi/2, pi/2] (NaN outside [-1, 1]). */
export const asin = unaryOp('asin', 'float');
/** Arccosine, in [0, pi] (NaN outside [-1, 1]). */
export const acos = unaryOp('acos', 'float');
/** Arctangent, in (-pi/2, pi/2). */
export const atan = unaryOp('atan', 'float');
/** Inverse hyperbolic sine. */
export const asinh = unaryOp('asinh', 'float');
/** Inverse hyperbolic cosine (NaN for x < 1). */
export const acosh = unaryOp('acosh', 'float');
/** Inverse hyperbolic tangent (NaN outside [-1, 1], +-Infinity at +-1). */
export const atanh = unaryOp('atanh', 'float');
/** Hyperbolic sine. */
export const sinh = unaryOp('sinh', 'float');
/** Hyperbolic cosine. */
export const cosh = unaryOp('cosh', 'float');

registerGradient('sin', ([dy], { inputs: [x] }) => [mul(dy, cos(x))]);
registerGradient('cos', ([dy], { inputs: [x] }) => [neg(mul(dy, sin(x)))]);
registerGradient('tan', ([dy], { outputs: [y] }) => [mul(dy, add(square(y), 1))]);
registerGradient('asin', ([dy], { inputs: [x] }) => [div(dy, sqrt(sub(1, square(x))))]);
registerGradient('acos', ([dy], { inputs: [x] }) => [neg(div(dy, sqrt(sub(1, square(x)))))]);
registerGradient('atan', ([dy], { inputs: [x] }) => [div(dy, add(square(x), 1))]);
registerGradient('asinh', ([dy], { inputs: [x] }) => [div(dy, sqrt(add(square(x), 1)))]);
registerGradient('acosh', ([dy], { inputs: [x] }) => [div(dy, sqrt(sub(square(x), 1)))]);
registerGradient('atanh', ([dy], { inputs: [x] }) => [div(dy, sub(1, square(x)))]);
registerGradient('sinh', ([dy], { inputs: [x] }) => [mul(dy, cosh(x))]);
registerGradient('cosh', ([dy], { inputs: [x] }) => [mul(dy, sinh(x))]);

// ---------------------------------------------------------------- special functions

/** The Gauss error function, accurate to a few ulp in float64. */
export const erf = unaryOp('erf', 'float');

registerGradient('erf', ([dy], { inputs: [x] }) => [mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))]);

// ---------------------------------------------------------------- activations

/** max(x, 0); int32 stays int32, bool becomes int32 (as TensorFlow.js). Gradient: dy where x > 0. */
export const relu = defineOp(
  { name: 'relu', family: 'unary', dtypes: 'numeric (bool as int32)', gradient: 'yes', kernels: ['relu'], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'relu');
    return runKernel('relu', [$x.dtype === 'bool' ? castTo($x, 'int32') : $x], {});
  },
);

/** min(max(x, 0), 6); int32 stays int32, bool becomes int32. Gradient: dy where 0 < x < 6. */
export const relu6 = defineOp(
  { name: 'relu6', family: 'unary', dtypes: 'numeric (bool as int32)', gradient: 'yes', kernels: ['relu6'], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'relu6');
    return runKernel('relu6', [$x.dtype === 'bool' ? castTo($x, 'int32') : $x], {});
  },
);

registerGradient('relu', ([dy], { inputs: [x] }) => [maskGrad(dy, greater(x, 0))]);
registerGradient('relu6', ([dy], { inputs: [x] }) => [maskGrad(maskGrad(dy, greater(x, 0)), less(x, 6))]);

/**
 * Exponential linear unit: x for x > 0, alpha * (e^x - 1) otherwise. TensorFlow.js's elu(x); the
 * optional alpha (default 1) follows Keras.
 */
export const elu = defineOp(
  { name: 'elu', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['elu'], method: true },
  (x: TensorLike, alpha = 1): Tensor => {
    const $x = floatInput('elu', x);
    requireNumber('elu', 'alpha', alpha);
    return runKernel('elu', [$x], { alpha });
  },
);

// For x <= 0, d/dx alpha*(e^x - 1) = y + alpha; this form stays finite in the unused branch.
registerGradient('elu', ([dy], { inputs: [x], outputs: [y], attrs: { alpha } }) => [
  where(greater(x, 0), dy, mul(dy, add(y, alpha))),
]);

/** Scaled ELU: scale * x for x > 0, scale * alpha * (e^x - 1) otherwise (alpha ~ 1.6733, scale ~ 1.0507). */
export const selu = unaryOp('selu', 'float');

const SELU_SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

registerGradient('selu', ([dy], { inputs: [x], outputs: [y] }) => [
  where(greater(x, 0), mul(dy, SELU_SCALE), mul(dy, add(y, SELU_SCALE_ALPHA))),
]);

/** x for x > 0, alpha * x otherwise (alpha defaults to 0.2, as TensorFlow.js). */
export const leakyRelu = defineOp(
  { name: 'leakyRelu', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['leakyRelu'], method: true },
  (x: TensorLike, alpha = 0.2): Tensor => {
    const $x = floatInput('leakyRelu', x);
    requireNumber('leakyRelu', 'alpha', alpha, true, 'For a learned slope tensor use prelu(x, alpha).');
    return runKernel('leakyRelu', [$x], { alpha });
  },
);

registerGradient('leakyRelu', ([dy], { inputs: [x], attrs: { alpha } }) => [where(greater(x, 0), dy, mul(dy, alpha))]);

/** 1 for x > 0, alpha otherwise (alpha defaults to 0; NaN stays NaN). Its gradient is zero. */
export const step = defineOp(
  { name: 'step', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['step'], method: true },
  (x: TensorLike, alpha = 0): Tensor => {
    const $x = floatInput('step', x);
    requireNumber('step', 'alpha', alpha);
    return runKernel('step', [$x], { alpha });
  },
);

registerGradient('step', ([dy]) => [zerosLike(dy)]);

/** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|): no overflow, exact tails. */
export const softplus = unaryOp('softplus', 'float');

registerGradient('softplus', ([dy], { inputs: [x] }) => [mul(dy, sigmoid(x))]);

/** log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export const logSigmoid = defineOp(
  { name: 'logSigmoid', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [], method: true },
  (x: TensorLike): Tensor => neg(softplus(neg(floatInput('logSigmoid', x)))),
);

/** x / (1 + |x|) (Keras's softsign). */
export const softsign = unaryOp('softsign', 'float', { method: false });

registerGradient('softsign', ([dy], { inputs: [x] }) => [div(dy, square(add(abs(x), 1)))]);

/**
 * Gaussian error linear unit, as Keras's gelu: x * Phi(x) with Phi the standard normal CDF
 * (approximate = false), or 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (approximate = true).
 */
export const gelu = defineOp(
  { name: 'gelu', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['gelu'] },
  (x: TensorLike, approximate = false): Tensor => {
    const $x = floatInput('gelu', x);
    if (typeof approximate !== 'boolean') {
      throw new FluxionError(
        `gelu: approximate must be a boolean (false: the exact erf form, true: the tanh approximation), but received ${describeValue(approximate)}.`,
      );
    }
    return runKernel('gelu', [$x], { approximate });
  },
);

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

registerGradient('gelu', ([dy], { inputs: [x], attrs: { approximate } }) => {
  if (!approximate) {
    // d/dx x Phi(x) = Phi(x) + x phi(x)
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [mul(dy, add(cdf, mul(x, pdf)))];
  }
  // y = 0.5 x (1 + t), t = tanh(u), u = c (x + k x^3): dy/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 k x^2)
  const x2 = square(x);
  const t = tanh(mul(add(x, mul(mul(x, x2), GELU_CUBIC)), SQRT_2_OVER_PI));
  const du = mul(add(mul(x2, 3 * GELU_CUBIC), 1), SQRT_2_OVER_PI);
  const local = add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, square(t))), du));
  return [mul(dy, local)];
});

/** x * sigmoid(beta * x); with the default beta = 1 it equals silu. */
export const swish = defineOp(
  { name: 'swish', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (x: TensorLike, beta = 1): Tensor => {
    const $x = floatInput('swish', x);
    requireNumber('swish', 'beta', beta);
    return mul($x, sigmoid(beta === 1 ? $x : mul($x, beta)));
  },
);

/** x * sigmoid(x) (the sigmoid linear unit; swish with beta = 1). */
export const silu = defineOp(
  { name: 'silu', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (x: TensorLike): Tensor => {
    const $x = floatInput('silu', x);
    return mul($x, sigmoid($x));
  },
);

/** x * tanh(softplus(x)) (Misra 2019). */
export const mish = defineOp(
  { name: 'mish', family: 'unary', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: [] },
  (x: TensorLike): Tensor => {
    const $x = floatInput('mish', x);
    return mul($x, tanh(softplus($x)));
  },
);

// ---------------------------------------------------------------- predicates (bool results)

function predicate(name: 'isNaN' | 'isFinite' | 'isInf', doc: string): (x: TensorLike) => Tensor {
  return defineOp(
    { name, family: 'unary', dtypes: `all (result bool; ${doc})`, gradient: 'no', kernels: [name], method: true },
    (x: TensorLike): Tensor => {
      return runKernel(name, [convertToTensor(x, 'x', name)], {});
    },
  );
}

/** true where x is NaN (never for int32/bool). */
export const isNaN = predicate('isNaN', 'true for NaN');
/** true where x is neither NaN nor +-Infinity. */
export const isFinite = predicate('isFinite', 'false for NaN and +-Infinity');
/** true where x is +-Infinity. */
export const isInf = predicate('isInf', 'true for +-Infinity');

/** Elementwise NOT of a bool tensor. */
export const logicalNot = defineOp(
  { name: 'logicalNot', family: 'unary', dtypes: 'bool', gradient: 'no', kernels: ['logicalNot'], method: true },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'logicalNot');
    requireDType('logicalNot', 'x', $x, ['bool'], "Build it with a comparison such as greater(x, 0), or cast(x, 'bool').");
    return runKernel('logicalNot', [$x], {});
  },
);
