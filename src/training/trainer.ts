/**
 * compile / fit / evaluate / predict / trainOnBatch / testOnBatch / predictOnBatch, and the
 * overridable trainStep/testStep (Keras 3 style). Installed on every Model by src/training/index.ts.
 */
import { CallbackList, LambdaCallback, type Callback, type CallbackModel, type CustomCallbackArgs, type Logs } from '../callbacks/callback.js';
import { takeResumeEpoch } from '../callbacks/backup.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { tidy } from '../core/engine.js';
import { RandomSource, randomSource, setSeed } from '../core/random.js';
import { Tensor, Variable } from '../core/tensor.js';
import { GradientTape } from '../autodiff/index.js';
import { get as getLoss, type Loss, type LossIdentifier } from '../losses/index.js';
import { get as getMetric, Mean, type Metric, resolveAccuracy } from '../metrics/index.js';
import type { Model } from '../models/model.js';
import * as ops from '../ops/index.js';
import { get as getOptimizer, type Optimizer } from '../optimizers/index.js';
import type { Batch, BatchSource, EvaluateArgs, FitArgs, PredictArgs, StepData, TensorOrArrayOrMap } from './types.js';

export type MetricIdentifier = string | Metric;

export interface CompileArgs {
  optimizer: string | Optimizer;
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  metrics?: MetricIdentifier[] | Record<string, MetricIdentifier | MetricIdentifier[]>;
  lossWeights?: number[] | Record<string, number>;
}

/** The compiled state of a model. */
export interface Compiled {
  optimizer: Optimizer;
  losses: Loss[];
  lossNames: string[];
  lossWeights: number[];
  metrics: { output: number; metric: Metric; name: string }[];
  lossTracker: Mean;
  /** What compile was called with (saved as Keras's compile_config). */
  args: CompileArgs;
}

const compiledState = new WeakMap<Model, Compiled>();

export function getCompiled(model: Model, method: string): Compiled {
  const c = compiledState.get(model);
  if (c === undefined) {
    throw new FluxionError(
      `${method}: the model "${model.name}" must be compiled first: call model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}) before ${method}().`,
    );
  }
  return c;
}

export function isCompiled(model: Model): boolean {
  return compiledState.has(model);
}

function outputNames(model: Model): string[] {
  return model.isGraph() ? model.outputs.map((o) => o.sourceLayer.name) : ['output'];
}

function perOutput<T>(model: Model, what: string, value: T | T[] | Record<string, T>, fallback?: T): T[] {
  const names = outputNames(model);
  if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new FluxionError(`compile: ${what} has ${value.length} entries, but the model has ${names.length} outputs (${names.join(', ')}).`);
    }
    return value;
  }
  const isMap = value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && !('className' in value);
  if (isMap) {
    const map = value as Record<string, T>;
    for (const k of Object.keys(map)) {
      if (!names.includes(k)) throw new FluxionError(`compile: ${what} names output "${k}", but the model's outputs are: ${names.join(', ')}.`);
    }
    return names.map((n) => {
      const v = map[n] ?? fallback;
      if (v === undefined) throw new FluxionError(`compile: ${what} gives nothing for output "${n}".`);
      return v;
    });
  }
  return names.map(() => value as T);
}

