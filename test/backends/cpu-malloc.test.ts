/** The addon's malloc tuning (native/src/addon.cc): on by default with glibc, off with FLUXION_MALLOC_TUNING=0. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import * as fx from '../../src/index.js';

const glibc = process.platform === 'linux' && (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined;
// Under AddressSanitizer (npm run test:asan preloads libasan) malloc is ASan's, which has no such settings.
const asan = (process.env['LD_PRELOAD'] ?? '').includes('libasan');
const info = fx.nativeInfo();

test('glibc keeps large freed blocks in the heap (raised mmap/trim thresholds), and FLUXION_MALLOC_TUNING=0 turns it off', { skip: info === null ? 'the native addon is not built' : false }, () => {
  const expected = glibc && !asan;
  assert.equal(info?.mallocTuned, expected, `mallocTuned on ${glibc ? 'glibc' : 'a non-glibc libc'}${asan ? ' under ASan' : ''}`);
  assert.equal(fx.env().backendInfo['mallocTuned'], expected);
  const off = execFileSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/index.ts').then((fx) => console.log(JSON.stringify(fx.nativeInfo())))"], {
    env: { ...process.env, FLUXION_MALLOC_TUNING: '0' },
    encoding: 'utf8',
  });
  assert.equal((JSON.parse(off) as { mallocTuned: boolean }).mallocTuned, false);
});
