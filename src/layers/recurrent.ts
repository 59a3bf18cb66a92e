/**
 * Recurrent layers (Keras 3 semantics, TensorFlow.js option names): the cells SimpleRNNCell,
 * LSTMCell and GRUCell, the generic RNN layer that runs a cell over time, and SimpleRNN, LSTM and
 * GRU built on it.
 *
 * The time loop is unrolled with ops, so autodiff works through it: the input projection x·W (+ b)
 * of every time step is computed with one matMul before the loop, then each step only multiplies
 * the state by the recurrent kernel. Masked time steps keep the previous output and state (Keras's
 * behaviour); the output of a masked first step is zeros.
 */
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { keep } from '../core/engine.js';
import { Tensor, type TensorLike, type Variable } from '../core/tensor.js';
import { stopGradient } from '../autodiff/index.js';
import * as ops from '../ops/index.js';
import { activationName, getActivation, type ActivationFn } from './activations.js';
import { getInitializer, Initializer, type InitializerIdentifier } from './initializers.js';
import { Layer, snakeCase, uniqueName, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull, type SymbolicInputs } from './layer.js';
import type { SymbolicTensor } from './symbolic.js';
import { deserializeLayer, registerLayer, serializeLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

// ---------------------------------------------------------------- argument checks

function positiveInt(layer: string, arg: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) {
    throw new FluxionError(`${layer}: ${arg} must be a positive integer, but received ${describeValue(v)}.`);
  }
  return v as number;
}

function rate(layer: string, arg: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
    throw new FluxionError(`${layer}: ${arg} must be a number in [0, 1], but received ${describeValue(v)}.`);
  }
  return v;
}

function bool(layer: string, arg: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new FluxionError(`${layer}: ${arg} must be a boolean, but received ${describeValue(v)}.`);
  return v;
}

/** [B, T, F] · [F, P] -> [B, T, P] with one matMul. */
function timeMatMul(x: Tensor, kernel: Tensor): Tensor {
  const [b, t, f] = x.shape as [number, number, number];
  const y = ops.matMul(ops.reshape(x, [b * t, f]), kernel);
  return ops.reshape(y, [b, t, kernel.shape[1] as number]);
}

/** A scaled dropout mask (values 0 or 1/(1-rate)) of the given shape. */
function dropoutMask(shape: number[], dtype: DType, r: number, seed: number | undefined): Tensor {
  return ops.dropout(ops.ones(shape, dtype), r, null, seed);
}

// ---------------------------------------------------------------- cells

export interface RNNCellArgs extends LayerArgs {
  units: number;
  activation?: string | ActivationFn | null;
  recurrentActivation?: string | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction of the input units dropped (training only; one mask for every time step). */
  dropout?: number;
  /** Fraction of the recurrent state units dropped (training only; one mask for every time step). */
  recurrentDropout?: number;
  /** Seed of the dropout masks (the global generator when absent). */
  seed?: number | null;
}

export interface LSTMCellArgs extends RNNCellArgs {
  /** Add 1 to the forget gate's bias at initialization (Jozefowicz et al.); default true. */
  unitForgetBias?: boolean;
}

export interface GRUCellArgs extends RNNCellArgs {
  /** Apply the reset gate after the recurrent matMul (Keras 3 default, cuDNN compatible); default true. */
  resetAfter?: boolean;
}

/** Dropout masks of one call, shared by every time step (Keras's DropoutRNNCell). */
export interface CellMasks {
  input: Tensor | null;
  recurrent: Tensor | null;
}

/**
 * The base of the built-in cells. A cell works on one time step: `call([x, ...states])` returns
 * `[output, ...newStates]`. The RNN layer uses the split form: `projectInputs` for all the time
 * steps at once, then `step` per time step.
 */
export abstract class RNNCell extends Layer {
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;
  protected readonly args: RNNCellArgs;
  private readonly activationId: string;
  private seedCalls = 0;

