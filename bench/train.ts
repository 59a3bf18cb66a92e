import type { BenchOptions, BenchResult } from './harness.js';
export async function runTrain(_o: BenchOptions): Promise<BenchResult> { throw new Error('todo'); }
