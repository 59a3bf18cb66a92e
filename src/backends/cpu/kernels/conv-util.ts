/** Helpers shared by the cpu backend's conv and pooling kernel modules. */
import type { Kernel, KernelName, KernelTable } from '../../../core/kernels.js';

/** The js kernel that a native kernel falls back to for the dtypes it does not handle. */
export function jsKernel<K extends KernelName>(table: KernelTable, name: K): Kernel<K> {
  const k = table[name];
  if (!k) throw new Error(`fluxion: the js backend has no ${name} kernel`);
  return k as Kernel<K>;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
