/**
 * Building a model from a file allocates its weights (through the initializers) before the file's
 * values are copied in, so a hostile config (units: 1e9) could allocate far more than the file
 * holds. The initializers of the config are therefore wrapped so that all of them together may
 * create at most as many values as the file stores (plus an allowance when strict is off), and
 * input shapes and integers in the config are bounded before anything is built.
 */
import type { DType } from '../../core/dtype.js';
import { FluxionError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { getInitializer, Initializer, type InitializerIdentifier } from '../../layers/initializers.js';

/** Elements one input of a model may have per example while the model is built (64 MB of float32). */
export const MAX_INPUT_ELEMENTS = 2 ** 24;

export class WeightBudget {
  private used = 0;
  constructor(readonly limit: number, readonly where: string) {}
  take(shape: number[]): void {
    const n = shape.reduce((a, b) => a * b, 1);
    this.used += n;
    if (this.used > this.limit) {
      throw new FluxionError(
        `${this.where}: the model config asks for weights of shape [${shape.join(',')}], which brings the model to ${this.used} values, but a file of this size allows at most ${this.limit}; ` +
          'the config does not match the weights (or is hostile), so the model is not built.',
      );
    }
  }
}

/** An initializer that counts what it creates against the budget and otherwise is the wrapped one. */
class BudgetedInitializer extends Initializer {
  readonly className: string;
  constructor(private readonly inner: Initializer, private readonly budget: WeightBudget) {
    super();
    this.className = inner.className;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    this.budget.take(shape);
    return this.inner.apply(shape, dtype);
  }
  override getConfig(): Record<string, unknown> {
    return this.inner.getConfig();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkShape(value: unknown, key: string, layer: string, where: string): void {
  if (!Array.isArray(value)) return;
  const n = value.reduce((acc: number, d) => acc * (typeof d === 'number' && d > 0 ? d : 1), 1);
  if (n > MAX_INPUT_ELEMENTS) {
    throw new FluxionError(`${where}: layer "${layer}" has ${key} ${JSON.stringify(value)} (${n} values per example); Fluxion builds models from files with inputs of at most ${MAX_INPUT_ELEMENTS} values per example.`);
  }
}

function checkIntegers(value: unknown, path: string, where: string): void {
  if (typeof value === 'number') {
    if (Math.abs(value) > 2 ** 31) throw new FluxionError(`${where}: the model config has ${path} = ${value}, which is beyond any size a model uses (2^31); the file is corrupt.`);
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkIntegers(v, `${path}[${i}]`, where));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) checkIntegers(v, `${path}.${k}`, where);
}

function resolveInitializer(v: string | Record<string, unknown>, key: string, layer: string, where: string): Initializer {
  const bad = (why: string): FluxionError =>
    new FluxionError(`${where}: layer "${layer}" has ${key} ${JSON.stringify(v)}, ${why}; expected an initializer name or {class_name, config}.`);
  if (isRecord(v) && (typeof v['className'] !== 'string' || (v['config'] !== undefined && !isRecord(v['config'])))) throw bad('which is malformed');
  try {
    return getInitializer(v as InitializerIdentifier);
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw bad(`which cannot be created (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Wraps the initializers of every layer config in the tree (in place) and checks sizes. */
export function guardLayerConfigs(spec: unknown, budget: WeightBudget): void {
  checkIntegers(spec, 'config', budget.where);
  const visitLayer = (node: unknown): void => {
    if (!isRecord(node) || !isRecord(node['config'])) return;
    const config = node['config'];
    const name = typeof config['name'] === 'string' ? config['name'] : String(node['className']);
    for (const [k, v] of Object.entries(config)) {
      if (k.endsWith('Initializer') && v !== undefined && v !== null && (typeof v === 'string' || isRecord(v))) {
        config[k] = new BudgetedInitializer(resolveInitializer(v, k, name, budget.where), budget);
      }
      if (k === 'batchShape' || k === 'batchInputShape' || k === 'inputShape') checkShape(v, k, name, budget.where);
    }
    for (const key of ['layers', 'layer', 'backwardLayer', 'cell']) {
      const child = config[key];
      if (Array.isArray(child)) child.forEach(visitLayer);
      else visitLayer(child);
    }
  };
  visitLayer(spec);
}