export function compile(model: Model, args: CompileArgs): void {
  if (args === null || typeof args !== 'object') {
    throw new FluxionError(`compile: expected {optimizer, loss, metrics?}, but received ${describeValue(args)}.`);
  }
  if (args.loss === undefined || args.loss === null) {
    throw new FluxionError("compile: a loss is required, e.g. model.compile({optimizer: 'adam', loss: 'meanSquaredError'}).");
  }
  const optimizer = getOptimizer(args.optimizer);
  const lossIds = perOutput<LossIdentifier>(model, 'loss', args.loss as LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>);
  const losses = lossIds.map((id) => getLoss(id));
  const lossWeights = args.lossWeights === undefined ? losses.map(() => 1) : perOutput<number>(model, 'lossWeights', args.lossWeights, 1);
  const names = outputNames(model);
  const metrics: Compiled['metrics'] = [];
  if (args.metrics !== undefined) {
    const lists = Array.isArray(args.metrics)
      ? names.map(() => args.metrics as MetricIdentifier[])
      : names.map((n) => {
          const m = (args.metrics as Record<string, MetricIdentifier | MetricIdentifier[]>)[n] ?? [];
          return Array.isArray(m) ? m : [m];
        });
    lists.forEach((list, output) => {
      for (const id of list) {
        // 'accuracy' means binary, sparse or categorical accuracy depending on the loss and output (as Keras).
        const metric =
          typeof id === 'string' && ['accuracy', 'acc'].includes(id)
            ? resolveAccuracy(losses[output], outputShapeOf(model, output) ?? [null, null], null, id)
            : getMetric(id);
        const base = typeof id === 'string' ? id : metric.name;
        metrics.push({ output, metric, name: names.length > 1 ? `${names[output]}_${base}` : base });
      }
    });
  }
  compiledState.set(model, {
    optimizer,
    losses,
    lossNames: names.length > 1 ? names.map((n) => `${n}_loss`) : [],
    lossWeights,
    metrics,
    lossTracker: new Mean({ name: 'loss' }),
    args,
  });
}

function outputShapeOf(model: Model, output: number): (number | null)[] | null {
  return model.isGraph() ? [...(model.outputs[output]?.shape ?? [])] : null;
}

// ------------------------------------------------------------------ data

function toTensorList(model: Model, what: 'x' | 'y', data: TensorOrArrayOrMap, method: string): Tensor[] {
  if (data instanceof Tensor) return [data];
  if (Array.isArray(data)) {
    data.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new FluxionError(`${method}: ${what}[${i}] must be a Tensor, but is ${describeValue(t)}.`);
    });
    return data;
  }
  if (data !== null && typeof data === 'object') {
    const names = what === 'x' ? model.inputs.map((t) => t.sourceLayer.name) : outputNames(model);
    return names.map((n) => {
      const t = (data as Record<string, Tensor>)[n];
      if (!(t instanceof Tensor)) {
        throw new FluxionError(`${method}: ${what} has no tensor for "${n}"; expected keys: ${names.join(', ')}.`);
      }
      return t;
    });
  }
  throw new FluxionError(`${method}: ${what} must be a Tensor, an array of Tensors or an object of Tensors, but received ${describeValue(data)}.`);
}

function numSamples(list: Tensor[], what: string, method: string): number {
  const n = list[0]?.shape[0];
  if (n === undefined) throw new FluxionError(`${method}: ${what} must have a batch dimension (rank >= 1).`);
  for (const t of list) {
    if (t.shape[0] !== n) {
      throw new FluxionError(`${method}: all ${what} tensors must have the same number of samples, but they have ${list.map((x) => x.shape[0]).join(' and ')}.`);
    }
  }
  return n;
}

function takeRows(list: Tensor[], indices: Tensor | null, start: number, size: number): Tensor[] {
  return list.map((t) => (indices ? ops.gather(t, ops.slice(indices, [start], [size])) : ops.slice(t, start, size)));
}

/** Tensor data: a Tensor, an array of Tensors, or an object of Tensors. */
function isTensorData(v: unknown): boolean {
  if (v instanceof Tensor) return true;
  if (Array.isArray(v)) return v.length > 0 && v.every((t) => t instanceof Tensor);
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).length > 0 && Object.values(v).every((t) => t instanceof Tensor);
}

/** validationData's tuple form [x, y] or [x, y, sampleWeight] (as opposed to an array of batches). */
function isTupleData(v: unknown): boolean {
  return Array.isArray(v) && (v.length === 2 || v.length === 3) && isTensorData(v[0]) && isTensorData(v[1]);
}

/** A dataset, generator or array of batches (an array of Tensors is multi-input data instead). */
function isBatchSource(v: unknown): v is BatchSource {
  if (v === null || typeof v !== 'object' || v instanceof Tensor) return false;
  if (Array.isArray(v)) return v.length > 0 && v.every((b) => !(b instanceof Tensor) && b !== null && typeof b === 'object');
  return Symbol.asyncIterator in v || Symbol.iterator in v;
}

