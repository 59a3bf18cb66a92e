/**
 * Safe and hostile TensorFlow.js model.json files: classes carrying code or unknown, truncated or
 * oversized shards, shapes and weight counts that do not match, manifests that claim more bytes
 * than the data holds, and shard paths that leave the model folder. Each message is asserted.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as fx from '../../src/index.js';
import { saveToMemory } from './tfjs-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fx-tfjs-safety-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;
interface ModelJson {
  modelTopology: { class_name: string; config: { layers: Json[] } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

let counter = 0;
/** A saved 2-layer MLP in a fresh folder; `edit` changes model.json, `shard` the weight bytes. */
async function saved(edit: (json: ModelJson) => void = () => {}, shard?: (bytes: Buffer) => Buffer): Promise<string> {
  const m = fx.sequential({ layers: [fx.layers.dense({ units: 3, inputShape: [2], name: 's_h' }), fx.layers.dense({ units: 1, name: 's_out' })] });
  const folder = join(dir, `m${counter++}`);
  await m.save(`file://${folder}`);
  const path = join(folder, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as ModelJson;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
  if (shard) writeFileSync(join(folder, 'group1-shard1of1.bin'), shard(readFileSync(join(folder, 'group1-shard1of1.bin'))));
  return `file://${path}`;
}

async function rejectsWith(source: unknown, pattern: RegExp, options: Record<string, unknown> = {}): Promise<void> {
  await assert.rejects(fx.loadLayersModel(source, options), (e: Error) => {
    assert.ok(e instanceof fx.FluxionError, `expected a FluxionError, got ${e.name}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('loading never runs code: Lambda and unknown classes', () => {
  const lambdaTopology = {
    class_name: 'Sequential',
    config: { name: 'lam', layers: [{ class_name: 'Lambda', config: { name: 'l', function: ['ZGVmIGYoeCk6IHJldHVybiB4', null, null], batch_input_shape: [null, 2] } }] },
  };

  it('a Lambda layer is refused in safe mode (the default)', async () => {
    await rejectsWith(
      fx.io.fromMemory({ modelTopology: lambdaTopology }),
      /^loadLayersModel: the model config contains a Lambda layer, which carries code; loading it would run code from the file, so it is refused in safe mode\. If you trust the file, register a "Lambda" layer class yourself \(fx\.layers\.registerLayer\) and pass safeMode: false\.$/,
    );
  });

  it('with safeMode: false a Lambda still needs a registered class: no code from the file runs', async () => {
    await rejectsWith(fx.io.fromMemory({ modelTopology: lambdaTopology }), /^loadLayersModel: the model config names the layer class "Lambda", which is not registered, so it cannot be created \(no code from a file is ever run\)\. Registered layer classes: .*Dense.*\. Register custom layers with fx\.layers\.registerLayer\(className, factory\)\.$/, { safeMode: false });
  });

  it('an unknown class is refused and the message lists the registered classes', async () => {
    const source = await saved((j) => {
      (j.modelTopology.config.layers[1] as Json)['class_name'] = 'EvilLayer';
    });
    await rejectsWith(source, /^loadLayersModel: the model config names the layer class "EvilLayer", which is not registered/);
  });

  it('a nested unknown class (inside a wrapper) is refused too', async () => {
    const topology = {
      class_name: 'Sequential',
      config: { layers: [{ class_name: 'TimeDistributed', config: { name: 'td', batch_input_shape: [null, 2, 2], layer: { class_name: 'Lambda', config: { name: 'x' } } } }] },
    };
    await rejectsWith(fx.io.fromMemory({ modelTopology: topology }), /contains a Lambda layer, which carries code/);
  });
});

describe('hostile model.json and shards fail with a FluxionError', () => {
  it('a truncated shard', async () => {
    await rejectsWith(await saved(undefined, (b) => b.subarray(0, b.length - 5)), /^loadLayersModel: the weights manifest describes 52 bytes of weight data \(4 weights\), but the shards hold 47 bytes; the shards are truncated or do not belong to this model\.json\.$/);
  });

  it('a shard longer than the manifest says (wrong byte length)', async () => {
    await rejectsWith(await saved(undefined, (b) => Buffer.concat([b, Buffer.alloc(8)])), /^loadLayersModel: the weight shards of .*model\.json hold more bytes \(at least 60\) than its weights manifest describes \(52\); the shards do not belong to this model\.json\.$/);
  });

  it('a manifest whose sizes exceed the data (a huge shape) is refused before allocating', async () => {
    const source = await saved((j) => {
      (j.weightsManifest[0]?.weights[0] as { shape: number[] }).shape = [100000, 100000];
    });
    await rejectsWith(source, /^loadLayersModel: the weights manifest describes 40000000028 bytes of weight data \(4 weights\), but the shards hold 52 bytes/);
  });

  it('a shape that does not match the config (same byte count)', async () => {
    const source = await saved((j) => {
      (j.weightsManifest[0]?.weights[0] as { shape: number[] }).shape = [3, 2];
    });
    await rejectsWith(source, /^loadLayersModel: weight "s_h\/kernel" has shape \[3,2\] in the file, but the model's variable "s_h\/kernel" has shape \[2,3\]; the config and the weights do not match\.$/);
  });

  it('a config whose layer is larger than the weights (weight shapes do not match the config)', async () => {
    const source = await saved((j) => {
      ((j.modelTopology.config.layers[0] as Json)['config'] as Json)['units'] = 4;
    });
    await rejectsWith(source, /^loadLayersModel: weight "s_h\/kernel" has shape \[2,3\] in the file, but the model's variable "s_h\/kernel" has shape \[2,4\]/);
  });

  it('a missing weight (weight counts do not match)', async () => {
    const source = await saved((j) => {
      j.weightsManifest[0]?.weights.pop();
    }, (b) => b.subarray(0, b.length - 4));
    await rejectsWith(source, /^loadLayersModel: model "[^"]+" has 4 weights but the file gives values for 3; missing: s_out\/bias\. Pass strict: false to keep the missing weights at their initial values\.$/);
    const loose = await fx.loadLayersModel(source, { strict: false });
    assert.equal(loose.weights.length, 4);
  });

  it('an extra weight the model has no variable for', async () => {
    const source = await saved((j) => {
      j.weightsManifest[0]?.weights.push({ name: 'ghost/kernel', shape: [1], dtype: 'float32' });
    }, (b) => Buffer.concat([b, Buffer.alloc(4)]));
    await rejectsWith(source, /^loadLayersModel: the file has a weight "ghost\/kernel" that model "[^"]+" has no variable for \(the model's weights: s_h\/kernel, s_h\/bias, s_out\/kernel, s_out\/bias\); the weights do not belong to this architecture\. Pass strict: false to ignore extra weights\.$/);
  });

  it('a shard path with ../ that leaves the model folder', async () => {
    const source = await saved((j) => {
      (j.weightsManifest[0] as { paths: string[] }).paths = ['../../etc/passwd'];
    });
    await rejectsWith(source, /^loadLayersModel: the weights manifest names the shard "\.\.\/\.\.\/etc\/passwd", which points outside the model folder .*; shard paths must stay inside it\.$/);
  });

  it('an absolute shard path, or a URL', async () => {
    await rejectsWith(
      await saved((j) => {
        (j.weightsManifest[0] as { paths: string[] }).paths = ['/etc/passwd'];
      }),
      /^loadLayersModel: the weights manifest names the shard "\/etc\/passwd", an absolute path or URL; shard paths must be relative to the model\.json folder\.$/,
    );
    await rejectsWith(
      await saved((j) => {
        (j.weightsManifest[0] as { paths: string[] }).paths = ['file:///etc/passwd'];
      }),
      /names the shard "file:\/\/\/etc\/passwd", an absolute path or URL/,
    );
  });

  it('a missing shard file', async () => {
    const source = await saved((j) => {
      (j.weightsManifest[0] as { paths: string[] }).paths = ['group1-shard1of2.bin'];
    });
    await rejectsWith(source, /^loadLayersModel: the weight shard .*group1-shard1of2\.bin named in .*model\.json does not exist\.$/);
  });

  it('model.json that is not JSON, a graph model, and a model.json without topology', async () => {
    const folder = join(dir, 'bad');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.json'), '{"modelTopology": ');
    await rejectsWith(`file://${folder}/model.json`, /^loadLayersModel: .*model\.json is not valid JSON \(.*\); expected a TensorFlow\.js model\.json\.$/);
    writeFileSync(join(folder, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }));
    await rejectsWith(`file://${folder}/model.json`, /has format "graph-model"; Fluxion reads TensorFlow\.js Layers models \(format 'layers-model'\), not graph models\.$/);
    writeFileSync(join(folder, 'model.json'), JSON.stringify({ weightsManifest: [] }));
    await rejectsWith(`file://${folder}/model.json`, /has no modelTopology; expected a TensorFlow\.js Layers model\.json/);
    await rejectsWith(`file://${join(folder, 'none.json')}`, /^loadLayersModel: .*none\.json does not exist; expected the path of a TensorFlow\.js model\.json/);
  });

  it('a malformed weight spec and an unsupported quantization', async () => {
    await rejectsWith(
      await saved((j) => {
        (j.weightsManifest[0]?.weights[0] as { shape: unknown }).shape = [-1, 2];
      }),
      /^loadLayersModel: weightsManifest\[0\]\.weights\[0\] \("s_h\/kernel"\) has shape \[-1,2\]; every dimension must be a non-negative integer\.$/,
    );
    await rejectsWith(
      await saved((j) => {
        (j.weightsManifest[0]?.weights[0] as Json)['quantization'] = { dtype: 'int4' };
      }),
      /has quantization \{"dtype":"int4"\}; supported quantization dtypes are 'uint8', 'uint16' \(with scale and min\) and 'float16'\.$/,
    );
    await rejectsWith(
      await saved((j) => {
        (j.weightsManifest[0]?.weights[0] as Json)['dtype'] = 'complex64';
      }),
      /weight "s_h\/kernel" has dtype "complex64"; Fluxion reads float32, int32 and bool weights/,
    );
  });

  it('artifacts in memory with too little weight data', async () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 3, inputShape: [2] })] });
    const artifacts = await saveToMemory(m);
    await rejectsWith(fx.io.fromMemory({ ...artifacts, weightData: new ArrayBuffer(3) }), /describes 36 bytes of weight data \(2 weights\), but the shards hold 3 bytes/);
  });
});

describe('a config that asks for far more than the file holds is not built', () => {
  it('units: 100000000 is refused before the weights are allocated', async () => {
    const source = await saved((j) => {
      ((j.modelTopology.config.layers[0] as Json)['config'] as Json)['units'] = 100000000;
    });
    await rejectsWith(source, /^loadLayersModel: the model config asks for weights of shape \[2,100000000\], which brings the model to 200000000 values, but a file of this size allows at most 65562; the config does not match the weights \(or is hostile\), so the model is not built\.$/);
  });

  it('an input shape of 10^10 values per example is refused', async () => {
    const source = await saved((j) => {
      ((j.modelTopology.config.layers[0] as Json)['config'] as Json)['batch_input_shape'] = [null, 100000, 100000];
    });
    await rejectsWith(source, /^loadLayersModel: layer "s_h" has batchInputShape \[null,100000,100000\] \(10000000000 values per example\); Fluxion builds models from files with inputs of at most 16777216 values per example\.$/);
  });
});
