/**
 * Linear algebra: matMul (batched, broadcasting batch dimensions), dot, outerProduct and einsum.
 * The matrix decompositions live in the `fx.linalg` namespace (linalg-ns.ts).
 */
import { upcastType, type DType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/linalg.js';
import { mul } from './binary.js';
import { binaryOperands, castTo, convertToTensor, requireDType } from './convert.js';
import { eye } from './creation.js';
import { reduceToShape } from './grad-util.js';
import { sum } from './reduction.js';
import { defineOp } from './registry.js';
import { reshape, transpose } from './shape.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32'];

/** Whether two shapes broadcast together (numpy rules). */
function canBroadcast(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const da = a[a.length - i] ?? 1;
    const db = b[b.length - i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return false;
  }
  return true;
}

/** Converts two operands (named as the op names them) and promotes them to a common dtype. */
function twoOperands(op: string, a: TensorLike, b: TensorLike, nameA: string, nameB: string): [Tensor, Tensor] {
  const ta = convertToTensor(a, nameA, op, b instanceof Tensor ? b.dtype : undefined);
  const tb = convertToTensor(b, nameB, op, a instanceof Tensor ? a.dtype : ta.dtype);
  const dtype = upcastType(ta.dtype, tb.dtype);
  const $a = castTo(ta, dtype);
  const $b = castTo(tb, dtype);
  requireDType(op, nameA, $a, NUMERIC);
  return [$a, $b];
}

/**
 * Matrix product of the last two dimensions; leading (batch) dimensions broadcast. Rank-1
 * operands are not promoted: use `dot` for vectors.
 */
export const matMul = defineOp(
  { name: 'matMul', family: 'linalg', dtypes: 'numeric', gradient: 'yes', kernels: ['batchMatMul'], method: true },
  (a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor => {
    const [$a, $b] = binaryOperands('matMul', a, b);
    requireDType('matMul', 'a', $a, ['float32', 'float64', 'int32']);
    if ($a.rank < 2 || $b.rank < 2) {
      throw new FluxionError(
        `matMul: both operands must have rank >= 2, but a has shape ${fmtShape($a.shape)} and b has shape ${fmtShape($b.shape)}. ` +
          'Use dot() for vectors, or expandDims() to make a row or column matrix.',
      );
    }
    const ka = transposeA ? $a.shape[$a.rank - 2] : $a.shape[$a.rank - 1];
    const kb = transposeB ? $b.shape[$b.rank - 1] : $b.shape[$b.rank - 2];
    if (ka !== kb) {
      const ia = transposeA ? $a.rank - 2 : $a.rank - 1;
      const ib = transposeB ? $b.rank - 1 : $b.rank - 2;
      const hint =
        !transposeB && $a.shape[$a.rank - 1] === $b.shape[$b.rank - 1]
          ? ' Did you mean transposeB=true?'
          : !transposeA && $a.shape[$a.rank - 2] === $b.shape[$b.rank - 2]
            ? ' Did you mean transposeA=true?'
            : '';
      throw new FluxionError(
        `matMul: inner dimensions must match: a has shape ${fmtShape($a.shape)} and b has shape ${fmtShape($b.shape)} ` +
          `(a.shape[${ia}]=${String(ka)} vs b.shape[${ib}]=${String(kb)}).${hint}`,
      );
    }
    if ($a.rank === 2 && $b.rank === 2) return runKernel('batchMatMul', [$a, $b], { transposeA, transposeB });
    const batchA = $a.shape.slice(0, -2);
    const batchB = $b.shape.slice(0, -2);
    if (!canBroadcast(batchA, batchB)) {
      throw new FluxionError(
        `matMul: the batch dimensions of a (shape ${fmtShape($a.shape)}) and b (shape ${fmtShape($b.shape)}) cannot be broadcast ` +
          `together: ${fmtShape(batchA)} vs ${fmtShape(batchB)}. Leading dimensions, aligned from the right, must be equal or 1.`,
      );
    }
    return runKernel('batchMatMul', [$a, $b], { transposeA, transposeB });
  },
);

registerGradient('batchMatMul', ([dy], { inputs: [a, b], attrs: { transposeA, transposeB }, needs }) => {
  // Each operand's gradient is one product; skip those no source needs (e.g. dX of a first layer).
  const da = (): Tensor =>
    !transposeA && !transposeB ? matMul(dy, b, false, true)
    : !transposeA && transposeB ? matMul(dy, b, false, false)
    : transposeA && !transposeB ? matMul(b, dy, false, true)
    : matMul(b, dy, true, true);
  const db = (): Tensor =>
    !transposeA && !transposeB ? matMul(a, dy, true, false)
    : !transposeA && transposeB ? matMul(dy, a, true, false)
    : transposeA && !transposeB ? matMul(a, dy, false, false)
    : matMul(dy, a, true, true);
  return [needs[0] === false ? null : reduceBatch(da(), a.shape), needs[1] === false ? null : reduceBatch(db(), b.shape)];
});

/** Sums a gradient over batch dimensions that broadcasting added or stretched. */
function reduceBatch(g: Tensor, shape: readonly number[]): Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  return reshape(reduceToShape(g, shape), shape);
}

