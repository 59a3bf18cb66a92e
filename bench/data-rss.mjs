/**
 * The bounded-memory check of the data benchmark, run in a child process of its own so that its
 * peak RSS is the pipeline's alone:
 *   node bench/data-rss.mjs csv|tfrecord FILE ENTRY SPEC_JSON
 * ENTRY is Fluxion's module: the compiled dist/index.js (what a program using the package runs;
 * plain JavaScript, so no TypeScript loader inflates the RSS), or src/index.ts under tsx.
 * Iterates the whole file through shuffle(10000) and batch(256); prints JSON with the peak RSS.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

/**
 * This process's peak RSS in MB. Linux's VmHWM belongs to the process image, whereas getrusage's
 * maxRSS survives exec: a child of a large process would report at least its parent's RSS.
 */
function peakRssMB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const [kind, path, entry, specJson] = process.argv.slice(2);
const fx = await import(pathToFileURL(entry).href);
// RSS once Fluxion is loaded, before the pipeline runs.
const baselineRssMB = peakRssMB();
const t0 = performance.now();
let rows = 0;
let batches = 0;
if (kind === 'csv') {
  const ds = fx.data.csv(path).shuffle(10000, 1).batch(256);
  for await (const b of ds) {
    rows += b.label.shape[0] ?? 0;
    batches++;
  }
} else {
  const spec = JSON.parse(specJson);
  const ds = fx.data
    .tfrecord(path)
    .map((r) => fx.data.parseExample(r, spec))
    .shuffle(10000, 1)
    .batch(256);
  for await (const b of ds) {
    rows += b.x.shape[0] ?? 0;
    batches++;
  }
}
const seconds = (performance.now() - t0) / 1000;
const bytes = statSync(path).size;
console.log(JSON.stringify({ kind, bytes, rows, batches, seconds, mbPerSecond: bytes / 1e6 / seconds, peakRssMB: peakRssMB(), baselineRssMB }));