function unpackBatch(model: Model, batch: Batch, method: string): StepData {
  if (Array.isArray(batch)) {
    const [x, y, sw] = batch;
    return { x: toTensorList(model, 'x', x, method), y: y === undefined ? [] : toTensorList(model, 'y', y, method), sampleWeight: sw ?? null };
  }
  if (batch !== null && typeof batch === 'object' && 'xs' in batch) {
    return {
      x: toTensorList(model, 'x', batch.xs, method),
      y: batch.ys === undefined ? [] : toTensorList(model, 'y', batch.ys, method),
      sampleWeight: batch.sampleWeight ?? null,
    };
  }
  throw new FluxionError(`${method}: a dataset element must be {xs, ys} or [x, y], but received ${describeValue(batch)}.`);
}

async function* iterate(source: BatchSource): AsyncGenerator<Batch> {
  if (Symbol.asyncIterator in source) {
    for await (const b of source as AsyncIterable<Batch>) yield b;
  } else {
    for (const b of source as Iterable<Batch>) yield b;
  }
}

function classWeightsFor(y: Tensor, classWeight: Record<number, number>): Tensor {
  const labels = y.rank > 1 && (y.shape[y.rank - 1] ?? 1) > 1 ? ops.argMax(y, -1) : ops.reshape(ops.cast(y, 'int32'), [y.shape[0] ?? 0]);
  const values = Array.from(labels.dataSync(), (c) => classWeight[c] ?? 1);
  return ops.tensor(values, [values.length]);
}

/** Lets the event loop turn (timers, finalizers, TTY output) at most every 50 ms. */
let lastYield = 0;
async function maybeYield(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < 50) return;
  lastYield = now;
  await new Promise<void>((resolve) => setImmediate(resolve));
}

// ------------------------------------------------------------------ steps

/** Total loss: the compiled losses (weighted per output) plus the layers' regularization losses. */
export function computeLoss(model: Model, y: Tensor[], yPred: Tensor[], sampleWeight: Tensor | null): Tensor {
  const c = getCompiled(model, 'computeLoss');
  if (y.length !== c.losses.length) {
    throw new FluxionError(`computeLoss: the model has ${c.losses.length} outputs, but ${y.length} targets were given.`);
  }
  let total: Tensor | null = null;
  c.losses.forEach((loss, i) => {
    const l = ops.mul(loss.call(y[i] as Tensor, yPred[i] as Tensor, sampleWeight), c.lossWeights[i] ?? 1);
    total = total === null ? l : ops.add(total, l);
  });
  for (const r of model.losses) total = total === null ? r : ops.add(total, ops.cast(r, (total as Tensor).dtype));
  return total as unknown as Tensor;
}

function updateMetrics(model: Model, c: Compiled, loss: Tensor, y: Tensor[], yPred: Tensor[], sampleWeight: Tensor | null): Logs {
  c.lossTracker.updateState(loss);
  for (const m of c.metrics) m.metric.updateState(y[m.output] as Tensor, yPred[m.output] as Tensor, sampleWeight);
  return metricsResult(c);
}

function metricsResult(c: Compiled): Logs {
  const logs: Logs = { loss: c.lossTracker.result().dataSync()[0] as number };
  for (const m of c.metrics) logs[m.name] = m.metric.result().dataSync()[0] as number;
  return logs;
}

function resetMetrics(c: Compiled): void {
  tidy(() => resetMetricsNow(c));
}

function resetMetricsNow(c: Compiled): void {
  c.lossTracker.resetState();
  for (const m of c.metrics) m.metric.resetState();
}

function forward(model: Model, x: Tensor[], training: boolean): Tensor[] {
  const out = model.apply(x.length === 1 ? (x[0] as Tensor) : x, { training });
  return Array.isArray(out) ? out : [out];
}

