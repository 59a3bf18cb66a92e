/** Error messages a person can act on: each row asserts the exact (or matched) message. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FluxionError } from '../../src/index.js';
import { allErrorCases } from './cases/index.js';

describe('error messages', () => {
  for (const c of allErrorCases) {
    test(c.name, () => {
      assert.throws(c.fn, (e: unknown) => {
        assert.ok(e instanceof FluxionError, `expected a FluxionError, got ${String(e)}`);
        if (typeof c.message === 'string') assert.equal(e.message, c.message);
        else assert.match(e.message, c.message);
        return true;
      });
    });
  }
});

test('at least 30 error messages are asserted', () => {
  assert.ok(allErrorCases.length >= 30, `only ${allErrorCases.length} error cases`);
});
