/**
 * safetensors: fx.io.saveSafetensors / loadSafetensors and the `.safetensors` weights route. The
 * Python safetensors package is not installable here (no pip; apt has no python3-safetensors), so
 * an independent reader written from the format's description (struct + json + numpy in
 * /usr/bin/python3) checks that the files are what the Python library expects.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { outputs, randomizeWeights, tempDir } from './helpers.js';

const tmp = tempDir('safetensors');
after(() => tmp.remove());

const PY_READER = `
import json, struct, sys
import numpy as np
data = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', data[:8])
header = json.loads(data[8:8 + n].decode('utf-8'))
assert (8 + n) % 8 == 0, 'data is 8-byte aligned'
body = data[8 + n:]
kinds = {'F32': '<f4', 'F64': '<f8', 'I32': '<i4', 'BOOL': '?'}
out = {'__metadata__': header.pop('__metadata__', None)}
end = 0
for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets'][0]):
    b, e = info['data_offsets']
    assert b == end, 'contiguous'
    end = e
    a = np.frombuffer(body[b:e], dtype=kinds[info['dtype']]).reshape(info['shape'])
    out[name] = {'dtype': info['dtype'], 'shape': list(a.shape), 'values': a.reshape(-1).tolist()}
assert end == len(body), 'no trailing bytes'
print(json.dumps(out))
`;

function pythonNumpy(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
}

describe('safetensors', () => {
  test('tensors of each dtype and metadata round-trip through fx.io', async () => {
    const tensors = {
      weight: fx.tensor([[1.5, -2], [3, 4.25]]),
      ids: fx.tensor([1, -2, 3], [3], 'int32'),
      wide: fx.tensor([0.1, 0.2], [2], 'float64'),
      scalar: fx.scalar(7),
      empty: fx.zeros([0, 3]),
    };
    const path = tmp.path('t.safetensors');
    await fx.io.saveSafetensors(tensors, path, { format: 'pt', note: 'fluxion' });
    const back = await fx.io.loadSafetensors(path);
    assert.deepEqual(Object.keys(back).sort(), Object.keys(tensors).sort());
    for (const [k, t] of Object.entries(tensors)) {
      assert.equal(back[k]?.dtype, t.dtype, k);
      assert.deepEqual(back[k]?.shape, t.shape, k);
      assert.deepEqual(back[k]?.arraySync(), t.arraySync(), k);
    }
  });

  test('an independent reader (python struct/json/numpy) reads the header, offsets and values', { skip: pythonNumpy() ? false : 'needs /usr/bin/python3 with numpy' }, async () => {
    const path = tmp.path('py.safetensors');
    await fx.io.saveSafetensors({ a: fx.tensor([[1, 2, 3]]), b: fx.tensor([5, 6], [2], 'int32') }, path, { format: 'pt' });
    const r = spawnSync('/usr/bin/python3', ['-c', PY_READER, path], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [1, 3], values: [1, 2, 3] },
      b: { dtype: 'I32', shape: [2], values: [5, 6] },
    });
  });

  test('a model saved with saveSafetensors / saveWeights(.safetensors) loads back (keyed by Keras weights paths)', async () => {
    const make = (): fx.Model => fx.sequential({ layers: [fx.layers.dense({ units: 4, inputShape: [3] }), fx.layers.batchNormalization({}), fx.layers.dense({ units: 2 })] });
    const a = make();
    randomizeWeights(a, 5);
    const x = fx.randomNormal([3, 3]);
    const viaIo = tmp.path('m1.safetensors');
    await fx.io.saveSafetensors(a, viaIo);
    const names = Object.keys(await fx.io.loadSafetensors(viaIo)).sort();
    assert.deepEqual(names, ['layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1', 'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3', 'layers/dense/vars/0', 'layers/dense/vars/1', 'layers/dense_1/vars/0', 'layers/dense_1/vars/1']);
    const b = make();
    await b.loadWeights(viaIo);
    assert.deepEqual(outputs(b.predict(x)), outputs(a.predict(x)));
    const viaRoute = tmp.path('m2.safetensors');
    await a.saveWeights(viaRoute);
    const c = make();
    await c.loadWeights(viaRoute);
    assert.deepEqual(outputs(c.predict(x)), outputs(a.predict(x)));
    // A file keyed by the variables' own names (e.g. fx.io.saveSafetensors of a {name: tensor} map) also loads.
    const byName = tmp.path('m3.safetensors');
    await fx.io.saveSafetensors(Object.fromEntries(a.weights.map((w) => [w.name, w])), byName);
    await a.loadWeights(byName);
    assert.deepEqual(outputs(a.predict(x)), outputs(c.predict(x)));
  });

  test('float16 and bfloat16 (written by other tools) load as float32', async () => {
    const { writeFileSync } = await import('node:fs');
    const header = JSON.stringify({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] } });
    const head = Buffer.from(header);
    const buf = Buffer.alloc(8 + head.length + 6);
    buf.writeBigUInt64LE(BigInt(head.length), 0);
    head.copy(buf, 8);
    buf.writeUInt16LE(0x3c00, 8 + head.length); // 1.0
    buf.writeUInt16LE(0xc000, 8 + head.length + 2); // -2.0
    buf.writeUInt16LE(0x4040, 8 + head.length + 4); // bfloat16 3.0
    const path = tmp.path('half.safetensors');
    writeFileSync(path, buf);
    const t = await fx.io.loadSafetensors(path);
    assert.deepEqual(t['h']?.arraySync(), [1, -2]);
    assert.deepEqual(t['b']?.arraySync(), [3]);
  });
});
