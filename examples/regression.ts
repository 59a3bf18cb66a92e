/**
 * `npm start`: a real small training run written with the autodiff API only. A 2-layer network
 * (8 hidden tanh units) is fitted to a synthetic regression, y = sin(3x) + x/2 with noise, by
 * full-batch gradient descent with momentum; the loss is printed as it falls.
 */
import * as fx from '../src/index.js';

fx.setSeed(42);
const n = 256;
const x = fx.randomUniform([n, 1], -1, 1);
const noise = fx.randomNormal([n, 1], 0, 0.05);
const y = fx.add(fx.add(fx.sin(fx.mul(x, 3)), fx.mul(x, 0.5)), noise);

const hidden = 16;
const w1 = fx.variable(fx.randomNormal([1, hidden], 0, 1), true, 'w1');
const b1 = fx.variable(fx.zeros([hidden]), true, 'b1');
const w2 = fx.variable(fx.randomNormal([hidden, 1], 0, 1 / Math.sqrt(hidden)), true, 'w2');
const b2 = fx.variable(fx.zeros([1]), true, 'b2');
const params = [w1, b1, w2, b2];
const velocity = new Map(params.map((p) => [p.name, fx.zerosLike(p)]));

const predict = (input: fx.Tensor): fx.Tensor => fx.add(fx.matMul(fx.tanh(fx.add(fx.matMul(input, w1), b1)), w2), b2);
const loss = (): fx.Tensor => fx.mean(fx.square(fx.sub(predict(x), y)));

const learningRate = 0.1;
const momentum = 0.9;
const steps = 1500;
const start = Date.now();
let first = 0;
let last = 0;
for (let step = 0; step <= steps; step++) {
  const { value, grads } = fx.variableGrads(loss, params);
  last = value.dataSync()[0] ?? NaN;
  if (step === 0) first = last;
  for (const p of params) {
    const v = fx.sub(fx.mul(velocity.get(p.name)!, momentum), fx.mul(grads[p.name]!, learningRate));
    velocity.set(p.name, v);
    p.assign(fx.add(p, v));
  }
  if (step % 150 === 0) console.log(`step ${String(step).padStart(4)}  loss ${last.toFixed(5)}`);
}
console.log(`\nmean squared error fell from ${first.toFixed(4)} to ${last.toFixed(4)} in ${steps} steps (${Date.now() - start} ms, backend ${fx.getBackend()}).`);
const probe = fx.tensor([[-0.5], [0], [0.5]]);
const expected = [-0.5, 0, 0.5].map((v) => Math.sin(3 * v) + v / 2);
console.log(`f(-0.5, 0, 0.5) = ${Array.from(predict(probe).dataSync(), (v) => v.toFixed(3)).join(', ')}  (true: ${expected.map((v) => v.toFixed(3)).join(', ')})`);
