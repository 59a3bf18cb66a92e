import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTYPES, upcastType } from '../../src/core/dtype.js';
import * as fx from '../../src/index.js';

test('promotion lattice bool < int32 < float32 < float64, symmetric', () => {
  const expected: Record<string, string> = {
    'bool,bool': 'bool', 'bool,int32': 'int32', 'bool,float32': 'float32', 'bool,float64': 'float64',
    'int32,int32': 'int32', 'int32,float32': 'float32', 'int32,float64': 'float64',
    'float32,float32': 'float32', 'float32,float64': 'float64', 'float64,float64': 'float64',
  };
  for (const a of DTYPES) {
    for (const b of DTYPES) {
      const key = [a, b].sort((x, y) => DTYPES.indexOf(x) - DTYPES.indexOf(y)).join(',');
      assert.equal(upcastType(a, b), expected[key], `${a}+${b}`);
    }
  }
});

test('binary ops promote tensor operands and keep weakly-typed numbers', () => {
  const i = fx.tensor([1, 2], [2], 'int32');
  const f = fx.tensor([0.5, 0.5]);
  const d = fx.tensor([1, 1], [2], 'float64');
  assert.equal(fx.add(i, f).dtype, 'float32');
  assert.equal(fx.add(f, d).dtype, 'float64');
  assert.equal(fx.add(i, d).dtype, 'float64');
  assert.equal(i.add(2).dtype, 'int32');
  assert.equal(i.add(2.5).dtype, 'float32');
  assert.equal(d.mul(3).dtype, 'float64');
  assert.deepEqual(Array.from(i.add(2.5).dataSync()), [3.5, 4.5]);
});

test('float ops promote int inputs to float32; float64 stays float64', () => {
  assert.equal(fx.exp(fx.tensor([0, 1], [2], 'int32')).dtype, 'float32');
  assert.equal(fx.exp(fx.tensor([0, 1], [2], 'float64')).dtype, 'float64');
  const e = fx.exp(fx.tensor([1], [1], 'float64')).dataSync()[0];
  assert.equal(e, Math.E, 'float64 keeps full precision');
});
