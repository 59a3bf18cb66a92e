/** Fused kernels: a matrix product with its bias and activation applied in one pass. */
import type { KernelDef, KernelTensor } from '../kernels.js';

/** Activations a fused kernel applies itself (prelu is composed by the op). */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'sigmoid' | 'tanh';

export interface FusedMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation: FusedActivation;
  /** Slope of leakyrelu for negative inputs. */
  leakyreluAlpha: number;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /**
     * act(a·b + bias): inputs [a, b] or [a, b, bias] in one float dtype; a [...batchA, m, k] and b
     * [...batchB, k, n] as batchMatMul (transposes, broadcast batch dims); bias broadcasts against the
     * output [...batch, m, n]. elu has alpha 1.
     */
    fusedMatMul: KernelDef<readonly KernelTensor[], FusedMatMulAttrs>;
  }
}
