import type { BenchOptions, BenchResult } from './harness.js';
export async function runInfer(_o: BenchOptions): Promise<BenchResult> { throw new Error('todo'); }
