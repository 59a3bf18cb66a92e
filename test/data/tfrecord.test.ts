import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as fx from '../../src/index.js';
import { crc32c, maskedCrc32c } from '../../src/utils/crc32c.js';
import { plain } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fx-tfrecord-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function writeRecords(name: string, records: (Uint8Array | string)[]): string {
  const path = join(dir, name);
  const w = fx.data.TFRecordWriter.open(path);
  for (const r of records) w.write(r);
  w.close();
  return path;
}

describe('TFRecord files', () => {
  test('TFRecordWriter writes the framing TensorFlow reads (lengths, masked CRC32C of length and data)', () => {
    const path = writeRecords('one.tfrecord', ['hello']);
    const bytes = readFileSync(path);
    assert.equal(bytes.length, 8 + 4 + 5 + 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(Number(view.getBigUint64(0, true)), 5);
    assert.equal(view.getUint32(8, true), maskedCrc32c(bytes.subarray(0, 8)));
    assert.equal(text(bytes.subarray(12, 17)), 'hello');
    assert.equal(view.getUint32(17, true), maskedCrc32c(bytes.subarray(12, 17)));
  });

  test('CRC32C (slicing by 8) agrees with a bit-by-bit reference on every length, offset and continuation', () => {
    const reference = (data: Uint8Array, crc = 0): number => {
      let c = ~crc >>> 0;
      for (const byte of data) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (0x82f63b78 ^ (c >>> 1)) >>> 0 : c >>> 1;
      }
      return ~c >>> 0;
    };
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
    for (let start = 0; start < 9; start++) {
      for (let len = 0; len < 80; len++) assert.equal(crc32c(bytes.subarray(start, start + len)), reference(bytes.subarray(start, start + len)), `${start}+${len}`);
    }
    assert.equal(crc32c(bytes.subarray(37)), crc32c(bytes.subarray(37 + 100), crc32c(bytes.subarray(37, 137))), 'continuation');
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283, 'the CRC-32C check value');
  });

  test('fx.data.tfrecord reads every record back as a Uint8Array, across chunk boundaries and for large records', async () => {
    const records: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) records.push(Uint8Array.from({ length: (i * 37) % 300 }, (_, k) => (k * 7 + i) & 255));
    records.push(new Uint8Array(3 << 20).fill(9)); // larger than a read chunk
    records.push(new Uint8Array(0));
    const path = writeRecords('many.tfrecord', records);
    const read = await fx.data.tfrecord(path).toArray();
    assert.equal(read.length, records.length);
    read.forEach((r, i) => {
      assert.ok(r instanceof Uint8Array);
      assert.deepEqual(r, records[i]);
    });
    const small = await fx.data.tfrecord(path, { chunkBytes: 5 }).toArray();
    assert.equal(small.length, records.length);
    assert.deepEqual(small[150], records[150]);
  });

  test('several files in order, and GZIP-compressed files', async () => {
    const a = writeRecords('a.tfrecord', ['a1', 'a2']);
    const b = writeRecords('b.tfrecord', ['b1']);
    assert.deepEqual((await fx.data.tfrecord([a, b]).toArray()).map(text), ['a1', 'a2', 'b1']);
    const gz = join(dir, 'c.tfrecord.gz');
    writeFileSync(gz, gzipSync(readFileSync(a)));
    assert.deepEqual((await fx.data.tfrecord(gz, { compressionType: 'GZIP' }).toArray()).map(text), ['a1', 'a2']);
  });

  test('a bad data CRC is reported with the byte offset of the record, never read as data', async () => {
    const path = writeRecords('bad.tfrecord', ['first', 'second', 'third']);
    const bytes = readFileSync(path);
    const offset = 21; // the second record starts after 12 + 5 + 4 bytes
    bytes[offset + 12] = (bytes[offset + 12] ?? 0) ^ 1; // flip a bit of "second"
    writeFileSync(path, bytes);
    const seen: string[] = [];
    await assert.rejects(fx.data.tfrecord(path).forEachAsync((r) => void seen.push(text(r))), (e: Error) => {
      assert.match(e.message, new RegExp(`^tfrecord: .*bad\\.tfrecord: the record at byte offset ${offset} \\(6 bytes\\) has a bad data checksum \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\); the file is corrupt\\.$`));
      return true;
    });
    assert.deepEqual(seen, ['first'], 'the corrupt record was not delivered');
    assert.deepEqual((await fx.data.tfrecord(path, { verifyChecksums: false }).toArray()).length, 3);
  });

  test('a bad length CRC is reported with the byte offset', async () => {
    const path = writeRecords('badlen.tfrecord', ['first', 'second']);
    const bytes = readFileSync(path);
    bytes[21] = 200; // the second record's length
    writeFileSync(path, bytes);
    await assert.rejects(fx.data.tfrecord(path).toArray(), /the record at byte offset 21 has a bad length checksum \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\); the file is corrupt or not a TFRecord file/);
  });

  test('a truncated record is reported with its byte offset', async () => {
    const path = writeRecords('cut.tfrecord', ['first', 'second']);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 3));
    await assert.rejects(fx.data.tfrecord(path).toArray(), {
      message: `tfrecord: ${path}: the record at byte offset 21 is truncated: the file ends after only 19 of its 22 bytes. The file was cut short (an interrupted copy or write?).`,
    });
    writeFileSync(path, bytes.subarray(0, 25));
    await assert.rejects(fx.data.tfrecord(path).toArray(), /record at byte offset 21 is truncated: the file ends after only 4 bytes of its 12-byte header/);
  });
});

