/**
 * Meta-tests over the op registry: every op has forward tests, appears in docs/ops.md, and every
 * chainable Tensor method is backed by an op; the registry holds at least 150 ops.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import * as fx from '../../src/index.js';
import { opsTable } from '../../src/ops/table.js';

const testRoot = new URL('../', import.meta.url);

/** Op names that head a describe block in any test file under test/. */
function describedOps(): Set<string> {
  const names = new Set<string>();
  const files = readdirSync(testRoot, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts'));
  for (const file of files) {
    const src = readFileSync(new URL(file, testRoot), 'utf8');
    for (const m of src.matchAll(/describe\(\s*['"`]([\w.]+)['"`]/g)) names.add(m[1] as string);
  }
  return names;
}

test('every registered op has forward tests (a describe block under test/)', () => {
  const described = describedOps();
  const missing = fx.listOps().map((o) => o.name).filter((n) => !described.has(n));
  assert.deepEqual(missing, [], `ops without forward tests: ${missing.join(', ')}`);
});

test('docs/ops.md is up to date with the op registry (npm run docs:ops)', () => {
  const onDisk = readFileSync(new URL('../../docs/ops.md', import.meta.url), 'utf8');
  assert.equal(onDisk, opsTable(), 'docs/ops.md is stale: run `npm run docs:ops`');
  for (const op of fx.listOps()) assert.ok(onDisk.includes(`| \`${op.name}\` |`), `${op.name} missing from docs/ops.md`);
});

test('the op registry lists at least 150 ops', () => {
  assert.ok(fx.listOps().length >= 150, `only ${fx.listOps().length} ops`);
});

test('ops marked as Tensor methods are callable as methods', () => {
  const t = fx.tensor([1, 2, 3]) as unknown as Record<string, unknown>;
  const missing = fx.listOps().filter((o) => o.method && typeof t[o.name] !== 'function').map((o) => o.name);
  assert.deepEqual(missing, []);
});
