/**
 * fx.metrics: Keras 3's stateful metric classes (Metric, Mean, MeanMetricWrapper, Accuracy,
 * BinaryAccuracy, ..., Precision, Recall, AUC, F1Score) and TensorFlow.js's functional metrics
 * (binaryAccuracy, categoricalAccuracy, precision, recall, meanSquaredError, cosineProximity, ...).
 * get(identifier) resolves names; resolveAccuracy picks the accuracy that fits a loss.
 */
export * from './functions.js';
export { Mean, MeanMetricWrapper, Metric, type MetricConfig, type MetricDType, type MetricFn, type MetricOptions, Sum } from './metric.js';
export {
  Accuracy,
  BinaryAccuracy,
  type BinaryAccuracyOptions,
  BinaryCrossentropy,
  CategoricalAccuracy,
  CategoricalCrossentropy,
  CategoricalHinge,
  CosineSimilarity,
  type CrossentropyMetricOptions,
  Hinge,
  KLDivergence,
  LogCoshError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  Poisson,
  RootMeanSquaredError,
  SparseCategoricalAccuracy,
  SparseCategoricalCrossentropy,
  SparseTopKCategoricalAccuracy,
  SquaredHinge,
  TopKCategoricalAccuracy,
  type TopKOptions,
} from './classes.js';
export {
  AUC,
  type AUCCurve,
  type AUCOptions,
  type AUCSummationMethod,
  F1Score,
  FalseNegatives,
  FalsePositives,
  type FBetaAverage,
  type FBetaOptions,
  FBetaScore,
  Precision,
  type PrecisionRecallOptions,
  Recall,
  type ThresholdOptions,
  TrueNegatives,
  TruePositives,
} from './confusion.js';
export { get, metricNames, resolveAccuracy, serialize, type MetricIdentifier } from './registry.js';
