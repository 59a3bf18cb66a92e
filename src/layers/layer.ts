/**
 * The layer contract (Keras 3): the constructor stores configuration only; `build(inputShape)`
 * creates weights with `addWeight`; `call(inputs, {training, mask})` computes;
 * `computeOutputShape` works without data; `getConfig`/`fromConfig` round-trip.
 *
 * `apply()` is the entry point: on symbolic tensors it records a node of the Functional graph, on
 * real tensors it builds the layer on first use, checks the input against `inputSpec` and calls it.
 */
import type { DType } from '../core/dtype.js';
import { tidy } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor, Variable, type TensorLike } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { getInitializer, type InitializerIdentifier } from './initializers.js';
import { getConstraint, getRegularizer, type Constraint, type ConstraintIdentifier, type Regularizer, type RegularizerIdentifier } from './regularizers.js';
import { formatShape, SymbolicTensor, type ShapeWithNull } from './symbolic.js';

export type { ShapeWithNull } from './symbolic.js';

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /** The input shape without the batch dimension (first layer of a Sequential model). */
  inputShape?: ShapeWithNull;
  /** The input shape with the batch dimension (null when unknown). */
  batchInputShape?: ShapeWithNull;
  batchSize?: number;
}

export interface CallArgs {
  training?: boolean;
  mask?: Tensor | Tensor[] | null;
}

/** Expected rank and axis sizes of a layer's input, checked on every call (Keras's InputSpec). */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** axis (negative allowed) -> required size */
  axes?: Record<number, number>;
}

export type LayerInputs = Tensor | Tensor[];
export type SymbolicInputs = SymbolicTensor | SymbolicTensor[];

/** One call of a layer on symbolic tensors: an edge of the Functional graph. */
export interface Node {
  readonly layer: Layer;
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  readonly callArgs: CallArgs;
}

interface WeightEntry {
  variable: Variable;
  trainable: boolean;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

const nameCounts = new Map<string, number>();

/** 'Conv2D' -> 'conv2d', 'BatchNormalization' -> 'batch_normalization' (Keras's to_snake_case). */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A unique name: 'dense', then 'dense_1', 'dense_2', ... */
export function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export function shapeOf(t: Tensor | SymbolicTensor): ShapeWithNull {
  return [...t.shape];
}

export abstract class Layer {
  /** The registered class name (used by getConfig/fromConfig and summary). */
  static readonly className: string = 'Layer';
  readonly name: string;
  dtype: DType;
  built = false;
  supportsMasking = false;
  inputSpec: InputSpec | InputSpec[] | null = null;
  readonly batchInputShape: ShapeWithNull | null;
  readonly inboundNodes: Node[] = [];
  private trainableFlag: boolean;
  private readonly weightEntries: WeightEntry[] = [];
  /** Activity losses added during the last call (Keras's add_loss). */
  protected callLosses: Tensor[] = [];

  constructor(args: LayerArgs = {}) {
    this.trainableFlag = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    this.name = args.name ?? uniqueName(snakeCase(this.getClassName()));
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
  }

  getClassName(): string {
    return (this.constructor as typeof Layer).className;
  }

  // ---------------------------------------------------------------- overridable contract

  /** Creates the weights; called once with the input shape(s) before the first call. */
  build(_inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.built = true;
  }

  /** The computation. Default: identity. */
  call(inputs: LayerInputs, _args: CallArgs): LayerInputs {
    return inputs;
  }

  /**
   * Output shape(s) for the given input shape(s), without data. The default runs `call` on
   * zeros with unknown dimensions set to 1 and reads the result's shape back; layers override it
   * where that is wrong or wasteful. `args` are the call's arguments (symbolic calls pass them, so
   * that an option such as returnAttentionScores can change the outputs).
   */
  computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[], _args?: CallArgs): ShapeWithNull | ShapeWithNull[] {
    const shapes = isShapeList(inputShape) ? inputShape : [inputShape];
    const probes = shapes.map((s) => ops.zeros(s.map((d) => d ?? 1), this.dtype));
    const out = tidy(() => this.call(isShapeList(inputShape) ? probes : (probes[0] as Tensor), { training: false }));
    const outs = Array.isArray(out) ? out : [out];
    const batchUnknown = (shapes[0]?.[0] ?? null) === null;
    const result = outs.map((t) => t.shape.map((d, i) => (i === 0 && batchUnknown ? null : d)) as ShapeWithNull);
    return Array.isArray(out) ? result : (result[0] as ShapeWithNull);
  }

