/**
 * Downloading public dataset files into the cache (~/.fluxion/datasets by default), Keras's
 * get_file: streamed to a `.partial` file while a progress bar runs on stderr, checked against
 * the file's SHA-256, then renamed into place, so a cache never holds a cut or corrupted file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

export interface DownloadOptions {
  /** Expected SHA-256 (hex) of the file; a mismatch deletes the download and fails. */
  sha256?: string;
  /** Where progress goes (default: stderr); null for none. */
  progress?: ((line: string, done: boolean) => void) | null;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** One redrawn line: `  12.3/26.4 MB ━━━━━━━━━━──────────  47% 3.2 MB/s`. */
export function progressLine(received: number, total: number | null, seconds: number, width = 20): string {
  const rate = `${mb(received / Math.max(seconds, 1e-3))} MB/s`;
  if (total === null || total <= 0) return `  ${mb(received)} MB ${rate}`;
  const frac = Math.min(1, received / total);
  const filled = Math.round(frac * width);
  return `  ${mb(received)}/${mb(total)} MB ${'━'.repeat(filled)}${'─'.repeat(width - filled)} ${String(Math.round(frac * 100)).padStart(3)}% ${rate}`;
}

function stderrProgress(): (line: string, done: boolean) => void {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  return (line, done) => {
    const now = performance.now();
    if (tty && (done || now - last > 100)) {
      process.stderr.write(`\r${line}${done ? '\n' : ''}`);
      last = now;
    } else if (!tty && done) process.stderr.write(`${line}\n`);
  };
}

/** Downloads url to dest (creating folders); resolves when the file is complete and verified. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  const progress = options.progress === undefined ? stderrProgress() : options.progress;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`could not reach ${url} (${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))})`);
  }
  if (!res.ok || res.body === null) throw new Error(`${url} answered HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || null;
  const hash = createHash('sha256');
  const out = createWriteStream(partial);
  const started = performance.now();
  let received = 0;
  progress?.(`Downloading ${url}`, true);
  try {
    for await (const chunk of Readable.fromWeb(res.body)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      received += bytes.length;
      if (!out.write(bytes)) await new Promise<void>((r) => out.once('drain', () => r()));
      progress?.(progressLine(received, total, (performance.now() - started) / 1000), false);
    }
    out.end();
    await finished(out);
  } catch (e) {
    out.destroy();
    rmSync(partial, { force: true });
    throw new Error(`the download of ${url} failed after ${received} bytes (${e instanceof Error ? e.message : String(e)})`);
  }
  progress?.(progressLine(received, total, (performance.now() - started) / 1000), true);
  const digest = hash.digest('hex');
  if (options.sha256 && digest !== options.sha256.toLowerCase()) {
    rmSync(partial, { force: true });
    throw new Error(`the file downloaded from ${url} has SHA-256 ${digest}, but ${options.sha256} was expected (a corrupted download or a changed file); it was deleted`);
  }
  renameSync(partial, dest);
}

/** Whether dest exists (a leftover .partial does not count). */
export function isCached(dest: string): boolean {
  return existsSync(dest);
}
