/**
 * Models: the Functional API (a graph of layer calls from fx.input() to outputs), Sequential
 * (src/models/sequential.ts) and subclassing (`class M extends fx.Model { call(...) {...} }`).
 * A model is a layer, so models nest. Training (compile/fit/evaluate/predict) is installed by
 * src/training, which sits above this module.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { InputLayer } from '../layers/input-layer.js';
import { isShapeList, Layer, snakeCase, uniqueName, type CallArgs, type LayerArgs, type LayerInputs, type Node } from '../layers/layer.js';
import { deserializeLayer, registerLayer } from '../layers/registry.js';
import { SymbolicTensor, type ShapeWithNull } from '../layers/symbolic.js';
import type { History } from '../callbacks/history.js';
import type { Optimizer } from '../optimizers/index.js';
import * as trainer from '../training/trainer.js';
import type { CompileArgs } from '../training/trainer.js';
import type { BatchSource, EvaluateArgs, FitArgs, PredictArgs, StepData, TensorOrArrayOrMap } from '../training/types.js';
import { printSummary } from './summary.js';
import { loadWeightsInto, saveModel, type LoadOptions, type SaveOptions, type SaveResult } from '../io/router.js';

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

  /**
   * Keras 3's config. Functional models: {name, trainable, layers: [{className, name, config,
   * inboundNodes}], inputLayers, outputLayers} (see FunctionalConfig); Model.fromConfig rebuilds
   * the model from it. Subclassed models: {name, trainable}.
   */
  override getConfig(): Record<string, unknown> {
    if (!this.isGraph()) return { name: this.name, trainable: this.trainable };
    return functionalConfig(this, this.singleInput, this.singleOutput);
  }

  /**
   * Rebuilds a Functional model from getConfig()'s output (after JSON too): recreates every layer
   * with the layer registry, then replays the recorded layer calls once their inputs exist.
   */
  static fromConfig(config: Record<string, unknown>): Model {
    return functionalFromConfig(config);
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

  /**
   * Saves the whole model (architecture, weights and, by default, the optimizer's state): a path
   * ending in `.keras` (Keras 3's archive) or `.h5`, a `file://` or `http(s)://` URL or an IO
   * handler (TensorFlow.js's Layers format). The formats register themselves in src/io/router.ts.
   */
  save(target: unknown, options: SaveOptions = {}): Promise<SaveResult> {
    return saveModel(this, target, options, 'model');
  }

  /** Saves the weights only (Keras 3's `.weights.h5`, safetensors, ...). */
  saveWeights(target: unknown, options: SaveOptions = {}): Promise<SaveResult> {
    return saveModel(this, target, options, 'weights');
  }

  /** Loads weights saved by saveWeights (or by Keras 3) into this model; resolves to the model. */
  loadWeights(source: unknown, options: LoadOptions = {}): Promise<Model> {
    return loadWeightsInto(this, source, options);
  }
}

// ---------------------------------------------------------------- serialization (Keras 3's functional config)

/** A tensor of the graph: [layer name, node index (the layer's call, numbered within this model), output index]. */
export type TensorRef = [layerName: string, nodeIndex: number, tensorIndex: number];
/** An input of a layer call: its TensorRef, plus the call's arguments (e.g. {training: true}) when it had any. */
export type InboundRef = TensorRef | [layerName: string, nodeIndex: number, tensorIndex: number, callArgs: Record<string, unknown>];

export type FunctionalLayerConfig = {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** One entry per call of the layer inside the model (in order): the inputs of that call. */
  inboundNodes: InboundRef[][];
};

export type FunctionalConfig = {
  name: string;
  trainable: boolean;
  layers: FunctionalLayerConfig[];
  /** A single TensorRef for a model made with a single (non-list) input, else a list (Keras 3's structure). */
  inputLayers: TensorRef | TensorRef[];
  outputLayers: TensorRef | TensorRef[];
};

