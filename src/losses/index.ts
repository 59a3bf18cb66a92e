/**
 * fx.losses: TensorFlow.js's tf.losses functions (weighted, reduced: softmaxCrossEntropy,
 * meanSquaredError(labels, predictions, weights, reduction), ...) and Keras 3's per-sample loss
 * functions (meanAbsoluteError, binaryCrossentropy, sparseCategoricalCrossentropy, ...) and loss
 * classes (Loss, MeanSquaredError, BinaryCrossentropy, ...), with get() resolving names.
 * Keras's per-sample mean squared error is fx.metrics.meanSquaredError (fx.losses.meanSquaredError
 * is TensorFlow.js's weighted, reduced loss).
 */
export * from '../ops/losses.js';
export {
  binaryCrossentropy,
  binaryFocalCrossentropy,
  type BinaryFocalOptions,
  categoricalCrossentropy,
  categoricalHinge,
  cosineSimilarity,
  hinge,
  huber,
  klDivergence,
  kld,
  kullbackLeiblerDivergence,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  poisson,
  sparseCategoricalCrossentropy,
  squaredHinge,
} from './functions.js';
export {
  BinaryCrossentropy,
  type BinaryCrossentropyOptions,
  BinaryFocalCrossentropy,
  type BinaryFocalCrossentropyOptions,
  CategoricalCrossentropy,
  type CategoricalCrossentropyOptions,
  CategoricalHinge,
  CosineSimilarity,
  type CosineSimilarityOptions,
  get,
  Hinge,
  Huber,
  type HuberOptions,
  KLDivergence,
  LogCosh,
  Loss,
  type LossConfig,
  type LossFn,
  LossFunctionWrapper,
  type LossIdentifier,
  lossNames,
  type LossOptions,
  type LossReduction,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  Poisson,
  serialize,
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
  SquaredHinge,
} from './classes.js';
