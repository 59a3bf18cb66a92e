/**
 * The optimizer base class: Keras 3's semantics (BaseOptimizer: gradient clipping, decoupled weight
 * decay, EMA of the weights, an integer `iteration` state variable, Keras's state-variable names and
 * order) behind TensorFlow.js's surface (`applyGradients(namedGrads)`, `minimize(f, returnCost,
 * varList)`, `getWeights()`/`setWeights()`, `getConfig()`, `dispose()`).
 *
 * A subclass declares its per-variable state ("slots"), computes its per-step scalars once in
 * `prepareStep` and updates one variable with them, in one of two interchangeable forms:
 * - `updateStep`: the rule written with ops (a dozen elementwise ops for Adam), the reference;
 * - `fusedStep`: the same rule as one loop over the variable's, gradient's and slots' typed arrays,
 *   writing fresh output arrays (tensors are immutable, so nothing is updated in place). It computes
 *   in float64 and rounds once per stored value. This is the unit a backend's fused kernel replaces.
 * `useFusedKernels` (default true) picks the fused form where a subclass has one.
 */
import { isFloat, type DType } from '../core/dtype.js';
import { makeOutputArray } from '../core/output-array.js';
import { getGradientMath, popTape, pushTape, withoutRecording } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { shapesEqual } from '../core/shape.js';
import { Tape } from '../core/tape.js';
import { Tensor, Variable } from '../core/tensor.js';
import { variableGrads } from '../autodiff/index.js';
import { cast, clipByValue, fill, mul, scalar, square, sum } from '../ops/index.js';
import { camelToSnake, snakeToCamel, type ConfigValue } from './config.js';
import { deserialize as deserializeSchedule, LearningRateSchedule, serialize as serializeSchedule, toKerasSerialized } from './schedules.js';

/** TensorFlow.js's `{name, tensor}`. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** TensorFlow.js's `{[variableName]: gradient}`. */
export type NamedTensorMap = Record<string, Tensor | null | undefined>;

/** Keras's list of (gradient, variable) pairs; a null gradient skips its variable. */
export type GradientsAndVariables = ReadonlyArray<readonly [Tensor | null | undefined, Variable]>;

export type LearningRate = number | LearningRateSchedule | (() => number);

export type OptimizerConfig = Record<string, ConfigValue>;

/** Options every optimizer accepts (Keras 3's base optimizer arguments, camelCase). */
export interface OptimizerOptions {
  /** A number, a LearningRateSchedule (called with `iterations`), or a function of no arguments. */
  learningRate?: LearningRate;
  /** Decoupled weight decay: before each update, variable -= learningRate * weightDecay * variable. */
  weightDecay?: number | null;
  /** Clips each gradient to this L2 norm. */
  clipnorm?: number | null;
  /** Clips each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Scales all gradients together so that their joint L2 norm is at most this. */
  globalClipnorm?: number | null;
  /** Keeps an exponential moving average of each variable (see finalizeVariableValues). */
  useEma?: boolean;
  emaMomentum?: number;
  /** Every this many steps, overwrites the variables with their moving averages. */
  emaOverwriteFrequency?: number | null;
  /** Gradients are divided by this before anything else (the loss was multiplied by it). */
  lossScaleFactor?: number | null;
  /** Not supported yet: must be null or undefined (kept for Keras configs). */
  gradientAccumulationSteps?: number | null;
  name?: string;
}

/** A slot: one state variable per model variable, e.g. Adam's `momentum`. */
export interface SlotSpec {
  name: string;
  /** Initial value of every element (Keras: zeros, Adagrad: initialAccumulatorValue). */
  initialValue: number;
}

interface Entry {
  readonly variable: Variable;
  readonly slots: Variable[];
  readonly average: Variable | null;
}

/** Keras's name for an optimizer variable made from a model variable: path with '/' and ':' replaced, then `_<slot>`. */
export function slotVariableName(variable: Variable, slot: string): string {
  return `${variable.name.replace(/[/:]/g, '_')}_${slot}`;
}

function isPairList(x: unknown): x is GradientsAndVariables {
  return Array.isArray(x) && x.length > 0 && Array.isArray(x[0]);
}

