#!/usr/bin/env node
// Builds the native `cpu` backend (C++17, node-gyp) during `npm install`. A failed build does not
// fail the install: Fluxion then runs on its pure-TypeScript `js` backend and says why once, with
// the compiler's last lines saved in build/native-build-error.txt.
// Usage: node scripts/build-native.mjs [--asan] [--debug]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';

function findNodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (which) {
    const bundled = join(dirname(realpathSync(which)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) return bundled;
  }
  return null;
}

const args = process.argv.slice(2);
const asan = args.includes('--asan');
const errorFile = join('build', 'native-build-error.txt');
const nodeGyp = findNodeGyp();
mkdirSync('build', { recursive: true });
if (existsSync(errorFile)) rmSync(errorFile);
if (!nodeGyp) {
  writeFileSync(errorFile, 'node-gyp was not found (it ships with npm).\n');
  console.warn('fluxion: node-gyp not found; the native cpu backend is not built (the js backend will be used).');
  process.exit(0);
}
const gypArgs = ['rebuild', '-j', String(availableParallelism())];
// Build against the headers of the running Node.js when they are installed beside it (no download).
const prefix = dirname(dirname(process.execPath));
const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null);
if (nodedir) gypArgs.push(`--nodedir=${nodedir}`);
if (args.includes('--debug') || asan) gypArgs.push('--debug');
// (Node's own config.gypi defines 'asan', so the project's switch has its own name.)
if (asan) gypArgs.push('--', '-Dfluxion_asan=1');
const started = Date.now();
const result = spawnSync(process.execPath, [nodeGyp, ...gypArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (result.status !== 0) {
  const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
  mkdirSync('build', { recursive: true });
  writeFileSync(errorFile, `${tail}\n`);
  console.warn(`fluxion: building the native cpu backend failed; the js backend will be used. Details: ${errorFile}\n${tail}`);
  process.exit(asan ? 1 : 0);
}
console.log(`fluxion: built the native cpu backend${asan ? ' (AddressSanitizer + UBSan)' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
