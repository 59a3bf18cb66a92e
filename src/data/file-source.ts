/**
 * Where file-backed datasets read their bytes: a local path, a file:// URL or an http(s):// URL,
 * in large chunks (gzip-decompressed on the fly when asked or when the name ends in .gz).
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { describeValue, FluxionError } from '../core/errors.js';

/** Bytes read per chunk: large reads keep the per-chunk overhead negligible. */
export const CHUNK_BYTES = 1 << 20;

export interface ChunkOptions {
  /** 'GZIP' decompresses; '' (the default unless the name ends in .gz) reads the bytes as they are. */
  compressionType?: '' | 'GZIP' | 'NONE';
  chunkBytes?: number;
}

/** A printable name for error messages and the local path (null for http). */
export function describeSource(fn: string, source: unknown): { name: string; path: string | null; url: string | null } {
  if (source instanceof URL) source = source.href;
  if (typeof source !== 'string' || source === '') {
    throw new FluxionError(`${fn}: the source must be a file path or a file:// or http(s):// URL, but received ${describeValue(source)}.`);
  }
  if (source.startsWith('file://')) return { name: fileURLToPath(source), path: fileURLToPath(source), url: null };
  if (/^https?:\/\//.test(source)) return { name: source, path: null, url: source };
  return { name: source, path: source, url: null };
}

/** The bytes of a source as a stream of Uint8Array chunks. */
export async function* readChunks(fn: string, source: string, options: ChunkOptions = {}): AsyncGenerator<Uint8Array> {
  const { name, path, url } = describeSource(fn, source);
  const gzip = options.compressionType === 'GZIP' || (options.compressionType === undefined && name.endsWith('.gz'));
  let stream: Readable;
  if (path !== null) {
    stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK_BYTES });
  } else {
    const res = await fetch(url as string).catch((e: unknown) => {
      throw new FluxionError(`${fn}: could not fetch ${name}: ${e instanceof Error ? e.message : String(e)}.`);
    });
    if (!res.ok || res.body === null) throw new FluxionError(`${fn}: fetching ${name} failed with HTTP status ${res.status}.`);
    stream = Readable.fromWeb(res.body);
  }
  if (gzip) stream = stream.pipe(createGunzip({ chunkSize: 256 * 1024 }));
  try {
    // Plain Uint8Array views: Buffer's slice() does not copy, Uint8Array's does.
    for await (const chunk of stream) yield new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).byteLength);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new FluxionError(`${fn}: the file ${name} does not exist. Check the path (relative paths start at ${process.cwd()}).`);
    throw e;
  } finally {
    stream.destroy();
  }
}
