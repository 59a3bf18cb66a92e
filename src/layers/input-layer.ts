/** The Input layer and fx.input(): the entry points of a Functional model. */
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { Layer, uniqueName, type LayerArgs } from './layer.js';
import { registerLayer } from './registry.js';
import { SymbolicTensor, type ShapeWithNull } from './symbolic.js';

export interface InputArgs {
  /** Shape without the batch dimension; null for unknown dimensions. */
  shape?: ShapeWithNull;
  /** Shape with the batch dimension. */
  batchShape?: ShapeWithNull;
  batchSize?: number;
  dtype?: DType;
  name?: string;
  /** Accepted for Keras compatibility (getConfig writes it); Fluxion has no sparse tensors, so only false. */
  sparse?: boolean;
}

export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  readonly output: SymbolicTensor;

  /** Accepts fx.input()'s arguments and getConfig()'s output ({name, dtype, batchShape, sparse}). */
  constructor(args: InputArgs & LayerArgs) {
    if (args === null || typeof args !== 'object') {
      throw new FluxionError(`input: expected an object such as {shape: [784]}, but received ${describeValue(args)}.`);
    }
    if (args.sparse === true) {
      throw new FluxionError(`input "${args.name ?? 'input_layer'}": sparse inputs are not supported; Fluxion tensors are dense (give sparse: false or leave it out).`);
    }
    const batchShape = args.batchShape ?? args.batchInputShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : null);
    if (batchShape === null || !Array.isArray(batchShape)) {
      throw new FluxionError(
        `input: give the input's shape, e.g. fx.input({shape: [784]}) (without the batch dimension); received ${describeValue(args.shape ?? args.batchShape)}.`,
      );
    }
    for (const d of batchShape) {
      if (d !== null && !(Number.isInteger(d) && d >= 0)) {
        throw new FluxionError(`input: every dimension of the shape must be a non-negative integer or null, but the shape is ${JSON.stringify(batchShape)}.`);
      }
    }
    super({ name: args.name ?? uniqueName('input_layer'), dtype: args.dtype ?? 'float32', batchInputShape: batchShape });
    this.built = true;
    this.output = new SymbolicTensor([...batchShape], this.dtype, this, 0, 0, this.name);
    this.inboundNodes.push({ layer: this, inputs: [], outputs: [this.output], callArgs: {} });
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype, batchShape: this.batchInputShape, sparse: false };
  }
}

registerLayer('InputLayer', (c) => new InputLayer(c as InputArgs & LayerArgs));

/** fx.input({shape}): a symbolic input for the Functional API. */
export function input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}
