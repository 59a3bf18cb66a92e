/**
 * Child process of atomic.test.ts: saves to one target over and over until it is killed.
 *   bytes <target> <a> <b>: writes the bytes of two real .keras saves alternately with
 *     writeFileAtomic, the writer model.save uses (fast to start, so 50 kills stay quick);
 *   model <target>: builds two models and calls model.save alternately (the whole path).
 * Prints "ready" once the first save is complete.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../src/utils/atomic.js';

const [mode, target, a, b] = process.argv.slice(2);

async function main(): Promise<void> {
  if (target === undefined) throw new Error('usage: kill-child.ts bytes|model <target> [a b]');
  if (mode === 'bytes') {
    const files = [readFileSync(a as string), readFileSync(b as string)];
    for (let i = 0; ; i++) {
      writeFileAtomic(target, files[i % 2] as Buffer);
      if (i === 0) process.stdout.write('ready\n');
    }
  }
  const { bigModel } = await import('./kill-models.js');
  const models = [bigModel(1), bigModel(2)];
  for (let i = 0; ; i++) {
    await (models[i % 2] as { save(p: string): Promise<unknown> }).save(target);
    if (i === 0) process.stdout.write('ready\n');
  }
}

void main();
