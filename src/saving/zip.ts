/**
 * The zip container of `.keras` files, through fflate. Entries are stored uncompressed, as Keras's
 * zipfile writer does. Reading checks every entry before inflating it: a name must stay inside the
 * archive (no `..` segments, no absolute or drive paths), and its declared size must be one that
 * its compressed bytes could produce (deflate expands at most ~1032x) and within a fixed budget, so a
 * forged header cannot make us allocate gigabytes.
 */
import { unzipSync, zipSync, type UnzipFileInfo } from 'fflate';
import { FluxionError } from '../core/errors.js';

/** The most a `.keras` archive may expand to in memory. */
export const MAX_UNZIPPED_BYTES = 1 << 30;
const DEFLATE_MAX_RATIO = 1032;

export function zipEntries(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(entries, { level: 0 });
}

/** Whether a zip entry name would land outside the folder an extraction targets. */
export function unsafeEntryName(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.includes('\0')) return true;
  return name.split(/[\\/]/).some((part) => part === '..');
}

/** Reads the entries of a zip archive, refusing unsafe names and sizes (FluxionErrors that name the file). */
export function unzipEntries(bytes: Uint8Array, fileName: string, where: string): Record<string, Uint8Array> {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new FluxionError(`${where}: ${fileName} is not a zip archive (it does not start with "PK\\x03\\x04"); a .keras file is a zip archive written by model.save or Keras 3.`);
  }
  let total = 0;
  const filter = (info: UnzipFileInfo): boolean => {
    if (unsafeEntryName(info.name)) {
      throw new FluxionError(`${where}: ${fileName} holds an entry named "${info.name}", which points outside the archive's folder; refusing to read it.`);
    }
    const limit = info.compression === 0 ? info.size : info.size * DEFLATE_MAX_RATIO + 1024;
    if (info.originalSize > limit || info.originalSize < 0) {
      throw new FluxionError(
        `${where}: ${fileName}: entry "${info.name}" claims ${info.originalSize} bytes uncompressed from ${info.size} compressed bytes, which is impossible; the archive is corrupt.`,
      );
    }
    total += info.originalSize;
    if (total > MAX_UNZIPPED_BYTES) {
      throw new FluxionError(`${where}: ${fileName} would expand to more than ${MAX_UNZIPPED_BYTES} bytes; refusing to read it.`);
    }
    return true;
  };
  try {
    return unzipSync(bytes, { filter });
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new FluxionError(`${where}: ${fileName} is not a readable zip archive (${msg}). The file may be truncated or corrupt.`);
  }
}
