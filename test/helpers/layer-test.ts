/**
 * runLayerTest: the one check every layer goes through (after Keras's run_layer_test):
 * eager output shape == computeOutputShape == symbolic output shape; getConfig -> deserialize ->
 * getConfig round-trips; and, in float64, the gradients with respect to the input and every
 * trainable weight match central finite differences.
 */
import assert from 'node:assert/strict';
import * as fx from '../../src/index.js';
import { makeRng } from './random-inputs.js';

export interface LayerTestOptions {
  /** Input shape including the batch dimension. */
  inputShape: number[];
  expectedOutputShape?: number[];
  /** Call with training=true for the gradient check (deterministic layers only). */
  training?: boolean;
  /** Skip the input-gradient check (integer inputs, e.g. Embedding). */
  inputIsIndex?: boolean;
  indexRange?: number;
  tol?: number;
}

function randomInput(shape: number[], seed: number, opts: LayerTestOptions): fx.Tensor {
  const rng = makeRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  if (opts.inputIsIndex) return fx.tensor(Array.from({ length: size }, () => Math.floor(rng() * (opts.indexRange ?? 5))), shape, 'int32');
  return fx.tensor(Array.from({ length: size }, () => rng() * 2 - 1), shape, 'float64');
}

export function runLayerTest(make: (dtype: fx.DType) => fx.layers.Layer, opts: LayerTestOptions): void {
  // Shapes: eager, computeOutputShape, symbolic.
  const layer = make('float32');
  const x32 = fx.cast(randomInput(opts.inputShape, 1, opts), opts.inputIsIndex ? 'int32' : 'float32');
  const y = layer.apply(x32, { training: false }) as fx.Tensor;
  if (opts.expectedOutputShape) assert.deepEqual(y.shape, opts.expectedOutputShape, 'eager output shape');
  const inferred = layer.computeOutputShape([null, ...opts.inputShape.slice(1)]) as (number | null)[];
  assert.deepEqual(inferred.slice(1), y.shape.slice(1), 'computeOutputShape');
  const sym = make('float32').apply(fx.input({ shape: opts.inputShape.slice(1), dtype: opts.inputIsIndex ? 'int32' : 'float32' }));
  assert.deepEqual((sym as fx.layers.SymbolicTensor).shape.slice(1), y.shape.slice(1), 'symbolic output shape');

  // Serialization round trip.
  const spec = fx.layers.serializeLayer(layer);
  const copy = fx.layers.deserializeLayer(JSON.parse(JSON.stringify(spec)) as { className: string; config: Record<string, unknown> });
  const a = { ...spec.config, name: undefined };
  const b = { ...copy.getConfig(), name: undefined };
  assert.deepEqual(b, a, 'getConfig -> fromConfig -> getConfig');
  assert.equal(copy.getClassName(), layer.getClassName());

  // Gradients in float64 against finite differences.
  const l64 = make('float64');
  const x = randomInput(opts.inputShape, 2, opts);
  const out0 = l64.apply(x, { training: opts.training ?? false }) as fx.Tensor;
  const rng = makeRng(3);
  const w = fx.tensor(Array.from({ length: out0.size }, () => rng() * 2 - 1), out0.shape, 'float64');
  const loss = (input: fx.Tensor): fx.Tensor => fx.sum(fx.mul(fx.cast(l64.apply(input, { training: opts.training ?? false }) as fx.Tensor, 'float64'), w));
  const weights = l64.trainableWeights;
  const tape = new fx.GradientTape({ watchAccessedVariables: false });
  if (!opts.inputIsIndex) tape.watch(x);
  tape.watch(...weights);
  const L = loss(x);
  const sources = opts.inputIsIndex ? [...weights] : [x, ...weights];
  const grads = tape.gradient(L, sources, undefined, 'zero') as fx.Tensor[];
  const eps = 1e-6;
  const tol = opts.tol ?? 1e-6;
  sources.forEach((s, k) => {
    const g = (grads[k] as fx.Tensor).dataSync();
    const base = Float64Array.from(s.dataSync());
    const numeric = (i: number): number => {
      const at = (delta: number): number => {
        const v = Float64Array.from(base);
        v[i] = (v[i] as number) + delta;
        const t = fx.tensor(v, s.shape, 'float64');
        if (s instanceof fx.Variable) {
          s.assign(t);
          const r = loss(x).dataSync()[0] as number;
          s.assign(fx.tensor(base, s.shape, 'float64'));
          return r;
        }
        return loss(t).dataSync()[0] as number;
      };
      return (at(eps) - at(-eps)) / (2 * eps);
    };
    const n = Math.min(base.length, 24); // the first elements of each source keep the check fast
    for (let i = 0; i < n; i++) {
      const num = numeric(i);
      const ana = g[i] as number;
      assert.ok(Math.abs(num - ana) <= tol + tol * 10 * Math.abs(num), `gradient of ${k === 0 && !opts.inputIsIndex ? 'the input' : `weight ${s instanceof fx.Variable ? s.name : k}`} element ${i}: analytic ${ana} vs numeric ${num}`);
    }
  });
}
