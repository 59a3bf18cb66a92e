/** Layer wrappers: Bidirectional (an RNN run both ways) and TimeDistributed (a layer applied to every time step). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { isShapeList, Layer, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { RNN } from './recurrent.js';
import { deserializeLayer, registerLayer, serializeLayer } from './registry.js';

type LayerSpec = { className: string; config?: Record<string, unknown> };

function toLayer(owner: string, arg: string, v: unknown): Layer {
  if (v instanceof Layer) return v;
  if (v !== null && typeof v === 'object' && typeof (v as { className?: unknown }).className === 'string') return deserializeLayer(v as LayerSpec);
  throw new FluxionError(`${owner}: ${arg} must be a layer, but received ${describeValue(v)}.`);
}

/** A fresh layer of the same class and configuration, with config fields overridden. */
function recreate(layer: Layer, overrides: Record<string, unknown>): Layer {
  const spec = serializeLayer(layer);
  return deserializeLayer({ className: spec.className, config: { ...spec.config, ...overrides } });
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run forwards; a copy with goBackwards flipped runs backwards. */
  layer: RNN | LayerSpec;
  /** How the two outputs are combined; null returns both. Default 'concat'. */
  mergeMode?: MergeMode;
  /** An explicit backward layer (its goBackwards must differ from the forward layer's). */
  backwardLayer?: RNN | LayerSpec;
}

/**
 * Runs an RNN forwards and a copy of it backwards over the input and merges the two outputs
 * (with returnSequences, the backward sequence is reversed back to input order first). As in
 * Keras, the forward layer is recreated from the given layer's configuration ("forward_<name>",
 * "backward_<name>"). Initial states: the forward layer's first, then the backward layer's.
 */
export class Bidirectional extends Layer {
  static override readonly className = 'Bidirectional';
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  private readonly explicitBackward: boolean;

  constructor(args: BidirectionalArgs) {
    super(args);
    const given = toLayer('Bidirectional', 'layer', args?.layer);
    if (!(given instanceof RNN)) {
      throw new FluxionError(
        `Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU or RNN), but received a ${given.getClassName()} layer ("${given.name}").`,
      );
    }
    const mergeMode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new FluxionError(`Bidirectional: mergeMode must be one of 'concat', 'sum', 'mul', 'ave' or null, but received ${describeValue(args.mergeMode)}.`);
    }
    this.mergeMode = mergeMode;
    this.forwardLayer = recreate(given, { name: `forward_${stripPrefix(given.name, 'forward_')}` }) as RNN;
    if (args.backwardLayer !== undefined) {
      const back = toLayer('Bidirectional', 'backwardLayer', args.backwardLayer);
      if (!(back instanceof RNN)) {
        throw new FluxionError(`Bidirectional: backwardLayer must be a recurrent layer, but received a ${back.getClassName()} layer ("${back.name}").`);
      }
      if (back.goBackwards === given.goBackwards) {
        throw new FluxionError(
          `Bidirectional: backwardLayer.goBackwards must be the opposite of layer.goBackwards, but both are ${String(given.goBackwards)}.`,
        );
      }
      for (const key of ['returnSequences', 'returnState', 'stateful'] as const) {
        if (back[key] !== given[key]) {
          throw new FluxionError(
            `Bidirectional: layer and backwardLayer must agree on ${key}, but layer.${key} is ${String(given[key])} and backwardLayer.${key} is ${String(back[key])}.`,
          );
        }
      }
      this.backwardLayer = recreate(back, { name: `backward_${stripPrefix(back.name, 'backward_')}` }) as RNN;
      this.explicitBackward = true;
    } else {
      this.backwardLayer = recreate(given, { name: `backward_${stripPrefix(given.name, 'forward_')}`, goBackwards: !given.goBackwards }) as RNN;
      this.explicitBackward = false;
    }
    this.returnSequences = given.returnSequences;
    this.returnState = given.returnState;
    this.supportsMasking = true;
    this.inputSpec = { ndim: 3 };
  }

  override sublayers(): Layer[] {
    return [this.forwardLayer, this.backwardLayer];
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = isShapeList(inputShape) ? (inputShape[0] as ShapeWithNull) : inputShape;
    this.forwardLayer.maybeBuild(shape);
    this.backwardLayer.maybeBuild(shape);
    this.built = true;
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0] as Tensor;
    const states = list.slice(1);
    const nf = this.forwardLayer.cell.stateSize.length;
    const nb = this.backwardLayer.cell.stateSize.length;
    if (states.length !== 0 && states.length !== nf + nb) {
      throw new FluxionError(
        `Layer "${this.name}" expects ${nf + nb} initial states (${nf} for the forward layer, then ${nb} for the backward layer), but received ${states.length}.`,
      );
    }
    const mask = Array.isArray(args.mask) ? (args.mask[0] ?? null) : (args.mask ?? null);
    const sub: CallArgs = { training: args.training ?? false, mask };
    const fwdIn: LayerInputs = states.length ? [x, ...states.slice(0, nf)] : x;
    const bwdIn: LayerInputs = states.length ? [x, ...states.slice(nf)] : x;
    const fwd = this.forwardLayer.apply(fwdIn, sub);
    const bwd = this.backwardLayer.apply(bwdIn, sub);
    const [y, ...fStates] = Array.isArray(fwd) ? fwd : [fwd];
    const [yb, ...bStates] = Array.isArray(bwd) ? bwd : [bwd];
    const yRev = this.returnSequences ? ops.reverse(yb as Tensor, 1) : (yb as Tensor);
    const merged = this.merge(y as Tensor, yRev);
    if (this.returnState) return [...merged, ...fStates, ...bStates];
    return merged.length === 1 ? (merged[0] as Tensor) : merged;
  }

  private merge(y: Tensor, yRev: Tensor): Tensor[] {
    switch (this.mergeMode) {
      case 'concat':
        return [ops.concat([y, yRev], -1)];
      case 'sum':
        return [ops.add(y, yRev)];
      case 'mul':
        return [ops.mul(y, yRev)];
      case 'ave':
        return [ops.mul(ops.add(y, yRev), 0.5)];
      default:
        return [y, yRev];
    }
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull | ShapeWithNull[] {
    const shape = isShapeList(inputShape) ? (inputShape[0] as ShapeWithNull) : inputShape;
    const f = this.forwardLayer.computeOutputShape(shape);
    const b = this.backwardLayer.computeOutputShape(shape);
    const fl = isShapeList(f) ? f : [f];
    const bl = isShapeList(b) ? b : [b];
    const out = fl[0] as ShapeWithNull;
    let outs: ShapeWithNull[];
    if (this.mergeMode === 'concat') {
      const last = out[out.length - 1];
      const lastB = (bl[0] as ShapeWithNull)[out.length - 1];
      outs = [[...out.slice(0, -1), last === null || last === undefined || lastB === null || lastB === undefined ? null : last + lastB]];
    } else if (this.mergeMode === null) outs = [out, [...(bl[0] as ShapeWithNull)]];
    else outs = [out];
    if (this.returnState) outs = [...outs, ...fl.slice(1), ...bl.slice(1)];
    return outs.length === 1 ? (outs[0] as ShapeWithNull) : outs;
  }

  override computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : mask;
    const outMask = this.returnSequences ? m : null;
    const nOut = this.mergeMode === null ? 2 : 1;
    const nStates = this.returnState ? this.forwardLayer.cell.stateSize.length + this.backwardLayer.cell.stateSize.length : 0;
    if (nOut + nStates === 1) return outMask;
    return [...new Array<Tensor | null>(nOut).fill(outMask), ...new Array<Tensor | null>(nStates).fill(null)] as Tensor[];
  }

  /** Resets the kept states of both (stateful) directions. */
  resetStates(): void {
    this.forwardLayer.resetStates();
    this.backwardLayer.resetStates();
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...super.getConfig(), layer: serializeLayer(this.forwardLayer), mergeMode: this.mergeMode };
    if (this.explicitBackward) config['backwardLayer'] = serializeLayer(this.backwardLayer);
    return config;
  }
}

