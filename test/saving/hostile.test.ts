/**
 * Corrupt and hostile files fail cleanly with a FluxionError that names the problem: truncated
 * archives, wrong magic numbers, shapes that do not match the config, weight counts that do not
 * match, sizes larger than the file could hold, zip entries pointing outside the folder, and
 * configs naming code (Lambda) or unknown classes. Nothing in a config is ever evaluated.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import * as fx from '../../src/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('hostile');
after(() => tmp.remove());
const FIXTURES = new URL('../fixtures/keras/', import.meta.url).pathname;

const make = (units = 3): fx.Model => fx.sequential({ layers: [fx.layers.dense({ units, inputShape: [4], name: 'd' })] });

async function saved(name: string, model: fx.Model = make()): Promise<string> {
  const path = tmp.path(name);
  await model.save(path);
  return path;
}

function rezip(path: string, edit: (entries: Record<string, Uint8Array>) => void, out: string): string {
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  edit(entries);
  writeFileSync(out, zipSync(entries, { level: 0 }));
  return out;
}

function editConfig(entries: Record<string, Uint8Array>, fn: (c: Record<string, unknown>) => void): void {
  const c = JSON.parse(new TextDecoder().decode(entries['config.json'])) as Record<string, unknown>;
  fn(c);
  entries['config.json'] = new TextEncoder().encode(JSON.stringify(c));
}

type Cfg = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof fx.FluxionError, `expected a FluxionError, got ${String(e)}`);
    assert.match(e.message, re);
    return true;
  });
}

describe('hostile and corrupt files', () => {
  test('a truncated .keras archive', async () => {
    const path = await saved('t.keras');
    const bytes = readFileSync(path);
    writeFileSync(tmp.path('cut.keras'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rejectsWith(fx.models.loadModel(tmp.path('cut.keras')), /^loadModel: cut\.keras is not a readable zip archive \(.+\)\. The file may be truncated or corrupt\.$/);
  });

  test('a truncated .weights.h5 file', async () => {
    const m = make();
    await m.saveWeights(tmp.path('w.weights.h5'));
    const bytes = readFileSync(tmp.path('w.weights.h5'));
    writeFileSync(tmp.path('cut.weights.h5'), bytes.subarray(0, bytes.length - 100));
    await rejectsWith(m.loadWeights(tmp.path('cut.weights.h5')), /^Model\.loadWeights: cut\.weights\.h5 is truncated: its HDF5 superblock says the file is \d+ bytes long, but it has \d+\.$/);
  });

  test('wrong magic numbers', async () => {
    writeFileSync(tmp.path('junk.keras'), Buffer.from('GIF89a this is not a zip archive at all'));
    await rejectsWith(fx.models.loadModel(tmp.path('junk.keras')), /^loadModel: junk\.keras is not a zip archive \(it does not start with "PK\\x03\\x04"\)/);
    writeFileSync(tmp.path('junk.weights.h5'), Buffer.alloc(200, 7));
    await rejectsWith(make().loadWeights(tmp.path('junk.weights.h5')), /^Model\.loadWeights: junk\.weights\.h5 is not an HDF5 file \(its first bytes are not the HDF5 signature/);
    writeFileSync(tmp.path('junk.h5'), Buffer.alloc(200, 0));
    await rejectsWith(fx.models.loadModel(tmp.path('junk.h5')), /^loadModel: junk\.h5 is not an HDF5 file/);
    const path = await saved('inner.keras');
    rezip(path, (e) => void (e['model.weights.h5'] = new TextEncoder().encode('not hdf5, padded to be long enough for a superblock......')), tmp.path('inner-bad.keras'));
    await rejectsWith(fx.models.loadModel(tmp.path('inner-bad.keras')), /^loadModel: inner-bad\.keras\/model\.weights\.h5 is not an HDF5 file/);
    writeFileSync(tmp.path('bad.safetensors'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b, 0x7d]));
    await rejectsWith(fx.io.loadSafetensors(tmp.path('bad.safetensors')), /^loadSafetensors: bad\.safetensors is not a valid safetensors file: the header length \d+ exceeds the 2 bytes that follow it\.$/);
  });

  test('shapes that do not match the config', async () => {
    const path = await saved('shape.keras');
    rezip(path, (e) => editConfig(e, (c) => void ((c as Cfg).config.layers[1]!.config['units'] = 5)), tmp.path('shape-bad.keras'));
    await rejectsWith(
      fx.models.loadModel(tmp.path('shape-bad.keras')),
      /^loadModel: dataset "layers\/dense\/vars\/0" of shape-bad\.keras\/model\.weights\.h5 has shape \[4,3\], but the model's variable "d\/kernel" has shape \[4,5\]\. The file was saved from a model with a different architecture\.$/,
    );
  });

  test('weight counts that do not match', async () => {
    const other = fx.sequential({ layers: [fx.layers.dense({ units: 3, inputShape: [4], useBias: false, name: 'd' })] });
    await other.saveWeights(tmp.path('nobias.weights.h5'));
    await rejectsWith(
      make().loadWeights(tmp.path('nobias.weights.h5')),
      /^Model\.loadWeights: nobias\.weights\.h5: "layers\/dense\/vars" holds 1 variable\(s\), but layer "d" has 2 \(d\/kernel, d\/bias\)\. The file was saved from a different model\.$/,
    );
    await make(3).saveWeights(tmp.path('one.safetensors'));
    const two = fx.sequential({ layers: [fx.layers.dense({ units: 3, inputShape: [4] }), fx.layers.dense({ units: 2 })] });
    await rejectsWith(two.loadWeights(tmp.path('one.safetensors')), /^Model\.loadWeights: one\.safetensors holds 2 tensor\(s\), but model "[^"]+" has 4 weight\(s\); missing: layers\/dense_1\/vars\/0, layers\/dense_1\/vars\/1\./);
    // A failed load changes nothing.
    const m = make();
    const before = m.weights.map((w) => Array.from(w.dataSync()));
    await assert.rejects(m.loadWeights(tmp.path('nobias.weights.h5')));
    assert.deepEqual(m.weights.map((w) => Array.from(w.dataSync())), before);
  });

  test('sizes that would allocate more than the file could hold', async () => {
    // An HDF5 dataset claiming 100000 x 100000 float32 (40 GB) in a 5 kB file (written by h5py, see the fixtures README).
    const m = make();
    await rejectsWith(
      m.loadWeights(`${FIXTURES}hostile-huge-dataset.weights.h5`),
      /^Model\.loadWeights: dataset "layers\/dense\/vars\/0" of hostile-huge-dataset\.weights\.h5 has shape \[100000,100000\], but the model's variable "d\/kernel" has shape \[4,3\]/,
    );
    // The same file read through the reader directly: the size check refuses before any allocation.
    const { withH5 } = await import('../../src/saving/h5.js');
    await assert.rejects(
      withH5(new Uint8Array(readFileSync(`${FIXTURES}hostile-huge-dataset.weights.h5`)), 'huge.h5', 'test', (r) => r.read('layers/dense/vars/0')),
      /^FluxionError: test: huge\.h5: dataset "layers\/dense\/vars\/0" claims shape \[100000,100000\] \(40000000000 bytes\), more than the whole file holds \(\d+ bytes\)\. The file is corrupt\.$/,
    );
    // safetensors: a shape whose bytes exceed the data.
    const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [1000000, 1000000], data_offsets: [0, 4] } }));
    const st = Buffer.concat([Buffer.alloc(8), header, Buffer.alloc(4)]);
    st.writeBigUInt64LE(BigInt(header.length), 0);
    writeFileSync(tmp.path('huge.safetensors'), st);
    await rejectsWith(fx.io.loadSafetensors(tmp.path('huge.safetensors')), /^loadSafetensors: huge\.safetensors is not a valid safetensors file: tensor "w" of dtype F32 and shape \[1000000,1000000\] needs 4000000000000 bytes, but its data_offsets span 4\.$/);
    // zip: an entry whose declared size its compressed bytes could never produce.
    const zbytes = Buffer.from(readFileSync(await saved('zipbomb.keras')));
    const cd = zbytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zbytes.writeUInt32LE(0xfffffff0, cd + 24); // the central directory's uncompressed size of the last entry
    writeFileSync(tmp.path('zipbomb.keras'), zbytes);
    await rejectsWith(fx.models.loadModel(tmp.path('zipbomb.keras')), /^loadModel: zipbomb\.keras: entry "model\.weights\.h5" claims 4294967280 bytes uncompressed from \d+ compressed bytes, which is impossible; the archive is corrupt\.$/);
  });

  test('zip entries that point outside the target folder', async () => {
    const path = await saved('evil.keras');
    for (const [evil, file] of [['../escape.txt', 'dotdot.keras'], ['/etc/evil', 'absolute.keras'], ['assets/../../x', 'nested.keras'], ['C:\\win.ini', 'drive.keras']] as const) {
      rezip(path, (e) => void (e[evil] = new TextEncoder().encode('x')), tmp.path(file));
      await rejectsWith(
        fx.models.loadModel(tmp.path(file)),
        new RegExp(`^loadModel: ${file.replace('.', '\\.')} holds an entry named "${evil.replace(/[.\\/]/g, (c) => `\\${c}`)}", which points outside the archive's folder; refusing to read it\\.$`),
      );
    }
  });

  test('a Lambda layer is refused in safe mode; with safeMode false only customObjects supply its function, and stored code never runs', async () => {
    const path = await saved('lambda.keras');
    const code = "globalThis.__fluxionPwned = true; return x";
    rezip(
      path,
      (e) =>
        editConfig(e, (c) => {
          const layers = (c as Cfg).config.layers;
          layers.push({ class_name: 'Lambda', config: { name: 'evil', function: { class_name: '__lambda__', config: { code, defaults: null, closure: null } } } } as never);
        }),
      tmp.path('lambda-evil.keras'),
    );
    await rejectsWith(
      fx.models.loadModel(tmp.path('lambda-evil.keras')),
      /^loadModel: the config holds a Lambda layer "evil", whose function is code stored in the file; loading code from a file is refused in safe mode\. If you trust the file, pass \{safeMode: false, customObjects: \{"evil": yourFunction\}\}; the stored code is never run\.$/,
    );
    await rejectsWith(fx.models.loadModel(tmp.path('lambda-evil.keras'), { safeMode: false }), /^loadModel: Lambda: layer "evil" needs its function from customObjects \(looked up as "evil"\), but none was given\./);
    const m = await fx.models.loadModel(tmp.path('lambda-evil.keras'), { safeMode: false, customObjects: { evil: (x: fx.Tensor) => fx.mul(x, 2) } });
    const x = fx.ones([1, 4]);
    const base = (await fx.models.loadModel(path)).predict(x) as fx.Tensor;
    assert.deepEqual((m.predict(x) as fx.Tensor).arraySync(), fx.mul(base, 2).arraySync());
    assert.equal((globalThis as Record<string, unknown>)['__fluxionPwned'], undefined, 'the code in the file was never evaluated');
  });

  test('an unknown class is refused with the registered classes named', async () => {
    const path = await saved('unknown.keras');
    rezip(path, (e) => editConfig(e, (c) => void ((c as Cfg).config.layers[1]!.class_name = 'EvilLayer')), tmp.path('unknown-bad.keras'));
    for (const safeMode of [true, false]) {
      await rejectsWith(fx.models.loadModel(tmp.path('unknown-bad.keras'), { safeMode }), /^loadModel: Unknown layer class "EvilLayer"\. Registered layer classes: .*\bDense\b.*Custom layers must be registered with fx\.layers\.registerLayer/);
    }
  });

  test('a config nested deeper than the stack is a FluxionError, not a crash', async () => {
    const path = await saved('deep.keras');
    let layer = '{"class_name": "Dense", "config": {"units": 1}}';
    for (let i = 0; i < 20000; i++) layer = `{"class_name": "TimeDistributed", "config": {"layer": ${layer}}}`;
    rezip(path, (e) => void (e['config.json'] = new TextEncoder().encode(`{"class_name": "Sequential", "config": {"layers": [${layer}]}}`)), tmp.path('deep-bad.keras'));
    await rejectsWith(fx.models.loadModel(tmp.path('deep-bad.keras')), /^loadModel: deep-bad\.keras could not be loaded \(RangeError: Maximum call stack size exceeded\)\. The file is corrupt or describes something Fluxion cannot build\.$/);
  });

  test('missing entries, bad JSON and a weights-only legacy file', async () => {
    const path = await saved('parts.keras');
    rezip(path, (e) => void delete e['config.json'], tmp.path('noconfig.keras'));
    await rejectsWith(fx.models.loadModel(tmp.path('noconfig.keras')), /^loadModel: noconfig\.keras has no config\.json; a \.keras archive holds config\.json, metadata\.json and model\.weights\.h5\.$/);
    rezip(path, (e) => void (e['config.json'] = new TextEncoder().encode('{"class_name": ')), tmp.path('badjson.keras'));
    await rejectsWith(fx.models.loadModel(tmp.path('badjson.keras')), /^loadModel: badjson\.keras: config\.json is not valid JSON \(/);
    await make().saveWeights(tmp.path('only.weights.h5'));
    const { copyFileSync } = await import('node:fs');
    copyFileSync(tmp.path('only.weights.h5'), tmp.path('only.h5'));
    await rejectsWith(fx.models.loadModel(tmp.path('only.h5')), /^loadModel: only\.h5 has no "model_config" attribute, so it holds weights only; build the model and call model\.loadWeights instead\.$/);
    await rejectsWith(fx.models.loadModel(tmp.path('nothing-here.keras')), /^loadModel: no file at .*nothing-here\.keras\.$/);
  });
});
