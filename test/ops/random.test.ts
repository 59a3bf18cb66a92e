/** The random family: reproducibility (seeds, setSeed) and the distributions' statistics. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

const N = 20000;

function stats(t: fx.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), min, max };
}

function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tolerance ${tol})`);
}

function same(a: fx.Tensor, b: fx.Tensor): boolean {
  const x = a.dataSync();
  const y = b.dataSync();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Shared reproducibility checks of one random op (`draw(seed?)`). */
function checkSeeds(draw: (seed?: number) => fx.Tensor): void {
  assert.ok(same(draw(7), draw(7)), 'the same seed gives the same values');
  assert.ok(!same(draw(7), draw(8)), 'different seeds give different values');
  fx.setSeed(123);
  const first = draw();
  const second = draw();
  assert.ok(!same(first, second), 'successive unseeded calls differ');
  fx.setSeed(123);
  assert.ok(same(draw(), first), 'setSeed makes unseeded calls reproducible');
  assert.ok(same(draw(), second), 'setSeed makes the whole sequence reproducible');
}

describe('randomNormal', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.randomNormal([50], 0, 1, 'float32', seed)));
  test('mean and standard deviation of 20,000 samples', () => {
    const s = stats(fx.randomNormal([N], 3, 2, 'float32', 1));
    near(s.mean, 3, 0.06, 'mean');
    near(s.std, 2, 0.05, 'std');
    const z = stats(fx.randomNormal([100, 200], undefined, undefined, undefined, 2));
    near(z.mean, 0, 0.03, 'default mean');
    near(z.std, 1, 0.03, 'default std');
  });
  test('shape, dtypes and empty', () => {
    const t = fx.randomNormal([2, 3], 0, 1, 'float64', 5);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float64');
    assert.equal(fx.randomNormal([4]).dtype, 'float32');
    assert.deepEqual(fx.randomNormal([0, 3]).shape, [0, 3]);
    assert.deepEqual(Array.from(fx.randomNormal([3], 5, 0, 'float32', 1).dataSync()), [5, 5, 5]);
  });
});

describe('randomStandardNormal', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.randomStandardNormal([50], 'float32', seed)));
  test('mean 0 and standard deviation 1', () => {
    const s = stats(fx.randomStandardNormal([N], 'float64', 3));
    near(s.mean, 0, 0.03, 'mean');
    near(s.std, 1, 0.03, 'std');
  });
  test('matches randomNormal(shape, 0, 1) for the same seed', () => {
    assert.ok(same(fx.randomStandardNormal([10], 'float32', 9), fx.randomNormal([10], 0, 1, 'float32', 9)));
    assert.deepEqual(fx.randomStandardNormal([2, 0]).shape, [2, 0]);
  });
});

describe('truncatedNormal', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.truncatedNormal([50], 0, 1, 'float32', seed)));
  test('every sample lies within two standard deviations', () => {
    const s = stats(fx.truncatedNormal([N], 1, 0.5, 'float64', 4));
    assert.ok(s.min >= 0 && s.max <= 2, `range [${s.min}, ${s.max}]`);
    near(s.mean, 1, 0.02, 'mean');
    // the standard deviation of a normal truncated at ±2σ is 0.8796σ
    near(s.std, 0.8796 * 0.5, 0.015, 'std');
  });
  test('shape and dtype', () => {
    const t = fx.truncatedNormal([3, 1]);
    assert.deepEqual(t.shape, [3, 1]);
    assert.equal(t.dtype, 'float32');
  });
});

describe('randomUniform', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.randomUniform([50], 0, 1, 'float32', seed)));
  test('float samples stay in [minval, maxval) with the uniform mean and spread', () => {
    const s = stats(fx.randomUniform([N], -2, 4, 'float32', 5));
    assert.ok(s.min >= -2 && s.max < 4);
    near(s.mean, 1, 0.05, 'mean');
    near(s.std, 6 / Math.sqrt(12), 0.03, 'std');
    const d = stats(fx.randomUniform([N], undefined, undefined, 'float64', 6));
    assert.ok(d.min >= 0 && d.max < 1);
    near(d.mean, 0.5, 0.01, 'default mean');
  });
  test('int32 samples cover every integer of [minval, maxval) evenly', () => {
    const t = fx.randomUniform([N], -2, 3, 'int32', 7);
    assert.equal(t.dtype, 'int32');
    const counts = new Map<number, number>();
    for (const v of t.dataSync()) counts.set(v, (counts.get(v) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
    for (const c of counts.values()) near(c / N, 0.2, 0.015, 'frequency');
  });
  test('shape and empty', () => {
    assert.deepEqual(fx.randomUniform([2, 2, 2]).shape, [2, 2, 2]);
    assert.deepEqual(fx.randomUniform([0]).shape, [0]);
  });
});

