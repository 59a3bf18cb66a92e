/**
 * Child process of fuzz.test.ts: loads mutated versions of one valid file and reports, as one JSON
 * line, how each load ended. Arguments: <format> <base file> <first index> <count> <work dir>.
 * Mutant i is a pure function of (format, i), so a failure can be replayed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fx from '../../src/index.js';
import { mutate } from './fuzz-mutate.js';
import { fuzzModel } from './fuzz-models.js';

const [format, base, first, count, work] = process.argv.slice(2) as [string, string, string, string, string];
const ext = { keras: '.keras', weights: '.weights.h5', legacy: '.h5', safetensors: '.safetensors' }[format] as string;

async function loadOnce(path: string): Promise<void> {
  if (format === 'keras' || format === 'legacy') {
    const m = await fx.models.loadModel(path);
    m.predict(fx.ones([1, 4]));
  } else {
    await fuzzModel().loadWeights(path);
    if (format === 'safetensors') await fx.io.loadSafetensors(path);
  }
}

async function main(): Promise<void> {
  const valid = new Uint8Array(readFileSync(base));
  const path = join(work, `mutant-${format}-${process.pid}${ext}`);
  const counts = { loaded: 0, fluxionError: 0 };
  const others: string[] = [];
  let slowest = 0;
  const slow: [number, number][] = [];
  // Warm up (h5wasm's first compile, the first model build) so the timings below are the loads' own.
  writeFileSync(path, valid);
  await loadOnce(path);
  const start = Number(first);
  for (let i = start; i < start + Number(count); i++) {
    writeFileSync(path, mutate(valid, format, i));
    // Progress first, so a crash names the mutant that caused it.
    process.stderr.write(`mutant ${i}\n`);
    const t0 = performance.now();
    try {
      await loadOnce(path);
      counts.loaded++;
    } catch (e) {
      if (e instanceof fx.FluxionError) counts.fluxionError++;
      else others.push(`mutant ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (ms > 500) slow.push([i, Math.round(ms)]);
  }
  // The original file must still load after all the corrupt ones (a poisoned HDF5 module would fail here).
  writeFileSync(path, valid);
  let validStillLoads = true;
  let validError = '';
  try {
    await loadOnce(path);
  } catch (e) {
    validStillLoads = false;
    validError = String(e).slice(0, 300);
  }
  process.stdout.write(`${JSON.stringify({ ...counts, others, slowestMs: slowest, slow, maxRssKb: process.resourceUsage().maxRSS, validStillLoads, validError })}\n`);
}

void main();
