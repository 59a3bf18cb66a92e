/**
 * Numerical gradient checking in float64: the analytic gradient of L = sum(f(xs) * w), for a
 * fixed random w, against central finite differences of L in every input element. With
 * `secondOrder`, the same check runs on the function xs -> sum(grad_i(xs) * w2), which exercises
 * the gradients of the backward rules themselves.
 */
import * as fx from '../../src/index.js';
import { makeRng, randomValues, type InputSpec } from './random-inputs.js';

export interface GradCase {
  /** The op under test (its registry name). */
  op: string;
  /** A label when an op has several rows. */
  label?: string;
  inputs: InputSpec[];
  fn: (...xs: fx.Tensor[]) => fx.Tensor;
  /** Also check second derivatives. */
  secondOrder?: boolean;
  /** Tolerance (default 1e-6 abs + 1e-5 rel). */
  tol?: number;
  eps?: number;
}

function scalarize(y: fx.Tensor, w: fx.Tensor): fx.Tensor {
  return fx.sum(fx.mul(fx.cast(y, 'float64'), w));
}

function numericGrad(L: (xs: fx.Tensor[]) => number, xs: fx.Tensor[], i: number, eps: number): Float64Array {
  const x = xs[i] as fx.Tensor;
  const base = Float64Array.from(x.dataSync());
  const out = new Float64Array(base.length);
  for (let k = 0; k < base.length; k++) {
    const at = (delta: number): number => {
      const v = Float64Array.from(base);
      v[k] = (v[k] as number) + delta;
      const copy = xs.slice();
      copy[i] = fx.tensor(v, x.shape, 'float64');
      return L(copy);
    };
    out[k] = (at(eps) - at(-eps)) / (2 * eps);
  }
  return out;
}

export interface GradCheckResult {
  ok: boolean;
  message: string;
}

function compare(label: string, analytic: ArrayLike<number>, numeric: ArrayLike<number>, tol: number): string | null {
  for (let k = 0; k < numeric.length; k++) {
    const a = analytic[k] as number;
    const n = numeric[k] as number;
    const err = Math.abs(a - n);
    if (!(err <= tol + tol * 10 * Math.abs(n))) {
      return `${label}: element ${k}: analytic ${a} vs numeric ${n} (|diff| ${err.toExponential(2)})`;
    }
  }
  return null;
}

export function makeInputs(specs: InputSpec[], seed: number): fx.Tensor[] {
  const rng = makeRng(seed);
  return specs.map((s) => fx.tensor(randomValues(s, rng), s.shape, s.dtype ?? 'float64'));
}

/** Runs the first-order (and optionally second-order) check; returns a failure description or null. */
export function checkGradCase(c: GradCase, seed = 1234): string | null {
  const xs = makeInputs(c.inputs, seed);
  const tol = c.tol ?? 1e-6;
  const eps = c.eps ?? 1e-6;
  const diffIdx = c.inputs.map((s, i) => (s.constant || (s.dtype && s.dtype !== 'float64') ? -1 : i)).filter((i) => i >= 0);
  const y0 = c.fn(...xs);
  const rng = makeRng(seed + 1);
  const w = fx.tensor(Array.from({ length: y0.size }, () => rng() * 2 - 1), y0.shape, 'float64');
  const L = (args: fx.Tensor[]): number => scalarize(c.fn(...args), w).dataSync()[0] as number;
  const gradFn = (args: fx.Tensor[]): fx.Tensor[] => {
    const fixed = args.slice();
    const g = fx.grads((...vs: fx.Tensor[]) => {
      const all = fixed.slice();
      diffIdx.forEach((idx, j) => (all[idx] = vs[j] as fx.Tensor));
      return scalarize(c.fn(...all), w);
    });
    return g(diffIdx.map((i) => args[i] as fx.Tensor));
  };
  const analytic = gradFn(xs);
  for (let j = 0; j < diffIdx.length; j++) {
    const i = diffIdx[j] as number;
    const fail = compare(`input ${i}`, (analytic[j] as fx.Tensor).dataSync(), numericGrad(L, xs, i, eps), tol);
    if (fail) return `first order, ${fail}`;
  }
  if (c.secondOrder) {
    for (let j = 0; j < diffIdx.length; j++) {
      const r2 = makeRng(seed + 7 + j);
      const gj = analytic[j] as fx.Tensor;
      const w2 = fx.tensor(Array.from({ length: gj.size }, () => r2() * 2 - 1), gj.shape, 'float64');
      const L2 = (args: fx.Tensor[]): number => fx.sum(fx.mul(gradFn(args)[j] as fx.Tensor, w2)).dataSync()[0] as number;
      const tape = new fx.GradientTape({ watchAccessedVariables: false });
      const sources = diffIdx.map((i) => xs[i] as fx.Tensor);
      tape.watch(...sources);
      const target = fx.sum(fx.mul(gradFn(xs)[j] as fx.Tensor, w2));
      const second = tape.gradient(target, sources, undefined, 'zero') as fx.Tensor[];
      for (let k = 0; k < diffIdx.length; k++) {
        const i = diffIdx[k] as number;
        const fail = compare(`d(grad ${diffIdx[j]})/d(input ${i})`, (second[k] as fx.Tensor).dataSync(), numericGrad(L2, xs, i, 1e-5), Math.max(tol, 1e-5));
        if (fail) return `second order, ${fail}`;
      }
    }
  }
  return null;
}
