/** Ops of the linalg-ns family (see docs/adding-ops.md). */
export {};
