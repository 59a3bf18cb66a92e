/** Optimizers (Keras 3 classes) — see the optimizers issue. */
export {};
