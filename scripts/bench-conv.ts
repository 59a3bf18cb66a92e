/**
 * Benchmark of the conv family on the Fashion-MNIST CNN's layer shapes (batch 64): the cpu
 * backend's native kernels vs the js backend, tfjs-core's cpu backend and tfjs-backend-wasm.
 * Usage: node --import tsx scripts/bench-conv.ts [--reps N] [--no-js] [--no-tf]
 * Prints the median and best time of each kernel in milliseconds.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as fx from '../src/index.js';
import { runKernel } from '../src/core/engine.js';

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 9;

interface Layer {
  name: string;
  x: number[];
  f?: number[];
  /** conv: stride 1 'valid'; pool: 2x2 stride 2 'valid'. */
  kind: 'conv' | 'pool';
}

const layers: Layer[] = [
  { name: 'conv1 28x28x1 * 3x3x1x32', x: [64, 28, 28, 1], f: [3, 3, 1, 32], kind: 'conv' },
  { name: 'pool1 26x26x32', x: [64, 26, 26, 32], kind: 'pool' },
  { name: 'conv2 13x13x32 * 3x3x32x64', x: [64, 13, 13, 32], f: [3, 3, 32, 64], kind: 'conv' },
  { name: 'pool2 11x11x64', x: [64, 11, 11, 64], kind: 'pool' },
];

function rand(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function time(fn: () => void): { median: number; best: number } {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  // Very slow kernels (tfjs-cpu's filter gradients take seconds) get one more run, not `reps`.
  if (first > 500) return time1(fn);
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)] ?? NaN, best: ts[0] ?? NaN };
}

function time1(fn: () => void): { median: number; best: number } {
  const t0 = performance.now();
  fn();
  const t = performance.now() - t0;
  return { median: t, best: t };
}

type Row = Record<string, string>;
const table = new Map<string, Row>();
function record(op: string, backend: string, r: { median: number; best: number } | null): void {
  const row = table.get(op) ?? {};
  row[backend] = r ? `${r.median.toFixed(2)} (${r.best.toFixed(2)})` : 'n/a';
  table.set(op, row);
}

function benchFx(backend: string): void {
  void fx.setBackend(backend);
  for (const l of layers) {
    const x = fx.tensor(rand(size(l.x)), l.x);
    if (l.kind === 'conv' && l.f) {
      const f = fx.tensor(rand(size(l.f)), l.f);
      const outSize = [(l.x[1] ?? 0) - 2, (l.x[2] ?? 0) - 2];
      const dyShape = [l.x[0] ?? 0, ...outSize, l.f[3] ?? 0];
      const dy = fx.tensor(rand(size(dyShape)), dyShape);
      const geom = { strides: [1, 1], dilations: [1, 1], padBefore: [0, 0], outSize };
      record(`${l.name} forward`, backend, time(() => { const o = runKernel('conv2d', [x, f], geom); o.dataSync(); o.dispose(); }));
      record(`${l.name} backprop input`, backend, time(() => { const o = runKernel('conv2dBackpropInput', [dy, f], { ...geom, inputShape: l.x }); o.dataSync(); o.dispose(); }));
      record(`${l.name} backprop filter`, backend, time(() => { const o = runKernel('conv2dBackpropFilter', [x, dy], { ...geom, filterShape: l.f ?? [] }); o.dataSync(); o.dispose(); }));
    } else {
      const outSize = [Math.floor((l.x[1] ?? 0) / 2), Math.floor((l.x[2] ?? 0) / 2)];
      const attrs = { filterSize: [2, 2], strides: [2, 2], padBefore: [0, 0], outSize };
      const dyShape = [l.x[0] ?? 0, ...outSize, l.x[3] ?? 0];
      const dy = fx.tensor(rand(size(dyShape)), dyShape);
      record(`${l.name} maxPool`, backend, time(() => { const o = runKernel('maxPool', [x], attrs); o.dataSync(); o.dispose(); }));
      record(`${l.name} maxPoolGrad`, backend, time(() => { const o = runKernel('maxPoolGrad', [dy, x], attrs); o.dataSync(); o.dispose(); }));
    }
  }
}

async function benchTf(backend: string): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const run = (name: string, inputs: tf.NamedTensorMap, attrs: object): (() => void) => () => {
    const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    out.dataSync();
    out.dispose();
  };
  const attempt = (op: string, fn: () => void): void => {
    try {
      record(op, `tfjs-${backend}`, time(fn));
    } catch {
      record(op, `tfjs-${backend}`, null);
    }
  };
  for (const l of layers) {
    const x = tf.tensor4d(rand(size(l.x)), l.x as [number, number, number, number]);
    if (l.kind === 'conv' && l.f) {
      const f = tf.tensor4d(rand(size(l.f)), l.f as [number, number, number, number]);
      const dyShape = [l.x[0] ?? 0, (l.x[1] ?? 0) - 2, (l.x[2] ?? 0) - 2, l.f[3] ?? 0];
      const dy = tf.tensor(rand(size(dyShape)), dyShape);
      const common = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined };
      attempt(`${l.name} forward`, run('Conv2D', { x, filter: f }, { ...common, dilations: [1, 1] }));
      attempt(`${l.name} backprop input`, run('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: l.x }));
      attempt(`${l.name} backprop filter`, run('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: l.f }));
    } else {
      const y = tf.maxPool(x, 2, 2, 'valid');
      const dy = tf.randomUniform(y.shape, -1, 1);
      const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: undefined };
      attempt(`${l.name} maxPool`, run('MaxPool', { x }, attrs));
      attempt(`${l.name} maxPoolGrad`, run('MaxPoolGrad', { dy, input: x, output: y }, attrs));
    }
  }
}

benchFx('cpu');
if (!args.includes('--no-js')) benchFx('js');
if (!args.includes('--no-tf')) {
  await benchTf('cpu');
  await benchTf('wasm');
}
console.log(`fluxion cpu: ${JSON.stringify(fx.nativeInfo())}; median (best) ms of ${reps} runs`);
console.table(Object.fromEntries(table));
