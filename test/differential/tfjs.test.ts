/**
 * Differential test against TensorFlow.js (its pure-JS `cpu` backend): every op the two share
 * runs on the same random float32 inputs and must agree to 1e-5 relative
 * (|fx - tf| <= 1e-5 * max(|fx|, |tf|) + 1e-6).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as fx from '../../src/index.js';
import { makeRng, randomValues } from '../helpers/random-inputs.js';
import { allDiffCases } from './cases/index.js';

type Outputs<T> = T | T[] | { values: T; indices: T };

function flat<T>(out: Outputs<T>): T[] {
  if (Array.isArray(out)) return out;
  if (out !== null && typeof out === 'object' && 'values' in out && 'indices' in out) return [out.values, out.indices];
  return [out as T];
}

describe('differential: fluxion vs @tensorflow/tfjs cpu', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  allDiffCases.forEach((c, n) => {
    test(`${c.op}${c.label ? ` (${c.label})` : ''}`, () => {
      const rng = makeRng(1000 + n);
      const specs = c.inputs.map((s) => ({ ...s, dtype: s.dtype ?? 'float32' }));
      const values = specs.map((s) => randomValues(s, rng));
      const fxIn = specs.map((s, i) => fx.tensor(values[i] as number[], s.shape, s.dtype));
      const tfIn = specs.map((s, i) => tf.tensor(values[i] as number[], s.shape, s.dtype === 'float64' ? 'float32' : s.dtype));
      const ours = flat(c.fx(...fxIn));
      const theirs = flat(c.tf(tf, ...tfIn));
      assert.equal(ours.length, theirs.length, 'number of outputs');
      const tol = c.tol ?? 1e-5;
      ours.forEach((o, k) => {
        const t = theirs[k] as tf.Tensor;
        assert.deepEqual(o.shape, t.shape, `output ${k} shape`);
        assert.equal(o.dtype, t.dtype, `output ${k} dtype`);
        const a = o.dataSync();
        const b = t.dataSync();
        for (let i = 0; i < b.length; i++) {
          const x = Number(a[i]);
          const y = Number(b[i]);
          if (Number.isNaN(x) && Number.isNaN(y)) continue;
          const ok = x === y || Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y)) + 1e-6;
          assert.ok(ok, `output ${k}, element ${i}: fluxion ${x} vs tfjs ${y}`);
        }
      });
    });
  });
});

/** Ops whose TensorFlow.js namesake cannot be compared on the same inputs, with the reason. */
const NOT_COMPARABLE: Record<string, string> = {
  randomGamma: 'the generators differ and no parameter makes the draw certain; distribution tested in test/ops/random.test.ts',
  randomStandardNormal: 'the generators differ and no parameter makes the draw certain; distribution tested in test/ops/random.test.ts',
};

test('every op that TensorFlow.js also has is compared at least once', () => {
  const covered = new Set(allDiffCases.map((c) => c.op));
  const tfRecord = tf as unknown as Record<string, unknown>;
  const shared = fx.listOps().filter((o) => {
    const [ns, name] = o.name.includes('.') ? (o.name.split('.') as [string, string]) : [undefined, o.name];
    const holder = ns === undefined ? tfRecord : (tfRecord[ns] as Record<string, unknown> | undefined);
    return typeof holder?.[name] === 'function';
  });
  const missing = shared.map((o) => o.name).filter((n) => !covered.has(n) && !(n in NOT_COMPARABLE));
  assert.deepEqual(missing, [], `ops shared with TensorFlow.js but not compared: ${missing.join(', ')}`);
  assert.ok(shared.length >= 100, `only ${shared.length} shared ops`);
});
