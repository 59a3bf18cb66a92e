/**
 * runLayerTest's checks for layers called on a list of inputs (merge and attention layers):
 * eager output shape == computeOutputShape == symbolic output shape, getConfig round trip, and
 * float64 gradients with respect to every input and trainable weight against central differences.
 */
import assert from 'node:assert/strict';
import * as fx from '../../src/index.js';
import { makeRng } from './random-inputs.js';

export interface MultiInputTestOptions {
  inputShapes: number[][];
  expectedOutputShape?: number[];
  callArgs?: fx.layers.CallArgs;
  tol?: number;
}

export function randomTensor(shape: number[], seed: number, dtype: fx.DType = 'float64'): fx.Tensor {
  const rng = makeRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return fx.tensor(Array.from({ length: size }, () => rng() * 2 - 1), shape, dtype);
}

function firstOutput(y: fx.layers.LayerInputs): fx.Tensor {
  return Array.isArray(y) ? (y[0] as fx.Tensor) : y;
}

export function runMultiInputLayerTest(make: (dtype: fx.DType) => fx.layers.Layer, opts: MultiInputTestOptions): void {
  const callArgs = opts.callArgs ?? {};
  const layer = make('float32');
  const xs32 = opts.inputShapes.map((s, i) => randomTensor(s, 10 + i, 'float32'));
  const y = firstOutput(layer.apply(xs32, { ...callArgs, training: false }));
  if (opts.expectedOutputShape) assert.deepEqual(y.shape, opts.expectedOutputShape, 'eager output shape');
  const inferred = layer.computeOutputShape(opts.inputShapes.map((s) => [null, ...s.slice(1)]), callArgs);
  const inferredFirst = (Array.isArray(inferred[0]) ? inferred[0] : inferred) as (number | null)[];
  assert.deepEqual(inferredFirst.slice(1), y.shape.slice(1), 'computeOutputShape');
  const symIn = opts.inputShapes.map((s) => fx.input({ shape: s.slice(1) }));
  const sym = make('float32').apply(symIn, callArgs);
  const symFirst = Array.isArray(sym) ? (sym[0] as fx.layers.SymbolicTensor) : sym;
  assert.deepEqual(symFirst.shape.slice(1), y.shape.slice(1), 'symbolic output shape');

  const spec = fx.layers.serializeLayer(layer);
  const copy = fx.layers.deserializeLayer(JSON.parse(JSON.stringify(spec)) as { className: string; config: Record<string, unknown> });
  assert.deepEqual({ ...copy.getConfig(), name: undefined }, { ...spec.config, name: undefined }, 'getConfig -> fromConfig -> getConfig');
  assert.equal(copy.getClassName(), layer.getClassName());

  const l64 = make('float64');
  const xs = opts.inputShapes.map((s, i) => randomTensor(s, 20 + i));
  const run = (inputs: fx.Tensor[]): fx.Tensor => firstOutput(l64.apply(inputs, { ...callArgs, training: false }));
  const out0 = run(xs);
  const w = randomTensor(out0.shape, 3);
  const loss = (inputs: fx.Tensor[]): fx.Tensor => fx.sum(fx.mul(fx.cast(run(inputs), 'float64'), w));
  const weights = l64.trainableWeights;
  const tape = new fx.GradientTape({ watchAccessedVariables: false });
  tape.watch(...xs, ...weights);
  const L = loss(xs);
  const sources: fx.Tensor[] = [...xs, ...weights];
  const grads = tape.gradient(L, sources, undefined, 'zero') as fx.Tensor[];
  const eps = 1e-6;
  const tol = opts.tol ?? 1e-6;
  sources.forEach((s, k) => {
    const g = (grads[k] as fx.Tensor).dataSync();
    const base = Float64Array.from(s.dataSync());
    const at = (i: number, delta: number): number => {
      const v = Float64Array.from(base);
      v[i] = (v[i] as number) + delta;
      const t = fx.tensor(v, s.shape, 'float64');
      if (s instanceof fx.Variable) {
        s.assign(t);
        const r = loss(xs).dataSync()[0] as number;
        s.assign(fx.tensor(base, s.shape, 'float64'));
        return r;
      }
      const copyXs = xs.slice();
      copyXs[k] = t;
      return loss(copyXs).dataSync()[0] as number;
    };
    const n = Math.min(base.length, 24);
    for (let i = 0; i < n; i++) {
      const num = (at(i, eps) - at(i, -eps)) / (2 * eps);
      const ana = g[i] as number;
      const what = s instanceof fx.Variable ? `weight ${s.name}` : `input ${k}`;
      assert.ok(Math.abs(num - ana) <= tol + tol * 10 * Math.abs(num), `gradient of ${what} element ${i}: analytic ${ana} vs numeric ${num}`);
    }
  });
}

/** Elementwise closeness of two tensors (same shape). */
export function assertClose(actual: fx.Tensor, expected: number[], shape: number[], tol = 1e-5, what = 'values'): void {
  assert.deepEqual(actual.shape, shape, `${what}: shape`);
  const a = Array.from(actual.dataSync());
  assert.equal(a.length, expected.length, `${what}: size`);
  a.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) <= tol * (1 + Math.abs(expected[i] as number)), `${what}[${i}]: ${v} vs ${expected[i]}`));
}
