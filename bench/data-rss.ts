/**
 * The bounded-memory check of the data benchmark, run in a child process of its own so that its
 * peak RSS is the pipeline's alone: `node --import tsx bench/data-rss.ts csv|tfrecord FILE`.
 * Iterates the whole file through shuffle(10000) and batch(256); prints JSON with the peak RSS.
 */
import { readFileSync, statSync } from 'node:fs';
import * as fx from '../src/index.js';
import { TFRECORD_SPEC } from './data-files.js';

/**
 * This process's peak RSS in MB. Linux's VmHWM belongs to the process image, whereas getrusage's
 * maxRSS survives exec: a child of a large process would report at least its parent's RSS.
 */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const [kind, path] = process.argv.slice(2);
// RSS once Fluxion and the TypeScript loader (tsx, about 45 MB of it) are loaded, before the pipeline runs.
const baselineRssMB = peakRssMB();
const t0 = performance.now();
let rows = 0;
let batches = 0;
if (kind === 'csv') {
  const ds = fx.data.csv(path as string).shuffle(10000, 1).batch(256);
  for await (const b of ds) {
    rows += (b['label'] as fx.Tensor).shape[0] ?? 0;
    batches++;
  }
} else {
  const ds = fx.data
    .tfrecord(path as string)
    .map((r) => fx.data.parseExample(r, TFRECORD_SPEC) as { x: fx.Tensor; label: fx.Tensor })
    .shuffle(10000, 1)
    .batch(256);
  for await (const b of ds) {
    rows += b.x.shape[0] ?? 0;
    batches++;
  }
}
const seconds = (performance.now() - t0) / 1000;
const bytes = statSync(path as string).size;
console.log(JSON.stringify({ kind, bytes, rows, batches, seconds, mbPerSecond: bytes / 1e6 / seconds, peakRssMB: peakRssMB(), baselineRssMB }));