function isNamedTensorList(x: unknown): x is NamedTensor[] {
  return Array.isArray(x) && x.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && 'name' in e && 'tensor' in e);
}

/**
 * Gradients of f() with respect to the trainable variables it reads, keyed by variable (the form
 * `minimize` needs when no varList is given; fx.variableGrads returns names only).
 */
function accessedVariableGrads(f: () => Tensor): { value: Tensor; pairs: Array<[Tensor | null, Variable]> } {
  const tape = new Tape(false, true);
  pushTape(tape);
  let value: unknown;
  try {
    value = f();
  } finally {
    popTape(tape);
  }
  if (!(value instanceof Tensor) || value.rank !== 0) {
    tape.clear();
    throw new FluxionError(
      `minimize: f must return a scalar (rank 0) loss tensor, but it returned ${value instanceof Tensor ? `shape ${fmtShape(value.shape)}` : describeValue(value)}.`,
    );
  }
  const vars = [...tape.accessedVariables()];
  const grads = tape.computeGradients(getGradientMath(), value, vars);
  tape.clear();
  return { value, pairs: vars.map((v, i) => [grads[i] ?? null, v]) };
}

/** Rounds a scalar the way the variable's dtype stores it (Keras computes step scalars in the variable dtype). */
export function rounder(dtype: DType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

/** The typed arrays of float variables. */
export type FloatArray = Float32Array | Float64Array;

export abstract class Optimizer<H = unknown> {
  /** The Keras (or TensorFlow.js) class name used in configs. */
  static readonly className: string = 'Optimizer';

  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  readonly lossScaleFactor: number | null;
  /** The initial `useFusedKernels` of new optimizers. */
  static useFusedKernelsByDefault = true;
  /** Runs `fusedStep` (one loop per variable) instead of the op-by-op `updateStep` where available. */
  useFusedKernels = Optimizer.useFusedKernelsByDefault;

  private learningRateValue: LearningRate;
  /** Keras keeps a numeric learning rate in a float32 variable (one of the optimizer's variables). */
  private learningRateVariable: Variable | null = null;
  private readonly iterationVariable: Variable;
  private entries: Entry[] = [];
  private readonly byVariable = new Map<Variable, Entry>();
  private pendingWeights: Array<NamedTensor | Tensor> | null = null;
  private excludedFromDecay = new Set<Variable>();
  private excludedNamePattern: RegExp | null = null;

  /**
   * @param options the base options
   * @param defaultName the name when options.name is not given
   * @param tfjsLayout TensorFlow.js's state layout: iteration named `iter`, no learning-rate variable
   */
  constructor(options: OptimizerOptions, defaultName: string, private readonly tfjsLayout = false) {
    const label = this.label;
    if (options === null || typeof options !== 'object') {
      throw new FluxionError(`${label}: options must be an object, but received ${describeValue(options)}.`);
    }
    this.name = options.name ?? defaultName;
    this.weightDecay = optionalNumber(label, 'weightDecay', options.weightDecay, 0);
    this.clipnorm = optionalNumber(label, 'clipnorm', options.clipnorm, 0);
    this.clipvalue = optionalNumber(label, 'clipvalue', options.clipvalue, 0);
    this.globalClipnorm = optionalNumber(label, 'globalClipnorm', options.globalClipnorm, 0);
    const clips = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (clips > 1) {
      throw new FluxionError(
        `${label}: only one of clipnorm, clipvalue and globalClipnorm can be set, but received clipnorm=${this.clipnorm}, ` +
          `clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}.`,
      );
    }
    this.useEma = options.useEma ?? false;
    this.emaMomentum = optionalNumber(label, 'emaMomentum', options.emaMomentum, 0, 1) ?? 0.99;
    this.emaOverwriteFrequency = optionalNumber(label, 'emaOverwriteFrequency', options.emaOverwriteFrequency, 1);
    if (this.emaOverwriteFrequency !== null && !Number.isInteger(this.emaOverwriteFrequency)) {
      throw new FluxionError(`${label}: emaOverwriteFrequency must be an integer >= 1 or null, but received ${this.emaOverwriteFrequency}.`);
    }
    this.lossScaleFactor = optionalNumber(label, 'lossScaleFactor', options.lossScaleFactor, 0);
    if (this.lossScaleFactor === 0) throw new FluxionError(`${label}: lossScaleFactor must be a positive number or null, but received 0.`);
    if (options.gradientAccumulationSteps !== undefined && options.gradientAccumulationSteps !== null) {
      throw new FluxionError(
        `${label}: gradientAccumulationSteps is not supported yet; expected null or undefined, but received ${describeValue(options.gradientAccumulationSteps)}.`,
      );
    }
    this.iterationVariable = new Variable(scalar(0, 'int32'), false, tfjsLayout ? 'iter' : 'iteration');
    this.learningRateValue = 0;
    this.learningRate = options.learningRate ?? 0.001;
  }

  /** The class name used in error messages (e.g. Adam, AdamOptimizer). */
  protected get label(): string {
    return this.constructor.name;
  }

  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  // ------------------------------------------------------------------ what subclasses define

  /** The per-variable state, in the order `updateStep` receives it. */
  protected slotSpecs(): SlotSpec[] {
    return [];
  }

  /**
   * How `variables()` orders the slots: each group lists slot names that are interleaved per model
   * variable (Keras's add_optimizer_variables with a list of names); groups follow one another.
   */
  protected slotGroups(): string[][] {
    return [this.slotSpecs().map((s) => s.name)];
  }

  /** The name of a slot variable. */
  protected slotName(variable: Variable, slot: string): string {
    return slotVariableName(variable, slot);
  }

  /** Optimizer-wide state variables beyond iteration and learning rate (e.g. Nadam's u_product), created at first build. */
  protected extraVariables(): Variable[] {
    return [];
  }

  /** Creates optimizer-wide state on the first build (dtype of the first variable). */
  protected buildExtra(_firstDType: DType): void {}

  /** Runs once per step before the variables are updated (step = iterations + 1). */
  protected beginStep(_step: number): void {}

  /** The step's scalars for variables of `dtype` (step = iterations + 1, lr = current learning rate). */
  protected abstract prepareStep(lr: number, step: number, dtype: DType): H;

  /** Updates one variable and its slots (assigning their new values), with ops. */
  protected abstract updateStep(variable: Variable, grad: Tensor, slots: readonly Variable[], hyper: H): void;

  /**
   * True when fusedStep writes every element of outW and outSlots (or returns false): runFused then
   * allocates them uninitialized instead of zero-filled.
   */
  protected readonly fusedWritesAllOutputs: boolean = false;

  /**
   * The same update as one loop: reads w, g and the slots, writes outW and outSlots (same order as
   * slotSpecs). Returns false when the optimizer has no fused form (then updateStep runs).
   */
  protected fusedStep(
    _w: FloatArray, _g: FloatArray, _slots: readonly FloatArray[], _outW: FloatArray, _outSlots: readonly FloatArray[], _hyper: H,
  ): boolean {
    return false;
  }

  /** The optimizer-specific config entries (camelCase). */
  protected extraConfig(): OptimizerConfig {
    return {};
  }

  // ------------------------------------------------------------------ learning rate and iterations

  /** The number of steps applied so far (Keras's `iterations`; TensorFlow.js's `iterations`). */
  get iterations(): number {
    return this.iterationVariable.dataSync()[0] as number;
  }

  set iterations(n: number) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new FluxionError(`${this.label}: iterations must be a non-negative integer, but received ${describeValue(n)}.`);
    }
    this.iterationVariable.assign(scalar(n, 'int32'));
  }

  /** The current learning rate: the number, or the schedule evaluated at `iterations`. */
  get learningRate(): number {
    const lr = this.learningRateValue;
    if (lr instanceof LearningRateSchedule) return lr(this.iterations);
    if (typeof lr === 'function') return lr();
    if (this.learningRateVariable !== null) return this.learningRateVariable.dataSync()[0] as number;
    return lr;
  }

  set learningRate(lr: LearningRate) {
    if (lr instanceof LearningRateSchedule || typeof lr === 'function') {
      if (this.learningRateVariable !== null && this.entries.length > 0) {
        throw new FluxionError(
          `${this.label}: cannot replace a numeric learning rate with a schedule once the optimizer has state; ` +
            'create the optimizer with the schedule instead.',
        );
      }
      this.learningRateValue = lr;
      this.learningRateVariable = null;
      return;
    }
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new FluxionError(
        `${this.label}: learningRate must be a non-negative finite number, a LearningRateSchedule or a function returning a number, ` +
          `but received ${describeValue(lr)}.`,
      );
    }
    if (this.learningRateValue instanceof LearningRateSchedule && this.entries.length > 0) {
      throw new FluxionError(
        `${this.label}: this optimizer was created with a LearningRateSchedule, so its learning rate cannot be set to a number; ` +
          'create the optimizer with a numeric learningRate to make it settable.',
      );
    }
    this.learningRateValue = lr;
    if (this.tfjsLayout) return;
    if (this.learningRateVariable === null) {
      this.learningRateVariable = new Variable(scalar(lr, 'float32'), false, 'learning_rate');
    } else {
      this.learningRateVariable.assign(scalar(lr, 'float32'));
    }
  }

  /** TensorFlow.js's SGDOptimizer.setLearningRate. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  // ------------------------------------------------------------------ state

  /** Creates the state for `varList` (Keras's build). Variables seen later are added as they come. */
  build(varList: readonly Variable[]): void {
    if (!Array.isArray(varList)) {
      throw new FluxionError(`${this.label}.build: varList must be an array of Variables, but received ${describeValue(varList)}.`);
    }
    this.track(varList.map((v, i) => this.checkVariable('build', v, `varList[${i}]`)));
  }

  get built(): boolean {
    return this.entries.length > 0;
  }

  private checkVariable(method: string, v: unknown, where: string): Variable {
    if (!(v instanceof Variable)) {
      throw new FluxionError(`${this.label}.${method}: ${where} must be a Variable, but received ${describeValue(v)}.`);
    }
    if (v.isDisposed) throw new FluxionError(`${this.label}.${method}: variable "${v.name}" is disposed.`);
    if (!isFloat(v.dtype)) {
      throw new FluxionError(
        `${this.label}.${method}: variable "${v.name}" has dtype ${v.dtype}; optimizers update float32 or float64 variables only.`,
      );
    }
    return v;
  }

  private track(vars: readonly Variable[]): void {
    const first = this.entries.length === 0;
    for (const v of vars) {
      if (this.byVariable.has(v)) continue;
      if (this.entries.length === 0) this.buildExtra(v.dtype);
      const slots = this.slotSpecs().map(
        (s) => new Variable(fill(v.shape, s.initialValue, v.dtype), false, this.slotName(v, s.name)),
      );
      const average = this.useEma ? new Variable(fill(v.shape, 0, v.dtype), false, slotVariableName(v, 'average')) : null;
      const entry: Entry = { variable: v, slots, average };
      this.entries.push(entry);
      this.byVariable.set(v, entry);
    }
    if (first && this.entries.length > 0 && this.pendingWeights !== null) {
      const pending = this.pendingWeights;
      this.pendingWeights = null;
      this.assignWeights(pending);
    }
  }

  /**
   * The optimizer's state variables in Keras 3's order: `iteration`, `learning_rate` (when it is a
   * number), the EMA averages (`<var>_average`), then the slots (e.g. Adam: `<var>_momentum`,
   * `<var>_velocity` for each variable, then `<var>_velocity_hat` with amsgrad), then extras.
   * TensorFlow.js's optimizers (fx.train) list `iter` then their accumulators in TensorFlow.js's order.
   */
  variables(): Variable[] {
    const out: Variable[] = [this.iterationVariable];
    if (this.learningRateVariable !== null && !this.tfjsLayout) out.push(this.learningRateVariable);
    if (this.entries.length === 0) return out;
    for (const e of this.entries) if (e.average !== null) out.push(e.average);
    const specs = this.slotSpecs().map((s) => s.name);
    for (const group of this.slotGroups()) {
      const idx = group.map((n) => specs.indexOf(n));
      for (const e of this.entries) for (const i of idx) if (i >= 0) out.push(e.slots[i] as Variable);
    }
    out.push(...this.extraVariables());
    return out;
  }

  /** The model variables this optimizer has state for, in the order it first saw them. */
  trackedVariables(): Variable[] {
    return this.entries.map((e) => e.variable);
  }

  /** Snapshots of `variables()` as `{name, tensor}` (TensorFlow.js's getWeights; the work is synchronous). */
  getWeights(): Promise<NamedTensor[]> {
    return Promise.resolve(this.getWeightsSync());
  }

  getWeightsSync(): NamedTensor[] {
    return this.variables().map((v) => ({ name: v.name, tensor: new Tensor(v.values.slice(), v.shape, v.dtype) }));
  }

  /**
   * Restores state saved by getWeights (a list of `{name, tensor}` or of tensors, in `variables()`
   * order). Before the optimizer has seen its variables, the values are kept and applied when it
   * first builds (as TensorFlow.js allows). The work is synchronous; the promise is for TF.js code.
   */
  setWeights(weights: ReadonlyArray<NamedTensor | Tensor>): Promise<void> {
    this.setWeightsSync(weights);
    return Promise.resolve();
  }

  setWeightsSync(weights: ReadonlyArray<NamedTensor | Tensor>): void {
    if (!Array.isArray(weights)) {
      throw new FluxionError(`${this.label}.setWeights: weights must be an array, but received ${describeValue(weights)}.`);
    }
    if (this.entries.length === 0 && weights.length > this.variables().length) {
      this.pendingWeights = [...weights];
      return;
    }
    this.assignWeights(weights);
  }

  private assignWeights(weights: ReadonlyArray<NamedTensor | Tensor>): void {
    const vars = this.variables();
    if (weights.length !== vars.length) {
      throw new FluxionError(
        `${this.label}.setWeights: expected ${vars.length} weights (${vars.map((v) => v.name).join(', ')}), ` +
          `but received ${weights.length}.`,
      );
    }
    weights.forEach((w, i) => {
      const v = vars[i] as Variable;
      const t = w instanceof Tensor ? w : w?.tensor;
      if (!(t instanceof Tensor)) {
        throw new FluxionError(`${this.label}.setWeights: weights[${i}] must be a Tensor or {name, tensor}, but received ${describeValue(w)}.`);
      }
      if (!shapesEqual(t.shape, v.shape)) {
        throw new FluxionError(
          `${this.label}.setWeights: weights[${i}] is for "${v.name}" of shape ${fmtShape(v.shape)}, but has shape ${fmtShape(t.shape)}.`,
        );
      }
      v.assign(t.dtype === v.dtype ? new Tensor(t.values.slice(), t.shape, t.dtype) : cast(t, v.dtype));
    });
  }

  /** Releases the state variables (the optimizer can build again afterwards). */
  dispose(): void {
    for (const v of this.variables()) if (v !== this.iterationVariable && v !== this.learningRateVariable) v.dispose();
    this.entries = [];
    this.byVariable.clear();
    this.iterations = 0;
  }

  /** Keras's exclude_from_weight_decay: these variables, or those whose name contains one of varNames, get no decay. */
  excludeFromWeightDecay(options: { varList?: readonly Variable[]; varNames?: readonly string[] } = {}): void {
    this.excludedFromDecay = new Set(options.varList ?? []);
    const names = options.varNames ?? [];
    this.excludedNamePattern = names.length > 0 ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : null;
  }

  private decays(v: Variable): boolean {
    if (this.excludedFromDecay.has(v)) return false;
    return this.excludedNamePattern === null || !this.excludedNamePattern.test(v.name);
  }

  // ------------------------------------------------------------------ applying gradients

  /**
   * Applies one step. Accepts TensorFlow.js's map `{[variableName]: gradient}` (names resolved among
   * `varList` and the variables this optimizer has already seen), TensorFlow.js's `[{name, tensor}]`,
   * or Keras's list of `[gradient, variable]` pairs. Null gradients skip their variable.
   */
  applyGradients(grads: NamedTensorMap | readonly NamedTensor[], varList?: readonly Variable[]): void;
  applyGradients(gradsAndVars: GradientsAndVariables): void;
  applyGradients(grads: NamedTensorMap | readonly NamedTensor[] | GradientsAndVariables, varList?: readonly Variable[]): void {
    const pairs = this.resolve(grads, varList);
    if (pairs.length === 0) return;
    this.track(pairs.map(([, v]) => v));
    const live = pairs.filter((p): p is [Tensor, Variable] => p[0] !== null);
    if (live.length === 0) {
      throw new FluxionError(
        `${this.label}.applyGradients: no gradients provided for any variable (${pairs.map(([, v]) => `"${v.name}"`).join(', ')}); ` +
          'check that the loss depends on the variables.',
      );
    }
    withoutRecording(() => this.step(live));
  }

  private resolve(
    grads: NamedTensorMap | readonly NamedTensor[] | GradientsAndVariables,
    varList?: readonly Variable[],
  ): Array<[Tensor | null, Variable]> {
    const method = 'applyGradients';
    if (grads === null || typeof grads !== 'object') {
      throw new FluxionError(
        `${this.label}.${method}: expected {[variableName]: gradient}, [{name, tensor}] or [[gradient, variable], ...], but received ${describeValue(grads)}.`,
      );
    }
    let raw: Array<[unknown, unknown, string]>;
    if (isPairList(grads)) {
      raw = grads.map((p, i) => [p[0], p[1], `gradsAndVars[${i}]`]);
    } else {
      let named: Array<[string, unknown]>;
      if (Array.isArray(grads)) {
        if (!isNamedTensorList(grads)) {
          throw new FluxionError(
            `${this.label}.${method}: an array must hold [gradient, variable] pairs or {name, tensor} objects, but received ${describeValue(grads[0])} at index 0.`,
          );
        }
        named = grads.map((g) => [g.name, g.tensor]);
      } else {
        named = Object.entries(grads as NamedTensorMap);
      }
      const lookup = new Map<string, Variable>();
      for (const e of this.entries) lookup.set(e.variable.name, e.variable);
      (varList ?? []).forEach((v, i) => lookup.set(this.checkVariable(method, v, `varList[${i}]`).name, v));
      raw = named.map(([name, g]) => {
        const v = lookup.get(name);
        if (v === undefined) {
          throw new FluxionError(
            `${this.label}.${method}: no variable named "${name}" is known to this optimizer; ` +
              `known: ${lookup.size === 0 ? 'none' : [...lookup.keys()].map((k) => `"${k}"`).join(', ')}. ` +
              'Pass the variables as varList, or pass [gradient, variable] pairs.',
          );
        }
        return [g, v, `grads["${name}"]`];
      });
    }
    return raw.map(([g, v, where]) => {
      const variable = this.checkVariable(method, v, `the variable of ${where}`);
      if (g === null || g === undefined) return [null, variable];
      if (!(g instanceof Tensor)) {
        throw new FluxionError(`${this.label}.${method}: the gradient for variable "${variable.name}" must be a Tensor, but received ${describeValue(g)}.`);
      }
      if (!shapesEqual(g.shape, variable.shape)) {
        throw new FluxionError(
          `${this.label}.${method}: the gradient for variable "${variable.name}" has shape ${fmtShape(g.shape)}, ` +
            `but the variable has shape ${fmtShape(variable.shape)}.`,
        );
      }
      return [g, variable];
    });
  }

  private step(pairs: Array<[Tensor, Variable]>): void {
    let grads = pairs.map(([g, v]) => (g.dtype === v.dtype ? g : cast(g, v.dtype)));
    if (this.lossScaleFactor !== null) grads = grads.map((g) => mul(g, 1 / (this.lossScaleFactor as number)));
    grads = this.clip(grads);
    const lr = this.learningRate;
    const iterations = this.iterations;
    if (this.weightDecay !== null && this.weightDecay !== 0) {
      for (const [, v] of pairs) {
        if (this.decays(v)) v.assign(mul(v, 1 - lr * this.weightDecay));
      }
    }
    const step = iterations + 1;
    this.beginStep(step);
    pairs.forEach(([, v], i) => {
      const entry = this.byVariable.get(v) as Entry;
      const g = grads[i] as Tensor;
      const hyper = this.prepareStep(lr, step, v.dtype);
      if (!this.useFusedKernels || !this.runFused(v, g, entry.slots, hyper)) this.updateStep(v, g, entry.slots, hyper);
    });
    if (this.useEma) this.updateAverages(iterations);
    this.iterationVariable.assign(scalar(step, 'int32'));
  }

  private runFused(v: Variable, g: Tensor, slots: readonly Variable[], hyper: H): boolean {
    const dtype = v.dtype === 'float64' ? 'float64' : 'float32';
    const alloc = (): FloatArray =>
      this.fusedWritesAllOutputs ? (makeOutputArray(dtype, v.size) as FloatArray) : dtype === 'float64' ? new Float64Array(v.size) : new Float32Array(v.size);
    const outW = alloc();
    const outSlots = slots.map(alloc);
    const ins = slots.map((s) => s.values as FloatArray);
    if (!this.fusedStep(v.values as FloatArray, g.values as FloatArray, ins, outW, outSlots, hyper)) return false;
    // The variables take the new arrays; the wrappers are disposed at once, so that each variable's
    // previous array returns to the buffer pool for the next step's outputs.
    const assignArray = (target: Variable, values: FloatArray): void => {
      const t = new Tensor(values, target.shape, target.dtype);
      target.assign(t);
      t.dispose();
    };
    assignArray(v, outW);
    slots.forEach((s, k) => assignArray(s, outSlots[k] as FloatArray));
    return true;
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipnorm !== null && this.clipnorm > 0) {
      const c = this.clipnorm;
      return grads.map((g) => {
        const norm = Math.sqrt(sum(square(g)).dataSync()[0] as number);
        return norm > c ? mul(g, c / norm) : g;
      });
    }
    if (this.globalClipnorm !== null && this.globalClipnorm > 0) {
      const c = this.globalClipnorm;
      let sq = 0;
      for (const g of grads) sq += sum(square(g)).dataSync()[0] as number;
      const norm = Math.sqrt(sq);
      // Keras: clip * min(1/norm, 1/clip), made NaN for a non-finite norm.
      const scale = c * Math.min(1 / norm, 1 / c) + (norm - norm);
      return scale === 1 ? grads : grads.map((g) => mul(g, scale));
    }
    if (this.clipvalue !== null && this.clipvalue > 0) {
      const c = this.clipvalue;
      return grads.map((g) => clipByValue(g, -c, c));
    }
    return grads;
  }

  private updateAverages(iterations: number): void {
    const m = iterations === 0 ? 0 : this.emaMomentum;
    for (const e of this.entries) {
      const avg = e.average as Variable;
      avg.assign(m === 0 ? e.variable : mul(avg, m).add(mul(e.variable, 1 - m)));
    }
    const f = this.emaOverwriteFrequency;
    if (f !== null && (iterations + 1) % f === 0) this.finalizeVariableValues();
  }

  /** With useEma, overwrites the model variables with their moving averages (Keras's finalize_variable_values). */
  finalizeVariableValues(varList?: readonly Variable[]): void {
    if (!this.useEma) return;
    const entries = varList === undefined ? this.entries : varList.map((v) => this.byVariable.get(v));
    for (const e of entries) {
      if (e === undefined) {
        throw new FluxionError(`${this.label}.finalizeVariableValues: a variable in varList has no moving average in this optimizer.`);
      }
      e.variable.assign(e.average as Variable);
    }
  }

  /**
   * TensorFlow.js's minimize: computes the gradients of the scalar f() (with fx.variableGrads) with
   * respect to varList, or to every trainable variable f reads, applies them, and returns the loss
   * when returnCost is true (null otherwise).
   */
  minimize(f: () => Tensor, returnCost = false, varList?: Variable[]): Tensor | null {
    if (typeof f !== 'function') throw new FluxionError(`${this.label}.minimize: f must be a function, but received ${describeValue(f)}.`);
    let value: Tensor;
    let pairs: Array<[Tensor | null, Variable]>;
    if (varList !== undefined) {
      const r = variableGrads(f, varList);
      value = r.value;
      pairs = varList.map((v) => [r.grads[v.name] ?? null, v]);
    } else {
      ({ value, pairs } = accessedVariableGrads(f));
    }
    if (pairs.length > 0) this.applyGradients(pairs);
    else this.iterationVariable.assign(scalar(this.iterations + 1, 'int32'));
    return returnCost ? value : null;
  }

  /** TensorFlow.js's computeGradients: fx.variableGrads(f, varList). */
  computeGradients(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
    return variableGrads(f, varList);
  }

  // ------------------------------------------------------------------ configs

  /**
   * The constructor options with camelCase keys (Keras 3's get_config, keys converted: learning_rate
   * -> learningRate, beta_1 -> beta1, global_clipnorm -> globalClipnorm...). A schedule appears as
   * `{className, config}`. A numeric learning rate is the float32 value Keras stores.
   */
  getConfig(): OptimizerConfig {
    const lr = this.learningRateValue;
    let learningRate: ConfigValue;
    if (lr instanceof LearningRateSchedule) learningRate = { ...serializeSchedule(lr) };
    else if (typeof lr === 'function') {
      throw new FluxionError(`${this.label}.getConfig: a learning rate given as a function cannot be serialized; use a number or a LearningRateSchedule.`);
    } else learningRate = this.learningRate;
    return {
      name: this.name,
      learningRate,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      useEma: this.useEma,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      lossScaleFactor: this.lossScaleFactor,
      gradientAccumulationSteps: null,
      ...this.extraConfig(),
    };
  }

  /** Keras 3's get_config() exactly: snake_case keys; a schedule as Keras's {module, class_name, config, registered_name}. */
  toKerasConfig(): OptimizerConfig {
    const lr = this.learningRateValue;
    const out: OptimizerConfig = {};
    for (const [k, v] of Object.entries(this.getConfig())) {
      out[camelToSnake(k)] = k === 'learningRate' && lr instanceof LearningRateSchedule ? toKerasSerialized(lr) : v;
    }
    return out;
  }

  /** Builds an optimizer of this class from getConfig()'s output. */
  static fromConfig(config: OptimizerConfig): Optimizer {
    const ctor = this as unknown as new (options: Record<string, unknown>) => Optimizer;
    return new ctor(optionsFromConfig(config));
  }

  /** Builds an optimizer of this class from Keras 3's get_config() output (snake_case keys). */
  static fromKerasConfig(config: OptimizerConfig): Optimizer {
    const camel: OptimizerConfig = {};
    for (const [k, v] of Object.entries(config)) camel[snakeToCamel(k)] = v;
    return this.fromConfig(camel);
  }
}

/** Config -> constructor options: a serialized schedule becomes a schedule again. */
export function optionsFromConfig(config: OptimizerConfig): Record<string, unknown> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new FluxionError(`fromConfig: config must be an object, but received ${describeValue(config)}.`);
  }
  const options: Record<string, unknown> = { ...config };
  const lr = config['learningRate'];
  if (lr !== null && typeof lr === 'object' && !Array.isArray(lr)) options['learningRate'] = deserializeSchedule(lr);
  return options;
}

function optionalNumber(label: string, arg: string, value: unknown, min: number, max = Infinity): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new FluxionError(`${label}: ${arg} must be a number ${range} or null, but received ${describeValue(value)}.`);
  }
  return value;
}

/** Validates a required hyperparameter. */
export function hyperparameter(label: string, arg: string, value: unknown, min: number, max = Infinity, minExclusive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (minExclusive && value === min) || value > max) {
    const lo = minExclusive ? `> ${min}` : `>= ${min}`;
    const range = max === Infinity ? lo : `${minExclusive ? '(' : '['}${min}, ${max}]`;
    throw new FluxionError(`${label}: ${arg} must be a number ${max === Infinity ? range : `in ${range}`}, but received ${describeValue(value)}.`);
  }
  return value;
}
