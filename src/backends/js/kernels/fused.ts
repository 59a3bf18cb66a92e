/**
 * Reference kernels of the fused ops: the product in float64 (the js batchMatMul on float64 copies), then the
 * bias and the activation in float64, rounded once to the output dtype.
 */
import { makeTypedArray } from '../../../core/dtype.js';
import type { FusedActivation } from '../../../core/kernel-defs/fused.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { broadcastShapes } from '../../../core/shape.js';
import { linalgKernels } from './linalg.js';
import { broadcastIndexMap, output } from './util.js';

/** The scalar activation of a fused kernel (elu with alpha 1, as TensorFlow.js's fused ops). */
export function fusedActivation(activation: FusedActivation, leakyreluAlpha: number): (v: number) => number {
  switch (activation) {
    case 'linear': return (v) => v;
    case 'relu': return (v) => (v < 0 ? 0 : v);
    case 'relu6': return (v) => (v < 0 ? 0 : v > 6 ? 6 : v);
    case 'elu': return (v) => (v > 0 ? v : Math.expm1(v));
    case 'leakyrelu': return (v) => (v > 0 ? v : leakyreluAlpha * v);
    case 'sigmoid': return (v) => 1 / (1 + Math.exp(-v));
    case 'tanh': return Math.tanh;
  }
}

function asFloat64(t: KernelTensor): KernelTensor {
  return { shape: t.shape, dtype: 'float64', values: Float64Array.from(t.values) };
}

export const fusedKernels: KernelTable = {
  fusedMatMul: (inputs, { transposeA, transposeB, activation, leakyreluAlpha }) => {
    const [a, b, bias] = inputs as readonly [KernelTensor, KernelTensor, KernelTensor | undefined];
    const batchMatMul = linalgKernels.batchMatMul;
    if (!batchMatMul) throw new Error('fusedMatMul: the js batchMatMul kernel is missing');
    const prod = batchMatMul([asFloat64(a), asFloat64(b)], { transposeA, transposeB }) as KernelTensor;
    const act = fusedActivation(activation, leakyreluAlpha);
    const shape = bias ? broadcastShapes('fused.matMul', prod.shape, bias.shape) : prod.shape;
    const pv = prod.values;
    const out = makeTypedArray(a.dtype, pv.length);
    if (bias) {
      const bmap = broadcastIndexMap(bias.shape, shape);
      const bv = bias.values;
      for (let i = 0; i < pv.length; i++) out[i] = act((pv[i] as number) + (bv[bmap[i] as number] as number));
    } else {
      for (let i = 0; i < pv.length; i++) out[i] = act(pv[i] as number);
    }
    return output(out, shape, a.dtype);
  },
};