  constructor(args: RNNCellArgs) {
    super(args);
    const cls = new.target.className;
    this.units = positiveInt(cls, 'units', args?.units);
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation);
    this.activationId = activationName(args.activation === undefined ? 'tanh' : args.activation);
    this.useBias = bool(cls, 'useBias', args.useBias, true);
    this.dropout = rate(cls, 'dropout', args.dropout);
    this.recurrentDropout = rate(cls, 'recurrentDropout', args.recurrentDropout);
    this.seed = args.seed ?? null;
    this.args = args;
  }

  /** The sizes of the states (one entry per state tensor). */
  abstract get stateSize(): number[];

  /** Number of columns of the kernel (units times the number of gates). */
  protected abstract get gates(): number;

  /** x·W (+ input bias) for every time step: [B, T, F] -> [B, T, gates*units]. */
  abstract projectInputs(x: Tensor, masks: CellMasks): Tensor;

  /** One time step on the projected input xp [B, gates*units]: [output, newStates]. */
  abstract step(xp: Tensor, states: Tensor[], masks: CellMasks): [Tensor, Tensor[]];

  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  protected biasInitializer(): InitializerIdentifier {
    return this.args.biasInitializer ?? 'zeros';
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as ShapeWithNull;
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new FluxionError(
        `${this.getClassName()} "${this.name}": the last dimension of the input (the features) must be known, but the input shape is [${shape.join(', ')}].`,
      );
    }
    this.kernel = this.addWeight('kernel', [inDim, this.gates * this.units], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer ?? null,
      constraint: this.args.kernelConstraint ?? null,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, this.gates * this.units], {
      initializer: this.args.recurrentInitializer ?? 'orthogonal',
      regularizer: this.args.recurrentRegularizer ?? null,
      constraint: this.args.recurrentConstraint ?? null,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), {
        initializer: this.biasInitializer(),
        regularizer: this.args.biasRegularizer ?? null,
        constraint: this.args.biasConstraint ?? null,
      });
    }
    this.built = true;
  }

  /** The dropout masks of one call (null entries outside training or with rate 0). */
  makeMasks(batch: number, features: number, training: boolean): CellMasks {
    const seed = (): number | undefined => (this.seed === null ? undefined : this.seed + this.seedCalls++);
    return {
      input: training && this.dropout > 0 && this.dropout < 1 ? dropoutMask([batch, features], this.dtype, this.dropout, seed()) : null,
      recurrent:
        training && this.recurrentDropout > 0 && this.recurrentDropout < 1
          ? dropoutMask([batch, this.units], this.dtype, this.recurrentDropout, seed())
          : null,
    };
  }

  /** Zero states for a batch. */
  getInitialState(batch: number): Tensor[] {
    return this.stateSize.map((s) => ops.zeros([batch, s], this.dtype));
  }

  /** One step, Keras style: call([x, ...states]) -> [output, ...newStates]. */
  override call(inputs: LayerInputs, args: CallArgs): Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = ops.cast(list[0] as Tensor, this.dtype);
    if (x.rank !== 2) {
      throw new FluxionError(
        `${this.getClassName()} "${this.name}": a cell processes one time step, so its input must have rank 2 ([batch, features]), but received shape [${x.shape.join(', ')}].`,
      );
    }
    const batch = x.shape[0] as number;
    const states = list.length > 1 ? list.slice(1).map((s) => ops.cast(s, this.dtype)) : this.getInitialState(batch);
    if (states.length !== this.stateSize.length) {
      throw new FluxionError(`${this.getClassName()} "${this.name}": expected ${this.stateSize.length} state tensors, but received ${states.length}.`);
    }
    const masks = this.makeMasks(batch, x.shape[1] as number, args.training ?? false);
    const xp = ops.squeeze(this.projectInputs(ops.expandDims(x, 1), masks), [1]);
    const [out, next] = this.step(xp, states, masks);
    return [out, ...next];
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as ShapeWithNull;
    return [[shape[0] ?? null, this.units], ...this.stateSize.map((s) => [shape[0] ?? null, s])];
  }

  /** The input projection with the (optional) input dropout mask applied to every time step. */
  protected project(x: Tensor, masks: CellMasks, inputBias: Tensor | null): Tensor {
    const dropped = masks.input ? ops.mul(x, ops.expandDims(masks.input, 1)) : x;
    const y = timeMatMul(dropped, this.kernel as Variable);
    return inputBias ? ops.add(y, inputBias) : y;
  }

  protected recurrentInput(h: Tensor, masks: CellMasks): Tensor {
    return masks.recurrent ? ops.mul(h, masks.recurrent) : h;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationId,
      useBias: this.useBias,
      kernelInitializer: this.args.kernelInitializer ?? 'glorotUniform',
      recurrentInitializer: this.args.recurrentInitializer ?? 'orthogonal',
      biasInitializer: this.args.biasInitializer ?? 'zeros',
      kernelRegularizer: this.args.kernelRegularizer ?? null,
      recurrentRegularizer: this.args.recurrentRegularizer ?? null,
      biasRegularizer: this.args.biasRegularizer ?? null,
      kernelConstraint: this.args.kernelConstraint ?? null,
      recurrentConstraint: this.args.recurrentConstraint ?? null,
      biasConstraint: this.args.biasConstraint ?? null,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}

