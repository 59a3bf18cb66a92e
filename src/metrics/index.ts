/** Metrics: Keras 3 stateful classes and TensorFlow.js's functional metrics. */
export {};
