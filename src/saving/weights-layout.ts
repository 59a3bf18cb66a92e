/**
 * Where each variable of a model lives in a Keras 3 `model.weights.h5` (saving_lib._save_state):
 * every saveable object writes its own variables to `<path>/vars/<i>` (trainable first, then
 * non-trainable; Fluxion's layers create them in that order) and then its children under attribute names: a Sequential or
 * Functional model's `layers` list, named by the snake_case class name with a counter
 * (`layers/dense`, `layers/dense_1`, `layers/functional/layers/dense`); an RNN's `cell`; a
 * Bidirectional's `forward_layer` and `backward_layer`; a wrapper's `layer`; MultiHeadAttention's
 * EinsumDense sublayers `query_dense`, `key_dense`, `value_dense`, `output_dense`. The optimizer's
 * variables go to `optimizer/vars/<i>` in Keras 3's order.
 */
import type { Variable } from '../core/tensor.js';
import { InputLayer } from '../layers/input-layer.js';
import type { Layer } from '../layers/layer.js';
import { Model } from '../models/model.js';
import { kerasClassSnake } from './keras-config.js';

export interface LayoutGroup {
  /** e.g. 'layers/dense' ('' for the model itself). */
  path: string;
  /** The variables stored as `<path>/vars/0..n-1`. */
  vars: Variable[];
  /** Older spellings Keras used for this path (e.g. MultiHeadAttention's `_query_dense`). */
  aliases: string[];
  /** Which layer these variables belong to, for messages. */
  owner: string;
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}/${b}`;
}

function ownWeights(layer: Layer): Variable[] {
  const inSub = new Set(layer.sublayers().flatMap((l) => l.weights));
  return layer.weights.filter((w) => !inSub.has(w));
}

const MHA_PARTS: [string, string][] = [
  ['query', 'query_dense'],
  ['key', 'key_dense'],
  ['value', 'value_dense'],
  ['attention_output', 'output_dense'],
];

function childNames(layer: Layer): string[] {
  const cls = layer.getClassName();
  if (cls === 'Bidirectional') return ['forward_layer', 'backward_layer'];
  if (cls === 'TimeDistributed') return ['layer'];
  return layer.sublayers().map(() => 'cell');
}

function layoutInto(layer: Layer, path: string, out: LayoutGroup[], visited: Set<Layer>): void {
  if (visited.has(layer)) return;
  visited.add(layer);
  const own = ownWeights(layer);
  if (layer.getClassName() === 'MultiHeadAttention') {
    out.push({ path, vars: [], aliases: [], owner: layer.name });
    for (const [part, attr] of MHA_PARTS) {
      const vars = own.filter((w) => w.name.startsWith(`${layer.name}/${part}/`));
      out.push({ path: join(path, attr), vars, aliases: [join(path, `_${attr}`)], owner: `${layer.name}/${part}` });
    }
    return;
  }
  out.push({ path, vars: own, aliases: [], owner: layer.name });
  if (layer instanceof Model) {
    const layers = layer.getClassName() === 'Sequential' ? layer.layers.filter((l) => !(l instanceof InputLayer)) : layer.layers;
    const used = new Map<string, number>();
    for (const child of layers) {
      let name = kerasClassSnake(child.getClassName());
      const n = used.get(name);
      used.set(name, n === undefined ? 0 : n + 1);
      if (n !== undefined) name = `${name}_${n + 1}`;
      layoutInto(child, join(join(path, 'layers'), name), out, visited);
    }
    return;
  }
  const names = childNames(layer);
  layer.sublayers().forEach((child, i) => layoutInto(child, join(path, names[i] ?? `sublayer_${i}`), out, visited));
}

/** The model's variable groups in Keras 3's layout (the model's own `vars` group first). */
export function weightsLayout(model: Model): LayoutGroup[] {
  const out: LayoutGroup[] = [];
  layoutInto(model, '', out, new Set());
  return out;
}
