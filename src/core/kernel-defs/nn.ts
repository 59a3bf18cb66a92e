/** Kernel definitions of the nn family: normalization and cross-entropy (see docs/adding-ops.md). */
import type { BinaryDef, UnaryDef } from '../kernels.js';

export interface InvStdAttrs {
  varianceEpsilon: number;
}

export interface LrnAttrs {
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

export interface WindowSumAttrs {
  depthRadius: number;
}

export interface SoftmaxCrossEntropyAttrs {
  /** The class axis (non-negative). */
  axis: number;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** 1 / sqrt(variance + varianceEpsilon), elementwise (batchNorm's inverse standard deviation). */
    batchNormInvStd: UnaryDef<InvStdAttrs>;
    /**
     * Local response normalization over the last axis:
     * y = x / (bias + alpha * sum over channels [c - r, c + r] of x^2) ^ beta.
     */
    lrn: UnaryDef<LrnAttrs>;
    /** Sum over the channel window [c - r, c + r] of the last axis (linear and self-adjoint). */
    lrnWindowSum: UnaryDef<WindowSumAttrs>;
    /**
     * (labels, logits), same shape and dtype -> [loss, logSoftmax(logits)]: loss sums
     * -labels * logSoftmax(logits) over `axis` (which it drops); logSoftmax keeps the input shape.
     */
    softmaxCrossEntropyWithLogits: BinaryDef<SoftmaxCrossEntropyAttrs>;
    /** (labels, logits), same shape and dtype: max(x, 0) - x * z + log(1 + exp(-|x|)). */
    sigmoidCrossEntropyWithLogits: BinaryDef;
  }
}
