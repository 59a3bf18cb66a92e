/**
 * getFile: Keras's keras.utils.get_file. Returns the cached copy of a public file, downloading it
 * first (with a progress bar and a SHA-256 check) when the cache lacks it. Synchronous, as the
 * loaders that use it: the download runs in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluxionError } from '../core/errors.js';

export interface GetFileOptions {
  /** Expected SHA-256 of the file. */
  fileHash?: string;
  /** Cache root (default: FLUXION_DATA_DIR, else ~/.fluxion/datasets). */
  cacheDir?: string;
  /** Sub-folder of the cache root. */
  cacheSubdir?: string;
  /** Print the progress bar (default true). */
  progress?: boolean;
}

/** The folder downloads go to: FLUXION_DATA_DIR if set, else ~/.fluxion/datasets. */
export function cacheRoot(): string {
  return process.env['FLUXION_DATA_DIR'] || join(homedir(), '.fluxion', 'datasets');
}

/** Runs the download in a child process; throws an Error with the reason when it fails. */
export function downloadSync(url: string, dest: string, sha256: string | undefined, progress = true): void {
  const here = import.meta.url;
  const cli = fileURLToPath(new URL(here.endsWith('.ts') ? './download-cli.ts' : './download-cli.js', here));
  // From TypeScript sources (tests, examples) the child needs tsx's loader too.
  const args = here.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), cli] : [cli];
  const child = spawnSync(process.execPath, [...args, url, dest, sha256 ?? ''], {
    stdio: ['ignore', 'pipe', progress ? 'inherit' : 'ignore'],
    encoding: 'utf8',
  });
  const last = child.stdout?.trim().split('\n').at(-1) ?? '';
  let result: { ok: boolean; error?: string } = { ok: false, error: `the download process failed (${child.error?.message ?? `exit code ${child.status}`})` };
  try {
    if (last) result = JSON.parse(last) as typeof result;
  } catch {
    // keep the generic failure
  }
  if (!result.ok) throw new Error(result.error ?? 'the download failed');
}

/** The path of fname in the cache, downloaded from origin first if it is not there. */
export function getFile(fname: string, origin: string, options: GetFileOptions = {}): string {
  const dir = join(options.cacheDir ?? cacheRoot(), options.cacheSubdir ?? '');
  const dest = join(dir, fname);
  if (existsSync(dest)) return dest;
  try {
    downloadSync(origin, dest, options.fileHash, options.progress ?? true);
  } catch (e) {
    throw new FluxionError(`getFile: ${fname} is not in ${dir} and ${e instanceof Error ? e.message : String(e)}.`);
  }
  return dest;
}