/** h_t = activation(x_t·W + b + h_{t-1}·U). */
export class SimpleRNNCell extends RNNCell {
  static override readonly className: string = 'SimpleRNNCell';
  constructor(args: RNNCellArgs) {
    super(args);
  }
  get stateSize(): number[] {
    return [this.units];
  }
  protected get gates(): number {
    return 1;
  }
  projectInputs(x: Tensor, masks: CellMasks): Tensor {
    return this.project(x, masks, this.bias);
  }
  step(xp: Tensor, states: Tensor[], masks: CellMasks): [Tensor, Tensor[]] {
    const h = states[0] as Tensor;
    const out = this.activation(ops.add(xp, ops.matMul(this.recurrentInput(h, masks), this.recurrentKernel as Variable)));
    return [out, [out]];
  }
}

/** Forget-gate bias of 1 (unitForgetBias): [init(units), ones(units), init(2*units)]. */
class UnitForgetBias extends Initializer {
  readonly className = 'UnitForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }
  apply(_shape: number[], dtype: DType = 'float32'): Tensor {
    const u = this.units;
    return ops.concat([this.base.apply([u], dtype), ops.ones([u], dtype), this.base.apply([2 * u], dtype)], 0);
  }
}

/**
 * LSTM step (gate order i, f, c, o as Keras): z = x·W + b + h·U; i, f, o = recurrentActivation;
 * c = f*c + i*activation(z_c); h = o*activation(c).
 */
export class LSTMCell extends RNNCell {
  static override readonly className: string = 'LSTMCell';
  readonly recurrentActivation: ActivationFn;
  readonly unitForgetBias: boolean;
  private readonly recurrentActivationId: string;
  constructor(args: LSTMCellArgs) {
    super(args);
    const ra = args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation;
    this.recurrentActivation = getActivation(ra);
    this.recurrentActivationId = activationName(ra);
    this.unitForgetBias = bool('LSTMCell', 'unitForgetBias', args.unitForgetBias, true);
  }
  get stateSize(): number[] {
    return [this.units, this.units];
  }
  protected get gates(): number {
    return 4;
  }
  protected override biasInitializer(): InitializerIdentifier {
    const base = super.biasInitializer();
    return this.unitForgetBias ? new UnitForgetBias(getInitializer(base), this.units) : base;
  }
  projectInputs(x: Tensor, masks: CellMasks): Tensor {
    return this.project(x, masks, this.bias);
  }
  step(xp: Tensor, states: Tensor[], masks: CellMasks): [Tensor, Tensor[]] {
    const [h, c] = states as [Tensor, Tensor];
    const z = ops.add(xp, ops.matMul(this.recurrentInput(h, masks), this.recurrentKernel as Variable));
    const [zi, zf, zc, zo] = ops.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const cNew = ops.add(ops.mul(f, c), ops.mul(i, this.activation(zc)));
    const o = this.recurrentActivation(zo);
    const hNew = ops.mul(o, this.activation(cNew));
    return [hNew, [hNew, cNew]];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivationId, unitForgetBias: this.unitForgetBias };
  }
}

