/**
 * Timings of the elementwise family: native cpu backend vs the js backend vs tfjs-core's cpu
 * backend. Usage: node --import tsx scripts/bench-elementwise.ts [reps]
 * (FLUXION_NUM_THREADS=1 for single-thread numbers). Prints best and median milliseconds.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as fx from '../src/index.js';

const reps = Number(process.argv[2] ?? 30);

function time(f: () => void): { best: number; median: number } {
  for (let i = 0; i < 3; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    f();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return { best: ts[0] ?? NaN, median: ts[Math.floor(ts.length / 2)] ?? NaN };
}

const N = 1 << 20;
const data = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 12.9898) * 8);
const data2 = Float32Array.from({ length: N }, (_, i) => Math.cos(i * 4.1414) * 8);
const sm = Float32Array.from({ length: 128 * 1000 }, (_, i) => Math.sin(i * 7.77) * 5);

type Case = [string, (x: fx.Tensor, y: fx.Tensor, s: fx.Tensor) => fx.Tensor, (x: tf.Tensor, y: tf.Tensor, s: tf.Tensor) => tf.Tensor];
const cases: Case[] = [
  ['exp 1M', (x) => fx.exp(x), (x) => tf.exp(x)],
  ['tanh 1M', (x) => fx.tanh(x), (x) => tf.tanh(x)],
  ['sigmoid 1M', (x) => fx.sigmoid(x), (x) => tf.sigmoid(x)],
  ['gelu (erf) 1M', (x) => fx.gelu(x), (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))))],
  ['log 1M', (x) => fx.log(fx.abs(x)), (x) => tf.log(tf.abs(x))],
  ['add 1M', (x, y) => fx.add(x, y), (x, y) => tf.add(x, y)],
  ['add row-broadcast [1024,1024]+[1024]', (x, y) => fx.add(fx.reshape(x, [1024, 1024]), fx.slice(y, [0], [1024])), (x, y) => tf.add(tf.reshape(x, [1024, 1024]), tf.slice(y, [0], [1024]))],
  ['greater 1M', (x, y) => fx.greater(x, y), (x, y) => tf.greater(x, y)],
  ['sum 1M', (x) => fx.sum(x), (x) => tf.sum(x)],
  ['sum [1024,1024] axis 0', (x) => fx.sum(fx.reshape(x, [1024, 1024]), 0), (x) => tf.sum(tf.reshape(x, [1024, 1024]), 0)],
  ['max 1M', (x) => fx.max(x), (x) => tf.max(x)],
  ['softmax [128,1000]', (_x, _y, s) => fx.softmax(s), (_x, _y, s) => tf.softmax(s)],
  ['logSoftmax [128,1000]', (_x, _y, s) => fx.logSoftmax(s), (_x, _y, s) => tf.logSoftmax(s)],
];

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const tx = tf.tensor1d(data);
  const ty = tf.tensor1d(data2);
  const ts = tf.tensor2d(sm, [128, 1000]);
  console.log(`native: ${JSON.stringify(fx.nativeInfo())}, reps ${reps}`);
  console.log('op | cpu best / median ms | js best / median | tfjs-cpu best / median | speedup vs js, vs tfjs (median)');
  for (const [name, f, g] of cases) {
    const res: Record<string, { best: number; median: number }> = {};
    for (const be of ['cpu', 'js']) {
      await fx.setBackend(be);
      const x = fx.tensor(data);
      const y = fx.tensor(data2);
      const s = fx.tensor(sm, [128, 1000]);
      res[be] = time(() => fx.tidy(() => void f(x, y, s).dataSync()));
      fx.dispose([x, y, s]);
    }
    res['tfjs'] = time(() => tf.tidy(() => void g(tx, ty, ts).dataSync()));
    const c = res['cpu']!, j = res['js']!, t = res['tfjs']!;
    console.log(
      `${name} | ${c.best.toFixed(3)} / ${c.median.toFixed(3)} | ${j.best.toFixed(2)} / ${j.median.toFixed(2)} | ${t.best.toFixed(2)} / ${t.median.toFixed(2)} | ${(j.median / c.median).toFixed(1)}x, ${(t.median / c.median).toFixed(1)}x`,
    );
  }
}

void main();