/** The default training step: forward, loss, gradients, optimizer update, metrics. */
export function defaultTrainStep(model: Model, data: StepData): Logs {
  const c = getCompiled(model, 'fit');
  if (!model.built) forward(model, data.x, false);
  const vars: Variable[] = model.trainableWeights;
  if (vars.length === 0) {
    throw new FluxionError(`fit: the model "${model.name}" has no trainable weights (are all its layers frozen with trainable = false?).`);
  }
  const tape = new GradientTape({ watchAccessedVariables: false });
  tape.watch(...vars);
  let yPred: Tensor[];
  let loss: Tensor;
  try {
    yPred = forward(model, data.x, true);
    loss = computeLoss(model, data.y, yPred, data.sampleWeight);
  } catch (e) {
    tape.stop();
    throw e;
  }
  const grads = tape.gradient(loss, vars) as (Tensor | null)[];
  const pairs: Array<[Tensor, Variable]> = [];
  grads.forEach((g, i) => {
    if (g !== null) pairs.push([g, vars[i] as Variable]);
  });
  c.optimizer.applyGradients(pairs);
  model.applyConstraints();
  return updateMetrics(model, c, loss, data.y, yPred, data.sampleWeight);
}

/** The default test step: forward (inference mode), loss, metrics. */
export function defaultTestStep(model: Model, data: StepData): Logs {
  const c = getCompiled(model, 'evaluate');
  const yPred = forward(model, data.x, false);
  const loss = computeLoss(model, data.y, yPred, data.sampleWeight);
  return updateMetrics(model, c, loss, data.y, yPred, data.sampleWeight);
}

// ------------------------------------------------------------------ fit

function callbackModel(model: Model): CallbackModel {
  return model as unknown as CallbackModel;
}

function toCallbacks(cbs: FitArgs['callbacks']): Callback[] {
  if (cbs === undefined) return [];
  const list = Array.isArray(cbs) ? cbs : [cbs];
  return list.map((c) => (typeof (c as Callback).setModel === 'function' ? (c as Callback) : new LambdaCallback(c as CustomCallbackArgs)));
}