/**
 * TensorFlow.js's dot: vector·vector (a scalar), matrix·vector, vector·matrix (vectors) and
 * matrix·matrix (matMul). Both operands must have rank 1 or 2.
 */
export const dot = defineOp(
  { name: 'dot', family: 'linalg', dtypes: 'numeric', gradient: 'yes', kernels: [], method: true },
  (t1: TensorLike, t2: TensorLike): Tensor => {
    const [$a, $b] = twoOperands('dot', t1, t2, 't1', 't2');
    const okRank = (t: Tensor): boolean => t.rank === 1 || t.rank === 2;
    if (!okRank($a) || !okRank($b)) {
      throw new FluxionError(
        `dot: t1 and t2 must each have rank 1 or 2, but t1 has shape ${fmtShape($a.shape)} (rank ${$a.rank}) and t2 has shape ` +
          `${fmtShape($b.shape)} (rank ${$b.rank}). Use matMul() for batches of matrices or einsum() for other contractions.`,
      );
    }
    const innerA = $a.rank === 1 ? $a.size : ($a.shape[1] as number);
    const innerB = $b.rank === 1 ? $b.size : ($b.shape[0] as number);
    if (innerA !== innerB) {
      throw new FluxionError(
        `dot: inner dimensions must match: t1 has shape ${fmtShape($a.shape)} and t2 has shape ${fmtShape($b.shape)} ` +
          `(${innerA} vs ${innerB}).`,
      );
    }
    const a2 = $a.rank === 1 ? reshape($a, [1, innerA]) : $a;
    const b2 = $b.rank === 1 ? reshape($b, [innerB, 1]) : $b;
    const y = matMul(a2, b2);
    if ($a.rank === 1 && $b.rank === 1) return reshape(y, []);
    if ($a.rank === 1 || $b.rank === 1) return reshape(y, [y.size]);
    return y;
  },
);

/** The outer product of two vectors: [m] and [n] give the [m, n] matrix v1[i]·v2[j]. */
export const outerProduct = defineOp(
  { name: 'outerProduct', family: 'linalg', dtypes: 'numeric', gradient: 'yes', kernels: [] },
  (v1: TensorLike, v2: TensorLike): Tensor => {
    const [$a, $b] = twoOperands('outerProduct', v1, v2, 'v1', 'v2');
    for (const [name, t] of [['v1', $a], ['v2', $b]] as const) {
      if (t.rank !== 1) {
        throw new FluxionError(
          `outerProduct: ${name} must be a vector (rank 1), but has shape ${fmtShape(t.shape)}. ` +
            `Flatten it with reshape(${name}, [-1]) or use einsum() for higher ranks.`,
        );
      }
    }
    return matMul(reshape($a, [$a.size, 1]), reshape($b, [1, $b.size]));
  },
);

// ---------------------------------------------------------------- einsum

/** A tensor and the subscript letter of each of its axes. */
interface Labeled {
  t: Tensor;
  subs: string[];
}

function permuteTo(x: Labeled, order: readonly string[]): Tensor {
  return transpose(x.t, order.map((l) => x.subs.indexOf(l)));
}

/** Sums out the axes whose letters are not in `keep`. */
function sumOut(x: Labeled, keep: ReadonlySet<string>): Labeled {
  const axes = x.subs.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return x;
  return { t: sum(x.t, axes), subs: x.subs.filter((l) => keep.has(l)) };
}

