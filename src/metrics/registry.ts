/** fx.metrics.get and resolveAccuracy: metric names (Keras and TensorFlow.js spellings) to instances. */
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Loss, type LossFn } from '../losses/classes.js';
import * as LF from '../losses/functions.js';
import { identifierGetter, snakeCase } from '../losses/util.js';
import * as C from './classes.js';
import * as X from './confusion.js';
import { MeanMetricWrapper, Metric, type MetricConfig, type MetricFn } from './metric.js';

type MetricClass = new (options: MetricConfig) => Metric;

const METRIC_CLASSES: Record<string, MetricClass> = {
  Accuracy: C.Accuracy,
  BinaryAccuracy: C.BinaryAccuracy,
  CategoricalAccuracy: C.CategoricalAccuracy,
  SparseCategoricalAccuracy: C.SparseCategoricalAccuracy,
  TopKCategoricalAccuracy: C.TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy: C.SparseTopKCategoricalAccuracy,
  MeanSquaredError: C.MeanSquaredError,
  RootMeanSquaredError: C.RootMeanSquaredError,
  MeanAbsoluteError: C.MeanAbsoluteError,
  MeanAbsolutePercentageError: C.MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError: C.MeanSquaredLogarithmicError,
  CosineSimilarity: C.CosineSimilarity,
  LogCoshError: C.LogCoshError,
  BinaryCrossentropy: C.BinaryCrossentropy,
  CategoricalCrossentropy: C.CategoricalCrossentropy,
  SparseCategoricalCrossentropy: C.SparseCategoricalCrossentropy,
  KLDivergence: C.KLDivergence,
  Poisson: C.Poisson,
  Hinge: C.Hinge,
  SquaredHinge: C.SquaredHinge,
  CategoricalHinge: C.CategoricalHinge,
  Precision: X.Precision,
  Recall: X.Recall,
  AUC: X.AUC,
  TruePositives: X.TruePositives,
  FalsePositives: X.FalsePositives,
  TrueNegatives: X.TrueNegatives,
  FalseNegatives: X.FalseNegatives,
  F1Score: X.F1Score,
  FBetaScore: X.FBetaScore,
};

/** snake_case names and Keras/TF.js short aliases -> class name. */
const METRIC_ALIASES: Record<string, string> = {
  accuracy: 'Accuracy',
  acc: 'Accuracy',
  binary_accuracy: 'BinaryAccuracy',
  categorical_accuracy: 'CategoricalAccuracy',
  sparse_categorical_accuracy: 'SparseCategoricalAccuracy',
  top_k_categorical_accuracy: 'TopKCategoricalAccuracy',
  sparse_top_k_categorical_accuracy: 'SparseTopKCategoricalAccuracy',
  mean_squared_error: 'MeanSquaredError',
  mse: 'MeanSquaredError',
  MSE: 'MeanSquaredError',
  root_mean_squared_error: 'RootMeanSquaredError',
  rmse: 'RootMeanSquaredError',
  mean_absolute_error: 'MeanAbsoluteError',
  mae: 'MeanAbsoluteError',
  MAE: 'MeanAbsoluteError',
  mean_absolute_percentage_error: 'MeanAbsolutePercentageError',
  mape: 'MeanAbsolutePercentageError',
  MAPE: 'MeanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'MeanSquaredLogarithmicError',
  msle: 'MeanSquaredLogarithmicError',
  MSLE: 'MeanSquaredLogarithmicError',
  cosine_similarity: 'CosineSimilarity',
  log_cosh_error: 'LogCoshError',
  logcosh: 'LogCoshError',
  binary_crossentropy: 'BinaryCrossentropy',
  bce: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  kl_divergence: 'KLDivergence',
  kullback_leibler_divergence: 'KLDivergence',
  kld: 'KLDivergence',
  poisson: 'Poisson',
  hinge: 'Hinge',
  squared_hinge: 'SquaredHinge',
  categorical_hinge: 'CategoricalHinge',
  precision: 'Precision',
  recall: 'Recall',
  auc: 'AUC',
  true_positives: 'TruePositives',
  false_positives: 'FalsePositives',
  true_negatives: 'TrueNegatives',
  false_negatives: 'FalseNegatives',
  f1_score: 'F1Score',
  fbeta_score: 'FBetaScore',
};

