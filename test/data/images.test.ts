import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as fx from '../../src/index.js';
import { pixel } from '../../scripts/image-fixture-pixels.js';

const IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data', 'images');
const tmp = mkdtempSync(join(tmpdir(), 'fx-images-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('decodeImage', () => {
  test('PNG decodes exactly to [height, width, channels] float32 0-255', () => {
    const t = fx.data.decodeImage(readFileSync(join(IMAGES, 'dark', 'img1.png')));
    assert.deepEqual(t.shape, [6, 8, 3]);
    assert.equal(t.dtype, 'float32');
    const v = t.arraySync() as number[][][];
    for (const [x, y] of [[0, 0], [7, 5], [3, 2]] as const) assert.deepEqual(v[y]?.[x], pixel(20, 1, x, y).slice(0, 3));
    const rgba = fx.data.decodeImage(readFileSync(join(IMAGES, 'dark', 'img1.png')), 'rgba');
    assert.deepEqual(rgba.shape, [6, 8, 4]);
    const gray = fx.data.decodeImage(readFileSync(join(IMAGES, 'dark', 'img1.png')), 'grayscale');
    const [r, g, b] = pixel(20, 1, 2, 3);
    assert.ok(Math.abs(((gray.arraySync() as number[][][])[3]?.[2]?.[0] ?? 0) - (0.2989 * r + 0.587 * g + 0.114 * b)) < 1e-3);
  });

  test('JPEG decodes close to the encoded pixels', () => {
    const t = fx.data.decodeImage(readFileSync(join(IMAGES, 'light', 'img3.jpg')));
    assert.deepEqual(t.shape, [6, 8, 3]);
    const v = t.arraySync() as number[][][];
    let maxErr = 0;
    for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) pixel(180, 3, x, y).slice(0, 3).forEach((c, k) => (maxErr = Math.max(maxErr, Math.abs((v[y]?.[x]?.[k] ?? 0) - c))));
    assert.ok(maxErr < 20, `max JPEG error ${maxErr}`);
  });

  test('other bytes give a clear error', () => {
    assert.throws(() => fx.data.decodeImage(Uint8Array.of(1, 2, 3, 4), 'rgb', 'x.bin'), { message: 'decodeImage: x.bin is neither PNG nor JPEG (its first bytes are 1 2 3 4).' });
    assert.throws(() => fx.data.decodeImage(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0), 'rgb', 'cut.png'), /decodeImage: cut.png could not be decoded: /);
  });
});

describe('imageDatasetFromDirectory', () => {
  test('labels come from the sub-folder names; images are resized and batched', async () => {
    const ds = fx.data.imageDatasetFromDirectory(IMAGES, { imageSize: [4, 4], batchSize: 3, seed: 1 });
    assert.deepEqual(ds.classNames, ['dark', 'light']);
    assert.equal(ds.filePaths.length, 8);
    const batches = await ds.toArray();
    assert.deepEqual(batches.map((b) => (b as [fx.Tensor, fx.Tensor])[0].shape), [[3, 4, 4, 3], [3, 4, 4, 3], [2, 4, 4, 3]]);
    let count = 0;
    for (const b of batches) {
      const [images, labels] = b as [fx.Tensor, fx.Tensor];
      assert.equal(labels.dtype, 'int32');
      const means = fx.mean(images, [1, 2, 3]).dataSync();
      Array.from(labels.dataSync()).forEach((label, i) => {
        count++;
        // dark images are around 20-60, light ones around 180-220: the label must match the pixels.
        assert.equal(label, (means[i] ?? 0) > 120 ? 1 : 0);
      });
    }
    assert.equal(count, 8);
  });

  test('categorical labels, no batching, grayscale, validation split', async () => {
    const train = fx.data.imageDatasetFromDirectory(IMAGES, { imageSize: [6, 8], batchSize: null, labelMode: 'categorical', colorMode: 'grayscale', seed: 3, validationSplit: 0.25, subset: 'training' });
    const val = fx.data.imageDatasetFromDirectory(IMAGES, { imageSize: [6, 8], batchSize: null, labelMode: 'categorical', colorMode: 'grayscale', seed: 3, validationSplit: 0.25, subset: 'validation' });
    assert.equal(train.filePaths.length, 6);
    assert.equal(val.filePaths.length, 2);
    assert.equal(new Set([...train.filePaths, ...val.filePaths]).size, 8, 'the subsets partition the files');
    const [first] = (await train.take(1).toArray()) as [fx.Tensor, fx.Tensor][];
    assert.deepEqual(first?.[0].shape, [6, 8, 1]);
    assert.deepEqual(first?.[1].shape, [2]);
    assert.equal(Array.from(first?.[1].dataSync() ?? []).reduce((a, b) => a + b, 0), 1);
  });

  test('errors: missing directory, no images, bad class name', async () => {
    assert.throws(() => fx.data.imageDatasetFromDirectory(join(tmp, 'nope')), /imageDatasetFromDirectory: cannot read the directory .*nope; it must exist and hold one sub-folder per class\./);
    mkdirSync(join(tmp, 'empty', 'a'), { recursive: true });
    writeFileSync(join(tmp, 'empty', 'a', 'notes.txt'), 'x');
    assert.throws(() => fx.data.imageDatasetFromDirectory(join(tmp, 'empty')), /found no PNG or JPEG files in the class sub-folders of .*empty \(a\)/);
    assert.throws(() => fx.data.imageDatasetFromDirectory(IMAGES, { classNames: ['cats'] }), /classNames names 'cats', but .* has no such sub-folder \(it has dark, light\)/);
  });

  test('listFiles lists by glob, shuffled reproducibly by a seed or sorted', async () => {
    const sorted = await fx.data.listFiles(join(IMAGES, '*', '*.png'), { shuffle: false }).toArray();
    assert.equal(sorted.length, 6);
    assert.deepEqual(sorted, [...sorted].sort());
    const a = await fx.data.listFiles(join(IMAGES, '**', '*'), { seed: 4 }).toArray();
    const b = await fx.data.listFiles(join(IMAGES, '**', '*'), { seed: 4 }).toArray();
    assert.deepEqual(a, b);
    assert.deepEqual([...a].sort(), (await fx.data.listFiles(join(IMAGES, '**', '*'), { shuffle: false }).toArray()));
    await assert.rejects(fx.data.listFiles(join(tmp, '*.none')).toArray(), /listFiles: no files match/);
  });
});
