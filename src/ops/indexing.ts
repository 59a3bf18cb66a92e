/** Ops of the indexing family (see docs/adding-ops.md). */
export {};
