import * as fx from '../../../src/index.js';
import type { InputSpec } from '../../helpers/random-inputs.js';
import type { ConformanceCase } from './types.js';

type T = fx.Tensor;
type DT = 'float32' | 'float64' | 'int32' | 'bool';

/**
 * Extreme arguments of the SIMD transcendental functions: overflow and underflow thresholds of
 * exp (88.72, -87.3 where results turn denormal, -103.9 where they flush to zero), the branch
 * points of tanh (0.625), expm1 (ln2/2) and erf (1, and 1/sqrt2 scaled for gelu), denormal
 * inputs, huge values, NaN and both infinities.
 */
const EXTREMES = [
  -3e38, -1e10, -105, -104, -103.9, -100, -88.8, -88.7, -87.4, -50, -20, -10, -9, -5, -3.5, -2, -1.4142, -1, -0.7, -0.625,
  -0.5, -0.3466, -0.3, -1e-3, -1e-7, -1e-30, -1e-40, 0, 1e-40, 1e-30, 1e-7, 1e-3, 0.3, 0.3466, 0.5, 0.625, 0.7, 1, 1.4142,
  2, 3.5, 3.9, 5, 9, 10, 20, 50, 87.4, 88, 88.7, 88.72, 100, 1e10, 3e38, NaN, Infinity, -Infinity,
];
const ext = (dtype: DT = 'float32'): InputSpec => ({ shape: [EXTREMES.length], values: EXTREMES, dtype });

/** Odd lengths (SIMD tails), a length above the threading threshold. */
const LENGTHS = [1, 7, 8, 9, 31, 1025, 100003];

function unaryRows(op: string, f: (x: T) => T, range: [number, number], extremes = true): ConformanceCase[] {
  const rows: ConformanceCase[] = LENGTHS.map((n) => ({ op, label: `[${n}]`, inputs: [{ shape: [n], range }], fn: f }));
  rows.push({ op, label: 'wide range, float32', inputs: [{ shape: [4099], range: [range[0] * 10, range[1] * 10] }], fn: f });
  rows.push({ op, label: 'float64', inputs: [{ shape: [1029], range, dtype: 'float64' }], fn: f });
  rows.push({ op, label: 'empty', inputs: [{ shape: [0, 3] }], fn: f });
  if (extremes) {
    rows.push({ op, label: 'extreme values, float32', inputs: [ext()], fn: f });
    rows.push({ op, label: 'extreme values, float64', inputs: [ext('float64')], fn: f });
  }
  return rows;
}

const unaries: Array<[string, (x: T) => T, [number, number]]> = [
  ['neg', fx.neg, [-3, 3]],
  ['abs', fx.abs, [-3, 3]],
  ['exp', fx.exp, [-10, 10]],
  ['expm1', fx.expm1, [-2, 2]],
  ['log', fx.log, [0, 10]],
  ['log1p', fx.log1p, [-0.99, 10]],
  ['sqrt', fx.sqrt, [0, 10]],
  ['rsqrt', fx.rsqrt, [0.01, 10]],
  ['reciprocal', fx.reciprocal, [-3, 3]],
  ['square', fx.square, [-3, 3]],
  ['sin', fx.sin, [-10, 10]],
  ['cos', fx.cos, [-10, 10]],
  ['tan', fx.tan, [-1.5, 1.5]],
  ['asin', fx.asin, [-1, 1]],
  ['acos', fx.acos, [-1, 1]],
  ['atan', fx.atan, [-5, 5]],
  ['asinh', fx.asinh, [-5, 5]],
  ['acosh', fx.acosh, [1, 5]],
  ['atanh', fx.atanh, [-0.99, 0.99]],
  ['sinh', fx.sinh, [-5, 5]],
  ['cosh', fx.cosh, [-5, 5]],
  ['tanh', fx.tanh, [-5, 5]],
  ['sigmoid', fx.sigmoid, [-10, 10]],
  ['softplus', fx.softplus, [-10, 10]],
  ['softsign', fx.softsign, [-5, 5]],
  ['relu', fx.relu, [-3, 3]],
  ['relu6', fx.relu6, [-3, 9]],
  ['elu', (x) => fx.elu(x, 0.7), [-5, 5]],
  ['selu', fx.selu, [-5, 5]],
  ['leakyRelu', (x) => fx.leakyRelu(x, 0.1), [-3, 3]],
  ['gelu', (x) => fx.gelu(x, false), [-6, 6]],
  ['gelu (tanh form)', (x) => fx.gelu(x, true), [-6, 6]],
  ['erf', fx.erf, [-3, 3]],
  ['floor', fx.floor, [-5, 5]],
  ['ceil', fx.ceil, [-5, 5]],
  ['sign', fx.sign, [-2, 2]],
  ['step', (x) => fx.step(x, 0.25), [-2, 2]],
  ['clipByValue', (x) => fx.clipByValue(x, -0.5, 0.75), [-2, 2]],
  ['isNaN', fx.isNaN, [-2, 2]],
  ['isFinite', fx.isFinite, [-2, 2]],
  ['isInf', fx.isInf, [-2, 2]],
];

