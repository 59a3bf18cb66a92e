/**
 * Keras's Lambda layer, for loading only: its function never comes from the file (which would
 * mean running stored code) but from the `customObjects` map the caller passes to loadModel with
 * `safeMode: false`, looked up by the function's name or the layer's name.
 */
import { FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { Layer, type CallArgs, type LayerInputs } from '../layers/layer.js';
import { registeredLayerClasses, registerLayer } from '../layers/registry.js';

export type LambdaFunction = (inputs: Tensor | Tensor[]) => Tensor | Tensor[];

let activeObjects: Record<string, unknown> | null = null;

/** Runs `fn` while `customObjects` may resolve Lambda layers (loading is synchronous inside). */
export function withCustomObjects<T>(customObjects: Record<string, unknown>, fn: () => T): T {
  const previous = activeObjects;
  activeObjects = customObjects;
  try {
    return fn();
  } finally {
    activeObjects = previous;
  }
}

export class Lambda extends Layer {
  static override readonly className: string = 'Lambda';
  readonly functionName: string | null;
  private readonly fn: LambdaFunction;

  constructor(args: { name?: string; trainable?: boolean; functionName?: string | null; fn: LambdaFunction }) {
    super({ ...(args.name === undefined ? {} : { name: args.name }), ...(args.trainable === undefined ? {} : { trainable: args.trainable }) });
    this.functionName = args.functionName ?? null;
    this.fn = args.fn;
  }

  override call(inputs: LayerInputs, _args: CallArgs): LayerInputs {
    return this.fn(inputs);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), functionName: this.functionName };
  }
}

registerLayer('Lambda', (config) => {
  if (activeObjects === null) {
    // Outside a load with customObjects there is no way to build a Lambda: it is as unknown as any unregistered class.
    throw new FluxionError(
      `Unknown layer class "Lambda". Registered layer classes: ${registeredLayerClasses().filter((c) => c !== 'Lambda').join(', ')}. ` +
        'Custom layers must be registered with fx.layers.registerLayer(className, factory). A Lambda layer holds code, so it is only built by ' +
        'fx.models.loadModel with {safeMode: false, customObjects: {name: fn}}.',
    );
  }
  const name = typeof config['name'] === 'string' ? config['name'] : undefined;
  const functionName = typeof config['functionName'] === 'string' ? config['functionName'] : null;
  const candidates = [functionName, name].filter((k): k is string => typeof k === 'string');
  const found = activeObjects === null ? undefined : candidates.map((k) => activeObjects?.[k]).find((v) => typeof v === 'function');
  if (found === undefined) {
    throw new FluxionError(
      `Lambda: layer "${name ?? '(unnamed)'}" needs its function from customObjects (looked up as ${candidates.map((c) => `"${c}"`).join(' or ') || 'nothing'}), ` +
        'but none was given. Load with {safeMode: false, customObjects: {name: fn}}; code stored in a file is never run.',
    );
  }
  return new Lambda({ ...(name === undefined ? {} : { name }), functionName, fn: found as LambdaFunction });
});
