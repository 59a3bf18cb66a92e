import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fx from '../../src/index.js';
import type { KernelTable } from '../../src/core/kernels.js';

test('the default backend is cpu when the native addon loads, else js; env() reports it', () => {
  const expected = fx.nativeInfo() === null ? 'js' : 'cpu';
  assert.equal(fx.getBackend(), expected);
  const e = fx.env();
  assert.equal(e.backend, expected);
  assert.ok(e.backends.includes('js'));
  if (expected === 'cpu') assert.ok(['avx2+fma', 'portable'].includes(String(e.backendInfo['simd'])));
});

const expectedDefault = fx.nativeInfo() === null ? 'js' : 'cpu';

test('a backend missing a kernel falls back to js, and says so in env().fallbacks', async () => {
  let adds = 0;
  const kernels: KernelTable = {
    add: ([a, b]) => {
      adds++;
      const out = new Float32Array(a.values.length);
      for (let i = 0; i < out.length; i++) out[i] = (a.values[i] ?? 0) + (b.values[i] ?? 0);
      return { values: out, shape: a.shape, dtype: a.dtype };
    },
  };
  fx.registerBackend('partial', () => ({ name: 'partial', kernels }), 0);
  try {
    await fx.setBackend('partial');
    assert.equal(fx.getBackend(), 'partial');
    const y = fx.mul(fx.add(fx.tensor([1, 2]), fx.tensor([3, 4])), 2);
    assert.deepEqual(Array.from(y.dataSync()), [8, 12]);
    assert.equal(adds, 1, 'the backend ran its own add');
    assert.ok(fx.env().fallbacks.includes('partial/mul'), 'mul fell back to js');
  } finally {
    await fx.setBackend(expectedDefault);
    fx.removeBackend('partial');
  }
});

test('setBackend names the registered backends when asked for an unknown one', () => {
  assert.throws(() => fx.setBackend('nope'), /setBackend: no backend named "nope" is registered; registered backends: js/);
});