const r: [number, number] = [-2, 2];

const binaries: Array<[string, (a: T, b: T) => T]> = [
  ['add', fx.add],
  ['sub', fx.sub],
  ['mul', fx.mul],
  ['div', fx.div],
  ['maximum', fx.maximum],
  ['minimum', fx.minimum],
  ['pow', fx.pow],
  ['squaredDifference', fx.squaredDifference],
  ['equal', fx.equal],
  ['notEqual', fx.notEqual],
  ['less', fx.less],
  ['lessEqual', fx.lessEqual],
  ['greater', fx.greater],
  ['greaterEqual', fx.greaterEqual],
  ['divNoNan', fx.divNoNan],
  ['floorDiv', fx.floorDiv],
  ['mod', fx.mod],
  ['atan2', fx.atan2],
  ['prelu', fx.prelu],
];

/** Operand shapes: same shape, scalars, row and column broadcasts, a 3-d broadcast, empty, large. */
const BROADCASTS: Array<[string, number[], number[]]> = [
  ['same shape, odd length', [1025], [1025]],
  ['scalar b', [37], []],
  ['scalar a', [], [37]],
  ['row broadcast [m, n] + [n]', [64, 33], [33]],
  ['column broadcast [m, n] + [m, 1]', [64, 33], [64, 1]],
  ['[3, 1, 5] with [4, 1]', [3, 1, 5], [4, 1]],
  ['[1, 5] with [7, 1]', [1, 5], [7, 1]],
  ['empty', [0, 5], [5]],
  ['above the threading threshold', [300, 1001], [1001]],
];

function binaryRows(op: string, f: (a: T, b: T) => T): ConformanceCase[] {
  const positive = op === 'pow';
  const range: [number, number] = positive ? [0.1, 3] : r;
  const rows: ConformanceCase[] = BROADCASTS.map(([label, sa, sb]) => ({
    op,
    label,
    inputs: [
      { shape: sa, range },
      { shape: sb, range: positive ? [-2, 2] : r, awayFromZero: 0.05 },
    ],
    fn: f,
  }));
  rows.push({ op, label: 'float64, row broadcast', inputs: [{ shape: [17, 9], dtype: 'float64', range }, { shape: [9], dtype: 'float64', range: r, awayFromZero: 0.05 }], fn: f });
  const special = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2.5, -2.5, 1e-40];
  const a: number[] = [];
  const b: number[] = [];
  for (const x of special) {
    for (const y of special) {
      a.push(x);
      b.push(y);
    }
  }
  rows.push({ op, label: 'NaN, infinities, zeros (all pairs)', inputs: [{ shape: [a.length], values: a }, { shape: [b.length], values: b }], fn: f });
  rows.push({
    op,
    label: 'int32, column broadcast (zeros included)',
    inputs: [
      { shape: [6, 7], dtype: 'int32', range: [-9, 9] },
      { shape: [6, 1], dtype: 'int32', values: [3, -2, 0, 1, 7, -5] },
    ],
    fn: f,
  });
  return rows;
}

const INT_EDGES = [2147483647, -2147483648, 65536, -65536, 46341, 3, -7, 0];