function functionalConfig(model: Model, singleInput: boolean, singleOutput: boolean): FunctionalConfig {
  const nodes = model.graphNodes();
  const layers = model.layers;
  const names = new Set<string>();
  for (const l of layers) {
    if (names.has(l.name)) {
      throw new FluxionError(`Model "${model.name}".getConfig: two layers are named "${l.name}"; layer names must be unique within a model to serialize it.`);
    }
    names.add(l.name);
  }
  // Number each layer's calls in the order they appear in this model (the model's inputs first),
  // so that calls made in other models do not shift the indices.
  const localIndex = new Map<Node, number>();
  const callCounts = new Map<Layer, number>();
  const number = (node: Node): void => {
    if (localIndex.has(node)) return;
    const k = callCounts.get(node.layer) ?? 0;
    localIndex.set(node, k);
    callCounts.set(node.layer, k + 1);
  };
  for (const t of model.inputs) number(producingNode(model, t));
  for (const node of nodes) number(node);
  const ref = (t: SymbolicTensor): TensorRef => {
    const k = localIndex.get(producingNode(model, t));
    if (k === undefined) throw new FluxionError(`Model "${model.name}".getConfig: tensor "${t.name}" is not produced inside the model.`);
    return [t.sourceLayer.name, k, t.tensorIndex];
  };
  const layerConfigs = layers.map((layer): FunctionalLayerConfig => {
    const calls = layer instanceof InputLayer ? [] : nodes.filter((n) => n.layer === layer);
    return {
      className: layer.getClassName(),
      name: layer.name,
      config: layer.getConfig(),
      inboundNodes: calls.map((node) => {
        const args = serializeCallArgs(model, node);
        return node.inputs.map((t): InboundRef => (args === null ? ref(t) : [...ref(t), args]));
      }),
    };
  });
  const inputs = model.inputs.map(ref);
  const outputs = model.outputs.map(ref);
  return {
    name: model.name,
    trainable: model.trainable,
    layers: layerConfigs,
    inputLayers: singleInput && inputs.length === 1 ? (inputs[0] as TensorRef) : inputs,
    outputLayers: singleOutput && outputs.length === 1 ? (outputs[0] as TensorRef) : outputs,
  };
}

function producingNode(model: Model, t: SymbolicTensor): Node {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  if (node === undefined) throw new FluxionError(`Model "${model.name}".getConfig: tensor "${t.name}" has no producing layer call.`);
  return node;
}

/** The call's explicit arguments (null when none); masks flow through the graph and are not saved. */
function serializeCallArgs(model: Model, node: Node): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.callArgs)) {
    if (value === undefined || (key === 'mask' && value === null)) continue;
    if (value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      out[key] = value;
      continue;
    }
    throw new FluxionError(
      `Model "${model.name}".getConfig: layer "${node.layer.name}" was called with ${key} = ${describeValue(value)}, which cannot be serialized; ` +
        'only booleans, finite numbers, strings and null call arguments can be saved.',
    );
  }
  return Object.keys(out).length === 0 ? null : out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTensorRefLike(v: unknown): v is unknown[] {
  return Array.isArray(v) && (v.length === 3 || v.length === 4) && typeof v[0] === 'string';
}

function parseTensorRef(v: unknown, where: string): TensorRef {
  if (!isTensorRefLike(v) || !Number.isInteger(v[1]) || (v[1] as number) < 0 || !Number.isInteger(v[2]) || (v[2] as number) < 0) {
    throw new FluxionError(`Model.fromConfig: ${where} must be [layerName, nodeIndex, tensorIndex], but received ${JSON.stringify(v) ?? describeValue(v)}.`);
  }
  return [v[0] as string, v[1] as number, v[2] as number];
}

function parseRefStructure(v: unknown, key: string): TensorRef | TensorRef[] {
  if (isTensorRefLike(v)) return parseTensorRef(v, key);
  if (!Array.isArray(v) || v.length === 0) {
    throw new FluxionError(`Model.fromConfig: ${key} must be a [layerName, nodeIndex, tensorIndex] triple or a non-empty list of them, but received ${describeValue(v)}.`);
  }
  return v.map((r, i) => parseTensorRef(r, `${key}[${i}]`));
}

interface ParsedCall {
  inputs: TensorRef[];
  callArgs: CallArgs;
}