/**
 * GRU step (gate order z, r, h as Keras). resetAfter (default): bias [2, 3*units] (input and
 * recurrent biases), hh = activation(x_h + r*(h·U_h + b_rh)); otherwise bias [3*units] and
 * hh = activation(x_h + (r*h)·U_h). h = z*h + (1-z)*hh.
 */
export class GRUCell extends RNNCell {
  static override readonly className: string = 'GRUCell';
  readonly recurrentActivation: ActivationFn;
  readonly resetAfter: boolean;
  private readonly recurrentActivationId: string;
  constructor(args: GRUCellArgs) {
    super(args);
    const ra = args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation;
    this.recurrentActivation = getActivation(ra);
    this.recurrentActivationId = activationName(ra);
    this.resetAfter = bool('GRUCell', 'resetAfter', args.resetAfter, true);
  }
  get stateSize(): number[] {
    return [this.units];
  }
  protected get gates(): number {
    return 3;
  }
  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }
  private biases(): [Tensor | null, Tensor | null] {
    if (!this.bias) return [null, null];
    if (!this.resetAfter) return [this.bias, null];
    const [bi, br] = ops.unstack(this.bias, 0) as [Tensor, Tensor];
    return [bi, br];
  }
  projectInputs(x: Tensor, masks: CellMasks): Tensor {
    return this.project(x, masks, this.biases()[0]);
  }
  step(xp: Tensor, states: Tensor[], masks: CellMasks): [Tensor, Tensor[]] {
    const h = states[0] as Tensor;
    const u = this.units;
    const rk = this.recurrentKernel as Variable;
    const hd = this.recurrentInput(h, masks);
    const [xz, xr, xh] = ops.split(xp, 3, 1) as [Tensor, Tensor, Tensor];
    let hh: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = ops.matMul(hd, rk);
      const br = this.biases()[1];
      if (br) inner = ops.add(inner, br);
      const [rz, rr, rh] = ops.split(inner, 3, 1) as [Tensor, Tensor, Tensor];
      z = this.recurrentActivation(ops.add(xz, rz));
      const r = this.recurrentActivation(ops.add(xr, rr));
      hh = this.activation(ops.add(xh, ops.mul(r, rh)));
    } else {
      const [rkZR, rkH] = ops.split(rk, [2 * u, u], 1) as [Tensor, Tensor];
      const [rz, rr] = ops.split(ops.matMul(hd, rkZR), 2, 1) as [Tensor, Tensor];
      z = this.recurrentActivation(ops.add(xz, rz));
      const r = this.recurrentActivation(ops.add(xr, rr));
      hh = this.activation(ops.add(xh, ops.matMul(ops.mul(r, hd), rkH)));
    }
    const hNew = ops.add(ops.mul(z, h), ops.mul(ops.sub(1, z), hh));
    return [hNew, [hNew]];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivationId, resetAfter: this.resetAfter };
  }
}

// ---------------------------------------------------------------- the RNN layer

export interface RNNLayerArgs extends LayerArgs {
  /** Return the whole output sequence [B, T, units] instead of the last output [B, units]. */
  returnSequences?: boolean;
  /** Also return the final states: [output, ...states]. */
  returnState?: boolean;
  /** Process the sequence backwards (and return the outputs in processing order). */
  goBackwards?: boolean;
  /** Keep the final states between calls as the next call's initial states (resetStates() clears them). */
  stateful?: boolean;
  /** Accepted for TensorFlow.js and Keras compatibility; the loop is always unrolled with ops. */
  unroll?: boolean;
}

export interface RNNArgs extends RNNLayerArgs {
  cell: RNNCell | { className: string; config?: Record<string, unknown> };
}

export interface RNNCallArgs extends CallArgs {
  /** Initial states (one per cell state); zeros when absent. */
  initialState?: Tensor | Tensor[];
}

export interface SymbolicRNNCallArgs extends CallArgs {
  initialState?: SymbolicTensor | SymbolicTensor[];
}

