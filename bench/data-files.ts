/**
 * The files of the data benchmark: a numeric CSV (32 float features and an integer label per row)
 * and a TFRecord file of tf.train.Examples (240 floats and a label each), generated once into
 * os.tmpdir() and reused while their size matches.
 */
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import * as fx from '../src/index.js';

export const CSV_FEATURES = 32;
export const TFRECORD_FLOATS = 240;

/** Deterministic pseudo-random numbers (so every run reads the same file). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function writeUntil(path: string, bytes: number, makeChunk: () => Uint8Array): void {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  while (written < bytes) {
    const chunk = makeChunk();
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** A CSV of at least `bytes` bytes: a header, then rows of 32 numbers like -0.123456 and a label 0-9. */
export function makeCsv(path: string, bytes: number): void {
  const rnd = lcg(1);
  const header = `${Array.from({ length: CSV_FEATURES }, (_, i) => `f${i}`).join(',')},label\n`;
  let first = true;
  writeUntil(path, bytes, () => {
    const rows: string[] = first ? [header.slice(0, -1)] : [];
    first = false;
    for (let r = 0; r < 4096; r++) {
      const cells = new Array<string>(CSV_FEATURES + 1);
      for (let c = 0; c < CSV_FEATURES; c++) cells[c] = ((rnd() - 0.5) * 20).toFixed(6);
      cells[CSV_FEATURES] = String(Math.floor(rnd() * 10));
      rows.push(cells.join(','));
    }
    return new TextEncoder().encode(`${rows.join('\n')}\n`);
  });
}

/** A TFRecord file of at least `bytes` bytes of Examples {x: 240 floats, label: int64}. */
export function makeTfrecord(path: string, bytes: number): void {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const rnd = lcg(2);
  const tmp = `${path}.partial`;
  const w = fx.data.TFRecordWriter.open(tmp);
  let written = 0;
  const x = new Float32Array(TFRECORD_FLOATS);
  while (written < bytes) {
    for (let i = 0; i < x.length; i++) x[i] = rnd();
    const record = fx.data.encodeExample({ x: { float: x }, label: { int64: [Math.floor(rnd() * 10)] } });
    w.write(record);
    written += record.length + 16;
  }
  w.close();
  renameSync(tmp, path);
}

export const TFRECORD_SPEC = { x: { dtype: 'float32', shape: [TFRECORD_FLOATS] }, label: { dtype: 'int64', shape: [] } } satisfies Record<string, fx.data.FeatureSpec>;
