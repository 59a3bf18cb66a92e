/**
 * Float64 reference implementations of the Keras 3 update rules (written from keras/src/optimizers/*.py),
 * elementwise, and comparison helpers.
 */
import assert from 'node:assert/strict';
import type { Tensor } from '../../src/index.js';

export type Vec = number[];

/** The fixed test problem: a 3-element float32 variable and three gradients. */
export const W0: Vec = [1, -2, 0.5];
export const GRADS: Vec[] = [
  [0.1, -0.2, 0.3],
  [-0.5, 0.4, 0.05],
  [0.3, 0.3, -0.7],
];

/** |a - b| <= rel * max(|a|, |b|) + abs, elementwise. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-6, abs = 1e-9, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const tol = rel * Math.max(Math.abs(a), Math.abs(e)) + abs;
    assert.ok(Math.abs(a - e) <= tol, `${what}[${i}]: got ${a}, expected ${e} (diff ${Math.abs(a - e)}, tol ${tol})\n got ${Array.from(actual)}\n exp ${Array.from(expected)}`);
  }
}

export function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Per-element state of one reference rule. */
export type State = Record<string, number>;

/**
 * Runs an elementwise rule over the gradient sequence. `rule(w, g, state, t)` returns the new w
 * (t is the 1-based step); `global` runs once per step before the elements (Nadam's u_product).
 */
export function reference(
  init: State,
  rule: (w: number, g: number, s: State, t: number, glob: State) => number,
  opts: { w0?: Vec; grads?: Vec[]; global?: (glob: State, t: number) => void; globInit?: State } = {},
): { w: Vec; states: State[]; glob: State } {
  const w = [...(opts.w0 ?? W0)];
  const states = w.map(() => ({ ...init }));
  const glob = { ...(opts.globInit ?? {}) };
  (opts.grads ?? GRADS).forEach((g, k) => {
    const t = k + 1;
    opts.global?.(glob, t);
    for (let i = 0; i < w.length; i++) w[i] = rule(w[i] as number, g[i] as number, states[i] as State, t, glob);
  });
  return { w, states, glob };
}

export const sgdRule = (lr: number, momentum = 0, nesterov = false) => (w: number, g: number, s: State): number => {
  if (momentum === 0) return w - lr * g;
  s['m'] = (s['m'] as number) * momentum - g * lr;
  return nesterov ? w + ((s['m'] as number) * momentum - g * lr) : w + (s['m'] as number);
};

export const adamRule = (lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false, wd = 0) =>
  (w0: number, g: number, s: State, t: number): number => {
    const w = w0 - w0 * wd * lr;
    s['m'] = (s['m'] as number) + (g - (s['m'] as number)) * (1 - b1);
    s['v'] = (s['v'] as number) + (g * g - (s['v'] as number)) * (1 - b2);
    s['vh'] = Math.max(s['vh'] as number, s['v'] as number);
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    return w - ((s['m'] as number) * alpha) / (Math.sqrt(amsgrad ? (s['vh'] as number) : (s['v'] as number)) + eps);
  };

export const adamaxRule = (lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7) => (w: number, g: number, s: State, t: number): number => {
  s['m'] = (s['m'] as number) + (g - (s['m'] as number)) * (1 - b1);
  s['u'] = Math.max(b2 * (s['u'] as number), Math.abs(g));
  return w - (lr * (s['m'] as number)) / ((1 - b1 ** t) * ((s['u'] as number) + eps));
};

export const nadamGlobal = (b1 = 0.9) => (glob: State, t: number): void => {
  glob['up'] = (glob['up'] as number) * b1 * (1 - 0.5 * 0.96 ** t);
};

export const nadamRule = (lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7) =>
  (w: number, g: number, s: State, t: number, glob: State): number => {
    const ut = b1 * (1 - 0.5 * 0.96 ** t);
    const ut1 = b1 * (1 - 0.5 * 0.96 ** (t + 1));
    const up = glob['up'] as number;
    const up1 = up * ut1;
    s['m'] = (s['m'] as number) + (g - (s['m'] as number)) * (1 - b1);
    s['v'] = (s['v'] as number) + (g * g - (s['v'] as number)) * (1 - b2);
    const mHat = (ut1 * (s['m'] as number)) / (1 - up1) + ((1 - ut) * g) / (1 - up);
    const vHat = (s['v'] as number) / (1 - b2 ** t);
    return w - (mHat * lr) / (Math.sqrt(vHat) + eps);
  };

export const rmspropRule = (lr: number, rho = 0.9, momentum = 0, eps = 1e-7, centered = false) =>
  (w: number, g: number, s: State): number => {
    s['v'] = rho * (s['v'] as number) + (1 - rho) * g * g;
    let den: number;
    if (centered) {
      s['a'] = rho * (s['a'] as number) + (1 - rho) * g;
      den = (s['v'] as number) - (s['a'] as number) ** 2 + eps;
    } else {
      den = (s['v'] as number) + eps;
    }
    const inc = (lr * g) / Math.sqrt(den);
    if (momentum > 0) {
      s['mo'] = momentum * (s['mo'] as number) + inc;
      return w - (s['mo'] as number);
    }
    return w - inc;
  };

export const adagradRule = (lr: number, eps = 1e-7) => (w: number, g: number, s: State): number => {
  s['acc'] = (s['acc'] as number) + g * g;
  return w - (lr * g) / Math.sqrt((s['acc'] as number) + eps);
};

export const adadeltaRule = (lr: number, rho = 0.95, eps = 1e-7) => (w: number, g: number, s: State): number => {
  s['ag'] = rho * (s['ag'] as number) + (1 - rho) * g * g;
  const d = (Math.sqrt((s['ad'] as number) + eps) * g) / Math.sqrt((s['ag'] as number) + eps);
  s['ad'] = rho * (s['ad'] as number) + (1 - rho) * d * d;
  return w - lr * d;
};

export const lionRule = (lr: number, b1 = 0.9, b2 = 0.99) => (w: number, g: number, s: State): number => {
  const out = w - lr * Math.sign(b1 * (s['m'] as number) + (1 - b1) * g);
  s['m'] = b2 * (s['m'] as number) + (1 - b2) * g;
  return out;
};
