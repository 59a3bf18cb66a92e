/** Kernels every op family relies on: cast, identity, reshape. */
import type { DType } from '../dtype.js';
import type { UnaryDef } from '../kernels.js';

export interface CastAttrs {
  dtype: DType;
}
export interface ReshapeAttrs {
  shape: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    cast: UnaryDef<CastAttrs>;
    identity: UnaryDef;
    reshape: UnaryDef<ReshapeAttrs>;
  }
}
