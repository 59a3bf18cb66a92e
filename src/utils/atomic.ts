/**
 * Atomic file writes: the data goes to a temporary file in the target's folder, is fsync'ed, and
 * is renamed over the target (rename is atomic on POSIX file systems), then the folder is fsync'ed
 * so the rename itself survives a crash. A reader therefore sees either the old complete file or
 * the new complete file, never a mix, whenever the writer is killed.
 *
 * Temporary files are named `<target>.fluxion-tmp-<pid>-<counter>`; a writer killed mid-save
 * leaves one behind, so each save first removes the stale ones of dead processes.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TMP_MARK = '.fluxion-tmp-';
let counter = 0;

/** The temporary-file prefix of `path` (the names a save of `path` may leave behind when killed). */
export function tempPrefix(path: string): string {
  return `${basename(path)}${TMP_MARK}`;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files that an earlier, killed save of `path` left behind (not those of live writers). */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(path);
  const prefix = tempPrefix(path);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Another process removed it first.
    }
  }
  return removed;
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** Writes `data` to `path` atomically: a temporary file beside it, fsync, rename, fsync of the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(path);
  const tmp = join(dir, `${tempPrefix(path)}${process.pid}-${counter++}`);
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing to clean.
    }
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some file systems do not allow fsync on a folder; the rename is still atomic.
  }
}