const metricGetter = identifierGetter<Metric, MetricConfig>({
  module: 'metrics',
  what: 'metric',
  baseName: 'Metric',
  classes: METRIC_CLASSES,
  aliases: METRIC_ALIASES,
  isInstance: (v): v is Metric => v instanceof Metric,
  wrap: (fn) => new MeanMetricWrapper(fn),
});

/** Every name fx.metrics.get accepts, sorted. */
export function metricNames(): string[] {
  return metricGetter.names();
}

export type MetricIdentifier = string | Metric | MetricFn | { className: string; config?: MetricConfig };

/**
 * Resolves a metric identifier to a Metric instance: a name ('accuracy', 'acc', 'mse', 'mae',
 * 'auc', 'precision', 'recall', 'binaryAccuracy', 'sparse_categorical_accuracy',
 * 'SparseCategoricalAccuracy', ...), a Metric (returned as is), a per-sample function (wrapped in
 * MeanMetricWrapper) or {className, config}. 'accuracy' alone gives exact-match Accuracy; a
 * training loop should use resolveAccuracy, which picks the accuracy that fits the loss.
 */
export function get(identifier: MetricIdentifier): Metric {
  return metricGetter.get(identifier);
}

/** Serializes a metric as {className, config}. */
export function serialize(metric: Metric): { className: string; config: MetricConfig } {
  return { className: metric.constructor.name, config: metric.getConfig() };
}

type LossKind = 'binary' | 'categorical' | 'sparse' | null;

function lossKind(loss: string | Loss | LossFn | null | undefined): LossKind {
  if (loss === null || loss === undefined) return null;
  if (typeof loss === 'function') {
    if (loss === LF.binaryCrossentropy || loss === LF.binaryFocalCrossentropy) return 'binary';
    if (loss === LF.categoricalCrossentropy) return 'categorical';
    if (loss === LF.sparseCategoricalCrossentropy) return 'sparse';
    return null;
  }
  const name = snakeCase(loss instanceof Loss ? loss.constructor.name : loss).replace(/_loss$/, '');
  if (['binary_crossentropy', 'bce', 'binary_focal_crossentropy', 'sigmoid_cross_entropy', 'log_loss'].includes(name)) return 'binary';
  if (['categorical_crossentropy', 'softmax_cross_entropy', 'categorical_focal_crossentropy'].includes(name)) return 'categorical';
  if (name === 'sparse_categorical_crossentropy') return 'sparse';
  return null;
}

/**
 * The accuracy metric for 'accuracy'/'acc' in a training loop (TensorFlow.js resolves it by the loss,
 * Keras 3 by the shapes): BinaryAccuracy when the output has one unit or the loss is a binary
 * cross-entropy; SparseCategoricalAccuracy for a sparse categorical cross-entropy (or, without a
 * telling loss, labels of shape [batch] / [batch, 1] against a wider output);
 * CategoricalAccuracy otherwise. The metric is named `name` (default 'accuracy').
 */
export function resolveAccuracy(
  loss: string | Loss | LossFn | null | undefined,
  outputShape: readonly (number | null)[],
  labelShape?: readonly (number | null)[] | null,
  name = 'accuracy',
): Metric {
  if (!Array.isArray(outputShape) || outputShape.length === 0) {
    throw new FluxionError(
      `resolveAccuracy: outputShape must be the model output's shape with at least one dimension (e.g. [null, 10]), but received ${
        Array.isArray(outputShape) ? fmtShape(outputShape as number[]) : describeValue(outputShape)
      }.`,
    );
  }
  const units = outputShape[outputShape.length - 1];
  const kind = lossKind(loss);
  if (units === 1 || kind === 'binary') return new C.BinaryAccuracy({ name });
  if (kind === 'sparse') return new C.SparseCategoricalAccuracy({ name });
  if (kind === 'categorical') return new C.CategoricalAccuracy({ name });
  if (labelShape) {
    const sparse =
      labelShape.length === outputShape.length - 1 ||
      (labelShape.length === outputShape.length && labelShape[labelShape.length - 1] === 1);
    if (sparse) return new C.SparseCategoricalAccuracy({ name });
  }
  return new C.CategoricalAccuracy({ name });
}
