/** TensorFlow.js's tf.train factories. */
export {};
