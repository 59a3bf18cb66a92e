import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as fx from '../../src/index.js';
import { plain } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fx-idx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function idxBytes(shape: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

describe('fx.data.idx', () => {
  test('streams the items of an IDX file (gzip or not) as tensors of the item shape', async () => {
    const data = Array.from({ length: 3 * 2 * 2 }, (_, i) => i * 10);
    writeFileSync(join(dir, 'images.idx'), idxBytes([3, 2, 2], data));
    writeFileSync(join(dir, 'images.idx.gz'), gzipSync(idxBytes([3, 2, 2], data)));
    const items = await fx.data.idx(join(dir, 'images.idx')).toArray();
    assert.deepEqual(items.map(plain), [[[0, 10], [20, 30]], [[40, 50], [60, 70]], [[80, 90], [100, 110]]]);
    assert.equal(items[0]?.dtype, 'float32');
    assert.deepEqual((await fx.data.idx(join(dir, 'images.idx.gz'), { dtype: 'int32' }).toArray()).map(plain), items.map(plain));
  });

  test('reads the installed Fashion-MNIST test labels: 10,000 scalars, 1,000 per class', async () => {
    const counts = new Array<number>(10).fill(0);
    let n = 0;
    await fx.data.idx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz', { dtype: 'int32' }).forEachAsync((t) => {
      n++;
      const c = t.dataSync()[0] as number;
      counts[c] = (counts[c] ?? 0) + 1;
    });
    assert.equal(n, 10000);
    assert.deepEqual(counts, new Array<number>(10).fill(1000));
  });

  test('a truncated file or a bad magic number is reported', async () => {
    writeFileSync(join(dir, 'cut.idx'), idxBytes([3, 2], [1, 2, 3, 4, 5]));
    await assert.rejects(fx.data.idx(join(dir, 'cut.idx')).toArray(), { message: `idx: ${join(dir, 'cut.idx')} is truncated: it declares 3 items but holds 2.` });
    writeFileSync(join(dir, 'bad.idx'), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]));
    await assert.rejects(fx.data.idx(join(dir, 'bad.idx')).toArray(), /idx: .*bad\.idx is not an unsigned-byte IDX file \(magic 1,2,3,4; expected 0,0,8,rank\)\./);
  });
});
