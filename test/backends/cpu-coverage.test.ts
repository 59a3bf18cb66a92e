/** Every kernel of the js reference backend is either native on `cpu` or a deliberate, listed fallback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuKernels } from '../../src/backends/cpu/index.js';
import { CPU_JS_FALLBACKS } from '../../src/backends/cpu/fallbacks.js';
import { jsKernels } from '../../src/backends/js/index.js';

test('each js kernel is native on cpu or listed in CPU_JS_FALLBACKS with a reason', () => {
  const missing = Object.keys(jsKernels).filter((k) => !(k in cpuKernels) && !(k in CPU_JS_FALLBACKS));
  assert.deepEqual(missing, [], `kernels neither native nor listed: ${missing.join(', ')}`);
});

test('no kernel is both native and listed as a fallback', () => {
  const both = Object.keys(CPU_JS_FALLBACKS).filter((k) => k in cpuKernels);
  assert.deepEqual(both, [], `listed as fallbacks but native: ${both.join(', ')}`);
  for (const [k, why] of Object.entries(CPU_JS_FALLBACKS)) assert.ok(why.length > 10, `${k} needs a reason`);
});

test('the native kernels cover most of the reference backend', () => {
  const native = Object.keys(jsKernels).filter((k) => k in cpuKernels).length;
  assert.ok(native / Object.keys(jsKernels).length > 0.8, `${native} of ${Object.keys(jsKernels).length}`);
});
