/**
 * Symbolic tensors: the placeholders the Functional API passes between layers before any data
 * exists. Shapes keep `null` for unknown dimensions (the batch dimension, at least).
 */
import type { DType } from '../core/dtype.js';
import type { Layer } from './layer.js';

export type ShapeWithNull = (number | null)[];

let nextSymbolicId = 0;

export class SymbolicTensor {
  readonly id = nextSymbolicId++;
  constructor(
    readonly shape: ShapeWithNull,
    readonly dtype: DType,
    /** The layer that produced it, its call (node) index and its output index. */
    readonly sourceLayer: Layer,
    readonly nodeIndex: number,
    readonly tensorIndex: number,
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
}

export function formatShape(shape: ShapeWithNull): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}
