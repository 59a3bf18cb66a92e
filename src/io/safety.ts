/**
 * The safe-loading rule shared by the formats (as Keras 3's safe_mode): loading never runs code
 * from a file. A config that names a class holding code (Lambda) is refused unless the caller
 * passes `safeMode: false`; a class that is not registered is refused always, with the list of
 * what is registered (only registered classes are ever instantiated, and no config string is
 * evaluated).
 */
import { FluxionError } from '../core/errors.js';
import { registeredLayerClasses } from '../layers/registry.js';

/** Layer classes whose config carries code (Python bytecode or a function's source). */
export const CODE_CLASSES: readonly string[] = ['Lambda', 'TFOpLambda', 'SlicingOpLambda'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every layer class named in a {className, config} tree (nested models and wrappers included). */
export function layerClassesIn(spec: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    const cls = node['className'] ?? node['class_name'];
    const config = node['config'];
    if (typeof cls === 'string' && (config === undefined || isRecord(config))) found.push(cls);
    if (isRecord(config)) {
      visit(config['layers']);
      visit(config['layer']);
      visit(config['backwardLayer'] ?? config['backward_layer']);
      visit(config['cell']);
    }
  };
  visit(spec);
  return found;
}

/**
 * Throws a FluxionError when the config names a code-carrying class (unless safeMode is false) or
 * a class that no one registered. `where` is the loading function, for the message.
 */
export function refuseUnsafeClasses(spec: unknown, safeMode: boolean, where: string): void {
  const classes = layerClassesIn(spec);
  // A registered code class (the Lambda of src/saving/lambda.ts) is built only from a function the caller
  // passes to a Keras archive load (customObjects); this format cannot name one, so here it counts as unknown.
  const registered = new Set(registeredLayerClasses().filter((c) => !CODE_CLASSES.includes(c)));
  for (const cls of classes) {
    if (CODE_CLASSES.includes(cls) && safeMode) {
      throw new FluxionError(
        `${where}: the model config contains a ${cls} layer, which carries code; loading it would run code from the file, so it is refused in safe mode. ` +
          `If you trust the file, register a "${cls}" layer class yourself (fx.layers.registerLayer) and pass safeMode: false.`,
      );
    }
    if (!registered.has(cls)) {
      throw new FluxionError(
        `${where}: the model config names the layer class "${cls}", which is not registered, so it cannot be created (no code from a file is ever run). ` +
          `Registered layer classes: ${[...registered].sort().join(', ')}. Register custom layers with fx.layers.registerLayer(className, factory).`,
      );
    }
  }
}
