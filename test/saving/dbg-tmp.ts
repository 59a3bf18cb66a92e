import { readFileSync, writeFileSync } from 'node:fs';
import * as fx from '../../src/index.js';
import { mutate } from './fuzz-mutate.js';
const valid = new Uint8Array(readFileSync('/tmp/fz/base.h5'));
writeFileSync('/tmp/fz/m20.h5', mutate(valid, 'legacy', 20));
void (async () => {
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    try { await fx.models.loadModel('/tmp/fz/m20.h5'); } catch (e) { console.log(String(e).slice(0, 200)); }
    console.log('ms', performance.now() - t0);
  }
})();
