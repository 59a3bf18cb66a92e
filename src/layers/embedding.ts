/** Embedding: turns integer indices into dense vectors (a lookup into the `embeddings` weight). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { registerLayer } from './registry.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Size of the vocabulary: indices are in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default 'randomUniform' in [-0.05, 0.05] (Keras's 'uniform'). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Index 0 is padding: the output mask is `inputs != 0` (so inputDim must count it). */
  maskZero?: boolean;
  /** The fixed sequence length, when known (TensorFlow.js); gives the input shape [inputLength]. */
  inputLength?: number | number[] | null;
}

function positiveInt(arg: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) {
    throw new FluxionError(`Embedding: ${arg} must be a positive integer, but received ${describeValue(v)}.`);
  }
  return v as number;
}

export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength: number | number[] | null;
  embeddings: Variable | null = null;
  private readonly args: EmbeddingArgs;

  constructor(args: EmbeddingArgs) {
    const inputLength = args?.inputLength ?? null;
    const derived =
      args?.inputShape === undefined && args?.batchInputShape === undefined && inputLength !== null
        ? { inputShape: Array.isArray(inputLength) ? inputLength : [inputLength] }
        : {};
    super({ ...args, ...derived });
    this.inputDim = positiveInt('inputDim', args?.inputDim);
    this.outputDim = positiveInt('outputDim', args.outputDim);
    if (args.maskZero !== undefined && typeof args.maskZero !== 'boolean') {
      throw new FluxionError(`Embedding: maskZero must be a boolean, but received ${describeValue(args.maskZero)}.`);
    }
    this.maskZero = args.maskZero ?? false;
    this.inputLength = inputLength;
    this.supportsMasking = this.maskZero;
    this.args = args;
  }

  override build(_inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.args.embeddingsInitializer ?? { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } },
      regularizer: this.args.embeddingsRegularizer ?? null,
      constraint: this.args.embeddingsConstraint ?? null,
    });
    this.built = true;
  }

  private indices(inputs: LayerInputs): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    if (x.dtype === 'int32') return x;
    if (x.dtype === 'bool') {
      throw new FluxionError(`Layer "${this.name}" (Embedding) expects integer indices (int32, or floats holding integers), but received a bool tensor.`);
    }
    const values = x.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isInteger(v)) {
        throw new FluxionError(
          `Layer "${this.name}" (Embedding) expects integer indices, but the ${x.dtype} input holds ${v} at flat position ${i}. Round or cast the indices to int32.`,
        );
      }
    }
    return ops.cast(x, 'int32');
  }

  override call(inputs: LayerInputs): Tensor {
    const idx = this.indices(inputs);
    const values = idx.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < 0 || v >= this.inputDim) {
        throw new FluxionError(
          `Layer "${this.name}" (Embedding): index ${v} (at flat position ${i} of the input of shape [${idx.shape.join(', ')}]) is out of range; ` +
            `expected indices in [0, ${this.inputDim}) (inputDim=${this.inputDim}).`,
        );
      }
    }
    return ops.gather(this.embeddings as Variable, idx, 0);
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return [...(inputShape as ShapeWithNull), this.outputDim];
  }

  override computeMask(inputs: LayerInputs, _mask: Tensor | Tensor[] | null): Tensor | null {
    if (!this.maskZero) return null;
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    return ops.notEqual(x, 0);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: this.args.embeddingsInitializer ?? { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } },
      embeddingsRegularizer: this.args.embeddingsRegularizer ?? null,
      embeddingsConstraint: this.args.embeddingsConstraint ?? null,
      maskZero: this.maskZero,
      inputLength: this.inputLength,
    };
  }
}

registerLayer('Embedding', (c) => new Embedding(c as unknown as EmbeddingArgs));
