import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'fx-cifar-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A CIFAR-10 binary batch of `n` records: label, then the red, green and blue planes. Pixel (y, x) of channel c of record r is (r * 7 + c * 50 + y + x) % 256. */
function batch(n: number, firstLabel: number): Buffer {
  const b = Buffer.alloc(n * 3073);
  for (let r = 0; r < n; r++) {
    b[r * 3073] = (firstLabel + r) % 10;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) b[r * 3073 + 1 + c * 1024 + p] = (r * 7 + c * 50 + Math.floor(p / 32) + (p % 32)) % 256;
  }
  return b;
}

function makeBatches(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= 5; i++) writeFileSync(join(dir, `data_batch_${i}.bin`), batch(2, i));
  writeFileSync(join(dir, 'test_batch.bin'), batch(3, 0));
}

describe('fx.datasets.cifar10', () => {
  test('loadData reads the binary batches into channels-last [n, 32, 32, 3] images and [n] labels', () => {
    makeBatches(join(tmp, 'data', 'cifar10', 'cifar-10-batches-bin'));
    const saved = process.env['FLUXION_DATA_DIR'];
    process.env['FLUXION_DATA_DIR'] = join(tmp, 'data');
    try {
      const [[x, y], [xt, yt]] = fx.datasets.cifar10.loadData({ download: false });
      assert.deepEqual([x.shape, y.shape, xt.shape, yt.shape], [[10, 32, 32, 3], [10], [3, 32, 32, 3], [3]]);
      assert.deepEqual(Array.from(y.dataSync()), [1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
      assert.deepEqual(Array.from(yt.dataSync()), [0, 1, 2]);
      const img = xt.arraySync() as number[][][][];
      assert.deepEqual(img[1]?.[3]?.[5], [1 * 7 + 0 + 3 + 5, 1 * 7 + 50 + 3 + 5, 1 * 7 + 100 + 3 + 5]);
      assert.equal(x.dtype, 'float32');
    } finally {
      if (saved === undefined) delete process.env['FLUXION_DATA_DIR'];
      else process.env['FLUXION_DATA_DIR'] = saved;
    }
  });

  test('extractTar unpacks the archive layout of cifar-10-binary.tar.gz', async () => {
    const src = join(tmp, 'archive-src');
    makeBatches(join(src, 'cifar-10-batches-bin'));
    writeFileSync(join(src, 'cifar-10-batches-bin', 'readme.html'), 'x'.repeat(700));
    const archive = join(tmp, 'cifar-10-binary.tar.gz');
    const tar = spawnSync('tar', ['czf', archive, '-C', src, 'cifar-10-batches-bin']);
    assert.equal(tar.status, 0, String(tar.stderr));
    const names = await fx.datasets.extractTar(archive, join(tmp, 'out'), (n) => n.endsWith('.bin'));
    assert.deepEqual(names.sort(), ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'].map((f) => `cifar-10-batches-bin/${f}`));
    assert.deepEqual(readFileSync(join(tmp, 'out', 'cifar-10-batches-bin', 'test_batch.bin')), batch(3, 0));
  });

  test('a batch file of the wrong size is reported', () => {
    writeFileSync(join(tmp, 'bad.bin'), Buffer.alloc(100));
    assert.throws(() => fx.datasets.readCifarBatches([join(tmp, 'bad.bin')]), { message: `cifar10: ${join(tmp, 'bad.bin')} holds 100 bytes, not a whole number of 3073-byte records; the file is corrupt.` });
  });
});
