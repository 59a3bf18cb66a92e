/**
 * Fuzz test: 2,000 mutated versions (bit flips, truncation, byte insertion and deletion, header
 * field mutations) of a valid file of each format (.keras, .weights.h5, legacy .h5, .safetensors)
 * are loaded in child processes. Each load must either succeed or throw a FluxionError; no child
 * may crash, no load may take 2 s or more, and no child may use 1 GB of memory (maxRSS).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { fuzzModel } from './fuzz-models.js';
import { tempDir } from './helpers.js';

const MUTANTS = 2000;
const BATCH = 500;
const PARALLEL = 2;
const CHILD = new URL('./fuzz-child.ts', import.meta.url).pathname;
const tmp = tempDir('fuzz');
after(() => tmp.remove());

interface Summary {
  loaded: number;
  fluxionError: number;
  others: string[];
  slowestMs: number;
  slow: [number, number][];
  maxRssKb: number;
  validStillLoads: boolean;
  validError: string;
}

interface Outcome {
  format: string;
  first: number;
  code: number | null;
  signal: string | null;
  summary: Summary | null;
  lastLines: string;
}

function runBatch(format: string, base: string, first: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, format, base, String(first), String(BATCH), tmp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    // A child that stops making progress (a hang outside the guarded parser) is killed and reported.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      let summary: Summary | null = null;
      try {
        summary = JSON.parse(out.trim().split('\n').pop() ?? '') as Summary;
      } catch {
        summary = null;
      }
      resolve({ format, first, code, signal, summary, lastLines: err.split('\n').slice(-4).join(' | ') });
    });
  });
}

describe('fuzz: mutated files load or throw a FluxionError', () => {
  test(`${MUTANTS} mutants of each format, in child processes`, { timeout: 600_000 }, async () => {
    const model = fuzzModel();
    await model.fit(fx.randomNormal([4, 4]), fx.randomNormal([4, 2]), { epochs: 1, verbose: 0 });
    const bases: Record<string, string> = {
      keras: tmp.path('base.keras'),
      weights: tmp.path('base.weights.h5'),
      legacy: tmp.path('base.h5'),
      safetensors: tmp.path('base.safetensors'),
    };
    await model.save(bases['keras'] as string);
    await model.saveWeights(bases['weights'] as string);
    await model.save(bases['legacy'] as string);
    await model.saveWeights(bases['safetensors'] as string);

    const jobs: [string, string, number][] = [];
    for (const [format, base] of Object.entries(bases)) for (let first = 0; first < MUTANTS; first += BATCH) jobs.push([format, base, first]);
    const outcomes: Outcome[] = [];
    const worker = async (): Promise<void> => {
      for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) outcomes.push(await runBatch(...job));
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    const totals: Record<string, { loaded: number; fluxionError: number; slowestMs: number; maxRssMb: number }> = {};
    for (const o of outcomes) {
      const where = `${o.format} mutants ${o.first}..${o.first + BATCH - 1}`;
      assert.equal(o.signal, null, `${where}: the child was killed by ${o.signal} (last progress: ${o.lastLines})`);
      assert.equal(o.code, 0, `${where}: the child exited with ${o.code} (last progress: ${o.lastLines})`);
      const s = o.summary;
      assert.ok(s !== null, `${where}: the child printed no summary (last progress: ${o.lastLines})`);
      assert.deepEqual(s.others, [], `${where}: loads ended in errors that are not FluxionErrors`);
      assert.equal(s.loaded + s.fluxionError, BATCH, `${where}: every mutant was loaded`);
      assert.ok(s.slowestMs < 2000, `${where}: a load took ${Math.round(s.slowestMs)} ms (slow mutants: ${JSON.stringify(s.slow)})`);
      assert.ok(s.maxRssKb < 1024 * 1024, `${where}: the child reached ${Math.round(s.maxRssKb / 1024)} MB`);
      assert.ok(s.validStillLoads, `${where}: after the corrupt files, the valid file no longer loads (${s.validError})`);
      const t = (totals[o.format] ??= { loaded: 0, fluxionError: 0, slowestMs: 0, maxRssMb: 0 });
      t.loaded += s.loaded;
      t.fluxionError += s.fluxionError;
      t.slowestMs = Math.max(t.slowestMs, Math.round(s.slowestMs));
      t.maxRssMb = Math.max(t.maxRssMb, Math.round(s.maxRssKb / 1024));
    }
    assert.deepEqual(Object.keys(totals).sort(), ['keras', 'legacy', 'safetensors', 'weights']);
    for (const [format, t] of Object.entries(totals)) {
      assert.equal(t.loaded + t.fluxionError, MUTANTS, format);
      // Most mutants must be refused (a fuzzer whose mutants all load would test nothing).
      assert.ok(t.fluxionError > MUTANTS / 2, `${format}: only ${t.fluxionError} of ${MUTANTS} mutants were refused`);
    }
    console.log(`fuzz totals: ${JSON.stringify(totals)}`);
  });
});
