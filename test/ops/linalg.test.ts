/** Forward values of the linalg family: matMul, dot, outerProduct, einsum and fx.linalg.*. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

type Nested = number | Nested[];

function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** Asserts shape, and values within tol (absolute + relative). */
function expectClose(t: fx.Tensor, expected: Nested, shape: number[], tol = 1e-5): void {
  assert.deepEqual(t.shape, shape, `shape ${JSON.stringify(t.shape)} vs ${JSON.stringify(shape)}`);
  const got = Array.from(t.dataSync());
  const want = flat(expected);
  assert.equal(got.length, want.length, 'number of values');
  got.forEach((v, i) => {
    const w = want[i] as number;
    assert.ok(Math.abs(v - w) <= tol * (1 + Math.abs(w)), `element ${i}: ${v} vs ${w}`);
  });
}

/** Naive reference matrix product of row-major [m,k]·[k,n]. */
function refMatMul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return out;
}

function seq(shape: number[], scale = 0.5, offset = -1): fx.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return fx.tensor(Array.from({ length: size }, (_, i) => ((i * 7) % 11) * scale + offset), shape);
}

describe('matMul', () => {
  test('2x2 known values', () => {
    expectClose(fx.matMul([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]], [2, 2]);
  });
  test('transposeA and transposeB give the products of the transposes', () => {
    const a = fx.tensor([[1, 3], [2, 4]]); // Aᵀ of [[1,2],[3,4]]
    const b = fx.tensor([[5, 7], [6, 8]]); // Bᵀ of [[5,6],[7,8]]
    expectClose(fx.matMul(a, [[5, 6], [7, 8]], true, false), [[19, 22], [43, 50]], [2, 2]);
    expectClose(fx.matMul([[1, 2], [3, 4]], b, false, true), [[19, 22], [43, 50]], [2, 2]);
    expectClose(fx.matMul(a, b, true, true), [[19, 22], [43, 50]], [2, 2]);
    expectClose(a.matMul(b, true, true), [[19, 22], [43, 50]], [2, 2]);
  });
  test('non-square shapes', () => {
    const a = seq([3, 4]);
    const b = seq([4, 2], 0.25, 0.5);
    expectClose(fx.matMul(a, b), refMatMul(a.dataSync(), b.dataSync(), 3, 4, 2), [3, 2]);
  });
  test('batched with equal batch dimensions', () => {
    const a = seq([2, 2, 3]);
    const b = seq([2, 3, 2], 0.3, 0);
    const av = a.dataSync();
    const bv = b.dataSync();
    const expected = [...refMatMul(av.subarray(0, 6), bv.subarray(0, 6), 2, 3, 2), ...refMatMul(av.subarray(6), bv.subarray(6), 2, 3, 2)];
    expectClose(fx.matMul(a, b), expected, [2, 2, 2]);
  });
  test('batch dimensions broadcast (size-1 and missing dims)', () => {
    const a = seq([2, 1, 2, 3]);
    const b = seq([3, 3, 2], 0.3, 0);
    const y = fx.matMul(a, b);
    assert.deepEqual(y.shape, [2, 3, 2, 2]);
    const av = a.dataSync();
    const bv = b.dataSync();
    const yv = y.dataSync();
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const want = refMatMul(av.subarray(i * 6, i * 6 + 6), bv.subarray(j * 6, j * 6 + 6), 2, 3, 2);
        want.forEach((w, k) => assert.ok(Math.abs(yv[(i * 3 + j) * 4 + k]! - w) < 1e-5));
      }
    }
    // a plain matrix against a batch
    assert.deepEqual(fx.matMul(seq([2, 3]), seq([4, 3, 5])).shape, [4, 2, 5]);
  });
  test('int32 stays int32, float64 stays float64, mixed promotes', () => {
    const yi = fx.matMul(fx.tensor([[1, 2], [3, 4]], undefined, 'int32'), fx.tensor([[5, 6], [7, 8]], undefined, 'int32'));
    assert.equal(yi.dtype, 'int32');
    assert.deepEqual(yi.arraySync(), [[19, 22], [43, 50]]);
    const yd = fx.matMul(fx.tensor([[0.1, 0.2]], undefined, 'float64'), fx.tensor([[0.3], [0.4]], undefined, 'float64'));
    assert.equal(yd.dtype, 'float64');
    assert.equal(yd.dataSync()[0], 0.1 * 0.3 + 0.2 * 0.4);
    const ym = fx.matMul(fx.tensor([[1, 2]], undefined, 'int32'), fx.tensor([[0.5], [0.25]]));
    assert.equal(ym.dtype, 'float32');
    expectClose(ym, [[1]], [1, 1]);
  });
  test('empty dimensions', () => {
    expectClose(fx.matMul(fx.zeros([0, 3]), fx.ones([3, 2])), [], [0, 2]);
    expectClose(fx.matMul(fx.ones([2, 0]), fx.ones([0, 3])), [[0, 0, 0], [0, 0, 0]], [2, 3]);
    expectClose(fx.matMul(fx.ones([0, 2, 2]), fx.ones([2, 2])), [], [0, 2, 2]);
  });
  test('size-1 matrices', () => {
    expectClose(fx.matMul([[3]], [[4]]), [[12]], [1, 1]);
    expectClose(fx.matMul([[1], [2]], [[3, 4]]), [[3, 4], [6, 8]], [2, 2]);
  });
});

