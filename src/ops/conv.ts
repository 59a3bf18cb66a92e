/** Ops of the conv family (see docs/adding-ops.md). */
export {};
