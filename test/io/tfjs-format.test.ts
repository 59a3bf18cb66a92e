/**
 * The TensorFlow.js Layers format: fixtures written by the real TensorFlow.js, the files Fluxion
 * writes (model.json fields, shards, weight names), http(s):// URLs against a local server, IO
 * handlers, and quantized / float16 weights checked against tfjs-core's own decoder.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as fx from '../../src/index.js';
import { decodeWeights } from '../../src/io/tfjs/weights.js';
import { firstOutput, maxDiff, realTfjs, saveToMemory, toReal } from './tfjs-helpers.js';

const FIXTURES = new URL('../fixtures/tfjs/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fx-tfjs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Expected {
  inputs: { shape: number[]; dtype: string; values: number[] }[];
  outputs: { shape: number[]; values: number[] }[];
}

function mlp(): fx.Sequential {
  return fx.sequential({
    name: 'fmt_mlp',
    layers: [fx.layers.dense({ units: 6, activation: 'relu', inputShape: [5], name: 'fmt_h' }), fx.layers.dense({ units: 3, activation: 'softmax', name: 'fmt_out' })],
  });
}

const X = fx.tensor(Array.from({ length: 15 }, (_, i) => Math.sin(i)), [3, 5]);

describe('fixtures written by TensorFlow.js 4.22 load and predict the recorded values', () => {
  it('the fixtures folder records its origin', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    assert.match(readme, /@tensorflow\/tfjs-layers` 4\.22\.0/);
    assert.match(readme, /scripts\/fixtures\/make-tfjs-fixtures\.mjs/);
  });
  for (const name of ['mlp', 'cnn', 'embedding_lstm_bn', 'functional_two_inputs', 'functional_nested']) {
    it(`${name}: fx.loadLayersModel('file://.../model.json') predicts TensorFlow.js's values (1e-5)`, async () => {
      const folder = join(FIXTURES, name);
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { generatedBy: string };
      assert.match(json.generatedBy, /^TensorFlow\.js tfjs-layers v4\.22\.0$/);
      const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
      const model = await fx.loadLayersModel(`file://${folder}/model.json`);
      const xs = expected.inputs.map((i) => fx.tensor(i.values, i.shape));
      const y = firstOutput(model.predict(xs.length === 1 ? (xs[0] as fx.Tensor) : xs));
      const want = expected.outputs[0] as { shape: number[]; values: number[] };
      assert.deepEqual(y.shape, want.shape);
      assert.ok(maxDiff(y.dataSync(), want.values) <= 1e-5, `${name}: max diff ${maxDiff(y.dataSync(), want.values)}`);
    });
  }
  it('cnn is stored in three shards and all of them are read', () => {
    const shards = readdirSync(join(FIXTURES, 'cnn')).filter((f) => f.endsWith('.bin'));
    assert.deepEqual(shards.sort(), ['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
  });
});

describe("model.save('file://dir') writes TensorFlow.js's model.json and shards", () => {
  it('writes the fields, weight names and one 4 MB-limited shard; fx reads it back', async () => {
    const m = mlp();
    const folder = join(dir, 'mlp');
    const result = await m.save(`file://${folder}`);
    assert.equal(result.location, join(folder, 'model.json'));
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(json['format'], 'layers-model');
    assert.match(String(json['generatedBy']), /^Fluxion /);
    assert.equal(json['convertedBy'], null);
    const topo = json['modelTopology'] as Record<string, unknown>;
    assert.equal(topo['class_name'], 'Sequential');
    assert.equal(topo['keras_version'], 'tfjs-layers 4.22.0');
    assert.equal(topo['backend'], 'tensor_flow.js');
    const layers = (topo['config'] as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
    assert.deepEqual(layers.map((l) => l.class_name), ['Dense', 'Dense']);
    assert.deepEqual(layers[0]?.config['batch_input_shape'], [null, 5]);
    assert.equal(layers[0]?.config['use_bias'], true);
    assert.equal(layers[0]?.config['kernel_initializer'], 'glorot_uniform');
    const manifest = json['weightsManifest'] as { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
    assert.deepEqual(manifest[0]?.paths, ['group1-shard1of1.bin']);
    assert.deepEqual(manifest[0]?.weights.map((w) => `${w.name}:${w.shape.join('x')}:${w.dtype}`), ['fmt_h/kernel:5x6:float32', 'fmt_h/bias:6:float32', 'fmt_out/kernel:6x3:float32', 'fmt_out/bias:3:float32']);
    assert.equal(readFileSync(join(folder, 'group1-shard1of1.bin')).byteLength, 4 * (30 + 6 + 18 + 3));
    const loaded = await fx.loadLayersModel(`file://${folder}/model.json`);
    assert.equal(maxDiff(firstOutput(loaded.predict(X)).dataSync(), firstOutput(m.predict(X)).dataSync()), 0);
    // A folder path works as the source too.
    assert.equal((await fx.models.loadModel(`file://${folder}`)).layers.length, 2);
  });

  it('cuts weights over 4 MB into shards of 4 MB, which TensorFlow.js reads', async () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 1050, inputShape: [1000], name: 'big' })] });
    const folder = join(dir, 'big');
    await m.save(`file://${folder}`);
    const shards = readdirSync(folder).filter((f) => f.endsWith('.bin')).sort();
    assert.deepEqual(shards, ['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    assert.equal(readFileSync(join(folder, 'group1-shard1of2.bin')).byteLength, 4 * 1024 * 1024);
    const { tf, tfl } = await realTfjs();
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { modelTopology: unknown; weightsManifest: { weights: unknown[] }[] };
    const data = Buffer.concat(shards.map((s) => readFileSync(join(folder, s))));
    const tm = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }),
    );
    const x = fx.ones([1, 1000]);
    const got = (tm.predict(toReal(tf, x)) as { dataSync(): Float32Array }).dataSync();
    assert.ok(maxDiff(got, firstOutput(m.predict(x)).dataSync()) <= 1e-4);
  });

  it('saves a Functional model as class_name Model with inbound_nodes that TensorFlow.js reads', async () => {
    const a = fx.input({ shape: [3], name: 'fn_a' });
    const b = fx.input({ shape: [3], name: 'fn_b' });
    const s = fx.layers.add({ name: 'fn_add' }).apply([fx.layers.dense({ units: 3, name: 'fn_d' }).apply(a) as never, b]);
    const m = fx.model({ inputs: [a, b], outputs: s as never, name: 'fn_model' });
    const artifacts = await saveToMemory(m);
    const topo = artifacts.modelTopology as { class_name: string; config: { input_layers: unknown; layers: { inbound_nodes: unknown }[] } };
    assert.equal(topo.class_name, 'Model');
    assert.deepEqual(topo.config.input_layers, [['fn_a', 0, 0], ['fn_b', 0, 0]]);
    assert.deepEqual(topo.config.layers[3]?.inbound_nodes, [[['fn_d', 0, 0, {}], ['fn_b', 0, 0, {}]]]);
    const { tf, tfl } = await realTfjs();
    const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const xa = fx.tensor([[1, 2, 3]]);
    const xb = fx.tensor([[0.5, -1, 2]]);
    const got = (tm.predict([toReal(tf, xa), toReal(tf, xb)]) as { dataSync(): Float32Array }).dataSync();
    assert.ok(maxDiff(got, firstOutput(m.predict([xa, xb])).dataSync()) <= 1e-5);
  });

  it('a Functional model with a nested Sequential model: TensorFlow.js numbers its call 1, and both read it back', async () => {
    const inner = fx.sequential({ name: 'nest_inner', layers: [fx.layers.dense({ units: 3, activation: 'relu', inputShape: [4], name: 'nest_d' })] });
    const x = fx.input({ shape: [4], name: 'nest_in' });
    const h = inner.apply(x) as never;
    const m = fx.model({ inputs: x, outputs: fx.layers.dense({ units: 2, name: 'nest_head' }).apply(h) as never, name: 'nest_outer' });
    const artifacts = await saveToMemory(m);
    assert.deepEqual(artifacts.weightSpecs?.map((w) => w.name), ['nest_d/kernel', 'nest_d/bias', 'nest_head/kernel', 'nest_head/bias']);
    const layers = (artifacts.modelTopology as { config: { layers: { name: string; inbound_nodes: unknown }[] } }).config.layers;
    assert.deepEqual(layers.find((l) => l.name === 'nest_head')?.inbound_nodes, [[['nest_inner', 1, 0, {}]]]);
    const xs = fx.randomNormal([2, 4], 0, 1, 'float32', 8);
    const want = firstOutput(m.predict(xs)).dataSync();
    assert.equal(maxDiff(firstOutput((await fx.loadLayersModel(fx.io.fromMemory(artifacts))).predict(xs)).dataSync(), want), 0);
    const { tf, tfl } = await realTfjs();
    const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    assert.ok(maxDiff((tm.predict(toReal(tf, xs)) as { dataSync(): Float32Array }).dataSync(), want) <= 1e-5);
  });

  it('refuses a subclassed model, and a layer whose hard_sigmoid TensorFlow.js would compute differently', async () => {
    class Sub extends fx.Model {}
    await assert.rejects(new Sub().save(`file://${join(dir, 'sub')}`), /Model\.save: the TensorFlow\.js Layers format stores Sequential and Functional models; ".*" is a subclassed model \(Sub\)/);
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 2, activation: 'hardSigmoid', inputShape: [2], name: 'hs' })] });
    await assert.rejects(m.save(`file://${join(dir, 'hs')}`), /Model\.save: layer "hs" uses activation 'hardSigmoid', which TensorFlow\.js would compute differently/);
  });
});

describe('manifests as the converter writes them', () => {
  it('several manifest groups with their own shards, and Keras 2 scoped weight names (lstm/lstm_cell/kernel)', async () => {
    const m = fx.sequential({
      name: 'conv_style',
      layers: [
        fx.layers.lstm({ units: 3, returnSequences: true, inputShape: [4, 2], name: 'lstm' }),
        fx.layers.bidirectional({ layer: fx.layers.gru({ units: 2, name: 'gru' }), name: 'bidirectional' }),
        fx.layers.dense({ units: 2, name: 'dense' }),
      ],
    });
    const folder = join(dir, 'converter-style');
    await m.save(`file://${folder}`);
    const path = join(folder, 'model.json');
    const json = JSON.parse(readFileSync(path, 'utf8')) as { weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[] };
    const weights = json.weightsManifest[0]?.weights ?? [];
    // Keras 2 names as tensorflowjs_converter writes them from an .h5 file.
    const keras2 = (n: string): string =>
      n.replace(/^lstm\/(\w+)$/, 'lstm/lstm_cell/$1').replace(/^bidirectional\/(forward|backward)_gru\/(\w+)$/, 'bidirectional/$1_gru/gru_cell/$2');
    const renamed = weights.map((w) => ({ ...w, name: keras2(w.name) }));
    assert.ok(renamed.some((w) => w.name === 'lstm/lstm_cell/recurrent_kernel') && renamed.some((w) => w.name === 'bidirectional/backward_gru/gru_cell/bias'));
    // Two groups: the LSTM's weights in one shard, the rest in another.
    const bytes = readFileSync(join(folder, 'group1-shard1of1.bin'));
    const split = renamed.filter((w) => w.name.startsWith('lstm/')).reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    writeFileSync(join(folder, 'group1-shard1of1.bin'), bytes.subarray(0, split));
    writeFileSync(join(folder, 'group2-shard1of1.bin'), bytes.subarray(split));
    json.weightsManifest = [
      { paths: ['group1-shard1of1.bin'], weights: renamed.filter((w) => w.name.startsWith('lstm/')) },
      { paths: ['group2-shard1of1.bin'], weights: renamed.filter((w) => !w.name.startsWith('lstm/')) },
    ];
    writeFileSync(path, JSON.stringify(json));
    const loaded = await fx.loadLayersModel(`file://${path}`);
    const x = fx.randomNormal([2, 4, 2], 0, 1, 'float32', 3);
    assert.equal(maxDiff(firstOutput(loaded.predict(x)).dataSync(), firstOutput(m.predict(x)).dataSync()), 0);
  });
});

describe('configs in the spellings other Keras versions write', () => {
  it('a dtype policy object and Keras 3 style {module, class_name, config, registered_name} initializers', async () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 2, inputShape: [3], name: 'pol' })] });
    const artifacts = await saveToMemory(m);
    const topology = artifacts.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } };
    const dense = topology.config.layers[0]?.config as Record<string, unknown>;
    dense['dtype'] = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
    dense['kernel_initializer'] = { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null };
    const loaded = await fx.loadLayersModel(fx.io.fromMemory(artifacts));
    assert.equal(loaded.layers[0]?.dtype, 'float32');
    const x = fx.ones([1, 3]);
    assert.equal(maxDiff(firstOutput(loaded.predict(x)).dataSync(), firstOutput(m.predict(x)).dataSync()), 0);
  });
});

describe('IO handlers: fromMemory, withSaveHandler and objects with save/load', () => {
  it('withSaveHandler receives the artifacts; fromMemory(artifacts) and fromMemory(topology, specs, data) load them', async () => {
    const m = mlp();
    const artifacts = await saveToMemory(m);
    assert.equal(artifacts.format, 'layers-model');
    assert.equal(artifacts.weightSpecs?.length, 4);
    assert.ok(artifacts.weightData instanceof ArrayBuffer);
    const want = firstOutput(m.predict(X)).dataSync();
    const a = await fx.loadLayersModel(fx.io.fromMemory(artifacts));
    assert.equal(maxDiff(firstOutput(a.predict(X)).dataSync(), want), 0);
    const b = await fx.loadLayersModel(fx.io.fromMemory(artifacts.modelTopology as object, artifacts.weightSpecs, artifacts.weightData));
    assert.equal(maxDiff(firstOutput(b.predict(X)).dataSync(), want), 0);
  });

  it('any object with save/load works as a handler (TensorFlow.js IOHandler), and save returns its result', async () => {
    const m = mlp();
    let stored: fx.io.ModelArtifacts | null = null;
    const handler = {
      save: (art: fx.io.ModelArtifacts) => {
        stored = art;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const }, responses: ['kept'] });
      },
      load: () => Promise.resolve(stored as fx.io.ModelArtifacts),
    };
    const result = await m.save(handler);
    assert.deepEqual(result['responses'], ['kept']);
    const loaded = await fx.loadLayersModel(handler);
    assert.equal(maxDiff(firstOutput(loaded.predict(X)).dataSync(), firstOutput(m.predict(X)).dataSync()), 0);
    await assert.rejects(fx.loadLayersModel(fx.io.withSaveHandler(() => Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }))), /loadLayersModel: the IO handler has no load method/);
  });

  it('the real TensorFlow.js model.save artifacts load through fx.io.fromMemory', async () => {
    const folder = join(FIXTURES, 'mlp');
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { weights: fx.io.WeightSpec[] }[] };
    const data = readFileSync(join(folder, 'group1-shard1of1.bin'));
    const m = await fx.loadLayersModel(fx.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights, weightData: new Uint8Array(data).buffer }));
    const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
    const x = fx.tensor(expected.inputs[0]?.values as number[], expected.inputs[0]?.shape);
    assert.ok(maxDiff(firstOutput(m.predict(x)).dataSync(), expected.outputs[0]?.values as number[]) <= 1e-5);
  });
});

describe('http(s):// URLs (a local server on 127.0.0.1)', () => {
  let server: Server;
  let base = '';
  const seen: { url: string; auth: string | undefined }[] = [];
  const posted: { fields: string[]; modelJson: Record<string, unknown> | null; weights: number } = { fields: [], modelJson: null, weights: 0 };
  const body = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
  before(async () => {
    server = createServer((req, res) => {
      void (async () => {
        seen.push({ url: req.url ?? '', auth: req.headers['authorization'] });
        if (req.method === 'POST') {
          const form = await new Response(await body(req), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
          posted.fields = [...form.keys()];
          posted.modelJson = JSON.parse(await (form.get('model.json') as Blob).text()) as Record<string, unknown>;
          posted.weights = (await (form.get('model.weights.bin') as Blob).arrayBuffer()).byteLength;
          res.writeHead(200).end('{}');
          return;
        }
        const path = join(FIXTURES, (req.url ?? '').split('?')[0] as string);
        if (!path.startsWith(FIXTURES) || !existsSync(path)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200).end(readFileSync(path));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('loads model.json and its three shards with fetch, passing requestInit, keeping the query string', async () => {
    seen.length = 0;
    const m = await fx.loadLayersModel(`${base}/cnn/model.json?v=1`, { requestInit: { headers: { authorization: 'Bearer t' } } });
    assert.deepEqual(seen.map((s) => s.url), ['/cnn/model.json?v=1', '/cnn/group1-shard1of3.bin?v=1', '/cnn/group1-shard2of3.bin?v=1', '/cnn/group1-shard3of3.bin?v=1']);
    assert.ok(seen.every((s) => s.auth === 'Bearer t'));
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'cnn', 'expected.json'), 'utf8')) as Expected;
    const x = fx.tensor(expected.inputs[0]?.values as number[], expected.inputs[0]?.shape);
    assert.ok(maxDiff(firstOutput(m.predict(x)).dataSync(), expected.outputs[0]?.values as number[]) <= 1e-5);
  });

  it('uses fetchFunc when given, and weightPathPrefix', async () => {
    const urls: string[] = [];
    const fetchFunc = (url: string, init?: RequestInit): Promise<Response> => {
      urls.push(url);
      return fetch(url, init);
    };
    await fx.loadLayersModel(`${base}/mlp/model.json`, { fetchFunc, weightPathPrefix: `${base}/mlp/` });
    assert.deepEqual(urls, [`${base}/mlp/model.json`, `${base}/mlp/group1-shard1of1.bin`]);
  });

  it('fx.io.http(url, options) is an IO handler for loading and saving', async () => {
    const m = await fx.loadLayersModel(fx.io.http(`${base}/functional_two_inputs/model.json`, { requestInit: { headers: { authorization: 'Bearer h' } } }));
    assert.equal(seen[seen.length - 1]?.auth, 'Bearer h');
    assert.equal(m.inputs.length, 2);
    const result = await mlp().save(fx.io.http(`${base}/upload`));
    assert.ok(Array.isArray(result['responses']));
    assert.deepEqual(posted.fields, ['model.json', 'model.weights.bin']);
    assert.throws(() => fx.io.http('ftp://x/model.json'), /^FluxionError: io\.http: expected an http:\/\/ or https:\/\/ URL, but received the string "ftp:\/\/x\/model\.json"\.$/);
  });

  it('names the URL and status when the server answers 404', async () => {
    await assert.rejects(fx.loadLayersModel(`${base}/nothing/model.json`), new RegExp(`^FluxionError: loadLayersModel: fetching ${base}/nothing/model.json failed with HTTP status 404\\.$`));
  });

  it("model.save('http://...') POSTs model.json and model.weights.bin as multipart form data", async () => {
    const m = mlp();
    await m.save(`${base}/upload`);
    assert.deepEqual(posted.fields, ['model.json', 'model.weights.bin']);
    assert.deepEqual((posted.modelJson?.['weightsManifest'] as { paths: string[] }[])[0]?.paths, ['./model.weights.bin']);
    assert.equal(posted.weights, 4 * (30 + 6 + 18 + 3));
  });
});

describe('quantized and float16 weights', () => {
  const cases = [
    { option: { quantizationBytes: 1 }, dtype: 'uint8', bytes: 1, tol: 0.02 },
    { option: { quantizationBytes: 2 }, dtype: 'uint16', bytes: 2, tol: 1e-4 },
    { option: { quantizationDtype: 'float16' }, dtype: 'float16', bytes: 2, tol: 2e-3 },
  ] as const;
  for (const c of cases) {
    it(`${c.dtype}: Fluxion's encoding decodes identically in tfjs-core's tf.io.decodeWeights and in Fluxion, and TensorFlow.js loads the model`, async () => {
      const m = mlp();
      const artifacts = await saveToMemory(m, c.option);
      const specs = artifacts.weightSpecs as fx.io.WeightSpec[];
      assert.ok(specs.every((s) => s.quantization?.dtype === c.dtype));
      const data = artifacts.weightData as ArrayBuffer;
      assert.equal(data.byteLength, c.bytes * (30 + 6 + 18 + 3));
      const { tf, tfl } = await realTfjs();
      const theirs = tf.io.decodeWeights(data, specs);
      const ours = decodeWeights(new Uint8Array(data), specs);
      for (const w of ours) {
        const t = theirs[w.name];
        assert.ok(t !== undefined, `tfjs-core decoded ${w.name}`);
        assert.deepEqual(Array.from(t.dataSync()), Array.from(w.values), `${w.name} decodes the same in tfjs-core`);
        const original = m.weights.find((v) => v.name === w.name);
        assert.ok(original !== undefined);
        assert.ok(maxDiff(w.values, original.dataSync()) <= c.tol, `${w.name} is within the ${c.dtype} quantization error`);
      }
      const loaded = await fx.loadLayersModel(fx.io.fromMemory(artifacts));
      const tm = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
      const got = (tm.predict(toReal(tf, X)) as { dataSync(): Float32Array }).dataSync();
      assert.ok(maxDiff(got, firstOutput(loaded.predict(X)).dataSync()) <= 1e-5);
    });
  }

  it('quantized int32 and float16 specs written by the converter are dequantized (value = code * scale + min)', () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 0x00, 0x3c, 0x00, 0xc0]);
    const out = decodeWeights(bytes, [
      { name: 'q8', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    assert.deepEqual(Array.from(out[0]?.values ?? []), [-1, -0.5, 0, 126.5]);
    assert.deepEqual(Array.from(out[1]?.values ?? []), [1, -2]);
    const ints = decodeWeights(new Uint8Array([1, 0, 7, 0]), [{ name: 'i', shape: [2], dtype: 'int32', quantization: { dtype: 'uint16', scale: 1.5, min: 2 } }]);
    assert.deepEqual(Array.from(ints[0]?.values ?? []), [4, 13]);
  });

  it('int32 and bool weights decode as tfjs-core decodes them', async () => {
    const { tf } = await realTfjs();
    const { specs, data } = fx.io.encodeTfjsWeights([
      { name: 'ints', shape: [2, 2], dtype: 'int32', values: Int32Array.from([1, -2, 2147483647, 0]) },
      { name: 'flags', shape: [3], dtype: 'bool', values: Int32Array.from([1, 0, 1]) },
      { name: 'f', shape: [1], dtype: 'float32', values: Float32Array.from([0.25]) },
    ]);
    assert.equal(data.byteLength, 16 + 3 + 4);
    const ours = decodeWeights(data, specs);
    const theirs = tf.io.decodeWeights(data.slice().buffer, specs);
    for (const w of ours) assert.deepEqual(Array.from(w.values), Array.from((theirs[w.name] as { dataSync(): ArrayLike<number> }).dataSync()), w.name);
    assert.deepEqual(Array.from(ours[0]?.values ?? []), [1, -2, 2147483647, 0]);
  });

  it('refuses an unknown quantization option', async () => {
    await assert.rejects(mlp().save(`file://${join(dir, 'q')}`, { quantizationBytes: 3 }), /Model\.save: quantizationBytes must be 1 \(uint8\) or 2 \(uint16\), but received number 3\./);
  });
});

describe('trainingConfig: compiled models are saved with it and compiled again on load', () => {
  it("Fluxion writes TensorFlow.js's trainingConfig; fx and tf.loadLayersModel compile from it", async () => {
    const m = mlp();
    m.compile({ optimizer: fx.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const artifacts = await saveToMemory(m);
    const training = artifacts.trainingConfig as { loss: string; metrics: string[]; optimizer_config: { class_name: string; config: Record<string, unknown> } };
    assert.equal(training.loss, 'categorical_crossentropy');
    assert.deepEqual(training.metrics, ['accuracy']);
    assert.equal(training.optimizer_config.class_name, 'Adam');
    assert.equal(training.optimizer_config.config['learningRate'], 0.01);
    const loaded = await fx.loadLayersModel(fx.io.fromMemory(artifacts));
    assert.equal(loaded.optimizer?.getClassName(), 'Adam');
    const y = fx.oneHot(fx.tensor([0, 1, 2], [3], 'int32'), 3);
    const history = await loaded.fit(X, y, { epochs: 1, verbose: 0 });
    assert.ok(Number.isFinite(history.history['loss']?.[0] as number));
    assert.equal((await fx.loadLayersModel(fx.io.fromMemory(artifacts), { compile: false })).optimizer, null);
    const { tf, tfl } = await realTfjs();
    const tm = (await tfl.loadLayersModel(tf.io.fromMemory(artifacts))) as unknown as { optimizer: { getClassName(): string } | null };
    assert.equal(tm.optimizer?.getClassName(), 'Adam');
  });

  it('the mlp fixture, compiled in TensorFlow.js, loads compiled (Adam, categorical crossentropy) and trains', async () => {
    const folder = join(FIXTURES, 'mlp');
    const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { weights: fx.io.WeightSpec[] }[]; trainingConfig: Record<string, unknown> };
    assert.equal(json.trainingConfig['loss'], 'categorical_crossentropy');
    const m = await fx.loadLayersModel(`file://${folder}/model.json`);
    assert.equal(m.optimizer?.getClassName(), 'Adam');
    const history = await m.fit(fx.ones([2, 5]), fx.tensor([[1, 0, 0], [0, 1, 0]]), { epochs: 1, verbose: 0 });
    assert.ok(Number.isFinite(history.history['loss']?.[0] as number));
    const data = new Uint8Array(readFileSync(join(folder, 'group1-shard1of1.bin'))).buffer;
    const bad = { ...json.trainingConfig, optimizer_config: { class_name: 'NoSuchOptimizer', config: {} } };
    await assert.rejects(
      fx.loadLayersModel(fx.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights, weightData: data, trainingConfig: bad })),
      /^FluxionError: loadLayersModel: the file's trainingConfig could not compile the model \(optimizers\.get: unknown optimizer "NoSuchOptimizer".*\); pass compile: false to load the model without compiling it\.$/,
    );
  });
});

describe('routes', () => {
  it("file:// paths of other formats' files are not taken by the TensorFlow.js route", async () => {
    const route = fx.io.listRoutes().load.find((r) => r.name === 'tfjs-layers');
    assert.ok(route !== undefined);
    assert.equal(route.matches('file://dir/model.json'), true);
    assert.equal(route.matches('file://dir'), true);
    assert.equal(route.matches('https://host/model.json'), true);
    assert.equal(route.matches(fx.io.fromMemory({})), true);
    assert.equal(route.matches('file://dir/model.keras'), false);
    assert.equal(route.matches('file://dir/model.weights.h5'), false);
    assert.equal(route.matches('model.json'), false);
  });
});

describe('optimizer state (includeOptimizer) in both directions', () => {
  const xv = [[0.1, 0.2, 0.3], [1, -1, 0.5], [0.3, 0.3, -0.7], [-0.2, 0.9, 0.1]];
  const yv = [[1, 0], [0, 1], [1, 0], [0, 1]];
  const fitArgs = { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 } as const;

  interface TrainableRealModel extends RealModelForFit {
    compile(args: unknown): void;
    getWeights(): { dataSync(): Float32Array }[];
  }
  interface RealModelForFit {
    fit(x: unknown, y: unknown, args: unknown): Promise<unknown>;
    save(handler: unknown, config?: unknown): Promise<unknown>;
  }

  function flat(ws: { dataSync(): ArrayLike<number> }[]): number[] {
    return ws.flatMap((w) => Array.from(w.dataSync()));
  }

  it('a model trained in TensorFlow.js with Adam resumes in Fluxion exactly where TensorFlow.js would continue', async () => {
    const { tf, tfl } = await realTfjs();
    const tfAny = tf as unknown as { train: { adam(lr: number): unknown }; tensor(v: number[][]): unknown };
    const layers = tfl as unknown as { sequential(a: unknown): TrainableRealModel; layers: { dense(a: unknown): unknown } };
    const m = layers.sequential({ layers: [layers.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), layers.layers.dense({ units: 2, activation: 'softmax' })] });
    m.compile({ optimizer: tfAny.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await m.fit(tfAny.tensor(xv), tfAny.tensor(yv), { ...fitArgs, epochs: 3 });
    let artifacts: fx.io.ModelArtifacts | null = null;
    await m.save(
      tf.io.withSaveHandler((a: fx.io.ModelArtifacts) => {
        artifacts = a;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
      { includeOptimizer: true },
    );
    assert.ok(artifacts !== null);
    const saved = artifacts as fx.io.ModelArtifacts;
    assert.deepEqual(saved.weightSpecs?.filter((s) => s.group === 'optimizer').map((s) => s.name).slice(0, 2), ['iter', 'dense_Dense1/kernel/m']);
    await m.fit(tfAny.tensor(xv), tfAny.tensor(yv), fitArgs);
    const want = flat(m.getWeights());

    const resumed = await fx.loadLayersModel(fx.io.fromMemory(saved));
    assert.ok(resumed.optimizer instanceof fx.train.AdamOptimizer, "TensorFlow.js's Adam rules");
    await resumed.fit(fx.tensor(xv), fx.tensor(yv), fitArgs);
    assert.ok(maxDiff(flat(resumed.getWeights()), want) <= 1e-5);
    assert.equal(resumed.optimizer?.iterations, 5);

    // Without the state (a fresh Adam) the result differs: the state is what makes the match.
    const fresh = await fx.loadLayersModel(fx.io.fromMemory(saved), { compile: false });
    fresh.compile({ optimizer: fx.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await fresh.fit(fx.tensor(xv), fx.tensor(yv), fitArgs);
    assert.ok(maxDiff(flat(fresh.getWeights()), want) > 1e-3);
  });

  it('a model trained in Fluxion with fx.train.adam resumes in TensorFlow.js and in Fluxion alike', async () => {
    const { tf, tfl } = await realTfjs();
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 4, inputShape: [3], activation: 'tanh', name: 'os_h' }), fx.layers.dense({ units: 2, activation: 'softmax', name: 'os_o' })] });
    m.compile({ optimizer: fx.train.adam(0.05), loss: 'categoricalCrossentropy' });
    await m.fit(fx.tensor(xv), fx.tensor(yv), { ...fitArgs, epochs: 3 });
    const artifacts = await saveToMemory(m);
    const state = artifacts.weightSpecs?.filter((s) => s.group === 'optimizer').map((s) => s.name);
    assert.deepEqual(state, ['iter', 'os_h/kernel/m', 'os_h/bias/m', 'os_o/kernel/m', 'os_o/bias/m', 'os_h/kernel/v', 'os_h/bias/v', 'os_o/kernel/v', 'os_o/bias/v']);
    await m.fit(fx.tensor(xv), fx.tensor(yv), fitArgs);
    const want = flat(m.getWeights());

    const again = await fx.loadLayersModel(fx.io.fromMemory(artifacts));
    await again.fit(fx.tensor(xv), fx.tensor(yv), fitArgs);
    assert.ok(maxDiff(flat(again.getWeights()), want) <= 1e-6);

    const tm = (await tfl.loadLayersModel(tf.io.fromMemory(artifacts))) as unknown as TrainableRealModel;
    const tfAny = tf as unknown as { tensor(v: number[][]): unknown };
    await tm.fit(tfAny.tensor(xv), tfAny.tensor(yv), fitArgs);
    assert.ok(maxDiff(flat(tm.getWeights()), want) <= 1e-5);
  });
});
