/**
 * Atomic writes under SIGKILL: a child process saves to one file over and over; the parent kills
 * it at random moments, 50 times (plus a few kills of a child running the whole model.save
 * path). After every kill the file must be one of the two complete saves (same bytes, loads and
 * predicts one of the two known outputs); temporary files never replace it and are cleaned up by
 * the next save.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { tempPrefix, writeFileAtomic } from '../../src/utils/atomic.js';
import { outputs, tempDir } from './helpers.js';
import { bigModel, probe } from './kill-models.js';

const tmp = tempDir('atomic');
after(() => tmp.remove());
const CHILD = new URL('./kill-child.ts', import.meta.url).pathname;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts the child, waits for its first complete save, lets it run `ms` more, then SIGKILLs it. */
async function runAndKill(args: string[], ms: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
    child.on('exit', () => reject(new Error('the child exited before its first save')));
  });
  await sleep(ms);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

function temps(target: string): string[] {
  const prefix = tempPrefix(target);
  return readdirSync(tmp.dir).filter((n) => n.startsWith(prefix));
}

describe('atomic saves under SIGKILL', () => {
  test('50 kills at random moments: the file is always the old or the new complete save', { timeout: 120_000 }, async () => {
    const [ma, mb] = [bigModel(1), bigModel(2)];
    const x = probe();
    const known = [outputs(ma.predict(x)), outputs(mb.predict(x))];
    assert.notDeepEqual(known[0], known[1]);
    const fileA = tmp.path('a.keras');
    const fileB = tmp.path('b.keras');
    await ma.save(fileA);
    await mb.save(fileB);
    const bytes = [readFileSync(fileA), readFileSync(fileB)];
    const target = tmp.path('target.keras');
    await ma.save(target);

    let sawTemp = 0;
    let loads = 0;
    const check = async (i: number, sameBytes: boolean): Promise<void> => {
      assert.ok(existsSync(target), `kill ${i}: the target file is gone`);
      const now = readFileSync(target);
      // (A model.save child writes a new date into metadata.json, so only the bytes children's files compare byte for byte.)
      if (sameBytes) assert.ok(now.equals(bytes[0] as Buffer) || now.equals(bytes[1] as Buffer), `kill ${i}: the target is neither complete save (${now.length} bytes)`);
      const left = temps(target);
      if (left.length > 0) sawTemp++;
      assert.ok(left.length <= 2, `kill ${i}: stale temporary files pile up: ${left.join(', ')}`);
      if (i % 5 === 0 || !sameBytes) {
        const loaded = await fx.models.loadModel(target);
        const y = outputs(loaded.predict(x));
        assert.ok(known.some((k) => JSON.stringify(k) === JSON.stringify(y)), `kill ${i}: the loaded model predicts neither known output`);
        loads++;
      }
    };
    for (let i = 0; i < 50; i++) {
      await runAndKill(['bytes', target, fileA, fileB], Math.floor(Math.random() * 40));
      await check(i, true);
    }
    for (let i = 50; i < 53; i++) {
      await runAndKill(['model', target], Math.floor(Math.random() * 300));
      await check(i, false);
    }
    assert.ok(sawTemp > 0, 'no kill landed during a write (no temporary file was ever left), so the test did not exercise a torn write');
    assert.ok(loads >= 10);
    // The next save removes the temporary files that killed writers left behind.
    writeFileAtomic(target, bytes[0] as Buffer);
    assert.deepEqual(temps(target), []);
  });
});
