/**
 * Sequential: a linear stack of layers. With an input shape (on the first layer, or an
 * fx.input-made InputLayer) it is a Functional graph at once; otherwise it builds on its first
 * call from the data's shape, as in Keras.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { InputLayer, input } from '../layers/input-layer.js';
import { Layer, uniqueName, type CallArgs, type LayerInputs } from '../layers/layer.js';
import { deserializeLayer, registerLayer, serializeLayer } from '../layers/registry.js';
import { SymbolicTensor, type ShapeWithNull } from '../layers/symbolic.js';
import { Model, type ModelArgs } from './model.js';

export interface SequentialArgs extends ModelArgs {
  layers?: Layer[];
}

/** Keras 3's Sequential config: the InputLayer comes first when the input shape is known. */
export type SequentialConfig = {
  name: string;
  trainable: boolean;
  layers: { className: string; config: Record<string, unknown> }[];
};

export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  private stack: Layer[] = [];

  constructor(args: SequentialArgs = {}) {
    super({ ...args, name: args.name ?? uniqueName('sequential'), inputs: undefined, outputs: undefined });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  override getClassName(): string {
    return 'Sequential';
  }

  override isGraph(): boolean {
    return super.isGraph();
  }

  /** Appends a layer; with a known input shape the graph grows at once (and checks shapes). */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new FluxionError(`Sequential.add: expected a layer (e.g. fx.layers.dense({units: 10})), but received ${String(layer)}.`);
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0) throw new FluxionError('Sequential.add: an InputLayer can only be the first layer.');
      this.stack.push(layer);
      this.rebuildGraph();
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new FluxionError(`Sequential.add: the model already has a layer named "${layer.name}"; layer names must be unique.`);
    }
    this.stack.push(layer);
    this.rebuildGraph();
  }

  /** Removes the last layer. */
  pop(): void {
    if (this.stack.length === 0) throw new FluxionError('Sequential.pop: the model has no layers.');
    this.stack.pop();
    this.outputs = [];
    this.rebuildGraph();
  }

  private inputShapeFromStack(): ShapeWithNull | null {
    const first = this.stack[0];
    return first === undefined ? null : first.batchInputShape;
  }

  /** Extends the graph by the newest layer, or builds it from scratch (after pop, or on first build). */
  private rebuildGraph(): void {
    const shape = this.inputShapeFromStack();
    if (shape === null) return;
    const newest = this.stack[this.stack.length - 1] as Layer;
    if (this.isGraph() && !(newest instanceof InputLayer)) {
      this.extend([this.inputs[0] as SymbolicTensor], this.outputs[0] as SymbolicTensor, newest);
      return;
    }
    const first = this.stack[0] as Layer;
    const x0: SymbolicTensor = first instanceof InputLayer ? first.output : input({ batchShape: shape, dtype: first.dtype });
    let x = x0;
    for (const layer of this.stack) if (!(layer instanceof InputLayer)) x = this.applyOne(layer, x);
    this.initGraph([x0], [x]);
  }

  private extend(inputs: SymbolicTensor[], last: SymbolicTensor, layer: Layer): void {
    this.initGraph(inputs, [this.applyOne(layer, last)]);
  }

  private applyOne(layer: Layer, x: SymbolicTensor): SymbolicTensor {
    const out = layer.apply(x);
    if (Array.isArray(out)) {
      throw new FluxionError(`Sequential: layer "${layer.name}" has several outputs; use the Functional API for it.`);
    }
    return out;
  }

  override get layers(): Layer[] {
    return this.stack.filter((l) => !(l instanceof InputLayer));
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    if (this.isGraph()) return;
    if (Array.isArray(inputShape[0])) throw new FluxionError('Sequential: expects a single input.');
    const shape = [null, ...(inputShape as ShapeWithNull).slice(1)];
    const x0 = input({ batchShape: shape });
    let x: SymbolicTensor = x0;
    for (const layer of this.stack) if (!(layer instanceof InputLayer)) x = this.applyOne(layer, x);
    this.initGraph([x0], [x]);
  }

  override call(inputs: LayerInputs, args: CallArgs): LayerInputs {
    if (this.stack.length === 0) throw new FluxionError(`Sequential model "${this.name}" has no layers; add some with model.add(layer).`);
    if (!this.isGraph()) {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!(x instanceof Tensor)) throw new FluxionError('Sequential: expects a single input tensor.');
      this.build(x.shape);
    }
    return super.call(inputs, args);
  }

  override getConfig(): SequentialConfig {
    const head = this.isGraph() ? [serializeLayer(this.inputs[0]?.sourceLayer as Layer)] : [];
    return { name: this.name, trainable: this.trainable, layers: [...head, ...this.layers.map(serializeLayer)] };
  }

  /** Rebuilds a Sequential model from getConfig()'s output (after JSON too), InputLayer included. */
  static override fromConfig(config: Record<string, unknown>): Sequential {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new FluxionError(`Sequential.fromConfig: expected a config object, but received ${describeValue(config)}.`);
    }
    const { name, trainable, layers } = config;
    if (!Array.isArray(layers)) {
      throw new FluxionError(`Sequential.fromConfig: config.layers must be a list of {className, config}, but received ${describeValue(layers)}.`);
    }
    if (name !== undefined && typeof name !== 'string') throw new FluxionError(`Sequential.fromConfig: name must be a string, but received ${describeValue(name)}.`);
    if (trainable !== undefined && typeof trainable !== 'boolean') {
      throw new FluxionError(`Sequential.fromConfig: trainable must be a boolean, but received ${describeValue(trainable)}.`);
    }
    const model = new Sequential({ ...(name === undefined ? {} : { name }), ...(trainable === undefined ? {} : { trainable }) });
    layers.forEach((spec: unknown, i) => {
      if (typeof spec !== 'object' || spec === null || typeof (spec as { className?: unknown }).className !== 'string') {
        throw new FluxionError(`Sequential.fromConfig: layers[${i}] must be {className, config}, but received ${describeValue(spec)}.`);
      }
      const { className, config: layerConfig } = spec as { className: string; config?: unknown };
      if (layerConfig !== undefined && (typeof layerConfig !== 'object' || layerConfig === null || Array.isArray(layerConfig))) {
        throw new FluxionError(`Sequential.fromConfig: layers[${i}].config must be an object, but received ${describeValue(layerConfig)}.`);
      }
      model.add(deserializeLayer({ className, ...(layerConfig === undefined ? {} : { config: layerConfig as Record<string, unknown> }) }));
    });
    return model;
  }
}

registerLayer('Sequential', (c) => Sequential.fromConfig(c));
