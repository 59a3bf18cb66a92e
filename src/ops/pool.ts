/** Ops of the pool family (see docs/adding-ops.md). */
export {};
