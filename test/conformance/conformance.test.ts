/**
 * The conformance suite: every backend other than `js` runs the same computations as `js` (the
 * reference) and must agree. Rows: the dedicated conformance cases (odd sizes, threading
 * thresholds, transposes, broadcasting, empty tensors), every differential row, and the values
 * and gradients of every gradient-check row. run-tests.mjs runs this file twice, the second time
 * with FLUXION_SIMD=portable so that both native code paths are checked.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { allDiffCases } from '../differential/cases/index.js';
import { allGradCases } from '../gradients/cases/index.js';
import { makeRng, randomValues, type InputSpec } from '../helpers/random-inputs.js';
import { allConformanceCases } from './cases/index.js';

type Out = fx.Tensor | fx.Tensor[] | { values: fx.Tensor; indices: fx.Tensor };

function flat(out: Out): fx.Tensor[] {
  if (Array.isArray(out)) return out;
  if (out instanceof fx.Tensor) return [out];
  return [out.values, out.indices];
}

function makeInputs(specs: InputSpec[], seed: number, defaultDtype: fx.DType): fx.Tensor[] {
  const rng = makeRng(seed);
  return specs.map((s) => fx.tensor(randomValues({ ...s, dtype: s.dtype ?? defaultDtype }, rng), s.shape, s.dtype ?? defaultDtype));
}

function runOn(backend: string, f: () => fx.Tensor[]): { values: Float64Array[]; shapes: number[][]; dtypes: string[] } {
  void fx.setBackend(backend);
  const outs = f();
  return { values: outs.map((t) => Float64Array.from(t.dataSync())), shapes: outs.map((t) => t.shape), dtypes: outs.map((t) => t.dtype) };
}

function compare(backend: string, f: () => fx.Tensor[], tol: number): void {
  const ref = runOn('js', f);
  const got = runOn(backend, f);
  assert.deepEqual(got.shapes, ref.shapes, 'shapes');
  assert.deepEqual(got.dtypes, ref.dtypes, 'dtypes');
  got.values.forEach((vals, k) => {
    const r = ref.values[k] as Float64Array;
    for (let i = 0; i < r.length; i++) {
      const x = vals[i] as number;
      const y = r[i] as number;
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
      const ok = Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y)) + tol * 0.1;
      assert.ok(ok, `output ${k}, element ${i}: ${backend} ${x} vs js ${y}`);
    }
  });
}

const backends = fx.registeredBackends().filter((b) => b !== 'js');

for (const backend of backends) {
  describe(`conformance: ${backend} vs js (${process.env['FLUXION_SIMD'] ?? 'default'} SIMD path)`, () => {
    after(() => void fx.setBackend('js'));
    allConformanceCases.forEach((c, n) => {
      test(`${c.op}${c.label ? ` (${c.label})` : ''}`, () => {
        compare(backend, () => flat(c.fn(...makeInputs(c.inputs, 500 + n, 'float32'))), c.tol ?? 1e-5);
      });
    });
    allDiffCases.forEach((c, n) => {
      test(`differential row ${c.op}${c.label ? ` (${c.label})` : ''}`, () => {
        compare(backend, () => flat(c.fx(...makeInputs(c.inputs, 1000 + n, 'float32'))), c.tol ?? 1e-5);
      });
    });
    allGradCases.forEach((c, n) => {
      test(`gradient row ${c.op}${c.label ? ` (${c.label})` : ''}`, () => {
        compare(
          backend,
          () => {
            const xs = makeInputs(c.inputs, 2000 + n, 'float64');
            const diff = c.inputs.map((s, i) => (s.constant || (s.dtype && s.dtype !== 'float64') ? -1 : i)).filter((i) => i >= 0);
            const y = c.fn(...xs);
            const tape = new fx.GradientTape({ watchAccessedVariables: false });
            const sources = diff.map((i) => xs[i] as fx.Tensor);
            tape.watch(...sources);
            const z = fx.sum(fx.mul(fx.cast(c.fn(...xs), 'float64'), 1.5));
            const gs = tape.gradient(z, sources, undefined, 'zero') as fx.Tensor[];
            return [y, ...gs];
          },
          1e-9,
        );
      });
    });
  });
}

test('the cpu backend is registered and is the default in Node.js when the addon is built', () => {
  const info = fx.nativeInfo();
  if (info === null) {
    assert.ok(!fx.registeredBackends().includes('cpu'), 'no addon, no cpu backend');
    return;
  }
  assert.ok(fx.registeredBackends().includes('cpu'));
  assert.ok(info.simd === 'avx2+fma' || info.simd === 'portable');
  assert.ok(info.threads >= 1);
});