describe('randomGamma', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.randomGamma([50], 2, 1, 'float32', seed)));
  test('mean alpha/beta and variance alpha/beta²', () => {
    const s = stats(fx.randomGamma([N], 2, 4, 'float64', 8));
    assert.ok(s.min > 0);
    near(s.mean, 0.5, 0.015, 'mean');
    near(s.std, Math.sqrt(2) / 4, 0.015, 'std');
  });
  test('alpha below 1 (boosted)', () => {
    const s = stats(fx.randomGamma([N], 0.5, 1, 'float64', 9));
    assert.ok(s.min >= 0);
    near(s.mean, 0.5, 0.03, 'mean');
    near(s.std, Math.sqrt(0.5), 0.04, 'std');
  });
  test('shape and dtype', () => {
    const t = fx.randomGamma([2, 3], 1);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
  });
});

describe('multinomial', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.multinomial([0, 1, 2], 50, seed)));
  test('frequencies follow softmax(logits)', () => {
    const p = [0.2, 0.3, 0.5];
    const t = fx.multinomial(p.map(Math.log), N, 10);
    assert.equal(t.dtype, 'int32');
    assert.deepEqual(t.shape, [N]);
    const counts = [0, 0, 0];
    for (const v of t.dataSync()) counts[v]! += 1;
    counts.forEach((c, i) => near(c / N, p[i]!, 0.015, `class ${i}`));
  });
  test('normalized probabilities, rows of a batch, impossible classes', () => {
    const t = fx.multinomial([[0, 0.25, 0.75], [1, 0, 0]], N / 2, 11, true);
    assert.deepEqual(t.shape, [2, N / 2]);
    const v = t.dataSync();
    const first = v.subarray(0, N / 2);
    assert.ok(!first.includes(0), 'a class of probability 0 is never drawn');
    near(first.filter((x) => x === 2).length / (N / 2), 0.75, 0.02, 'class 2');
    assert.ok(v.subarray(N / 2).every((x) => x === 0));
  });
  test('-Infinity logits are never drawn; zero samples', () => {
    assert.ok(fx.multinomial([-Infinity, 0, -Infinity], 100, 1).dataSync().every((x) => x === 1));
    assert.deepEqual(fx.multinomial([[1, 2]], 0).shape, [1, 0]);
  });
});

describe('randomShuffle', () => {
  test('seeds and setSeed', () => checkSeeds((seed) => fx.randomShuffle(fx.range(0, 50), seed)));
  test('a permutation of the rows', () => {
    const x = fx.tensor([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]], undefined, 'int32');
    const y = fx.randomShuffle(x, 3);
    assert.deepEqual(y.shape, [5, 2]);
    assert.equal(y.dtype, 'int32');
    const rows = y.arraySync() as number[][];
    assert.deepEqual(rows.map((r) => r[0]).sort((a, b) => a! - b!), [0, 2, 4, 6, 8]);
    for (const r of rows) assert.equal(r[1], r[0]! + 1, 'rows move as a whole');
    const big = fx.randomShuffle(fx.range(0, 1000), 4).dataSync();
    assert.deepEqual(Array.from(big).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(big.some((v, i) => v !== i), 'the order changed');
  });
  test('every position is equally likely', () => {
    const counts = [0, 0, 0];
    fx.setSeed(5);
    for (let i = 0; i < 3000; i++) counts[fx.randomShuffle([0, 1, 2]).dataSync().indexOf(0)]! += 1;
    for (const c of counts) near(c / 3000, 1 / 3, 0.04, 'position of 0');
  });
  test('bool, size-1 and empty', () => {
    assert.deepEqual(fx.randomShuffle([true]).arraySync(), [true]);
    assert.deepEqual(fx.randomShuffle(fx.zeros([0, 3])).shape, [0, 3]);
  });
});