/** Runs a cell over the time axis of a [batch, time, features] input. */
export class RNN extends Layer {
  static override readonly className: string = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  /** The states kept between calls of a stateful layer (null: zeros at the next call). */
  states: Tensor[] | null = null;

  constructor(args: RNNArgs) {
    super(args);
    const cls = this.getClassName();
    const cell = args?.cell;
    if (cell instanceof RNNCell) this.cell = cell;
    else if (cell !== null && typeof cell === 'object' && typeof (cell as { className?: unknown }).className === 'string') {
      const made = deserializeLayer(cell as { className: string; config?: Record<string, unknown> });
      if (!(made instanceof RNNCell)) {
        throw new FluxionError(`${cls}: cell must be an RNN cell (SimpleRNNCell, LSTMCell, GRUCell), but "${made.getClassName()}" is not one.`);
      }
      this.cell = made;
    } else {
      throw new FluxionError(`${cls}: cell must be an RNN cell such as fx.layers.lstmCell({units: 8}), but received ${describeValue(cell)}.`);
    }
    this.returnSequences = bool(cls, 'returnSequences', args.returnSequences, false);
    this.returnState = bool(cls, 'returnState', args.returnState, false);
    this.goBackwards = bool(cls, 'goBackwards', args.goBackwards, false);
    this.stateful = bool(cls, 'stateful', args.stateful, false);
    this.unroll = bool(cls, 'unroll', args.unroll, false);
    this.supportsMasking = true;
    this.inputSpec = { ndim: 3 };
  }

  get units(): number {
    return this.cell.units;
  }

  override sublayers(): Layer[] {
    return [this.cell];
  }

