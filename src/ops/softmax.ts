/** Ops of the softmax family (see docs/adding-ops.md). */
export {};
