/** Ops of the image family (see docs/adding-ops.md). */
export {};