export const cases: ConformanceCase[] = [
  ...unaries.flatMap(([op, f, range]) => unaryRows(op, f, range)),
  { op: 'round', label: 'halves to even', inputs: [{ shape: [12], values: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997, -3.7, 1e9 + 0.5, NaN, Infinity] }], fn: fx.round },
  ...unaryRows('round', fx.round, [-5, 5], false),
  { op: 'abs', label: 'int32 edges', inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }], fn: fx.abs },
  { op: 'neg', label: 'int32 edges', inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }], fn: fx.neg },
  { op: 'square', label: 'int32 edges (wraps as JS)', inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }], fn: fx.square },
  { op: 'relu', label: 'int32', inputs: [{ shape: [31], dtype: 'int32' }], fn: fx.relu },
  { op: 'clipByValue', label: 'int32', inputs: [{ shape: [31], dtype: 'int32' }], fn: (x) => fx.clipByValue(x, -2, 3) },
  { op: 'logicalNot', inputs: [{ shape: [33], dtype: 'bool' }], fn: fx.logicalNot },

  ...binaries.flatMap(([op, f]) => binaryRows(op, f)),
  { op: 'mul', label: 'int32 overflow wraps as JS', inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }, { shape: [8], dtype: 'int32', values: [2, 2, 65536, 65537, 46341, -3, 5, 9] }], fn: fx.mul },
  { op: 'add', label: 'int32 overflow wraps', inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }, { shape: [], dtype: 'int32', values: [5] }], fn: fx.add },
  { op: 'equal', label: 'bool', inputs: [{ shape: [5, 3], dtype: 'bool' }, { shape: [3], dtype: 'bool' }], fn: fx.equal },
  { op: 'logicalAnd', inputs: [{ shape: [5, 3], dtype: 'bool' }, { shape: [3], dtype: 'bool' }], fn: fx.logicalAnd },
  { op: 'logicalOr', inputs: [{ shape: [5, 3], dtype: 'bool' }, { shape: [5, 1], dtype: 'bool' }], fn: fx.logicalOr },
  { op: 'logicalXor', inputs: [{ shape: [40], dtype: 'bool' }, { shape: [40], dtype: 'bool' }], fn: fx.logicalXor },

  { op: 'select', label: 'same shape, large', inputs: [{ shape: [70001], dtype: 'bool' }, { shape: [70001] }, { shape: [70001] }], fn: fx.where },
  { op: 'select', label: 'broadcast [4,1] / [3,1,5] / [5]', inputs: [{ shape: [4, 1], dtype: 'bool' }, { shape: [3, 1, 5] }, { shape: [5] }], fn: fx.where },
  { op: 'select', label: 'int32, scalar branch', inputs: [{ shape: [6, 7], dtype: 'bool' }, { shape: [6, 7], dtype: 'int32' }, { shape: [], dtype: 'int32' }], fn: fx.where },
  { op: 'select', label: 'float64', inputs: [{ shape: [9, 1], dtype: 'bool' }, { shape: [9, 11], dtype: 'float64' }, { shape: [11], dtype: 'float64' }], fn: fx.where },

  ...(['float32', 'float64', 'int32', 'bool'] as const).flatMap((to): ConformanceCase[] => [
    { op: 'cast', label: `float32 extremes to ${to}`, inputs: [{ shape: [12], values: [NaN, Infinity, -Infinity, 3e9, -3e9, 2.5, -2.5, 0.99, -0.99, 0, 1e-40, 2147483520] }], fn: (x: T) => fx.cast(x, to) },
    { op: 'cast', label: `float64 to ${to}`, inputs: [{ shape: [1025], dtype: 'float64', range: [-1e10, 1e10] as [number, number] }], fn: (x: T) => fx.cast(x, to) },
    { op: 'cast', label: `int32 to ${to}`, inputs: [{ shape: [8], dtype: 'int32', values: INT_EDGES }], fn: (x: T) => fx.cast(x, to) },
    { op: 'cast', label: `bool to ${to}`, inputs: [{ shape: [9], dtype: 'bool' }], fn: (x: T) => fx.cast(x, to) },
  ]),

  ...reductionRows(),
  ...softmaxRows(),
];

