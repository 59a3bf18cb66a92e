/** Ops of the losses family (see docs/adding-ops.md). */
export {};