export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step (every slice along axis 1). */
  layer: Layer | LayerSpec;
}

/**
 * Applies a layer to every temporal slice of a [batch, time, ...] input: the batch and time axes
 * are merged for one call of the inner layer and split again afterwards.
 */
export class TimeDistributed extends Layer {
  static override readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    this.layer = toLayer('TimeDistributed', 'layer', args?.layer);
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 3 };
  }

  override sublayers(): Layer[] {
    return [this.layer];
  }

  private innerShape(shape: ShapeWithNull): ShapeWithNull {
    const [b, t] = shape;
    return [b === null || b === undefined || t === null || t === undefined ? null : b * t, ...shape.slice(2)];
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const shape = isShapeList(inputShape) ? (inputShape[0] as ShapeWithNull) : inputShape;
    this.layer.maybeBuild(this.innerShape(shape));
    this.built = true;
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    const [b, t] = x.shape as [number, number];
    const flat = ops.reshape(x, [b * t, ...x.shape.slice(2)]);
    const m = Array.isArray(args.mask) ? (args.mask[0] ?? null) : (args.mask ?? null);
    const innerMask = m === null ? null : ops.reshape(m, [b * t, ...m.shape.slice(2)]);
    const y = this.layer.apply(flat, { training: args.training ?? false, mask: innerMask });
    if (Array.isArray(y)) {
      throw new FluxionError(`Layer "${this.name}" (TimeDistributed): the wrapped layer "${this.layer.name}" must return one tensor, but it returned ${y.length}.`);
    }
    return ops.reshape(y, [b, t, ...y.shape.slice(1)]);
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const shape = isShapeList(inputShape) ? (inputShape[0] as ShapeWithNull) : inputShape;
    const inner = this.layer.computeOutputShape(this.innerShape(shape));
    if (isShapeList(inner)) {
      throw new FluxionError(`Layer "${this.name}" (TimeDistributed): the wrapped layer "${this.layer.name}" must have one output.`);
    }
    return [shape[0] ?? null, shape[1] ?? null, ...inner.slice(1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: serializeLayer(this.layer) };
  }
}

registerLayer('Bidirectional', (c) => new Bidirectional(c as unknown as BidirectionalArgs));
registerLayer('TimeDistributed', (c) => new TimeDistributed(c as unknown as TimeDistributedArgs));
