/**
 * Every registered layer type through the TensorFlow.js Layers format: Fluxion -> model.json ->
 * Fluxion gives the same predictions; and, for every layer type TensorFlow.js also has, the real
 * tfjs-layers 4.22 loads Fluxion's file and predicts the same values (1e-5).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as fx from '../../src/index.js';
import { CATALOG, NOT_LAYER_ROWS, catalogInputs, catalogModel, type CatalogRow } from './layer-catalog.js';
import { firstOutput, maxDiff, realTfjs, saveToMemory, toReal, type RealLayersModel } from './tfjs-helpers.js';

/** Layer classes tfjs-layers 4.22 does not have (checked below: its loader says "Unknown layer"). */
const TFJS_LACKS = ['Attention', 'Cropping1D', 'GroupNormalization', 'MultiHeadAttention', 'Normalization', 'SpatialDropout2D', 'Subtract', 'UnitNormalization', 'UpSampling1D', 'ZeroPadding1D'];

/** Layer classes TensorFlow.js has but cannot load from a valid config (TensorFlow.js limitations, asserted below). */
const TFJS_FAILS: Record<string, RegExp> = {
  // tfjs-layers' CenterCrop and Resizing break when a model containing them is deserialized.
  CenterCrop: /expected centercrop_in0 to have shape/,
  Resizing: /resizeBilinear: x must be rank 3 or 4/,
};

/** Options TensorFlow.js supports only at one value; the TF.js check uses these. */
const TFJS_CONFIG: Record<string, Record<string, unknown>> = {
  GRU: { resetAfter: false },
  ELU: { alpha: 1 },
};

const dir = mkdtempSync(join(tmpdir(), 'fx-tfjs-rt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function predict(m: fx.Model, xs: fx.Tensor[]): fx.Tensor {
  return firstOutput(m.predict(xs.length === 1 ? (xs[0] as fx.Tensor) : xs));
}

describe('TensorFlow.js format: round trip of every layer type', () => {
  it('the catalog has a row for every registered layer class', () => {
    const missing = fx.layers.registeredLayerClasses().filter((c) => !NOT_LAYER_ROWS.includes(c) && !CATALOG.some((r) => r.className === c));
    assert.deepEqual(missing, []);
  });

  for (const row of CATALOG) {
    it(`${row.className}: save to file://, load with fx.loadLayersModel, same predictions`, async () => {
      const m = catalogModel(row);
      const xs = catalogInputs(row);
      const expected = predict(m, xs).dataSync();
      const folder = join(dir, row.className);
      const result = await m.save(`file://${folder}`);
      assert.equal(result.format, 'tfjs-layers');
      const loaded = await fx.loadLayersModel(`file://${folder}/model.json`);
      assert.notEqual(loaded, m);
      assert.deepEqual(loaded.weights.map((w) => w.shape), m.weights.map((w) => w.shape));
      assert.ok(maxDiff(predict(loaded, xs).dataSync(), expected) <= 1e-6, `${row.className} predictions differ after the round trip`);
    });
  }
});

describe('TensorFlow.js format: the real tfjs-layers reads what Fluxion writes', () => {
  for (const base of CATALOG) {
    const row: CatalogRow = { ...base, config: { ...base.config, ...(TFJS_CONFIG[base.className] ?? {}) } };
    if (TFJS_LACKS.includes(row.className)) {
      it(`${row.className}: TensorFlow.js has no such layer (Fluxion -> Fluxion only)`, async () => {
        const { tf, tfl } = await realTfjs();
        const artifacts = await saveToMemory(catalogModel(row));
        await assert.rejects(tfl.loadLayersModel(tf.io.fromMemory(artifacts)), new RegExp(`Unknown layer: ${row.className}`));
      });
      continue;
    }
    const failure = TFJS_FAILS[row.className];
    if (failure !== undefined) {
      it(`${row.className}: TensorFlow.js fails on its own deserialization (Fluxion -> Fluxion only)`, async () => {
        const { tf, tfl } = await realTfjs();
        const m = catalogModel(row);
        const artifacts = await saveToMemory(m);
        await assert.rejects(async () => {
          const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
          tm.predict(catalogInputs(row).map((t) => toReal(tf, t))[0] as never);
        }, failure);
      });
      continue;
    }
    it(`${row.className}: tf.loadLayersModel of Fluxion's model.json predicts the same (1e-5)`, async () => {
      const { tf, tfl } = await realTfjs();
      const m = catalogModel(row);
      const xs = catalogInputs(row);
      const expected = predict(m, xs).dataSync();
      const artifacts = await saveToMemory(m);
      const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
      const real = xs.map((t) => toReal(tf, t));
      const y = tm.predict(real.length === 1 ? (real[0] as never) : real);
      const got = (Array.isArray(y) ? (y[0] as { dataSync(): Float32Array }) : y).dataSync();
      assert.ok(maxDiff(got, expected) <= 1e-5, `${row.className}: TensorFlow.js predicts differently (max diff ${maxDiff(got, expected)})`);
    });
  }
});

describe('TensorFlow.js format: Fluxion reads what the real tfjs-layers writes', () => {
  for (const base of CATALOG) {
    if (TFJS_LACKS.includes(base.className) || TFJS_FAILS[base.className] !== undefined) continue;
    const row: CatalogRow = { ...base, config: { ...base.config, ...(TFJS_CONFIG[base.className] ?? {}) } };
    it(`${row.className}: a model built and saved by TensorFlow.js loads in Fluxion and predicts the same (1e-5)`, async () => {
      const { tf, tfl } = await realTfjs();
      // TensorFlow.js builds the model from the topology, gets new random weights, and saves it itself.
      const topology = (await saveToMemory(catalogModel(row))).modelTopology;
      const tm = (await tfl.models.modelFromJSON({ modelTopology: topology })) as unknown as RealLayersModel;
      tm.setWeights(tm.weights.map((w, i) => tf.randomUniform(w.shape, w.originalName.endsWith('variance') ? 0.5 : -0.5, w.originalName.endsWith('variance') ? 1.5 : 0.5, 'float32', 100 + i)));
      let written: fx.io.ModelArtifacts | null = null;
      await tm.save(
        tf.io.withSaveHandler((a: fx.io.ModelArtifacts) => {
          written = a;
          return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
        }),
      );
      assert.ok(written !== null);
      assert.match(String((written as fx.io.ModelArtifacts).generatedBy), /^TensorFlow\.js tfjs-layers v4\.22\.0$/);
      const m = await fx.loadLayersModel(fx.io.fromMemory(written));
      const xs = catalogInputs(row, 11);
      const real = xs.map((t) => toReal(tf, t));
      const y = tm.predict(real.length === 1 ? (real[0] as never) : real);
      const want = (Array.isArray(y) ? (y[0] as { dataSync(): Float32Array }) : y).dataSync();
      const got = predict(m, xs).dataSync();
      assert.ok(maxDiff(got, want) <= 1e-5, `${row.className}: Fluxion predicts differently (max diff ${maxDiff(got, want)})`);
    });
  }
});
