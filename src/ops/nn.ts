/** Ops of the nn family (see docs/adding-ops.md). */
export {};
