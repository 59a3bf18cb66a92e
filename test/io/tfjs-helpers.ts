/** Shared by the TensorFlow.js-format tests: the real tfjs-layers, and comparisons. */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import * as fx from '../../src/index.js';

const require = createRequire(import.meta.url);

/** The real TensorFlow.js (tfjs-core + cpu backend + tfjs-layers 4.22), loaded as CommonJS. */
export interface RealTf {
  tensor(values: number[], shape: number[], dtype?: string): RealTensor;
  randomUniform(shape: number[], min: number, max: number, dtype: string, seed: number): RealTensor;
  setBackend(name: string): Promise<boolean>;
  io: {
    fromMemory(artifacts: unknown): unknown;
    withSaveHandler(handler: (artifacts: never) => Promise<unknown>): unknown;
    decodeWeights(data: ArrayBuffer, specs: unknown[]): Record<string, RealTensor>;
  };
}
export interface RealTensor {
  shape: number[];
  dataSync(): Float32Array | Int32Array;
}
export interface RealModel {
  predict(x: RealTensor | RealTensor[]): RealTensor | RealTensor[];
}
export interface RealLayersModel extends RealModel {
  weights: { shape: number[]; originalName: string }[];
  setWeights(values: RealTensor[]): void;
  save(handler: unknown): Promise<unknown>;
}
export interface RealLayers {
  loadLayersModel(handler: unknown, options?: unknown): Promise<RealModel>;
  models: { modelFromJSON(json: unknown): Promise<RealModel> };
  version_layers: string;
}

let cached: { tf: RealTf; tfl: RealLayers } | null = null;

export async function realTfjs(): Promise<{ tf: RealTf; tfl: RealLayers }> {
  if (cached) return cached;
  const tf = require('@tensorflow/tfjs-core') as RealTf;
  require('@tensorflow/tfjs-backend-cpu');
  const tfl = require('@tensorflow/tfjs-layers') as RealLayers;
  await tf.setBackend('cpu');
  cached = { tf, tfl };
  return cached;
}

export function toReal(tf: RealTf, t: fx.Tensor): RealTensor {
  return tf.tensor(Array.from(t.dataSync() as ArrayLike<number>), [...t.shape], t.dtype === 'int32' ? 'int32' : 'float32');
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, `lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

export function firstOutput(y: fx.Tensor | fx.Tensor[]): fx.Tensor {
  return Array.isArray(y) ? (y[0] as fx.Tensor) : y;
}

/** Captures the artifacts a save produces. */
export async function saveToMemory(model: fx.Model, options: Record<string, unknown> = {}): Promise<fx.io.ModelArtifacts> {
  let captured: fx.io.ModelArtifacts | null = null;
  await model.save(
    fx.io.withSaveHandler((artifacts) => {
      captured = artifacts;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
    options,
  );
  assert.ok(captured !== null, 'the save handler was called');
  return captured;
}
