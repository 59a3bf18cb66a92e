/**
 * What every converter shares: the context it receives (the layer, its config, the ONNX names of
 * its inputs and their static shapes), weight lookup, and the channels-first wrapper.
 */
import { FluxionError } from '../../core/errors.js';
import type { Variable } from '../../core/tensor.js';
import type { Layer, ShapeWithNull } from '../../layers/layer.js';
import { toChannelsFirst, toChannelsLast, type GraphBuilder } from '../graph.js';

export interface ConvertContext {
  g: GraphBuilder;
  layer: Layer;
  config: Record<string, unknown>;
  inputs: string[];
  inputShapes: ShapeWithNull[];
  outputShapes: ShapeWithNull[];
}

export type Converter = (ctx: ConvertContext) => string[];

export function fail(ctx: ConvertContext, what: string): never {
  throw new FluxionError(`onnx.exportModel: layer "${ctx.layer.name}" (${ctx.layer.getClassName()}) cannot be exported: ${what}.`);
}

export function weight(ctx: ConvertContext, suffix: string): Variable | null {
  return ctx.layer.weights.find((w) => w.name.endsWith(`/${suffix}`)) ?? null;
}

export function requireWeight(ctx: ConvertContext, suffix: string): Variable {
  const w = weight(ctx, suffix);
  if (w === null) fail(ctx, `it has no "${suffix}" weight (is it built?)`);
  return w;
}

export function values(v: Variable): Float32Array {
  return Float32Array.from(v.dataSync() as ArrayLike<number>);
}

/** Permutes a row-major array of the given shape. */
export function permuteArray(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
  const out = new Float32Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += (idx[d] as number) * (inStrides[perm[d] as number] as number);
    out[o] = data[src] as number;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outShape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function name(ctx: ConvertContext): string {
  return ctx.layer.name;
}


export function channelsLast(ctx: ConvertContext): boolean {
  const df = ctx.config['dataFormat'];
  return df === undefined || df === null || df === 'channelsLast';
}

/** Runs `body` on the input in channels-first layout and returns the result in the model's layout. */
export function inChannelsFirst(ctx: ConvertContext, body: (x: string) => string): string {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  if (!channelsLast(ctx)) return body(ctx.inputs[0] as string);
  const x = ctx.g.transpose(ctx.inputs[0] as string, toChannelsFirst(rank), name(ctx));
  return ctx.g.transpose(body(x), toChannelsLast(rank), name(ctx));
}

