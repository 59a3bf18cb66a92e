#!/usr/bin/env node
// `npm run test:asan`: builds the native addon with AddressSanitizer + UndefinedBehaviorSanitizer
// in a scratch copy (so the release build in build/ is untouched) and runs the conformance suite
// and the cpu-backend tests against it. Any sanitizer report fails the run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'fluxion-asan-'));
const keep = process.argv.includes('--keep');
try {
  cpSync(join(root, 'binding.gyp'), join(work, 'binding.gyp'));
  cpSync(join(root, 'native'), join(work, 'native'), { recursive: true });
  cpSync(join(root, 'scripts', 'build-native.mjs'), join(work, 'scripts', 'build-native.mjs'));
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  const build = spawnSync(process.execPath, ['scripts/build-native.mjs', '--asan'], { cwd: work, stdio: 'inherit' });
  const addon = join(work, 'build', 'Debug', 'fluxion.node');
  if (build.status !== 0 || !existsSync(addon)) {
    console.error('test:asan: the sanitizer build failed');
    process.exit(1);
  }
  // The addon must really be instrumented: it references the ASan and UBSan runtimes.
  const symbols = spawnSync('nm', ['-D', addon], { encoding: 'utf8' }).stdout ?? '';
  if (!symbols.includes('__asan_report_') || !symbols.includes('__ubsan_handle_')) {
    console.error('test:asan: the sanitizer build is not instrumented (no __asan_report_/__ubsan_handle_ references)');
    process.exit(1);
  }
  const libasan = spawnSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
  const libubsan = spawnSync('g++', ['-print-file-name=libubsan.so'], { encoding: 'utf8' }).stdout.trim();
  const files = ['test/conformance/conformance.test.ts', 'test/backends'].filter((f) => existsSync(f));
  const env = {
    ...process.env,
    FLUXION_NATIVE_PATH: addon,
    LD_PRELOAD: [libasan, libubsan].join(' '),
    // V8 and Node keep allocations alive until exit by design: leak checking is off; every other
    // ASan check is on, and UBSan reports abort the process (-fno-sanitize-recover=undefined).
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  };
  const run = (extra) =>
    spawnSync(process.execPath, ['scripts/run-tests.mjs', ...files], { stdio: 'inherit', env: { ...env, ...extra } }).status ?? 1;
  const status = run({});
  if (status !== 0) {
    console.error('test:asan: tests failed under the sanitizers');
    process.exit(status);
  }
  console.log('test:asan: conformance suite clean under AddressSanitizer and UndefinedBehaviorSanitizer.');
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