  /** Passing initialState as a call argument folds it into the inputs ([x, ...states]), so it also works on symbolic tensors. */
  override apply(inputs: SymbolicInputs, args?: RNNCallArgs | SymbolicRNNCallArgs): SymbolicTensor | SymbolicTensor[];
  override apply(inputs: LayerInputs | TensorLike, args?: RNNCallArgs): LayerInputs;
  override apply(
    inputs: SymbolicInputs | LayerInputs | TensorLike,
    args: RNNCallArgs | SymbolicRNNCallArgs = {},
  ): SymbolicTensor | SymbolicTensor[] | LayerInputs {
    const { initialState, ...rest } = args;
    if (initialState === undefined || initialState === null) return super.apply(inputs as LayerInputs, rest);
    const states = Array.isArray(initialState) ? initialState : [initialState];
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return super.apply([x, ...states] as LayerInputs, rest);
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as ShapeWithNull;
    if (this.stateful && (shape[0] === null || shape[0] === undefined)) {
      throw new FluxionError(
        `${this.getClassName()} "${this.name}": a stateful RNN needs a fixed batch size; give the first layer batchInputShape (e.g. [32, 10, 8]) or fx.input({batchShape}).`,
      );
    }
    this.cell.maybeBuild([shape[0] ?? null, shape[2] ?? null]);
    this.inputSpec = { ndim: 3, axes: { [-1]: shape[2] as number } };
    this.built = true;
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = ops.cast(list[0] as Tensor, this.dtype);
    const [batch, time, features] = x.shape as [number, number, number];
    const n = this.cell.stateSize.length;
    let initial: Tensor[];
    if (list.length > 1) {
      initial = list.slice(1).map((s) => ops.cast(s, this.dtype));
      if (initial.length !== n) {
        throw new FluxionError(
          `Layer "${this.name}" expects ${n} initial state${n === 1 ? '' : 's'} (${this.cell.stateSize.map((s) => `[batch, ${s}]`).join(', ')}), but received ${initial.length}.`,
        );
      }
      initial.forEach((s, i) => {
        const want = [batch, this.cell.stateSize[i] as number];
        if (s.shape.join(',') !== want.join(',')) {
          throw new FluxionError(
            `Layer "${this.name}": initial state ${i} must have shape [${want.join(', ')}], but received shape [${s.shape.join(', ')}].`,
          );
        }
      });
    } else if (this.stateful && this.states !== null) {
      initial = this.states;
      if ((initial[0] as Tensor).shape[0] !== batch) {
        throw new FluxionError(
          `Layer "${this.name}" is stateful with batch size ${String((initial[0] as Tensor).shape[0])}, but received a batch of ${batch}. ` +
            'A stateful RNN needs the same batch size on every call; call resetStates() to start over.',
        );
      }
    } else {
      initial = this.cell.getInitialState(batch);
    }
    const rawMask = Array.isArray(args.mask) ? (args.mask[0] ?? null) : (args.mask ?? null);
    const mask = rawMask === null ? null : ops.cast(rawMask, 'bool');
    if (mask !== null && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time)) {
      throw new FluxionError(
        `Layer "${this.name}": the mask must have shape [batch, time] = [${batch}, ${time}], but received shape [${mask.shape.join(', ')}].`,
      );
    }
    const masks = this.cell.makeMasks(batch, features, args.training ?? false);
    const projected = time === 0 ? null : ops.unstack(this.cell.projectInputs(x, masks), 1);
    const stepMasks = mask === null || time === 0 ? null : ops.unstack(ops.expandDims(mask, 2), 1);
    let states = initial;
    let prev: Tensor | null = null;
    const outputs: Tensor[] = [];
    for (let k = 0; k < time; k++) {
      const t = this.goBackwards ? time - 1 - k : k;
      let [out, next] = this.cell.step((projected as Tensor[])[t] as Tensor, states, masks);
      if (stepMasks !== null) {
        const m = stepMasks[t] as Tensor;
        out = ops.where(m, out, prev ?? ops.zerosLike(out));
        const before = states;
        next = next.map((s, i) => ops.where(m, s, before[i] as Tensor));
      }
      prev = out;
      states = next;
      outputs.push(out);
    }
    // Kept across calls: they must survive the tidy around a training step (or the user's own).
    if (this.stateful) this.states = states.map((s) => keep(stopGradient(s)));
    const last = prev ?? ops.zeros([batch, this.cell.units], this.dtype);
    const output = this.returnSequences ? (time === 0 ? ops.zeros([batch, 0, this.cell.units], this.dtype) : ops.stack(outputs, 1)) : last;
    return this.returnState ? [output, ...states] : output;
  }

  /** Clears the kept states of a stateful layer (to zeros), or sets them to the given values. */
  resetStates(states?: Tensor | Tensor[]): void {
    if (!this.stateful) {
      throw new FluxionError(`Layer "${this.name}": resetStates() applies to stateful RNNs only; create the layer with stateful: true.`);
    }
    if (states === undefined) {
      this.states = null;
      return;
    }
    const list = Array.isArray(states) ? states : [states];
    const n = this.cell.stateSize.length;
    if (list.length !== n) {
      throw new FluxionError(`Layer "${this.name}".resetStates: expected ${n} state tensor${n === 1 ? '' : 's'}, but received ${list.length}.`);
    }
    this.states = list.map((s) => keep(ops.cast(s, this.dtype)));
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull | ShapeWithNull[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as ShapeWithNull;
    const b = shape[0] ?? null;
    const out: ShapeWithNull = this.returnSequences ? [b, shape[1] ?? null, this.cell.units] : [b, this.cell.units];
    if (!this.returnState) return out;
    return [out, ...this.cell.stateSize.map((s) => [b, s] as ShapeWithNull)];
  }

  override computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : mask;
    const outMask = this.returnSequences ? m : null;
    if (!this.returnState) return outMask;
    return [outMask, ...this.cell.stateSize.map(() => null)] as Tensor[];
  }

  protected rnnConfig(): Record<string, unknown> {
    return {
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
    };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.rnnConfig(), cell: serializeLayer(this.cell) };
  }
}

/** The options of SimpleRNN: the cell's and the RNN layer's. */
export type SimpleRNNArgs = RNNCellArgs & RNNLayerArgs;
export type LSTMArgs = LSTMCellArgs & RNNLayerArgs;
export type GRUArgs = GRUCellArgs & RNNLayerArgs;

