/**
 * The Keras 3 .keras archive and .weights.h5 layout, legacy Keras 2 .h5 files, and the fixtures:
 * configs written by real Keras 3 (from public repositories) and files assembled with h5py in
 * Keras's documented layouts (see test/fixtures/keras/README.md for what is what).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import * as fx from '../../src/index.js';
import { withH5 } from '../../src/saving/h5.js';
import { compileFromKeras, kerasConfigJson, modelFromKerasConfig } from '../../src/saving/keras-format.js';
import { outputs, randomizeWeights, tempDir } from './helpers.js';

const tmp = tempDir('keras-format');
after(() => tmp.remove());
const FIXTURES = new URL('../fixtures/keras/', import.meta.url).pathname;
const L = fx.layers;
type Sym = fx.layers.SymbolicTensor;

async function h5Datasets(bytes: Uint8Array): Promise<Record<string, number[]>> {
  return withH5(bytes, 'test.h5', 'test', (r) => {
    const out: Record<string, number[]> = {};
    const walk = (path: string): void => {
      for (const k of r.keys(path)) {
        const p = path === '' ? k : `${path}/${k}`;
        if (r.isDataset(p)) out[p] = r.info(p).shape;
        else walk(p);
      }
    };
    walk('');
    return out;
  });
}

function archive(path: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(readFileSync(path)));
}

function pythonHasH5py(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import h5py, numpy'], { encoding: 'utf8' }).status === 0;
}

function nestedModel(): fx.Model {
  const ii = fx.input({ shape: [3], name: 'inner_in' });
  const inner = fx.model({ inputs: ii, outputs: L.dense({ units: 4, name: 'inner_dense' }).apply(ii) as Sym, name: 'inner' });
  const i = fx.input({ shape: [3], name: 'outer_in' });
  let h = inner.apply(i) as Sym;
  h = L.batchNormalization({ name: 'bn' }).apply(h) as Sym;
  h = L.reshape({ targetShape: [2, 2] }).apply(h) as Sym;
  h = L.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'mha' }).apply([h, h]) as Sym;
  h = L.lstm({ units: 3, name: 'rnn' }).apply(h) as Sym;
  const y = L.dense({ units: 2, name: 'head' }).apply(h) as Sym;
  return fx.model({ inputs: i, outputs: y, name: 'outer' });
}

describe('.keras archive layout', () => {
  test('zip entries, metadata.json, config.json in Keras 3 serialization, weights at Keras 3 paths', async () => {
    const m = nestedModel();
    m.compile({ optimizer: fx.optimizers.get('adam'), loss: 'meanSquaredError', metrics: ['mae'] });
    await m.fit(fx.randomNormal([8, 3]), fx.randomNormal([8, 2]), { epochs: 1, batchSize: 4, verbose: 0 });
    const path = tmp.path('layout.keras');
    await m.save(path);
    const entries = archive(path);
    assert.deepEqual(Object.keys(entries).sort(), ['config.json', 'metadata.json', 'model.weights.h5']);

    const meta = JSON.parse(new TextDecoder().decode(entries['metadata.json'])) as Record<string, string>;
    assert.deepEqual(Object.keys(meta).sort(), ['date_saved', 'keras_version']);
    assert.match(meta['date_saved'] ?? '', /^\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}$/);
    assert.match(meta['keras_version'] ?? '', /^3\./);

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking parsed JSON in assertions
    const config = JSON.parse(new TextDecoder().decode(entries['config.json'])) as Record<string, any>;
    assert.equal(config['module'], 'keras.src.models.functional');
    assert.equal(config['class_name'], 'Functional');
    assert.equal(config['registered_name'], null);
    assert.deepEqual(config['build_config'], { input_shape: [null, 3] });
    assert.deepEqual(config['config']['input_layers'], ['outer_in', 0, 0]);
    assert.deepEqual(config['config']['output_layers'], ['head', 0, 0]);
    const layers = config['config']['layers'] as typeof config[];
    const head = layers.find((l) => l['name'] === 'head');
    assert.deepEqual(head?.['config']['kernel_initializer'], { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null });
    assert.deepEqual(head?.['build_config'], { input_shape: [null, 3] });
    assert.deepEqual(head?.['config']['dtype'], { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null });
    assert.equal(head?.['config']['use_bias'], true);
    assert.deepEqual(head?.['inbound_nodes'], [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', keras_history: ['rnn', 0, 0] } }], kwargs: {} }]);
    const mha = layers.find((l) => l['name'] === 'mha');
    assert.equal(mha?.['inbound_nodes'][0]['args'].length, 2, 'MultiHeadAttention gets (query, value) as positional arguments');
    const compile = config['compile_config'] as typeof config;
    assert.equal(compile['optimizer']['class_name'], 'Adam');
    assert.equal(compile['loss'], 'mean_squared_error');
    assert.deepEqual(compile['metrics'], ['mae']);

    const ds = await h5Datasets(entries['model.weights.h5'] as Uint8Array);
    const expectPaths: Record<string, number[]> = {
      'layers/functional/layers/dense/vars/0': [3, 4],
      'layers/functional/layers/dense/vars/1': [4],
      'layers/batch_normalization/vars/0': [4],
      'layers/batch_normalization/vars/3': [4],
      'layers/multi_head_attention/query_dense/vars/0': [2, 2, 2],
      'layers/multi_head_attention/key_dense/vars/1': [2, 2],
      'layers/multi_head_attention/value_dense/vars/0': [2, 2, 2],
      'layers/multi_head_attention/output_dense/vars/0': [2, 2, 2],
      'layers/lstm/cell/vars/0': [2, 12],
      'layers/lstm/cell/vars/1': [3, 12],
      'layers/lstm/cell/vars/2': [12],
      'layers/dense/vars/0': [3, 2],
      'layers/dense/vars/1': [2],
    };
    for (const [p, shape] of Object.entries(expectPaths)) assert.deepEqual(ds[p], shape, `dataset ${p}`);
    const optimizerVars = Object.keys(ds).filter((p) => p.startsWith('optimizer/vars/'));
    // Adam: iteration, learning_rate, then momentum and velocity for each trainable variable.
    assert.equal(optimizerVars.length, 2 + 2 * m.trainableWeights.length);
    assert.equal(Object.keys(ds).filter((p) => p.startsWith('layers/')).length, m.weights.length);
  });

  test('an independent reader (h5py) sees the same groups and values', { skip: pythonHasH5py() ? false : 'needs /usr/bin/python3 with h5py and numpy (apt-get install python3-h5py)' }, async () => {
    const m = fx.sequential({ layers: [L.dense({ units: 3, inputShape: [2] }), L.dense({ units: 1 })] });
    randomizeWeights(m);
    const path = tmp.path('py.weights.h5');
    await m.saveWeights(path);
    const script = 'import h5py,json,sys\nf=h5py.File(sys.argv[1],"r")\nout={}\nf.visititems(lambda n,o: out.__setitem__(n, o[()].reshape(-1).tolist()) if isinstance(o,h5py.Dataset) else None)\nprint(json.dumps(out))';
    const r = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as Record<string, number[]>;
    const w = m.weights.map((v) => Array.from(v.dataSync()));
    assert.deepEqual(Object.keys(seen).sort(), ['layers/dense/vars/0', 'layers/dense/vars/1', 'layers/dense_1/vars/0', 'layers/dense_1/vars/1']);
    assert.deepEqual(seen['layers/dense/vars/0'], w[0]);
    assert.deepEqual(seen['layers/dense_1/vars/1'], w[3]);
  });
});

describe('.weights.h5', () => {
  test('saveWeights/loadWeights round trip; loadWeights also reads a .keras archive', async () => {
    const a = nestedModel();
    const b = nestedModel();
    randomizeWeights(a, 1);
    const x = fx.randomNormal([3, 3]);
    assert.notDeepEqual(outputs(b.predict(x)), outputs(a.predict(x)));
    await a.saveWeights(tmp.path('n.weights.h5'));
    await b.loadWeights(tmp.path('n.weights.h5'));
    assert.deepEqual(outputs(b.predict(x)), outputs(a.predict(x)));
    const c = nestedModel();
    await a.save(tmp.path('n.keras'));
    await c.loadWeights(tmp.path('n.keras'));
    assert.deepEqual(outputs(c.predict(x)), outputs(a.predict(x)));
  });

  test('overwrite: false refuses an existing file', async () => {
    const m = fx.sequential({ layers: [L.dense({ units: 1, inputShape: [2] })] });
    await m.saveWeights(tmp.path('once.weights.h5'));
    await assert.rejects(m.saveWeights(tmp.path('once.weights.h5'), { overwrite: false }), /Model\.saveWeights: .*once\.weights\.h5 exists and overwrite is false/);
  });
});

describe('legacy Keras 2 .h5', () => {
  test('Fluxion writes and reads the Keras 2 layout (Sequential and Functional, compiled)', async () => {
    for (const m of [fx.sequential({ layers: [L.dense({ units: 3, inputShape: [4], activation: 'relu' }), L.batchNormalization({}), L.dense({ units: 2 })] }), nestedModel()]) {
      m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
      randomizeWeights(m);
      const path = tmp.path(`${m.name}.h5`);
      await m.save(path);
      const loaded = await fx.models.loadModel(path);
      const x = fx.randomNormal([2, m.inputs[0]?.shape[1] as number]);
      assert.deepEqual(outputs(loaded.predict(x)), outputs(m.predict(x)));
      assert.equal(loaded.optimizer?.getClassName(), 'SGD', 'the training_config compiles the loaded model');
    }
  });

  test('a file in the Keras 2 layout written by h5py loads and predicts the numpy-computed values', async () => {
    const expected = JSON.parse(readFileSync(`${FIXTURES}h5py-keras2-layout.expected.json`, 'utf8')) as { x: number[][]; y: number[][] };
    const m = await fx.models.loadModel(`${FIXTURES}h5py-keras2-layout.h5`);
    assert.deepEqual(m.layers.map((l) => l.name), ['dense', 'dense_1']);
    const y = (m.predict(fx.tensor(expected.x)) as fx.Tensor).arraySync() as number[][];
    y.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (expected.y[i]?.[j] ?? NaN)) < 1e-5, `y[${i}][${j}] = ${v}, expected ${expected.y[i]?.[j]}`)));
  });
});

describe('configs written by real Keras 3 (public repositories; no weights were published with them)', () => {
  test('diabetes-detection: Sequential of Dense layers with its compile_config', () => {
    const config = JSON.parse(readFileSync(`${FIXTURES}diabetes-detection.config.json`, 'utf8'));
    const m = modelFromKerasConfig(config, {}, 'loadModel');
    compileFromKeras(m, config.compile_config, {}, 'loadModel');
    assert.equal(m.getClassName(), 'Sequential');
    assert.deepEqual(m.layers.map((l) => [l.name, l.getConfig()['units'], l.getConfig()['activation']]), [
      ['dense', 12, 'relu'],
      ['dense_1', 8, 'relu'],
      ['dense_2', 1, 'sigmoid'],
    ]);
    assert.equal(m.countParams(), 221);
    assert.deepEqual(m.inputs[0]?.shape, [null, 8]);
    assert.equal(m.optimizer?.getClassName(), 'Adam');
  });

  test("Fluxion's config.json for the same model is identical to the one Keras 3 wrote (diabetes-detection)", () => {
    const real = JSON.parse(readFileSync(`${FIXTURES}diabetes-detection.config.json`, 'utf8')) as unknown;
    const m = fx.sequential({ name: 'sequential' });
    m.add(new fx.layers.InputLayer({ batchShape: [null, 8], name: 'input_layer' }));
    m.add(L.dense({ units: 12, activation: 'relu', name: 'dense' }));
    m.add(L.dense({ units: 8, activation: 'relu', name: 'dense_1' }));
    m.add(L.dense({ units: 1, activation: 'sigmoid', name: 'dense_2' }));
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const ours = JSON.parse(JSON.stringify(kerasConfigJson(m, true))) as unknown;
    assert.deepEqual(ours, real);
  });

  test('PolitiSenseAPI: Embedding + LSTM (Keras 3.0 naming: OrthogonalInitializer, a loss saved as a function)', () => {
    const config = JSON.parse(readFileSync(`${FIXTURES}politisense.config.json`, 'utf8'));
    const m = modelFromKerasConfig(config, {}, 'loadModel');
    compileFromKeras(m, config.compile_config, {}, 'loadModel');
    assert.deepEqual(m.layers.map((l) => l.getClassName()), ['Embedding', 'LSTM', 'Dense', 'Dense']);
    assert.equal(m.countParams(), 138137 * 64 + 4 * (64 * 32 + 32 * 32 + 32) + 32 * 10 + 10 + 11);
    assert.equal(m.layers[1]?.getConfig()['activation'], 'relu');
  });

  test('a .keras archive assembled with h5py around the real Keras 3 config loads and predicts the numpy-computed values', async () => {
    const expected = JSON.parse(readFileSync(`${FIXTURES}h5py-keras3-layout.expected.json`, 'utf8')) as { x: number[][]; y: number[][] };
    const m = await fx.models.loadModel(`${FIXTURES}h5py-keras3-layout.keras`);
    const y = (m.predict(fx.tensor(expected.x)) as fx.Tensor).arraySync() as number[][];
    y.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (expected.y[i]?.[j] ?? NaN)) < 1e-5, `y[${i}][${j}] = ${v}, expected ${expected.y[i]?.[j]}`)));
  });
});
