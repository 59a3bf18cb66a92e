/**
 * The native thread pool hands a job's chunks out dynamically (a thread that starts late takes fewer),
 * and GEMM cuts its output into several tiles per thread. Whatever the pool size (including more threads
 * than cores, where workers routinely start late), every element must be computed exactly once: results
 * must equal the one-thread results bit for bit (each output element is computed by one thread, in one order).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { loadNative } from '../../src/backends/cpu/native.js';

const skip = loadNative().ok ? false : 'the native addon is not built';

function det(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(0.37 * i + seed);
  return out;
}

type Case = () => fx.Tensor;

/** Products and kernels whose work is split across the pool, of sizes on both sides of the thresholds. */
function cases(): Record<string, Case> {
  const mats = (m: number, k: number, n: number, ta = false, tb = false): Case => {
    const a = fx.tensor(det(m * k, 1), ta ? [k, m] : [m, k]);
    const b = fx.tensor(det(k * n, 2), tb ? [n, k] : [k, n]);
    return () => fx.matMul(a, b, ta, tb);
  };
  const big = fx.tensor(det(300_001, 3), [300_001]);
  const rows = fx.tensor(det(257 * 1031, 4), [257, 1031]);
  return {
    'matMul 128x784 @ 784x256': mats(128, 784, 256),
    'matMul 513x257 @ 257x129': mats(513, 257, 129),
    'matMul 1x784 @ 784x256': mats(1, 784, 256),
    'matMul 3x1000 @ 1000x700': mats(3, 1000, 700),
    'matMul transA 784x128 @ 128x256': mats(128, 784, 256, true),
    'matMul transB 128x128 @ 256x128': mats(128, 128, 256, false, true),
    'matMul 300x300 @ 300x300': mats(300, 300, 300),
    'matMul 128x128 @ 128x10 (few columns: rows split, B packed per thread)': mats(128, 128, 10),
    'matMul transA 200x300 @ 300x16': mats(200, 300, 16, true),
    'matMul 40x64 @ 64x1000 (column groups sharing B panels)': mats(40, 64, 1000),
    'fused matMul + bias + relu 200x300 @ 300x100': () => {
      const a = fx.tensor(det(200 * 300, 5), [200, 300]);
      const b = fx.tensor(det(300 * 100, 6), [300, 100]);
      return fx.fused.matMul({ a, b, bias: fx.tensor(det(100, 7)), activation: 'relu' });
    },
    'exp of 300001 elements': () => fx.exp(big),
    'add with broadcasting 257x1031 + 1031': () => fx.add(rows, fx.tensor(det(1031, 8))),
    'sum over rows 257x1031': () => fx.sum(rows, 0),
    'sum over columns 257x1031': () => fx.sum(rows, 1),
    'softmax 257x1031': () => fx.softmax(rows),
  };
}

describe('the native thread pool computes every chunk exactly once, at any size', { skip }, () => {
  let initial = 1;
  let reference = new Map<string, Float32Array>();
  before(async () => {
    await fx.setBackend('cpu');
    initial = fx.nativeInfo()?.threads ?? 1;
    fx.setNumThreads(1);
    reference = new Map(Object.entries(cases()).map(([name, f]) => [name, f().dataSync() as Float32Array]));
  });
  after(() => {
    fx.setNumThreads(initial);
  });

  for (const threads of [2, 3, 8]) {
    test(`${threads} threads give the one-thread results bit for bit (repeated, so late workers occur)`, () => {
      assert.equal(fx.setNumThreads(threads), threads);
      assert.equal(fx.nativeInfo()?.threads, threads);
      const fns = cases();
      for (let round = 0; round < 20; round++) {
        for (const [name, f] of Object.entries(fns)) {
          const got = f().dataSync();
          const want = reference.get(name)!;
          assert.equal(got.length, want.length, name);
          for (let i = 0; i < got.length; i++) {
            if (!Object.is(got[i], want[i])) assert.fail(`${name}, ${threads} threads, round ${round}: element ${i} is ${got[i]}, expected ${want[i]}`);
          }
        }
      }
    });
  }

  test('setNumThreads rejects what is not a positive integer, naming the argument', () => {
    assert.throws(() => fx.setNumThreads(0), /setNumThreads: n must be a positive integer, but received 0\./);
    assert.throws(() => fx.setNumThreads(1.5), /received 1\.5/);
  });
});