function reductionRows(): ConformanceCase[] {
  const rows: ConformanceCase[] = [];
  const reductions: Array<[string, (x: T, axis?: number | number[]) => T, [number, number]]> = [
    ['sum', (x, a) => fx.sum(x, a), r],
    ['mean', (x, a) => fx.mean(x, a), r],
    ['prod', (x, a) => fx.prod(x, a), [0.6, 1.5]],
    ['max', (x, a) => fx.max(x, a), r],
    ['min', (x, a) => fx.min(x, a), r],
    ['logSumExp', (x, a) => fx.logSumExp(x, a), [-20, 20]],
    ['euclideanNorm', (x, a) => fx.euclideanNorm(x, a), r],
  ];
  const layouts: Array<[string, number[], number | number[] | undefined]> = [
    ['all of [1000003] (chunked across threads)', [1000003], undefined],
    ['all of [31]', [31], undefined],
    ['[128, 1000] axis 1', [128, 1000], 1],
    ['[1000, 257] axis 0', [1000, 257], 0],
    ['[4, 5, 6, 7] axes [0, 2] (transposed)', [4, 5, 6, 7], [0, 2]],
    ['[4, 5, 6, 7] axes [1, 3] (transposed)', [4, 5, 6, 7], [1, 3]],
    ['[4, 5, 6, 7] axes [1, 2]', [4, 5, 6, 7], [1, 2]],
    ['[3, 1, 4] axes [0, 1] (size-1 axis)', [3, 1, 4], [0, 1]],
    ['[6, 9] no axes', [6, 9], []],
    ['empty reduced axis [0, 5] axis 0', [0, 5], 0],
    ['empty kept axis [0, 5] axis 1', [0, 5], 1],
    ['empty [0, 3, 4, 5] axes [0, 2] (transposed)', [0, 3, 4, 5], [0, 2]],
  ];
  for (const [op, f, range] of reductions) {
    for (const [label, shape, axis] of layouts) {
      if (op === 'prod' && shape[0] === 1000003) continue; // the product over- or underflows
      rows.push({ op, label, inputs: [{ shape, range }], fn: (x) => f(x, axis) });
    }
    rows.push({ op, label: 'float64 [37, 41] axis 0', inputs: [{ shape: [37, 41], dtype: 'float64', range }], fn: (x) => f(x, 0) });
    if (op !== 'prod') rows.push({ op, label: 'float64 [200003] (chunked)', inputs: [{ shape: [200003], dtype: 'float64', range }], fn: (x) => f(x) });
    rows.push({ op, label: 'NaN and infinities', inputs: [{ shape: [4, 3], values: [1, NaN, 2, Infinity, 1, 2, -Infinity, -Infinity, -Infinity, 3, -Infinity, 5] }], fn: (x) => f(x, 1) });
  }
  rows.push({ op: 'sum', label: 'int32 [33, 7] axis 0', inputs: [{ shape: [33, 7], dtype: 'int32' }], fn: (x) => fx.sum(x, 0) });
  rows.push({ op: 'sum', label: 'bool to int32', inputs: [{ shape: [33, 7], dtype: 'bool' }], fn: (x) => fx.sum(x, 1) });
  rows.push({ op: 'max', label: 'int32, empty axis', inputs: [{ shape: [0, 3], dtype: 'int32' }], fn: (x) => fx.max(x, 0) });
  rows.push({ op: 'min', label: 'int32', inputs: [{ shape: [5, 9], dtype: 'int32' }], fn: (x) => fx.min(x, 1) });
  rows.push({ op: 'prod', label: 'int32 wraps as Math.imul', inputs: [{ shape: [2, 4], dtype: 'int32', values: [65536, 65536, 3, 7, 46341, 46341, -2, 5] }], fn: (x) => fx.prod(x, 1) });
  rows.push({ op: 'all', inputs: [{ shape: [6, 5], dtype: 'bool' }], fn: (x) => fx.all(x, 1) });
  rows.push({ op: 'any', inputs: [{ shape: [6, 5], dtype: 'bool' }], fn: (x) => fx.any(x, 0) });
  for (const [op, f] of [
    ['argMax', fx.argMax],
    ['argMin', fx.argMin],
  ] as const) {
    rows.push({ op, label: '[129, 1000] axis 1', inputs: [{ shape: [129, 1000] }], fn: (x) => f(x, 1) });
    rows.push({ op, label: '[4, 5, 6] axis 1', inputs: [{ shape: [4, 5, 6] }], fn: (x) => f(x, 1) });
    rows.push({ op, label: 'int32 ties, axis 0', inputs: [{ shape: [9, 8], dtype: 'int32', range: [0, 2] }], fn: (x) => f(x, 0) });
    rows.push({ op, label: 'NaN and infinities', inputs: [{ shape: [3, 3], values: [NaN, 1, 2, 1, NaN, 3, -Infinity, Infinity, Infinity] }], fn: (x) => f(x, 1) });
    rows.push({ op, label: 'float64', inputs: [{ shape: [7, 33], dtype: 'float64' }], fn: (x) => f(x, 1) });
  }
  return rows;
}

