import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

describe('Tensor reading', () => {
  test('shape, dtype, size, rank', () => {
    const t = fx.tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    assert.equal(t.size, 6);
    assert.equal(t.rank, 2);
  });
  test('data, dataSync, array, arraySync', async () => {
    const t = fx.tensor([[1, 2], [3, 4]], undefined, 'int32');
    assert.ok(t.dataSync() instanceof Int32Array);
    assert.deepEqual(Array.from(await t.data()), [1, 2, 3, 4]);
    assert.deepEqual(t.arraySync(), [[1, 2], [3, 4]]);
    assert.deepEqual(await t.array(), [[1, 2], [3, 4]]);
    assert.deepEqual(fx.tensor([true, false]).arraySync(), [true, false]);
    assert.equal(fx.scalar(3).arraySync(), 3);
  });
  test('toString is numpy-like and abbreviates big tensors', () => {
    assert.equal(fx.tensor([[1, 2], [3, 4]]).toString(), 'Tensor\n    [[1.0000, 2.0000],\n     [3.0000, 4.0000]]');
    assert.equal(fx.tensor([1, 2], [2], 'int32').toString(), 'Tensor\n    [1, 2]');
    assert.equal(fx.tensor([true, false]).toString(), 'Tensor\n    [ true, false]');
    assert.match(fx.tensor([1], [1], 'float64').toString(true), /dtype: float64\n {2}rank: 1\n {2}shape: \[1\]/);
    const big = fx.zeros([100, 100]).toString();
    assert.ok(big.includes('...'), 'abbreviated');
    assert.ok(big.length < 2000, `short (${big.length} chars)`);
  });
  test('print writes toString to the console', () => {
    const lines: string[] = [];
    const orig = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      fx.scalar(2).print();
    } finally {
      console.log = orig;
    }
    assert.deepEqual(lines, ['Tensor\n    2.0000']);
  });
  test('chainable methods', () => {
    const a = fx.tensor([1, 2, 3]);
    assert.deepEqual(Array.from(a.add(1).mul(2).dataSync()), [4, 6, 8]);
    assert.deepEqual(a.reshape([3, 1]).shape, [3, 1]);
  });
  test('disposed tensors refuse use with a clear message', () => {
    const t = fx.tensor([1, 2]);
    t.dispose();
    assert.ok(t.isDisposed);
    assert.throws(() => t.dataSync(), /Tensor \d+ \(shape \[2\], float32\) is disposed and can no longer be used/);
    assert.throws(() => fx.add(t, 1), /add: argument 'a' is a disposed tensor/);
  });
});

describe('Variable', () => {
  test('assign replaces the value; shape and dtype are fixed', () => {
    const v = new fx.Variable(fx.tensor([1, 2]));
    v.assign(fx.tensor([3, 4]));
    assert.deepEqual(Array.from(v.dataSync()), [3, 4]);
    v.assignAdd(fx.tensor([1, 1]));
    v.assignSub(2);
    assert.deepEqual(Array.from(v.dataSync()), [2, 3]);
    assert.throws(
      () => v.assign(fx.tensor([1, 2, 3])),
      /Variable.assign: variable "variable_\d+" has shape \[2\] and dtype float32, but the new value has shape \[3\] and dtype float32/,
    );
  });
});
