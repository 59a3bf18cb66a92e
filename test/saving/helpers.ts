/** Shared helpers of the saving tests: temporary folders, weight randomization, output comparison. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fx from '../../src/index.js';

export function tempDir(prefix: string): { dir: string; path(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `fluxion-${prefix}-`));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Gives every weight new random values (positive for variances and counts), so a load that kept the old values shows. */
export function randomizeWeights(model: fx.Model, seed = 7): void {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (const w of model.weights) {
    const positive = /variance|count/.test(w.name);
    const n = w.size;
    const vals = Array.from({ length: n }, () => (positive ? 0.5 + next() : next() * 2 - 1));
    w.assign(fx.tensor(vals, [...w.shape], w.dtype));
  }
}

export function outputs(y: fx.Tensor | fx.Tensor[]): unknown {
  return Array.isArray(y) ? y.map((t) => t.arraySync()) : y.arraySync();
}