/** Takes the diagonal over repeated letters of one operand ('ii->i', 'iij->ij'). */
function takeDiagonals(x: Labeled, sizes: ReadonlyMap<string, number>): Labeled {
  let cur = x;
  for (;;) {
    const q = cur.subs.findIndex((l, i) => cur.subs.indexOf(l) !== i);
    if (q < 0) return cur;
    const letter = cur.subs[q] as string;
    const p = cur.subs.indexOf(letter);
    const n = sizes.get(letter) ?? 0;
    const maskShape = cur.subs.map((_, i) => (i === p || i === q ? n : 1));
    const mask = reshape(eye(n, n, undefined, cur.t.dtype), maskShape);
    cur = { t: sum(mul(cur.t, mask), q), subs: cur.subs.filter((_, i) => i !== q) };
  }
}

/** Contracts two labeled operands, keeping the letters in `keep` (and those only one operand has). */
function contractPair(x: Labeled, y: Labeled, keep: ReadonlySet<string>, sizes: ReadonlyMap<string, number>): Labeled {
  const a = sumOut(x, new Set([...keep, ...y.subs]));
  const b = sumOut(y, new Set([...keep, ...a.subs]));
  const inA = new Set(a.subs);
  const inB = new Set(b.subs);
  const batch = a.subs.filter((l) => inB.has(l) && keep.has(l));
  const contracted = a.subs.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.subs.filter((l) => !inB.has(l));
  const bOnly = b.subs.filter((l) => !inA.has(l));
  const size = (ls: readonly string[]): number => ls.reduce((p, l) => p * (sizes.get(l) ?? 1), 1);
  const nb = size(batch);
  const m = size(aOnly);
  const k = size(contracted);
  const n = size(bOnly);
  let r: Tensor;
  if (contracted.length === 0) {
    r = mul(reshape(permuteTo(a, [...batch, ...aOnly]), [nb, m, 1]), reshape(permuteTo(b, [...batch, ...bOnly]), [nb, 1, n]));
  } else {
    // pick the layouts that need no data movement when the operands already have them
    const isOrder = (t: Labeled, order: readonly string[]): boolean => order.every((l, i) => t.subs[i] === l);
    const transposeA = isOrder(a, [...batch, ...contracted, ...aOnly]) && !isOrder(a, [...batch, ...aOnly, ...contracted]);
    const transposeB = isOrder(b, [...batch, ...bOnly, ...contracted]) && !isOrder(b, [...batch, ...contracted, ...bOnly]);
    const a3 = transposeA
      ? reshape(permuteTo(a, [...batch, ...contracted, ...aOnly]), [nb, k, m])
      : reshape(permuteTo(a, [...batch, ...aOnly, ...contracted]), [nb, m, k]);
    const b3 = transposeB
      ? reshape(permuteTo(b, [...batch, ...bOnly, ...contracted]), [nb, n, k])
      : reshape(permuteTo(b, [...batch, ...contracted, ...bOnly]), [nb, k, n]);
    r = matMul(a3, b3, transposeA, transposeB);
  }
  const subs = [...batch, ...aOnly, ...bOnly];
  return { t: reshape(r, subs.map((l) => sizes.get(l) ?? 1)), subs };
}

function checkSubscripts(equation: string, term: string, where: string): void {
  if (term.includes('.')) {
    throw new FluxionError(
      `einsum: the equation '${equation}' uses an ellipsis ('...') in ${where}, which is not supported; ` +
        'name every axis with a letter, e.g. \'bij,bjk->bik\'.',
    );
  }
  const bad = [...term].find((c) => !/[a-zA-Z]/.test(c));
  if (bad !== undefined) {
    throw new FluxionError(
      `einsum: the equation '${equation}' has the character '${bad}' in ${where}; subscripts must be letters a-z or A-Z, ` +
        "with ',' between operands and '->' before the output.",
    );
  }
}

/**
 * Einstein summation, e.g. 'ij,jk->ik' (matMul), 'bij,bjk->bik', 'bhqd,bhkd->bhqk', 'ij->ji',
 * 'ij->i', 'i,i->', 'i,j->ij', 'ij,ij->ij', 'ii->i' (diagonal). Without '->' the output is the
 * letters that appear exactly once, in alphabetical order (numpy's implicit mode). Any number of
 * operands; they are contracted left to right with transpose/reshape/matMul/mul/sum.
 */