function parseLayerConfig(v: unknown, i: number): FunctionalLayerConfig {
  if (!isRecord(v) || typeof v['className'] !== 'string' || typeof v['name'] !== 'string') {
    throw new FluxionError(`Model.fromConfig: layers[${i}] must be {className, name, config, inboundNodes}, but received ${describeValue(v)}.`);
  }
  const config = v['config'] ?? {};
  const inbound = v['inboundNodes'] ?? [];
  if (!isRecord(config)) throw new FluxionError(`Model.fromConfig: layer "${v['name']}": config must be an object, but received ${describeValue(config)}.`);
  if (!Array.isArray(inbound) || !inbound.every((n) => Array.isArray(n))) {
    throw new FluxionError(`Model.fromConfig: layer "${v['name']}": inboundNodes must be a list of calls (each a list of inputs), but received ${describeValue(inbound)}.`);
  }
  return { className: v['className'], name: v['name'], config, inboundNodes: inbound as InboundRef[][] };
}

function parseCall(layerName: string, node: InboundRef[], k: number): ParsedCall {
  const where = `layer "${layerName}", call ${k}`;
  if (node.length === 0) throw new FluxionError(`Model.fromConfig: ${where} has no inputs.`);
  let callArgs: CallArgs = {};
  const inputs = node.map((entry, j) => {
    const refWhere = `${where}, input ${j}`;
    const extra: unknown = Array.isArray(entry) ? entry[3] : undefined;
    if (extra !== undefined) {
      if (!isRecord(extra)) throw new FluxionError(`Model.fromConfig: ${refWhere}: the call arguments must be an object, but received ${describeValue(extra)}.`);
      callArgs = extra as CallArgs;
    }
    return parseTensorRef(entry, refWhere);
  });
  return { inputs, callArgs };
}

