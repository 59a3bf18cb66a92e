/**
 * The in-process peers: Fluxion (cpu = native addon, js = reference backend), TensorFlow.js
 * (tfjs-core with the cpu and wasm backends) and onnxruntime-node.
 */
import { register } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import * as fx from '../../src/index.js';
import { errorMessage } from '../harness.js';

export { fx, ort, tf };

// TensorFlow.js registers its gradients from a module of its ES build that the Node.js bundle lacks
// (the @tensorflow/tfjs umbrella package imports it); peers/tfjs-esm-hooks.mjs lets Node load it.
register('./tfjs-esm-hooks.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');

/** Selects a Fluxion backend; returns why it cannot be used, or null. */
export async function useFluxion(backend: 'cpu' | 'js'): Promise<string | null> {
  if (!fx.registeredBackends().includes(backend)) {
    return backend === 'cpu' ? 'the native addon is not built or failed to load (run `node scripts/build-native.mjs`)' : 'not registered';
  }
  try {
    await fx.setBackend(backend);
  } catch (e) {
    return errorMessage(e);
  }
  return fx.getBackend() === backend ? null : `setBackend('${backend}') left ${fx.getBackend()} active`;
}

/** Describes the native backend: SIMD path, threads. */
export function fluxionConfig(): string {
  const info = fx.nativeInfo();
  return info ? `native addon: ${info.simd}, ${info.threads} threads (default ${info.defaultThreads})` : 'native addon unavailable';
}

/** The Fluxion cpu kernels that ran on js so far (the cpu backend's fallbacks). */
export function fluxionCpuFallbacks(): string[] {
  return fx.kernelFallbacks().filter((k) => k.startsWith('cpu/')).map((k) => k.slice(4));
}

let tfQuiet = false;
/** Selects a TensorFlow.js backend; returns why it cannot be used, or null. */
export async function useTf(backend: 'cpu' | 'wasm'): Promise<string | null> {
  const { warn, log } = console;
  if (!tfQuiet) {
    // tfjs-core suggests installing tfjs-node on first use in Node.js; not relevant here.
    const quiet = (orig: (...a: unknown[]) => void) => (...args: unknown[]): void => {
      const s = String(args[0]);
      if (!s.includes('tfjs-node') && !/^=+$/.test(s.trim())) orig(...args);
    };
    console.warn = quiet(warn);
    console.log = quiet(log);
  }
  try {
    const ok = await tf.setBackend(backend);
    await tf.ready();
    if (!ok || tf.getBackend() !== backend) return `tf.setBackend('${backend}') failed`;
    tf.tensor([1]).dataSync(); // the cpu backend's first write prints the tfjs-node hint: inside the quiet window
    return null;
  } catch (e) {
    return errorMessage(e);
  } finally {
    console.warn = warn;
    console.log = log;
    tfQuiet = true;
  }
}

export function tfVersion(): string {
  return `tfjs-core ${tf.version_core}`;
}

export function ortSessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
}

export function ortVersion(): string {
  return `onnxruntime-node ${ort.env.versions.node ?? '?'}`;
}
