/**
 * Loads the native addon (build/Release/fluxion.node, built by `npm install`). This file is the
 * FFI boundary: the addon's functions are typed here and in each kernel family's module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeInfo {
  simd: 'avx2+fma' | 'portable';
  threads: number;
  defaultThreads: number;
  /** Whether the addon raised glibc's mmap and trim thresholds (FLUXION_MALLOC_TUNING=0 turns it off). */
  mallocTuned: boolean;
}

/** The functions every build of the addon has; kernel families declare their own. */
export interface NativeCore {
  info(): NativeInfo;
  setNumThreads(n: number): number;
}

export type LoadResult = { ok: true; addon: NativeCore } | { ok: false; reason: string };

let cached: LoadResult | null = null;

function rootPath(rel: string): string {
  // src/backends/cpu/native.ts and dist/backends/cpu/native.js are both three levels below the root.
  return fileURLToPath(new URL(`../../../${rel}`, import.meta.url));
}

/** Loads the addon once; FLUXION_NATIVE_PATH overrides its location (e.g. a sanitizer build). */
export function loadNative(): LoadResult {
  if (cached) return cached;
  const path = process.env['FLUXION_NATIVE_PATH'] ?? rootPath('build/Release/fluxion.node');
  if (process.env['FLUXION_DISABLE_NATIVE']) {
    cached = { ok: false, reason: 'FLUXION_DISABLE_NATIVE is set' };
  } else if (!existsSync(path)) {
    const errorFile = rootPath('build/native-build-error.txt');
    const detail = existsSync(errorFile) ? `the build failed: ${readFileSync(errorFile, 'utf8').trim().split('\n').slice(-3).join(' | ')}` : 'it was not built (run `npm install` or `node scripts/build-native.mjs`)';
    cached = { ok: false, reason: `${path} is missing: ${detail}` };
  } else {
    try {
      const require = createRequire(import.meta.url);
      cached = { ok: true, addon: require(path) as NativeCore };
    } catch (e) {
      cached = { ok: false, reason: `loading ${path} failed: ${(e as Error).message}` };
    }
  }
  return cached;
}

/** The addon typed as a kernel family's view of it. Only called once loadNative() succeeded. */
export function nativeAs<T>(): T {
  const r = loadNative();
  if (!r.ok) throw new Error(`fluxion: the native addon is not loaded (${r.reason})`);
  return r.addon as unknown as T;
}