const CELL_KEYS = [
  'units', 'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'unitForgetBias',
  'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint',
  'dropout', 'recurrentDropout', 'seed', 'resetAfter',
] as const;

function cellArgs<T extends RNNCellArgs>(args: T, name: string, dtype: DType | undefined, trainable: boolean | undefined): T {
  const out: Record<string, unknown> = { name, dtype, trainable };
  for (const k of CELL_KEYS) if (k in args) out[k] = (args as Record<string, unknown>)[k];
  return out as T;
}

/** The cell's options flattened into the layer's config (Keras's LSTM/GRU/SimpleRNN get_config). */
function flatConfig(layer: RNN): Record<string, unknown> {
  const cellConfig = layer.cell.getConfig();
  const { name: _n, trainable: _t, dtype: _d, ...rest } = cellConfig;
  return { ...Layer.prototype.getConfig.call(layer), ...rest, ...(layer as unknown as { rnnConfig(): Record<string, unknown> }).rnnConfig() };
}

function checkArgs(cls: string, args: unknown): void {
  if (args === null || typeof args !== 'object') {
    throw new FluxionError(`${cls}: expected an options object such as {units: 8}, but received ${describeValue(args)}.`);
  }
}

/** Fully-connected RNN: h_t = activation(x_t·W + b + h_{t-1}·U). */
export class SimpleRNN extends RNN {
  static override readonly className: string = 'SimpleRNN';
  constructor(args: SimpleRNNArgs) {
    checkArgs('SimpleRNN', args);
    positiveInt('SimpleRNN', 'units', args.units);
    const name = args.name ?? uniqueName(snakeCase('SimpleRNN'));
    super({ ...args, name, cell: new SimpleRNNCell(cellArgs(args, `${name}/simple_rnn_cell`, args.dtype, args.trainable)) });
  }
  override getConfig(): Record<string, unknown> {
    return flatConfig(this);
  }
}

/** Long Short-Term Memory (Hochreiter 1997). Weights: kernel [F, 4u], recurrent_kernel [u, 4u], bias [4u] (gates i, f, c, o). */
export class LSTM extends RNN {
  static override readonly className: string = 'LSTM';
  constructor(args: LSTMArgs) {
    checkArgs('LSTM', args);
    positiveInt('LSTM', 'units', args.units);
    const name = args.name ?? uniqueName(snakeCase('LSTM'));
    super({ ...args, name, cell: new LSTMCell(cellArgs(args, `${name}/lstm_cell`, args.dtype, args.trainable)) });
  }
  override getConfig(): Record<string, unknown> {
    return flatConfig(this);
  }
}

/** Gated Recurrent Unit (Cho et al. 2014). Weights: kernel [F, 3u], recurrent_kernel [u, 3u], bias [2, 3u] (resetAfter) or [3u]. */
export class GRU extends RNN {
  static override readonly className: string = 'GRU';
  constructor(args: GRUArgs) {
    checkArgs('GRU', args);
    positiveInt('GRU', 'units', args.units);
    const name = args.name ?? uniqueName(snakeCase('GRU'));
    super({ ...args, name, cell: new GRUCell(cellArgs(args, `${name}/gru_cell`, args.dtype, args.trainable)) });
  }
  override getConfig(): Record<string, unknown> {
    return flatConfig(this);
  }
}

registerLayer('SimpleRNNCell', (c) => new SimpleRNNCell(c as unknown as RNNCellArgs));
registerLayer('LSTMCell', (c) => new LSTMCell(c as unknown as LSTMCellArgs));
registerLayer('GRUCell', (c) => new GRUCell(c as unknown as GRUCellArgs));
registerLayer('RNN', (c) => new RNN(c as unknown as RNNArgs));
registerLayer('SimpleRNN', (c) => new SimpleRNN(c as unknown as SimpleRNNArgs));
registerLayer('LSTM', (c) => new LSTM(c as unknown as LSTMArgs));
registerLayer('GRU', (c) => new GRU(c as unknown as GRUArgs));
