/** The IDX format of the MNIST family (optionally gzip-compressed), read into typed arrays. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FluxionError } from '../core/errors.js';

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Reads an unsigned-byte IDX file (magic 0x0000080N), gzip or not. */
export function readIdx(path: string): IdxArray {
  let buf: Buffer = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    throw new FluxionError(`readIdx: ${path} is not an IDX file (bad magic number).`);
  }
  if (buf[2] !== 0x08) {
    throw new FluxionError(`readIdx: ${path} holds element type 0x${(buf[2] ?? 0).toString(16)}; only unsigned bytes (0x08) are supported.`);
  }
  const rank = buf[3] ?? 0;
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = shape.reduce((a, b) => a * b, 1);
  if (buf.length - offset !== size) {
    throw new FluxionError(`readIdx: ${path} declares shape [${shape.join(',')}] (${size} bytes) but holds ${buf.length - offset} bytes of data.`);
  }
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, size) };
}
