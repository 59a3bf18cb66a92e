// Node.js module resolution hook: tfjs-core's ES module build (dist/*.js) imports its files without
// extensions ('./gradients/Conv2D_grad'), which Node's ESM loader rejects. The benchmark needs that
// build only for dist/register_all_gradients.js (TensorFlow.js's gradient definitions are not in
// the CommonJS bundle that `import '@tensorflow/tfjs-core'` loads in Node.js); both builds share
// one engine and registry through globalThis.
export async function resolve(specifier, context, next) {
  const fromTf = context.parentURL !== undefined && context.parentURL.includes('/@tensorflow/tfjs-core/dist/');
  if (fromTf && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}