export const einsum = defineOp(
  { name: 'einsum', family: 'linalg', dtypes: 'numeric', gradient: 'yes', kernels: [] },
  (equation: string, ...tensors: TensorLike[]): Tensor => {
    if (typeof equation !== 'string') {
      throw new FluxionError(`einsum: equation must be a string such as 'ij,jk->ik', but received ${describeValue(equation)}.`);
    }
    const eq = equation.replace(/\s+/g, '');
    const sides = eq.split('->');
    if (sides.length > 2) {
      throw new FluxionError(`einsum: the equation '${equation}' has ${sides.length - 1} arrows ('->'); use at most one, e.g. 'ij,jk->ik'.`);
    }
    const terms = (sides[0] as string).split(',');
    if (terms.length !== tensors.length) {
      throw new FluxionError(
        `einsum: the equation '${equation}' has ${terms.length} input term${terms.length === 1 ? '' : 's'}, ` +
          `but ${tensors.length} tensor${tensors.length === 1 ? ' was' : 's were'} given; pass one tensor per comma-separated term.`,
      );
    }
    terms.forEach((term, i) => checkSubscripts(equation, term, `operand ${i}`));
    const converted = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'einsum'));
    const dtype = converted.reduce<DType>((d, t) => upcastType(d, t.dtype), 'bool');
    const operands = converted.map((t) => castTo(t, dtype));
    if (!NUMERIC.includes(dtype)) {
      throw new FluxionError(`einsum: the tensors must have dtype float32, float64 or int32, but have dtype ${dtype}. Cast them first, e.g. cast(x, 'float32').`);
    }

    const sizes = new Map<string, number>();
    const seenIn = new Map<string, number>();
    operands.forEach((t, i) => {
      const term = terms[i] as string;
      if (term.length !== t.rank) {
        throw new FluxionError(
          `einsum: operand ${i} has ${term.length} subscript${term.length === 1 ? '' : 's'} ('${term}') but rank ${t.rank} ` +
            `(shape ${fmtShape(t.shape)}); give one letter per axis.`,
        );
      }
      [...term].forEach((l, axis) => {
        const d = t.shape[axis] as number;
        const known = sizes.get(l);
        if (known !== undefined && known !== d) {
          const first = seenIn.get(l) as number;
          throw new FluxionError(
            `einsum: subscript '${l}' has size ${known} in operand ${first} (shape ${fmtShape((operands[first] as Tensor).shape)}) ` +
              `but size ${d} in operand ${i} (shape ${fmtShape(t.shape)}); every axis labeled '${l}' must have the same size.`,
          );
        }
        sizes.set(l, d);
        if (!seenIn.has(l)) seenIn.set(l, i);
      });
    });

    let output: string[];
    if (sides.length === 2) {
      const out = sides[1] as string;
      checkSubscripts(equation, out, 'the output');
      output = [...out];
      const dup = output.find((l, i) => output.indexOf(l) !== i);
      if (dup !== undefined) {
        throw new FluxionError(
          `einsum: the output subscripts '${out}' repeat '${dup}'; each output letter may appear once ` +
            "(take a diagonal on the input side instead, e.g. 'ii->i').",
        );
      }
      const missing = output.find((l) => !sizes.has(l));
      if (missing !== undefined) {
        throw new FluxionError(`einsum: the output subscript '${missing}' of '${equation}' does not appear in any input term.`);
      }
    } else {
      const counts = new Map<string, number>();
      for (const term of terms) for (const l of term) counts.set(l, (counts.get(l) ?? 0) + 1);
      output = [...counts.keys()].filter((l) => counts.get(l) === 1).sort();
    }
    const outSet = new Set(output);

    const labeled = operands.map((t, i) => takeDiagonals({ t, subs: [...(terms[i] as string)] }, sizes));
    let acc = labeled[0] as Labeled;
    for (let i = 1; i < labeled.length; i++) {
      const later = new Set<string>(outSet);
      for (let j = i + 1; j < labeled.length; j++) for (const l of (labeled[j] as Labeled).subs) later.add(l);
      acc = contractPair(acc, labeled[i] as Labeled, later, sizes);
    }
    acc = sumOut(acc, outSet);
    return permuteTo(acc, output);
  },
);