describe('tf.train.Example', () => {
  const example = fx.data.encodeExample({
    image: { float: [0.5, 1.5, -2, 3.25] },
    label: { int64: [7] },
    ids: { int64: [-1, 2 ** 40, 0] },
    name: { bytes: ['héllo'] },
  });

  test('decodeExample reads the protobuf wire format back', () => {
    const f = fx.data.decodeExample(example);
    assert.deepEqual([...f.keys()], ['image', 'label', 'ids', 'name']);
    assert.deepEqual(f.get('image'), { kind: 'float', values: Float32Array.of(0.5, 1.5, -2, 3.25) });
    assert.deepEqual(f.get('ids'), { kind: 'int64', values: [-1, 2 ** 40, 0] });
  });

  test('decodes the bytes TensorFlow writes (a hand-assembled Example with an unpacked float list)', () => {
    // Example{features{feature{key:"x" value{float_list{value: 1.0 (unpacked, wire type 5)}}}}}
    const floatList = [0x0d, 0x00, 0x00, 0x80, 0x3f]; // field 1, fixed32: 1.0f
    const feature = [0x12, floatList.length, ...floatList];
    const entry = [0x0a, 1, 0x78, 0x12, feature.length, ...feature];
    const features = [0x0a, entry.length, ...entry];
    const bytes = Uint8Array.from([0x0a, features.length, ...features]);
    assert.deepEqual(fx.data.decodeExample(bytes).get('x'), { kind: 'float', values: Float32Array.of(1) });
  });

  test('parseExample makes tensors by a feature spec (fixed shapes, variable length, defaults, strings)', () => {
    const parsed = fx.data.parseExample(example, {
      image: { dtype: 'float32', shape: [2, 2] },
      label: { dtype: 'int64', shape: [] },
      name: { dtype: 'string' },
      weight: { dtype: 'float32', shape: [], defaultValue: 1 },
      extra: { dtype: 'float32' },
    });
    assert.deepEqual(plain(parsed), { image: [[0.5, 1.5], [-2, 3.25]], label: 7, name: ['héllo'], weight: 1, extra: [] });
    assert.equal((parsed['label'] as fx.Tensor).dtype, 'int32');
  });

  test('parseExample errors name the feature', () => {
    assert.throws(() => fx.data.parseExample(example, { image: { dtype: 'float32', shape: [3] } }), {
      message: "parseExample: the feature 'image' has 4 values, but its spec's shape [3] needs 3.",
    });
    assert.throws(() => fx.data.parseExample(example, { label: { dtype: 'float32', shape: [] } }), {
      message: "parseExample: the feature 'label' holds a int64_list, but the spec asks for float32 (a float_list); fix the spec's dtype.",
    });
    assert.throws(() => fx.data.parseExample(example, { missing: { dtype: 'int64', shape: [1] } }), /the feature 'missing' is missing from the record and its spec has no defaultValue/);
    assert.throws(() => fx.data.parseExample(example, { ids: { dtype: 'int64' } }), /holds the int64 value 1099511627776, outside int32's range/);
  });

  test('a TFRecord file of Examples becomes a batched dataset of tensors', async () => {
    const w = fx.data.TFRecordWriter.open(join(dir, 'examples.tfrecord'));
    for (let i = 0; i < 10; i++) w.write(fx.data.encodeExample({ x: { float: [i, i * 2] }, y: { int64: [i % 3] } }));
    w.close();
    const spec = { x: { dtype: 'float32', shape: [2] }, y: { dtype: 'int64', shape: [] } } as const;
    const ds = fx.data
      .tfrecord(join(dir, 'examples.tfrecord'))
      .map((r) => fx.data.parseExample(r, { x: { ...spec.x, shape: [...spec.x.shape] }, y: { ...spec.y, shape: [] } }) as { x: fx.Tensor; y: fx.Tensor })
      .batch(4);
    const batches = await ds.toArray();
    assert.deepEqual(batches.map((b) => b.x.shape), [[4, 2], [4, 2], [2, 2]]);
    assert.deepEqual(plain(batches[2]), { x: [[8, 16], [9, 18]], y: [2, 0] });
  });
});
