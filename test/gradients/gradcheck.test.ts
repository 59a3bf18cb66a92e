/**
 * The float64 numerical gradient check of every differentiable op, table-driven: the rows live
 * in ./cases/<family>.ts. A meta-test fails when a differentiable op has no row.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { checkGradCase, type GradCase } from '../helpers/gradcheck.js';
import { allGradCases } from './cases/index.js';

const cases: GradCase[] = allGradCases;

describe('gradient check (float64 central differences)', () => {
  for (const c of cases) {
    const shapes = c.inputs.map((s) => `[${s.shape.join(',')}]`).join(' ');
    test(`${c.op}${c.label ? ` (${c.label})` : ''} ${shapes}${c.secondOrder ? ' +2nd order' : ''}`, () => {
      const failure = checkGradCase(c);
      assert.equal(failure, null, failure ?? '');
    });
  }
});

test('every differentiable op has a gradient-check row', () => {
  const covered = new Set(cases.map((c) => c.op));
  const missing = fx.listOps().filter((o) => o.gradient === 'yes' && !covered.has(o.name)).map((o) => o.name);
  assert.deepEqual(missing, [], `ops without a gradient check: ${missing.join(', ')}`);
});
