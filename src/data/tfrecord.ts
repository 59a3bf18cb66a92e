/**
 * TFRecord files: each record is
 *   uint64 length (little-endian) | uint32 masked CRC32C of the length | data | uint32 masked CRC32C of the data.
 * The reader works on large chunks, checks both checksums of every record and reports corruption
 * and truncation with the record's byte offset; the writer buffers records and writes them in
 * large blocks.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { FluxionError } from '../core/errors.js';
import { maskedCrc32c } from '../utils/crc32c.js';
import { Dataset } from './dataset.js';
import { describeSource, readChunks, type ChunkOptions } from './file-source.js';

export interface TFRecordOptions extends ChunkOptions {
  /** Check the data checksum of every record (default true; the length checksum is always checked). */
  verifyChecksums?: boolean;
}

const HEADER = 12;
const FOOTER = 4;

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function readU32(b: Uint8Array, at: number): number {
  return ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>> 0;
}

/** The records of a TFRecord file, each a fresh Uint8Array (not a view of the read buffer). */
export async function* readTFRecords(fn: string, source: string, options: TFRecordOptions = {}): AsyncGenerator<Uint8Array> {
  const { name } = describeSource(fn, source);
  const verify = options.verifyChecksums ?? true;
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  let base = 0; // file offset of buf[0]
  let pending: Uint8Array[] = []; // chunks waiting until a long record is complete
  let pendingBytes = 0;
  let need = 0; // bytes (from pos) the next record needs
  for await (const chunk of readChunks(fn, source, options)) {
    if (buf.length - pos + pendingBytes + chunk.length < need) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      continue;
    }
    const parts = [buf.subarray(pos), ...pending, chunk];
    base += pos;
    buf = parts.length === 2 && parts[0]?.length === 0 ? chunk : concat(parts);
    pos = 0;
    pending = [];
    pendingBytes = 0;
    need = 0;
    while (buf.length - pos >= HEADER) {
      const lenLo = readU32(buf, pos);
      const lenHi = readU32(buf, pos + 4);
      const lenCrc = readU32(buf, pos + 8);
      const expectLenCrc = maskedCrc32c(buf.subarray(pos, pos + 8));
      if (lenCrc !== expectLenCrc) {
        throw new FluxionError(
          `${fn}: ${name}: the record at byte offset ${base + pos} has a bad length checksum (stored ${hex(lenCrc)}, computed ${hex(expectLenCrc)}); ` +
            'the file is corrupt or not a TFRecord file (a GZIP-compressed one needs {compressionType: "GZIP"}).',
        );
      }
      const length = lenHi * 0x100000000 + lenLo;
      const total = HEADER + length + FOOTER;
      if (buf.length - pos < total) {
        need = total;
        break;
      }
      const data = buf.subarray(pos + HEADER, pos + HEADER + length);
      if (verify) {
        const stored = readU32(buf, pos + HEADER + length);
        const computed = maskedCrc32c(data);
        if (stored !== computed) {
          throw new FluxionError(
            `${fn}: ${name}: the record at byte offset ${base + pos} (${length} bytes) has a bad data checksum (stored ${hex(stored)}, computed ${hex(computed)}); the file is corrupt.`,
          );
        }
      }
      yield new Uint8Array(data); // a copy: a view would keep the whole chunk alive
      pos += total;
    }
  }
  const left = buf.length - pos + pendingBytes;
  if (left > 0) {
    const what = left < HEADER ? `only ${left} bytes of its 12-byte header` : `only ${left} of its ${need} bytes`;
    throw new FluxionError(`${fn}: ${name}: the record at byte offset ${base + pos} is truncated: the file ends after ${what}. The file was cut short (an interrupted copy or write?).`);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A dataset of the records of a TFRecord file (each a Uint8Array), TensorFlow's TFRecordDataset. */
export function tfrecord(source: string | URL | readonly (string | URL)[], options: TFRecordOptions = {}): Dataset<Uint8Array> {
  const sources = (Array.isArray(source) ? source : [source]).map((s: string | URL) => (s instanceof URL ? s.href : s));
  sources.forEach((s) => describeSource('tfrecord', s));
  return new Dataset(async function* () {
    for (const s of sources) yield* readTFRecords('tfrecord', s, options);
  }, null);
}

/** Writes TFRecord files: `const w = TFRecordWriter.open(path); w.write(bytes); w.close();` */
export class TFRecordWriter {
  private block: Uint8Array;
  private used = 0;
  private fd: number | null;

  private constructor(
    private readonly path: string,
    fd: number,
    blockBytes: number,
  ) {
    this.fd = fd;
    this.block = new Uint8Array(blockBytes);
  }

  /** Creates (or truncates) the file. */
  static open(path: string, options: { append?: boolean } = {}): TFRecordWriter {
    return new TFRecordWriter(path, openSync(path, options.append ? 'a' : 'w'), 1 << 20);
  }

  /** Appends one record (a string is written as its UTF-8 bytes). */
  write(record: Uint8Array | string): void {
    if (this.fd === null) throw new FluxionError(`TFRecordWriter.write: ${this.path} is closed; open a new writer to write more records.`);
    const data = typeof record === 'string' ? new TextEncoder().encode(record) : record;
    if (!(data instanceof Uint8Array)) throw new FluxionError(`TFRecordWriter.write: a record must be a Uint8Array or a string, but received ${typeof record}.`);
    const header = new Uint8Array(HEADER);
    const view = new DataView(header.buffer);
    view.setUint32(0, data.length % 0x100000000, true);
    view.setUint32(4, Math.floor(data.length / 0x100000000), true);
    view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    const footer = new Uint8Array(FOOTER);
    new DataView(footer.buffer).setUint32(0, maskedCrc32c(data), true);
    this.put(header);
    this.put(data);
    this.put(footer);
  }

  private put(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.block.length) this.flush();
    if (bytes.length >= this.block.length) {
      writeSync(this.fd as number, bytes);
      return;
    }
    this.block.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Writes the buffered records to the file. */
  flush(): void {
    if (this.fd === null || this.used === 0) return;
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.block, done, this.used - done);
    this.used = 0;
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }
}