describe('dot', () => {
  test('vector·vector is a scalar', () => {
    expectClose(fx.dot([1, 2, 3], [4, 5, 6]), 32, []);
  });
  test('matrix·vector and vector·matrix are vectors', () => {
    expectClose(fx.dot([[1, 2], [3, 4]], [1, 1]), [3, 7], [2]);
    expectClose(fx.dot([1, 1], [[1, 2], [3, 4]]), [4, 6], [2]);
  });
  test('matrix·matrix is matMul', () => {
    expectClose(fx.dot([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]], [2, 2]);
    expectClose(fx.tensor([[1, 2], [3, 4]]).dot([[5, 6], [7, 8]]), [[19, 22], [43, 50]], [2, 2]);
  });
  test('int32 and empty vectors', () => {
    const y = fx.dot(fx.tensor([1, 2], [2], 'int32'), fx.tensor([3, 4], [2], 'int32'));
    assert.equal(y.dtype, 'int32');
    assert.equal(y.dataSync()[0], 11);
    expectClose(fx.dot(fx.zeros([0]), fx.zeros([0])), 0, []);
    expectClose(fx.dot(fx.ones([2, 0]), fx.ones([0])), [0, 0], [2]);
  });
});

describe('outerProduct', () => {
  test('known values', () => {
    expectClose(fx.outerProduct([1, 2], [3, 4, 5]), [[3, 4, 5], [6, 8, 10]], [2, 3]);
  });
  test('size-1, empty and int32', () => {
    expectClose(fx.outerProduct([2], [3]), [[6]], [1, 1]);
    expectClose(fx.outerProduct(fx.zeros([0]), [1, 2, 3]), [], [0, 3]);
    const y = fx.outerProduct(fx.tensor([1, 2], [2], 'int32'), fx.tensor([3], [1], 'int32'));
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(y.arraySync(), [[3], [6]]);
  });
});

