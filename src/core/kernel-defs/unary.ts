/**
 * Kernel definitions of the unary family (see docs/adding-ops.md). Every kernel maps each element
 * independently; the input is already in the dtype the op chose (float kernels receive floats).
 */
import type { UnaryDef } from '../kernels.js';

/** A scalar parameter of an activation (elu's alpha, leakyRelu's alpha, step's alpha). */
export interface AlphaAttrs {
  alpha: number;
}
export interface ClipByValueAttrs {
  clipValueMin: number;
  clipValueMax: number;
}
/** SELU constants (Klambauer et al. 2017), as in Keras and TensorFlow.js. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

export interface GeluAttrs {
  /** true: the tanh approximation; false: the exact erf form. */
  approximate: boolean;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    // numeric (int32 keeps int32)
    abs: UnaryDef;
    sign: UnaryDef;
    floor: UnaryDef;
    ceil: UnaryDef;
    /** Half to even. */
    round: UnaryDef;
    relu: UnaryDef;
    relu6: UnaryDef;
    clipByValue: UnaryDef<ClipByValueAttrs>;
    // float
    expm1: UnaryDef;
    log1p: UnaryDef;
    sqrt: UnaryDef;
    rsqrt: UnaryDef;
    reciprocal: UnaryDef;
    sin: UnaryDef;
    cos: UnaryDef;
    tan: UnaryDef;
    asin: UnaryDef;
    acos: UnaryDef;
    atan: UnaryDef;
    asinh: UnaryDef;
    acosh: UnaryDef;
    atanh: UnaryDef;
    sinh: UnaryDef;
    cosh: UnaryDef;
    erf: UnaryDef;
    softplus: UnaryDef;
    softsign: UnaryDef;
    selu: UnaryDef;
    elu: UnaryDef<AlphaAttrs>;
    leakyRelu: UnaryDef<AlphaAttrs>;
    /** 1 where x > 0, alpha elsewhere, NaN for NaN. */
    step: UnaryDef<AlphaAttrs>;
    gelu: UnaryDef<GeluAttrs>;
    // predicates (any dtype in, bool out)
    isNaN: UnaryDef;
    isFinite: UnaryDef;
    isInf: UnaryDef;
    /** bool in, bool out. */
    logicalNot: UnaryDef;
  }
}

export type { UnaryDef };
