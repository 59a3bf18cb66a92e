/**
 * fx.losses: TensorFlow.js's tf.losses functions (weighted, reduced: softmaxCrossEntropy,
 * meanSquaredError(labels, predictions, weights, reduction), ...) and Keras 3's loss classes.
 */
export * from '../ops/losses.js';
