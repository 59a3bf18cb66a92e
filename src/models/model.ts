/**
 * Models: the Functional API (a graph of layer calls from fx.input() to outputs), Sequential
 * (src/models/sequential.ts) and subclassing (`class M extends fx.Model { call(...) {...} }`).
 * A model is a layer, so models nest. Training (compile/fit/evaluate/predict) is installed by
 * src/training, which sits above this module.
 */
import { FluxionError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { InputLayer } from '../layers/input-layer.js';
import { isShapeList, Layer, snakeCase, uniqueName, type CallArgs, type LayerArgs, type LayerInputs, type Node } from '../layers/layer.js';
import { SymbolicTensor, type ShapeWithNull } from '../layers/symbolic.js';
import type { History } from '../callbacks/history.js';
import type { Optimizer } from '../optimizers/index.js';
import * as trainer from '../training/trainer.js';
import type { CompileArgs } from '../training/trainer.js';
import type { BatchSource, EvaluateArgs, FitArgs, PredictArgs, StepData, TensorOrArrayOrMap } from '../training/types.js';
import { printSummary } from './summary.js';

export interface ModelArgs extends LayerArgs {
  inputs?: SymbolicTensor | SymbolicTensor[];
  outputs?: SymbolicTensor | SymbolicTensor[];
}

/** What src/training adds to every model (compile, fit, evaluate, predict, ...). */
export interface TrainingHooks {
  [method: string]: unknown;
}

export class Model extends Layer {
  static override readonly className: string = 'Functional';
  /** Symbolic inputs and outputs (Functional and built Sequential models). */
  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  protected nodes: Node[] = [];
  protected graphLayers: Layer[] = [];
  private readonly singleInput: boolean;
  private readonly singleOutput: boolean;

  constructor(args: ModelArgs = {}) {
    const isFunctional = args.inputs !== undefined || args.outputs !== undefined;
    super({ ...args, name: args.name ?? uniqueName(isFunctional ? 'functional' : snakeCase(new.target.name || 'model')) });
    this.singleInput = !Array.isArray(args.inputs);
    this.singleOutput = !Array.isArray(args.outputs);
    if (args.inputs !== undefined || args.outputs !== undefined) {
      if (args.inputs === undefined || args.outputs === undefined) {
        throw new FluxionError(`model: give both inputs and outputs (fx.model({inputs, outputs})); received only ${args.inputs ? 'inputs' : 'outputs'}.`);
      }
      this.initGraph(toList(args.inputs), toList(args.outputs));
    }
  }

  override getClassName(): string {
    if (this.isGraph()) return 'Functional';
    return this.constructor === Model ? 'Model' : this.constructor.name;
  }

  /** True for Functional models (and Sequential models whose input shape is known). */
  isGraph(): boolean {
    // (outputs is unset while the Layer constructor runs)
    return Array.isArray(this.outputs) && this.outputs.length > 0;
  }

  protected initGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): void {
    for (const t of [...inputs, ...outputs]) {
      if (!(t instanceof SymbolicTensor)) {
        throw new FluxionError('model: inputs and outputs must be symbolic tensors made with fx.input() and layer.apply().');
      }
    }
    for (const t of inputs) {
      if (!(t.sourceLayer instanceof InputLayer)) {
        throw new FluxionError(`model: input "${t.name}" is not an fx.input(); every model input must come from fx.input().`);
      }
    }
    this.inputs = inputs;
    this.outputs = outputs;
    // Topological order of the nodes between inputs and outputs (depth-first from the outputs).
    const order: Node[] = [];
    const visited = new Set<Node>();
    const inputIds = new Set(inputs.map((t) => t.id));
    const visit = (t: SymbolicTensor, path: Set<Node>): void => {
      const node = t.sourceLayer.inboundNodes[t.nodeIndex];
      if (node === undefined) throw new FluxionError(`model: tensor "${t.name}" has no producing layer call.`);
      if (visited.has(node)) return;
      if (path.has(node)) throw new FluxionError('model: the graph has a cycle.');
      if (node.layer instanceof InputLayer) {
        if (!inputIds.has(t.id)) {
          throw new FluxionError(
            `model: output depends on input "${t.name}", which is not among the model's inputs. Add it to fx.model({inputs: [...]}).`,
          );
        }
      } else {
        path.add(node);
        for (const i of node.inputs) visit(i, path);
        path.delete(node);
      }
      visited.add(node);
      order.push(node);
    };
    for (const o of outputs) visit(o, new Set());
    this.nodes = order;
    // Input layers first (in the model's input order), then the others in execution order.
    const layers: Layer[] = inputs.map((t) => t.sourceLayer);
    for (const n of order) if (!layers.includes(n.layer)) layers.push(n.layer);
    this.graphLayers = layers;
    this.built = true;
  }

  /** The model's layers: graph order for Functional/Sequential, attribute order for subclassed models. */
  get layers(): Layer[] {
    if (this.isGraph()) return [...this.graphLayers];
    return discoverLayers(this);
  }

  override sublayers(): Layer[] {
    return this.layers.filter((l) => !(l instanceof InputLayer));
  }

  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      const l = layers[nameOrIndex];
      if (l === undefined) throw new FluxionError(`getLayer: index ${nameOrIndex} is out of range; the model has ${layers.length} layers.`);
      return l;
    }
    const l = layers.find((x) => x.name === nameOrIndex);
    if (l === undefined) {
      throw new FluxionError(`getLayer: no layer named "${nameOrIndex}"; the model's layers are: ${layers.map((x) => x.name).join(', ')}.`);
    }
    return l;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    if (!this.isGraph()) {
      // Subclassed model: build by calling on zeros of the input shape (weights are made on first call).
      this.computeOutputShape(inputShape);
    }
    this.built = true;
  }

  override call(inputs: LayerInputs, args: CallArgs): LayerInputs {
    if (!this.isGraph()) {
      throw new FluxionError(
        `Model "${this.name}" has no inputs/outputs and no call() method. Create it with fx.model({inputs, outputs}), ` +
          'or subclass fx.Model and implement call(inputs, {training}).',
      );
    }
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length !== this.inputs.length) {
      throw new FluxionError(`Model "${this.name}" expects ${this.inputs.length} inputs, but received ${list.length}.`);
    }
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Tensor | null>();
    // Each layer checks the sizes it depends on (its inputSpec), which names the layer and both shapes.
    this.inputs.forEach((t, i) => values.set(t.id, list[i] as Tensor));
    for (const node of this.nodes) {
      if (node.layer instanceof InputLayer) continue;
      const ins = node.inputs.map((t) => values.get(t.id) as Tensor);
      const inMasks = node.inputs.map((t) => masks.get(t.id) ?? null);
      const arg: LayerInputs = node.inputs.length === 1 ? (ins[0] as Tensor) : ins;
      const mask = node.inputs.length === 1 ? (inMasks[0] ?? null) : inMasks.some((m) => m !== null) ? (inMasks as Tensor[]) : null;
      const out = node.layer.apply(arg, { ...node.callArgs, training: args.training ?? false, mask });
      const outs = Array.isArray(out) ? out : [out];
      const outMask = node.layer.computeMask(arg, mask);
      node.outputs.forEach((t, k) => {
        values.set(t.id, outs[k] as Tensor);
        masks.set(t.id, Array.isArray(outMask) ? (outMask[k] ?? null) : outMask);
      });
    }
    const results = this.outputs.map((t) => values.get(t.id) as Tensor);
    return this.singleOutput && results.length === 1 ? (results[0] as Tensor) : results;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull | ShapeWithNull[] {
    if (this.isGraph()) {
      const shapes = this.outputs.map((o) => [...o.shape]);
      return this.outputs.length === 1 && this.singleOutput ? (shapes[0] as ShapeWithNull) : shapes;
    }
    return super.computeOutputShape(inputShape);
  }

  /** Input shapes (with null batch) of a graph model. */
  get inputShape(): ShapeWithNull | ShapeWithNull[] {
    const shapes = this.inputs.map((t) => [...t.shape]);
    return this.singleInput && shapes.length === 1 ? (shapes[0] as ShapeWithNull) : shapes;
  }

  get outputShape(): ShapeWithNull | ShapeWithNull[] {
    const shapes = this.outputs.map((t) => [...t.shape]);
    return this.singleOutput && shapes.length === 1 ? (shapes[0] as ShapeWithNull) : shapes;
  }

  /** Graph nodes in execution order (for summary and serialization). */
  graphNodes(): readonly Node[] {
    return this.nodes;
  }

  /**
   * Prints the Keras table (layer and type, output shape, params, connected to; totals).
   * TensorFlow.js's signature: summary(lineLength?, positions?, printFn?).
   */
  summary(lineLength?: number, positions?: number[], printFn: (message: string) => void = console.log): void {
    printSummary(this, lineLength, positions, printFn);
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable };
  }

  // ---------------------------------------------------------------- training (Keras 3's Trainer)

  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end fit() after the current step. */
  stopTraining = false;

  /** compile({optimizer, loss, metrics, lossWeights}): names ('adam', 'sparseCategoricalCrossentropy', 'accuracy') or objects. */
  compile(args: CompileArgs): void {
    trainer.compile(this, args);
  }

  get optimizer(): Optimizer | null {
    return trainer.compiledOptimizer(this);
  }

  /** Trains for a number of epochs on tensors or on a dataset; resolves to the History. */
  fit(x: TensorOrArrayOrMap | BatchSource, y?: TensorOrArrayOrMap | FitArgs, args?: FitArgs): Promise<History> {
    if (y !== undefined && !(y instanceof Tensor) && !Array.isArray(y) && isFitArgs(y)) return trainer.fit(this, x, undefined, y);
    return trainer.fit(this, x, y as TensorOrArrayOrMap | undefined, args);
  }

  /** Loss and metrics on tensors (scalar tensors, as TensorFlow.js returns them). */
  evaluate(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args?: EvaluateArgs): Tensor | Tensor[] {
    return trainer.evaluate(this, x, y, args);
  }

  /** Loss and metrics on a dataset (TensorFlow.js's evaluateDataset). */
  evaluateDataset(dataset: BatchSource, args?: EvaluateArgs): Promise<Tensor | Tensor[]> {
    return trainer.evaluateAsync(this, dataset, undefined, args);
  }

  /** Batched inference (bounded memory per batch). */
  predict(x: TensorOrArrayOrMap, args?: PredictArgs): Tensor | Tensor[] {
    return trainer.predict(this, x, args);
  }

  trainOnBatch(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, sampleWeight?: Tensor): number | number[] {
    return trainer.trainOnBatch(this, x, y, sampleWeight);
  }

  testOnBatch(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, sampleWeight?: Tensor): Tensor | Tensor[] {
    return trainer.testOnBatch(this, x, y, sampleWeight);
  }

  predictOnBatch(x: TensorOrArrayOrMap): Tensor | Tensor[] {
    return trainer.predictOnBatch(this, x);
  }

  /**
   * One training step (Keras 3's train_step): override it for custom training logic. The default
   * runs the forward pass on a GradientTape, computes the compiled loss plus regularization,
   * applies the optimizer and updates the metrics; it returns the logs (loss and metrics).
   */
  trainStep(data: StepData): Record<string, number> {
    return trainer.defaultTrainStep(this, data);
  }

  /** One evaluation step (Keras 3's test_step). */
  testStep(data: StepData): Record<string, number> {
    return trainer.defaultTestStep(this, data);
  }

  /** The compiled loss (weighted over outputs) plus regularization losses; for custom trainStep. */
  computeLoss(y: Tensor[], yPred: Tensor[], sampleWeight: Tensor | null = null): Tensor {
    return trainer.computeLoss(this, y, yPred, sampleWeight);
  }
}

function isFitArgs(v: object): v is FitArgs {
  const keys = ['epochs', 'batchSize', 'verbose', 'callbacks', 'validationData', 'stepsPerEpoch', 'validationSplit', 'initialEpoch'];
  return Object.keys(v).some((k) => keys.includes(k));
}

function toList(x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor[] {
  return Array.isArray(x) ? x : [x];
}

/** Layers held by a subclassed model's properties (directly, or in arrays), in definition order. */
function discoverLayers(owner: object): Layer[] {
  const out: Layer[] = [];
  for (const value of Object.values(owner)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) if (item instanceof Layer && item !== owner && !out.includes(item)) out.push(item);
  }
  return out;
}

export { isShapeList };
