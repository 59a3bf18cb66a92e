/**
 * The native fused optimizer updates (Keras 3 rules, float32, in place) against a plain float64
 * TypeScript reference of the same rules: 3 steps, several hyperparameter settings, odd lengths
 * and lengths above the native threading threshold (32768 elements).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nativeOptimizerUpdates } from '../../src/backends/cpu/kernels/movement.js';
import { makeRng } from '../helpers/random-inputs.js';

const LENGTHS = [1, 7, 1003, 100003];
const STEPS = 3;
const skip = nativeOptimizerUpdates === null ? 'the native addon is not built' : false;

function random(n: number, rng: () => number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng();
  return a;
}

/**
 * |got - want| <= tol * (|want| + scale), element by element: float32 rounding of intermediates of
 * size ~1 (cancellation in m + (g - m)(1 - beta1) etc.) leaves absolute errors ~1e-7, far below a
 * wrong rule's (a step moves p by ~lr).
 */
function close(got: Float32Array, want: Float64Array, what: string, tol = 1e-5, scale = 0.1): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    assert.ok(Number.isFinite(g), `${what}[${i}] is ${g}`);
    assert.ok(Math.abs(g - w) <= tol * (Math.abs(w) + scale), `${what}[${i}]: native ${g} vs reference ${w}`);
  }
}

function decay(p: Float64Array, lr: number, wd: number): void {
  if (wd !== 0) for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) - (p[i] as number) * wd * lr;
}

// ---------------------------------------------------------------- float64 references (Keras 3)

function sgdRef(p: Float64Array, g: Float64Array, m: Float64Array, lr: number, momentum: number, nesterov: boolean, wd: number): void {
  decay(p, lr, wd);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] as number;
    if (momentum === 0) {
      p[i] = (p[i] as number) - lr * gi;
      continue;
    }
    const mi = momentum * (m[i] as number) - lr * gi;
    m[i] = mi;
    p[i] = (p[i] as number) + (nesterov ? momentum * mi - lr * gi : mi);
  }
}

interface AdamState {
  m: Float64Array;
  v: Float64Array;
  vHat: Float64Array | null;
}

function adamRef(p: Float64Array, g: Float64Array, s: AdamState, lr: number, b1: number, b2: number, eps: number, step: number, wd: number): void {
  decay(p, lr, wd);
  const alpha = (lr * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] as number;
    const m = (s.m[i] as number) + (gi - (s.m[i] as number)) * (1 - b1);
    const v = (s.v[i] as number) + (gi * gi - (s.v[i] as number)) * (1 - b2);
    s.m[i] = m;
    s.v[i] = v;
    let denomV = v;
    if (s.vHat) {
      denomV = Math.max(s.vHat[i] as number, v);
      s.vHat[i] = denomV;
    }
    p[i] = (p[i] as number) - (m * alpha) / (Math.sqrt(denomV) + eps);
  }
}

interface RmsState {
  v: Float64Array;
  mom: Float64Array | null;
  avg: Float64Array | null;
}

function rmspropRef(p: Float64Array, g: Float64Array, s: RmsState, lr: number, rho: number, momentum: number, eps: number, wd: number): void {
  decay(p, lr, wd);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] as number;
    const v = rho * (s.v[i] as number) + (1 - rho) * gi * gi;
    s.v[i] = v;
    let denom = v + eps;
    if (s.avg) {
      const a = rho * (s.avg[i] as number) + (1 - rho) * gi;
      s.avg[i] = a;
      denom = v - a * a + eps;
    }
    const inc = (lr * gi) / Math.sqrt(denom);
    if (momentum > 0 && s.mom) {
      const mi = momentum * (s.mom[i] as number) + inc;
      s.mom[i] = mi;
      p[i] = (p[i] as number) - mi;
    } else {
      p[i] = (p[i] as number) - inc;
    }
  }
}

const f64 = (a: Float32Array): Float64Array => Float64Array.from(a);

// ---------------------------------------------------------------- tests