export async function fit(model: Model, x: TensorOrArrayOrMap | BatchSource, y: TensorOrArrayOrMap | undefined, args: FitArgs = {}): Promise<History> {
  const c = getCompiled(model, 'fit');
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new FluxionError(`fit: batchSize must be a positive integer, but received ${describeValue(args.batchSize)}.`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new FluxionError(`fit: epochs must be a positive integer, but received ${describeValue(args.epochs)}.`);
  const verbose = args.verbose === 'auto' || args.verbose === undefined ? 1 : args.verbose;
  const history = new History();
  const callbacks = new CallbackList([...(verbose > 0 ? [new ProgbarLogger(verbose)] : []), ...toCallbacks(args.callbacks), history]);
  callbacks.setModel(callbackModel(model));
  const stepper = model as unknown as { trainStep(d: StepData): Logs; stopTraining: boolean };
  stepper.stopTraining = false;

  // In-memory tensors: split, shuffle and batch here; a batch source is iterated as is.
  let trainX: Tensor[] = [];
  let trainY: Tensor[] = [];
  let trainW: Tensor | null = null;
  let valData: FitArgs['validationData'] = args.validationData;
  const source = isBatchSource(x) ? x : null;
  let samples = 0;
  if (source === null) {
    if (y === undefined) throw new FluxionError('fit: y (the targets) is required when x is a tensor.');
    trainX = toTensorList(model, 'x', x as TensorOrArrayOrMap, 'fit');
    trainY = toTensorList(model, 'y', y, 'fit');
    const nx = numSamples(trainX, 'x', 'fit');
    const ny = numSamples(trainY, 'y', 'fit');
    if (nx !== ny) {
      throw new FluxionError(`fit: x and y must have the same number of samples, but x has ${nx} and y has ${ny}.`);
    }
    trainW = args.sampleWeight ?? null;
    if (trainW && trainW.shape[0] !== nx) {
      throw new FluxionError(`fit: sampleWeight has ${trainW.shape[0]} entries, but x has ${nx} samples.`);
    }
    samples = nx;
    const split = args.validationSplit ?? 0;
    if (!(split >= 0 && split < 1)) throw new FluxionError(`fit: validationSplit must be in [0, 1), but received ${describeValue(split)}.`);
    if (split > 0) {
      const nVal = Math.floor(nx * split);
      const nTrain = nx - nVal;
      if (nVal === 0 || nTrain === 0) throw new FluxionError(`fit: validationSplit ${split} of ${nx} samples leaves an empty training or validation set.`);
      valData = [trainX.map((t) => ops.slice(t, nTrain, nVal)), trainY.map((t) => ops.slice(t, nTrain, nVal))];
      trainX = trainX.map((t) => ops.slice(t, 0, nTrain));
      trainY = trainY.map((t) => ops.slice(t, 0, nTrain));
      if (trainW) trainW = ops.slice(trainW, 0, nTrain);
      samples = nTrain;
    }
  } else if (args.validationSplit) {
    throw new FluxionError('fit: validationSplit needs in-memory tensors; with a dataset, pass validationData instead.');
  }
  const stepsPerEpoch = args.stepsPerEpoch ?? (source === null ? Math.ceil(samples / batchSize) : null);
  callbacks.setParams({ epochs, steps: stepsPerEpoch, verbose, batchSize, samples: source === null ? samples : null });
  // With a seed, each epoch's order depends only on (seed, epoch), so a fit resumed at
  // initialEpoch shuffles exactly as the uninterrupted run did.
  const unseededRng: RandomSource | null = args.seed === undefined ? randomSource() : null;
  const shuffleRngFor = (epoch: number): RandomSource => unseededRng ?? new RandomSource(epochSeed(args.seed as number, epoch));
  await callbacks.call('onTrainBegin');
  // BackupAndRestore may have restored a backup and asked to start after its last finished epoch.
  const startEpoch = takeResumeEpoch(model) ?? initialEpoch;
  for (let epoch = startEpoch; epoch < epochs && !stepper.stopTraining; epoch++) {
    resetMetrics(c);
    // With a seed, the epoch's other random draws (dropout, noise layers) also depend only on
    // (seed, epoch): the global generator is reset per epoch, so a resumed fit repeats them.
    if (args.seed !== undefined) setSeed(epochSeed(args.seed, epoch) ^ 0x5bd1e995);
    await callbacks.callIndexed('onEpochBegin', epoch);
    let logs: Logs = {};
    let step = 0;
    const runStep = async (data: StepData): Promise<void> => {
      await callbacks.callIndexed('onTrainBatchBegin', step);
      if (args.classWeight && data.y[0]) data.sampleWeight = classWeightsFor(data.y[0], args.classWeight);
      // The step's intermediates (activations, gradients, the optimizer's temporaries) are released when it
      // ends, so their buffers serve the next step instead of waiting for the garbage collector.
      logs = tidy(() => stepper.trainStep(data));
      await callbacks.callIndexed('onTrainBatchEnd', step, logs);
      step++;
      await maybeYield();
    };
    if (source === null) {
      const indices = args.shuffle === false ? null : ops.tensor(permutation(samples, shuffleRngFor(epoch)), [samples], 'int32');
      for (let start = 0; start < samples && (stepsPerEpoch === null || step < stepsPerEpoch) && !stepper.stopTraining; start += batchSize) {
        const size = Math.min(batchSize, samples - start);
        const data: StepData = tidy(() => ({
          x: takeRows(trainX, indices, start, size),
          y: takeRows(trainY, indices, start, size),
          sampleWeight: trainW ? (takeRows([trainW], indices, start, size)[0] as Tensor) : null,
        }));
        try {
          await runStep(data);
        } finally {
          // The batch was cut from the arrays for this step only (a slice of all the rows is the array itself).
          for (const t of [...data.x, ...data.y, ...(data.sampleWeight ? [data.sampleWeight] : [])]) {
            if (!trainX.includes(t) && !trainY.includes(t) && t !== trainW) t.dispose();
          }
        }
      }
      indices?.dispose();
    } else {
      for await (const batch of iterate(source)) {
        await runStep(unpackBatch(model, batch, 'fit'));
        if ((stepsPerEpoch !== null && step >= stepsPerEpoch) || stepper.stopTraining) break;
      }
    }
    const freq = args.validationFreq ?? 1;
    if (valData !== undefined && (epoch + 1 - startEpoch) % freq === 0) {
      const valLogs = await runEvaluation(model, valData, { batchSize: args.validationBatchSize ?? batchSize, steps: args.validationSteps });
      for (const [k, v] of Object.entries(valLogs)) logs[`val_${k}`] = v;
    }
    await callbacks.callIndexed('onEpochEnd', epoch, logs);
  }
  await callbacks.call('onTrainEnd');
  return history;
}

/** A seed for one epoch's shuffle, mixed from the fit seed and the epoch index. */
function epochSeed(seed: number, epoch: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

function permutation(n: number, rng: RandomSource): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

// ------------------------------------------------------------------ evaluate / predict

async function runEvaluation(
  model: Model,
  data: NonNullable<FitArgs['validationData']> | { x: TensorOrArrayOrMap; y: TensorOrArrayOrMap },
  args: EvaluateArgs,
): Promise<Logs> {
  const c = getCompiled(model, 'evaluate');
  resetMetrics(c);
  const stepper = model as unknown as { testStep(d: StepData): Logs };
  let logs: Logs = {};
  const batchSize = args.batchSize ?? 32;
  if (!isTupleData(data) && isBatchSource(data)) {
    let step = 0;
    for await (const batch of iterate(data)) {
      logs = tidy(() => stepper.testStep(unpackBatch(model, batch, 'evaluate')));
      step++;
      if (args.steps !== undefined && step >= args.steps) break;
    }
    return logs;
  }
  const tuple = data as [TensorOrArrayOrMap, TensorOrArrayOrMap, Tensor?] | { x: TensorOrArrayOrMap; y: TensorOrArrayOrMap };
  const [x, y, w] = Array.isArray(tuple) ? tuple : [tuple.x, tuple.y, undefined];
  const xs = toTensorList(model, 'x', x, 'evaluate');
  const ys = toTensorList(model, 'y', y as TensorOrArrayOrMap, 'evaluate');
  const n = numSamples(xs, 'x', 'evaluate');
  const ny = numSamples(ys, 'y', 'evaluate');
  if (n !== ny) throw new FluxionError(`evaluate: x and y must have the same number of samples, but x has ${n} and y has ${ny}.`);
  const sw = (w as Tensor | undefined) ?? args.sampleWeight ?? null;
  for (let start = 0, step = 0; start < n && (args.steps === undefined || step < args.steps); start += batchSize, step++) {
    const size = Math.min(batchSize, n - start);
    logs = tidy(() => stepper.testStep({ x: takeRows(xs, null, start, size), y: takeRows(ys, null, start, size), sampleWeight: sw ? ops.slice(sw, start, size) : null }));
    await maybeYield();
  }
  return logs;
}

/** evaluate(x, y): the loss and metrics, as scalar tensors (TensorFlow.js returns a scalar or a list). */
export async function evaluateAsync(model: Model, x: TensorOrArrayOrMap | BatchSource, y?: TensorOrArrayOrMap, args: EvaluateArgs = {}): Promise<Tensor | Tensor[]> {
  const logs = await runEvaluation(model, isBatchSource(x) ? x : { x, y: y as TensorOrArrayOrMap }, args);
  const values = Object.values(logs).map((v) => ops.scalar(v));
  return values.length === 1 ? (values[0] as Tensor) : values;
}

/** Synchronous evaluate on in-memory tensors (TensorFlow.js's model.evaluate). */
export function evaluate(model: Model, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args: EvaluateArgs = {}): Tensor | Tensor[] {
  const c = getCompiled(model, 'evaluate');
  resetMetrics(c);
  const stepper = model as unknown as { testStep(d: StepData): Logs };
  const xs = toTensorList(model, 'x', x, 'evaluate');
  const ys = toTensorList(model, 'y', y, 'evaluate');
  const n = numSamples(xs, 'x', 'evaluate');
  const ny = numSamples(ys, 'y', 'evaluate');
  if (n !== ny) throw new FluxionError(`evaluate: x and y must have the same number of samples, but x has ${n} and y has ${ny}.`);
  const batchSize = args.batchSize ?? 32;
  let logs: Logs = {};
  for (let start = 0, step = 0; start < n && (args.steps === undefined || step < args.steps); start += batchSize, step++) {
    const size = Math.min(batchSize, n - start);
    logs = tidy(() => {
      const sw = args.sampleWeight ? ops.slice(args.sampleWeight, start, size) : null;
      return stepper.testStep({ x: takeRows(xs, null, start, size), y: takeRows(ys, null, start, size), sampleWeight: sw });
    });
  }
  const values = Object.values(logs).map((v) => ops.scalar(v));
  return values.length === 1 ? (values[0] as Tensor) : values;
}

/** predict(x): batched forward passes in inference mode, concatenated. */
export function predict(model: Model, x: TensorOrArrayOrMap, args: PredictArgs = {}): Tensor | Tensor[] {
  const xs = toTensorList(model, 'x', x, 'predict');
  const n = numSamples(xs, 'x', 'predict');
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new FluxionError(`predict: batchSize must be a positive integer, but received ${describeValue(args.batchSize)}.`);
  const parts: Tensor[][] = [];
  for (let start = 0, step = 0; start < n && (args.steps === undefined || step < args.steps); start += batchSize, step++) {
    // Each batch's intermediates are released as soon as its outputs exist.
    parts.push(tidy(() => forward(model, takeRows(xs, null, start, Math.min(batchSize, n - start)), false)));
  }
  if (parts.length === 0) return forward(model, xs, false).length === 1 ? forward(model, xs, false)[0] as Tensor : forward(model, xs, false);
  const outs = (parts[0] as Tensor[]).map((_, k) => (parts.length === 1 ? (parts[0]?.[k] as Tensor) : ops.concat(parts.map((p) => p[k] as Tensor), 0)));
  if (parts.length > 1) for (const p of parts) for (const t of p) if (!(t instanceof Variable) && !xs.includes(t)) t.dispose();
  return outs.length === 1 ? (outs[0] as Tensor) : outs;
}

export function trainOnBatch(model: Model, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, sampleWeight?: Tensor): number | number[] {
  const c = getCompiled(model, 'trainOnBatch');
  resetMetrics(c);
  const stepper = model as unknown as { trainStep(d: StepData): Logs };
  const logs = tidy(() =>
    stepper.trainStep({ x: toTensorList(model, 'x', x, 'trainOnBatch'), y: toTensorList(model, 'y', y, 'trainOnBatch'), sampleWeight: sampleWeight ?? null }),
  );
  const values = Object.values(logs);
  return values.length === 1 ? (values[0] as number) : values;
}

export function testOnBatch(model: Model, x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, sampleWeight?: Tensor): Tensor | Tensor[] {
  const c = getCompiled(model, 'testOnBatch');
  resetMetrics(c);
  const stepper = model as unknown as { testStep(d: StepData): Logs };
  const logs = tidy(() =>
    stepper.testStep({ x: toTensorList(model, 'x', x, 'testOnBatch'), y: toTensorList(model, 'y', y, 'testOnBatch'), sampleWeight: sampleWeight ?? null }),
  );
  const values = Object.values(logs).map((v) => ops.scalar(v));
  return values.length === 1 ? (values[0] as Tensor) : values;
}

export function predictOnBatch(model: Model, x: TensorOrArrayOrMap): Tensor | Tensor[] {
  const out = tidy(() => forward(model, toTensorList(model, 'x', x, 'predictOnBatch'), false));
  return out.length === 1 ? (out[0] as Tensor) : out;
}

/** The arguments the model was compiled with (null when it is not compiled). */
export function compileArgsOf(model: Model): CompileArgs | null {
  return compiledState.get(model)?.args ?? null;
}

export function compiledOptimizer(model: Model): Optimizer | null {
  return compiledState.get(model)?.optimizer ?? null;
}
