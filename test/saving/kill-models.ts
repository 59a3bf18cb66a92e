/** The two models the kill test saves: ~0.5M parameters (a ~2 MB file, so a save takes milliseconds). */
import * as fx from '../../src/index.js';

export function bigModel(seed: number): fx.Model {
  fx.setSeed(seed);
  return fx.sequential({ layers: [fx.layers.dense({ units: 1024, inputShape: [256], activation: 'relu' }), fx.layers.dense({ units: 256 })] });
}

export function probe(): fx.Tensor {
  fx.setSeed(99);
  return fx.randomNormal([2, 256]);
}