describe('native optimizer updates', { skip }, () => {
  const upd = nativeOptimizerUpdates;

  const sgdSettings = [
    { learningRate: 0.01 },
    { learningRate: 0.1, momentum: 0.9 },
    { learningRate: 0.05, momentum: 0.8, nesterov: true },
    { learningRate: 0.02, momentum: 0.5, nesterov: true, weightDecay: 0.1 },
  ];
  for (const h of sgdSettings) {
    for (const n of LENGTHS) {
      test(`sgdMomentum ${JSON.stringify(h)} n=${n}`, () => {
        assert.ok(upd);
        const rng = makeRng(n * 7 + 1);
        const p = random(n, rng);
        const m = (h.momentum ?? 0) !== 0 ? random(n, rng, -0.1, 0.1) : null;
        const rp = f64(p);
        const rm = m ? f64(m) : new Float64Array(n);
        for (let t = 0; t < STEPS; t++) {
          const g = random(n, rng);
          upd.sgdMomentum(p, g, m, h);
          sgdRef(rp, f64(g), rm, h.learningRate, h.momentum ?? 0, h.nesterov ?? false, h.weightDecay ?? 0);
        }
        close(p, rp, 'param');
        if (m) close(m, rm, 'momentum');
      });
    }
  }

  const adamSettings = [
    { learningRate: 0.001 },
    { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
    { learningRate: 0.005, amsgrad: true },
    { learningRate: 0.003, beta1: 0.5, beta2: 0.9, amsgrad: true, weightDecay: 0.01 },
  ];
  for (const h of adamSettings) {
    for (const n of LENGTHS) {
      test(`adam ${JSON.stringify(h)} n=${n}`, () => {
        assert.ok(upd);
        const rng = makeRng(n * 13 + 5);
        const p = random(n, rng);
        // A nonzero starting state (as after earlier steps) and a vHat sometimes above v.
        const m = random(n, rng, -0.01, 0.01);
        const v = random(n, rng, 0, 0.01);
        const vHat = h.amsgrad ? random(n, rng, 0, 0.02) : null;
        const rp = f64(p);
        const rs: AdamState = { m: f64(m), v: f64(v), vHat: vHat ? f64(vHat) : null };
        for (let step = 1; step <= STEPS; step++) {
          const g = random(n, rng);
          upd.adam(p, g, m, v, vHat, { ...h, step });
          adamRef(rp, f64(g), rs, h.learningRate, h.beta1 ?? 0.9, h.beta2 ?? 0.999, h.epsilon ?? 1e-7, step, h.weightDecay ?? 0);
        }
        close(p, rp, 'param');
        close(m, rs.m, 'm');
        close(v, rs.v, 'v');
        if (vHat && rs.vHat) close(vHat, rs.vHat, 'vHat');
      });
    }
  }

  for (const h of adamSettings) {
    for (const n of LENGTHS) {
      test(`adam out of place ${JSON.stringify(h)} n=${n}: the in-place results bit for bit, inputs untouched`, () => {
        assert.ok(upd);
        const rng = makeRng(n * 17 + 3);
        const p = random(n, rng);
        const m = random(n, rng, -0.01, 0.01);
        const v = random(n, rng, 0, 0.01);
        const vHat = h.amsgrad ? random(n, rng, 0, 0.02) : null;
        const g = random(n, rng);
        const before = [p, m, v, vHat ?? new Float32Array(0), g].map((a) => Float32Array.from(a));
        const out = { param: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n), vHat: vHat ? new Float32Array(n) : null };
        upd.adam(p, g, m, v, vHat, { ...h, step: 2 }, out);
        [p, m, v, vHat ?? new Float32Array(0), g].forEach((a, k) => assert.deepEqual(a, before[k], `input ${k} was written`));
        upd.adam(p, g, m, v, vHat, { ...h, step: 2 });
        assert.deepEqual(out.param, p);
        assert.deepEqual(out.m, m);
        assert.deepEqual(out.v, v);
        if (vHat) assert.deepEqual(out.vHat, vHat);
      });
    }
  }

  for (const n of LENGTHS) {
    test(`adamTfjs (tf.train.adam's rule, out of place) n=${n}: float32 operation by operation`, () => {
      assert.ok(upd);
      const rng = makeRng(n * 19 + 1);
      const f = Math.fround;
      const p = random(n, rng);
      const g = random(n, rng);
      const m = random(n, rng, -0.01, 0.01);
      const v = random(n, rng, 0, 0.01);
      const before = [p, g, m, v].map((a) => Float32Array.from(a));
      const h = {
        beta1: f(0.9), oneMinusBeta1: f(0.1), beta2: f(0.999), oneMinusBeta2: f(1 - 0.999),
        oneMinusAccBeta1: f(1 - f(f(0.9) * f(0.9))), oneMinusAccBeta2: f(1 - f(f(0.999) * f(0.999))), epsilon: f(1e-7), negLr: f(-0.01),
      };
      const out = { param: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n), vHat: null };
      assert.ok(upd.adamTfjs, "this build has the out-of-place kernels");
      upd.adamTfjs(p, g, m, v, out, h);
      [p, g, m, v].forEach((a, k) => assert.deepEqual(a, before[k], `input ${k} was written`));
      for (let i = 0; i < n; i++) {
        const mi = f(f(m[i]! * h.beta1) + f(g[i]! * h.oneMinusBeta1));
        const vi = f(f(v[i]! * h.beta2) + f(f(g[i]! * g[i]!) * h.oneMinusBeta2));
        const pi = f(f(f(f(mi / h.oneMinusAccBeta1) / f(f(Math.sqrt(f(vi / h.oneMinusAccBeta2))) + h.epsilon)) * h.negLr) + p[i]!);
        // Bit for bit where the compiler keeps each rounding (x86-64 without FMA); within 2 ulp where it may fuse.
        const near = (a: number, b: number): boolean => Math.abs(a - b) <= 2.5e-7 * Math.max(Math.abs(b), 1e-30);
        assert.ok(near(out.m[i]!, mi) && near(out.v[i]!, vi) && near(out.param[i]!, pi), `element ${i}: ${out.param[i]} vs ${pi}`);
      }
    });
  }

  const adamwSettings = [
    { learningRate: 0.001, weightDecay: 0.004 },
    { learningRate: 0.01, weightDecay: 0.1, beta1: 0.85, amsgrad: true },
  ];
  for (const h of adamwSettings) {
    for (const n of LENGTHS) {
      test(`adamw ${JSON.stringify(h)} n=${n}`, () => {
        assert.ok(upd);
        const rng = makeRng(n * 17 + 3);
        const p = random(n, rng);
        const m = new Float32Array(n);
        const v = new Float32Array(n);
        const vHat = h.amsgrad ? new Float32Array(n) : null;
        const rp = f64(p);
        const rs: AdamState = { m: f64(m), v: f64(v), vHat: vHat ? f64(vHat) : null };
        for (let step = 1; step <= STEPS; step++) {
          const g = random(n, rng);
          upd.adamw(p, g, m, v, vHat, { ...h, step });
          adamRef(rp, f64(g), rs, h.learningRate, h.beta1 ?? 0.9, 0.999, 1e-7, step, h.weightDecay);
        }
        close(p, rp, 'param');
        close(m, rs.m, 'm');
        close(v, rs.v, 'v');
      });
    }
  }

  const rmsSettings = [
    { learningRate: 0.001 },
    { learningRate: 0.01, rho: 0.8, momentum: 0.9 },
    { learningRate: 0.005, centered: true },
    { learningRate: 0.002, rho: 0.95, momentum: 0.5, centered: true, epsilon: 1e-5, weightDecay: 0.05 },
  ];
  for (const h of rmsSettings) {
    for (const n of LENGTHS) {
      test(`rmsprop ${JSON.stringify(h)} n=${n}`, () => {
        assert.ok(upd);
        const rng = makeRng(n * 19 + 11);
        const p = random(n, rng);
        const vel = random(n, rng, 0.5, 1);
        const mom = (h.momentum ?? 0) > 0 ? random(n, rng, -0.01, 0.01) : null;
        const avg = h.centered ? random(n, rng, -0.1, 0.1) : null;
        const rp = f64(p);
        const rs: RmsState = { v: f64(vel), mom: mom ? f64(mom) : null, avg: avg ? f64(avg) : null };
        for (let t = 0; t < STEPS; t++) {
          const g = random(n, rng);
          upd.rmsprop(p, g, vel, mom, avg, h);
          rmspropRef(rp, f64(g), rs, h.learningRate, h.rho ?? 0.9, h.momentum ?? 0, h.epsilon ?? 1e-7, h.weightDecay ?? 0);
        }
        close(p, rp, 'param');
        close(vel, rs.v, 'velocity');
        if (mom && rs.mom) close(mom, rs.mom, 'momentum');
        if (avg && rs.avg) close(avg, rs.avg, 'averageGrad');
      });
    }
  }

  test('a state array of the wrong length, a missing momentum buffer or overlapping arrays are refused before anything is written', () => {
    assert.ok(upd);
    const p = new Float32Array([1, 2, 3]);
    const g = new Float32Array([1, 1, 1]);
    assert.throws(() => upd.adam(p, g, new Float32Array(3), new Float32Array(2), null, { learningRate: 0.1, step: 1 }), RangeError);
    assert.throws(() => upd.sgdMomentum(p, new Float32Array(4), null, { learningRate: 0.1 }), RangeError);
    assert.throws(() => upd.sgdMomentum(p, g, null, { learningRate: 0.1, momentum: 0.9 }), RangeError);
    assert.throws(() => upd.rmsprop(p, g, new Float32Array(3), null, null, { learningRate: 0.1, momentum: 0.5 }), RangeError);
    assert.throws(() => upd.adam(p, g, new Float32Array(3), new Float32Array(3), null, { learningRate: 0.1, step: 0 }), RangeError);
    // Overlapping arrays (the loops assume none): the same array twice, or views sharing memory.
    const buf = new Float32Array(6);
    assert.throws(() => upd.adam(p, g, buf.subarray(0, 3), buf.subarray(2, 5), null, { learningRate: 0.1, step: 1 }), RangeError);
    assert.throws(() => upd.sgdMomentum(p, p, null, { learningRate: 0.1 }), RangeError);
    // Out of place: an output overlapping an input, or an outVHat without vHat.
    const [m3, v3] = [new Float32Array(3), new Float32Array(3)];
    const out = (param: Float32Array, vHat: Float32Array | null = null) => ({ param, m: new Float32Array(3), v: new Float32Array(3), vHat });
    assert.throws(() => upd.adam(p, g, m3, v3, null, { learningRate: 0.1, step: 1 }, out(p)), /must not overlap/);
    // Inputs may share memory when only read (a gradient that is the parameter's own storage).
    const shared = Float32Array.from([0.5, -1, 2]);
    const o2 = out(new Float32Array(3));
    upd.adam(shared, shared, m3, v3, null, { learningRate: 0.1, step: 1 }, o2);
    assert.ok(o2.param.every(Number.isFinite));
    assert.throws(() => upd.adam(p, g, m3, v3, null, { learningRate: 0.1, step: 1 }, out(new Float32Array(3), new Float32Array(3))), /both be given/);
    assert.deepEqual(Array.from(p), [1, 2, 3]);
  });
});
