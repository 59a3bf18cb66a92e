/**
 * Fuzz test of the TensorFlow.js loader: 2,000 mutated versions (bit flips, truncation, JSON field
 * mutations) of four valid model folders (one written by Fluxion, three by TensorFlow.js: an
 * LSTM with BatchNormalization, a compiled model with optimizer state, a nested model), loaded in
 * child processes in batches. Each must load or throw a FluxionError; no child may crash, no load
 * may take over 2 s, and no child may peak above 1 GB of memory.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as fx from '../../src/index.js';

const CASES = 2000;
const BATCHES = 4;
const WORKER = new URL('./tfjs-fuzz-worker.ts', import.meta.url).pathname;
const FIXTURES = ['embedding_lstm_bn', 'mlp', 'functional_nested'].map((f) => new URL(`../fixtures/tfjs/${f}/`, import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'fx-tfjs-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface WorkerReport {
  results: { i: number; kind: string; outcome: string; ms: number; message?: string }[];
  maxRssKb: number;
}

function runWorker(first: number, count: number, bases: string[]): Promise<{ code: number | null; signal: string | null; report: WorkerReport | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, join(dir, `w${first}`), String(first), String(count), ...bases], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      let report: WorkerReport | null = null;
      try {
        report = JSON.parse(line) as WorkerReport;
      } catch {
        report = null;
      }
      resolve({ code, signal, report, stderr: err });
    });
  });
}

describe('TensorFlow.js loader fuzz test', () => {
  it(`${CASES} mutated model folders each load or throw a FluxionError, within 2 s and 1 GB, without crashing`, { timeout: 240_000 }, async () => {
    const model = fx.sequential({
      layers: [
        fx.layers.conv1d({ filters: 3, kernelSize: 2, inputShape: [6, 3], name: 'fz_conv' }),
        fx.layers.batchNormalization({ name: 'fz_bn' }),
        fx.layers.lstm({ units: 4, name: 'fz_lstm' }),
        fx.layers.dense({ units: 2, activation: 'softmax', name: 'fz_out' }),
      ],
    });
    const base = join(dir, 'base');
    await model.save(`file://${base}`);
    const perBatch = CASES / BATCHES;
    const reports: WorkerReport[] = [];
    // Two children at a time (the test machine has two cores).
    for (let b = 0; b < BATCHES; b += 2) {
      const runs = await Promise.all([b, b + 1].map((k) => runWorker(k * perBatch, perBatch, [base, ...FIXTURES])));
      for (const run of runs) {
        assert.equal(run.signal, null, `a fuzz worker was killed by ${run.signal} (crash or hang); stderr: ${run.stderr.slice(-2000)}`);
        assert.equal(run.code, 0, `a fuzz worker exited with ${run.code}; stderr: ${run.stderr.slice(-2000)}`);
        assert.ok(run.report !== null, 'the worker reported its results');
        reports.push(run.report);
      }
    }
    const results = reports.flatMap((r) => r.results);
    assert.equal(results.length, CASES);
    const others = results.filter((r) => r.outcome === 'other-error');
    assert.deepEqual(others.slice(0, 5), [], `${others.length} cases threw something other than a FluxionError`);
    const slow = results.filter((r) => r.ms > 2000);
    assert.deepEqual(slow, [], 'no load takes over 2 s');
    for (const r of reports) assert.ok(r.maxRssKb < 1024 * 1024, `a worker peaked at ${Math.round(r.maxRssKb / 1024)} MB`);
    // The mutations must exercise both outcomes, or the test checks nothing.
    const loaded = results.filter((r) => r.outcome === 'loaded').length;
    const refused = results.filter((r) => r.outcome === 'fluxion-error').length;
    assert.ok(loaded > 50 && refused > 500, `loaded ${loaded}, refused ${refused}`);
    const kinds = new Set(results.map((r) => r.kind));
    assert.equal(kinds.size, 6);
    console.log(`fuzz: ${loaded} loaded, ${refused} refused with FluxionError; slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms; peak ${Math.max(...reports.map((r) => Math.round(r.maxRssKb / 1024)))} MB`);
  });
});
