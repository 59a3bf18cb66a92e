/**
 * Reference kernels of the unary family. Each maps every element in float64 (JS numbers) and
 * stores into the output's typed array, rounding once for float32.
 */
import { SELU_ALPHA, SELU_SCALE } from '../../../core/kernel-defs/unary.js';
import type { KernelTable } from '../../../core/kernels.js';
import { mapUnary } from './util.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/sqrt(pi)
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/sqrt(pi)
const SQRT_2_OVER_PI = 0.7978845608028654; // sqrt(2/pi)
const GELU_CUBIC = 0.044715;

/**
 * exp(-x*x) without the rounding error of forming x*x: x = hi + lo with hi = fround(x), so
 * hi*hi is exact and x*x = hi*hi + lo*(x + hi).
 */
function expNegSquare(x: number): number {
  const hi = Math.fround(x);
  return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
}

/** erf by its Maclaurin series; accurate for |x| < 0.5. */
function erfMaclaurin(x: number): number {
  const x2 = x * x;
  let power = x;
  let sum = x;
  for (let n = 1; n < 40; n++) {
    power *= -x2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!: positive terms, for 0.5 <= x < 1.5. */
function erfPositiveSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * expNegSquare(x) * sum;
}

/**
 * erfc(x) for x >= 1 by Laplace's continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up
 * with enough terms for float64 accuracy (checked against 40-digit references).
 */
function erfcContinuedFraction(x: number): number {
  const terms = x >= 2 ? 60 : x >= 1.5 ? 100 : 200;
  let f = x;
  for (let k = terms; k >= 1; k--) f = x + k / 2 / f;
  return (ONE_OVER_SQRT_PI * expNegSquare(x)) / f;
}

/** The error function, accurate to a few ulp in float64 (NaN stays NaN). */
export function erfScalar(x: number): number {
  const a = Math.abs(x);
  if (a < 0.5) return erfMaclaurin(x);
  if (Number.isNaN(x)) return NaN;
  const r = a < 1.5 ? erfPositiveSeries(a) : a < 6 ? 1 - erfcContinuedFraction(a) : 1;
  return x < 0 ? -r : r;
}

/** The complementary error function 1 - erf(x), without cancellation for large positive x. */
export function erfcScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 1) return 1 - erfScalar(x);
  if (x > 27.3) return 0; // exp(-x^2) underflows
  return erfcContinuedFraction(x);
}

/** log(1 + exp(x)) without overflow for large x or loss of precision for very negative x. */
function softplusScalar(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Round half to even (banker's rounding), as TensorFlow.js. */
function roundHalfEven(x: number): number {
  const base = Math.floor(x);
  const frac = x - base;
  if (frac < 0.5) return base;
  if (frac > 0.5) return base + 1;
  return base % 2 === 0 ? base : base + 1;
}

/** -1, 0 or 1; NaN stays NaN (as in TensorFlow). */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN;
}

export const unaryKernels: KernelTable = {
  abs: ([x]) => mapUnary(x, Math.abs),
  sign: ([x]) => mapUnary(x, sign),
  floor: ([x]) => mapUnary(x, Math.floor),
  ceil: ([x]) => mapUnary(x, Math.ceil),
  round: ([x]) => mapUnary(x, roundHalfEven),
  relu: ([x]) => mapUnary(x, (v) => (v < 0 ? 0 : v)),
  relu6: ([x]) => mapUnary(x, (v) => (v < 0 ? 0 : v > 6 ? 6 : v)),
  clipByValue: ([x], { clipValueMin, clipValueMax }) =>
    mapUnary(x, (v) => (v > clipValueMax ? clipValueMax : v < clipValueMin ? clipValueMin : v)),

  expm1: ([x]) => mapUnary(x, Math.expm1),
  log1p: ([x]) => mapUnary(x, Math.log1p),
  sqrt: ([x]) => mapUnary(x, Math.sqrt),
  rsqrt: ([x]) => mapUnary(x, (v) => 1 / Math.sqrt(v)),
  reciprocal: ([x]) => mapUnary(x, (v) => 1 / v),
  sin: ([x]) => mapUnary(x, Math.sin),
  cos: ([x]) => mapUnary(x, Math.cos),
  tan: ([x]) => mapUnary(x, Math.tan),
  asin: ([x]) => mapUnary(x, Math.asin),
  acos: ([x]) => mapUnary(x, Math.acos),
  atan: ([x]) => mapUnary(x, Math.atan),
  asinh: ([x]) => mapUnary(x, Math.asinh),
  acosh: ([x]) => mapUnary(x, Math.acosh),
  atanh: ([x]) => mapUnary(x, Math.atanh),
  sinh: ([x]) => mapUnary(x, Math.sinh),
  cosh: ([x]) => mapUnary(x, Math.cosh),
  erf: ([x]) => mapUnary(x, erfScalar),
  softplus: ([x]) => mapUnary(x, softplusScalar),
  softsign: ([x]) => mapUnary(x, (v) => v / (1 + Math.abs(v))),
  selu: ([x]) => mapUnary(x, (v) => (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v))),
  elu: ([x], { alpha }) => mapUnary(x, (v) => (v > 0 ? v : alpha * Math.expm1(v))),
  leakyRelu: ([x], { alpha }) => mapUnary(x, (v) => (v > 0 ? v : alpha * v)),
  step: ([x], { alpha }) => mapUnary(x, (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : alpha)),
  gelu: ([x], { approximate }) =>
    mapUnary(
      x,
      approximate
        ? (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v)))
        : (v) => 0.5 * v * erfcScalar(-v * Math.SQRT1_2), // x * Phi(x), accurate in the left tail
    ),

  isNaN: ([x]) => mapUnary(x, (v) => (Number.isNaN(v) ? 1 : 0), 'bool'),
  isFinite: ([x]) => mapUnary(x, (v) => (Number.isFinite(v) ? 1 : 0), 'bool'),
  isInf: ([x]) => mapUnary(x, (v) => (v === Infinity || v === -Infinity ? 1 : 0), 'bool'),
  logicalNot: ([x]) => mapUnary(x, (v) => (v ? 0 : 1), 'bool'),
};