/** Model.fromConfig: recreates the layers, then replays their calls in dependency order. */
export function functionalFromConfig(config: Record<string, unknown>): Model {
  if (!isRecord(config)) throw new FluxionError(`Model.fromConfig: expected a config object, but received ${describeValue(config)}.`);
  const rawLayers = config['layers'];
  if (!Array.isArray(rawLayers)) {
    throw new FluxionError(`Model.fromConfig: config.layers must be a list of layer configs, but received ${describeValue(rawLayers)}.`);
  }
  const specs = rawLayers.map(parseLayerConfig);
  const inputRefs = parseRefStructure(config['inputLayers'], 'inputLayers');
  const outputRefs = parseRefStructure(config['outputLayers'], 'outputLayers');
  const name = config['name'];
  const trainable = config['trainable'];
  if (name !== undefined && typeof name !== 'string') throw new FluxionError(`Model.fromConfig: name must be a string, but received ${describeValue(name)}.`);
  if (trainable !== undefined && typeof trainable !== 'boolean') {
    throw new FluxionError(`Model.fromConfig: trainable must be a boolean, but received ${describeValue(trainable)}.`);
  }

  // Check every reference before creating anything, so that a bad config names what is wrong.
  const known = new Set<string>();
  for (const spec of specs) {
    if (known.has(spec.name)) throw new FluxionError(`Model.fromConfig: two layers are named "${spec.name}"; layer names must be unique.`);
    known.add(spec.name);
  }
  const missing = (what: string, layerName: string): FluxionError =>
    new FluxionError(`Model.fromConfig: ${what} refers to layer "${layerName}", but the config has no layer of that name (its layers: ${[...known].join(', ')}).`);
  const calls = new Map<string, ParsedCall[]>();
  for (const spec of specs) {
    const parsed = spec.inboundNodes.map((node, k) => parseCall(spec.name, node, k));
    parsed.forEach((call, k) => {
      for (const [from] of call.inputs) if (!known.has(from)) throw missing(`the input of layer "${spec.name}" (call ${k})`, from);
    });
    calls.set(spec.name, parsed);
  }
  for (const [from] of toRefList(inputRefs)) if (!known.has(from)) throw missing('inputLayers', from);
  for (const [from] of toRefList(outputRefs)) if (!known.has(from)) throw missing('outputLayers', from);

  // Create the layers; produced.get(name)[k] are the outputs of the layer's call k in this model.
  const created = new Map<string, Layer>();
  const produced = new Map<string, SymbolicTensor[][]>();
  for (const spec of specs) {
    const layer = deserializeLayer({ className: spec.className, config: spec.config });
    if (layer.name !== spec.name) {
      throw new FluxionError(`Model.fromConfig: the layer config named "${spec.name}" created a layer named "${layer.name}"; its config.name must match.`);
    }
    created.set(spec.name, layer);
    if (layer instanceof InputLayer) {
      if (spec.inboundNodes.length > 0) throw new FluxionError(`Model.fromConfig: InputLayer "${spec.name}" cannot have inbound nodes.`);
      produced.set(spec.name, [[layer.output]]);
    } else {
      produced.set(spec.name, []);
    }
  }
  const lookup = ([from, nodeIndex, tensorIndex]: TensorRef, where: string): SymbolicTensor | undefined => {
    const node = produced.get(from)?.[nodeIndex];
    if (node === undefined) return undefined;
    const t = node[tensorIndex];
    if (t === undefined) {
      throw new FluxionError(`Model.fromConfig: ${where} refers to output ${tensorIndex} of layer "${from}" (call ${nodeIndex}), but that call has ${node.length} output(s).`);
    }
    return t;
  };

  // Replay the calls: each layer's calls in order, a call as soon as all its inputs exist.
  const next = new Map<string, number>(specs.map((s) => [s.name, 0]));
  let remaining = [...calls.values()].reduce((n, c) => n + c.length, 0);
  while (remaining > 0) {
    let progress = false;
    for (const spec of specs) {
      const list = calls.get(spec.name) as ParsedCall[];
      let k = next.get(spec.name) as number;
      while (k < list.length) {
        const call = list[k] as ParsedCall;
        const inputs = call.inputs.map((r) => lookup(r, `the input of layer "${spec.name}" (call ${k})`));
        if (inputs.some((t) => t === undefined)) break;
        const layer = created.get(spec.name) as Layer;
        const ins = inputs as SymbolicTensor[];
        const out = layer.apply(ins.length === 1 ? (ins[0] as SymbolicTensor) : ins, call.callArgs);
        (produced.get(spec.name) as SymbolicTensor[][]).push(Array.isArray(out) ? out : [out]);
        k++;
        remaining--;
        progress = true;
      }
      next.set(spec.name, k);
    }
    if (!progress) {
      const stuck = specs.find((s) => (next.get(s.name) as number) < (calls.get(s.name) as ParsedCall[]).length) as FunctionalLayerConfig;
      const k = next.get(stuck.name) as number;
      const call = (calls.get(stuck.name) as ParsedCall[])[k] as ParsedCall;
      const waiting = call.inputs.filter((r) => produced.get(r[0])?.[r[1]] === undefined).map(([l, n]) => `call ${n} of layer "${l}"`);
      throw new FluxionError(
        `Model.fromConfig: cannot connect the graph: call ${k} of layer "${stuck.name}" needs ${waiting.join(', ')}, which the config never creates (or the calls form a cycle).`,
      );
    }
  }

  const resolve = (r: TensorRef, key: string): SymbolicTensor => {
    const t = lookup(r, key);
    if (t === undefined) throw new FluxionError(`Model.fromConfig: ${key} refers to call ${r[1]} of layer "${r[0]}", which the config never creates.`);
    return t;
  };
  const inputs = Array.isArray(inputRefs[0]) ? (inputRefs as TensorRef[]).map((r, i) => resolve(r, `inputLayers[${i}]`)) : resolve(inputRefs as TensorRef, 'inputLayers');
  const outputs = Array.isArray(outputRefs[0]) ? (outputRefs as TensorRef[]).map((r, i) => resolve(r, `outputLayers[${i}]`)) : resolve(outputRefs as TensorRef, 'outputLayers');
  return new Model({ inputs, outputs, ...(name === undefined ? {} : { name }), ...(trainable === undefined ? {} : { trainable }) });
}

function toRefList(refs: TensorRef | TensorRef[]): TensorRef[] {
  return Array.isArray(refs[0]) ? (refs as TensorRef[]) : [refs as TensorRef];
}

/**
 * Keras's model_from_config: a model from {className, config} ('Functional', 'Sequential', or
 * any registered model class).
 */
export function modelFromConfig(spec: { className: string; config?: Record<string, unknown> }): Model {
  if (!isRecord(spec) || typeof spec.className !== 'string') {
    throw new FluxionError(`modelFromConfig: expected {className, config}, but received ${describeValue(spec)}.`);
  }
  const m = deserializeLayer(spec);
  if (!(m instanceof Model)) throw new FluxionError(`modelFromConfig: class "${spec.className}" is a layer, not a model.`);
  return m;
}

registerLayer('Functional', (c) => Model.fromConfig(c));

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
