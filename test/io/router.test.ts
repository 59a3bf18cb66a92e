import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as fx from '../../src/index.js';

describe('io router', () => {
  it('sends save and load to the first matching route, and names what it accepts when none matches', async () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 2, inputShape: [3] })] });
    const saved: string[] = [];
    fx.io.registerSaveRoute({
      name: 'test-memory',
      kind: 'model',
      accepts: 'a string starting with mem://',
      matches: (t) => typeof t === 'string' && t.startsWith('mem://'),
      save: (model, target) => {
        saved.push(`${model.name}@${String(target)}`);
        return Promise.resolve({ format: 'test-memory', location: String(target) });
      },
    });
    fx.io.registerLoadRoute({
      name: 'test-memory',
      kind: 'model',
      accepts: 'a string starting with mem://',
      matches: (t) => typeof t === 'string' && t.startsWith('mem://'),
      load: () => Promise.resolve(m),
    });
    const res = await m.save('mem://a');
    assert.deepEqual(res, { format: 'test-memory', location: 'mem://a' });
    assert.deepEqual(saved, [`${m.name}@mem://a`]);
    assert.equal(await fx.models.loadModel('mem://a'), m);
    assert.equal(await fx.loadLayersModel('mem://a'), m);
    await assert.rejects(m.save(42), (e: Error) => {
      assert.ok(e instanceof fx.FluxionError);
      assert.match(e.message, /^Model\.save: cannot handle number 42; expected .*a string starting with mem:\/\//);
      return true;
    });
    await assert.rejects(m.loadWeights('x.unknown'), /^FluxionError: Model\.loadWeights: cannot handle the string "x\.unknown"; expected/);
  });
});