describe('einsum', () => {
  const a = fx.tensor([[1, 2], [3, 4]]);
  const b = fx.tensor([[5, 6], [7, 8]]);
  test('matrix product ij,jk->ik', () => {
    expectClose(fx.einsum('ij,jk->ik', a, b), [[19, 22], [43, 50]], [2, 2]);
    const x = seq([3, 4]);
    const y = seq([4, 5], 0.2, 0.1);
    expectClose(fx.einsum('ij,jk->ik', x, y), fx.matMul(x, y).arraySync() as Nested, [3, 5]);
  });
  test('batched bij,bjk->bik and attention bhqd,bhkd->bhqk', () => {
    const x = seq([2, 3, 4]);
    const y = seq([2, 4, 2], 0.2, 0.1);
    expectClose(fx.einsum('bij,bjk->bik', x, y), fx.matMul(x, y).arraySync() as Nested, [2, 3, 2]);
    const q = seq([2, 3, 4, 5]);
    const k = seq([2, 3, 6, 5], 0.3, 0.2);
    expectClose(fx.einsum('bhqd,bhkd->bhqk', q, k), fx.matMul(q, k, false, true).arraySync() as Nested, [2, 3, 4, 6]);
  });
  test('transpose and reductions', () => {
    const x = fx.tensor([[1, 2, 3], [4, 5, 6]]);
    expectClose(fx.einsum('ij->ji', x), [[1, 4], [2, 5], [3, 6]], [3, 2]);
    expectClose(fx.einsum('ij->i', x), [6, 15], [2]);
    expectClose(fx.einsum('ij->j', x), [5, 7, 9], [3]);
    expectClose(fx.einsum('ij->', x), 21, []);
  });
  test('dot, outer and elementwise products', () => {
    expectClose(fx.einsum('i,i->', [1, 2, 3], [4, 5, 6]), 32, []);
    expectClose(fx.einsum('i,j->ij', [1, 2], [3, 4, 5]), [[3, 4, 5], [6, 8, 10]], [2, 3]);
    expectClose(fx.einsum('ij,ij->ij', a, b), [[5, 12], [21, 32]], [2, 2]);
    expectClose(fx.einsum('ij,ij->', a, b), 70, []);
  });
  test('implicit output: letters used once, alphabetically (numpy)', () => {
    expectClose(fx.einsum('ij,jk', a, b), [[19, 22], [43, 50]], [2, 2]);
    expectClose(fx.einsum('ji', [[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]], [3, 2]);
    expectClose(fx.einsum('i,i', [1, 2], [3, 4]), 11, []);
  });
  test('diagonal and trace from repeated input subscripts', () => {
    expectClose(fx.einsum('ii->i', a), [1, 4], [2]);
    expectClose(fx.einsum('ii->', a), 5, []);
    expectClose(fx.einsum('ii', a), 5, []);
  });
  test('three operands and whitespace', () => {
    const c = fx.tensor([[1, 0], [0, 2]]);
    expectClose(fx.einsum(' ij, jk , kl -> il ', a, b, c), fx.matMul(fx.matMul(a, b), c).arraySync() as Nested, [2, 2]);
  });
  test('matches a brute-force sum over every subscript assignment', () => {
    const sizes: Record<string, number> = { a: 2, b: 3, c: 1, d: 4, e: 2 };
    const equations = ['ab,bd->ad', 'ab,bd->da', 'abc,cbd->ad', 'ab,ab->ba', 'abd,ae->bed', 'ab,b,bd->a', ',ab->ba', 'aab->b', 'ab,ba', 'dab,dbe->de'];
    for (const eq of equations) {
      const [lhs, out] = eq.includes('->') ? (eq.split('->') as [string, string]) : [eq, ''];
      const terms = lhs.split(',');
      const implicit = !eq.includes('->');
      const letters = [...new Set(terms.join(''))];
      const outLetters = implicit ? letters.filter((l) => terms.join('').split(l).length === 2).sort() : [...out];
      const ops = terms.map((t, i) => seq([...t].map((l) => sizes[l]!), 0.3 + 0.1 * i, -0.7));
      const outShape = outLetters.map((l) => sizes[l]!);
      const expected = new Array<number>(outShape.reduce((p, d) => p * d, 1)).fill(0);
      const idx: Record<string, number> = {};
      const visit = (k: number): void => {
        if (k === letters.length) {
          let prod = 1;
          terms.forEach((t, i) => {
            const shape = [...t].map((l) => sizes[l]!);
            let flatIdx = 0;
            [...t].forEach((l, ax) => (flatIdx = flatIdx * shape[ax]! + idx[l]!));
            prod *= ops[i]!.dataSync()[flatIdx]!;
          });
          let o = 0;
          outLetters.forEach((l, ax) => (o = o * outShape[ax]! + idx[l]!));
          expected[o]! += prod;
          return;
        }
        const l = letters[k]!;
        for (let v = 0; v < sizes[l]!; v++) {
          idx[l] = v;
          visit(k + 1);
        }
      };
      visit(0);
      expectClose(fx.einsum(eq, ...ops), expected, outShape, 1e-5);
    }
  });
  test('int32, float64 and empty dims', () => {
    const yi = fx.einsum('ij,jk->ik', fx.tensor([[1, 2]], undefined, 'int32'), fx.tensor([[3], [4]], undefined, 'int32'));
    assert.equal(yi.dtype, 'int32');
    assert.deepEqual(yi.arraySync(), [[11]]);
    assert.equal(fx.einsum('i,i->', fx.tensor([1, 2], [2], 'float64'), [3, 4]).dtype, 'float64');
    expectClose(fx.einsum('ij,jk->ik', fx.ones([2, 0]), fx.ones([0, 3])), [[0, 0, 0], [0, 0, 0]], [2, 3]);
    expectClose(fx.einsum('ij->j', fx.ones([0, 3])), [0, 0, 0], [3]);
  });
});

describe('linalg.bandPart', () => {
  const x = fx.tensor([[0, 1, 2, 3], [-1, 0, 1, 2], [-2, -1, 0, 1], [-3, -2, -1, 0]]);
  test('TensorFlow documentation examples', () => {
    expectClose(fx.linalg.bandPart(x, 1, -1), [[0, 1, 2, 3], [-1, 0, 1, 2], [0, -1, 0, 1], [0, 0, -1, 0]], [4, 4]);
    expectClose(fx.linalg.bandPart(x, 2, 1), [[0, 1, 0, 0], [-1, 0, 1, 0], [-2, -1, 0, 1], [0, -2, -1, 0]], [4, 4]);
  });
  test('triangles, diagonal, non-square and scalar-tensor widths', () => {
    const m = fx.tensor([[1, 2, 3], [4, 5, 6]]);
    expectClose(fx.linalg.bandPart(m, -1, 0), [[1, 0, 0], [4, 5, 0]], [2, 3]);
    expectClose(fx.linalg.bandPart(m, 0, -1), [[1, 2, 3], [0, 5, 6]], [2, 3]);
    expectClose(fx.linalg.bandPart(m, 0, 0), [[1, 0, 0], [0, 5, 0]], [2, 3]);
    expectClose(fx.linalg.bandPart(m, fx.scalar(0, 'int32'), fx.scalar(1, 'int32')), [[1, 2, 0], [0, 5, 6]], [2, 3]);
  });
  test('batched, bool, int32 and empty', () => {
    const batch = fx.ones([2, 2, 2]);
    expectClose(fx.linalg.bandPart(batch, 0, -1), [[[1, 1], [0, 1]], [[1, 1], [0, 1]]], [2, 2, 2]);
    const yb = fx.linalg.bandPart(fx.tensor([[true, true], [true, true]]), 0, 0);
    assert.equal(yb.dtype, 'bool');
    assert.deepEqual(yb.arraySync(), [[true, false], [false, true]]);
    assert.equal(fx.linalg.bandPart(fx.tensor([[1, 2], [3, 4]], undefined, 'int32'), -1, 0).dtype, 'int32');
    expectClose(fx.linalg.bandPart(fx.zeros([0, 3]), 0, 0), [], [0, 3]);
  });
});

describe('linalg.inv', () => {
  test('2x2 known inverse', () => {
    expectClose(fx.linalg.inv([[4, 7], [2, 6]]), [[0.6, -0.7], [-0.2, 0.4]], [2, 2]);
  });
  test('needs pivoting', () => {
    expectClose(fx.linalg.inv([[0, 1], [1, 0]]), [[0, 1], [1, 0]], [2, 2]);
    expectClose(fx.linalg.inv([[0, 2, 0], [0, 0, 4], [1, 0, 0]]), [[0, 0, 1], [0.5, 0, 0], [0, 0.25, 0]], [3, 3]);
  });
  test('a·inv(a) = I for a batch; float64 precision', () => {
    const a = fx.add(seq([3, 4, 4], 0.3, -1), fx.mul(fx.eye(4), 3));
    const y = fx.matMul(a, fx.linalg.inv(a));
    expectClose(y, flat(fx.eye(4, 4, [3]).arraySync() as Nested), [3, 4, 4], 1e-5);
    const a64 = fx.cast(a, 'float64');
    const y64 = fx.matMul(a64, fx.linalg.inv(a64));
    assert.equal(y64.dtype, 'float64');
    expectClose(y64, flat(fx.eye(4, 4, [3]).arraySync() as Nested), [3, 4, 4], 1e-12);
  });
  test('int32 promotes to float32; 1x1 and empty', () => {
    const y = fx.linalg.inv(fx.tensor([[2]], undefined, 'int32'));
    assert.equal(y.dtype, 'float32');
    expectClose(y, [[0.5]], [1, 1]);
    expectClose(fx.linalg.inv(fx.zeros([0, 0])), [], [0, 0]);
    expectClose(fx.linalg.inv(fx.zeros([0, 2, 2])), [], [0, 2, 2]);
  });
});

describe('linalg.solve', () => {
  test('known solution', () => {
    expectClose(fx.linalg.solve([[3, 1], [1, 2]], [[9], [8]]), [[2], [3]], [2, 1]);
  });
  test('several right-hand sides and pivoting', () => {
    expectClose(fx.linalg.solve([[0, 1], [2, 0]], [[1, 2], [4, 6]]), [[2, 3], [1, 2]], [2, 2]);
  });
  test('batch dimensions broadcast', () => {
    const a = fx.tensor([[2, 0], [0, 4]]);
    const b = fx.tensor([[[2], [4]], [[4], [8]], [[0], [-4]]]);
    expectClose(fx.linalg.solve(a, b), [[[1], [1]], [[2], [2]], [[0], [-1]]], [3, 2, 1]);
    const a3 = fx.add(seq([2, 1, 3, 3], 0.2, 0), fx.mul(fx.eye(3), 2));
    const b3 = seq([4, 3, 2], 0.5, -1);
    const x = fx.linalg.solve(a3, b3);
    assert.deepEqual(x.shape, [2, 4, 3, 2]);
    expectClose(fx.matMul(a3, x), flat(fx.broadcastTo(b3, [2, 4, 3, 2]).arraySync() as Nested), [2, 4, 3, 2], 1e-4);
  });
  test('float64, int32 promotion and empty', () => {
    const x = fx.linalg.solve(fx.tensor([[4, 1], [1, 3]], undefined, 'float64'), fx.tensor([[1], [2]], undefined, 'float64'));
    assert.equal(x.dtype, 'float64');
    expectClose(x, [[1 / 11], [7 / 11]], [2, 1], 1e-14);
    assert.equal(fx.linalg.solve(fx.tensor([[2]], undefined, 'int32'), fx.tensor([[4]], undefined, 'int32')).dtype, 'float32');
    expectClose(fx.linalg.solve(fx.eye(2), fx.zeros([2, 0])), [], [2, 0]);
  });
});

describe('linalg.cholesky', () => {
  test('known factor', () => {
    expectClose(
      fx.linalg.cholesky([[4, 12, -16], [12, 37, -43], [-16, -43, 98]]),
      [[2, 0, 0], [6, 1, 0], [-8, 5, 3]],
      [3, 3],
    );
  });
  test('reads only the lower triangle', () => {
    expectClose(fx.linalg.cholesky([[4, 999, 999], [12, 37, 999], [-16, -43, 98]]), [[2, 0, 0], [6, 1, 0], [-8, 5, 3]], [3, 3]);
  });
  test('batched, float64 and L·Lᵀ reconstructs', () => {
    const m = seq([2, 3, 3], 0.4, -1);
    const spd = fx.add(fx.matMul(m, m, false, true), fx.eye(3));
    const l = fx.linalg.cholesky(fx.cast(spd, 'float64'));
    assert.equal(l.dtype, 'float64');
    expectClose(fx.matMul(l, l, false, true), flat(spd.arraySync() as Nested), [2, 3, 3], 1e-6);
    expectClose(fx.linalg.bandPart(l, 0, -1), flat(fx.linalg.bandPart(l, 0, 0).arraySync() as Nested), [2, 3, 3], 0);
  });
  test('1x1 and empty', () => {
    expectClose(fx.linalg.cholesky([[9]]), [[3]], [1, 1]);
    expectClose(fx.linalg.cholesky(fx.zeros([0, 0])), [], [0, 0]);
  });
});

describe('linalg.qr', () => {
  function checkQr(x: fx.Tensor, fullMatrices: boolean, qShape: number[], rShape: number[]): void {
    const [q, r] = fx.linalg.qr(x, fullMatrices);
    assert.deepEqual(q.shape, qShape);
    assert.deepEqual(r.shape, rShape);
    const k = qShape[qShape.length - 1]!;
    expectClose(fx.matMul(q, q, true, false), flat(fx.eye(k, k, qShape.slice(0, -2)).arraySync() as Nested), [...qShape.slice(0, -2), k, k], 1e-5);
    expectClose(fx.linalg.bandPart(r, 0, -1), flat(r.arraySync() as Nested), rShape, 0);
    if (!fullMatrices || qShape[qShape.length - 1] === rShape[rShape.length - 2]) {
      expectClose(fx.matMul(q, r), flat(x.arraySync() as Nested), x.shape, 1e-5);
    }
  }
  test('2x2 known factors (TensorFlow.js sign convention)', () => {
    const [q, r] = fx.linalg.qr(fx.tensor([[1, 2], [3, 4]]));
    const s = Math.sqrt(10);
    // every step reflects x to -sign(x₀)·‖x‖, the last 1x1 step included
    expectClose(r, [[-s, -14 / s], [0, 2 / s]], [2, 2]);
    expectClose(q, [[-1 / s, 3 / s], [-3 / s, -1 / s]], [2, 2]);
  });
  test('tall, wide, full and reduced', () => {
    checkQr(seq([4, 3]), false, [4, 3], [3, 3]);
    checkQr(seq([4, 3]), true, [4, 4], [4, 3]);
    checkQr(seq([2, 4]), false, [2, 2], [2, 4]);
    checkQr(seq([2, 4]), true, [2, 2], [2, 4]);
  });
  test('batched, float64 and int32 promotion', () => {
    checkQr(seq([2, 3, 3, 2]), false, [2, 3, 3, 2], [2, 3, 2, 2]);
    const [q, r] = fx.linalg.qr(fx.tensor([[1, 2], [3, 4]], undefined, 'float64'));
    assert.equal(q.dtype, 'float64');
    assert.equal(r.dtype, 'float64');
    assert.equal(fx.linalg.qr(fx.tensor([[1, 2], [3, 4]], undefined, 'int32'))[0].dtype, 'float32');
  });
  test('a zero column and an empty matrix', () => {
    checkQr(fx.tensor([[0, 1], [0, 2], [0, 3]]), false, [3, 2], [2, 2]);
    const [q, r] = fx.linalg.qr(fx.zeros([0, 2]));
    assert.deepEqual(q.shape, [0, 0]);
    assert.deepEqual(r.shape, [0, 2]);
  });
});

describe('linalg.gramSchmidt', () => {
  test('rows of a matrix', () => {
    const y = fx.linalg.gramSchmidt(fx.tensor([[1, 1, 0], [1, 0, 1]]));
    const a = 1 / Math.sqrt(2);
    const b = 1 / Math.sqrt(6);
    expectClose(y, [[a, a, 0], [b, -b, 2 * b]], [2, 3]);
  });
  test('a list of vectors gives a list', () => {
    const ys = fx.linalg.gramSchmidt([fx.tensor([2, 0]), fx.tensor([3, -4])]);
    assert.equal(ys.length, 2);
    expectClose(ys[0]!, [1, 0], [2]);
    expectClose(ys[1]!, [0, -1], [2]);
  });
  test('orthonormal result for a square matrix; float64', () => {
    const x = fx.add(seq([4, 4], 0.3, -1), fx.eye(4));
    const y = fx.linalg.gramSchmidt(x);
    expectClose(fx.matMul(y, y, false, true), flat(fx.eye(4).arraySync() as Nested), [4, 4], 1e-5);
    const y64 = fx.linalg.gramSchmidt(fx.cast(x, 'float64'));
    assert.equal(y64.dtype, 'float64');
    // each row keeps a positive component along its input row
    const dots = fx.sum(fx.mul(y64, fx.cast(x, 'float64')), 1).dataSync();
    for (const d of dots) assert.ok(d > 0);
  });
});