function softmaxRows(): ConformanceCase[] {
  const rows: ConformanceCase[] = [];
  const rowsWithExtremes = [
    [1, 2, 3, 4],
    [-Infinity, 0, 1, 2],
    [-Infinity, -Infinity, -Infinity, -Infinity],
    [Infinity, 0, 1, 2],
    [NaN, 0, 1, 2],
    [1e30, -1e30, 0, 3],
    [-100, -88.7, 88.7, 100],
  ].flat();
  for (const [op, f] of [
    ['softmax', fx.softmax],
    ['logSoftmax', fx.logSoftmax],
  ] as const) {
    rows.push({ op, label: '[128, 1000] last axis', inputs: [{ shape: [128, 1000], range: [-10, 10] }], fn: (x) => f(x) });
    rows.push({ op, label: 'odd row lengths [5, 1025]', inputs: [{ shape: [5, 1025], range: [-10, 10] }], fn: (x) => f(x) });
    rows.push({ op, label: '[7, 9, 5] axis 1 (strided)', inputs: [{ shape: [7, 9, 5], range: [-10, 10] }], fn: (x) => f(x, 1) });
    rows.push({ op, label: '[3, 7] row of 7', inputs: [{ shape: [3, 7] }], fn: (x) => f(x) });
    rows.push({ op, label: 'extreme rows', inputs: [{ shape: [7, 4], values: rowsWithExtremes }], fn: (x) => f(x) });
    rows.push({ op, label: 'empty', inputs: [{ shape: [0, 4] }], fn: (x) => f(x) });
    rows.push({ op, label: 'float64 [6, 33] axis 0', inputs: [{ shape: [6, 33], dtype: 'float64' }], fn: (x) => f(x, 0) });
  }
  const xent = (axis: number) => (z?: T, x?: T): T[] => {
    const loss = fx.softmaxCrossEntropyWithLogits(z!, x!, axis);
    const g = fx.grads((l: T) => fx.sum(fx.softmaxCrossEntropyWithLogits(z!, l, axis)))([x!])[0] as T;
    return [loss, g];
  };
  rows.push({ op: 'softmaxCrossEntropyWithLogits', label: '[64, 1000] last axis, with its gradient', inputs: [{ shape: [64, 1000], range: [0, 1] }, { shape: [64, 1000], range: [-10, 10] }], fn: xent(-1) });
  rows.push({ op: 'softmaxCrossEntropyWithLogits', label: '[5, 6, 7] axis 1', inputs: [{ shape: [5, 6, 7], range: [0, 1] }, { shape: [5, 6, 7] }], fn: xent(1) });
  rows.push({ op: 'softmaxCrossEntropyWithLogits', label: 'extreme logits', inputs: [{ shape: [7, 4], range: [0, 1] }, { shape: [7, 4], values: rowsWithExtremes }], fn: (z, x) => fx.softmaxCrossEntropyWithLogits(z!, x!) });
  rows.push({ op: 'softmaxCrossEntropyWithLogits', label: 'float64', inputs: [{ shape: [9, 13], dtype: 'float64', range: [0, 1] }, { shape: [9, 13], dtype: 'float64' }], fn: xent(-1) });
  rows.push({ op: 'sigmoidCrossEntropyWithLogits', label: '[100003]', inputs: [{ shape: [100003], range: [0, 1] }, { shape: [100003], range: [-20, 20] }], fn: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!) });
  rows.push({ op: 'sigmoidCrossEntropyWithLogits', label: 'extreme logits', inputs: [{ shape: [EXTREMES.length], range: [0, 1] }, ext()], fn: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!) });
  rows.push({ op: 'sigmoidCrossEntropyWithLogits', label: 'float64', inputs: [{ shape: [33], dtype: 'float64', range: [0, 1] }, { shape: [33], dtype: 'float64', range: [-20, 20] }], fn: (z, x) => fx.sigmoidCrossEntropyWithLogits(z!, x!) });
  return rows;
}
