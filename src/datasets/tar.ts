/** Extracting regular files from a (gzip-compressed) tar archive: enough for dataset archives. */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { createGunzip } from 'node:zlib';
import { FluxionError } from '../core/errors.js';

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/**
 * Streams archive (tar, or tar.gz when its name ends in .gz) and writes the regular files for which
 * keep(name) is true under dest, keeping their paths. Returns the names written.
 */
export async function extractTar(archive: string, dest: string, keep: (name: string) => boolean = () => true): Promise<string[]> {
  const input = createReadStream(archive);
  const stream = archive.endsWith('.gz') || archive.endsWith('.tgz') ? input.pipe(createGunzip()) : input;
  const written: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // bytes of the current entry's data still to come
  let padding = 0;
  let out: ReturnType<typeof createWriteStream> | null = null;
  for await (const chunk of stream) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    for (;;) {
      if (remaining > 0) {
        const take = Math.min(remaining, pending.length);
        if (take === 0) break;
        if (out && !out.write(pending.subarray(0, take))) await new Promise<void>((r) => out?.once('drain', () => r()));
        pending = pending.subarray(take);
        remaining -= take;
        if (remaining > 0) break;
        if (out) await new Promise<void>((r) => out?.end(() => r()));
        out = null;
        continue;
      }
      if (padding > 0) {
        const skip = Math.min(padding, pending.length);
        pending = pending.subarray(skip);
        padding -= skip;
        if (padding > 0) break;
      }
      if (pending.length < 512) break;
      const header = pending.subarray(0, 512);
      pending = pending.subarray(512);
      if (header.every((b) => b === 0)) continue; // end-of-archive blocks
      const prefix = field(header, 345, 155);
      const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
      const size = parseInt(field(header, 124, 12).trim() || '0', 8);
      const type = String.fromCharCode(header[156] ?? 0);
      if (!Number.isFinite(size)) throw new FluxionError(`extractTar: ${archive} has a malformed header for ${name}; the archive is corrupt.`);
      remaining = size;
      padding = (512 - (size % 512)) % 512;
      const safe = normalize(name);
      if ((type === '0' || type === '\0') && keep(name) && !safe.startsWith('..') && !safe.startsWith('/')) {
        mkdirSync(dirname(join(dest, safe)), { recursive: true });
        out = createWriteStream(join(dest, safe));
        written.push(name);
        if (size === 0) {
          await new Promise<void>((r) => out?.end(() => r()));
          out = null;
        }
      }
    }
  }
  if (remaining > 0) throw new FluxionError(`extractTar: ${archive} ends inside an entry; the archive is truncated.`);
  return written;
}
