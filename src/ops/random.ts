/** Ops of the random family (see docs/adding-ops.md). */
export {};