  /** The mask of the output, given the input mask (default: passed through when masking is supported). */
  computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    return this.supportsMasking ? mask : null;
  }

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) config['batchInputShape'] = this.batchInputShape;
    return config;
  }

  // ---------------------------------------------------------------- weights

  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(value: boolean) {
    this.trainableFlag = value;
    for (const e of this.weightEntries) e.variable.trainable = value && e.trainable;
    for (const l of this.sublayers()) l.trainable = value;
  }

  /** Layers this layer owns (nested layers and models override this). */
  sublayers(): Layer[] {
    return [];
  }

  addWeight(
    name: string,
    shape: number[],
    options: {
      dtype?: DType;
      initializer?: InitializerIdentifier;
      regularizer?: RegularizerIdentifier | null;
      constraint?: ConstraintIdentifier | null;
      trainable?: boolean;
    } = {},
  ): Variable {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new FluxionError(
        `Layer "${this.name}": cannot create weight "${name}" with shape [${shape.join(',')}]; every dimension must be a known non-negative integer. ` +
          'Give the layer (or the model) an input shape.',
      );
    }
    const trainable = options.trainable ?? true;
    const init = getInitializer(options.initializer ?? 'glorotUniform');
    const value = init.apply(shape, options.dtype ?? this.dtype);
    const variable = new Variable(value, trainable && this.trainable, `${this.name}/${name}`);
    this.weightEntries.push({
      variable,
      trainable,
      regularizer: options.regularizer ? getRegularizer(options.regularizer) : null,
      constraint: options.constraint ? getConstraint(options.constraint) : null,
    });
    return variable;
  }

  /** This layer's own weights followed by its sublayers', in creation order. */
  get weights(): Variable[] {
    return [...this.weightEntries.map((e) => e.variable), ...this.sublayers().flatMap((l) => l.weights)];
  }

  get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return [
      ...this.weightEntries.filter((e) => e.trainable).map((e) => e.variable),
      ...this.sublayers().flatMap((l) => l.trainableWeights),
    ];
  }

  get nonTrainableWeights(): Variable[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  /** The weights' current values (TensorFlow.js's getWeights). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => ops.clone(w));
  }

  setWeights(values: TensorLike[]): void {
    const weights = this.weights;
    if (!Array.isArray(values) || values.length !== weights.length) {
      throw new FluxionError(
        `Layer "${this.name}".setWeights: expected ${weights.length} weights (${weights.map((w) => w.name).join(', ')}), ` +
          `but received ${Array.isArray(values) ? values.length : describeValue(values)}.`,
      );
    }
    weights.forEach((w, i) => {
      const v = ops.cast(values[i] instanceof Tensor ? (values[i] as Tensor) : ops.tensor(values[i] as number[]), w.dtype);
      if (v.shape.join(',') !== w.shape.join(',')) {
        throw new FluxionError(
          `Layer "${this.name}".setWeights: weight ${i} ("${w.name}") has shape [${w.shape.join(',')}], but the value has shape [${v.shape.join(',')}].`,
        );
      }
      w.assign(v);
    });
  }

  countParams(): number {
    if (!this.built) {
      throw new FluxionError(
        `Layer "${this.name}" has not been built yet, so it has no weights to count. Call it on data or give it an input shape first.`,
      );
    }
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Regularization penalties of this layer's weights and the activity losses of its last call. */
  get losses(): Tensor[] {
    const own = this.weightEntries.filter((e) => e.regularizer !== null).map((e) => (e.regularizer as Regularizer).apply(e.variable));
    return [...own, ...this.callLosses, ...this.sublayers().flatMap((l) => l.losses)];
  }

  /** Applies the weight constraints (after each optimizer step). */
  applyConstraints(): void {
    for (const e of this.weightEntries) if (e.constraint) e.variable.assign(e.constraint.apply(e.variable));
    for (const l of this.sublayers()) l.applyConstraints();
  }

  // ---------------------------------------------------------------- calling

  /** Calls the layer on tensors (eagerly) or on symbolic tensors (building the Functional graph). */
  apply(inputs: SymbolicInputs, args?: CallArgs): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInputs | TensorLike, args?: CallArgs): LayerInputs;
  apply(inputs: SymbolicInputs | LayerInputs | TensorLike, args: CallArgs = {}): SymbolicTensor | SymbolicTensor[] | LayerInputs {
    const list = Array.isArray(inputs) && inputs.some((x) => x instanceof SymbolicTensor || x instanceof Tensor) ? (inputs as unknown[]) : [inputs];
    if (list.some((x) => x instanceof SymbolicTensor)) {
      if (!list.every((x) => x instanceof SymbolicTensor)) {
        throw new FluxionError(`Layer "${this.name}": cannot mix symbolic tensors (from fx.input) and real tensors in one call.`);
      }
      return this.applySymbolic(list as SymbolicTensor[], Array.isArray(inputs), args);
    }
    const tensors = list.map((x) => (x instanceof Tensor ? x : ops.tensor(x as number[]))) as Tensor[];
    const arg: LayerInputs = Array.isArray(inputs) ? tensors : (tensors[0] as Tensor);
    this.maybeBuild(Array.isArray(inputs) ? tensors.map(shapeOf) : shapeOf(tensors[0] as Tensor));
    this.checkInputs(tensors.map(shapeOf));
    this.callLosses = [];
    return this.call(arg, args);
  }

  /** Builds the layer for `inputShape` if it is not built yet. */
  maybeBuild(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    if (this.built) return;
    this.checkInputs(isShapeList(inputShape) ? inputShape : [inputShape]);
    this.build(inputShape);
    this.built = true;
  }

  private applySymbolic(inputs: SymbolicTensor[], asList: boolean, args: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const shapes = inputs.map((t) => t.shape);
    const inShape = asList ? shapes : (shapes[0] as ShapeWithNull);
    this.maybeBuild(inShape);
    this.checkInputs(shapes);
    const outShape = this.computeOutputShape(inShape, args);
    const outShapes = isShapeList(outShape) ? outShape : [outShape];
    const nodeIndex = this.inboundNodes.length;
    const dtype = this.outputDType(inputs);
    const outputs = outShapes.map(
      (s, k) => new SymbolicTensor(s, dtype, this, nodeIndex, k, outShapes.length === 1 ? this.name : `${this.name}:${k}`),
    );
    this.inboundNodes.push({ layer: this, inputs, outputs, callArgs: args });
    return isShapeList(outShape) ? outputs : (outputs[0] as SymbolicTensor);
  }

  /** The dtype of symbolic outputs (float layers output this.dtype; index-consuming layers override). */
  protected outputDType(_inputs: SymbolicTensor[]): DType {
    return this.dtype;
  }

  /** Keras-quality input checks against inputSpec. */
  protected checkInputs(shapes: ShapeWithNull[]): void {
    if (this.inputSpec === null) return;
    const specs = Array.isArray(this.inputSpec) ? this.inputSpec : [this.inputSpec];
    specs.forEach((spec, i) => {
      const shape = shapes[i];
      if (shape === undefined) return;
      const fail = (what: string): never => {
        throw new FluxionError(
          `Input ${i} of layer "${this.name}" is incompatible with the layer: ${what}, but received input with shape ${fmt(shape)}.`,
        );
      };
      if (spec.ndim !== undefined && shape.length !== spec.ndim) fail(`expected ndim=${spec.ndim}, found ndim=${shape.length}`);
      if (spec.minNdim !== undefined && shape.length < spec.minNdim) fail(`expected min_ndim=${spec.minNdim}, found ndim=${shape.length}`);
      if (spec.maxNdim !== undefined && shape.length > spec.maxNdim) fail(`expected max_ndim=${spec.maxNdim}, found ndim=${shape.length}`);
      for (const [axisStr, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(axisStr);
        const d = shape[axis < 0 ? shape.length + axis : axis];
        if (d !== null && d !== undefined && d !== size) {
          fail(`expected axis ${axis} of input shape to have value ${size}`);
        }
      }
    });
  }

  toString(): string {
    return `${this.getClassName()}(name=${this.name})`;
  }
}

function fmt(shape: ShapeWithNull): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

export function isShapeList(s: ShapeWithNull | ShapeWithNull[]): s is ShapeWithNull[] {
  return s.length > 0 && Array.isArray(s[0]);
}

export { formatShape };
